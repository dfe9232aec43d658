/*
 * The headers Debian's library puts after every status line, on a vhost
 * with server_string, extra headers (info.headers) and
 * LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE: in a
 * dynamic answer (lws_add_http_common_headers, with and without
 * LWSAHH_FLAG_NO_SERVER_NAME), in lws_return_http_status pages, in the 403
 * for a bad request line (first request: HTTP/1.0; after a keep-alive
 * HTTP/1.1 request: HTTP/1.1), and in the 403 for a request pipelined
 * behind a status page.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int mode;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 2048], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	unsigned int code = HTTP_STATUS_OK;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		T("  cb HTTP %.*s", (int)len, (const char *)in);
		if (mode == 1) {
			if (lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, "<p>gone</p>"))
				return -1;
			return lws_http_transaction_completed(wsi);
		}
		if (mode == 2)
			code |= LWSAHH_FLAG_NO_SERVER_NAME;
		if (lws_add_http_common_headers(wsi, code, "text/plain", 3, &p, end) ||
		    lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		memcpy(p, "ok\n", 3);
		lws_write(wsi, p, 3, LWS_WRITE_HTTP_FINAL);
		return lws_http_transaction_completed(wsi);
	default:
		return 0;
	}
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

static void
one(const char *title, const char *req)
{
	struct wsc c;

	T("== %s", title);
	wsc_init(&c);
	wsc_connect(&c, port);
	wsc_sends(&c, req);
	wsc_pump_ex(ctx, &c, WSC_UNTIL_CLOSED, 0, NULL, 300, 60);
	wsc_print_rx(&c, "rx");
	T("connection %s", wsc_alive(&c));
	wsc_close(&c);
	wsc_settle(ctx, NULL, 60);
}

int
main(void)
{
	static const struct lws_protocol_vhost_options h2 = { NULL, NULL, "x-two:", "2" },
		h1 = { &h2, NULL, "x-one:", "1" };
	struct lws_context_creation_info info;

	lws_set_log_level(LLL_ERR, NULL);
	for (int round = 0; round < 3; round++) {
		memset(&info, 0, sizeof(info));
		info.protocols = prots;
		info.server_string = "capi-server/1.0";
		if (round >= 1)
			info.headers = &h1;
		if (round >= 2)
			info.options |= LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
		T("######## round %d: server_string%s%s", round,
		  round >= 1 ? " + headers" : "", round >= 2 ? " + security" : "");
		ctx = wsc_create_context(&info, &port);
		wsc_settle(ctx, NULL, 20);

		mode = 0;
		one("dynamic answer", "GET /a HTTP/1.1\r\n\r\n");
		mode = 2;
		one("dynamic answer, LWSAHH_FLAG_NO_SERVER_NAME", "GET /a HTTP/1.1\r\n\r\n");
		mode = 1;
		one("lws_return_http_status 404", "GET /a HTTP/1.0\r\n\r\n");
		one("pipelined behind a status page",
		    "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
		mode = 0;
		one("bad request line", "nope / HTTP/1.1\r\n\r\n");
		one("bad request line after a keep-alive request",
		    "GET /a HTTP/1.1\r\n\r\nnope / HTTP/1.1\r\n\r\n");
		one("relative URI", "GET a HTTP/1.1\r\n\r\n");
		lws_context_destroy(ctx);
	}
	T("done");
	return 0;
}
