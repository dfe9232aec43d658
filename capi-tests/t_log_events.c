/*
 * The library's own log lines, as a program's emit function gets them
 * (lws_set_log_level(levels, emit)): which events log, at which level,
 * and, for the lines operators and log watchers match on, the text.
 *
 * For every scenario the transcript lists each ERR / WARN / NOTICE line
 * in order: the lines in `matched[]` below in full (with run-dependent
 * parts normalised), every other one as its level only (the wording is
 * the library's own).  For INFO and DEBUG it only says whether lines
 * arrived at that level.  The scenarios: context create / destroy
 * (with and without listening, explicit vhosts), TLS vhosts (a good
 * certificate, a missing certificate, a missing key, plain bytes on a
 * TLS port with ALLOW_NON_SSL_ON_SSL_PORT alone), a ws server
 * session (upgrade, message, close, unknown subprotocol, no key or
 * version, no "Connection: upgrade"), HTTP requests
 * (file mount, 404, headers that do not fit, too many headers, a second
 * request line, a head without a request line), the ws and HTTP client (connect, refused, DNS failure)
 * and a TLS client against a self-signed certificate with and without
 * LCCSCF_ALLOW_SELFSIGNED.  Last, with INFO and DEBUG off, nothing at
 * those levels is formatted: a "%s" argument that would crash if it
 * were read is never read.
 *
 * capi-tests: run serial (a line counts for the scenario during which it
 * arrives; TLS handshakes under valgrind need the time)
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"
#include "clientutil.h"
#include "tlsutil.h"

#define MAXL 256

static struct {
	int level;
	char line[300];
} rec[MAXL];
static int nrec, got_info, got_debug;

static void
emit(int level, const char *line)
{
	/* PARSER, HEADER, ... lines are many: only INFO / DEBUG are noted */
	if (level == LLL_INFO)
		got_info = 1;
	if (level == LLL_DEBUG)
		got_debug = 1;
	if (level <= LLL_NOTICE && nrec < MAXL) {
		rec[nrec].level = level;
		snprintf(rec[nrec].line, sizeof(rec[nrec].line), "%s", line);
		nrec++;
	}
}

static const char *
lname(int l)
{
	switch (l) {
	case LLL_ERR: return "ERR";
	case LLL_WARN: return "WARN";
	case LLL_NOTICE: return "NOTICE";
	case LLL_INFO: return "INFO";
	case LLL_DEBUG: return "DEBUG";
	default: return "other";
	}
}

/*
 * Lines whose text must read as the oracle's: how far to compare
 * (0: the whole line, digits kept; -1: the whole line with every run of
 * digits as N; n > 0: the first n characters).
 */
static const struct {
	const char *prefix;
	int upto;
} matched[] = {
	{ "LWS: ", 0 },
	{ "NET CLI SRV ", 0 },
	{ " Vhost '", 0 },
	{ "Ran out of header data space", 0 },
	{ "accepting self-signed certificate", 0 },
	{ "SSL error: ", 0 },
	{ "problem getting cert '", 41 },
	{ "ssl problem getting key '", 44 },
	{ "Failed to create default vhost", 0 },
	{ "No supported protocol ", 0 },
	/* the day count differs on purpose: docs/deviations.md */
	{ "   vhost default: cert expiry: ", -1 },
	{ "problems parsing header", 0 },
	{ "Missing URI in HTTP request", 0 },
	{ "lws_server_socket_service_ssl: client did not send a valid tls hello", 0 },
	{ " SSL ECDH curve '", 0 },
	{ " Using ECDH certificate support", 0 },
	{ "SSL: Unknown curve name '", 0 },
	{ "SSL: Unable to create curve '", 0 },
};

/* how many of the recorded lines start with prefix */
static int
count(const char *prefix)
{
	int n, c = 0;

	for (n = 0; n < nrec; n++)
		if (!strncmp(rec[n].line, prefix, strlen(prefix)))
			c++;
	return c;
}

