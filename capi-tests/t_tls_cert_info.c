/*
 * Certificate information: lws_x509_create / parse_from_pem / info /
 * verify / destroy on PEM certificates with fixed contents (names with
 * several attributes, escapes, UTF-8, a long CN; UTCTime and
 * GeneralizedTime dates; key usage bits; the public key), truncation by
 * `len`; lws_tls_vhost_cert_info; lws_tls_peer_cert_info on both ends of
 * TLS connections (server looking at the client certificate, client at the
 * server's) and on plain ones (fails quietly); the TLS vhost callbacks
 * (VHOST_CERT_AGING and the OPENSSL_* reasons) with their arguments.
 *
 * Times: the oracle converts ASN.1 times with mktime() in local time and
 * its day of month one too low; the test runs with TZ=UTC.
 */
#include <libwebsockets.h>
#include "common.h"
#include "tlsutil.h"

struct big {
	union lws_tls_cert_info_results r;
	char more[600];
};

static int logcap;

static void
emit(int level, const char *line)
{
	char b[256];
	size_t n;

	if (!logcap)
		return;
	if (!strstr(line, "cert expiry") && !strstr(line, "x509") &&
	    !strstr(line, "implemented") && !strstr(line, "PEM") &&
	    !strstr(line, "client cert CN"))
		return;
	snprintf(b, sizeof(b), "%s", line);
	/* "cert expiry: <days>d": the days depend on the time */
	if (strstr(b, "cert expiry: ")) {
		char *d = strstr(b, "cert expiry: ") + 13;

		if (d[0] >= '0' && d[0] <= '9')
			snprintf(d, sizeof(b) - (size_t)(d - b), "<n>d");
	}
	n = strlen(b);
	while (n && (b[n - 1] == '\n' || b[n - 1] == ' '))
		b[--n] = 0;
	/* drop the "[timestamp] LEVEL: " part some emitters add */
	T("  log %d: %s", level, b);
}

static void
print_name(const char *what, int n, struct big *b)
{
	if (n) {
		T("  %s: %d", what, n);
		return;
	}
	printf("  %s: 0 len %d", what, b->r.ns.len);
	capi_print_bytes("", b->r.ns.name, strlen(b->r.ns.name));
}

static unsigned char *
file_bytes(const char *name, unsigned int *len)
{
	return tls_slurp(name, len);
}

typedef int (*info_fn)(void *obj, enum lws_tls_cert_info type,
		       union lws_tls_cert_info_results *buf, size_t len);

static int
x509_info_fn(void *o, enum lws_tls_cert_info t,
	     union lws_tls_cert_info_results *b, size_t l)
{
	return lws_x509_info((struct lws_x509_cert *)o, t, b, l);
}

static int
peer_info_fn(void *o, enum lws_tls_cert_info t,
	     union lws_tls_cert_info_results *b, size_t l)
{
	return lws_tls_peer_cert_info((struct lws *)o, t, b, l);
}

static int
vhost_info_fn(void *o, enum lws_tls_cert_info t,
	      union lws_tls_cert_info_results *b, size_t l)
{
	return lws_tls_vhost_cert_info((struct lws_vhost *)o, t, b, l);
}

/*
 * Every type through fn; `pubder` names the DER public key file to compare
 * OPAQUE_PUBLIC_KEY with; times printed as numbers when `abs_times`, else
 * compared with those of `ref` (a parsed certificate of the same file).
 */
static void
dump(info_fn fn, void *o, const char *pubder, int abs_times,
     struct lws_x509_cert *ref)
{
	struct big b, r;
	unsigned char *pk;
	unsigned int pkl;
	int n, t;

