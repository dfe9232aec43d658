/*
 * Closing: client close with code + reason (PEER_INITIATED_CLOSE,
 * lws_get_close_length / lws_get_close_payload, the echoed close frame,
 * CLOSED); server lws_close_reason + return -1 from RECEIVE and from
 * SERVER_WRITEABLE (close frame bytes, 200-byte reason truncated), -1
 * without a reason, client TCP drop; re-entrancy inside RECEIVE (lws_write,
 * lws_callback_on_writable, lws_set_timeout, lws_cancel_service, then -1);
 * lws_context_destroy with two live connections.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

struct pss { int id; int cmd; };

static int next_id, nclosed, rew_writeable;
static char longreason[201];

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = user;
	unsigned char b[LWS_PRE + 32];
	const char *rn = wsio_reason_name((int)reason);

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		pss->id = next_id++;
		break;
	case LWS_CALLBACK_PROTOCOL_INIT:
	case LWS_CALLBACK_WSI_CREATE:
		return 0;
	default:
		break;
	}
	if (rn && reason != LWS_CALLBACK_SERVER_WRITEABLE) {
		if (pss)
			T("  [c%d] %s len=%zu", pss->id, rn, len);
		else
			T("  [%s] %s len=%zu", wsi ? "wsi" : "NULL", rn, len);
	}

	switch (reason) {
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		capi_print_bytes("    in", in, len);
		T("    lws_get_close_length=%d", lws_get_close_length(wsi));
		if (lws_get_close_length(wsi) > 0)
			capi_print_bytes("    lws_get_close_payload",
				lws_get_close_payload(wsi),
				(size_t)lws_get_close_length(wsi));
		break;
	case LWS_CALLBACK_CLOSED:
		nclosed++;
		break;
	case LWS_CALLBACK_RECEIVE:
		if (len == 3 && !memcmp(in, "cr1", 3)) {
			lws_close_reason(wsi, 4000, (unsigned char *)"bye", 3);
			return -1;
		}
		if (len == 3 && !memcmp(in, "cr0", 3))
			return -1;
		if (len == 3 && !memcmp(in, "crl", 3)) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY,
					 (unsigned char *)longreason, 200);
			return -1;
		}
		if (len == 3 && !memcmp(in, "crw", 3)) {
			pss->cmd = 1;
			lws_callback_on_writable(wsi);
			break;
		}
		if (len == 3 && !memcmp(in, "crn", 3)) {
			/* close reason with no text */
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
			return -1;
		}
		if (len == 3 && !memcmp(in, "ren", 3)) {
			memcpy(b + LWS_PRE, "r1", 2);
			T("    lws_write = %d", lws_write(wsi, b + LWS_PRE, 2,
							LWS_WRITE_TEXT));
			T("    lws_callback_on_writable = %d",
			  lws_callback_on_writable(wsi));
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 5);
			lws_cancel_service(lws_get_context(wsi));
			return -1;
		}
		if (len == 3 && !memcmp(in, "rew", 3)) {
			/* write, ask for WRITEABLE, stay open */
			memcpy(b + LWS_PRE, "r2", 2);
			T("    lws_write = %d", lws_write(wsi, b + LWS_PRE, 2,
							LWS_WRITE_TEXT));
			lws_callback_on_writable(wsi);
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 20);
			lws_cancel_service(lws_get_context(wsi));
			pss->cmd = 2;
		}
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (pss->cmd == 1) {
			T("  [c%d] SERVER_WRITEABLE: close_reason 4001 + -1", pss->id);
			lws_close_reason(wsi, 4001, (unsigned char *)"from wr", 7);
			return -1;
		}
		if (pss->cmd == 2) {
			/* printed by main: its order against the client's
			 * read depends on service passes, not pinned */
			rew_writeable++;
			pss->cmd = 0;
		}
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "c", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static int port;

