/*
 * capi-tests: run serial (it measures validity ping and hang-up times).
 *
 * The retry policy's idle check on a server WebSocket connection
 * (secs_since_valid_ping = 1, secs_since_valid_hangup = 3) and
 * lws_validity_confirmed: with nothing proving the link valid the server
 * sends an empty PING after 1 s (the user's SERVER_WRITEABLE follows at
 * the next writeable event) and hangs up after 3 s (no close frame);
 * lws_validity_confirmed from the user's loop keeps it quiet; a pong
 * confirms too (an empty one is not passed to the user).
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static struct lws *est;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	(void)user;
	if (wsc_reason_is_noise((int)reason))
		return 0;
	printf("  cb %s", wsc_reason((int)reason));
	if (reason == LWS_CALLBACK_ESTABLISHED)
		est = wsi;
	if (reason == LWS_CALLBACK_CLOSED)
		est = NULL;
	if (reason == LWS_CALLBACK_RECEIVE_PONG || reason == LWS_CALLBACK_RECEIVE)
		printf(" '%.*s'", (int)len, (const char *)in);
	printf("\n");
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const lws_retry_bo_t policy = {
	.secs_since_valid_ping = 1,
	.secs_since_valid_hangup = 3,
};

static int
has_frame(const struct wsc *c)
{
	return c->len > c->pos;
}

/* pump until a frame arrives or the connection closes */
static int
pump_frame(struct lws_context *ctx, struct wsc *c, int max_ms)
{
	long long end = capi_now_ms() + max_ms;

	while (capi_now_ms() < end) {
		wsc_step(ctx, c);
		if (has_frame(c) || c->eof || c->reset)
			break;
	}
	wsc_settle(ctx, c, WSC_SETTLE_MS);
	return has_frame(c);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc a, b;
	long long t0, t;
	int port;

	setvbuf(stdout, NULL, _IONBF, 0);
	lws_set_log_level(LLL_ERR, NULL);

	/* (lws_validity_confirmed(NULL) crashes the oracle) */

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.retry_and_idle_policy = &policy;
	ctx = wsc_create_context(&info, &port);

	/* ---- nothing confirms: ping, then hang-up ---- */
	T("client a upgrades, then stays silent");
	CHECK_INT(wsc_upgrade(ctx, &a, port, "/", NULL, NULL), 101);
	t0 = capi_now_ms();
	CHECK(pump_frame(ctx, &a, 3000));
	t = capi_now_ms() - t0;
	T("ping after about 1 s: %s", yesno(t >= 700 && t <= 2500));
	CHECK(t >= 700 && t <= 2500);
	wsc_print_frames(&a, "client a got");
	wsc_pump(ctx, &a, WSC_UNTIL_CLOSED, 0);
	t = capi_now_ms() - t0;
	T("hang-up after about 3 s: %s", yesno(t >= 2500 && t <= 5000));
	CHECK(t >= 2500 && t <= 5000);
	wsc_print_frames(&a, "client a got");
	T("client a: %s", wsc_alive(&a));
	wsc_close(&a);

	/* ---- the user's loop confirms: no ping ---- */
	T("client b upgrades; the loop calls lws_validity_confirmed every 300 ms for 2.5 s");
	CHECK_INT(wsc_upgrade(ctx, &b, port, "/", NULL, NULL), 101);
	CHECK(est);
	t0 = capi_now_ms();
	t = t0;
	while (capi_now_ms() - t0 < 2500) {
		wsc_step(ctx, &b);
		if (capi_now_ms() - t >= 300) {
			CHECK(est);
			lws_validity_confirmed(est);
			t = capi_now_ms();
		}
	}
	T("frames received: %s, client b: %s", yesno(has_frame(&b)), wsc_alive(&b));
	CHECK(!has_frame(&b));

	/* ---- a pong confirms (an empty one reaches no callback) ---- */
	T("client b sends an empty pong, then pong 'x'");
	wsc_send_frame(&b, 1, 0xa, "", 0);
	wsc_settle(ctx, &b, 100);
	wsc_send_frame(&b, 1, 0xa, "x", 1);
	t0 = capi_now_ms();
	CHECK(pump_frame(ctx, &b, 3000));
	t = capi_now_ms() - t0;
	T("ping about 1 s after the pong: %s", yesno(t >= 700 && t <= 2500));
	CHECK(t >= 700 && t <= 2500);
	wsc_print_frames(&b, "client b got");
	wsc_pump_ex(ctx, &b, WSC_UNTIL_CLOSED, 0, NULL, 5000, WSC_SETTLE_MS);
	t = capi_now_ms() - t0;
	T("hang-up about 3 s after the pong: %s", yesno(t >= 2500 && t <= 5000));
	CHECK(t >= 2500 && t <= 5000);
	T("client b: %s", wsc_alive(&b));
	wsc_close(&b);

	T("destroy");
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
