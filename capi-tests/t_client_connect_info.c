/*
 * capi-tests: run serial (it measures validity ping and hang-up times).
 *
 * The lws_client_connect_info fields not covered elsewhere, against a
 * scripted server listening on 127.0.0.1 and [::1] on one port (a forked
 * child; "GET /peer" answers with the client's address as the server sees
 * it):
 *
 * - address: a DNS name ("localhost"), numeric IPv4 and IPv6;
 * - path, host, origin, protocol: the ws request head, as the server got it;
 * - iface: a local address to connect from (127.0.0.2), one that does not
 *   exist;
 * - opaque_user_data, vhost (a second vhost with its own protocols) and
 *   local_protocol_name;
 * - retry_and_idle_policy: an established ws client pings after
 *   secs_since_valid_ping and hangs up after secs_since_valid_hangup
 *   unless a pong confirmed it (the server closes after three); lws_retry_sul_schedule_retry_wsi uses the
 *   connection's policy.
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* ---------------- the scripted server (child process) ---------------- */

static void
serve_one(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char req[8192], out[512], peer[64] = "?";
	unsigned char pl[256], f[2 + 125];
	size_t plen;
	int masked, op, pong, pings = 0;

	getpeername(fd, (struct sockaddr *)&ss, &sl);
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, peer, sizeof(peer));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, peer, sizeof(peer));
	cu_read_head(fd, req, sizeof(req));
	if (!strncmp(req, "GET /peer ", 10)) {
		snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
			 "\r\npeer=%s", (int)strlen(peer) + 5, peer);
		cu_wr(fd, out, strlen(out));
		return;
	}
	if (!strncmp(req, "GET /head", 9)) {
		/*
		 * the request head comes back as a text frame, the random key
		 * as KEY and CRs as '|', then a close
		 */
		char *k = strstr(req, "Sec-WebSocket-Key: "), *e, *q;

		cu_switching(req, out, sizeof(out));
		cu_wr(fd, out, strlen(out));
		if (k) {
			k += 19;
			e = strchr(k, '\r');
			if (e)
				memmove(k + 3, e, strlen(e) + 1);
			memcpy(k, "KEY", 3);
		}
		for (q = req; *q; q++)
			if (*q == '\r')
				*q = '|';
		f[0] = 0x81;
		f[1] = 126;
		cu_wr(fd, f, 2);
		f[0] = (unsigned char)(strlen(req) >> 8);
		f[1] = (unsigned char)strlen(req);
		cu_wr(fd, f, 2);
		cu_wr(fd, req, strlen(req));
		cu_wr(fd, "\x88\x02\x03\xe8", 4);
		while ((op = cu_rd_frame(fd, pl, sizeof(pl), &plen, &masked)) >= 0 &&
		       op != 8)
			;
		return;
	}
	/*
	 * ws: "/bye" closes at once, "/wait" after a second, "/pong" answers
	 * pings and closes after the third, "/nopong" ignores them
	 */
	pong = !strncmp(req, "GET /pong ", 10);
	cu_switching(req, out, sizeof(out));
	if (strstr(req, "Sec-WebSocket-Protocol: wire-proto")) {
		/* the protocol the client asked for, on the wire */
		out[strlen(out) - 2] = '\0';
		strcat(out, "Sec-WebSocket-Protocol: wire-proto\r\n\r\n");
	}
	cu_wr(fd, out, strlen(out));
	if (!strncmp(req, "GET /wait ", 10))
		sleep(1);
	if (!strncmp(req, "GET /bye ", 9) || !strncmp(req, "GET /wait ", 10))
		cu_wr(fd, "\x88\x02\x03\xe8", 4);
	while ((op = cu_rd_frame(fd, pl, sizeof(pl), &plen, &masked)) >= 0) {
		if (op == 9 && pong) {
			f[0] = 0x8a;
			f[1] = (unsigned char)plen;
			memcpy(f + 2, pl, plen);
			cu_wr(fd, f, 2 + plen);
			if (++pings == 3)
				cu_wr(fd, "\x88\x02\x03\xe8", 4);
		}
		if (op == 8)
			break;
	}
}

static void
serve(int l4, int l6)
{
	struct pollfd pfd[2] = { { l4, POLLIN, 0 }, { l6, POLLIN, 0 } };
	int i, fd;

	for (;;) {
		if (poll(pfd, 2, -1) < 0)
			_exit(0);
		for (i = 0; i < 2; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			fd = accept(pfd[i].fd, NULL, NULL);
			if (fd < 0)
				_exit(0);
			serve_one(fd);
			close(fd);
		}
	}
}

