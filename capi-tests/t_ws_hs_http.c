/*
 * Plain HTTP on a WebSocket server whose protocols[0] forwards to
 * lws_callback_http_dummy and that has no mounts: the exact response to a
 * GET (status, headers, body; any Date header omitted), HTTP/1.1 keep-alive
 * (a second request on the same connection, two pipelined requests) versus
 * HTTP/1.0 (closed after the answer unless "Connection: keep-alive"),
 * "Connection: close", HEAD, a POST with a body, and a WebSocket upgrade on
 * the same vhost (with and without naming the ws protocol).
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int logon;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	const struct lws_protocols *p = lws_get_protocol(wsi);

	if (logon && !wsc_reason_is_noise(reason)) {
		T("  cb %s prot=%s len=%zu user=%s", wsc_reason(reason),
		  p && p->name ? p->name : "(none)", len, user ? "set" : "NULL");
		if ((reason == LWS_CALLBACK_HTTP ||
		     reason == LWS_CALLBACK_FILTER_HTTP_CONNECTION ||
		     reason == LWS_CALLBACK_HTTP_CONFIRM_UPGRADE) && in)
			T("    in=\"%s\"", (const char *)in);
		if (reason == LWS_CALLBACK_HTTP_BODY && in)
			capi_print_bytes("    body", in, len);
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ "ws", cb, 32, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

/* send req on c (connecting first if needed), collect what comes back */
static void
req(struct wsc *c, const char *title, const char *r)
{
	T("-- %s", title);
	if (c->fd < 0)
		wsc_connect(c, port);
	wsc_sends(c, r);
	wsc_pump(ctx, c, WSC_UNTIL_HEAD, 0);
	wsc_settle(ctx, c, 60);
	wsc_print_rx(c, "rx");
	T("connection %s", wsc_alive(c));
}

static void
done(struct wsc *c)
{
	wsc_close(c);
	wsc_settle(ctx, NULL, 60);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct wsc c;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	logon = 1;

	T("== HTTP/1.1 keep-alive: two requests on one connection");
	wsc_init(&c);
	req(&c, "GET /", "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
	req(&c, "GET /second?x=1", "GET /second?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
	done(&c);

	T("== HTTP/1.1 two pipelined requests in one write");
	wsc_init(&c);
	req(&c, "GET /p1 + GET /p2",
	    "GET /p1 HTTP/1.1\r\nHost: a\r\n\r\nGET /p2 HTTP/1.1\r\nHost: a\r\n\r\n");
	done(&c);

	T("== HTTP/1.0 closes");
	wsc_init(&c);
	req(&c, "GET / HTTP/1.0", "GET / HTTP/1.0\r\n\r\n");
	done(&c);

	T("== HTTP/1.0 with Connection: keep-alive");
	wsc_init(&c);
	req(&c, "GET / HTTP/1.0 keep-alive",
	    "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
	done(&c);

	T("== HTTP/1.1 with Connection: close");
	wsc_init(&c);
	req(&c, "GET / close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	done(&c);

	T("== HEAD");
	wsc_init(&c);
	req(&c, "HEAD /", "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
	done(&c);

	T("== POST with a body");
	wsc_init(&c);
	req(&c, "POST /form",
	    "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n\r\nhello");
	done(&c);

	T("== ws upgrade naming \"ws\" on the same vhost");
	if (wsc_upgrade(ctx, &c, port, "/", "ws", NULL) > 0) {
		c.pos = 0;
		wsc_print_rx(&c, "rx");
	}
	T("connection %s", wsc_alive(&c));
	done(&c);

	T("== ws upgrade naming no protocol (protocols[0] is the http one)");
	if (wsc_upgrade(ctx, &c, port, "/", NULL, NULL) > 0) {
		c.pos = 0;
		wsc_print_rx(&c, "rx");
	}
	T("connection %s", wsc_alive(&c));
	done(&c);

	logon = 0;
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
