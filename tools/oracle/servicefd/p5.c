/* probe 5: POLLOUT through lws_service_fd on a plain HTTP connection whose
 * HTTP callback has not answered yet */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <sys/socket.h>
static int cfd = -1;
static int cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in, size_t len)
{
	printf("  cb %d\n", r);
	if (r == LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED) cfd = lws_get_socket_fd(wsi);
	return 0;
}
static struct lws_protocols prots[] = { { "http", cb, 0, 0 }, { NULL, NULL, 0, 0 } };
static int findlisten(int port)
{
	for (int fd = 3; fd < 64; fd++) {
		struct sockaddr_in sa; socklen_t sl = sizeof(sa);
		int acc = 0; socklen_t al = sizeof(acc);
		if (getsockname(fd, (struct sockaddr *)&sa, &sl)) continue;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) || !acc) continue;
		if (ntohs(sa.sin_port) == port) return fd;
	}
	return -1;
}
static void svc(struct lws_context *ctx, int fd, short ev, const char *what)
{
	struct pollfd p = { fd, ev, 0 };
	int n = poll(&p, 1, 200);
	int r = lws_service_fd(ctx, &p);
	printf("%s: poll=%d ret=%d revents_after=%d\n", what, n, r, p.revents);
}
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	struct lws_context *ctx = lws_create_context(&info);
	int port = lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default"));
	int lfd = findlisten(port);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	connect(c, (struct sockaddr *)&sa, sizeof sa);
	svc(ctx, lfd, POLLIN, "listen");
	const char *req = "GET /x HTTP/1.1\r\nHost: x\r\n\r\n";
	write(c, req, strlen(req));
	svc(ctx, cfd, POLLIN, "http req");
	svc(ctx, cfd, POLLOUT, "http POLLOUT");
	svc(ctx, cfd, POLLOUT, "http POLLOUT");
	lws_context_destroy(ctx);
	return 0;
}
