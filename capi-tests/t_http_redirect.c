/*
 * lws_http_redirect from LWS_CALLBACK_HTTP (301, 302, 307; its return
 * value is the number of bytes written; a buffer too small gives -1 and
 * writes nothing), then lws_http_transaction_completed and keep-alive;
 * lws_return_http_status(404) with and without the vhost's
 * error_document_404 (a 302 to it); lws_http_mark_sse on HTTP/1 (return
 * value, the error it logs, headers gone afterwards) followed by an
 * event stream written from HTTP_WRITEABLE.
 */
#include <libwebsockets.h>
#include "common.h"
#include "httpresp.h"

static int sse_n;

static void
emit(int level, const char *line)
{
	const char *p = strstr(line, "] ");
	size_t n;

	/* the time stamp differs run to run: print from the level letter */
	p = p ? p + 2 : line;
	n = strlen(p);
	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	T("  log %d: %.*s", level, (int)n, p);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 512], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	const char *u = in;
	int n;

	rsp_print_cb(wsi, (int)reason, in, len);
	switch (reason) {
	case LWS_CALLBACK_HTTP:
		if (!strncmp(u, "/redir", 6)) {
			int code = atoi(u + 6);

			n = lws_http_redirect(wsi, code,
				(const unsigned char *)"https://example.com/new?a=1", 27,
				&p, end);
			T("  lws_http_redirect -> %d", n);
			if (n < 0)
				return -1;
			n = lws_http_transaction_completed(wsi);
			T("  lws_http_transaction_completed -> %d", n);
			return n ? -1 : 0;
		}
		if (!strcmp(u, "/small")) {
			end = p + 40;
			n = lws_http_redirect(wsi, 301,
				(const unsigned char *)"https://example.com/new", 23,
				&p, end);
			T("  lws_http_redirect (40 bytes of room) -> %d, wrote %d", n,
			  (int)(p - start));
			return -1;
		}
		if (!strcmp(u, "/status")) {
			n = lws_return_http_status(wsi, 404, NULL);
			T("  lws_return_http_status -> %d", n);
			n = lws_http_transaction_completed(wsi);
			T("  lws_http_transaction_completed -> %d", n);
			return n ? -1 : 0;
		}
		if (!strcmp(u, "/sse")) {
			n = lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
					"text/event-stream",
					LWS_ILLEGAL_HTTP_CONTENT_LEN, &p, end);
			n |= lws_finalize_write_http_header(wsi, start, &p, end);
			T("  headers -> %d", n);
			T("  uri length before: %d",
			  lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI));
			n = lws_http_mark_sse(wsi);
			T("  lws_http_mark_sse -> %d", n);
			T("  uri length after: %d",
			  lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI));
			sse_n = 0;
			lws_callback_on_writable(wsi);
			return 0;
		}
		break;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (sse_n >= 3)
			return 0;
		n = lws_snprintf((char *)start, 64, "id: %d\ndata: tick %d\n\n",
				 sse_n, sse_n);
		n = lws_write(wsi, start, (size_t)n, LWS_WRITE_HTTP);
		T("  lws_write -> %d", n);
		if (++sse_n < 3)
			lws_callback_on_writable(wsi);
		return 0;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	int port;

	lws_set_log_level(LLL_ERR, emit);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== redirects on one connection");
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /redir301 HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /redir302 HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /redir307 HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
	rsp_one(ctx, port, "GET /redir303 HTTP/1.0\r\n\r\n");
	rsp_one(ctx, port, "GET /small HTTP/1.1\r\n\r\n");

	T("== server-sent events");
	rsp_one(ctx, port, "GET /sse HTTP/1.1\r\nAccept: text/event-stream\r\n\r\n");
	lws_context_destroy(ctx);

	T("== error_document_404");
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.error_document_404 = "/notfound.html";
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /notfound.html HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
	lws_context_destroy(ctx);

	T("done");
	return 0;
}