	for (t = LWS_TLS_CERT_INFO_VALIDITY_FROM;
	     t <= LWS_TLS_CERT_INFO_VALIDITY_TO; t++) {
		memset(&b, 0, sizeof(b));
		n = fn(o, (enum lws_tls_cert_info)t, &b.r, 0);
		if (n) {
			T("  %s: %d", t ? "to" : "from", n);
			continue;
		}
		if (abs_times)
			T("  %s: 0 %lld", t ? "to" : "from", (long long)b.r.time);
		else {
			memset(&r, 0, sizeof(r));
			CHECK_INT(lws_x509_info(ref, (enum lws_tls_cert_info)t,
						&r.r, 0), 0);
			T("  %s: 0 same as the file's: %s", t ? "to" : "from",
			  r.r.time == b.r.time ? "yes" : "no");
		}
	}
	memset(&b, 0, sizeof(b));
	print_name("common name", fn(o, LWS_TLS_CERT_INFO_COMMON_NAME, &b.r,
				     sizeof(b.r.ns.name)), &b);
	memset(&b, 0, sizeof(b));
	print_name("issuer", fn(o, LWS_TLS_CERT_INFO_ISSUER_NAME, &b.r,
				sizeof(b.r.ns.name)), &b);
	memset(&b, 0, sizeof(b));
	n = fn(o, LWS_TLS_CERT_INFO_USAGE, &b.r, 0);
	T("  usage: %d 0x%x", n, n ? 0 : b.r.usage);
	memset(&b, 0, sizeof(b));
	b.r.verified = 77;
	n = fn(o, LWS_TLS_CERT_INFO_VERIFIED, &b.r, 0);
	T("  verified: %d %u", n, b.r.verified);

	pk = file_bytes(pubder, &pkl);
	memset(&b, 0, sizeof(b));
	n = fn(o, LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY, &b.r, pkl - 1);
	T("  public key, room one short: %d", n);
	memset(&b, 0, sizeof(b));
	n = fn(o, LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY, &b.r, pkl);
	T("  public key, exact room: %d len %d (file %u) same: %s", n,
	  b.r.ns.len, pkl, !n && b.r.ns.len == (int)pkl &&
	  !memcmp(b.r.ns.name, pk, pkl) ? "yes" : "no");
	memset(&b, 0, sizeof(b));
	n = fn(o, LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY, &b.r, sizeof(b.r.ns.name) + sizeof(b.more));
	T("  public key, big room: %d len %d, byte after: %d", n, b.r.ns.len,
	  (unsigned char)b.r.ns.name[pkl]);
	free(pk);
	memset(&b, 0, sizeof(b));
	T("  type 7: %d", fn(o, (enum lws_tls_cert_info)7, &b.r, 64));
	T("  type -1: %d", fn(o, (enum lws_tls_cert_info)-1, &b.r, 64));
}

static struct lws_x509_cert *
load(const char *name)
{
	struct lws_x509_cert *x = NULL;
	unsigned char *p;
	unsigned int l;

	CHECK_INT(lws_x509_create(&x), 0);
	CHECK(x);
	p = file_bytes(name, &l);
	/* as the API says: len includes the NUL */
	CHECK_INT(lws_x509_parse_from_pem(x, p, l + 1), 0);
	free(p);
	return x;
}

static void
x509_file(const char *name, const char *pubder)
{
	struct lws_x509_cert *x = load(name);

	T("x509 %s", name);
	dump(x509_info_fn, x, pubder, 1, NULL);
	lws_x509_destroy(&x);
	T("  destroy sets NULL: %s", x ? "no" : "yes");
}

/* COMMON_NAME / ISSUER_NAME with a buffer of len bytes */
static void
truncation(const char *name)
{
	static const size_t lens[] = { 64, 40, 30, 20, 12, 6, 4, 3, 1, 0 };
	struct lws_x509_cert *x = load(name);
	struct big b;
	size_t i;
	int n;

	T("truncation %s", name);
	for (i = 0; i < LWS_ARRAY_SIZE(lens); i++) {
		char l[32];

		memset(&b, 'Z', sizeof(b));
		b.r.ns.name[sizeof(b.r.ns.name) - 1] = 0;
		n = lws_x509_info(x, LWS_TLS_CERT_INFO_COMMON_NAME, &b.r, lens[i]);
		snprintf(l, sizeof(l), "cn len %d", (int)lens[i]);
		print_name(l, n, &b);
		memset(&b, 'Z', sizeof(b));
		b.r.ns.name[sizeof(b.r.ns.name) - 1] = 0;
		n = lws_x509_info(x, LWS_TLS_CERT_INFO_ISSUER_NAME, &b.r, lens[i]);
		snprintf(l, sizeof(l), "issuer len %d", (int)lens[i]);
		print_name(l, n, &b);
	}
	/* a buffer longer than the union */
	memset(&b, 'Z', sizeof(b));
	n = lws_x509_info(x, LWS_TLS_CERT_INFO_ISSUER_NAME, &b.r, sizeof(b.r.ns.name) + sizeof(b.more));
	print_name("issuer len 664", n, &b);
	lws_x509_destroy(&x);
}

