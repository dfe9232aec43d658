/*
 * capi-tests: run serial (the order of close and read depends on timing under load).
 *
 * Bad clients before the WebSocket upgrade completes: malformed request
 * lines, binary garbage, headers beyond max_http_header_data, an upgrade
 * without Host / without key / without "Connection: upgrade" / with an
 * unknown Upgrade, a client that connects and leaves at once (FIN and RST),
 * half a request then RST, and a silent client and half a request that
 * stall (dropped by the idle timeout, timeout_secs_ah_idle = 2 here).  What
 * the client receives and which callbacks run; after every bad client a
 * good one must still upgrade.
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

	if (logon && !wsc_reason_is_noise(reason))
		T("  cb %s prot=%s user=%s", wsc_reason(reason),
		  p && p->name ? p->name : "(none)", user ? "set" : "NULL");
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "alpha", cb, 16, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

static void
good_client(void)
{
	struct wsc c;
	int lo = logon, st;

	logon = 0;
	st = wsc_upgrade(ctx, &c, port, "/", "alpha", NULL);
	T("good client: status %d", st);
	CHECK_INT(st, 101);
	wsc_close(&c);
	wsc_settle(ctx, NULL, 30);
	logon = lo;
}

/* send raw bytes, wait (up to 1.5 s) for the server to close, print */
static void
bad(const char *title, const void *req, size_t len)
{
	struct wsc c;

	T("== %s", title);
	wsc_connect(&c, port);
	wsc_send(&c, req, len);
	wsc_pump_ex(ctx, &c, WSC_UNTIL_CLOSED, 0, NULL, 1500, WSC_SETTLE_MS);
	wsc_print_rx(&c, "rx");
	T("client connection %s", wsc_alive(&c));
	wsc_close(&c);
	wsc_settle(ctx, NULL, 40);
	good_client();
}

static void
bads(const char *title, const char *req)
{
	bad(title, req, strlen(req));
}

#define UPG "Upgrade: websocket\r\nConnection: Upgrade\r\n"
#define KEYH "Sec-WebSocket-Key: " WSC_KEY "\r\nSec-WebSocket-Version: 13\r\n"

int
main(void)
{
	struct lws_context_creation_info info;
	static const unsigned char garbage[] = {
		0x00, 0x01, 0xff, 0xfe, 0x80, 0x16, 0x03, 0x01, 0x02, 0x00,
		'\r', '\n', '\r', '\n'
	};
	char big[3000];
	struct wsc a, b;
	long long t0, end;
	int n;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.max_http_header_data = 1024;
	info.timeout_secs_ah_idle = 2;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	logon = 1;

	bads("no method", "/ HTTP/1.1\r\nHost: a\r\n\r\n");
	bads("unknown method", "FOO / HTTP/1.1\r\nHost: a\r\n\r\n");
	bads("URI not starting with /", "GET x HTTP/1.1\r\nHost: a\r\n" UPG KEYH "\r\n");
	bads("bad %-escape in the URI", "GET /%zz HTTP/1.1\r\nHost: a\r\n" UPG KEYH "\r\n");
	bads("leading CRLF", "\r\nGET / HTTP/1.1\r\nHost: a\r\n" UPG KEYH "\r\n");
	bads("leading LF", "\nGET / HTTP/1.1\r\nHost: a\r\n" UPG KEYH "\r\n");
	bads("leading CR without LF", "\rGET / HTTP/1.1\r\nHost: a\r\n" UPG KEYH "\r\n");
	bad("binary garbage", garbage, sizeof(garbage));

	n = snprintf(big, sizeof(big), "GET / HTTP/1.1\r\nHost: a\r\n" UPG KEYH
		     "X-Big: ");
	memset(big + n, 'x', 1500);
	n += 1500;
	n += snprintf(big + n, sizeof(big) - (size_t)n, "\r\n\r\n");
	bad("headers beyond max_http_header_data (1024)", big, (size_t)n);

	bads("upgrade without Host", "GET / HTTP/1.1\r\n" UPG KEYH "\r\n");
	bads("upgrade with empty Host", "GET / HTTP/1.1\r\nHost:\r\n" UPG KEYH "\r\n");
	bads("upgrade without key", "GET / HTTP/1.1\r\nHost: a\r\n" UPG "\r\n");
	bads("upgrade without Connection: upgrade",
	     "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
	     "Connection: keep-alive\r\n" KEYH "\r\n");
	bads("Upgrade: foo", "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: foo\r\n"
	     "Connection: Upgrade\r\n" KEYH "\r\n");

	T("== connect and close at once (FIN)");
	wsc_connect(&a, port);
	wsc_close(&a);
	wsc_settle(ctx, NULL, 150);
	good_client();

	T("== connect and reset at once (RST)");
	wsc_connect(&a, port);
	wsc_abort(&a);
	wsc_settle(ctx, NULL, 150);
	good_client();

	T("== half a request, then RST");
	wsc_connect(&a, port);
	wsc_sends(&a, "GET / HTTP/1.1\r\nHost: a\r\nUpgr");
	wsc_settle(ctx, &a, 100);
	wsc_abort(&a);
	wsc_settle(ctx, NULL, 150);
	good_client();

	T("== half a request, then FIN");
	wsc_connect(&a, port);
	wsc_sends(&a, "GET / HTTP/1.1\r\nHost: a\r\nUpgr");
	wsc_settle(ctx, &a, 100);
	shutdown(a.fd, SHUT_WR);
	wsc_pump_ex(ctx, &a, WSC_UNTIL_CLOSED, 0, NULL, 1500, WSC_SETTLE_MS);
	wsc_print_rx(&a, "rx");
	T("client connection %s", wsc_alive(&a));
	wsc_close(&a);
	wsc_settle(ctx, NULL, 40);
	good_client();

	T("== a silent client and a stalled half request (idle timeout 2 s)");
	wsc_connect(&a, port);
	wsc_connect(&b, port);
	wsc_sends(&b, "GET / HTTP/1.1\r\nHost: a\r\n" UPG);
	t0 = capi_now_ms();
	wsc_settle(ctx, &a, 300);
	T("after 0.3 s: silent %s, half %s", wsc_alive(&a), wsc_alive(&b));
	good_client();
	end = t0 + 6000;
	while (capi_now_ms() < end &&
	       (!(a.eof || a.reset) || !(b.eof || b.reset))) {
		wsc_step(ctx, &a);
		wsc_read(&b);
	}
	T("dropped within 1.5 .. 4 s: %s",
	  yesno(capi_now_ms() - t0 >= 1500 && capi_now_ms() - t0 <= 4000));
	wsc_settle(ctx, &a, WSC_SETTLE_MS);
	wsc_print_rx(&a, "silent rx");
	wsc_print_rx(&b, "half rx");
	T("silent %s, half %s", wsc_alive(&a), wsc_alive(&b));
	wsc_close(&a);
	wsc_close(&b);
	wsc_settle(ctx, NULL, 40);
	good_client();

	logon = 0;
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
