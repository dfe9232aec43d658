/*
 * capi-tests: run serial (body pieces follow how the kernel splits the stream).
 *
 * HTTP request bodies on an HTTP/1.1 server, as Debian's library frames
 * them: LWS_CALLBACK_HTTP_BODY pieces (one per read: a body sent in one
 * write with its head arrives as 4080-byte reads minus the head), then
 * HTTP_BODY_COMPLETION; a body sent in several writes; a request
 * pipelined behind a body; bytes beyond Content-Length (parsed as the next
 * request: 403); a transaction answered in LWS_CALLBACK_HTTP (its body is
 * skipped, even when it arrives later); POST/PUT without a length (every
 * later byte is body, no completion); Transfer-Encoding: chunked (not
 * decoded: raw bytes as body); Content-Length 0 / "abc" / "-5" / "5x";
 * Expect: 100-continue (no interim answer); GET and DELETE with and
 * without a body; HTTP_BODY returning -1 (close);
 * lws_http_get_uri_and_method.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int answer_at_http, fail_body, flow;

static int
answer(struct lws *wsi, const char *body)
{
	unsigned char buf[LWS_PRE + 512], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	size_t l = strlen(body);

	if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "text/plain",
					(lws_filepos_t)l, &p, end) ||
	    lws_finalize_write_http_header(wsi, start, &p, end))
		return 1;
	memcpy(p, body, l);
	lws_write(wsi, p, l, LWS_WRITE_HTTP_FINAL);
	return lws_http_transaction_completed(wsi);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	char *uri = NULL;
	int ul = 0, m;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		m = lws_http_get_uri_and_method(wsi, &uri, &ul);
		T("  cb HTTP in=%.*s method=%d uri=%.*s cl=%d te=%d", (int)len,
		  (const char *)in, m, uri ? ul : 0, uri ? uri : "",
		  lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH),
		  lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING));
		if (answer_at_http || (!lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) &&
				       !lws_hdr_total_length(wsi, WSI_TOKEN_PUT_URI) &&
				       !lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH)))
			return answer(wsi, "answered\n");
		return 0;
	case LWS_CALLBACK_HTTP_BODY:
		T("  cb HTTP_BODY len=%zu", len);
		capi_print_bytes("    body", in, len > 64 ? 64 : len);
		if (fail_body)
			return -1;
		if (flow) {
			T("    rx flow off: %d", lws_rx_flow_control(wsi, 0));
			lws_set_timer_usecs(wsi, 250000);
		}
		return 0;
	case LWS_CALLBACK_TIMER:
		T("  cb TIMER: rx flow on: %d", lws_rx_flow_control(wsi, 1));
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		T("  cb HTTP_BODY_COMPLETION len=%zu", len);
		return answer(wsi, "body done\n");
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

/* send pieces separated by a settle; print what came back */
static void
run(const char *title, const char *const *pieces, const size_t *lens, int n)
{
	struct wsc c;
	int i;

	T("== %s", title);
	wsc_init(&c);
	wsc_connect(&c, port);
	for (i = 0; i < n; i++) {
		wsc_send(&c, pieces[i], lens ? lens[i] : strlen(pieces[i]));
		wsc_settle(ctx, &c, 100);
	}
	wsc_settle(ctx, &c, 100);
	wsc_print_rx(&c, "rx");
	T("connection %s", wsc_alive(&c));
	wsc_close(&c);
	wsc_settle(ctx, NULL, 60);
}

#define RUN1(t, a) do { const char *p_[] = { a }; run(t, p_, NULL, 1); } while (0)
#define RUN2(t, a, b) do { const char *p_[] = { a, b }; run(t, p_, NULL, 2); } while (0)
#define RUN3(t, a, b, c) do { const char *p_[] = { a, b, c }; run(t, p_, NULL, 3); } while (0)

#define POST "POST /form HTTP/1.1\r\nHost: a\r\n"
#define GETX "GET /x HTTP/1.1\r\n\r\n"