/* -------- connections -------- */

static const char *
rname(int r)
{
	switch (r) {
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS: return "OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS";
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_SERVER_VERIFY_CERTS: return "OPENSSL_LOAD_EXTRA_SERVER_VERIFY_CERTS";
	case LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION: return "OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION";
	case LWS_CALLBACK_OPENSSL_CONTEXT_REQUIRES_PRIVATE_KEY: return "OPENSSL_CONTEXT_REQUIRES_PRIVATE_KEY";
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION: return "OPENSSL_PERFORM_SERVER_CERT_VERIFICATION";
	case LWS_CALLBACK_VHOST_CERT_AGING: return "VHOST_CERT_AGING";
	case LWS_CALLBACK_VHOST_CERT_UPDATE: return "VHOST_CERT_UPDATE";
	case LWS_CALLBACK_PROTOCOL_INIT: return "PROTOCOL_INIT";
	default: return NULL;
	}
}

static struct lws_context *ctx;
static int done, srv_dumped, cli_dumped, refuse_server_cert;
static struct lws_x509_cert *ref_client, *ref_server, *ref_other;
static const char *srv_pub, *cli_pub;
static struct lws_x509_cert *srv_ref;

static int openssl_ctx_calls, openssl_ctx_user_set, server_verify_calls,
	   server_verify_user_set;

/*
 * The TLS vhost reasons.  Those whose user is an OpenSSL SSL_CTX * on the
 * oracle (LOAD_EXTRA_*_VERIFY_CERTS, CONTEXT_REQUIRES_PRIVATE_KEY) are not
 * delivered by ours (docs/deviations.md): counted, not printed.
 */
static void
vhost_event(const char *fn, struct lws *wsi, int r, void *user, void *in,
	    size_t len)
{
	const struct lws_protocols *p = lws_get_protocol(wsi);
	struct lws_vhost *vh = lws_get_vhost(wsi);
	const char *n = rname(r);

	if (!n || r == LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION)
		return;
	switch (r) {
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS:
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_SERVER_VERIFY_CERTS:
	case LWS_CALLBACK_OPENSSL_CONTEXT_REQUIRES_PRIVATE_KEY:
		openssl_ctx_calls++;
		openssl_ctx_user_set += !!user;
		return;
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION:
		/* user: X509_STORE_CTX *, in: SSL * on the oracle; NULL here */
		server_verify_calls++;
		server_verify_user_set += user && in;
		T("cb %s to %s vhost %s protocol %s len %d", n, fn,
		  vh ? lws_get_vhost_name(vh) : "-",
		  p && p->name ? p->name : "-", (int)len);
		return;
	}
	if (r == LWS_CALLBACK_VHOST_CERT_AGING) {
		const struct lws_acme_cert_aging_args *a = in;
		int i, nn = 0;

		for (i = 0; a && i < LWS_TLS_TOTAL_COUNT; i++)
			nn += !!a->element_overrides[i];
		char days[32];
		ssize_t want = 0;

		/* the days left depend on when the certificate was made */
		if (a && a->vh && (!strcmp(lws_get_vhost_name(a->vh), "srv") ||
				   !strcmp(lws_get_vhost_name(a->vh), "late"))) {
			union lws_tls_cert_info_results ir;

			CHECK_INT(lws_tls_vhost_cert_info(a->vh,
					LWS_TLS_CERT_INFO_VALIDITY_TO, &ir, 0), 0);
			want = (ssize_t)((ir.time - time(NULL)) / (24 * 3600));
		}
		/*
		 * The library read the clock before this callback, so len
		 * is want, or want + 1 when the count fell in between: the
		 * end date as upstream reads it is 29 days after the
		 * certificate was made, so the count falls from 29 to 28
		 * one second after that, about when the first check runs.
		 */
		if (want && ((ssize_t)len == want || (ssize_t)len == want + 1))
			snprintf(days, sizeof(days), "days left (%s)",
				 want > 27 && want < 30 ? "28-29" : "?");
		else
			snprintf(days, sizeof(days), "%d", (int)(ssize_t)len);
		T("cb %s to %s vhost %s protocol %s user %s args.vh %s overrides %d len %s",
		  n, fn, vh ? lws_get_vhost_name(vh) : "-",
		  p && p->name ? p->name : "-", user ? "set" : "NULL",
		  a ? (a->vh ? lws_get_vhost_name(a->vh) : "NULL") : "(in NULL)",
		  nn, days);
		return;
	}
	T("cb %s to %s vhost %s protocol %s", n, fn,
	  vh ? lws_get_vhost_name(vh) : "-", p && p->name ? p->name : "-");
}