static void
show(const char *title)
{
	int n, m;

	T("== %s", title);
	for (n = 0; n < nrec; n++) {
		const char *l = rec[n].line;
		size_t len = strlen(l);

		if (len && l[len - 1] == '\n')
			len--;
		for (m = 0; m < (int)LWS_ARRAY_SIZE(matched); m++)
			if (!strncmp(l, matched[m].prefix, strlen(matched[m].prefix)))
				break;
		if (m == (int)LWS_ARRAY_SIZE(matched)) {
			T("  [%s] ~", lname(rec[n].level));
			continue;
		}
		if (matched[m].upto > 0 && (size_t)matched[m].upto < len)
			len = (size_t)matched[m].upto;
		if (matched[m].upto < 0) {
			char o[300], *p = o;
			size_t i;

			for (i = 0; i < len && p < o + sizeof(o) - 2; i++) {
				if (l[i] >= '0' && l[i] <= '9') {
					if (p == o || p[-1] != 'N')
						*p++ = 'N';
					continue;
				}
				*p++ = l[i];
			}
			*p = '\0';
			T("  [%s] %s", lname(rec[n].level), o);
		} else
			T("  [%s] %.*s", lname(rec[n].level), (int)len, l);
	}
	T("  INFO lines: %s, DEBUG lines: %s", yesno(got_info), yesno(got_debug));
	nrec = got_info = got_debug = 0;
}

/* ---- a server whose "echo" protocol echoes, and a client reporting ---- */

static int cli_done, cli_est, cli_err;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_RECEIVE:
		lws_write(wsi, in, len, LWS_WRITE_TEXT);
		return 0;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		cli_est = 1;
		cli_done = 1;
		return 0;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		cli_err = 1;
		cli_done = 1;
		return 0;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		return cu_http_read(wsi);
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
	case LWS_CALLBACK_CLIENT_CLOSED:
		cli_done = 1;
		return 0;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ "echo", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/*
 * A TLS vhost from certificate files (mem 0), from memory (mem 1), or a
 * certificate file, no key file and both in memory (mem 2), with
 * ecdh_curve and extra options.  The oracle names the ECDH curve (and
 * with LWS_SERVER_OPTION_SSL_ECDH says so) only when it loads from
 * memory, whatever the key type; a name that is no curve fails the vhost.
 */
static void
tls_vhost(const char *title, const char *crt, const char *key, int mem,
	  const char *curve, unsigned long long opts, int want_curve_lines)
{
	struct lws_context_creation_info info;
	unsigned char *cm = NULL, *km = NULL;
	unsigned int cl = 0, kl = 0;
	struct lws_context *c;

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.port = 0;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT | opts;
	if (mem) {
		cm = tls_slurp(crt, &cl);
		km = tls_slurp(key, &kl);
		info.server_ssl_cert_mem = cm;
		info.server_ssl_cert_mem_len = cl;
		info.server_ssl_private_key_mem = km;
		info.server_ssl_private_key_mem_len = kl;
		if (mem == 2)
			info.ssl_cert_filepath = tls_path(crt);
	} else {
		info.ssl_cert_filepath = tls_path(crt);
		info.ssl_private_key_filepath = tls_path(key);
	}
	info.ecdh_curve = curve;
	c = lws_create_context(&info);
	CHECK_INT(count(" SSL ECDH curve '") +
		  count(" Using ECDH certificate support"), want_curve_lines);
	show(title);
	T("  context: %s", c ? "made" : "NULL");
	if (c)
		lws_context_destroy(c);
	nrec = got_info = got_debug = 0;
	free(cm);
	free(km);
}

static char www[64];

static struct lws_http_mount mnt = {
	NULL, "/", NULL, "index.html", NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0,
	LWSMPRO_FILE, 1, NULL, { NULL }
};

static struct lws_context *ctx;
static int port;

static void
client(const char *title, const char *addr, int p, int ssl, const char *path,
       int ws)
{
	struct lws_client_connect_info ci;
	struct lws *w;

	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = addr;
	ci.port = p;
	ci.path = path;
	ci.host = addr;
	ci.origin = addr;
	ci.ssl_connection = ssl;
	ci.local_protocol_name = "echo";
	if (ws)
		ci.protocol = "echo";
	else
		ci.method = "GET";
	cli_done = cli_est = cli_err = 0;
	w = lws_client_connect_via_info(&ci);
	if (w)
		cu_service_until(ctx, &cli_done, 5000);
	cu_settle(ctx, 100);
	show(title);
	T("  connect: %s, established: %s, connection error: %s",
	  w ? "wsi" : "NULL", yesno(cli_est), yesno(cli_err));
}

