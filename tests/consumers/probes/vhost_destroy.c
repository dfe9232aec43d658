/*
 * After lws_vhost_destroy() of a vhost made with lws_create_vhost() (on a
 * context with LWS_SERVER_OPTION_EXPLICIT_VHOSTS), is its port still
 * accepting TCP connections?  Prints the state of the port before and
 * after, and what a client connecting after the destroy gets.
 */
#include <libwebsockets.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct lws_protocols prots[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const char *
try_connect(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), r;
	static char buf[64];

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	snprintf(buf, sizeof(buf), "%s", r ? strerror(errno) : "connected");
	close(fd);
	return buf;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct lws_vhost *vh;
	int port, i;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	ctx = lws_create_context(&info);
	memset(&info, 0, sizeof(info));
	info.port = 7681;
	info.iface = "127.0.0.1";
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	info.protocols = prots;
	info.vhost_name = "dyn";
	vh = lws_create_vhost(ctx, &info);
	if (!vh) {
		printf("lws_create_vhost failed\n");
		return 1;
	}
	port = lws_get_vhost_listen_port(vh);
	for (i = 0; i < 5; i++)
		lws_service(ctx, -1);
	printf("before lws_vhost_destroy: %s\n", try_connect(port));
	lws_vhost_destroy(vh);
	for (i = 0; i < 20; i++)
		lws_service(ctx, -1);
	printf("after lws_vhost_destroy + 20 lws_service(-1): %s\n", try_connect(port));
	lws_context_destroy(ctx);
	printf("after lws_context_destroy: %s\n", try_connect(port));
	return 0;
}
