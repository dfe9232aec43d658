/*
 * A server context driven ONLY by the test's own poll() loop and
 * lws_service_fd(): the user finds the listening socket (getsockname on
 * its descriptors) and the connections (lws_get_socket_fd in
 * SERVER_NEW_CLIENT_INSTANTIATED), as a user of Debian's build must (it
 * sends no ADD_POLL_FD / CHANGE_MODE_POLL_FD / LOCK_POLL callbacks).
 * Pins: return values and revents (NULL context, unknown fd, revents 0,
 * served = 0 with revents zeroed, closed = 1 with revents kept, fake
 * POLLHUP / POLLERR), one listen service accepting every pending
 * connection, ws handshake + echo, POLLOUT giving SERVER_WRITEABLE
 * whether asked for or not, the peer's FIN, timers (sul, lws_set_timeout)
 * and the protocols' start never running from lws_service_fd but on the
 * first lws_service; lws_canonical_hostname.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

#include <sys/socket.h>

#define MAXC 8

static int conn_fd[MAXC], nconn, sul_fired, timer_closed, lfd_g = -1, filter_fd;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char b[LWS_PRE + 64];
	printf("  cb %s(%d)", wsc_reason((int)reason), (int)reason);
	switch (reason) {
	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: {
		/* user: the peer's address and the new fd; in: the new fd;
		 * the wsi is the listen wsi */
		const struct lws_filter_network_conn_args *a = user;

		filter_fd = (int)(intptr_t)in;
		CHECK(a);
		printf(" args.accept_fd == in: %s, family %s, clilen ok: %s,"
		       " wsi fd == listen fd: %s",
		       yesno(a->accept_fd == filter_fd),
		       a->cli_addr.ss_family == AF_INET6 ? "inet6" :
		       a->cli_addr.ss_family == AF_INET ? "inet" : "?",
		       yesno(a->clilen == (a->cli_addr.ss_family == AF_INET6 ?
					   sizeof(struct sockaddr_in6) :
					   sizeof(struct sockaddr_in))),
		       yesno(lws_get_socket_fd(wsi) == lfd_g));
		break;
	}
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED:
		CHECK(nconn < MAXC);
		conn_fd[nconn++] = lws_get_socket_fd(wsi);
		printf(" conn #%d fd valid: %s, == FILTER_NETWORK_CONNECTION's in: %s",
		       nconn, yesno(conn_fd[nconn - 1] >= 0),
		       yesno(conn_fd[nconn - 1] == filter_fd));
		break;
	case LWS_CALLBACK_RECEIVE:
		printf(" '%.*s'", (int)len, (const char *)in);
		CHECK(len < 32);
		memcpy(b + LWS_PRE, in, len);
		CHECK_INT(lws_write(wsi, b + LWS_PRE, len, LWS_WRITE_TEXT), (int)len);
		if (len == 4 && !memcmp(in, "wrtb", 4))
			lws_callback_on_writable(wsi);
		if (len == 4 && !memcmp(in, "tout", 4))
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 1);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		memcpy(b + LWS_PRE, "W", 1);
		CHECK_INT(lws_write(wsi, b + LWS_PRE, 1, LWS_WRITE_TEXT), 1);
		break;
	case LWS_CALLBACK_CLOSED:
		timer_closed++;
		break;
	default:
		break;
	}
	printf("\n");
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* the listening socket of port, among our descriptors */
static int
find_listen_fd(int port)
{
	int fd;

	for (fd = 3; fd < 256; fd++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		int acc = 0;
		socklen_t al = sizeof(acc);

		if (getsockname(fd, (struct sockaddr *)&ss, &sl))
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) || !acc)
			continue;
		if (ss.ss_family == AF_INET &&
		    ntohs(((struct sockaddr_in *)&ss)->sin_port) == port)
			return fd;
		if (ss.ss_family == AF_INET6 &&
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) == port)
			return fd;
	}
	return -1;
}

/* poll fd for events (up to ms), then lws_service_fd; prints the result */
static int
svc_one(struct lws_context *ctx, int fd, short events, int ms, const char *what)
{
	struct pollfd p;
	int n, r;

	p.fd = fd;
	p.events = events;
	p.revents = 0;
	n = poll(&p, 1, ms);
	CHECK(n == 1);
	r = lws_service_fd(ctx, &p);
	T("%s: ret %d, revents after: %d", what, r, p.revents);
	return r;
}

/* call lws_service_fd on a pollfd with made-up revents */
static int
svc_fake(struct lws_context *ctx, int fd, short events, short revents, const char *what)
{
	struct pollfd p;
	int r;

	p.fd = fd;
	p.events = events;
	p.revents = revents;
	r = lws_service_fd(ctx, &p);
	T("%s: ret %d, revents after: %d", what, r, p.revents);
	return r;
}

/*
 * The user's loop: poll the listening socket and every live connection
 * for POLLIN, serve what is ready with lws_service_fd, read the client,
 * until the condition holds (or max_ms).  Forgets connections whose
 * service returned 1.
 */
