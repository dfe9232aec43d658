/*
 * LWSMPRO_FILE mounts: files and the `def` index, MIME types (built-in,
 * extra_mimetypes, none -> 415), cache-control from cache_max_age /
 * cache_reusable / cache_revalidate / cache_intermediaries, etag and
 * If-None-Match -> 304, HEAD, ranges (ignored: no LWS_WITH_RANGES),
 * `..` and %2e%2e (normalised away before the mount is chosen), an
 * encoded NUL (the connection is dropped), the
 * mountpoint itself (301 to the directory form when a Host is given, else
 * closed), longest-prefix choice, a missing file handed to the protocol
 * (the dummy's 404, or the vhost's error_document_404 as a 302), HTTP/1.0
 * and a 200 KB file streamed.  Printed: callbacks and exact answers.
 */
#include <libwebsockets.h>
#include "common.h"
#include "httpresp.h"

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	rsp_print_cb(wsi, (int)reason, in, len);
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const struct lws_protocol_vhost_options xmime2 = {
	NULL, NULL, ".bin", "application/x-big"
};
static const struct lws_protocol_vhost_options xmime = {
	&xmime2, NULL, ".zz", "application/zz"
};

static const struct lws_protocol_vhost_options vh_hdr2 = {
	NULL, NULL, "x-frame-options:", "sameorigin"
};
static const struct lws_protocol_vhost_options vh_hdr = {
	&vh_hdr2, NULL, "x-vh:", "1"
};

static struct lws_http_mount m_files, m_cache, m_deep, m_rev;
static char o_www[128], o_sub[128];

static void
mounts(void)
{
	snprintf(o_www, sizeof(o_www), "%s", rsp_www);
	snprintf(o_sub, sizeof(o_sub), "%s/sub", rsp_www);

	m_files.mountpoint = "/files";
	m_files.mountpoint_len = 6;
	m_files.origin = o_www;
	m_files.def = "index.html";
	m_files.origin_protocol = LWSMPRO_FILE;
	m_files.extra_mimetypes = &xmime;
	m_files.mount_next = &m_cache;

	m_cache.mountpoint = "/cache";
	m_cache.mountpoint_len = 6;
	m_cache.origin = o_www;
	m_cache.origin_protocol = LWSMPRO_FILE;
	m_cache.cache_max_age = 60;
	m_cache.cache_reusable = 1;
	m_cache.cache_intermediaries = 1;
	m_cache.mount_next = &m_rev;

	m_rev.mountpoint = "/rev";
	m_rev.mountpoint_len = 4;
	m_rev.origin = o_www;
	m_rev.origin_protocol = LWSMPRO_FILE;
	m_rev.cache_max_age = 30;
	m_rev.cache_reusable = 1;
	m_rev.cache_revalidate = 1;
	m_rev.mount_next = &m_deep;

	/* longer than /files: wins for /files/deep/... */
	m_deep.mountpoint = "/files/deep";
	m_deep.mountpoint_len = 11;
	m_deep.origin = o_sub;
	m_deep.origin_protocol = LWSMPRO_FILE;
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
	mounts();
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.mounts = &m_files;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);

	T("== one keep-alive connection");
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/ HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/dir HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/dir/ HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/f.zz HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/noext HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/inlink.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "HEAD /files/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nRange: bytes=1-3\r\n\r\n");
	rsp_req(ctx, &c, "GET /cache/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /rev/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/deep/s.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/nope.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);

	T("== etag");
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nIf-None-Match: 000000065E0BE100\r\n\r\n");
	rsp_req(ctx, &c, "GET /cache/a.txt HTTP/1.1\r\nIf-None-Match: 000000065E0BE100\r\n\r\n");
	rsp_req(ctx, &c, "HEAD /files/a.txt HTTP/1.1\r\nIf-None-Match: 000000065E0BE100\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nIf-None-Match: \"000000065E0BE100\"\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nIf-None-Match: 1234\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
	rsp_one(ctx, port, "GET /files/a.txt HTTP/1.0\r\nIf-None-Match: 000000065E0BE100\r\n\r\n");

	T("== paths");
	rsp_one(ctx, port, "GET /files/../a.txt HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files/dir/../a.txt HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files/a.txt%00.html HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files/%2e%2e%2fa.txt HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files/sub/%2e%2e/a.txt HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /filesx HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files HTTP/1.1\r\nHost: example.com:80\r\n\r\n");
	rsp_one(ctx, port, "GET /files HTTP/1.1\r\n\r\n");
	rsp_one(ctx, port, "GET /files?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");

	T("== HTTP/1.0");
	rsp_one(ctx, port, "GET /files/a.txt HTTP/1.0\r\n\r\n");
	rsp_one(ctx, port, "HEAD /files/a.txt HTTP/1.0\r\n\r\n");
	rsp_one(ctx, port, "GET /files/nope HTTP/1.0\r\n\r\n");

	lws_context_destroy(ctx);

	T("== error_document_404, vhost headers");
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.mounts = &m_files;
	info.error_document_404 = "/files/404.html";
	info.headers = &vh_hdr;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	wsc_connect(&c, port);
	rsp_req(ctx, &c, "GET /files/nope.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/404.html HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/noext HTTP/1.1\r\nHost: x\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nIf-None-Match: 000000065E0BE100\r\n\r\n");
	rsp_req(ctx, &c, "GET /files/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
	lws_context_destroy(ctx);

	rsp_rm_www();
	T("done");
	return 0;
}
