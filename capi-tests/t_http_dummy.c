/*
 * lws_callback_http_dummy's default behaviour, called by hand from
 * LWS_CALLBACK_HTTP with various reasons: HTTP answers 404 and completes
 * the transaction; HTTP_BODY_COMPLETION and HTTP_FILE_COMPLETION complete
 * the transaction without sending anything; the other reasons do nothing
 * and return 0 (the test then answers 200 itself).  Also: the dummy as
 * the whole protocol callback (HTTP/1.1 keep-alive and HTTP/1.0).
 * (Reason LWS_CALLBACK_SSL_INFO with in == NULL crashes the oracle: not
 * called.)
 */
#include <libwebsockets.h>
#include "common.h"
#include "httpresp.h"

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	int n, r;

	rsp_print_cb(wsi, (int)reason, in, len);
	if (reason != LWS_CALLBACK_HTTP || strncmp((const char *)in, "/r/", 3))
		return lws_callback_http_dummy(wsi, reason, user, in, len);

	r = atoi((const char *)in + 3);
	n = lws_callback_http_dummy(wsi, (enum lws_callback_reasons)r, user,
				    r == LWS_CALLBACK_HTTP ? in : NULL,
				    r == LWS_CALLBACK_HTTP ? len : 0);
	T("  lws_callback_http_dummy(%s = %d) -> %d", wsc_reason(r), r, n);
	if (r == LWS_CALLBACK_HTTP || r == LWS_CALLBACK_HTTP_BODY_COMPLETION ||
	    r == LWS_CALLBACK_HTTP_FILE_COMPLETION)
		return n;
	n = lws_return_http_status(wsi, 200, "ok");
	T("  lws_return_http_status -> %d", n);
	n = lws_http_transaction_completed(wsi);
	T("  lws_http_transaction_completed -> %d", n);
	return n ? -1 : 0;
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ "plain", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const struct lws_protocols prots_dummy[] = {
	{ "dummy", lws_callback_http_dummy, 16, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	static const int reasons[] = {
		LWS_CALLBACK_HTTP, LWS_CALLBACK_HTTP_BODY_COMPLETION,
		LWS_CALLBACK_HTTP_FILE_COMPLETION, LWS_CALLBACK_ESTABLISHED,
		LWS_CALLBACK_CLOSED, LWS_CALLBACK_RECEIVE,
		LWS_CALLBACK_SERVER_WRITEABLE, LWS_CALLBACK_HTTP_WRITEABLE,
		LWS_CALLBACK_CLOSED_HTTP, LWS_CALLBACK_HTTP_BODY,
		LWS_CALLBACK_HTTP_BIND_PROTOCOL, LWS_CALLBACK_HTTP_DROP_PROTOCOL,
		LWS_CALLBACK_ADD_HEADERS, LWS_CALLBACK_CHECK_ACCESS_RIGHTS,
		LWS_CALLBACK_PROTOCOL_INIT, LWS_CALLBACK_TIMER,
	};
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	char req[128];
	size_t i;
	int port;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== reasons, one keep-alive connection");
	wsc_connect(&c, port);
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		snprintf(req, sizeof(req), "GET /r/%d HTTP/1.1\r\nHost: x\r\n\r\n",
			 reasons[i]);
		rsp_req(ctx, &c, req);
	}
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
	lws_context_destroy(ctx);

	T("== the dummy as the protocol callback");
	memset(&info, 0, sizeof(info));
	info.protocols = prots_dummy;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
	rsp_one(ctx, port, "GET /y HTTP/1.0\r\n\r\n");
	lws_context_destroy(ctx);

	T("done");
	return 0;
}
