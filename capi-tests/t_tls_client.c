/*
 * TLS client (https and wss from lws_client_connect_via_info) against TLS
 * server vhosts of the same context: verification outcomes and the
 * CLIENT_CONNECTION_ERROR reasons, the LCCSCF_* relaxations, a client
 * certificate, https GETs, wss echoes (also against Python ssl +
 * websockets), redirects, bad and stalling peers.  Certificates made at run time
 * (tlsutil.h).
 */
#include <libwebsockets.h>
#include "common.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include "tlsutil.h"

static int done;
static char body[256], served_by[128];

static const char *
rname(enum lws_callback_reasons r)
{
	switch (r) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: return "CLIENT_CONNECTION_ERROR";
	case LWS_CALLBACK_CLIENT_ESTABLISHED: return "CLIENT_ESTABLISHED";
	case LWS_CALLBACK_CLIENT_RECEIVE: return "CLIENT_RECEIVE";
	case LWS_CALLBACK_CLIENT_CLOSED: return "CLIENT_CLOSED";
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP: return "ESTABLISHED_CLIENT_HTTP";
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP: return "COMPLETED_CLIENT_HTTP";
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP: return "CLOSED_CLIENT_HTTP";
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: return "CLIENT_APPEND_HANDSHAKE_HEADER";
	case LWS_CALLBACK_CLIENT_HTTP_REDIRECT: return "CLIENT_HTTP_REDIRECT";
	default: return NULL;
	}
}

static int
ccb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
    size_t len)
{
	unsigned char buf[LWS_PRE + 64];
	char rb[256], *px = rb;
	int l = sizeof(rb);
	const char *n = rname(r);

	(void)user;
	if (n && r != LWS_CALLBACK_CLIENT_RECEIVE)
		T("  %s%s%.*s (len %d)", n, r == LWS_CALLBACK_CLIENT_CONNECTION_ERROR ? ": " : "",
		  r == LWS_CALLBACK_CLIENT_CONNECTION_ERROR && in ? (int)strlen((const char *)in) : 0,
		  in ? (const char *)in : "", (int)len);
	switch (r) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
	case LWS_CALLBACK_CLIENT_CLOSED:
		done = 1;
		break;
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		T("  status %u ssl=%d", lws_http_client_http_response(wsi), lws_is_ssl(wsi));
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (lws_http_client_read(wsi, &px, &l) < 0)
			return -1;
		return 0;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		strncat(body, (const char *)in, len < sizeof(body) - strlen(body) - 1 ? len : 0);
		return 0;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		T("  body '%s'", body);
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		T("  ssl=%d", lws_is_ssl(wsi));
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		memcpy(buf + LWS_PRE, "hello tls", 9);
		if (lws_write(wsi, buf + LWS_PRE, 9, LWS_WRITE_TEXT) != 9)
			return -1;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		T("  CLIENT_RECEIVE '%.*s'", (int)len, (const char *)in);
		return -1;
	default:
		break;
	}
	return 0;
}

static int
scb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
    size_t len)
{
	unsigned char buf[LWS_PRE + 64];

	(void)user;
	switch (r) {
	case LWS_CALLBACK_HTTP:
		snprintf(served_by, sizeof(served_by), "%s",
			 lws_get_vhost_name(lws_get_vhost(wsi)));
		return tls_ok_head(wsi);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return tls_ok_body(wsi);
	case LWS_CALLBACK_RECEIVE:
		if (len > 64)
			return -1;
		memcpy(buf + LWS_PRE, in, len);
		if (lws_write(wsi, buf + LWS_PRE, len, LWS_WRITE_TEXT) != (int)len)
			return -1;
		return 0;
	default:
		break;
	}
	return 0;
}

static char redirect_url[64];

static int
rcb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
    size_t len)
{
	unsigned char buf[LWS_PRE + 512], *p = buf + LWS_PRE, *e = p + 500;
	char loc[64];

	(void)user;
	(void)in;
	(void)len;
	if (r == LWS_CALLBACK_HTTP) {
		snprintf(loc, sizeof(loc), "%s", redirect_url);
		if (lws_http_redirect(wsi, 302, (const unsigned char *)loc,
				      (int)strlen(loc), &p, e) < 0)
			return -1;
		return lws_http_transaction_completed(wsi) ? -1 : 0;
	}
	return 0;
}

