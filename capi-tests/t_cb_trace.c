/*
 * Every callback, reason by reason, of a server ws session, a server HTTP
 * request, a ws client session and an HTTP client request (a close from
 * either side too): the reason, which protocol's callback got it, the wsi
 * as a small number (in order of first appearance; "-" for NULL, "ctx" for
 * the context-level reasons), whether user is that wsi's session data, and
 * the shape of in / len.
 *
 * Everything runs twice.  First protocols[0] answers GET_THREAD_ID with 0,
 * so it is asked once, at the first service, and only counted.  Then it
 * answers 1 (a thread id, the same on every ask, so no ask cancels the
 * service): the library asks again, through the connection's vhost's
 * protocols[0] with the connection's wsi, each time the connection's poll
 * events change, and each ask is printed with its wsi (an unseen wsi, the
 * context's temporary one or a new client's, is "ctx").
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"
#include "wsio.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* ---------------- the trace ---------------- */

#define MAXW 64
static const void *wsis[MAXW], *users[MAXW];
static int nw, tid_asks, quiet, tid_answer;

static int
wid(const void *w)
{
	int i;

	for (i = 0; i < nw; i++)
		if (wsis[i] == w)
			return i + 1;
	CHECK(nw < MAXW);
	wsis[nw] = w;
	users[nw] = NULL;
	return ++nw;
}

static const char *
rname(int r)
{
	switch (r) {
	case 0: return "ESTABLISHED";
	case 1: return "CLIENT_CONNECTION_ERROR";
	case 2: return "CLIENT_FILTER_PRE_ESTABLISH";
	case 3: return "CLIENT_ESTABLISHED";
	case 4: return "CLOSED";
	case 5: return "CLOSED_HTTP";
	case 6: return "RECEIVE";
	case 7: return "RECEIVE_PONG";
	case 8: return "CLIENT_RECEIVE";
	case 9: return "CLIENT_RECEIVE_PONG";
	case 10: return "CLIENT_WRITEABLE";
	case 11: return "SERVER_WRITEABLE";
	case 12: return "HTTP";
	case 13: return "HTTP_BODY";
	case 14: return "HTTP_BODY_COMPLETION";
	case 15: return "HTTP_FILE_COMPLETION";
	case 16: return "HTTP_WRITEABLE";
	case 17: return "FILTER_NETWORK_CONNECTION";
	case 18: return "FILTER_HTTP_CONNECTION";
	case 19: return "SERVER_NEW_CLIENT_INSTANTIATED";
	case 20: return "FILTER_PROTOCOL_CONNECTION";
	case 24: return "CLIENT_APPEND_HANDSHAKE_HEADER";
	case 27: return "PROTOCOL_INIT";
	case 28: return "PROTOCOL_DESTROY";
	case 29: return "WSI_CREATE";
	case 30: return "WSI_DESTROY";
	case 31: return "GET_THREAD_ID";
	case 38: return "WS_PEER_INITIATED_CLOSE";
	case 44: return "ESTABLISHED_CLIENT_HTTP";
	case 45: return "CLOSED_CLIENT_HTTP";
	case 46: return "RECEIVE_CLIENT_HTTP";
	case 47: return "COMPLETED_CLIENT_HTTP";
	case 48: return "RECEIVE_CLIENT_HTTP_READ";
	case 49: return "HTTP_BIND_PROTOCOL";
	case 50: return "HTTP_DROP_PROTOCOL";
	case 53: return "ADD_HEADERS";
	case 57: return "CLIENT_HTTP_WRITEABLE";
	case 71: return "EVENT_WAIT_CANCELLED";
	case 73: return "TIMER";
	case 75: return "CLIENT_CLOSED";
	case 76: return "CLIENT_HTTP_DROP_PROTOCOL";
	case 77: return "WS_SERVER_BIND_PROTOCOL";
	case 78: return "WS_SERVER_DROP_PROTOCOL";
	case 79: return "WS_CLIENT_BIND_PROTOCOL";
	case 80: return "WS_CLIENT_DROP_PROTOCOL";
	case 85: return "CLIENT_HTTP_BIND_PROTOCOL";
	case 86: return "HTTP_CONFIRM_UPGRADE";
	default: return NULL;
	}
}

