/*
 * Bad and hostile HTTP input against Debian's library's answers, and the
 * server keeps serving a well-behaved client after each: a request line
 * whose method can no longer match (403 at once, without waiting for the
 * line end); a bad line after a keep-alive HTTP/1.1 request (the 403 page
 * then says HTTP/1.1); a request pipelined behind a status-page answer; a
 * head beyond max_http_header_data (dropped); max_http_header_pool 1 (a
 * second connection waits until the first's transaction completes or it
 * closes); a stalled and a trickling request body (timeout_secs); a
 * stalled and a trickling head (timeout_secs_ah_idle).
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int status_page;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 256], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		T("  cb HTTP %.*s", (int)len, (const char *)in);
		if (lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI))
			return 0;
		if (status_page) {
			if (lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, NULL))
				return -1;
			return lws_http_transaction_completed(wsi);
		}
		if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "text/plain",
						3, &p, end) ||
		    lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		memcpy(p, "ok\n", 3);
		lws_write(wsi, p, 3, LWS_WRITE_HTTP_FINAL);
		return lws_http_transaction_completed(wsi);
	case LWS_CALLBACK_HTTP_BODY:
		T("  cb HTTP_BODY len=%zu", len);
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		T("  cb HTTP_BODY_COMPLETION");
		if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "text/plain",
						5, &p, end) ||
		    lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		memcpy(p, "body\n", 5);
		lws_write(wsi, p, 5, LWS_WRITE_HTTP_FINAL);
		return lws_http_transaction_completed(wsi);
	case LWS_CALLBACK_CLOSED_HTTP:
		T("  cb CLOSED_HTTP");
		return 0;
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
show(struct wsc *c, const char *what)
{
	T("%s:", what);
	wsc_print_rx(c, "  rx");
	T("  connection %s", wsc_alive(c));
}

/* a good request on a fresh connection */
static void
good(void)
{
	struct wsc c;

	wsc_init(&c);
	wsc_connect(&c, port);
	wsc_sends(&c, "GET /good HTTP/1.1\r\nHost: a\r\n\r\n");
	wsc_pump(ctx, &c, WSC_UNTIL_LEN, 60);
	show(&c, "good client");
	wsc_close(&c);
	wsc_settle(ctx, NULL, 60);
}

static void
one(const char *title, const char *req, int ms)
{
	struct wsc c;

	T("== %s", title);
	wsc_init(&c);
	wsc_connect(&c, port);
	wsc_sends(&c, req);
	wsc_pump_ex(ctx, &c, WSC_UNTIL_CLOSED, 0, NULL, ms, 60);
	show(&c, "bad client");
	wsc_close(&c);
	wsc_settle(ctx, NULL, 60);
	good();
}

/* send s one byte every gap_ms; stops early if the server drops us */
static void
trickle(struct wsc *c, const char *s, int gap_ms)
{
	for (; *s && !c->eof && !c->reset; s++) {
		wsc_send(c, s, 1);
		wsc_pump_ex(ctx, c, WSC_UNTIL_CLOSED, 0, NULL, gap_ms, 0);
	}
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct wsc a, b;
	static char huge[3000];
	int n;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.max_http_header_data = 1024;
	info.timeout_secs = 1;
	info.timeout_secs_ah_idle = 1;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	one("unknown method, no line end", "hello", 300);
	one("method with a wrong last letter", "GETX", 300);
	one("no method can start so", "xyz", 300);
	one("bad line after a keep-alive HTTP/1.1 request",
	    "GET /a HTTP/1.1\r\n\r\nnope /b HTTP/1.1\r\n\r\n", 300);
	one("body longer than announced",
	    "POST /p HTTP/1.1\r\nContent-Length: 2\r\n\r\nabcdef\r\n\r\n", 1500);
	status_page = 1;
	one("a request pipelined behind a status page",
	    "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n", 300);
	one("a status page, then a request in a later write",
	    "GET /a HTTP/1.1\r\n\r\n", 300);
	status_page = 0;

	n = sprintf(huge, "GET /h HTTP/1.1\r\nAccept: ");
	memset(huge + n, 'x', 1500);
	memcpy(huge + n + 1500, "\r\n\r\n", 5);
	one("head beyond max_http_header_data", huge, 500);

	lws_context_destroy(ctx);
	info.max_http_header_pool = 1;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== max_http_header_pool 1: B waits while A is in its head");
	wsc_init(&a);
	wsc_init(&b);
	wsc_connect(&a, port);
	wsc_sends(&a, "GET /a HTTP/1.1\r\nHo");
	wsc_settle(ctx, &a, 100);
	wsc_connect(&b, port);
	wsc_sends(&b, "GET /b HTTP/1.1\r\n\r\n");
	wsc_settle(ctx, &b, 200);
	show(&b, "B before A completes");
	wsc_sends(&a, "st: x\r\n\r\n");
	wsc_pump(ctx, &a, WSC_UNTIL_LEN, 60);
	wsc_settle(ctx, &b, 100);
	show(&a, "A");
	show(&b, "B after A completed");
	wsc_close(&a);
	wsc_close(&b);
	wsc_settle(ctx, NULL, 100);

	T("== max_http_header_pool 1: A closes mid-head");
	wsc_init(&a);
	wsc_init(&b);
	wsc_connect(&a, port);
	wsc_sends(&a, "GET /a HTTP/1.1\r\nHo");
	wsc_settle(ctx, &a, 100);
	wsc_connect(&b, port);
	wsc_sends(&b, "GET /b HTTP/1.1\r\n\r\n");
	wsc_settle(ctx, &b, 200);
	show(&b, "B before A closes");
	wsc_close(&a);
	wsc_settle(ctx, &b, 200);
	show(&b, "B after A closed");
	wsc_close(&b);
	wsc_settle(ctx, NULL, 100);

	lws_context_destroy(ctx);
	info.max_http_header_pool = 0;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	one("stalled body (timeout_secs 1)",
	    "POST /p HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", 3000);

	T("== trickled body, a byte every 400 ms");
	wsc_init(&a);
	wsc_connect(&a, port);
	wsc_sends(&a, "POST /p HTTP/1.1\r\nContent-Length: 6\r\n\r\n");
	trickle(&a, "abcdef", 400);
	wsc_pump_ex(ctx, &a, WSC_UNTIL_CLOSED, 0, NULL, 2000, 60);
	show(&a, "trickler");
	wsc_close(&a);
	wsc_settle(ctx, NULL, 60);
	good();

	one("stalled head (timeout_secs_ah_idle 1)", "GET /s HTTP/1.1\r\nHo", 3000);

	T("== trickled head, a byte every 300 ms");
	wsc_init(&a);
	wsc_connect(&a, port);
	trickle(&a, "GET /t HTTP/1.1\r\nHost: a\r\n\r\n", 300);
	wsc_pump_ex(ctx, &a, WSC_UNTIL_CLOSED, 0, NULL, 2000, 60);
	show(&a, "trickler");
	wsc_close(&a);
	wsc_settle(ctx, NULL, 60);
	good();

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
