/*
 * Re-entrancy: a client connection that fails before it has a socket
 * (its iface does not exist) is freed by the connect call itself, which
 * returns NULL.  The WSI_DESTROY callback it got on the way out may have
 * armed the wsi's timers (lws_set_timer_usecs, lws_set_timeout): the
 * service loop must not fire them on the freed wsi.  Under valgrind
 * nothing freed may be touched, and no TIMER callback comes.  (Ours
 * fired both timers on the freed wsi; the oracle fires none.)
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include <signal.h>
#include "common.h"
#include "clientutil.h"

static int destroyed, timers;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_WSI_DESTROY:
		if (!lws_get_vhost(wsi))
			break;
		destroyed++;
		lws_set_timer_usecs(wsi, 20 * LWS_US_PER_MS);
		lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 1);
		T("  WSI_DESTROY: timers armed");
		break;
	case LWS_CALLBACK_TIMER:
		timers++;
		T("  TIMER (on a freed connection)");
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "c", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws *
connect_one(struct lws_context *ctx, const char *iface)
{
	struct lws_client_connect_info ci;
	struct lws *w = NULL;

	/* (the connect fails before it reaches the port) */
	cu_get_info(&ci, ctx, 9, "localhost", "c");
	ci.iface = iface;
	ci.pwsi = &w;
	return lws_client_connect_via_info(&ci);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	long long end;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.port = CONTEXT_PORT_NO_LISTEN;
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	T("a client whose iface does not exist");
	CHECK(!connect_one(ctx, "nosuchif0"));
	CHECK_INT(destroyed, 1);

	T("service for 1.5 s: no timer may fire on it");
	end = capi_now_ms() + 1500;
	while (capi_now_ms() < end)
		lws_service(ctx, 0);
	CHECK_INT(timers, 0);
	capi_tick_stop();
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
