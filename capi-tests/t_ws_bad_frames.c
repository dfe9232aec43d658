/*
 * capi-tests: run serial (the order of close and read depends on timing under load).
 *
 * Bad WebSocket frames after a good upgrade: RSV bits, reserved opcodes, a
 * fragmented ping, a ping using the 16-bit length form, a continuation
 * with no message, a new message inside a fragmented one, an unmasked
 * client frame, invalid close codes and payloads, invalid UTF-8 with and
 * without LWS_SERVER_OPTION_VALIDATE_UTF8.  Printed: the frames the client
 * receives (close code and reason), the callbacks the server gets, and
 * whether the server dropped the connection; once, that after its
 * protocol-error close the server ignores the peer's close reply and drops
 * the connection on its own after ~5 s.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int logon;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	if (!logon || wsc_reason_is_noise(reason))
		return 0;
	switch (reason) {
	case LWS_CALLBACK_RECEIVE:
		printf("  cb RECEIVE len=%zu first=%d final=%d bin=%d", len,
		       lws_is_first_fragment(wsi), lws_is_final_fragment(wsi),
		       lws_frame_is_binary(wsi));
		capi_print_bytes("", in, len);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
	case LWS_CALLBACK_RECEIVE_PONG:
		printf("  cb %s len=%zu", wsc_reason(reason), len);
		capi_print_bytes("", in, len);
		break;
	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
	case LWS_CALLBACK_WSI_CREATE:
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED:
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
	case LWS_CALLBACK_HTTP_BIND_PROTOCOL:
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
	case LWS_CALLBACK_ADD_HEADERS:
		/* the handshake is t_ws_hs_basic's business */
		break;
	default:
		T("  cb %s", wsc_reason(reason));
		break;
	}
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "p", cb, 16, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

static void
open_ws(struct wsc *c)
{
	int st = wsc_upgrade(ctx, c, port, "/", "p", NULL);

	CHECK_INT(st, 101);
	c->pos = (size_t)wsc_head_len(c);
}

/*
 * After sending the bad bytes: collect the answer for up to 400 ms.
 *
 * Deliberate difference: after its own protocol-error close (1002, 1007)
 * the oracle leaves the TCP connection open until the peer drops it or
 * 5 s pass; ours shuts its side down as soon as the close frame is out
 * (RFC 6455 7.1.7), which Autobahn cases 3.x-7.x require.  So the TCP
 * state is compared only when the server did not fail the connection.
 */
static void
answer(struct wsc *c)
{
	struct wsc_rx_frame f;
	size_t pos;
	int failed = 0, code;

	wsc_pump_ex(ctx, c, WSC_UNTIL_CLOSED, 0, NULL, 400, WSC_SETTLE_MS);
	pos = c->pos;
	while (wsc_next_frame(c, &f))
		if (f.opcode == 8 && f.len >= 2) {
			code = (f.payload[0] << 8) | f.payload[1];
			failed |= code == 1002 || code == 1007;
		}
	c->pos = pos;
	wsc_print_frames(c, "rx");
	if (failed)
		T("connection: not compared after a protocol-error close");
	else
		T("connection %s", wsc_alive(c));
}

static void
finish(struct wsc *c)
{
	wsc_abort(c);
	wsc_settle(ctx, NULL, 100);
}

/* one case: a good upgrade, then the frames in buf */
static void
frames_case(const char *title, const unsigned char *buf, size_t len)
{
	struct wsc c;

	T("== %s", title);
	open_ws(&c);
	wsc_send(&c, buf, len);
	answer(&c);
	finish(&c);
}

static void
one_frame(const char *title, int fin, int rsv, int op, int masked,
	  const void *pl, size_t len, int len_form)
{
	unsigned char f[512];

	frames_case(title, f, wsc_frame_ex(f, fin, rsv, op, masked, pl, len,
					   len_form));
}

static void
close_case(const char *title, const void *pl, size_t len)
{
	one_frame(title, 1, 0, 8, 1, pl, len, 0);
}

/* see run_common(): only "the server answered with a close frame" */
static void
one_byte_close(void)
{
	struct wsc_rx_frame f;
	unsigned char buf[16];
	struct wsc c;
	int closed = 0;

	T("== close with a 1-byte payload (answer not compared)");
	logon = 0;
	open_ws(&c);
	wsc_send(&c, buf, wsc_frame_ex(buf, 1, 0, 8, 1, "\x03", 1, 0));
	wsc_pump_ex(ctx, &c, WSC_UNTIL_CLOSED, 0, NULL, 400, WSC_SETTLE_MS);
	while (wsc_next_frame(&c, &f))
		closed |= f.opcode == 8;
	T("server answered with a close frame: %s", yesno(closed));
	finish(&c);
	logon = 1;
}

