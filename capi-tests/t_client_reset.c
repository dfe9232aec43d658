/*
 * Client leftovers against a scripted raw HTTP server (a forked child that
 * answers each request with its own request head as the body; it prints
 * nothing):
 * - lws_client_reset (exported, in no public header) called from
 *   ESTABLISHED_CLIENT_HTTP: the same wsi goes to the new path and Host
 *   (DROP/BIND_PROTOCOL from inside the call, no "connection: close"),
 *   at most 3 times ("Too many redirects": NULL, the response goes on),
 *   a count shared with Location redirects (a redirect loop fails at the
 *   4th);
 * - -1 from ESTABLISHED_CLIENT_HTTP on an HTTP client;
 * - lws_get_parent / lws_get_child with connect_info.parent_wsi, and the
 *   children closed first when the parent goes;
 * - a connect that never completes (a listener whose backlog is full):
 *   the callbacks after a short PENDING_TIMEOUT_SENT_CLIENT_HANDSHAKE, and
 *   when the context is destroyed meanwhile;
 * - an unreachable host (100::1, where this machine has no route to it).
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* exported by the library, declared in no public header */
struct lws *lws_client_reset(struct lws **wsi, int ssl, const char *address,
			     int port, const char *path, const char *host,
			     char weak);

/* the reasons printed: the client's, without the protocol's own */
static const char *
rname(int r)
{
	if (r == LWS_CALLBACK_PROTOCOL_INIT || r == LWS_CALLBACK_PROTOCOL_DESTROY)
		return NULL;
	return cu_reason(r);
}

/* ---------------- the scripted server (child process) ---------------- */

static void
serve(int lfd)
{
	char req[8192], out[9000], *e, *q;
	int fd;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(0);
		cu_read_head(fd, req, sizeof(req));
		e = strstr(req, "\r\n\r\n");
		if (e)
			e[2] = '\0';
		for (q = req; *q; q++)
			if (*q == '\r')
				*q = '|';
		if (!strncmp(req, "GET /loop", 9)) {
			const char *r = "HTTP/1.1 302 Found\r\nLocation: /loop\r\n"
				"Content-Length: 0\r\n\r\n";
			if (write(fd, r, strlen(r)) < 0)
				_exit(3);
		} else if (!strncmp(req, "GET /silent", 11)) {
			/* keep it open and quiet; the client goes first */
			while (read(fd, out, sizeof(out)) > 0)
				;
		} else {
			snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\n"
				 "Content-Length: %zu\r\n\r\n%s", strlen(req), req);
			if (write(fd, out, strlen(out)) < 0)
				_exit(3);
		}
		close(fd);
	}
}

/* ---------------- the client (this process, the transcript) ---------------- */

static int done, mode, resets, port;
static struct lws *wa, *wb, *wc;
static int udata[8], nudata;

static const char *
who(struct lws *w)
{
	if (!w)
		return "NULL";
	if (w == wa)
		return "a";
	if (w == wb)
		return "b";
	if (w == wc)
		return "c";
	return "other";
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	const char *n = rname((int)reason);

	if (!n)
		return 0;
	T("  %s %s len=%zu parent=%s child=%s", who(wsi), n,
	  reason == LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER ? len : (size_t)0,
	  who(lws_get_parent(wsi)), who(lws_get_child(wsi)));

	switch (reason) {
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED:
		if (mode == 4)
			lws_set_timeout(wsi, PENDING_TIMEOUT_SENT_CLIENT_HANDSHAKE, 1);
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("    in=\"%s\" len=%zu", in ? (char *)in : "(null)", len);
		done = 1;
		break;
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		if (mode == 1 && resets < 5) {
			struct lws *w = wsi, *r;

			resets++;
			r = lws_client_reset(&w, 0, "127.0.0.1", port,
					     resets == 1 ? "two" : "/three",
					     resets == 2 ? "h2" : "host3", (char)(resets & 1));
			T("    reset %d -> %s, *wsi %s", resets,
			  !r ? "NULL" : r == wsi ? "same" : "other",
			  w == wsi ? "same" : "other");
		}
		if (mode == 2)
			return -1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (cu_http_read(wsi) < 0)
			return -1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		capi_print_bytes("    in", in, len);
		break;
	case LWS_CALLBACK_CHILD_CLOSING:
		T("    user %s, in %s",
		  user == lws_wsi_user(lws_get_parent(wsi)) ? "the parent's" :
		  user == lws_wsi_user(wsi) ? "own" : "other", who(in));
		break;
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
	case LWS_CALLBACK_WSI_DESTROY:
		if (mode != 3 || wsi == wa)
			done = 1;
		break;
	default:
		break;
	}
	return 0;
}

