/*
 * When a client connection gets CLIENT_HTTP_WRITEABLE (and the other client
 * HTTP reasons), ws upgrade and plain HTTP alike, against a scripted server
 * (a forked child) that reports whether anything followed the request head
 * before it answered.
 *
 * Upstream's test-client (Debian's libwebsockets-test-client) writes a POST
 * body whenever CLIENT_HTTP_WRITEABLE comes; its ws protocol has
 * rx_buffer_size 20, which makes the per-write cap of lws_write smaller
 * than the request head.  The oracle writes the head in one go (no cap) and
 * gives such a ws client no CLIENT_HTTP_WRITEABLE at all.  It comes only
 * after lws_callback_on_writable (with or without
 * lws_client_http_body_pending), once per request, while the request is
 * being sent or the response awaited.
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/*
 * The client tells the server (one byte on this pipe) when the frame may
 * come: a few service passes after CLIENT_ESTABLISHED, so a WRITEABLE the
 * client asked for is delivered before the frame, however slow either
 * process is (a fixed 100 ms pause lost that race on a loaded machine).
 */
static int go_pipe[2];

/* ---------------- the scripted server (child process) ---------------- */

/* Bytes that arrive within ms after the head (beyond the n already read). */
static size_t
extra_after(int fd, size_t already, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char b[512];
	size_t n = already;

	while (poll(&p, 1, ms) == 1) {
		ssize_t r = read(fd, b, sizeof(b));
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	return n;
}

static void
serve(int lfd)
{
	char req[8192], out[1024], txt[64];
	unsigned char pl[256];
	size_t n, plen, head, extra;
	int fd, masked, op;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(0);
		n = cu_read_head(fd, req, sizeof(req));
		head = (size_t)(strstr(req, "\r\n\r\n") + 4 - req);
		extra = extra_after(fd, n - head, 150);
		if (!strncmp(req, "GET /ws ", 8)) {
			size_t tl;

			if (extra)
				snprintf(txt, sizeof(txt), "extra:%zu", extra);
			else
				snprintf(txt, sizeof(txt), "clean");
			tl = strlen(txt);
			cu_switching(req, out, sizeof(out));
			cu_wr(fd, out, strlen(out));
			/* a WRITEABLE the client gets comes before the frame */
			{
				struct pollfd g = { go_pipe[0], POLLIN, 0 };
				char c;

				if (poll(&g, 1, 30000) == 1 &&
				    read(go_pipe[0], &c, 1) != 1)
					_exit(4);
			}
			out[0] = (char)0x81;
			out[1] = (char)tl;
			memcpy(out + 2, txt, tl);
			cu_wr(fd, out, 2 + tl);
			/* wait for the client's close, answer it */
			while ((op = cu_rd_frame(fd, pl, sizeof(pl), &plen, &masked)) >= 0)
				if (op == 8)
					break;
			cu_wr(fd, "\x88\x02\x03\xe8", 4);
		} else {
			/* the body is whatever followed the head */
			snprintf(txt, sizeof(txt), "%s:%zu", extra ? "extra" : "clean", extra);
			snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\n"
				 "Content-Length: %zu\r\n\r\n%s", strlen(txt), txt);
			cu_wr(fd, out, strlen(out));
		}
		usleep(20000);
		close(fd);
	}
}

/* ---------------- the client (this process, the transcript) ---------------- */

enum {
	W_SMALL,	/* ws, protocol with rx_buffer_size 20, writes a body on CLIENT_HTTP_WRITEABLE */
	W_APPEND,	/* ws, lws_callback_on_writable in APPEND_HANDSHAKE_HEADER */
	W_EST_HTTP,	/* ws, lws_callback_on_writable in ESTABLISHED_CLIENT_HTTP */
	H_APPEND,	/* GET, lws_callback_on_writable in APPEND, no body pending */
	H_PENDING,	/* POST, body pending but no lws_callback_on_writable */
	H_TWO,		/* POST, body in two CLIENT_HTTP_WRITEABLEs */
	H_LATE,		/* GET, lws_callback_on_writable in ESTABLISHED_CLIENT_HTTP */
	H_SMALL,	/* GET on the rx_buffer_size 20 protocol */
};