static void
run_common(void)
{
	unsigned char f[1024], big[126];
	size_t n;

	one_frame("RSV1 set", 1, 4, 1, 1, "hello", 5, 0);
	one_frame("RSV2 set", 1, 2, 1, 1, "hello", 5, 0);
	one_frame("RSV3 set", 1, 1, 1, 1, "hello", 5, 0);
	one_frame("reserved data opcode 3", 1, 0, 3, 1, "hello", 5, 0);
	one_frame("reserved control opcode 11", 1, 0, 11, 1, "hello", 5, 0);
	one_frame("fragmented ping (no FIN)", 0, 0, 9, 1, "pp", 2, 0);
	memset(big, 'x', sizeof(big));
	one_frame("ping of 126 bytes", 1, 0, 9, 1, big, sizeof(big), 0);
	one_frame("ping of 5 bytes in the 16-bit length form", 1, 0, 9, 1,
		  "hello", 5, 126);
	one_frame("continuation with no message", 1, 0, 0, 1, "abc", 3, 0);

	n = wsc_frame(f, 0, 1, "abc", 3);
	n += wsc_frame(f + n, 1, 1, "def", 3);
	frames_case("new text frame inside a fragmented message", f, n);

	n = wsc_frame(f, 0, 2, "abc", 3);
	n += wsc_frame(f + n, 1, 9, "pp", 2);
	n += wsc_frame(f + n, 1, 0, "def", 3);
	frames_case("ping inside a fragmented message (legal)", f, n);

	one_frame("unmasked client text frame", 1, 0, 1, 0, "hello", 5, 0);
	one_frame("invalid UTF-8 text", 1, 0, 1, 1, "ab\xc0\xaf" "cd", 6, 0);
	one_frame("text ending mid-sequence", 1, 0, 1, 1, "ab\xce", 3, 0);
	one_frame("invalid UTF-8 binary", 1, 0, 2, 1, "ab\xc0\xaf" "cd", 6, 0);

	close_case("close 1005 \"x\"", "\x03\xed" "x", 3);
	close_case("close 999", "\x03\xe7", 2);
	close_case("close 1004", "\x03\xec", 2);
	close_case("close 2999 \"r\"", "\x0b\xb7" "r", 3);
	close_case("close 3000 \"ok\"", "\x0b\xb8" "ok", 4);
	close_case("close 4999", "\x13\x87", 2);
	/*
	 * Deliberate difference: a close payload of 1 byte is a protocol
	 * error (RFC 6455 5.5.1, Autobahn 7.3.2): ours fails the connection
	 * with 1002, the oracle echoes the byte.  Run, not compared.
	 */
	one_byte_close();
	close_case("close 1000 with invalid UTF-8 reason", "\x03\xe8\xff\xfe", 4);
	close_case("close with no payload", "", 0);
	one_frame("close without FIN", 0, 0, 8, 1, "\x03\xe8", 2, 0);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct wsc c;
	long long t0;
	int pass;

	lws_set_log_level(LLL_ERR, NULL);
	for (pass = 0; pass < 2; pass++) {
		memset(&info, 0, sizeof(info));
		info.protocols = prots;
		if (pass)
			info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
		ctx = wsc_create_context(&info, &port);
		wsc_settle(ctx, NULL, 20);
		logon = 1;
		T("######## %s", pass ? "LWS_SERVER_OPTION_VALIDATE_UTF8" :
					"no options");
		run_common();
		logon = 0;
		lws_context_destroy(ctx);
	}

	/* the wait after a protocol-error close */
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	logon = 1;
	T("######## after a protocol-error close");
	open_ws(&c);
	{
		unsigned char f[64];

		wsc_send(&c, f, wsc_frame_ex(f, 1, 4, 1, 1, "x", 1, 0));
	}
	wsc_pump_ex(ctx, &c, WSC_UNTIL_LEN, c.pos + 4, NULL, 1000, WSC_SETTLE_MS);
	t0 = capi_now_ms();
	wsc_print_frames(&c, "rx");
	T("client sends text \"late\", a ping and its close reply");
	wsc_send_frame(&c, 1, 1, "late", 4);
	wsc_send_frame(&c, 1, 9, "pp", 2);
	wsc_send_close(&c, 1002, NULL, 0);
	wsc_settle(ctx, &c, 300);
	T("after 0.3 s: connection %s", wsc_alive(&c));
	wsc_pump_ex(ctx, &c, WSC_UNTIL_CLOSED, 0, NULL, 8000, WSC_SETTLE_MS);
	T("dropped after 4 .. 7 s: %s",
	  yesno(capi_now_ms() - t0 >= 4000 && capi_now_ms() - t0 <= 7000));
	wsc_print_frames(&c, "rx");
	T("connection %s", wsc_alive(&c));
	finish(&c);
	logon = 0;
	lws_context_destroy(ctx);

	T("done");
	return 0;
}