static int
scb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
    size_t len)
{

	vhost_event("scb", wsi, (int)r, user, in, len);
	switch (r) {
	case LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION:
		/* accept whatever the chain check said */
		return 0;
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION:
		return refuse_server_cert;
	case LWS_CALLBACK_HTTP:
		if (!srv_dumped) {
			srv_dumped = 1;
			T("server side, peer (client) certificate");
			dump(peer_info_fn, wsi, cli_pub, 0, srv_ref);
		}
		return tls_ok_head(wsi);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return tls_ok_body(wsi);
	default:
		break;
	}
	return 0;
}

static int
ccb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
    size_t len)
{
	char rb[256], *px = rb;
	int l = sizeof(rb);

	vhost_event("ccb", wsi, (int)r, user, in, len);
	switch (r) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("  CLIENT_CONNECTION_ERROR");
		done = 1;
		break;
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		done = 1;
		break;
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		if (!cli_dumped) {
			cli_dumped = 1;
			T("client side, peer (server) certificate");
			dump(peer_info_fn, wsi, srv_pub, 0, ref_server);
		}
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (lws_http_client_read(wsi, &px, &l) < 0)
			return -1;
		return 0;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		done = 1;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols sprots[] = {
	{ "http", scb, 0, 0, 0, NULL, 0 },
	{ "second", scb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_protocols cprots[] = {
	{ "cli", ccb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
get(const char *label, struct lws_vhost *vh, int port, int flags)
{
	struct lws_client_connect_info i;
	int k;

	T("%s", label);
	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.vhost = vh;
	i.address = "127.0.0.1";
	i.port = port;
	i.host = "localhost";
	i.path = "/";
	i.ssl_connection = flags;
	i.local_protocol_name = "cli";
	i.method = "GET";
	done = srv_dumped = cli_dumped = 0;
	CHECK(lws_client_connect_via_info(&i));
	for (k = 0; k < 5000 && !done; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}
	CHECK(done);
	for (k = 0; k < 50; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}
}

static struct lws_vhost *
client_vhost(const char *name, const char *crt, const char *key)
{
	struct lws_context_creation_info info;
	struct lws_vhost *v;

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT |
		       LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	info.protocols = cprots;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.vhost_name = name;
	info.client_ssl_ca_filepath = tls_path(strcmp(name, "clinoca") ? "ca.crt" : "other.crt");
	if (crt) {
		info.client_ssl_cert_filepath = tls_path(crt);
		info.client_ssl_private_key_filepath = tls_path(key);
	}
	T("create client vhost %s", name);
	v = lws_create_vhost(ctx, &info);
	CHECK(v);
	return v;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_vhost *srv, *plain, *cli, *cliother, *cliplain, *clinoca;
	struct big b;
	int k, srvport, plainport;

	setenv("TZ", "UTC", 1);
	tzset();
	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE, emit);
	tls_make_certs();
	/* certificates with fixed contents, signed by the CA with openssl ca */
	tls_sh("printf '[ca]\\ndefault_ca=d\\n[d]\\ndatabase=index.txt\\nnew_certs_dir=.\\n"
	       "serial=serial\\ndefault_md=sha256\\npolicy=p\\npreserve=yes\\n"
	       "[p]\\ncountryName=optional\\nstateOrProvinceName=optional\\n"
	       "organizationName=optional\\norganizationalUnitName=optional\\n"
	       "commonName=optional\\nemailAddress=optional\\n' > ca.cnf && "
	       "touch index.txt && echo 01 > serial");
	tls_sh("printf 'keyUsage=critical,digitalSignature,keyEncipherment,decipherOnly\\n' > ku.ext");
	tls_sh("printf 'keyUsage=keyCertSign,cRLSign\\nbasicConstraints=CA:TRUE\\n' > ku2.ext");
	tls_sh("printf 'subjectKeyIdentifier=hash\\n' > nothing.ext");
	tls_sh("openssl req -new -key ec.key -utf8 -multivalue-rdn -subj '/C=GB/ST=Some State/O=Org \\/ Slash\\+Plus/OU=a+OU=b/CN=fixed.test/emailAddress=a@b.test' -out fixed.csr && "
	       "openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in fixed.csr -out fixed.crt "
	       "-startdate 20240115103000Z -enddate 20491231235959Z -extfile ku.ext -notext -preserveDN -multivalue-rdn");
	tls_sh("openssl req -new -key rsa.key -utf8 -subj '/O=caf\xc3\xa9 \\x01/CN=\xc3\xa9t\xc3\xa9' -out utf.csr && "
	       "openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in utf.csr -out utf.crt "
	       "-startdate 19991231000000Z -enddate 20500301120000Z -extfile ku2.ext -notext");
	tls_sh("openssl req -new -key ed.key -subj '/O=no common name/OU=unit' -out nocn.csr && "
	       "openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in nocn.csr -out nocn.crt "
	       "-startdate 20240301000000Z -enddate 20240401000000Z -extfile nothing.ext -notext");
	tls_sh("openssl req -new -key ec.key -subj '/O=long/CN=a-very-long-common-name-that-is-longer-than-sixty-chars.example' -out long.csr && "
	       "openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in long.csr -out long.crt "
	       "-startdate 20240301000000Z -enddate 20240401000000Z -extfile nothing.ext -notext");
	tls_sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	       "-keyout ca2.key -out ca2.crt -days 30 -subj /CN=capi-test-ca");
	tls_sh("for c in fixed utf nocn long rsa client other ca; do "
	       "openssl x509 -in $c.crt -pubkey -noout | openssl pkey -pubin -outform DER -out $c.pub; done");

	x509_file("fixed.crt", "fixed.pub");
	x509_file("utf.crt", "utf.pub");
	x509_file("nocn.crt", "nocn.pub");
	x509_file("long.crt", "long.pub");
	truncation("fixed.crt");
	truncation("long.crt");

	/* parse failures and verify */
	{
		struct lws_x509_cert *x = NULL, *ca = load("ca.crt"), *o = load("other.crt");
		struct lws_x509_cert *c = load("client.crt"), *ca2 = load("ca2.crt");

		CHECK_INT(lws_x509_create(&x), 0);
		logcap = 1;
		T("parse garbage: %d", lws_x509_parse_from_pem(x, "garbage", 8));
		logcap = 0;
		lws_x509_destroy(&x);
		logcap = 1;
		T("verify client by ca: %d", lws_x509_verify(c, ca, NULL));
		T("verify client by ca, cn capi-client: %d", lws_x509_verify(c, ca, "capi-client"));
		T("verify client by ca, cn wrong: %d", lws_x509_verify(c, ca, "wrong"));
		T("verify client by other: %d", lws_x509_verify(c, o, NULL));
		T("verify client by a CA of the same name, other key: %d", lws_x509_verify(c, ca2, NULL));
		T("verify other by itself: %d", lws_x509_verify(o, o, "other"));
		T("verify ca by itself: %d", lws_x509_verify(ca, ca, NULL));
		logcap = 0;
		lws_x509_destroy(&ca);
		lws_x509_destroy(&o);
		lws_x509_destroy(&c);
		lws_x509_destroy(&ca2);
	}

	ref_client = load("client.crt");
	ref_server = load("rsa.crt");
	ref_other = load("other.crt");

	/* connections */
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
		       LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.timeout_secs = 3;
	ctx = lws_create_context(&info);
	CHECK(ctx);

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_REQUIRE_VALID_OPENSSL_CLIENT_CERT;
	info.protocols = sprots;
	info.port = 0;
	info.vhost_name = "srv";
	info.ssl_cert_filepath = tls_path("rsa-chain.pem");
	info.ssl_private_key_filepath = tls_path("rsa.key");
	info.ssl_ca_filepath = tls_path("ca.crt");
	T("create tls vhost srv");
	logcap = 1;
	srv = lws_create_vhost(ctx, &info);
	logcap = 0;
	CHECK(srv);
	srvport = lws_get_vhost_listen_port(srv);

	memset(&info, 0, sizeof(info));
	info.protocols = sprots;
	info.port = 0;
	info.vhost_name = "plain";
	T("create plain vhost");
	plain = lws_create_vhost(ctx, &info);
	CHECK(plain);
	plainport = lws_get_vhost_listen_port(plain);

	logcap = 1;
	cli = client_vhost("cli", "client.crt", "client.key");
	cliother = client_vhost("cliother", "other.crt", "other.key");
	cliplain = client_vhost("cliplain", NULL, NULL);
	clinoca = client_vhost("clinoca", NULL, NULL);
	logcap = 0;

	T("vhost cert info, srv");
	srv_ref = ref_client;
	dump(vhost_info_fn, srv, "rsa.pub", 0, ref_server);

	T("first service");
	logcap = 1;
	for (k = 0; k < 20; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}
	logcap = 0;

	srv_pub = "rsa.pub";
	cli_pub = "client.pub";
	srv_ref = ref_client;
	logcap = 1;
	get("https with the CA's client certificate", cli, srvport, LCCSCF_USE_SSL);
	srv_ref = ref_other;
	cli_pub = "other.pub";
	get("https with an unrelated self-signed client certificate", cliother, srvport, LCCSCF_USE_SSL);
	T("plain http");
	get("plain http", cliplain, plainport, 0);
	refuse_server_cert = 1;
	get("server certificate refused by the callback", cliplain, srvport, LCCSCF_USE_SSL);
	refuse_server_cert = 0;
	get("server certificate from an unknown CA", clinoca, srvport, LCCSCF_USE_SSL);
	logcap = 0;

	/* the OpenSSL-pointer reasons: the oracle's pointers, ours' absence */
	if (capi_on_oracle()) {
		CHECK_INT(openssl_ctx_calls, 6);
		CHECK_INT(openssl_ctx_user_set, 6);
		CHECK_INT(server_verify_user_set, server_verify_calls);
	} else {
		CHECK_INT(openssl_ctx_calls, 0);
		CHECK_INT(server_verify_user_set, 0);
	}
	CHECK_INT(server_verify_calls, 6);

	/* a vhost made after the first service: checked again, for all */
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.protocols = sprots;
	info.port = 0;
	info.vhost_name = "late";
	info.ssl_cert_filepath = tls_path("ec.crt");
	info.ssl_private_key_filepath = tls_path("ec.key");
	T("create tls vhost late");
	logcap = 1;
	CHECK(lws_create_vhost(ctx, &info));
	logcap = 0;
	/* a late plain vhost: no check */
	memset(&info, 0, sizeof(info));
	info.protocols = cprots;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.vhost_name = "lateplain";
	T("create plain vhost lateplain");
	CHECK(lws_create_vhost(ctx, &info));
	for (k = 0; k < 20; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}

	memset(&b, 0, sizeof(b));
	(void)b;
	lws_context_destroy(ctx);
	lws_x509_destroy(&ref_client);
	lws_x509_destroy(&ref_server);
	lws_x509_destroy(&ref_other);
	T("done");
	return 0;
}