int
main(void)
{
	struct lws_context_creation_info info;
	static char big[10100];
	const char *pb[1];
	size_t bl[1];
	int n;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	RUN1("Content-Length 5, one write", POST "Content-Length: 5\r\n\r\nhello");
	RUN3("Content-Length 10 in three writes", POST "Content-Length: 10\r\n\r\nhel",
	     "lo", "world");
	RUN1("two GETs pipelined behind a body",
	     POST "Content-Length: 5\r\n\r\nhello" GETX GETX);
	RUN2("a GET after the body, later", POST "Content-Length: 5\r\n\r\nhello", GETX);
	RUN1("bytes beyond Content-Length", POST "Content-Length: 5\r\n\r\nhelloXYZ\r\n\r\n");
	RUN1("Expect: 100-continue, body in the same write",
	     POST "Content-Length: 5\r\nExpect: 100-continue\r\n\r\nhello");
	RUN2("Expect: 100-continue, body later",
	     POST "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n", "hello");
	RUN1("Content-Length: 0", POST "Content-Length: 0\r\n\r\n" GETX);
	RUN1("Content-Length: abc", POST "Content-Length: abc\r\n\r\n" GETX);
	RUN1("Content-Length: 5x", POST "Content-Length: 5x\r\n\r\nhello" GETX);
	RUN2("Content-Length: -5", POST "Content-Length: -5\r\n\r\nhello", GETX);
	RUN1("two Content-Length headers", POST "Content-Length: 3\r\nContent-Length: 5\r\n\r\nhello");
	RUN2("POST without a length", POST "\r\nhello", GETX);
	RUN2("PUT without a length", "PUT /p HTTP/1.1\r\n\r\nhello", GETX);
	RUN1("chunked", POST "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
	RUN1("GET with a body", "GET /g HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" GETX);
	RUN2("DELETE without a body", "DELETE /d HTTP/1.1\r\n\r\n", GETX);

	memcpy(big, POST "Content-Length: 10000\r\n\r\n", 53);
	n = (int)strlen(POST "Content-Length: 10000\r\n\r\n");
	for (int i = 0; i < 10000; i++)
		big[n + i] = (char)('a' + i % 26);
	pb[0] = big;
	bl[0] = (size_t)n + 10000;
	run("10000-byte body with its head in one write", pb, bl, 1);

	answer_at_http = 1;
	RUN1("answered in HTTP: the body is skipped",
	     POST "Content-Length: 5\r\n\r\nhello" GETX);
	RUN3("answered in HTTP: the body arrives later and is skipped",
	     POST "Content-Length: 10\r\n\r\nhello", "world", GETX);
	RUN2("answered in HTTP, POST without a length", POST "\r\nhello", GETX);
	answer_at_http = 0;

	flow = 1;
	RUN3("rx flow off in each HTTP_BODY, on 250 ms later (writes 100 ms apart)",
	     POST "Content-Length: 10\r\n\r\nhel", "lo", "world");
	/* (its last flow-off timer ends it: the closed peer is only noticed
	 * once rx flow is back on) */
	wsc_settle(ctx, NULL, 400);
	{
		struct wsc c;

		T("== rx flow off: a request pipelined behind the body waits");
		wsc_init(&c);
		wsc_connect(&c, port);
		wsc_sends(&c, POST "Content-Length: 10\r\n\r\nhelloworld" GETX);
		wsc_settle(ctx, &c, 100);
		T("after 100 ms:");
		wsc_print_rx(&c, "rx");
		wsc_settle(ctx, &c, 400);
		T("after 500 ms:");
		wsc_print_rx(&c, "rx");
		wsc_close(&c);
		wsc_settle(ctx, NULL, 100);
	}
	flow = 0;

	fail_body = 1;
	RUN1("HTTP_BODY returns -1", POST "Content-Length: 5\r\n\r\nhello");
	fail_body = 0;

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
