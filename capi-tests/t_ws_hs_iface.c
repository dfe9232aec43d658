/*
 * Where the listener listens: info.iface (an address here) and
 * LWS_SERVER_OPTION_DISABLE_IPV6.  For each setup, print
 * lws_get_vhost_iface() and whether a TCP connect to 127.0.0.1, 127.0.0.2
 * and ::1 on the listen port succeeds, then (when 127.0.0.1 is served) that
 * a WebSocket upgrade over it works.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"
#include "clientutil.h"

static const struct lws_protocols prots[] = {
	{ "p", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};


static void
run(const char *iface, int no_ipv6)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	const char *vi;
	int port;

	T("== iface %s, %s", iface ? iface : "(none)",
	  no_ipv6 ? "LWS_SERVER_OPTION_DISABLE_IPV6" : "IPv6 allowed");
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.iface = iface;
	if (no_ipv6)
		info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	ctx = wsc_create_context(&info, &port);
	vi = lws_get_vhost_iface(lws_get_vhost_by_name(ctx, "default"));
	T("  lws_get_vhost_iface: %s", vi ? vi : "(null)");
	T("  127.0.0.1 reachable: %s", yesno(cu_reachable(AF_INET, "127.0.0.1", port)));
	T("  127.0.0.2 reachable: %s", yesno(cu_reachable(AF_INET, "127.0.0.2", port)));
	T("  ::1 reachable: %s", yesno(cu_reachable(AF_INET6, "::1", port)));
	wsc_settle(ctx, NULL, 50);
	if (!iface || !strcmp(iface, "127.0.0.1")) {
		T("  upgrade over 127.0.0.1: %d",
		  wsc_upgrade(ctx, &c, port, "/", "p", NULL));
		wsc_abort(&c);
		wsc_settle(ctx, NULL, 50);
	}
	lws_context_destroy(ctx);
}

int
main(void)
{
	lws_set_log_level(LLL_ERR, NULL);
	run(NULL, 0);
	run(NULL, 1);
	run("127.0.0.1", 1);
	run("127.0.0.2", 1);
	T("done");
	return 0;
}
