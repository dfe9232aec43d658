/*
 * Broadcast callbacks that re-enter the library: a connection closed
 * synchronously (lws_set_timeout(.., LWS_TO_KILL_SYNC)) from inside one of
 * lws_callback_all_protocol / _vhost / _vhost_args, lws_callback_vhost_protocols
 * or lws_callback_on_writable_all_protocol(_vhost) must not be touched by
 * the rest of that call.
 *
 * - all_protocol*: two ws connections on protocol "a"; the first one that
 *   gets the USER callback kills the other one.  The killed one gets no
 *   USER callback, its CLOSED comes inside the call, the survivor still
 *   works (both libraries).
 * - on_writable_all_protocol(_vhost) from the CLOSED of a connection that
 *   was killed from another one's callback: the survivor gets its
 *   WRITEABLE, the closing one nothing (both libraries).
 * - lws_callback_vhost_protocols(wsi, ..) whose first protocol kills wsi:
 *   the oracle calls the next protocol with the freed wsi (use after
 *   free); ours completes the close when the call returns and calls no
 *   further protocol on it.  Checked on ours only (nothing printed there,
 *   docs/deviations.md).
 * - lws_callback_on_writable_all_protocol(_vhost) where the first
 *   connection's GET_THREAD_ID (asked when its poll events change, once
 *   protocols[0] answered nonzero) kills the other: the oracle reads the
 *   freed one afterwards; ours skips it.  Ours only, as above.
 */
#include <libwebsockets.h>
#include "common.h"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include "wsio.h"

#define NC 2

struct pss { int id; };

static struct lws *wsis[NC];
static int next_id, nuser[NC], nwr[NC], nclosed[NC], nb_user;
static int kill_other, kill_self, writable_all_in_closed, kill_in_tid, ntid_kill;
static struct lws_vhost *vh;

static int
idof(struct lws *wsi)
{
	for (int k = 0; k < NC; k++)
		if (wsis[k] && wsis[k] == wsi)
			return k;
	return -1;
}

static int
cb_a(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
     size_t len)
{
	struct pss *pss = user;
	int id = idof(wsi), k;

	(void)in;
	(void)len;
	switch (reason) {
	case LWS_CALLBACK_GET_THREAD_ID:
		/*
		 * nonzero: both libraries then ask again at each change of a
		 * connection's poll events, e.g. inside
		 * lws_callback_on_writable_all_protocol
		 */
		if (kill_in_tid && id >= 0) {
			kill_in_tid = 0;
			ntid_kill++;
			for (k = 0; k < NC; k++)
				if (k != id && wsis[k])
					lws_set_timeout(wsis[k],
						PENDING_TIMEOUT_USER_OK,
						LWS_TO_KILL_SYNC);
		}
		return 1;
	case LWS_CALLBACK_ESTABLISHED:
		pss->id = next_id++;
		wsis[pss->id] = wsi;
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (id >= 0)
			nwr[id]++;
		break;
	case LWS_CALLBACK_CLOSED:
		if (id < 0)
			break;
		nclosed[id]++;
		wsis[id] = NULL;
		if (writable_all_in_closed == 1)
			T("  CLOSED: on_writable_all_protocol = %d",
			  lws_callback_on_writable_all_protocol(wsio_ctx,
						lws_get_protocol(wsi)));
		if (writable_all_in_closed == 2)
			T("  CLOSED: on_writable_all_protocol_vhost = %d",
			  lws_callback_on_writable_all_protocol_vhost(vh,
						lws_get_protocol(wsi)));
		break;
	case LWS_CALLBACK_USER:
		if (id < 0) /* the oracle's listening socket */
			break;
		nuser[id]++;
		if (kill_other) {
			kill_other = 0;
			for (k = 0; k < NC; k++)
				if (k != id && wsis[k])
					lws_set_timeout(wsis[k],
						PENDING_TIMEOUT_USER_OK,
						LWS_TO_KILL_SYNC);
		}
		if (kill_self) {
			kill_self = 0;
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK,
					LWS_TO_KILL_SYNC);
		}
		break;
	default:
		break;
	}
	return 0;
}