static int
user_loop(struct lws_context *ctx, int lfd, struct wsc *c, enum wsc_until u,
	  size_t arg, int max_ms)
{
	long long end = capi_now_ms() + max_ms;
	struct pollfd p[MAXC + 1];
	int n, i, idx[MAXC + 1];

	while (capi_now_ms() < end) {
		n = 0;
		p[n].fd = lfd;
		p[n].events = POLLIN;
		p[n].revents = 0;
		idx[n++] = -1;
		for (i = 0; i < nconn; i++)
			if (conn_fd[i] >= 0) {
				p[n].fd = conn_fd[i];
				p[n].events = POLLIN;
				p[n].revents = 0;
				idx[n++] = i;
			}
		if (poll(p, (nfds_t)n, 5) > 0)
			for (i = 0; i < n; i++) {
				if (!p[i].revents)
					continue;
				if (lws_service_fd(ctx, &p[i]) == 1 ||
				    p[i].revents) {
					/* closed now (1), or closed earlier
					 * by lws_service: no longer lws's */
					CHECK(idx[i] >= 0);
					conn_fd[idx[i]] = -1;
				}
			}
		if (c)
			wsc_read(c);
		if (c && u != WSC_UNTIL_NOTHING && wsc_done(c, u, arg, NULL))
			return 1;
	}
	return 0;
}

static void
sulcb(lws_sorted_usec_list_t *sul)
{
	(void)sul;
	sul_fired++;
	T("  sul fired");
}