/* A [::1] listener, and a 127.0.0.1 one on the same port. */
static void
listen_both(int *l4, int *l6, int *port)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	socklen_t sl = sizeof(s6);
	int tries, one = 1;

	for (tries = 0; tries < 20; tries++) {
		*l6 = socket(AF_INET6, SOCK_STREAM, 0);
		setsockopt(*l6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_addr = in6addr_loopback;
		CHECK(!bind(*l6, (struct sockaddr *)&s6, sizeof(s6)));
		CHECK(!getsockname(*l6, (struct sockaddr *)&s6, &sl));
		*port = ntohs(s6.sin6_port);
		*l4 = socket(AF_INET, SOCK_STREAM, 0);
		memset(&s4, 0, sizeof(s4));
		s4.sin_family = AF_INET;
		s4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4.sin_port = htons((uint16_t)*port);
		if (!bind(*l4, (struct sockaddr *)&s4, sizeof(s4)))
			break;
		close(*l4);
		close(*l6);
	}
	CHECK(tries < 20);
	CHECK(!listen(*l4, 8) && !listen(*l6, 8));
}

/* ---------------- the client (this process, the transcript) ---------------- */

static struct lws_context *ctx;
static struct lws_vhost *vh2;
static struct lws *cwsi;
static int done, opaque_marker;
static long long t0;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len, const char *who)
{
	const char *n = cu_reason((int)reason);

	(void)user;
	if (!n || reason == LWS_CALLBACK_PROTOCOL_INIT ||
	    reason == LWS_CALLBACK_PROTOCOL_DESTROY)
		return 0;
	if (reason == LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL) {
		/* pwsi: see docs/deviations.md */
		T("  [%s] %s", who, n);
		return 0;
	}
	T("  [%s] %s%s", who, n, wsi == cwsi ? "" : " (not pwsi)");

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("    in=\"%s\"", in ? (char *)in : "(null)");
		break;
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
	case LWS_CALLBACK_CLIENT_ESTABLISHED: {
		char pr[64];

		T("    opaque_user_data=%s vhost=%s",
		  lws_get_opaque_user_data(wsi) == &opaque_marker ? "marker" :
		  lws_get_opaque_user_data(wsi) ? "other" : "NULL",
		  lws_get_vhost(wsi) == vh2 ? "second" : "first");
		if (lws_hdr_copy(wsi, pr, sizeof(pr), WSI_TOKEN_PROTOCOL) > 0)
			T("    Sec-WebSocket-Protocol: %s", pr);
		break; }
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (cu_http_read(wsi) < 0)
			return -1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
	case LWS_CALLBACK_CLIENT_RECEIVE:
		capi_print_bytes("    in", in, len);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
	case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
	case LWS_CALLBACK_CLIENT_CLOSED:
		/* whole seconds since connecting: the policy's clock */
		T("    at %llds", (capi_now_ms() - t0 + 300) / 1000);
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		done = 1;
		break;
	default:
		break;
	}
	return 0;
}

static int
cb_cli(struct lws *wsi, enum lws_callback_reasons reason, void *user,
       void *in, size_t len)
{
	return cb(wsi, reason, user, in, len, "cli");
}

static int
cb_v2(struct lws *wsi, enum lws_callback_reasons reason, void *user,
      void *in, size_t len)
{
	return cb(wsi, reason, user, in, len, "v2");
}