static int
cb_b(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
     size_t len)
{
	(void)wsi;
	(void)user;
	(void)in;
	(void)len;
	if (reason == LWS_CALLBACK_USER)
		nb_user++;
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "a", cb_a, sizeof(struct pss), 0, 0, NULL, 0 },
	{ "b", cb_b, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct wsc c[NC];
static int port;

static void
connect_both(void)
{
	int k;

	for (k = 0; k < NC; k++) {
		if (c[k].fd > 0)
			wsc_drop(&c[k]);
		wsis[k] = NULL;
	}
	wsio_pump_ms(30);
	next_id = 0;
	for (k = 0; k < NC; k++) {
		CHECK(!wsc_connect(&c[k], port, "a"));
		WSIO_UNTIL(wsis[k], 5000);
	}
	wsio_pump_ms(20);
	memset(nuser, 0, sizeof(nuser));
	memset(nwr, 0, sizeof(nwr));
	memset(nclosed, 0, sizeof(nclosed));
}

/* the USER calls and closes so far, then whether the survivors still work */
static void
report(int user_calls)
{
	int k, live = 0, users = 0, closed = 0, wr = 0;

	for (k = 0; k < NC; k++) {
		users += nuser[k];
		closed += nclosed[k];
	}
	T("  USER callbacks %d, CLOSED %d", users, closed);
	for (k = 0; k < NC; k++)
		if (wsis[k]) {
			live++;
			CHECK_INT(nuser[k], user_calls);
			CHECK_INT(nclosed[k], 0);
			lws_callback_on_writable(wsis[k]);
		} else {
			CHECK_INT(nuser[k], 0);
			CHECK_INT(nclosed[k], 1);
		}
	wsio_pump_ms(40);
	for (k = 0; k < NC; k++)
		wr += nwr[k];
	T("  live %d, their WRITEABLEs %d", live, wr);
}

int
main(void)
{
	struct lws_context_creation_info info;
	const struct lws_protocols *pa;
	int k;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);
	vh = lws_get_vhost_by_name(wsio_ctx, "default");
	CHECK(vh);
	for (k = 0; k < NC; k++)
		c[k].fd = -1;

	connect_both();
	pa = lws_get_protocol(wsis[0]);
	T("case lws_callback_all_protocol, the first kills the other:");
	kill_other = 1;
	T("  = %d", lws_callback_all_protocol(wsio_ctx, pa, LWS_CALLBACK_USER));
	report(1);

	connect_both();
	T("case lws_callback_all_protocol_vhost, the first kills the other:");
	kill_other = 1;
	T("  = %d", lws_callback_all_protocol_vhost(vh, pa, LWS_CALLBACK_USER));
	report(1);

	connect_both();
	T("case lws_callback_all_protocol_vhost_args, the first kills the other:");
	kill_other = 1;
	T("  = %d", lws_callback_all_protocol_vhost_args(vh, pa,
					LWS_CALLBACK_USER, (void *)"x", 1));
	report(1);

	for (int mode = 1; mode <= 2; mode++) {
		connect_both();
		T("case on_writable_all_protocol%s from CLOSED of one killed by the other:",
		  mode == 2 ? "_vhost" : "");
		kill_other = 1;
		writable_all_in_closed = mode;
		T("  = %d", lws_callback_all_protocol(wsio_ctx, pa, LWS_CALLBACK_USER));
		writable_all_in_closed = 0;
		wsio_pump_ms(40);
		T("  WRITEABLEs %d", nwr[0] + nwr[1]);
		CHECK_INT(nwr[0] + nwr[1], 1);
		nwr[0] = nwr[1] = 0;
		report(1);
	}

	/*
	 * lws_callback_vhost_protocols on a wsi its first protocol kills:
	 * the oracle goes on with the freed wsi (use after free).
	 */
	if (!capi_on_oracle()) {
		/*
		 * lws_callback_on_writable_all_protocol(_vhost) whose first
		 * connection's GET_THREAD_ID kills the other: the oracle reads
		 * the freed one (its list's saved next) afterwards
		 */
		for (int mode = 1; mode <= 2; mode++) {
			connect_both();
			kill_in_tid = 1;
			ntid_kill = 0;
			if (mode == 1)
				CHECK_INT(lws_callback_on_writable_all_protocol(wsio_ctx, pa), 0);
			else
				CHECK_INT(lws_callback_on_writable_all_protocol_vhost(vh, pa), 0);
			kill_in_tid = 0;
			CHECK_INT(ntid_kill, 1);
			CHECK_INT(nclosed[0] + nclosed[1], 1);
			wsio_pump_ms(40);
			/* the survivor's WRITEABLE, nothing for the killed one */
			for (k = 0; k < NC; k++)
				CHECK_INT(nwr[k], wsis[k] ? 1 : 0);
		}

		connect_both();
		kill_self = 1;
		nb_user = 0;
		CHECK_INT(lws_callback_vhost_protocols(wsis[0], LWS_CALLBACK_USER,
						       NULL, 0), 0);
		/* closed when the call returned; no protocol saw it after the kill */
		CHECK(!wsis[0]);
		CHECK_INT(nclosed[0], 1);
		CHECK_INT(nb_user, 0);
		/* the other one is untouched */
		CHECK(wsis[1]);
		CHECK_INT(lws_callback_vhost_protocols(wsis[1], LWS_CALLBACK_USER,
						       NULL, 0), 0);
		CHECK_INT(nb_user, 1);
		CHECK_INT(nuser[1], 1);
	}

	for (k = 0; k < NC; k++)
		if (c[k].fd >= 0)
			wsc_drop(&c[k]);
	wsio_pump_ms(30);
	wsio_stop();
	T("done");
	return 0;
}
