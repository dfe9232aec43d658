/*
 * info->server_string: which answers carry a "server:" header and where it
 * goes.  One context with server_string set and one without; on each, the
 * answers a server gives: lws_callback_http_dummy's 404 page, a file from
 * an LWSMPRO_FILE mount, lws_add_http_common_headers, a head built with
 * lws_add_http_header_status + by_name, lws_return_http_status,
 * lws_http_redirect, a WebSocket upgrade's 101 and the 403 of a bad
 * request.  Printed: the response head lines (etag masked: it carries the
 * file's mtime).
 */
#include <libwebsockets.h>
#include <sys/stat.h>
#include "common.h"
#include "wsclient.h"

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 512], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	const char *uri = (const char *)in;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		if (!strcmp(uri, "/dyn")) {
			if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
					"text/plain", 2, &p, end) ||
			    lws_finalize_write_http_header(wsi, start, &p, end))
				return 1;
			lws_callback_on_writable(wsi);
			return 0;
		}
		if (!strcmp(uri, "/hdr")) {
			if (lws_add_http_header_status(wsi, HTTP_STATUS_OK, &p, end) ||
			    lws_add_http_header_by_name(wsi,
					(const unsigned char *)"x-a:",
					(const unsigned char *)"b", 1, &p, end) ||
			    lws_add_http_header_content_length(wsi, 0, &p, end) ||
			    lws_finalize_write_http_header(wsi, start, &p, end))
				return 1;
			return lws_http_transaction_completed(wsi) ? -1 : 0;
		}
		if (!strcmp(uri, "/status")) {
			if (lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN,
						   "nope"))
				return -1;
			return lws_http_transaction_completed(wsi) ? -1 : 0;
		}
		if (!strcmp(uri, "/redir")) {
			if (lws_http_redirect(wsi, HTTP_STATUS_FOUND,
					(const unsigned char *)"/there", 6,
					&p, end) < 0)
				return -1;
			return lws_http_transaction_completed(wsi) ? -1 : 0;
		}
		break;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		memcpy(start, "ok", 2);
		if (lws_write(wsi, start, 2, LWS_WRITE_HTTP_FINAL) != 2)
			return 1;
		return lws_http_transaction_completed(wsi) ? -1 : 0;
	default:
		break;
	}

	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ "ws", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const char *want_server;	/* NULL: no server: line expected */

/* print the response head, one line each, etag masked; check that the
 * second line is (or no line is) the server: header */
static void
show_head(struct wsc *c, int is_upgrade)
{
	int hl = wsc_head_len(c), n = 0, seen = 0;
	char *s, *e, line[512], want[128];

	if (hl < 0) {
		T("  no head (%s, %d bytes)", wsc_state(c), (int)c->len);
		return;
	}
	snprintf(want, sizeof(want), "server: %s", want_server ? want_server : "");
	s = (char *)c->buf;
	while (s < (char *)c->buf + hl - 2) {
		e = strstr(s, "\r\n");
		if (!e)
			break;
		snprintf(line, sizeof(line), "%.*s", (int)(e - s), s);
		if (!strncasecmp(line, "etag:", 5))
			T("  etag: (masked)");
		else
			T("  %s", line);
		if (!strncasecmp(line, "server:", 7)) {
			seen = 1;
			CHECK(want_server && !is_upgrade && n == 1);
			CHECK_STR(line, want);
		}
		n++;
		s = e + 2;
	}
	CHECK(seen == (want_server && !is_upgrade));
}

static void
one(struct lws_context *ctx, int port, const char *what, const char *req)
{
	struct wsc c;

	T("-- %s", what);
	wsc_connect(&c, port);
	wsc_sends(&c, req);
	wsc_pump(ctx, &c, WSC_UNTIL_HEAD, 0);
	show_head(&c, !strncmp(what, "ws ", 3));
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 30);
}

int
main(void)
{
	char dir[] = "/tmp/lws-capi-srvstr-XXXXXX", path[256], up[1024];
	struct lws_context_creation_info info;
	struct lws_http_mount m;
	struct lws_context *ctx;
	FILE *f;
	int port, i;

	lws_set_log_level(LLL_ERR, NULL);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	fputs("hello\n", f);
	fclose(f);

	memset(&m, 0, sizeof(m));
	m.mountpoint = "/files";
	m.mountpoint_len = 6;
	m.origin = dir;
	m.origin_protocol = LWSMPRO_FILE;

	wsc_format_upgrade(up, sizeof(up), "/", "ws", NULL);

	for (i = 0; i < 2; i++) {
		T("== server_string %s", i ? "NULL" : "\"srv-x/1.0\"");
		memset(&info, 0, sizeof(info));
		info.protocols = prots;
		info.mounts = &m;
		info.server_string = i ? NULL : "srv-x/1.0";
		want_server = info.server_string;
		ctx = wsc_create_context(&info, &port);
		wsc_settle(ctx, NULL, 20);

		one(ctx, port, "dummy 404", "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "file mount", "GET /files/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "file mount, missing", "GET /files/b.txt HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "common headers", "GET /dyn HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "header_status + by_name", "GET /hdr HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "return_http_status 403", "GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "http_redirect", "GET /redir HTTP/1.1\r\nHost: x\r\n\r\n");
		one(ctx, port, "HTTP/1.0 common headers", "GET /dyn HTTP/1.0\r\n\r\n");
		one(ctx, port, "ws upgrade", up);
		one(ctx, port, "bad request", "GET nothing HTTP/1.1\r\nHost: x\r\n\r\n");

		lws_context_destroy(ctx);
	}
	unlink(path);
	rmdir(dir);
	T("done");
	return 0;
}