static struct lws_protocols rprots[] = {
	{ "http", rcb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_protocols sprots[] = {
	{ "http", scb, 0, 0, 0, NULL, 0 },
	{ "echo", scb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_protocols cprots[] = {
	{ "cli", ccb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;

static void run(const char *label, struct lws_vhost *vh, int port,
		const char *host, int flags, int ws);

static const char pyprog[] =
	"import asyncio, ssl, sys\n"
	"from websockets.asyncio.server import serve\n"
	"async def echo(ws):\n"
	"    async for m in ws:\n"
	"        await ws.send(m)\n"
	"async def main():\n"
	"    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
	"    c.load_cert_chain(sys.argv[2], sys.argv[3])\n"
	"    async with serve(echo, '127.0.0.1', int(sys.argv[1]), ssl=c, subprotocols=['echo']):\n"
	"        await asyncio.Future()\n"
	"asyncio.run(main())\n";

/* wss echo against Python's ssl + websockets, when importable */
static void
python_peer(struct lws_vhost *vh)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	char ports[16];
	int sfd, k, st;
	pid_t pid;

	if (system("python3 -c 'import websockets.asyncio.server' >/dev/null 2>&1")) {
		T("python websockets not available: skipped");
		return;
	}
	sfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(sfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(0x7f000001);
	CHECK(!bind(sfd, (struct sockaddr *)&a, sizeof(a)));
	CHECK(!getsockname(sfd, (struct sockaddr *)&a, &al));
	close(sfd);
	snprintf(ports, sizeof(ports), "%d", ntohs(a.sin_port));
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (!pid) {
		char *av[] = { "python3", "-c", (char *)pyprog, ports,
			       tls_path("ec-chain.pem"), tls_path("ec.key"), NULL };
		int dn = open("/dev/null", O_WRONLY);

		dup2(dn, 1);
		dup2(dn, 2);
		execvp(av[0], av);
		_exit(127);
	}
	/* until it listens (python's start-up: up to 30 s on a loaded machine) */
	for (k = 0; k < 600; k++) {
		int c = socket(AF_INET, SOCK_STREAM, 0), r;

		r = connect(c, (struct sockaddr *)&a, sizeof(a));
		close(c);
		if (!r)
			break;
		usleep(50000);
	}
	run("wss echo against python websockets + ssl", vh, ntohs(a.sin_port),
	    "localhost", LCCSCF_USE_SSL, 1);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}


/*
 * A peer in a child process: takes one connection, reads the ClientHello,
 * answers with `reply` (may be empty) and closes.
 */
static void
bad_peer(const char *label, struct lws_vhost *vh, const char *reply)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int sfd = socket(AF_INET, SOCK_STREAM, 0), st;
	pid_t pid;

	CHECK(sfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(0x7f000001);
	CHECK(!bind(sfd, (struct sockaddr *)&a, sizeof(a)));
	CHECK(!listen(sfd, 4));
	CHECK(!getsockname(sfd, (struct sockaddr *)&a, &al));
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (!pid) {
		char b[2048];
		int c = accept(sfd, NULL, NULL);

		if (c >= 0) {
			if (read(c, b, sizeof(b)) < 0) {}
			if (*reply && write(c, reply, strlen(reply)) < 0) {}
			close(c);
		}
		_exit(0);
	}
	close(sfd);
	run(label, vh, ntohs(a.sin_port), "localhost", LCCSCF_USE_SSL, 0);
	waitpid(pid, &st, 0);
}

static int
server(const char *crt, const char *key, int need_client_cert, int port,
       const char *name)
{
	struct lws_context_creation_info info;
	struct lws_vhost *v;

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.protocols = sprots;
	info.port = port;
	info.vhost_name = name ? name : crt;
	info.ssl_cert_filepath = tls_path(crt);
	info.ssl_private_key_filepath = tls_path(key);
	if (need_client_cert) {
		info.options |= LWS_SERVER_OPTION_REQUIRE_VALID_OPENSSL_CLIENT_CERT;
		info.ssl_ca_filepath = tls_path("ca.crt");
	}
	v = lws_create_vhost(ctx, &info);
	CHECK(v);
	return lws_get_vhost_listen_port(v);
}

static unsigned char *ca_mem;
static unsigned int ca_mem_len;

static struct lws_vhost *
client_vhost(const char *name, int with_ca, int with_cert)
{
	struct lws_context_creation_info info;
	struct lws_vhost *v;

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	if (with_ca != 3)
		info.options |= LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	info.protocols = cprots;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.vhost_name = name;
	if (with_ca == 1)
		info.client_ssl_ca_filepath = tls_path("ca.crt");
	if (with_ca == 2) {
		info.client_ssl_ca_mem = ca_mem;
		info.client_ssl_ca_mem_len = ca_mem_len;
	}
	if (with_cert) {
		info.client_ssl_cert_filepath = tls_path("client.crt");
		info.client_ssl_private_key_filepath = tls_path("client.key");
	}
	v = lws_create_vhost(ctx, &info);
	CHECK(v);
	return v;
}

static void
run(const char *label, struct lws_vhost *vh, int port, const char *host,
    int flags, int ws)
{
	struct lws_client_connect_info i;
	struct lws *wsi = NULL;
	int k;

	T("%s", label);
	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.vhost = vh;
	i.address = "127.0.0.1";
	i.port = port;
	i.host = host;
	i.path = "/";
	i.ssl_connection = flags;
	i.local_protocol_name = "cli";
	if (ws)
		i.protocol = "echo";
	else
		i.method = "GET";
	i.pwsi = &wsi;
	done = 0;
	body[0] = 0;
	served_by[0] = 0;
	if (!lws_client_connect_via_info(&i)) {
		T("  connect returned NULL");
		return;
	}
	for (k = 0; k < 5000 && !done; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}
	T("  %s", done ? "finished" : "timed out");
	if (served_by[0])
		T("  served by vhost %s", served_by);
	for (k = 0; k < 100; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_vhost *trust, *notrust, *withcert, *trustmem, *extra, *later, *os, *plain, *plainok, *tlsredir;
	unsigned char *der;
	unsigned int der_len;
	int good, self, needcert, expired;

	lws_set_log_level(0, NULL);
	tls_make_certs();
	tls_sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	       "-keyout self.key -out self.crt -days 30 -subj /CN=localhost "
	       "-addext subjectAltName=DNS:localhost -addext basicConstraints=critical,CA:FALSE");
	/* expired: signed by the CA with dates in the past (openssl ca) */
	tls_sh("printf '[ca]\\ndefault_ca=d\\n[d]\\ndatabase=index.txt\\nnew_certs_dir=.\\n"
	       "serial=serial\\ndefault_md=sha256\\npolicy=p\\n[p]\\ncommonName=supplied\\n' > ca.cnf && "
	       "touch index.txt && echo 01 > serial && "
	       "openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in ec.csr "
	       "-out expired.crt -startdate 20200101000000Z -enddate 20200201000000Z "
	       "-extfile san.ext -notext && cat expired.crt ca.crt > expired-chain.pem");
	ca_mem = tls_slurp("ca.crt", &ca_mem_len);
	tls_sh("openssl x509 -in ca.crt -outform DER -out ca.der");

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
		       LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.timeout_secs = 2;	/* bounds the stalled handshake below */
	ctx = lws_create_context(&info);
	CHECK(ctx);

	good = server("ec-chain.pem", "ec.key", 0, 0, NULL);
	self = server("self.crt", "self.key", 0, 0, NULL);
	needcert = server("ec-chain.pem", "ec.key", 1, 0, NULL);
	expired = server("expired-chain.pem", "ec.key", 0, 0, NULL);
	/* a second vhost on the good port, chosen by SNI "other" */
	CHECK(server("other.crt", "other.key", 0, good, "other") == good);
	trust = client_vhost("trust", 1, 0);
	notrust = client_vhost("notrust", 0, 0);
	withcert = client_vhost("withcert", 1, 1);
	trustmem = client_vhost("trustmem", 2, 0);
	extra = client_vhost("extra", 0, 0);
	later = client_vhost("later", 0, 0);
	os = client_vhost("os", 3, 0);
	memset(&info, 0, sizeof(info));
	info.protocols = rprots;
	info.port = 0;
	info.vhost_name = "plain";
	plain = lws_create_vhost(ctx, &info);
	CHECK(plain);
	info.vhost_name = "tlsredir";
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.ssl_cert_filepath = tls_path("ec-chain.pem");
	info.ssl_private_key_filepath = tls_path("ec.key");
	tlsredir = lws_create_vhost(ctx, &info);
	CHECK(tlsredir);
	memset(&info, 0, sizeof(info));
	info.protocols = sprots;
	info.port = 0;
	info.vhost_name = "plainok";
	plainok = lws_create_vhost(ctx, &info);
	CHECK(plainok);

	run("https, trusted CA", trust, good, "localhost", LCCSCF_USE_SSL, 0);
	run("wss echo, trusted CA", trust, good, "localhost", LCCSCF_USE_SSL, 1);
	run("trusted CA from memory", trustmem, good, "localhost", LCCSCF_USE_SSL, 0);
	run("unknown CA", notrust, good, "localhost", LCCSCF_USE_SSL, 0);
	run("unknown CA, ALLOW_INSECURE", notrust, good, "localhost",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_INSECURE, 0);
	run("expired", trust, expired, "localhost", LCCSCF_USE_SSL, 0);
	run("expired, ALLOW_EXPIRED", trust, expired, "localhost",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_EXPIRED, 0);
	run("self-signed", trust, self, "localhost", LCCSCF_USE_SSL, 0);
	run("self-signed, ALLOW_SELFSIGNED", trust, self, "localhost",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_SELFSIGNED, 0);
	run("self-signed, ALLOW_INSECURE", trust, self, "localhost",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_INSECURE, 0);
	run("expired, ALLOW_INSECURE", trust, expired, "localhost",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_INSECURE, 0);
	run("hostname mismatch, ALLOW_INSECURE", trust, good, "wrong.test",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_INSECURE, 0);
	run("hostname mismatch", trust, good, "wrong.test", LCCSCF_USE_SSL, 0);
	run("hostname mismatch, SKIP_SERVER_CERT_HOSTNAME_CHECK", trust, good,
	    "wrong.test", LCCSCF_USE_SSL | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK, 0);
	run("SNI other (self-signed, name not checked)", trust, good, "other",
	    LCCSCF_USE_SSL | LCCSCF_ALLOW_SELFSIGNED |
	    LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK, 0);
	run("SNI other, checked", trust, good, "other", LCCSCF_USE_SSL, 0);
	run("host 127.0.0.1 (IP in the SAN)", trust, good, "127.0.0.1", LCCSCF_USE_SSL, 0);
	run("OS CA store only", os, good, "localhost", LCCSCF_USE_SSL, 0);
	snprintf(redirect_url, sizeof(redirect_url), "https://localhost:%d/", good);
	run("plain http redirected to https", trust, lws_get_vhost_listen_port(plain),
	    "localhost", 0, 0);
	run("https redirected to https", trust, lws_get_vhost_listen_port(tlsredir),
	    "localhost", LCCSCF_USE_SSL, 0);
	snprintf(redirect_url, sizeof(redirect_url), "http://localhost:%d/",
		 lws_get_vhost_listen_port(plainok));
	run("https redirected to http", trust, lws_get_vhost_listen_port(tlsredir),
	    "localhost", LCCSCF_USE_SSL, 0);
	run("client cert required, none", trust, needcert, "localhost", LCCSCF_USE_SSL, 0);
	run("client cert required, given", withcert, needcert, "localhost", LCCSCF_USE_SSL, 0);

	/* a peer that takes the connection but never answers the hello */
	{
		struct sockaddr_in a;
		socklen_t al = sizeof(a);
		int sfd = socket(AF_INET, SOCK_STREAM, 0);

		CHECK(sfd >= 0);
		memset(&a, 0, sizeof(a));
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl(0x7f000001);
		CHECK(!bind(sfd, (struct sockaddr *)&a, sizeof(a)));
		CHECK(!listen(sfd, 4));
		CHECK(!getsockname(sfd, (struct sockaddr *)&a, &al));
		run("peer stalls in the handshake", trust, ntohs(a.sin_port),
		    "localhost", LCCSCF_USE_SSL, 0);
		close(sfd);
	}

	bad_peer("peer closes after the hello", trust, "");
	bad_peer("peer answers plain HTTP", trust,
		 "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");

	python_peer(trust);

	/* the CA added afterwards as DER */
	der = tls_slurp("ca.der", &der_len);
	T("extra_cert_mem garbage: %d", lws_tls_client_vhost_extra_cert_mem(extra, (const uint8_t *)"garbage", 7));
	T("extra_cert_mem len 0: %d", lws_tls_client_vhost_extra_cert_mem(extra, der, 0));
	run("before extra_cert_mem", extra, good, "localhost", LCCSCF_USE_SSL, 0);
	T("extra_cert_mem: %d", lws_tls_client_vhost_extra_cert_mem(extra, der, der_len));
	run("after extra_cert_mem", extra, good, "localhost", LCCSCF_USE_SSL, 0);
	free(der);

	/* client TLS set up again on an existing vhost */
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT |
		       LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	info.protocols = cprots;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.client_ssl_ca_filepath = tls_path("ca.crt");
	T("lws_init_vhost_client_ssl: %d", lws_init_vhost_client_ssl(&info, later));
	run("after lws_init_vhost_client_ssl", later, good, "localhost", LCCSCF_USE_SSL, 0);

	lws_context_destroy(ctx);
	free(ca_mem);
	T("done");
	return 0;
}