static int mode, done, nwr, established;
static struct lws *cwsi;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 64];
	const char *n = cu_reason((int)reason);

	(void)user;
	if (!n || reason == LWS_CALLBACK_PROTOCOL_INIT ||
	    reason == LWS_CALLBACK_PROTOCOL_DESTROY)
		return 0;
	if (reason == LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL && !cwsi)
		/* inside connect (pwsi: docs/deviations.md) */
		T("  %s", n);
	else
		T("  %s%s", n, wsi == cwsi ? "" : " (other wsi)");

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("    in=\"%s\"", in ? (char *)in : "(null)");
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		done = 1;
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		established = 1;
		break;
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
		unsigned char **p = (unsigned char **)in, *end = (*p) + len;

		if (mode == H_PENDING || mode == H_TWO) {
			if (lws_add_http_header_by_token(wsi,
					WSI_TOKEN_HTTP_CONTENT_LENGTH,
					(unsigned char *)"5", 1, p, end))
				return -1;
			lws_client_http_body_pending(wsi, 1);
		}
		if (mode == W_APPEND || mode == H_APPEND || mode == H_TWO)
			T("    lws_callback_on_writable=%d", lws_callback_on_writable(wsi));
		break; }
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		T("    status=%u", lws_http_client_http_response(wsi));
		if (mode == W_EST_HTTP || mode == H_LATE)
			T("    lws_callback_on_writable=%d", lws_callback_on_writable(wsi));
		break;
	case LWS_CALLBACK_CLIENT_HTTP_WRITEABLE:
		nwr++;
		if (mode == H_TWO && nwr == 1) {
			memcpy(buf + LWS_PRE, "ab", 2);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 2, LWS_WRITE_HTTP));
			lws_callback_on_writable(wsi);
			break;
		}
		if (mode == H_PENDING) {
			memcpy(buf + LWS_PRE, "abcde", 5);
			lws_client_http_body_pending(wsi, 0);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_HTTP_FINAL));
			break;
		}
		if (mode == H_TWO) {
			memcpy(buf + LWS_PRE, "cde", 3);
			lws_client_http_body_pending(wsi, 0);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 3, LWS_WRITE_HTTP_FINAL));
			break;
		}
		if (mode == W_SMALL) {
			/* what upstream's test-client does */
			memcpy(buf + LWS_PRE, "text=hello", 10);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 10, LWS_WRITE_HTTP));
			lws_client_http_body_pending(wsi, 0);
		}
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (mode == H_LATE && nwr == 0)
			lws_callback_on_writable(wsi);
		if (cu_http_read(wsi) < 0)
			return -1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		T("    \"%.*s\"", (int)len, (const char *)in);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		T("    \"%.*s\"", (int)len, (const char *)in);
		lws_close_reason(wsi, 1000, (unsigned char *)"bye", 3);
		return -1;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "first", cb, 0, 0, 0, NULL, 0 },
	{ "small", cb, 0, 20, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
run(struct lws_context *ctx, int port, int m, const char *title)
{
	struct lws_client_connect_info i;
	int small = m == W_SMALL || m == H_SMALL;
	int ws = m <= W_EST_HTTP, passes = 0, told = !ws;
	long long until;

	T("case %s:", title);
	mode = m;
	done = nwr = established = 0;
	cwsi = NULL;
	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.address = "127.0.0.1";
	i.port = port;
	i.host = "127.0.0.1";
	i.origin = "127.0.0.1";
	i.path = ws ? "/ws" : (m == H_PENDING || m == H_TWO ? "/post" : "/get");
	i.protocol = small ? "small" : "first";
	if (!ws) {
		i.method = (m == H_PENDING || m == H_TWO) ? "POST" : "GET";
		i.local_protocol_name = i.protocol;
	}
	i.pwsi = &cwsi;
	CHECK(lws_client_connect_via_info(&i));
	until = capi_now_ms() + 20000;
	while (!done && capi_now_ms() < until) {
		lws_service(ctx, 0);
		/* ws: three passes after CLIENT_ESTABLISHED, then the frame */
		if (!told && established && ++passes == 3)
			told = write(go_pipe[1], "g", 1) == 1;
	}
	CHECK(done);
	T("  CLIENT_HTTP_WRITEABLE count=%d", nwr);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	int lfd, port, st;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	lfd = cu_listen(&port);
	CHECK(!pipe(go_pipe));
	pid = fork();
	CHECK(pid >= 0);
	if (!pid) {
		/* gone with the test, even when a CHECK ends it */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		close(go_pipe[1]);
		serve(lfd);
	}
	close(lfd);
	close(go_pipe[0]);

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	run(ctx, port, W_SMALL, "ws, rx_buffer_size 20 (upstream test-client's dumb-increment)");
	CHECK_INT(nwr, 0);
	run(ctx, port, W_APPEND, "ws, lws_callback_on_writable in APPEND_HANDSHAKE_HEADER");
	run(ctx, port, W_EST_HTTP, "ws, lws_callback_on_writable in ESTABLISHED_CLIENT_HTTP");
	run(ctx, port, H_APPEND, "GET, lws_callback_on_writable in APPEND_HANDSHAKE_HEADER");
	run(ctx, port, H_PENDING, "POST, body pending, no lws_callback_on_writable");
	run(ctx, port, H_TWO, "POST, body in two CLIENT_HTTP_WRITEABLEs");
	CHECK_INT(nwr, 2);
	run(ctx, port, H_LATE, "GET, lws_callback_on_writable in ESTABLISHED_CLIENT_HTTP");
	run(ctx, port, H_SMALL, "GET on the rx_buffer_size 20 protocol");
	CHECK_INT(nwr, 0);

	capi_tick_stop();
	lws_context_destroy(ctx);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	T("done");
	return 0;
}
