/* probe 2: POLLOUT without a writable request, tsi 1, POLLHUP alone,
 * several pending accepts, protocol init */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <arpa/inet.h>
#include <sys/socket.h>

static int fds[8], nfds;

static int cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in, size_t len)
{
	printf("  cb %d", r);
	if (r == LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED)
		fds[nfds++] = lws_get_socket_fd(wsi);
	if (r == LWS_CALLBACK_RECEIVE)
		printf(" rx '%.*s'", (int)len, (char *)in);
	printf("\n");
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

static void svc(struct lws_context *ctx, int fd, short ev, const char *what, int tsi)
{
	struct pollfd p = { fd, ev, 0 };
	int n = poll(&p, 1, 200);
	short before = p.revents;
	int r = tsi ? lws_service_fd_tsi(ctx, &p, tsi) : lws_service_fd(ctx, &p);
	printf("%s: poll=%d revents=%d ret=%d revents_after=%d\n", what, n, before, r, p.revents);
}

static int cli(int port)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	connect(c, (struct sockaddr *)&sa, sizeof sa);
	fcntl(c, F_SETFL, O_NONBLOCK);
	return c;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = 0;
	info.protocols = prots;
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	struct lws_context *ctx = lws_create_context(&info);
	int port = lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default"));
	int lfd = findlisten(port);
	const char *req = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
	int c1 = cli(port), c2 = cli(port), c3 = cli(port);
	usleep(20000);
	svc(ctx, lfd, POLLIN, "listen 3 pending", 0);
	printf("accepted %d\n", nfds);
	svc(ctx, lfd, POLLIN, "listen again", 0);
	printf("accepted %d\n", nfds);
	svc(ctx, lfd, POLLIN, "listen again", 0);
	printf("accepted %d\n", nfds);
	/* pollout on a fresh http conn */
	svc(ctx, fds[0], POLLOUT, "fresh conn POLLOUT", 0);
	write(c1, req, strlen(req));
	svc(ctx, fds[0], POLLIN, "conn1 hs", 0);
	svc(ctx, fds[0], POLLOUT, "ws conn POLLOUT never requested", 0);
	svc(ctx, fds[0], POLLOUT, "ws conn POLLOUT never requested", 0);
	/* tsi 1 on conn 2 with data */
	write(c2, req, strlen(req));
	svc(ctx, fds[1], POLLIN, "conn2 tsi1", 1);
	svc(ctx, fds[1], POLLIN, "conn2 tsi0", 0);
	/* revents POLLHUP only (faked) on conn 3 */
	struct pollfd h = { fds[2], POLLIN, POLLHUP };
	{ int r_ = lws_service_fd(ctx, &h); printf("conn3 fake POLLHUP: %d revents_after=%d\n", r_, h.revents); }
	struct pollfd e = { fds[1], POLLIN, POLLERR };
	{ int r_ = lws_service_fd(ctx, &e); printf("conn2 fake POLLERR: %d revents_after=%d\n", r_, e.revents); }
	struct pollfd e2 = { fds[0], POLLIN, POLLIN|POLLHUP };
	{ int r_ = lws_service_fd(ctx, &e2); printf("conn1 fake POLLIN|POLLHUP no data: %d revents_after=%d\n", r_, e2.revents); }
	struct pollfd nv = { fds[0], POLLIN, POLLNVAL };
	{ int r_ = lws_service_fd(ctx, &nv); printf("POLLNVAL on conn1: %d revents_after=%d\n", r_, nv.revents); }
	struct pollfd l1 = { lfd, POLLIN, POLLIN };
	{ int r_ = lws_service_fd(ctx, &l1); printf("listen fake POLLIN nothing pending: %d revents_after=%d\n", r_, l1.revents); }
	struct pollfd l2 = { lfd, POLLIN, POLLOUT };
	{ int r_ = lws_service_fd(ctx, &l2); printf("listen POLLOUT: %d revents_after=%d\n", r_, l2.revents); }
	struct pollfd l3 = { lfd, POLLIN, POLLERR };
	{ int r_ = lws_service_fd(ctx, &l3); printf("listen POLLERR: %d revents_after=%d\n", r_, l3.revents); }
	struct pollfd l4 = { lfd, POLLIN, POLLHUP };
	{ int r_ = lws_service_fd(ctx, &l4); printf("listen POLLHUP: %d revents_after=%d\n", r_, l4.revents); }

	/* fd -1: asserts */
	printf("lws_service now\n");
	lws_service(ctx, -1);
	printf("destroy\n");
	lws_context_destroy(ctx);
	close(c1); close(c2); close(c3);
	return 0;
}