static struct lws_protocols protos[] = {
	{ "cli", cb_cli, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_protocols protos2[] = {
	{ "v2", cb_v2, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
start(struct lws_client_connect_info *ci, const char *title, int port,
      const char *address, const char *path)
{
	T("%s", title);
	done = 0;
	cwsi = NULL;
	memset(ci, 0, sizeof(*ci));
	ci->context = ctx;
	ci->address = address;
	ci->port = port;
	ci->path = path;
	ci->host = "localhost";
	ci->origin = "localhost";
	ci->method = "GET";
	ci->protocol = "cli";
	ci->pwsi = &cwsi;
}

static void
go(struct lws_client_connect_info *ci, int ms)
{
	struct lws *w;

	t0 = capi_now_ms();
	w = lws_client_connect_via_info(ci);
	T("  connect returned %s", w ? "wsi" : "NULL");
	if (w)
		CHECK(cu_service_until(ctx, &done, ms));
	cu_settle(ctx, 30);
}

static lws_sorted_usec_list_t rsul;
static int rfired;

static void
rsul_cb(lws_sorted_usec_list_t *s)
{
	(void)s;
	rfired = 1;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_client_connect_info ci;
	static const uint32_t table[] = { 300, 600 };
	lws_retry_bo_t idle = { 0 }, backoff = { 0 };
	int l4, l6, port, r;
	uint16_t ctry = 0;
	long long ts;
	pid_t child;

	signal(SIGPIPE, SIG_IGN);
	listen_both(&l4, &l6, &port);
	fflush(stdout);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
		/* gone with the test, even when a CHECK ends it */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		serve(l4, l6);
		_exit(0);
	}
	close(l4);
	close(l6);

	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	CHECK(lws_create_vhost(ctx, &info));
	info.protocols = protos2;
	info.vhost_name = "second";
	vh2 = lws_create_vhost(ctx, &info);
	CHECK(vh2);
	capi_tick_start(ctx);

	start(&ci, "address: a DNS name", port, "localhost", "/peer");
	go(&ci, 5000);
	start(&ci, "address: numeric IPv4", port, "127.0.0.1", "/peer");
	go(&ci, 5000);
	start(&ci, "address: numeric IPv6", port, "::1", "/peer");
	go(&ci, 5000);
	start(&ci, "iface: a local address", port, "127.0.0.1", "/peer");
	ci.iface = "127.0.0.2";
	go(&ci, 5000);
	start(&ci, "iface: none such", port, "127.0.0.1", "/peer");
	ci.iface = "nosuchif0";
	go(&ci, 5000);
	start(&ci, "opaque_user_data", port, "127.0.0.1", "/peer");
	ci.opaque_user_data = &opaque_marker;
	go(&ci, 5000);
	start(&ci, "vhost: the second one, its protocol by name", port, "127.0.0.1", "/peer");
	ci.vhost = vh2;
	ci.protocol = "v2";
	go(&ci, 5000);
	start(&ci, "ws: the request head (path, host, origin, protocol)", port, "127.0.0.1", "/head?a=1");
	ci.method = NULL;
	ci.host = "example.test:81";
	ci.origin = "origin.test";
	ci.protocol = "cli";
	go(&ci, 5000);
	start(&ci, "ws: the request head without a protocol", port, "127.0.0.1", "/head");
	ci.method = NULL;
	ci.protocol = NULL;
	go(&ci, 5000);
	start(&ci, "ws, local_protocol_name (another name on the wire)", port, "127.0.0.1", "/bye");
	ci.method = NULL;
	ci.protocol = "wire-proto";
	ci.local_protocol_name = "cli";
	go(&ci, 5000);

	/* the validity policy: ping after 1 s idle, hang up after 2 s */
	idle.secs_since_valid_ping = 1;
	idle.secs_since_valid_hangup = 2;
	start(&ci, "ws, retry_and_idle_policy, the server answers pings", port, "127.0.0.1", "/pong");
	ci.method = NULL;
	ci.retry_and_idle_policy = &idle;
	go(&ci, 8000);
	start(&ci, "ws, retry_and_idle_policy, no pongs", port, "127.0.0.1", "/nopong");
	ci.method = NULL;
	ci.retry_and_idle_policy = &idle;
	go(&ci, 8000);

	/* lws_retry_sul_schedule_retry_wsi takes the connection's policy */
	T("lws_retry_sul_schedule_retry_wsi");
	backoff.retry_ms_table = table;
	backoff.retry_ms_table_count = 2;
	backoff.conceal_count = 3;
	backoff.jitter_percent = 0;
	start(&ci, "  (on a connected wsi with a 300 ms / 600 ms table)", port, "127.0.0.1", "/wait");
	ci.method = NULL;
	ci.retry_and_idle_policy = &backoff;
	t0 = capi_now_ms();
	CHECK(lws_client_connect_via_info(&ci));
	while (!cwsi || capi_now_ms() - t0 < 100)
		lws_service(ctx, 0);
	rfired = 0;
	memset(&rsul, 0, sizeof(rsul));
	ts = capi_now_ms();
	r = lws_retry_sul_schedule_retry_wsi(cwsi, &rsul, rsul_cb, &ctry);
	T("  schedule: %d, try now %u", r, ctry);
	while (!rfired && capi_now_ms() - ts < 3000)
		lws_service(ctx, 0);
	T("  fired: %s, after 300 ms or more, less than 550: %s", yesno(rfired),
	  yesno(capi_now_ms() - ts >= 300 && capi_now_ms() - ts < 550));
	CHECK(cu_service_until(ctx, &done, 5000));

	capi_tick_stop();
	lws_context_destroy(ctx);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	T("done");
	return 0;
}
