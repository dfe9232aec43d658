/*
 * What an interface name or an unspecified address in info.iface (and in
 * lws_interface_to_sa) resolves to, found by the consumer suite (issue 17):
 *
 *  - "lo" with IPv6 allowed: the interface's first address as getifaddrs
 *    lists it (IPv4 before IPv6), so ::ffff:127.0.0.1: IPv4 clients reach
 *    the listener, ::1 does not (Janus's ws_interface = "lo");
 *  - "0.0.0.0" with IPv6 allowed: every address, IPv4 and IPv6;
 *  - "::" with LWS_SERVER_OPTION_DISABLE_IPV6: every IPv4 address.
 *
 * For each: lws_interface_to_sa()'s answer, then which of 127.0.0.1,
 * 127.0.0.2 and ::1 a TCP connect reaches.  (Numeric IPv4 addresses other
 * than 0.0.0.0 with IPv6 allowed, and "::1" with IPv6 disabled, are where
 * ours differs on purpose: docs/deviations.md; they are checked per library
 * at the end.)
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
to_sa(const char *name)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	char b6[64], b4[64];
	int r6, r4;

	memset(&s6, 0, sizeof(s6));
	memset(&s4, 0, sizeof(s4));
	r6 = lws_interface_to_sa(1, name, (struct sockaddr_in *)&s6, sizeof(s6));
	r4 = lws_interface_to_sa(0, name, &s4, sizeof(s4));
	inet_ntop(AF_INET6, &s6.sin6_addr, b6, sizeof(b6));
	inet_ntop(AF_INET, &s4.sin_addr, b4, sizeof(b4));
	T("lws_interface_to_sa(\"%s\"): ipv6 -> %d %s, ipv4 -> %d %s", name,
	  r6, r6 ? "-" : b6, r4, r4 ? "-" : b4);
}

/* returns the reachability as a 3-letter mask (127.0.0.1, 127.0.0.2, ::1) */
static const char *
listener(const char *iface, int no_ipv6, int quiet)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	static char mask[4];
	int port;

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.iface = iface;
	if (no_ipv6)
		info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	ctx = wsc_create_context(&info, &port);
	mask[0] = cu_reachable(AF_INET, "127.0.0.1", port) ? 'y' : 'n';
	mask[1] = cu_reachable(AF_INET, "127.0.0.2", port) ? 'y' : 'n';
	mask[2] = cu_reachable(AF_INET6, "::1", port) ? 'y' : 'n';
	mask[3] = '\0';
	if (!quiet)
		T("listener iface \"%s\", %s: 127.0.0.1 %s, 127.0.0.2 %s, ::1 %s",
		  iface, no_ipv6 ? "DISABLE_IPV6" : "IPv6 allowed",
		  mask[0] == 'y' ? "yes" : "no", mask[1] == 'y' ? "yes" : "no",
		  mask[2] == 'y' ? "yes" : "no");
	wsc_settle(ctx, NULL, 20);
	lws_context_destroy(ctx);
	return mask;
}

int
main(void)
{
	lws_set_log_level(LLL_ERR, NULL);
	to_sa("lo");
	to_sa("0.0.0.0");
	to_sa("::");
	listener("lo", 0, 0);
	listener("lo", 1, 0);
	listener("0.0.0.0", 0, 0);
	listener("0.0.0.0", 1, 0);
	listener("::", 0, 0);
	listener("::", 1, 0);

	/* the deliberate differences (docs/deviations.md): a numeric IPv4
	 * address with IPv6 allowed is every address on the oracle (its
	 * lws_interface_to_sa leaves the IPv6 address at ::), only that
	 * address on ours */
	if (capi_on_oracle())
		CHECK(!strcmp(listener("127.0.0.1", 0, 1), "yyy"));
	else
		CHECK(!strcmp(listener("127.0.0.1", 0, 1), "ynn"));
	T("done");
	return 0;
}