/* a printable in, or its shape */
static void
show_in(char *o, size_t os, int reason, const void *in, size_t len)
{
	size_t i;

	if (!in) {
		snprintf(o, os, "in=NULL");
		return;
	}
	switch (reason) {
	case 1: case 6: case 8: case 12: case 18: case 20: case 38: case 48:
	case 50: case 76: case 78: case 80: case 86:
		break;
	default:
		snprintf(o, os, "in=set");
		return;
	}
	if (reason != 6 && reason != 8 && reason != 38 && reason != 48)
		len = strlen(in);	/* C strings */
	snprintf(o, os, "in=\"");
	for (i = 0; i < len && strlen(o) < os - 8; i++) {
		unsigned char ch = ((const unsigned char *)in)[i];
		size_t l = strlen(o);
		if (ch >= 0x20 && ch < 0x7f && ch != '"')
			snprintf(o + l, os - l, "%c", ch);
		else
			snprintf(o + l, os - l, "\\x%02x", ch);
	}
	strcat(o, "\"");
}

static void flush_tid(void);

static int
trace(int pidx, struct lws *wsi, enum lws_callback_reasons reason,
      void *user, void *in, size_t len)
{
	const char *n = rname((int)reason);
	char ins[160], us[16];
	int w, ctxlevel = reason == LWS_CALLBACK_PROTOCOL_INIT ||
			  reason == LWS_CALLBACK_PROTOCOL_DESTROY ||
			  reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED;

	if (reason == LWS_CALLBACK_GET_THREAD_ID) {
		if (!tid_answer) {
			tid_asks++;
			return 0;
		}
		/* a wsi not seen yet is the context's temporary one */
		for (w = 0; w < nw; w++)
			if (wsis[w] == wsi)
				break;
		if (w < nw)
			T("  p%d w%d GET_THREAD_ID user=%s", pidx, w + 1,
			  user ? "set" : "-");
		else
			T("  p%d ctx GET_THREAD_ID user=%s", pidx,
			  user ? "set" : "-");
		return tid_answer;
	}
	if (quiet && ctxlevel)
		return 0;
	flush_tid();
	show_in(ins, sizeof(ins), (int)reason, in, len);
	if (ctxlevel) {
		T("  p%d ctx %s", pidx, n ? n : "?");
		return 0;
	}
	w = wsi ? wid(wsi) : 0;
	if (!user)
		snprintf(us, sizeof(us), "-");
	else if (reason == LWS_CALLBACK_FILTER_NETWORK_CONNECTION)
		snprintf(us, sizeof(us), "args");
	else if (w && !users[w - 1]) {
		users[w - 1] = user;
		snprintf(us, sizeof(us), "pss");
	} else if (w && users[w - 1] == user)
		snprintf(us, sizeof(us), "pss");
	else
		snprintf(us, sizeof(us), "other");
	if (n)
		T("  p%d w%d %s user=%s %s len=%zu", pidx, w, n, us, ins,
		  reason == LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER ? 0 : len);
	else
		T("  p%d w%d reason %d user=%s", pidx, w, (int)reason, us);
	if (reason == LWS_CALLBACK_WSI_DESTROY && w)
		wsis[w - 1] = (void *)-1; /* the pointer may be reused */
	return 0;
}

static void
flush_tid(void)
{
	if (tid_asks)
		T("  (GET_THREAD_ID x%d)", tid_asks);
	tid_asks = 0;
}

/* ---------------- the server part ---------------- */

static int srv_echo_pending;

static int
srv_cb(int pidx, struct lws *wsi, enum lws_callback_reasons reason, void *user,
       void *in, size_t len)
{
	unsigned char b[LWS_PRE + 64];
	int r = trace(pidx, wsi, reason, user, in, len);

	if (reason == LWS_CALLBACK_GET_THREAD_ID)
		return r;
	switch (reason) {
	case LWS_CALLBACK_HTTP:
		/* a 200 with a short body, then the transaction ends */
		if (lws_return_http_status(wsi, HTTP_STATUS_OK, "hi"))
			return -1;
		return lws_http_transaction_completed(wsi);
	case LWS_CALLBACK_RECEIVE:
		if (len == 4 && !memcmp(in, "echo", 4)) {
			srv_echo_pending = 1;
			lws_callback_on_writable(wsi);
		}
		if (len == 3 && !memcmp(in, "bye", 3)) {
			lws_close_reason(wsi, 4000, (unsigned char *)"ok", 2);
			return -1;
		}
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (srv_echo_pending) {
			srv_echo_pending = 0;
			memcpy(b + LWS_PRE, "echoed", 6);
			lws_write(wsi, b + LWS_PRE, 6, LWS_WRITE_TEXT);
		}
		break;
	default:
		break;
	}
	return 0;
}

