/*
 * Writeable requests and callbacks to many connections: three ws
 * connections (a0, a1 on protocol "a", b0 on "b").  lws_callback_on_writable
 * coalescing, lws_callback_on_writable_all_protocol(_vhost),
 * lws_callback_all_protocol(_vhost)(_args), lws_callback_vhost_protocols(
 * _vhost), lws_rx_flow_control / lws_rx_flow_allow_all_protocol,
 * lws_set_timer_usecs + TIMER, lws_set_timeout (1 s) and LWS_TO_KILL_ASYNC.
 * Per-connection counts are printed sorted by connection, so the order in
 * which the library walks its connections is not pinned.
 */
#include <libwebsockets.h>
#include "common.h"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include "wsio.h"

#define NC 3
static const char *cname[NC] = { "a0", "a1", "b0" };

struct pss { int id; };

static struct lws *wsis[NC];
static int next_id, nwr[NC], nuser[NC], nrx[NC], ntimer[NC], closed[NC];
static int stop_on_rx;
static char last_in[NC][16];
static size_t last_len[NC];

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = user;
	const char *pn = lws_get_protocol(wsi) ? lws_get_protocol(wsi)->name : "?";
	int id = -1, k;

	for (k = 0; k < NC; k++)
		if (wsis[k] && wsis[k] == wsi)
			id = k;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		pss->id = next_id++;
		wsis[pss->id] = wsi;
		T("  ESTABLISHED %s proto=%s", cname[pss->id], pn);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		nwr[pss->id]++;
		break;
	case LWS_CALLBACK_RECEIVE:
		nrx[pss->id]++;
		T("  RECEIVE %s \"%.*s\"", cname[pss->id], (int)len, (char *)in);
		if (len == 4 && !memcmp(in, "stop", 4))
			T("  lws_rx_flow_control(%s, 0) = %d", cname[pss->id],
			  lws_rx_flow_control(wsi, 0));
		(void)stop_on_rx;
		break;
	case LWS_CALLBACK_TIMER:
		ntimer[pss->id]++;
		break;
	case LWS_CALLBACK_CLOSED:
		closed[pss->id] = 1;
		wsis[pss->id] = NULL;
		T("  CLOSED %s", cname[pss->id]);
		break;
	default:
		if ((int)reason < LWS_CALLBACK_USER ||
		    (int)reason > LWS_CALLBACK_USER + 2)
			break;
		if (id >= 0 && pss && pss->id == id) {
			/* a connection: counted, printed sorted */
			nuser[id]++;
			last_len[id] = len;
			snprintf(last_in[id], sizeof(last_in[id]), "%.*s",
				 in ? (int)len : 0, in ? (char *)in : "");
		} else
			T("  %s on proto %s, wsi %s, user %s, in=\"%.*s\" len=%zu",
			  wsio_reason_name((int)reason), pn,
			  !wsi ? "NULL" : id >= 0 ? cname[id] : "other",
			  user ? "set" : "NULL",
			  in ? (int)len : 0, in ? (char *)in : "", len);
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "a", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ "b", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct wsc c[NC];

static void
counts(const char *what, int *v)
{
	printf("  %s:", what);
	for (int k = 0; k < NC; k++)
		printf(" %s=%d", cname[k], v[k]);
	printf("\n");
	memset(v, 0, sizeof(int) * NC);
}