static void
client_frames(struct lws_context *ctx, int lfd, struct wsc *c, size_t want, const char *label)
{
	user_loop(ctx, lfd, c, WSC_UNTIL_LEN, want, 3000);
	wsc_print_frames(c, label);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c1, c2, c3, c4;
	struct pollfd up;
	lws_sorted_usec_list_t sul;
	char req[1024], hn[256];
	const char *ch;
	int port, lfd, pp[2], n, fd1;

	setvbuf(stdout, NULL, _IONBF, 0);
	lws_set_log_level(LLL_ERR, NULL);

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	T("create");
	ctx = wsc_create_context(&info, &port);
	lfd = find_listen_fd(port);
	lfd_g = lfd;
	T("listen fd found: %s", yesno(lfd >= 0));
	CHECK(lfd >= 0);

	/* ---- edge cases ---- */
	up.fd = lfd;
	up.events = POLLIN;
	up.revents = POLLIN;
	n = lws_service_fd(NULL, &up);
	T("NULL context: %d", n);
	CHECK_INT(n, -1);
	CHECK(!pipe(pp));
	CHECK_INT(write(pp[1], "x", 1), 1);
	n = svc_fake(ctx, pp[0], POLLIN, POLLIN, "unknown fd, POLLIN");
	CHECK_INT(n, 0);
	n = svc_fake(ctx, lfd, POLLIN, 0, "listen fd, revents 0");
	CHECK_INT(n, 0);
	n = svc_fake(ctx, lfd, POLLIN, POLLIN, "listen fd, POLLIN, nothing pending");
	CHECK_INT(n, 0);
	n = svc_fake(ctx, lfd, POLLIN, POLLOUT, "listen fd, POLLOUT");
	CHECK_INT(n, 0);
	close(pp[0]);
	close(pp[1]);

	/* ---- one connection: accept, handshake, echo ---- */
	T("client 1 connects");
	wsc_connect(&c1, port);
	n = svc_one(ctx, lfd, POLLIN, 2000, "listen fd served");
	CHECK_INT(n, 0);
	T("connections known: %d", nconn);
	CHECK_INT(nconn, 1);
	fd1 = conn_fd[0];
	n = svc_one(ctx, fd1, POLLOUT, 2000, "fresh connection, POLLOUT");
	CHECK_INT(n, 0);

	T("client 1 upgrades");
	n = wsc_format_upgrade(req, sizeof(req), "/", NULL, NULL);
	wsc_send(&c1, req, (size_t)n);
	user_loop(ctx, lfd, &c1, WSC_UNTIL_HEAD, 0, 3000);
	n = wsc_head_len(&c1);
	CHECK(n > 0);
	c1.pos = (size_t)n;
	T("status: %d", atoi((const char *)c1.buf + 9));
	CHECK_INT(atoi((const char *)c1.buf + 9), 101);

	T("client 1 sends 'hello'");
	wsc_send_frame(&c1, 1, 1, "hello", 5);
	client_frames(ctx, lfd, &c1, c1.pos + 7, "client 1 got");

	T("POLLOUT, no writeable asked for (twice)");
	n = svc_one(ctx, fd1, POLLOUT, 2000, "ws connection, POLLOUT");
	CHECK_INT(n, 0);
	n = svc_one(ctx, fd1, POLLOUT, 2000, "ws connection, POLLOUT");
	CHECK_INT(n, 0);
	client_frames(ctx, lfd, &c1, c1.pos + 6, "client 1 got");

	T("client 1 sends 'wrtb' (asks for writeable), then POLLIN only");
	wsc_send_frame(&c1, 1, 1, "wrtb", 4);
	n = svc_one(ctx, fd1, POLLIN, 2000, "ws connection, POLLIN");
	CHECK_INT(n, 0);
	n = svc_fake(ctx, fd1, POLLIN, POLLIN, "ws connection, POLLIN, nothing to read");
	CHECK_INT(n, 0);
	client_frames(ctx, lfd, &c1, c1.pos + 6, "client 1 got");
	n = svc_one(ctx, fd1, POLLIN | POLLOUT, 2000, "ws connection, POLLIN|POLLOUT");
	CHECK_INT(n, 0);
	client_frames(ctx, lfd, &c1, c1.pos + 3, "client 1 got");

	T("client 1 closes its socket");
	wsc_close(&c1);
	n = svc_one(ctx, fd1, POLLIN, 2000, "ws connection, peer FIN");
	CHECK_INT(n, 1);
	conn_fd[0] = -1;

	/* ---- several pending connections, fake hang-up and error ---- */
	T("clients 2 and 3 connect");
	wsc_connect(&c2, port);
	wsc_connect(&c3, port);
	usleep(20000);
	n = svc_one(ctx, lfd, POLLIN, 2000, "listen fd served");
	CHECK_INT(n, 0);
	T("connections known: %d", nconn);
	CHECK_INT(nconn, 3);
	n = svc_fake(ctx, conn_fd[1], POLLIN, POLLHUP, "connection 2, POLLHUP alone");
	CHECK_INT(n, 1);
	conn_fd[1] = -1;
	n = wsc_format_upgrade(req, sizeof(req), "/", NULL, NULL);
	wsc_send(&c3, req, (size_t)n);
	user_loop(ctx, lfd, &c3, WSC_UNTIL_HEAD, 0, 3000);
	T("client 3 status: %d", atoi((const char *)c3.buf + 9));
	n = svc_fake(ctx, conn_fd[2], POLLIN, POLLERR, "connection 3, POLLERR");
	CHECK_INT(n, 1);
	conn_fd[2] = -1;
	user_loop(ctx, lfd, &c2, WSC_UNTIL_CLOSED, 0, 2000);
	user_loop(ctx, lfd, &c3, WSC_UNTIL_CLOSED, 0, 2000);
	T("client 2: %s, client 3: %s", wsc_alive(&c2), wsc_alive(&c3));
	wsc_close(&c2);
	wsc_close(&c3);

	/* ---- timers run only from lws_service ---- */
	T("client 4 upgrades, asks for a 1 s timeout; a sul is due in 100 ms");
	wsc_connect(&c4, port);
	n = wsc_format_upgrade(req, sizeof(req), "/", NULL, NULL);
	wsc_send(&c4, req, (size_t)n);
	user_loop(ctx, lfd, &c4, WSC_UNTIL_HEAD, 0, 3000);
	c4.pos = (size_t)wsc_head_len(&c4);
	T("client 4 status: %d", atoi((const char *)c4.buf + 9));
	memset(&sul, 0, sizeof(sul));
	lws_sul_schedule(ctx, 0, &sul, sulcb, 100 * LWS_US_PER_MS);
	wsc_send_frame(&c4, 1, 1, "tout", 4);
	client_frames(ctx, lfd, &c4, c4.pos + 6, "client 4 got");
	user_loop(ctx, lfd, &c4, WSC_UNTIL_CLOSED, 0, 1500);
	T("after 1.5 s of lws_service_fd: client 4 %s, sul fired %d, CLOSED %d",
	  wsc_alive(&c4), sul_fired, timer_closed);
	CHECK_INT(sul_fired, 0);
	T("one lws_service(ctx, -1)");
	lws_service(ctx, -1);
	T("sul fired %d", sul_fired);
	CHECK_INT(sul_fired, 1);
	user_loop(ctx, lfd, &c4, WSC_UNTIL_CLOSED, 0, 300);
	wsc_close(&c4);

	/* ---- lws_canonical_hostname ---- */
	ch = lws_canonical_hostname(ctx);
	CHECK(ch);
	memset(hn, 0, sizeof(hn));
	gethostname(hn, sizeof(hn) - 1);
	T("canonical hostname == gethostname: %s", yesno(!strcmp(ch, hn)));
	CHECK_STR(ch, hn);
	T("canonical hostname of NULL: %s", lws_canonical_hostname(NULL) ? "non-NULL" : "NULL");

	T("destroy");
	lws_context_destroy(ctx);

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.options = LWS_SERVER_OPTION_SKIP_SERVER_CANONICAL_NAME;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	ch = lws_canonical_hostname(ctx);
	T("canonical hostname with SKIP_SERVER_CANONICAL_NAME: %s", ch ? ch : "(null)");
	CHECK_STR(ch, "unknown");
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
