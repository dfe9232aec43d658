/* probe: which callbacks a server context gets; what lws_service_fd does */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <arpa/inet.h>
#include <sys/socket.h>

static int connfd = -1;
static struct lws *connwsi;
static int fired;

static int cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in, size_t len)
{
	printf("  cb %d", r);
	if (r == LWS_CALLBACK_ADD_POLL_FD || r == LWS_CALLBACK_DEL_POLL_FD || r == LWS_CALLBACK_CHANGE_MODE_POLL_FD) {
		struct lws_pollargs *pa = in;
		printf(" fd=%d events=%d prev=%d", pa->fd, pa->events, pa->prev_events);
	}
	if (wsi) printf(" fd=%d", lws_get_socket_fd(wsi));
	if (r == LWS_CALLBACK_FILTER_NETWORK_CONNECTION) printf(" in=%d", (int)(intptr_t)in);
	if (wsi && (r == LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED)) {
		connfd = lws_get_socket_fd(wsi); connwsi = wsi;
		printf(" wsi fd=%d", connfd);
	}
	if (r == LWS_CALLBACK_RECEIVE) {
		unsigned char b[LWS_PRE + 128];
		printf(" rx '%.*s'", (int)len, (char *)in);
		memcpy(b + LWS_PRE, in, len);
		lws_write(wsi, b + LWS_PRE, len, LWS_WRITE_TEXT);
		if (len == 4 && !memcmp(in, "wrtb", 4))
			lws_callback_on_writable(wsi);
		if (len == 4 && !memcmp(in, "tout", 4))
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 1);
	}
	if (r == LWS_CALLBACK_SERVER_WRITEABLE) printf(" WRITEABLE");
	if (r == LWS_CALLBACK_TIMER) fired++;
	printf("\n");
	return 0;
}

static struct lws_protocols prots[] = { { "http", cb, 0, 0 }, { NULL, NULL, 0, 0 } };

static void sulcb(lws_sorted_usec_list_t *s) { printf("  SUL fired\n"); fired++; }

static int findlisten(int port)
{
	for (int fd = 3; fd < 64; fd++) {
		struct sockaddr_in sa; socklen_t sl = sizeof(sa);
		int acc = 0; socklen_t al = sizeof(acc);
		if (getsockname(fd, (struct sockaddr *)&sa, &sl)) continue;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) || !acc) continue;
		if (sa.sin_family == AF_INET6 || ntohs(sa.sin_port) == port) return fd;
	}
	return -1;
}

static void svc(struct lws_context *ctx, int fd, short ev, const char *what)
{
	struct pollfd p = { fd, ev, 0 };
	int n = poll(&p, 1, 200);
	short before = p.revents;
	int r = lws_service_fd(ctx, &p);
	printf("%s: poll=%d revents=%d ret=%d revents_after=%d\n", what, n, before, r, p.revents);
}

int main(void)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = 0;
	info.protocols = prots;
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	printf("create\n");
	struct lws_context *ctx = lws_create_context(&info);
	int port = lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default"));
	int lfd = findlisten(port);
	printf("listen fd found: %d (%d)\n", lfd >= 0, lfd);
	printf("canonical: %s\n", lws_canonical_hostname(ctx));
	char hn[256]; gethostname(hn, sizeof hn); printf("gethostname: %s\n", hn);

	struct pollfd p = { lfd, POLLIN, POLLIN };
	printf("NULL ctx: %d\n", lws_service_fd(NULL, &p));
	/* NULL pollfd: asserts */
	printf("tsi1: %d\n", lws_service_fd_tsi(ctx, &p, 1));
	int pp[2]; pipe(pp); write(pp[1], "x", 1);
	struct pollfd u = { pp[0], POLLIN, POLLIN };
	printf("unknown fd: %d revents_after=%d\n", lws_service_fd(ctx, &u), u.revents);
	struct pollfd z = { lfd, POLLIN, 0 };
	printf("listen revents0: %d revents_after=%d\n", lws_service_fd(ctx, &z), z.revents);

	lws_sorted_usec_list_t sul; memset(&sul, 0, sizeof sul);
	lws_sul_schedule(ctx, 0, &sul, sulcb, 300000);

	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	connect(c, (struct sockaddr *)&sa, sizeof sa);
	fcntl(c, F_SETFL, O_NONBLOCK);
	svc(ctx, lfd, POLLIN, "listen");
	printf("connfd known: %d\n", connfd >= 0);
	const char *req = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
	write(c, req, strlen(req));
	svc(ctx, connfd, POLLIN, "conn hs");
	usleep(50000);
	char buf[4096]; int n = read(c, buf, sizeof buf);
	printf("client got %d: %.12s\n", n, n > 0 ? buf : "");
	unsigned char f[] = { 0x81, 0x84, 0, 0, 0, 0, 'e', 'c', 'h', 'o' };
	write(c, f, sizeof f);
	svc(ctx, connfd, POLLIN, "conn echo");
	usleep(20000);
	n = read(c, buf, sizeof buf); printf("client got %d\n", n);
	unsigned char g[] = { 0x81, 0x84, 0, 0, 0, 0, 'w', 'r', 't', 'b' };
	write(c, g, sizeof g);
	svc(ctx, connfd, POLLIN, "conn wrtb");
	svc(ctx, connfd, POLLOUT, "conn pollout");
	svc(ctx, connfd, POLLOUT, "conn pollout again");
	svc(ctx, connfd, POLLIN|POLLOUT, "conn pollin|out (nothing to read)");
	/* timers: sul due in 300ms */
	usleep(350000);
	printf("sul before: %d\n", fired);
	/* NULL pollfd: asserts */
	printf("sul after NULL: %d\n", fired);
	struct pollfd z2 = { lfd, POLLIN, 0 };
	printf("listen revents0: %d\n", lws_service_fd(ctx, &z2));
	printf("sul after revents0: %d\n", fired);
	u.revents = POLLIN;
	printf("unknown fd: %d\n", lws_service_fd(ctx, &u));
	printf("sul after unknown: %d\n", fired);
	svc(ctx, connfd, POLLOUT, "conn pollout");
	printf("sul after conn: %d\n", fired);
	/* timeout */
	unsigned char h[] = { 0x81, 0x84, 0, 0, 0, 0, 't', 'o', 'u', 't' };
	write(c, h, sizeof h);
	svc(ctx, connfd, POLLIN, "conn tout");
	usleep(1100000);
	struct pollfd z3 = { lfd, POLLIN, 0 };
	printf("listen revents0: %d\n", lws_service_fd(ctx, &z3));
	usleep(1100000);
	printf("after revents0 x2\n");
	svc(ctx, connfd, POLLOUT, "conn pollout");
	usleep(100000);
	n = read(c, buf, sizeof buf); printf("client got %d\n", n);
	/* close */
	close(c);
	svc(ctx, connfd, POLLIN, "conn after close");
	printf("destroy\n");
	lws_context_destroy(ctx);
	return 0;
}
