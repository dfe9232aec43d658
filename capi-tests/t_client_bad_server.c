/*
 * Bad input from servers, against a scripted raw-socket server (a forked
 * child): answers that are not HTTP (text, binary, one endless line) on a
 * connection left open, a server that accepts and never answers (the wait
 * is bounded by the context's timeout_secs), and after a good 101: masked
 * frames (close, text), a close with a one-byte payload, a reserved opcode,
 * RSV bits without an extension, an oversized and a fragmented ping, a
 * continuation without a start, a 2^63-byte length (then EOF), invalid
 * UTF-8, and the head and frames in one packet.  HTTP clients: a garbage
 * status line, an empty status, a body shorter than its Content-Length
 * (then EOF), a bad chunk size, chunk extensions, trailers, bare-LF chunk
 * lines, a chunk without its CRLF, and silence.
 *
 * The client's protocol has session data (and, for a few cases, none), and
 * the vhost's first protocol is another one, so the transcript shows which
 * protocol each callback reaches (the drop-protocol callbacks of ws and http
 * clients included).  A refused connection closes the list.
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>

/* ---------------- the scripted server (child process) ---------------- */

/* Waits (at most 10 s) until the client closes, reading what it sends. */
static void
drain(int fd)
{
	struct timeval tv = { 10, 0 };
	char b[1024];

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (read(fd, b, sizeof(b)) > 0)
		;
}

struct script {
	const char *path;	/* request line starts "GET <path> " */
	const char *bytes;	/* sent after the 101 (ws) or as the answer */
	size_t len;
	int ws;			/* a good 101 first */
	int hangup;		/* close right after, not waiting for the client */
};

#define S(p, b, ws) { p, b, sizeof(b) - 1, ws, 0 }
#define SH(p, b, ws) { p, b, sizeof(b) - 1, ws, 1 }