static void
open_conn(struct wsc *c)
{
	int id = next_id;

	CHECK(!wsc_connect(c, port, "c"));
	WSIO_UNTIL(next_id == id + 1, 5000);
	wsio_pump_ms(20);
}

/* read frames until EOF, printing them; then wait for CLOSED */
static void
drain(struct wsc *c, int reply_close, int closed_before)
{
	struct wsf f;
	int r;

	for (;;) {
		r = wsc_read_frame(c, &f, 7000);
		if (r <= 0)
			break;
		wsf_print("  client got", &f);
		if (f.opcode == WSO_CLOSE && reply_close) {
			T("  client replies with close 1000");
			wsc_send_frame(c, 1, WSO_CLOSE, "\x03\xe8", 2);
		}
		wsf_free(&f);
	}
	T("  client: %s", r == 0 ? "connection closed" : "timeout");
	CHECK_INT(r, 0);
	WSIO_UNTIL(nclosed > closed_before, 5000);
	wsio_pump_ms(20);
	wsc_drop(c);
}

int
main(void)
{
	struct lws_context_creation_info info;
	static struct wsc c, c2;
	unsigned char cl[64];
	int n;

	memset(longreason, 'R', 200);
	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);

	T("case client close 1000 \"bye\":");
	open_conn(&c);
	memcpy(cl, "\x03\xe8" "bye", 5);
	wsc_send_frame(&c, 1, WSO_CLOSE, cl, 5);
	drain(&c, 0, nclosed);

	T("case client close 4999 with 60-byte reason:");
	open_conn(&c);
	cl[0] = 4999 >> 8;
	cl[1] = 4999 & 0xff;
	memset(cl + 2, 'x', 60);
	wsc_send_frame(&c, 1, WSO_CLOSE, cl, 62);
	drain(&c, 0, nclosed);

	T("case client close, empty payload:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_CLOSE, "", 0);
	drain(&c, 0, nclosed);

	T("case server close_reason(4000, \"bye\") + -1 in RECEIVE:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "cr1", 3);
	drain(&c, 1, nclosed);

	T("case server close_reason(1001, 200 bytes) + -1 in RECEIVE:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "crl", 3);
	drain(&c, 1, nclosed);

	T("case server close_reason(1000, NULL, 0) + -1 in RECEIVE:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "crn", 3);
	drain(&c, 1, nclosed);

	T("case server close_reason + -1 in SERVER_WRITEABLE:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "crw", 3);
	drain(&c, 1, nclosed);

	T("case server -1 without a reason:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "cr0", 3);
	drain(&c, 0, nclosed);

	T("case client drops TCP:");
	open_conn(&c);
	n = nclosed;
	wsc_drop(&c);
	WSIO_UNTIL(nclosed > n, 5000);
	wsio_pump_ms(20);

	T("case re-entrant calls in RECEIVE, then -1:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "ren", 3);
	drain(&c, 0, nclosed);

	T("case re-entrant calls in RECEIVE, stay open:");
	open_conn(&c);
	wsc_send_frame(&c, 1, WSO_TEXT, "rew", 3);
	{
		struct wsf f;

		CHECK_INT(wsc_read_frame(&c, &f, 5000), 1);
		wsf_print("  client got", &f);
		wsf_free(&f);
	}
	wsio_pump_ms(50);
	T("  SERVER_WRITEABLE after the re-entrant calls: %d", rew_writeable);

	/* the oracle tears down the newest connection first */
	T("case lws_context_destroy with 2 live connections:");
	open_conn(&c2);
	wsio_sul_stop();
	lws_context_destroy(wsio_ctx);
	wsio_ctx = NULL;
	T("  client 1: eof=%s", yesno(wsc_wait_eof_nopump(&c)));
	T("  client 2: eof=%s", yesno(wsc_wait_eof_nopump(&c2)));
	wsc_drop(&c);
	wsc_drop(&c2);
	T("done");
	return 0;
}
