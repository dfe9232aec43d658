/*
 * lws_serve_http_file from LWS_CALLBACK_HTTP: the head it sends (with a
 * content type, without one, with other_headers), the body streamed
 * afterwards (a 200 KB file arrives whole), HTTP_FILE_COMPLETION and the
 * http dummy completing the transaction there (keep-alive on HTTP/1.1,
 * close on HTTP/1.0), HEAD (head only, transaction completed at once),
 * a missing file (404, return 1), a FILE_COMPLETION handler returning -1
 * (close) instead of calling the dummy.  (Returning 0 there without
 * completing the transaction leaves the oracle answering the next request
 * with stale headers: see docs/deviations.md; not tested.)
 * Printed: return values, callbacks and the exact answers.
 */
#include <libwebsockets.h>
#include "common.h"
#include "httpresp.h"

static int fc_mode;	/* 0: the dummy handles FILE_COMPLETION, else return fc_mode */

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	char path[256];
	const char *u = in;
	int n;

	rsp_print_cb(wsi, (int)reason, in, len);
	if (reason == LWS_CALLBACK_HTTP) {
		const char *ct = "text/plain", *oh = NULL, *f = "a.txt";

		if (!strcmp(u, "/nullct"))
			ct = NULL;
		else if (!strcmp(u, "/other"))
			oh = "x-a: 1\r\nx-b: two\r\n";
		else if (!strcmp(u, "/big")) {
			f = "big.bin";
			ct = "application/octet-stream";
		} else if (!strcmp(u, "/missing"))
			f = "nope.txt";
		else if (!strcmp(u, "/index"))
			f = "index.html";
		else if (strcmp(u, "/plain"))
			return lws_callback_http_dummy(wsi, reason, user, in, len);
		snprintf(path, sizeof(path), "%s/%s", rsp_www, f);
		n = lws_serve_http_file(wsi, path, ct, oh, oh ? (int)strlen(oh) : 0);
		T("  lws_serve_http_file -> %d", n);
		if (n > 0) {
			/* as the header says: the transaction is over */
			n = lws_http_transaction_completed(wsi);
			T("  lws_http_transaction_completed -> %d", n);
			return n ? -1 : 0;
		}
		return n < 0 ? -1 : 0;
	}
	if (reason == LWS_CALLBACK_HTTP_FILE_COMPLETION && fc_mode)
		return fc_mode;
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

	lws_set_log_level(LLL_ERR, NULL);
	rsp_make_www();
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== keep-alive connection");
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /nullct HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "HEAD /plain HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /index HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /plain HTTP/1.1\r\nRange: bytes=1-2\r\n\r\n");
	rsp_req(ctx, &c, "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);

	T("== HTTP/1.0");
	rsp_one(ctx, port, "GET /plain HTTP/1.0\r\n\r\n");
	rsp_one(ctx, port, "HEAD /plain HTTP/1.0\r\n\r\n");

	T("== Connection: close");
	rsp_one(ctx, port, "GET /big HTTP/1.1\r\nConnection: close\r\n\r\n");

	T("== FILE_COMPLETION returns -1");
	fc_mode = -1;
	rsp_one(ctx, port, "GET /plain HTTP/1.1\r\n\r\n");

	fc_mode = 0;

	lws_context_destroy(ctx);
	rsp_rm_www();
	T("done");
	return 0;
}
