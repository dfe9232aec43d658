/*
 * Request header accessors on a WebSocket upgrade, in
 * FILTER_PROTOCOL_CONNECTION and in ESTABLISHED (where Janus reads them):
 * lws_hdr_total_length, lws_hdr_copy (exact fit, too small),
 * lws_hdr_fragment_length / lws_hdr_copy_fragment for every fragment,
 * lws_hdr_custom_length / lws_hdr_custom_copy for custom headers (present,
 * repeated, missing, wrong case, buffer too small), the URI arguments and
 * lws_get_urlarg_by_name; the headers are still there in ESTABLISHED and
 * gone in RECEIVE.  A request without Host is refused after the filter.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int logon;

static const struct {
	enum lws_token_indexes tok;
	const char *name;
} toks[] = {
	{ WSI_TOKEN_GET_URI, "GET_URI" },
	{ WSI_TOKEN_HOST, "HOST" },
	{ WSI_TOKEN_CONNECTION, "CONNECTION" },
	{ WSI_TOKEN_UPGRADE, "UPGRADE" },
	{ WSI_TOKEN_ORIGIN, "ORIGIN" },
	{ WSI_TOKEN_KEY, "KEY" },
	{ WSI_TOKEN_VERSION, "VERSION" },
	{ WSI_TOKEN_PROTOCOL, "PROTOCOL" },
	{ WSI_TOKEN_EXTENSIONS, "EXTENSIONS" },
	{ WSI_TOKEN_HTTP, "HTTP" },
	{ WSI_TOKEN_HTTP_ACCEPT, "ACCEPT" },
	{ WSI_TOKEN_HTTP_COOKIE, "COOKIE" },
	{ WSI_TOKEN_HTTP_USER_AGENT, "USER_AGENT" },
	{ WSI_TOKEN_HTTP_URI_ARGS, "URI_ARGS" },
	{ WSI_TOKEN_X_FORWARDED_FOR, "X_FORWARDED_FOR" },
	{ WSI_TOKEN_HTTP_AUTHORIZATION, "AUTHORIZATION" },
};

static const char *customs[] = {
	"x-custom:", "x-multi:", "x-empty:", "x-missing:", "X-Custom:",
	"x-custom", "janus-token:",
};

static void
dump(struct lws *wsi)
{
	char buf[256], l[96];
	size_t i;
	int n, t, f, fl;

	for (i = 0; i < sizeof(toks) / sizeof(toks[0]); i++) {
		t = lws_hdr_total_length(wsi, toks[i].tok);
		memset(buf, 0, sizeof(buf));
		n = lws_hdr_copy(wsi, buf, sizeof(buf), toks[i].tok);
		snprintf(l, sizeof(l), "    %s total=%d copy=%d", toks[i].name, t, n);
		capi_print_bytes(l, buf, n > 0 ? (size_t)n : 0);
		for (f = 0; f < 4; f++) {
			fl = lws_hdr_fragment_length(wsi, toks[i].tok, f);
			memset(buf, 0, sizeof(buf));
			n = lws_hdr_copy_fragment(wsi, buf, sizeof(buf), toks[i].tok, f);
			if (fl <= 0 && n <= 0)
				continue;
			snprintf(l, sizeof(l), "      frag %d len=%d copy=%d", f, fl, n);
			capi_print_bytes(l, buf, n > 0 ? (size_t)n : 0);
		}
		if (t > 0) {
			/* exact length: no room for the NUL */
			n = lws_hdr_copy(wsi, buf, t, toks[i].tok);
			T("      copy into %d bytes -> %d", t, n);
			n = lws_hdr_copy(wsi, buf, t + 1, toks[i].tok);
			T("      copy into %d bytes -> %d", t + 1, n);
			n = lws_hdr_copy_fragment(wsi, buf, 1, toks[i].tok, 0);
			T("      copy_fragment into 1 byte -> %d", n);
		}
	}
	for (i = 0; i < sizeof(customs) / sizeof(customs[0]); i++) {
		t = lws_hdr_custom_length(wsi, customs[i], (int)strlen(customs[i]));
		memset(buf, 0, sizeof(buf));
		n = lws_hdr_custom_copy(wsi, buf, sizeof(buf), customs[i],
					(int)strlen(customs[i]));
		snprintf(l, sizeof(l), "    custom \"%s\" length=%d copy=%d",
			 customs[i], t, n);
		capi_print_bytes(l, buf, n > 0 ? (size_t)n : 0);
		if (t > 0) {
			n = lws_hdr_custom_copy(wsi, buf, t, customs[i],
						(int)strlen(customs[i]));
			T("      custom copy into %d bytes -> %d", t, n);
			n = lws_hdr_custom_copy(wsi, buf, t + 1, customs[i],
						(int)strlen(customs[i]));
			T("      custom copy into %d bytes -> %d", t + 1, n);
		}
	}
	{
		static const char *args[] = { "a=", "b=", "c", "a", "zz=", "d=" };

		for (i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
			const char *r;

			memset(buf, 0, sizeof(buf));
			r = lws_get_urlarg_by_name(wsi, args[i], buf, sizeof(buf));
			snprintf(l, sizeof(l), "    urlarg \"%s\" -> %s", args[i],
				 r ? "found" : "NULL");
			if (r) {
				CHECK(r == buf + strlen(args[i]) || r >= buf);
				capi_print_bytes(l, r, strlen(r));
			} else
				T("%s", l);
		}
	}
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	if (!logon || wsc_reason_is_noise(reason))
		return 0;
	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
	case LWS_CALLBACK_ESTABLISHED:
		T("  cb %s", wsc_reason(reason));
		dump(wsi);
		break;
	case LWS_CALLBACK_RECEIVE:
		T("  cb RECEIVE");
		dump(wsi);
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "chat", cb, 0, 0, 0, NULL, 0 },
	{ "janus-protocol", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

static void
run(const char *title, const char *req)
{
	struct wsc c;
	int hl;

	T("== %s", title);
	wsc_connect(&c, port);
	wsc_sends(&c, req);
	wsc_pump(ctx, &c, WSC_UNTIL_HEAD, 0);
	hl = wsc_head_len(&c);
	T("response head received: %s, status line %s", yesno(hl > 0),
	  hl > 12 && !memcmp(c.buf, "HTTP/1.1 101 ", 13) ? "101" : "other");
	if (hl < 0) {
		wsc_pump(ctx, &c, WSC_UNTIL_CLOSED, 0);
		T("client got %zu bytes, connection %s", c.len, wsc_alive(&c));
	} else {
		c.pos = (size_t)hl;
		wsc_send_frame(&c, 1, 1, "x", 1);
		wsc_pump_ex(ctx, &c, WSC_UNTIL_NOTHING, 0, NULL, 0, 100);
	}
	wsc_close(&c);
	wsc_settle(ctx, NULL, 40);
}

int
main(void)
{
	struct lws_context_creation_info info;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	logon = 1;

	run("rich request",
	    "GET /path/sub%20dir/x?a=1&b=two%20x&c&d=%3d+y HTTP/1.1\r\n"
	    "Host: 127.0.0.1:1234\r\n"
	    "Origin: http://example.com\r\n"
	    "User-Agent: capi-test/1.0\r\n"
	    "Cookie: k=v\r\n"
	    "Cookie: k2=v2\r\n"
	    "Accept: a\r\n"
	    "Accept: b\r\n"
	    "X-Forwarded-For: 10.0.0.1\r\n"
	    "Authorization: Bearer abc\r\n"
	    "X-Custom: hello world\r\n"
	    "X-Multi: one\r\n"
	    "X-Multi: two\r\n"
	    "X-Empty:\r\n"
	    "Janus-Token:   tok123  \r\n"
	    "Upgrade: websocket\r\n"
	    "Connection: keep-alive, Upgrade\r\n"
	    "Sec-WebSocket-Key: " WSC_KEY "\r\n"
	    "Sec-WebSocket-Version: 13\r\n"
	    "Sec-WebSocket-Protocol: janus-protocol\r\n"
	    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
	    "\r\n");

	run("minimal request, no protocol, no args",
	    "GET / HTTP/1.1\r\n"
	    "Upgrade: websocket\r\n"
	    "Connection: Upgrade\r\n"
	    "Sec-WebSocket-Key: " WSC_KEY "\r\n"
	    "\r\n");

	run("args with empty values and a trailing ?",
	    "GET /q?=&x=&&y HTTP/1.1\r\n"
	    "Upgrade: websocket\r\n"
	    "Connection: Upgrade\r\n"
	    "Sec-WebSocket-Key: " WSC_KEY "\r\n"
	    "Sec-WebSocket-Version: 13\r\n"
	    "\r\n");

	logon = 0;
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