static void
users(void)
{
	printf("  user callbacks:");
	for (int k = 0; k < NC; k++) {
		printf(" %s=%d", cname[k], nuser[k]);
		if (nuser[k])
			printf("(\"%s\",%zu)", last_in[k], last_len[k]);
	}
	printf("\n");
	memset(nuser, 0, sizeof(nuser));
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_vhost *vh;
	int port, k, r;
	long long t0;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);
	vh = lws_get_vhost_by_name(wsio_ctx, "default");

	for (k = 0; k < NC; k++) {
		CHECK(!wsc_connect(&c[k], port, k < 2 ? "a" : "b"));
		WSIO_UNTIL(wsis[k], 5000);
	}
	wsio_pump_ms(30);
	counts("writeables after connect", nwr);
	/*
	 * On the oracle a vhost holds its own copy of the protocols table:
	 * the *_all_protocol* calls match connections by that pointer, so
	 * passing the application's table entry only works where it says so.
	 */
	T("lws_get_protocol(a0) == &protocols[0]: %s",
	  yesno(lws_get_protocol(wsis[0]) == &protocols[0]));
	T("lws_get_protocol(a0) == lws_get_protocol(a1): %s",
	  yesno(lws_get_protocol(wsis[0]) == lws_get_protocol(wsis[1])));

	T("case lws_callback_on_writable x3 on a0:");
	for (k = 0; k < 3; k++)
		T("  = %d", lws_callback_on_writable(wsis[0]));
	wsio_pump_ms(40);
	counts("writeables", nwr);

	T("case lws_callback_on_writable_all_protocol(a):");
	T("  = %d", lws_callback_on_writable_all_protocol(wsio_ctx, &protocols[0]));
	wsio_pump_ms(40);
	counts("writeables", nwr);

	T("case lws_callback_on_writable_all_protocol_vhost(vh, b):");
	T("  = %d", lws_callback_on_writable_all_protocol_vhost(vh, &protocols[1]));
	wsio_pump_ms(40);
	counts("writeables", nwr);

	T("case lws_callback_on_writable_all_protocol_vhost(vh, get_protocol(b0)):");
	T("  = %d", lws_callback_on_writable_all_protocol_vhost(vh,
					lws_get_protocol(wsis[2])));
	wsio_pump_ms(40);
	counts("writeables", nwr);

	T("case lws_callback_all_protocol(get_protocol(a0), USER):");
	T("  = %d", lws_callback_all_protocol(wsio_ctx, lws_get_protocol(wsis[0]),
					      LWS_CALLBACK_USER));
	users();

	T("case lws_callback_all_protocol_vhost(vh, get_protocol(b0), USER+1):");
	T("  = %d", lws_callback_all_protocol_vhost(vh, lws_get_protocol(wsis[2]),
						    LWS_CALLBACK_USER + 1));
	users();

	T("case lws_callback_all_protocol_vhost_args(vh, get_protocol(a0), USER+2, \"argdata\", 7):");
	T("  = %d", lws_callback_all_protocol_vhost_args(vh,
		lws_get_protocol(wsis[0]), LWS_CALLBACK_USER + 2,
		(void *)"argdata", 7));
	users();
	wsio_pump_ms(20);
	counts("writeables after the user callbacks", nwr);

	T("case lws_callback_all_protocol(a, USER):");
	T("  = %d", lws_callback_all_protocol(wsio_ctx, &protocols[0],
					      LWS_CALLBACK_USER));
	users();
	wsio_pump_ms(20);
	users();

	T("case lws_callback_all_protocol_vhost(vh, b, USER+1):");
	T("  = %d", lws_callback_all_protocol_vhost(vh, &protocols[1],
						    LWS_CALLBACK_USER + 1));
	users();

	T("case lws_callback_all_protocol_vhost_args(vh, a, USER+2, \"argdata\", 7):");
	T("  = %d", lws_callback_all_protocol_vhost_args(vh, &protocols[0],
		LWS_CALLBACK_USER + 2, (void *)"argdata", 7));
	users();

	T("case lws_callback_vhost_protocols(a0, USER, \"vp\", 2):");
	T("  = %d", lws_callback_vhost_protocols(wsis[0], LWS_CALLBACK_USER,
						 (void *)"vp", 2));
	users();

	T("case lws_callback_vhost_protocols_vhost(vh, USER+1, \"vv\", 2):");
	T("  = %d", lws_callback_vhost_protocols_vhost(vh, LWS_CALLBACK_USER + 1,
						       (void *)"vv", 2));
	users();
	wsio_pump_ms(20);
	counts("writeables after the user callbacks", nwr);

	T("case rx flow control on a0:");
	wsc_send_frame(&c[0], 1, WSO_TEXT, "stop", 4);
	WSIO_UNTIL(nrx[0] == 1, 5000);
	wsc_send_frame(&c[0], 1, WSO_TEXT, "m1", 2);
	wsc_send_frame(&c[0], 1, WSO_TEXT, "m2", 2);
	wsio_pump_ms(100);
	T("  receives while disabled: %d", nrx[0] - 1);
	T("  lws_rx_flow_control(a0, 1) = %d", lws_rx_flow_control(wsis[0], 1));
	WSIO_UNTIL(nrx[0] == 3, 5000);
	wsio_pump_ms(20);
	counts("receives", nrx);

	T("case lws_rx_flow_allow_all_protocol(a):");
	wsc_send_frame(&c[0], 1, WSO_TEXT, "stop", 4);
	WSIO_UNTIL(nrx[0] == 1, 5000);
	wsc_send_frame(&c[1], 1, WSO_TEXT, "stop", 4);
	WSIO_UNTIL(nrx[1] == 1, 5000);
	wsc_send_frame(&c[0], 1, WSO_TEXT, "x0", 2);
	wsc_send_frame(&c[1], 1, WSO_TEXT, "x1", 2);
	wsio_pump_ms(100);
	counts("receives (incl. stop) while disabled", nrx);
	lws_rx_flow_allow_all_protocol(wsio_ctx, &protocols[0]);
	wsio_pump_ms(100);
	counts("receives after allow_all(&protocols[0])", nrx);
	lws_rx_flow_allow_all_protocol(wsio_ctx, lws_get_protocol(wsis[0]));
	WSIO_UNTIL(nrx[0] == 1 && nrx[1] == 1, 5000);
	wsio_pump_ms(20);
	counts("receives after allow_all(get_protocol(a0))", nrx);

	T("case lws_set_timer_usecs(a0, 50ms):");
	lws_set_timer_usecs(wsis[0], 50 * LWS_US_PER_MS);
	wsio_pump_ms(20);
	T("  after 20ms: timers=%d", ntimer[0]);
	wsio_pump_ms(150);
	counts("timers after 170ms", ntimer);
	lws_set_timer_usecs(wsis[1], 50 * LWS_US_PER_MS);
	lws_set_timer_usecs(wsis[1], LWS_SET_TIMER_USEC_CANCEL);
	wsio_pump_ms(120);
	counts("timers after set+cancel on a1", ntimer);

	T("case lws_set_timeout(a1, PENDING_TIMEOUT_USER_OK, 1):");
	lws_set_timeout(wsis[1], PENDING_TIMEOUT_USER_OK, 1);
	t0 = capi_now_ms();
	wsio_pump_ms(400);
	T("  closed after 400ms: %s", yesno(closed[1]));
	WSIO_UNTIL(closed[1], 4000);
	T("  closed after between 0.4 and 3 s: %s",
	  yesno(capi_now_ms() - t0 < 3000));
	r = wsc_wait_eof(&c[1], 2000);
	T("  client a1: eof=%s, bytes before eof=%zu", yesno(r), c[1].in_len);

	T("case lws_set_timeout(b0, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC):");
	lws_set_timeout(wsis[2], PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
	T("  closed synchronously: %s", yesno(closed[2]));
	wsio_pump_ms(50);
	T("  closed after 50ms: %s", yesno(closed[2]));
	r = wsc_wait_eof(&c[2], 2000);
	T("  client b0: eof=%s, bytes before eof=%zu", yesno(r), c[2].in_len);

	T("destroy:");
	wsio_stop();
	for (k = 0; k < NC; k++)
		wsc_drop(&c[k]);
	T("done");
	return 0;
}