static int s0(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l) { return srv_cb(0, w, r, u, i, l); }
static int s1(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l) { return srv_cb(1, w, r, u, i, l); }
static int s2(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l) { return srv_cb(2, w, r, u, i, l); }

static struct lws_protocols srv_protocols[] = {
	{ "p0", s0, 16, 0, 0, NULL, 0 },
	{ "ws1", s1, 24, 0, 0, NULL, 0 },
	{ "ws2", s2, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* service for ms, flushing the GET_THREAD_ID count after each pass */
static void
pump(int ms)
{
	long long end = capi_now_ms() + ms;

	do {
		lws_service(wsio_ctx, 0);
		flush_tid();
	} while (capi_now_ms() < end);
}

static void
frame_until(struct wsc *c, int op)
{
	struct wsf f;

	for (;;) {
		CHECK_INT(wsc_read_frame(c, &f, 3000), 1);
		flush_tid();
		wsf_print("  peer got", &f);
		if (f.opcode == op) {
			wsf_free(&f);
			return;
		}
		wsf_free(&f);
	}
}

static void
server_part(void)
{
	struct lws_context_creation_info info;
	static struct wsc c;
	char req[512];
	int port;

	memset(&info, 0, sizeof(info));
	info.protocols = srv_protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	T("server: create");
	port = wsio_start(&info);
	T("server: first service");
	pump(30);
	quiet = 1;

	T("server ws session on ws1, echo, peer closes:");
	CHECK(!wsc_connect(&c, port, "ws1"));
	pump(20);
	wsc_send_frame(&c, 1, WSO_TEXT, "echo", 4);
	frame_until(&c, WSO_TEXT);
	pump(20);
	wsc_send_frame(&c, 1, WSO_CLOSE, "\x03\xe8", 2);
	frame_until(&c, WSO_CLOSE);
	CHECK(wsc_wait_eof(&c, 3000));
	pump(30);
	wsc_drop(&c);

	T("server ws session on ws2 (no session data), server closes:");
	CHECK(!wsc_connect(&c, port, "ws2"));
	pump(20);
	wsc_send_frame(&c, 1, WSO_TEXT, "bye", 3);
	frame_until(&c, WSO_CLOSE);
	pump(20);
	wsc_send_frame(&c, 1, WSO_CLOSE, "\x0f\xa0", 2);
	CHECK(wsc_wait_eof(&c, 3000));
	pump(30);
	wsc_drop(&c);

	T("server ws session on ws1, peer drops TCP:");
	CHECK(!wsc_connect(&c, port, "ws1"));
	pump(20);
	wsc_drop(&c);
	pump(50);

	T("server HTTP/1.1 GET, then the peer closes:");
	{
		struct wsc h;
		struct sockaddr_in sa;

		memset(&h, 0, sizeof(h));
		h.fd = socket(AF_INET, SOCK_STREAM, 0);
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa.sin_port = htons((uint16_t)port);
		CHECK(!connect(h.fd, (struct sockaddr *)&sa, sizeof(sa)));
		fcntl(h.fd, F_SETFL, fcntl(h.fd, F_GETFL) | O_NONBLOCK);
		pump(20);
		snprintf(req, sizeof(req), "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
		wsc_send_raw(&h, req, strlen(req));
		pump(50);
		wsc_fill(&h);
		T("  peer got %s", h.in_len > 12 && !memcmp(h.in, "HTTP/1.1 200", 12) ?
		  "HTTP/1.1 200" : "something else");
		wsc_drop(&h);
		pump(50);
	}

	T("server: destroy");
	quiet = 0;
	capi_tick_stop();
	lws_context_destroy(wsio_ctx);
	wsio_ctx = NULL;
	flush_tid();
}

/* ---------------- the client part ---------------- */

static void
serve(int lfd)
{
	char req[4096], out[512];
	unsigned char pl[256];
	size_t plen;
	int fd, masked, op;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(0);
		cu_read_head(fd, req, sizeof(req));
		if (!strncmp(req, "GET /ws ", 8) || !strncmp(req, "GET /wsclose ", 13)) {
			int srvclose = req[7] == 'c';

			cu_switching(req, out, sizeof(out));
			cu_wr(fd, out, strlen(out));
			usleep(50000);
			cu_wr(fd, "\x81\x02hi", 4);
			if (srvclose) {
				usleep(50000);
				cu_wr(fd, "\x88\x04\x03\xe8ok", 6);
			}
			while ((op = cu_rd_frame(fd, pl, sizeof(pl), &plen, &masked)) >= 0)
				if (op == 8)
					break;
			if (!srvclose)
				cu_wr(fd, "\x88\x02\x03\xe8", 2 + 2);
		} else {
			const char *r = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
			cu_wr(fd, r, strlen(r));
		}
		usleep(50000);
		close(fd);
	}
}

static int cdone;

static int
cli_cb(int pidx, struct lws *wsi, enum lws_callback_reasons reason, void *user,
       void *in, size_t len)
{
	int r = trace(pidx, wsi, reason, user, in, len);

	if (reason == LWS_CALLBACK_GET_THREAD_ID)
		return r;
	switch (reason) {
	case LWS_CALLBACK_WSI_DESTROY:
		cdone = 1;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (len == 2 && !memcmp(in, "hi", 2) && !lws_get_opaque_user_data(wsi)) {
			lws_close_reason(wsi, 1000, (unsigned char *)"cbye", 4);
			return -1;
		}
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		return cu_http_read(wsi) < 0 ? -1 : 0;
	default:
		break;
	}
	return 0;
}

static int c0(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l) { return cli_cb(0, w, r, u, i, l); }
static int c1(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l) { return cli_cb(1, w, r, u, i, l); }

static struct lws_protocols cli_protocols[] = {
	{ "c0", c0, 0, 0, 0, NULL, 0 },
	{ "cws", c1, 32, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
cpump(struct lws_context *ctx, int ms, int until_done)
{
	long long end = capi_now_ms() + ms;

	do {
		lws_service(ctx, 0);
		flush_tid();
	} while (capi_now_ms() < end && !(until_done && cdone));
}

static void
client_run(struct lws_context *ctx, int port, const char *title, const char *path,
	   const char *method, const char *prot, void *opaque)
{
	struct lws_client_connect_info i;
	struct lws *w = NULL;

	T("%s", title);
	cdone = 0;
	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.address = "127.0.0.1";
	i.port = port;
	i.host = "127.0.0.1";
	i.origin = "127.0.0.1";
	i.path = path;
	i.method = method;
	i.protocol = prot;
	i.opaque_user_data = opaque;
	i.pwsi = &w;
	CHECK(lws_client_connect_via_info(&i));
	flush_tid();
	T("  (connect returned)");
	cpump(ctx, 3000, 1);
	CHECK(cdone);
	cpump(ctx, 30, 0);
}

static void
client_part(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	int lfd, port, st;
	pid_t pid;

	lfd = cu_listen(&port);
	pid = fork();
	CHECK(pid >= 0);
	if (!pid) {
		/* gone with the test, even when a CHECK ends it */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		serve(lfd);
	}
	close(lfd);

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = cli_protocols;
	T("client: create");
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);
	T("client: first service");
	cpump(ctx, 30, 0);
	quiet = 1;

	client_run(ctx, port, "client ws on cws, client closes:", "/ws", NULL, "cws", NULL);
	client_run(ctx, port, "client ws on cws, server closes:", "/wsclose", NULL, "cws", (void *)1);
	client_run(ctx, port, "client ws, no protocol named (c0):", "/ws", NULL, NULL, NULL);
	client_run(ctx, port, "client HTTP GET on cws:", "/get", "GET", "cws", NULL);
	client_run(ctx, port, "client HTTP GET, no protocol:", "/get", "GET", NULL, NULL);
	client_run(ctx, cu_free_port(), "client ws refused:", "/ws", NULL, "cws", NULL);

	T("client: destroy");
	quiet = 0;
	capi_tick_stop();
	lws_context_destroy(ctx);
	flush_tid();
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	server_part();
	nw = 0;
	client_part();
	T("--- again, GET_THREAD_ID answered with 1 ---");
	tid_answer = 1;
	nw = 0;
	server_part();
	nw = 0;
	client_part();
	T("done");
	return 0;
}
