/*
 * Where the default vhost of lws_create_context() listens for a given
 * info.iface, with IPv6 allowed and with LWS_SERVER_OPTION_DISABLE_IPV6:
 * the bound address (getsockname of the listen socket, read with ss's
 * view via /proc: here simply by trying connects) and what
 * lws_interface_to_sa() answers.  Run in a network namespace with only lo
 * up (127.0.0.1 and ::1).
 */
#include <libwebsockets.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct lws_protocols prots[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static int
reach(int fam, const char *a, int port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, ok;

	memset(&ss, 0, sizeof(ss));
	if (fam == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&ss;
		s->sin_family = AF_INET;
		s->sin_port = htons((uint16_t)port);
		inet_pton(AF_INET, a, &s->sin_addr);
		sl = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
		s->sin6_family = AF_INET6;
		s->sin6_port = htons((uint16_t)port);
		inet_pton(AF_INET6, a, &s->sin6_addr);
		sl = sizeof(*s);
	}
	fd = socket(fam, SOCK_STREAM, 0);
	ok = !connect(fd, (struct sockaddr *)&ss, sl);
	close(fd);
	return ok;
}

int
main(void)
{
	static const char *ifaces[] = { "127.0.0.1", "lo", "0.0.0.0", "::1", "::", NULL };
	int i, v;

	lws_set_log_level(0, NULL);
	for (i = 0; ifaces[i]; i++) {
		struct sockaddr_in6 s6;
		struct sockaddr_in s4;
		char b[64];

		memset(&s6, 0, sizeof(s6));
		memset(&s4, 0, sizeof(s4));
		int r6 = lws_interface_to_sa(1, ifaces[i], (struct sockaddr_in *)&s6, sizeof(s6));
		int r4 = lws_interface_to_sa(0, ifaces[i], &s4, sizeof(s4));
		printf("lws_interface_to_sa(\"%s\"): ipv6 %d %s", ifaces[i], r6,
		       inet_ntop(AF_INET6, &s6.sin6_addr, b, sizeof(b)));
		printf(", ipv4 %d %s\n", r4, inet_ntop(AF_INET, &s4.sin_addr, b, sizeof(b)));
		for (v = 0; v < 2; v++) {
			struct lws_context_creation_info info;
			struct lws_context *c;

			memset(&info, 0, sizeof(info));
			info.port = 7690;
			info.iface = ifaces[i];
			info.protocols = prots;
			if (v)
				info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
			c = lws_create_context(&info);
			printf("  listener, iface \"%s\", %s: ", ifaces[i], v ? "DISABLE_IPV6" : "IPv6 allowed");
			if (!c) {
				printf("lws_create_context failed\n");
				continue;
			}
			printf("127.0.0.1 %s, 127.0.0.2 %s, ::1 %s\n",
			       reach(AF_INET, "127.0.0.1", 7690) ? "yes" : "no",
			       reach(AF_INET, "127.0.0.2", 7690) ? "yes" : "no",
			       reach(AF_INET6, "::1", 7690) ? "yes" : "no");
			lws_context_destroy(c);
		}
	}
	return 0;
}