/* the children's protocol: says which protocol a callback came through */
static int
cb2(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
    size_t len)
{
	if (rname((int)reason))
		T("  (through cli2)");
	return cb(wsi, reason, user, in, len);
}

static struct lws_protocols protos[] = {
	{ "cli", cb, 0, 0, 0, NULL, 0 },
	{ "cli2", cb2, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;

static void
service_for(int ms, int until_done)
{
	if (until_done)
		cu_service_until(ctx, &done, ms);
	else
		cu_settle(ctx, ms);
}

static struct lws *
conn(int p, const char *path, struct lws *parent)
{
	struct lws_client_connect_info ci;

	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = "127.0.0.1";
	ci.port = p;
	ci.path = path;
	ci.host = "127.0.0.1";
	ci.origin = "127.0.0.1";
	ci.method = "GET";
	/* children bind another protocol */
	ci.protocol = parent ? "cli2" : "cli";
	ci.parent_wsi = parent;
	/* distinct user pointers (no session data: see CHILD_CLOSING) */
	ci.userdata = &udata[nudata++ & 7];
	return lws_client_connect_via_info(&ci);
}

static void
start(const char *title, int m)
{
	T("%s", title);
	mode = m;
	done = 0;
	resets = 0;
	wa = wb = wc = NULL;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int lfd, one = 1, full, filler[2], i;
	pid_t child;
	long long t0;

	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(!bind(lfd, (struct sockaddr *)&sa, sizeof(sa)));
	CHECK(!listen(lfd, 8));
	CHECK(!getsockname(lfd, (struct sockaddr *)&sa, &sl));
	port = ntohs(sa.sin_port);

	/*
	 * a listener nobody accepts on, its backlog filled: a further SYN is
	 * dropped, so a connect to it never completes
	 */
	full = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_port = 0;
	CHECK(!bind(full, (struct sockaddr *)&sa, sizeof(sa)));
	CHECK(!listen(full, 0));
	sl = sizeof(sa);
	CHECK(!getsockname(full, (struct sockaddr *)&sa, &sl));
	for (i = 0; i < 2; i++) {
		filler[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(filler[i], (struct sockaddr *)&sa, sizeof(sa));
	}
	usleep(100000);

	fflush(stdout);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
		close(full);
		serve(lfd);
		_exit(0);
	}
	close(lfd);

	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	start("a Location redirect loop: 3 are followed", 0);
	wa = conn(port, "/loop", NULL);
	CHECK(wa);
	service_for(5000, 1);
	CHECK(done);
	service_for(50, 0);

	start("lws_client_reset from ESTABLISHED_CLIENT_HTTP, 4 times", 1);
	wa = conn(port, "/one", NULL);
	CHECK(wa);
	service_for(5000, 1);
	CHECK(done);
	service_for(50, 0);

	start("-1 from ESTABLISHED_CLIENT_HTTP (http)", 2);
	wa = conn(port, "/one", NULL);
	CHECK(wa);
	service_for(5000, 1);
	CHECK(done);
	service_for(50, 0);

	start("parent_wsi: lws_get_parent / lws_get_child", 3);
	wa = conn(port, "/silent", NULL);
	CHECK(wa);
	wb = conn(port, "/silent", wa);
	CHECK(wb);
	T("  b: parent=%s child=%s", who(lws_get_parent(wb)), who(lws_get_child(wb)));
	wc = conn(port, "/silent", wa);
	CHECK(wc);
	T("  a: parent=%s child=%s", who(lws_get_parent(wa)), who(lws_get_child(wa)));
	service_for(300, 0);
	T("  the parent is killed");
	lws_set_timeout(wa, PENDING_TIMEOUT_HOLDING_AH, LWS_TO_KILL_SYNC);
	service_for(2000, 1);
	CHECK(done);
	service_for(50, 0);

	start("parent_wsi: a child closes first", 3);
	wa = conn(port, "/silent", NULL);
	wb = conn(port, "/silent", wa);
	wc = conn(port, "/silent", wa);
	CHECK(wa && wb && wc);
	service_for(300, 0);
	T("  c is killed");
	lws_set_timeout(wc, PENDING_TIMEOUT_HOLDING_AH, LWS_TO_KILL_SYNC);
	service_for(300, 0);
	T("  a: child=%s", who(lws_get_child(wa)));
	lws_set_timeout(wa, PENDING_TIMEOUT_HOLDING_AH, LWS_TO_KILL_SYNC);
	service_for(2000, 1);
	CHECK(done);
	service_for(50, 0);

	start("connect never completes, 1 s timeout", 4);
	wa = conn(ntohs(sa.sin_port), "/", NULL);
	CHECK(wa);
	t0 = capi_now_ms();
	service_for(5000, 1);
	CHECK(done);
	CHECK(capi_now_ms() - t0 < 3500);
	service_for(50, 0);

	/*
	 * an unreachable host: 100::1 (the IPv6 discard prefix) where this
	 * machine has no route for it, so the connect fails at once
	 */
	{
		struct sockaddr_in6 s6;
		int t6 = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0), r6 = 0, e6 = 0;

		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons(80);
		inet_pton(AF_INET6, "100::1", &s6.sin6_addr);
		if (t6 >= 0) {
			r6 = connect(t6, (struct sockaddr *)&s6, sizeof(s6));
			e6 = errno;
			if (r6 < 0 && e6 == EINPROGRESS) {
				struct pollfd pf = { t6, POLLOUT, 0 };
				socklen_t el = sizeof(e6);

				e6 = 0;
				if (poll(&pf, 1, 4000) == 1)
					getsockopt(t6, SOL_SOCKET, SO_ERROR, &e6, &el);
			}
			close(t6);
		}
		if (t6 >= 0 && r6 < 0 && (e6 == ENETUNREACH || e6 == EHOSTUNREACH)) {
			struct lws_client_connect_info ci;

			start("unreachable host (100::1)", 0);
			memset(&ci, 0, sizeof(ci));
			ci.context = ctx;
			ci.address = "100::1";
			ci.port = 80;
			ci.path = "/";
			ci.host = "x";
			ci.method = "GET";
			ci.protocol = "cli";
			wa = lws_client_connect_via_info(&ci);
			T("  connect returned %s", wa ? "wsi" : "NULL");
			service_for(8000, 1);
			CHECK(done);
			service_for(50, 0);

			start("unreachable host (100::1), with userdata", 0);
			ci.userdata = &udata[0];
			wa = lws_client_connect_via_info(&ci);
			T("  connect returned %s", wa ? "wsi" : "NULL");
			service_for(8000, 1);
			CHECK(done);
			service_for(50, 0);
		} else
			T("unreachable host: 100::1 is routed here, not tried");
	}

	/* a refused connect, with userdata (the oracle then differs) */
	{
		int d = socket(AF_INET, SOCK_STREAM, 0), dp;
		struct sockaddr_in s2;
		socklen_t l2 = sizeof(s2);

		memset(&s2, 0, sizeof(s2));
		s2.sin_family = AF_INET;
		s2.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		CHECK(!bind(d, (struct sockaddr *)&s2, sizeof(s2)));
		CHECK(!getsockname(d, (struct sockaddr *)&s2, &l2));
		dp = ntohs(s2.sin_port);
		close(d);
		start("refused, with userdata", 0);
		wa = conn(dp, "/", NULL);
		CHECK(wa);
		service_for(3000, 1);
		CHECK(done);
		service_for(50, 0);
	}

	/* a connect still pending when the context goes */
	start("context destroyed while connecting", 0);
	wa = conn(ntohs(sa.sin_port), "/", NULL);
	CHECK(wa);
	service_for(100, 0);

	capi_tick_stop();
	T("context destroy");
	lws_context_destroy(ctx);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	close(filler[0]);
	close(filler[1]);
	close(full);
	T("done");
	return 0;
}
