/*
 * Helpers for the HTTP response tests (t_http_file_*, t_http_mount_*,
 * t_http_redirect*, t_http_sse*, t_http_dummy*): a scratch document tree
 * with fixed contents and mtimes (so etags are the same on every run), a
 * callback printer, and one-request-at-a-time exchanges whose answers are
 * printed (large bodies as length + checksum).
 */
#ifndef CAPI_HTTPRESP_H
#define CAPI_HTTPRESP_H

#include <stdlib.h>
#include <sys/stat.h>
#include <utime.h>
#include "wsclient.h"

static char rsp_www[64];

static void
rsp_write(const char *rel, const void *data, size_t len)
{
	char path[256];
	struct utimbuf t = { 1577836800, 1577836800 };	/* 2020-01-01 */
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", rsp_www, rel);
	f = fopen(path, "wb");
	CHECK(f);
	CHECK(fwrite(data, 1, len, f) == len);
	fclose(f);
	CHECK(!utime(path, &t));
}

static void
rsp_writes(const char *rel, const char *s)
{
	rsp_write(rel, s, strlen(s));
}

#define RSP_BIG 200000

/* www/{a.txt, index.html, f.zz, noext, big.bin, 404.html,
 *      dir/index.html, sub/s.txt, sub/index.html, inlink.txt -> a.txt} */
static inline void
rsp_make_www(void)
{
	static unsigned char big[RSP_BIG];
	char p[256], q[256];
	size_t n;

	snprintf(rsp_www, sizeof(rsp_www), "/tmp/capi-resp-XXXXXX");
	CHECK(mkdtemp(rsp_www));
	snprintf(p, sizeof(p), "%s/dir", rsp_www);
	CHECK(!mkdir(p, 0700));
	snprintf(p, sizeof(p), "%s/sub", rsp_www);
	CHECK(!mkdir(p, 0700));
	rsp_writes("a.txt", "hello\n");
	rsp_writes("index.html", "<html>idx</html>\n");
	rsp_writes("f.zz", "zz\n");
	rsp_writes("noext", "noext");
	rsp_writes("404.html", "404 page\n");
	rsp_writes("dir/index.html", "dirindex\n");
	rsp_writes("sub/s.txt", "subfile\n");
	rsp_writes("sub/index.html", "sub index\n");
	for (n = 0; n < sizeof(big); n++)
		big[n] = (unsigned char)((n * 7 + n / 251) & 0xff);
	rsp_write("big.bin", big, sizeof(big));
	snprintf(p, sizeof(p), "%s/a.txt", rsp_www);
	snprintf(q, sizeof(q), "%s/inlink.txt", rsp_www);
	CHECK(!symlink(p, q));
}

static inline void
rsp_rm_www(void)
{
	static const char *const f[] = { "a.txt", "index.html", "f.zz", "noext",
		"404.html", "dir/index.html", "sub/s.txt", "sub/index.html",
		"big.bin", "inlink.txt", "dir", "sub", NULL };
	char p[256];
	int n;

	for (n = 0; f[n]; n++) {
		snprintf(p, sizeof(p), "%s/%s", rsp_www, f[n]);
		remove(p);
	}
	rmdir(rsp_www);
}

/* prints a callback (not the noise ones) with its protocol's name */
static void
rsp_print_cb(struct lws *wsi, int reason, void *in, size_t len)
{
	const struct lws_protocols *p = lws_get_protocol(wsi);

	if (wsc_reason_is_noise(reason) || reason == LWS_CALLBACK_PROTOCOL_INIT ||
	    reason == LWS_CALLBACK_PROTOCOL_DESTROY ||
	    reason == LWS_CALLBACK_WSI_CREATE || reason == LWS_CALLBACK_WSI_DESTROY ||
	    reason == LWS_CALLBACK_FILTER_NETWORK_CONNECTION ||
	    reason == LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED)
		return;
	if ((reason == LWS_CALLBACK_HTTP ||
	     reason == LWS_CALLBACK_FILTER_HTTP_CONNECTION) && in)
		T("  %s cb %s in=%.*s len=%d", p && p->name ? p->name : "-",
		  wsc_reason(reason), (int)len, (const char *)in, (int)len);
	else
		T("  %s cb %s", p && p->name ? p->name : "-", wsc_reason(reason));
}

static unsigned long
rsp_sum(const unsigned char *p, size_t n)
{
	unsigned long s = 5381;

	while (n--)
		s = s * 33 + *p++;
	return s;
}

/* services until the answer stopped coming (or the connection ended) */
static void
rsp_pump(struct lws_context *ctx, struct wsc *c)
{
	long long end = capi_now_ms() + 5000, quiet = capi_now_ms() + 250;
	size_t last = c->len;

	while (capi_now_ms() < end && capi_now_ms() < quiet && !c->eof && !c->reset) {
		wsc_step(ctx, c);
		if (c->len != last) {
			last = c->len;
			quiet = capi_now_ms() + 250;
		}
	}
	wsc_settle(ctx, c, 20);
}

/* prints what was received: head lines, then the body (long ones as
 * length and checksum); forgets it */
static void
rsp_print_answer(struct wsc *c)
{
	int hl = wsc_head_len(c);
	size_t blen;

	if (hl < 0) {
		c->pos = 0;
		wsc_print_rx(c, "  rx");
	} else {
		size_t keep = c->len;

		c->pos = 0;
		c->len = (size_t)hl;
		wsc_print_rx(c, "  rx");
		c->len = keep;
		blen = c->len - (size_t)hl;
		if (blen > 256)
			T("  body %zu bytes, sum %lu", blen,
			  rsp_sum(c->buf + hl, blen));
		else if (blen)
			capi_print_bytes("  body", c->buf + hl, blen);
	}
	T("  connection %s", wsc_alive(c));
	c->len = 0;
	c->pos = 0;
}

/* sends one request on c and prints the answer */
static void
rsp_req(struct lws_context *ctx, struct wsc *c, const char *req)
{
	const char *e = strchr(req, '\r');

	T("> %.*s", e ? (int)(e - req) : (int)strlen(req), req);
	wsc_sends(c, req);
	rsp_pump(ctx, c);
	rsp_print_answer(c);
}

/* a fresh connection, one request, then the connection is dropped */
static void
rsp_one(struct lws_context *ctx, int port, const char *req)
{
	struct wsc c;

	wsc_connect(&c, port);
	rsp_req(ctx, &c, req);
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
}

#endif