/* the last raw() connection: bytes received and whether it was closed */
static size_t raw_len;
static int raw_closed;
static char raw_first[40];

static void
raw_run(const char *a, const char *b, const char *c, enum wsc_until until)
{
	struct wsc w;
	size_t n;

	wsc_connect(&w, port);
	wsc_sends(&w, a);
	if (b)
		wsc_sends(&w, b);
	if (c)
		wsc_sends(&w, c);
	wsc_pump_ex(ctx, &w, until, 0, NULL, 500, 60);
	raw_len = w.len;
	raw_closed = w.eof || w.reset;
	for (n = 0; n < w.len && n < sizeof(raw_first) - 1 &&
		    w.buf[n] != '\r' && w.buf[n] != '\n'; n++)
		raw_first[n] = (char)w.buf[n];
	raw_first[n] = '\0';
	wsc_close(&w);
	wsc_settle(ctx, NULL, 60);
}

static void
raw(const char *title, const char *a, const char *b, const char *c,
    enum wsc_until until)
{
	raw_run(a, b, c, until);
	show(title);
}

/*
 * A head without a request line: the oracle logs "Missing URI in HTTP
 * request" (WARN) twice, once when it looks for a redirecting mount and
 * once when it goes to serve the request, and drops the connection
 * without an answer.
 */
static void
no_request_line(const char *title, const char *req)
{
	raw_run(req, NULL, NULL, WSC_UNTIL_CLOSED);
	CHECK_INT(count("Missing URI in HTTP request"), 2);
	show(title);
	T("  answer: %zu bytes, closed: %s", raw_len, yesno(raw_closed));
	CHECK(!raw_len && raw_closed);
}

#define WS_REQ(pcol) "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n" \
	"Connection: Upgrade\r\nSec-WebSocket-Key: " WSC_KEY "\r\n" \
	"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " pcol "\r\n\r\n"