static const struct script scripts[] = {
	S("/garbage", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 0),
	S("/binary", "\x16\x03\x01\x00\x05hello\x00\xff\xfe", 0),
	S("/masked-close", "\x88\x82\x11\x22\x33\x44\x12\xca", 1),
	S("/masked-text", "\x81\x82\x01\x02\x03\x04ik\x88\x02\x03\xe8", 1),
	S("/close-1byte", "\x88\x01\x03", 1),
	S("/reserved-op", "\x83\x02hi", 1),
	S("/rsv1", "\xc1\x02hi", 1),
	S("/big-ping", "\x89\x7e\x00\x80"
	  "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
	  "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp", 1),
	S("/frag-ping", "\x09\x02hi\x80\x00", 1),
	S("/lone-cont", "\x80\x02hi", 1),
	SH("/huge-len", "\x82\x7f\x7f\xff\xff\xff\xff\xff\xff\xffxxxx", 1),
	S("/bad-utf8", "\x81\x02\xc3\x28\x88\x02\x03\xe8", 1),
	S("/h-garbage", "garbage here\r\n\r\n", 0),
	S("/h-nostatus", "HTTP/1.1\r\n\r\n", 0),
	SH("/h-short", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-ten..", 0),
	S("/h-badchunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "zz\r\nhello\r\n0\r\n\r\n", 0),
	S("/h-chunkext", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "5;x=1\r\nhello\r\n0\r\n\r\n", 0),
	S("/h-trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n", 0),
	S("/h-chunk-lf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "5\nhello\n0\n\n", 0),
	S("/h-chunk-nocrlf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "5\r\nhelloXY0\r\n\r\n", 0),
};

static void
serve(int lfd)
{
	char req[8192], out[512];
	size_t i, big = 5000;
	int fd;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(0);
		cu_read_head(fd, req, sizeof(req));
		if (!strncmp(req, "GET /longline ", 14)) {
			/*
			 * One line of 5000 bytes, never ended.  The client
			 * gives up (and closes) once the line outgrows its
			 * header buffer, before the last write when this
			 * process is slow: the write fails, the line ends.
			 */
			memset(out, 'a', sizeof(out));
			for (i = 0; i < big; i += sizeof(out))
				if (cu_wr(fd, out, sizeof(out)))
					break;
		} else if (!strncmp(req, "GET /coalesced ", 15)) {
			/* the head and a frame in one write */
			cu_switching(req, out, sizeof(out) - 16);
			i = strlen(out);
			memcpy(out + i, "\x81\x02hi\x88\x00", 6);
			cu_wr(fd, out, i + 6);
		} else
			for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
				size_t pl = strlen(scripts[i].path);

				if (strncmp(req + 4, scripts[i].path, pl) ||
				    req[4 + pl] != ' ')
					continue;
				if (scripts[i].ws) {
					cu_switching(req, out, sizeof(out));
					cu_wr(fd, out, strlen(out));
				}
				cu_wr(fd, scripts[i].bytes, scripts[i].len);
				if (scripts[i].hangup)
					shutdown(fd, SHUT_WR);
				break;
			}
		/* "/silent" and the rest: nothing; all wait for the client */
		drain(fd);
		close(fd);
	}
}

/* ---------------- the client (this process, the transcript) ---------------- */

static int done;
static struct lws *cwsi;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len, const char *who)
{
	const char *n = cu_reason((int)reason);

	if (!n || reason == LWS_CALLBACK_PROTOCOL_INIT ||
	    reason == LWS_CALLBACK_PROTOCOL_DESTROY)
		return 0;
	if (reason == LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL) {
		/*
		 * The one callback before the oracle fills in pwsi; ours
		 * fills it in first (docs/deviations.md).
		 */
		CHECK(capi_on_oracle() ? wsi != cwsi : wsi == cwsi);
		T("  %s%s%s", who, n, user ? "" : " (no user)");
	} else
		T("  %s%s%s%s", who, n, wsi == cwsi ? "" : " (not pwsi)",
		  user ? "" : " (no user)");

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("    in=\"%s\"", in ? (char *)in : "(null)");
		break;
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		T("    status=%u", lws_http_client_http_response(wsi));
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		capi_print_bytes("    in", in, len);
		T("    first=%d final=%d binary=%d", lws_is_first_fragment(wsi),
		  lws_is_final_fragment(wsi), lws_frame_is_binary(wsi));
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		capi_print_bytes("    in", in, len);
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP: {
		int r = cu_http_read(wsi);

		T("    lws_http_client_read=%d", r);
		if (r < 0)
			return -1;
		break; }
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
	return cb(wsi, reason, user, in, len, "");
}

static int
cb_first(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	 void *in, size_t len)
{
	return cb(wsi, reason, user, in, len, "[first] ");
}

static struct lws_protocols protos[] = {
	{ "first", cb_first, 0, 0, 0, NULL, 0 },
	{ "cli", cb_cli, 16, 0, 0, NULL, 0 },
	{ "nopss", cb_cli, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;

static void
run_as(const char *proto, int port, const char *path, int http)
{
	struct lws_client_connect_info ci;
	long long t0;

	T("%s %s (protocol %s)", http ? "http" : "ws", path, proto);
	done = 0;
	cwsi = NULL;
	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = "127.0.0.1";
	ci.port = port;
	ci.path = path;
	ci.host = "127.0.0.1";
	ci.origin = "127.0.0.1";
	ci.protocol = proto;
	ci.method = http ? "GET" : NULL;
	ci.pwsi = &cwsi;
	t0 = capi_now_ms();
	CHECK(lws_client_connect_via_info(&ci));
	CHECK(cu_service_until(ctx, &done, 15000));
	/* the silent server: the wait is timeout_secs (3), not less */
	if (!strcmp(path, "/silent"))
		CHECK(capi_now_ms() - t0 >= 2500);
	if (getenv("CLIENT_BAD_TIMES"))
		fprintf(stderr, "%s: %lld ms\n", path, capi_now_ms() - t0);
	cu_settle(ctx, 30);
}

static void
run(int port, const char *path, int http)
{
	run_as("cli", port, path, http);
}

int
main(void)
{
	int port;
	pid_t child;

	child = cu_start(serve, &port, protos, 3, &ctx);

	run(port, "/garbage", 0);
	run(port, "/binary", 0);
	run(port, "/longline", 0);
	run(port, "/silent", 0);
	run(port, "/coalesced", 0);
	run(port, "/masked-close", 0);
	run(port, "/masked-text", 0);
	run(port, "/close-1byte", 0);
	run(port, "/reserved-op", 0);
	run(port, "/rsv1", 0);
	run(port, "/big-ping", 0);
	run(port, "/frag-ping", 0);
	run(port, "/lone-cont", 0);
	run(port, "/huge-len", 0);
	run(port, "/bad-utf8", 0);
	run(port, "/h-garbage", 1);
	run(port, "/h-nostatus", 1);
	run(port, "/h-short", 1);
	run(port, "/h-badchunk", 1);
	run(port, "/h-chunkext", 1);
	run(port, "/h-trailer", 1);
	run(port, "/h-chunk-lf", 1);
	run(port, "/h-chunk-nocrlf", 1);
	run(port, "/silent", 1);
	run(cu_free_port(), "/refused", 0);
	run(cu_free_port(), "/refused", 1);

	/* a protocol without session data */
	run_as("nopss", port, "/masked-close", 0);
	run_as("nopss", port, "/binary", 0);
	run_as("nopss", port, "/h-short", 1);
	run_as("nopss", cu_free_port(), "/refused", 0);

	capi_tick_stop();
	lws_context_destroy(ctx);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	T("done");
	return 0;
}
