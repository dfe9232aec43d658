/*
 * Mounts that hand the request to a protocol, and redirects:
 * - LWSMPRO_CALLBACK naming a protocol by origin: that protocol is bound
 *   (HTTP_BIND_PROTOCOL, CHECK_ACCESS_RIGHTS) and gets LWS_CALLBACK_HTTP
 *   with the whole URI; with the mount's `protocol` field set, that
 *   protocol gets the URI after the mountpoint, after a second bind;
 *   an unknown protocol closes the connection;
 * - a file mount with `protocol`: ADD_HEADERS lets it add headers to the
 *   file's head, a missing file goes to its HTTP callback;
 * - LWSMPRO_REDIR_HTTP / _HTTPS: 301 to the origin, then close;
 * - longest prefix, and a callback mount winning over a longer file mount.
 * Printed: callbacks (with the protocol they ran on) and exact answers.
 */
#include <libwebsockets.h>
#include "common.h"
#include "httpresp.h"

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	rsp_print_cb(wsi, (int)reason, in, len);
	if (reason == LWS_CALLBACK_ADD_HEADERS) {
		struct lws_process_html_args *a = in;
		unsigned char *p = (unsigned char *)a->p;

		if (lws_add_http_header_by_name(wsi, (const unsigned char *)"x-added:",
				(const unsigned char *)"yes", 3, &p,
				(unsigned char *)a->p + a->max_len))
			return 1;
		a->p = (char *)p;
		return 0;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ "app", cb, 32, 0, 0, NULL, 0 },
	{ "other", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_http_mount m[9];
static char o_www[128];

static void
mount(int i, const char *mp, const char *origin, int op, const char *prot)
{
	m[i].mountpoint = mp;
	m[i].mountpoint_len = (unsigned char)strlen(mp);
	m[i].origin = origin;
	m[i].origin_protocol = (unsigned char)op;
	m[i].protocol = prot;
	m[i].def = op == LWSMPRO_FILE ? "index.html" : NULL;
	if (i)
		m[i - 1].mount_next = &m[i];
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	int port;

	lws_set_log_level(LLL_ERR, NULL);
	rsp_make_www();
	snprintf(o_www, sizeof(o_www), "%s", rsp_www);
	mount(0, "/api", "app", LWSMPRO_CALLBACK, NULL);
	mount(1, "/named", "app", LWSMPRO_CALLBACK, "other");
	mount(2, "/bad", "nosuch", LWSMPRO_CALLBACK, NULL);
	mount(3, "/pf", o_www, LWSMPRO_FILE, "app");
	mount(4, "/r", "example.com/there", LWSMPRO_REDIR_HTTP, NULL);
	mount(5, "/rs", "example.com/", LWSMPRO_REDIR_HTTPS, NULL);
	mount(6, "/f", o_www, LWSMPRO_FILE, NULL);
	/* a callback mount wins over the longer file mount /f/cb/x */
	mount(7, "/f/cb", "app", LWSMPRO_CALLBACK, NULL);
	mount(8, "/f/cb/x", o_www, LWSMPRO_FILE, NULL);

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.mounts = &m[0];
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== callback mounts, one keep-alive connection");
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /api/v1/items?id=3 HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /api HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /named/a/b HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /named HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /f/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /f/cb/x/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /nomount HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /apix HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);

	T("== file mount with a protocol");
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /pf/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "HEAD /pf/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /pf/a.txt HTTP/1.1\r\nIf-None-Match: 000000065E0BE100\r\n\r\n");
	rsp_req(ctx, &c, "GET /pf/nope.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /pf/dir/ HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);

	T("== unknown protocol");
	rsp_one(ctx, port, "GET /bad/x HTTP/1.1\r\nHost: x\r\n\r\n");

	T("== redirect mounts");
	rsp_one(ctx, port, "GET /r HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_one(ctx, port, "GET /r/a/b?c=d HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_one(ctx, port, "GET /rs/q HTTP/1.0\r\n\r\n");

	T("== an upgrade to something else than websocket on a mount");
	rsp_one(ctx, port, "GET /api/x HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: foo\r\n\r\n");

	lws_context_destroy(ctx);
	rsp_rm_www();
	T("done");
	return 0;
}