int
main(void)
{
	static char big[8000], many[4000];
	struct lws_context_creation_info info;
	struct lws_vhost *vh;
	struct wsc w;
	char *p = many;
	int n;

	for (n = 0; n < 120; n++)
		p += sprintf(p, "Accept: x%d\r\n", n);
	memset(big, 'a', sizeof(big) - 1);

	tls_make_certs();
	snprintf(www, sizeof(www), "%s", tls_path("www"));
	tls_sh("mkdir www && echo hello > www/index.html");
	mnt.origin = www;

	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO |
			  LLL_DEBUG | LLL_PARSER | LLL_HEADER | LLL_EXT |
			  LLL_CLIENT | LLL_LATENCY | LLL_USER, emit);

	/* ---- contexts ---- */

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = prots;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	show("create, no listener");
	lws_context_destroy(ctx);
	show("destroy");

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	ctx = wsc_create_context(&info, &port);
	show("create, listening, IPv6 disabled");
	capi_tick_start(ctx);
	cu_settle(ctx, 50);
	show("first service");
	lws_context_destroy(ctx);
	show("destroy");

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	show("create, explicit vhosts");
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.vhost_name = "two";
	vh = lws_create_vhost(ctx, &info);
	CHECK(vh);
	show("lws_create_vhost, no listener");
	lws_context_destroy(ctx);
	show("destroy");

	/* ---- TLS vhosts ---- */

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.ssl_cert_filepath = "/nonexistent/x.crt";
	info.ssl_private_key_filepath = tls_path("rsa.key");
	ctx = lws_create_context(&info);
	show("TLS vhost, missing certificate file");
	T("  context: %s", ctx ? "made" : "NULL");
	if (ctx)
		lws_context_destroy(ctx);
	nrec = got_info = got_debug = 0;

	info.ssl_cert_filepath = tls_path("rsa.crt");
	info.ssl_private_key_filepath = "/nonexistent/x.key";
	ctx = lws_create_context(&info);
	show("TLS vhost, missing key file");
	T("  context: %s", ctx ? "made" : "NULL");
	if (ctx)
		lws_context_destroy(ctx);
	nrec = got_info = got_debug = 0;

	/* a self-signed server certificate ("other", CN=other) */
	info.ssl_cert_filepath = tls_path("other.crt");
	info.ssl_private_key_filepath = tls_path("other.key");
	ctx = wsc_create_context(&info, &port);
	show("TLS vhost");
	capi_tick_start(ctx);
	cu_settle(ctx, 50);
	show("TLS vhost: first service");
	client("TLS client, self-signed, no flags", "127.0.0.1", port,
	       LCCSCF_USE_SSL, "/", 1);
	client("TLS client, ALLOW_SELFSIGNED (name still checked)",
	       "127.0.0.1", port, LCCSCF_USE_SSL | LCCSCF_ALLOW_SELFSIGNED,
	       "/", 1);
	client("TLS client, ALLOW_SELFSIGNED + SKIP_SERVER_CERT_HOSTNAME_CHECK",
	       "127.0.0.1", port, LCCSCF_USE_SSL | LCCSCF_ALLOW_SELFSIGNED |
	       LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK, "/", 1);
	capi_tick_stop();
	lws_context_destroy(ctx);
	show("destroy");

	tls_vhost("TLS vhost from files, EC key, ecdh_curve, SSL_ECDH",
		  "ec.crt", "ec.key", 0, "secp384r1", LWS_SERVER_OPTION_SSL_ECDH, 0);
	tls_vhost("TLS vhost from memory, RSA key", "rsa.crt", "rsa.key", 1,
		  NULL, 0, 1);
	tls_vhost("TLS vhost from memory, EC key, SSL_ECDH", "ec.crt", "ec.key",
		  1, NULL, LWS_SERVER_OPTION_SSL_ECDH, 2);
	tls_vhost("TLS vhost from memory, ecdh_curve secp384r1", "rsa.crt",
		  "rsa.key", 1, "secp384r1", 0, 1);
	tls_vhost("TLS vhost from memory, a 17-character ecdh_curve", "rsa.crt",
		  "rsa.key", 1, "brainpoolP512r1xy", 0, 1);
	tls_vhost("TLS vhost, certificate file without key file, both in memory",
		  "ec.crt", "ec.key", 2, NULL, 0, 1);
	tls_vhost("TLS vhost from memory, ecdh_curve bogus", "rsa.crt",
		  "rsa.key", 1, "bogus", 0, 0);
	tls_vhost("TLS vhost from memory, ecdh_curve X25519 (not an EC curve)",
		  "rsa.crt", "rsa.key", 1, "X25519", 0, 0);

	/*
	 * Plain HTTP on a TLS port that has ALLOW_NON_SSL_ON_SSL_PORT but
	 * neither ALLOW_HTTP_ON_HTTPS_LISTENER nor REDIRECT_HTTP_TO_HTTPS:
	 * the oracle peeks at the first byte, logs one NOTICE and closes
	 * without an answer (no TLS alert either).
	 */
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT |
		       LWS_SERVER_OPTION_ALLOW_NON_SSL_ON_SSL_PORT;
	/* again: tls_path()'s buffers were reused since */
	info.ssl_cert_filepath = tls_path("other.crt");
	info.ssl_private_key_filepath = tls_path("other.key");
	ctx = wsc_create_context(&info, &port);
	capi_tick_start(ctx);
	cu_settle(ctx, 50);
	nrec = got_info = got_debug = 0;
	raw_run("GET / HTTP/1.1\r\nHost: x\r\n\r\n", NULL, NULL,
		WSC_UNTIL_CLOSED);
	CHECK_INT(count("lws_server_socket_service_ssl: client did not send "
			"a valid tls hello (default vhost default)"), 1);
	show("plain HTTP on a TLS port with ALLOW_NON_SSL_ON_SSL_PORT alone");
	T("  answer: %zu bytes, closed: %s", raw_len, yesno(raw_closed));
	CHECK(!raw_len && raw_closed);
	capi_tick_stop();
	lws_context_destroy(ctx);
	show("destroy");

	/* ---- a plain server: ws and HTTP ---- */

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.mounts = &mnt;
	ctx = wsc_create_context(&info, &port);
	capi_tick_start(ctx);
	cu_settle(ctx, 50);
	nrec = got_info = got_debug = 0;

	wsc_connect(&w, port);
	wsc_sends(&w, WS_REQ("echo"));
	wsc_pump_ex(ctx, &w, WSC_UNTIL_HEAD, 0, NULL, 500, 60);
	show("ws upgrade");
	{
		unsigned char f[] = { 0x81, 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2 };
		CHECK(send(w.fd, f, sizeof(f), 0) == sizeof(f));
	}
	wsc_pump_ex(ctx, &w, WSC_UNTIL_NOTHING, 0, NULL, 100, 60);
	show("ws message, echoed");
	{
		unsigned char f[] = { 0x88, 0x82, 1, 2, 3, 4, 0x03 ^ 1, 0xe8 ^ 2 };
		CHECK(send(w.fd, f, sizeof(f), 0) == sizeof(f));
	}
	wsc_pump_ex(ctx, &w, WSC_UNTIL_CLOSED, 0, NULL, 500, 60);
	wsc_close(&w);
	wsc_settle(ctx, NULL, 60);
	show("ws close");

	raw("ws upgrade, unknown subprotocol", WS_REQ("nope, nada"), NULL, NULL,
	    WSC_UNTIL_CLOSED);
	raw("ws upgrade without key or version",
	    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
	    "Connection: Upgrade\r\n\r\n", NULL, NULL, WSC_UNTIL_CLOSED);
	raw("ws upgrade without Connection: upgrade",
	    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
	    "Connection: keep-alive\r\nSec-WebSocket-Key: " WSC_KEY "\r\n"
	    "Sec-WebSocket-Version: 13\r\n\r\n", NULL, NULL, WSC_UNTIL_CLOSED);
	raw("http file", "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", NULL,
	    NULL, WSC_UNTIL_HEAD);
	raw("http 404", "GET /nothere HTTP/1.1\r\nHost: x\r\n\r\n", NULL, NULL,
	    WSC_UNTIL_HEAD);
	raw("http header value too big",
	    "GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: ", big, "\r\n\r\n",
	    WSC_UNTIL_CLOSED);
	raw("http custom header name too big", "GET / HTTP/1.1\r\nX-", big,
	    ": 1\r\n\r\n", WSC_UNTIL_CLOSED);
	raw("http URI too big", "GET /", big, " HTTP/1.1\r\n\r\n",
	    WSC_UNTIL_CLOSED);
	raw("http too many headers", "GET / HTTP/1.1\r\n", many, "\r\n",
	    WSC_UNTIL_CLOSED);
	raw("http second request line",
	    "GET / HTTP/1.1\r\nGET / HTTP/1.1\r\n\r\n", NULL, NULL,
	    WSC_UNTIL_CLOSED);
	no_request_line("http blank line (CRLF) before the request line",
			"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
	no_request_line("http blank line (LF) before the request line",
			"\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
	no_request_line("http header lines without a request line",
			"Host: x\r\nAccept: y\r\n\r\n");
	/* a CR not followed by LF first is an unknown method: 403, no line */
	raw_run("\rGET / HTTP/1.1\r\nHost: x\r\n\r\n", NULL, NULL,
		WSC_UNTIL_CLOSED);
	CHECK_INT(count("Missing URI in HTTP request"), 0);
	show("http CR without LF before the request line");
	T("  answer: '%s'", raw_first);
	CHECK_STR(raw_first, "HTTP/1.0 403 Forbidden");

	client("ws client", "127.0.0.1", port, 0, "/", 1);
	client("ws client, refused", "127.0.0.1", cu_free_port(), 0, "/", 1);
	client("ws client, DNS failure", "nosuchhost.invalid", port, 0, "/", 1);
	client("http client, 404", "127.0.0.1", port, 0, "/nothere", 0);

	capi_tick_stop();
	lws_context_destroy(ctx);
	show("destroy");

	/*
	 * Levels off: nothing formatted.  A pointer "%s" would crash on is
	 * never read, through _lws_log and the lwsl_* macros alike.
	 */
	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE, emit);
	_lws_log(LLL_INFO, "%s\n", (const char *)(uintptr_t)8);
	lwsl_debug("%s\n", (const char *)(uintptr_t)8);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	raw("with INFO and DEBUG off: a request", "GET /x HTTP/1.1\r\n\r\n",
	    NULL, NULL, WSC_UNTIL_HEAD);
	lws_context_destroy(ctx);
	show("with INFO and DEBUG off: destroy");
	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE, NULL);

	T("done");
	return 0;
}
