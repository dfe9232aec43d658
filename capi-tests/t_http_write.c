/*
 * A dynamic HTTP answer written the way servers like Ardour and Janus do
 * it: in LWS_CALLBACK_HTTP, the head built with lws_add_http_common_headers
 * / lws_add_http_header_by_name / _by_token and lws_finalize_write_http_header,
 * then the body from LWS_CALLBACK_HTTP_WRITEABLE with lws_write(LWS_WRITE_HTTP)
 * and lws_write(LWS_WRITE_HTTP_FINAL), then lws_http_transaction_completed.
 * Printed: the exact bytes the client receives (two requests on one
 * keep-alive connection, then HTTP/1.0), the return values, and the
 * callbacks.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

struct pss {
	int part;
};

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = user;
	unsigned char buf[LWS_PRE + 512], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	static const char body1[] = "{\"hello\":", body2[] = "\"world\"}";
	int n;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		T("  cb HTTP uri=%.*s", (int)len, (const char *)in);
		pss->part = 0;
		n = lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
				"application/json",
				(lws_filepos_t)(strlen(body1) + strlen(body2)),
				&p, end);
		T("  common headers: %d", n);
		n = lws_add_http_header_by_name(wsi,
				(const unsigned char *)"x-test:",
				(const unsigned char *)"yes", 3, &p, end);
		T("  by_name: %d", n);
		n = lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
				(const unsigned char *)"no-cache", 8, &p, end);
		T("  by_token: %d", n);
		n = lws_finalize_write_http_header(wsi, start, &p, end);
		T("  finalize_write: %d", n);
		if (n)
			return 1;
		lws_callback_on_writable(wsi);
		return 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (pss->part == 0) {
			memcpy(start, body1, strlen(body1));
			n = lws_write(wsi, start, strlen(body1), LWS_WRITE_HTTP);
			T("  cb HTTP_WRITEABLE: LWS_WRITE_HTTP -> %d", n);
			pss->part = 1;
			lws_callback_on_writable(wsi);
			return 0;
		}
		memcpy(start, body2, strlen(body2));
		n = lws_write(wsi, start, strlen(body2), LWS_WRITE_HTTP_FINAL);
		T("  cb HTTP_WRITEABLE: LWS_WRITE_HTTP_FINAL -> %d", n);
		n = lws_http_transaction_completed(wsi);
		T("  transaction_completed: %d", n);
		return n ? -1 : 0;
	case LWS_CALLBACK_CLOSED_HTTP:
		T("  cb CLOSED_HTTP");
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols prots[] = {
	{ "http", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
request(struct lws_context *ctx, struct wsc *c, const char *req)
{
	size_t before = c->len;

	wsc_sends(c, req);
	/* the head, then the 17-byte body */
	wsc_pump_ex(ctx, c, WSC_UNTIL_HEAD, 0, NULL, 2000, 0);
	wsc_pump_ex(ctx, c, WSC_UNTIL_LEN, (size_t)wsc_head_len(c) + 17, NULL,
		    2000, WSC_SETTLE_MS);
	c->pos = before;
	wsc_print_rx(c, "rx");
	c->pos = c->len;
	/* the next response's head is searched from the start of the buffer */
	c->len = 0;
	c->pos = 0;
	T("connection %s", wsc_alive(c));
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	int port;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== HTTP/1.1, two requests on one connection");
	wsc_connect(&c, port);
	request(ctx, &c, "GET /api/one HTTP/1.1\r\nHost: x\r\n\r\n");
	request(ctx, &c, "GET /api/two?a=1 HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 50);

	T("== HTTP/1.0");
	wsc_connect(&c, port);
	request(ctx, &c, "GET /api/three HTTP/1.0\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 50);

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
