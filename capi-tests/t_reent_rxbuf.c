/*
 * Re-entrancy: a RECEIVE callback closes *another* connection whose input
 * waits in the kernel.  The bytes `in` points at must stay what was
 * received while the callback runs.
 *
 * Connection B stops reading (lws_rx_flow_control(B, 0)) and its peer then
 * sends 32 KiB that stay in B's socket.  A's peer sends "hello-A"; in A's
 * RECEIVE the callback copies `in`, kills B with lws_set_timeout(B, ..,
 * LWS_TO_KILL_SYNC) and compares `in` with the copy.  (Closing B discards
 * its unread input so the close is a FIN; that must not happen in the
 * buffer A's bytes are in.)  Then A echoes, and A's peer checks the echo.
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

struct pss { int id; };

static struct lws *wsi_b;
static int next_id, killed, echo_pending, b_closed;
static char echo[64];
static size_t echo_len;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = user;
	unsigned char b[LWS_PRE + 64];
	char copy[64];

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		pss->id = next_id++;
		if (pss->id == 1) {
			wsi_b = wsi;
			lws_rx_flow_control(wsi, 0);
		}
		T("  [c%d] ESTABLISHED", pss->id);
		break;
	case LWS_CALLBACK_RECEIVE:
		if (pss->id != 0 || len >= sizeof(copy))
			break;
		memcpy(copy, in, len);
		T("  [c0] RECEIVE \"%.*s\"", (int)len, copy);
		if (wsi_b && !killed) {
			killed = 1;
			lws_set_timeout(wsi_b, PENDING_TIMEOUT_AWAITING_PROXY_RESPONSE,
					LWS_TO_KILL_SYNC);
			T("  [c0] killed c1 inside the callback: b closed %d", b_closed);
		}
		T("  [c0] in unchanged after the kill: %s",
		  memcmp(copy, in, len) ? "NO" : "yes");
		memcpy(echo, in, len);
		echo_len = len;
		echo_pending = 1;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (!echo_pending)
			break;
		echo_pending = 0;
		memcpy(b + LWS_PRE, echo, echo_len);
		lws_write(wsi, b + LWS_PRE, echo_len, LWS_WRITE_TEXT);
		break;
	case LWS_CALLBACK_CLOSED:
		T("  [c%d] CLOSED", pss->id);
		if (pss->id == 1) {
			b_closed = 1;
			wsi_b = NULL;
		}
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "t", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	static struct wsc a, b;
	static unsigned char big[32768];
	struct wsf f;
	int port;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);

	T("A connects, then B (B's reading is paused)");
	CHECK(!wsc_connect(&a, port, "t"));
	wsio_pump_ms(20);
	CHECK(!wsc_connect(&b, port, "t"));
	WSIO_UNTIL(wsi_b, 3000);
	wsio_pump_ms(20);

	T("B's peer sends 32 KiB (a binary frame) that wait in B's socket");
	memset(big, 'B', sizeof(big));
	wsc_send_frame(&b, 1, WSO_BIN, big, sizeof(big));
	wsio_pump_ms(30);

	T("A's peer sends hello-A");
	wsc_send_frame(&a, 1, WSO_TEXT, "hello-A", 7);
	WSIO_UNTIL(killed, 3000);
	WSIO_UNTIL(b_closed, 3000);

	CHECK_INT(wsc_read_frame(&a, &f, 3000), 1);
	wsf_print("A's peer got", &f);
	wsf_free(&f);

	wsc_drop(&a);
	wsc_drop(&b);
	wsio_pump_ms(30);
	wsio_stop();
	T("done");
	return 0;
}
