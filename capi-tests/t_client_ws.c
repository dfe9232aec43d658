/*
 * WebSocket and HTTP client against a scripted raw-socket server (a forked
 * child; it prints nothing): handshake, masked sends (the server checks
 * the mask bit and unmasks), echo, client close with a reason, server
 * close, unsolicited pong, LWS_WRITE_CLIENT_IGNORE_XOR_MASK, and the failures: refused connection, DNS
 * failure, non-101 status, wrong accept key, EOF before the response,
 * oversized response head, truncated frame.  Then HTTP GET with
 * Content-Length, chunked, and POST with a body from CLIENT_HTTP_WRITEABLE,
 * with a protocol named in the connect info (CLIENT_HTTP_BIND_PROTOCOL; the
 * oracle runs it before pwsi is set) and without (the oracle then swallows the body: no
 * RECEIVE_CLIENT_HTTP_READ).  Redirects: absolute and relative Location, a
 * 303 after a POST (the oracle repeats the body).
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---------------- the scripted server (child process) ---------------- */

static void
serve(int lfd)
{
	char req[8192], hdr[512];
	unsigned char pl[4096];
	size_t plen, n;
	int fd, masked, op;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			_exit(0);
		n = cu_read_head(fd, req, sizeof(req));
		if (getenv("CLIENT_WS_DUMP")) fprintf(stderr, "%s", req);
		cu_switching(req, hdr, sizeof(hdr));

		if (!strncmp(req, "GET /echo ", 10)) {
			cu_wr(fd, hdr, strlen(hdr));
			/* echo frames until the close, reporting unmasked ones */
			while ((op = cu_rd_frame(fd, pl, sizeof(pl), &plen, &masked)) >= 0) {
				unsigned char f[2 + 125 + 16];
				if (!masked) {
					cu_wr(fd, "\x81\x08UNMASKED", 10);
				}
				if (op == 8) {
					f[0] = 0x88;
					f[1] = (unsigned char)plen;
					memcpy(f + 2, pl, plen);
					cu_wr(fd, f, 2 + plen);
					break;
				}
				if (plen <= 125) {
					f[0] = (unsigned char)(0x80 | op);
					f[1] = (unsigned char)plen;
					memcpy(f + 2, pl, plen);
					cu_wr(fd, f, 2 + plen);
					/* and an unsolicited pong after the first */
					if (plen == 5 && !memcmp(pl, "hello", 5))
						cu_wr(fd, "\x8a\x02pp", 4);
				}
			}
		} else if (!strncmp(req, "GET /srvclose ", 14)) {
			cu_wr(fd, hdr, strlen(hdr));
			cu_wr(fd, "\x81\x02hi\x88\x05\x03\xe9" "abc", 11);
			op = cu_rd_frame(fd, pl, sizeof(pl), &plen, &masked);
			(void)op;
		} else if (!strncmp(req, "GET /s403 ", 10)) {
			const char *r = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
			cu_wr(fd, r, strlen(r));
		} else if (!strncmp(req, "GET /badaccept ", 15)) {
			const char *r = "HTTP/1.1 101 Switching Protocols\r\n"
				"Upgrade: websocket\r\nConnection: Upgrade\r\n"
				"Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n";
			cu_wr(fd, r, strlen(r));
		} else if (!strncmp(req, "GET /truncated ", 15)) {
			cu_wr(fd, hdr, strlen(hdr));
			cu_wr(fd, "\x81\x05hi", 4);
		} else if (!strncmp(req, "GET /bighdr ", 12)) {
			char big[9000];
			memset(big, 'a', sizeof(big));
			cu_wr(fd, "HTTP/1.1 101 Switching Protocols\r\nX-Big: ", 41);
			cu_wr(fd, big, sizeof(big));
			cu_wr(fd, "\r\n\r\n", 4);
		} else if (!strncmp(req, "GET /len ", 9)) {
			const char *r = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
				"Content-Length: 11\r\n\r\n";
			cu_wr(fd, r, strlen(r));
			usleep(20000);
			cu_wr(fd, "hello world", 11);
		} else if (!strncmp(req, "GET /chunked ", 13)) {
			const char *r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
			cu_wr(fd, r, strlen(r));
			usleep(20000);
			cu_wr(fd, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 26);
		} else if (!strncmp(req, "POST /post ", 11)) {
			const char *cl = strstr(req, "\r\n\r\n") + 4;
			size_t have = n - (size_t)(cl - req);
			char body[64];
			memcpy(body, cl, have);
			if (have < 5 && cu_rd_all(fd, (unsigned char *)body + have, 5 - have))
				_exit(4);
			snprintf(hdr, sizeof(hdr), "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"
				 "posted:%.5s", body);
			cu_wr(fd, hdr, strlen(hdr));
		} else if (!strncmp(req, "POST /multi ", 12)) {
			/* the body ends with the closing boundary */
			const char *r = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
			while (!strstr(req, "--\r\n") && n < sizeof(req) - 1) {
				ssize_t got = read(fd, req + n, sizeof(req) - 1 - n);
				if (got <= 0)
					break;
				n += (size_t)got;
				req[n] = '\0';
			}
			cu_wr(fd, r, strlen(r));
		} else if (!strncmp(req, "GET /redir ", 11) ||
			   !strncmp(req, "POST /redir ", 12)) {
			struct sockaddr_in me;
			socklen_t ml = sizeof(me);
			getsockname(lfd, (struct sockaddr *)&me, &ml);
			snprintf(hdr, sizeof(hdr), "HTTP/1.1 303 See Other\r\n"
				 "Location: http://127.0.0.1:%d/len\r\n"
				 "Content-Length: 0\r\n\r\n", ntohs(me.sin_port));
			cu_wr(fd, hdr, strlen(hdr));
		} else if (!strncmp(req, "GET /relredir ", 14)) {
			const char *r = "HTTP/1.1 302 Found\r\nLocation: /chunked\r\n"
				"Content-Length: 0\r\n\r\n";
			cu_wr(fd, r, strlen(r));
		}
		/* "/eof" and the rest: close without an answer */
		close(fd);
	}
}

/* ---------------- the client (this process, the transcript) ---------------- */

static int done, sent, mode, closing, connecting;
static struct lws *cwsi;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 64];
	const char *n = cu_reason((int)reason);

	if (!n)
		return 0;
	if (reason == LWS_CALLBACK_PROTOCOL_INIT || reason == LWS_CALLBACK_PROTOCOL_DESTROY) {
		T("  %s", n);
		return 0;
	}
	/*
	 * After our close (closing), whether one more WRITEABLE is served
	 * before the server's close reply is read depends on timing (on both
	 * libraries: seen to differ under load), so it is not printed.
	 */
	if (reason == LWS_CALLBACK_CLIENT_WRITEABLE && mode == 0 && closing)
		return 0;
	if (reason == LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL && connecting) {
		/*
		 * The bind inside lws_client_connect_via_info: the oracle
		 * fills in pwsi after it, ours before (docs/deviations.md).
		 */
		CHECK(capi_on_oracle() ? wsi != cwsi : wsi == cwsi);
		T("  %s len=%zu", n, len);
	} else if (reason == LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER)
		T("  %s%s room=%zu", n, wsi == cwsi ? "" : " (not pwsi)", len);
	else
		T("  %s%s len=%zu", n, wsi == cwsi ? "" : " (not pwsi)", len);

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("    in=\"%s\"", in ? (char *)in : "(null)");
		done = 1;
		break;
	case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP: {
		char ct[64];
		if (mode == 7 && reason == LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH)
			return -1;
		if (mode == 9 && reason == LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP)
			return -1;
		T("    status=%u", lws_http_client_http_response(wsi));
		if (lws_hdr_copy(wsi, ct, sizeof(ct), WSI_TOKEN_HTTP_CONTENT_TYPE) > 0)
			T("    content-type=%s", ct);
		if (lws_hdr_copy(wsi, ct, sizeof(ct), WSI_TOKEN_UPGRADE) > 0)
			T("    upgrade=%s", ct);
		break; }
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
		unsigned char **p = (unsigned char **)in, *end = (*p) + len;
		if (mode == 8)
			return -1;
		if (lws_add_http_header_by_name(wsi, (unsigned char *)"x-test:",
				(unsigned char *)"1", 1, p, end))
			return -1;
		if (mode == 5) {
			lws_client_http_body_pending(wsi, 1);
			lws_callback_on_writable(wsi);
		}
		if (mode == 2) {
			if (lws_add_http_header_by_token(wsi,
					WSI_TOKEN_HTTP_CONTENT_LENGTH,
					(unsigned char *)"5", 1, p, end))
				return -1;
			lws_client_http_body_pending(wsi, 1);
			lws_callback_on_writable(wsi);
		}
		break; }
	case LWS_CALLBACK_CLIENT_HTTP_WRITEABLE:
		if (mode == 5) {
			char mb[LWS_PRE + 512], *st = mb + LWS_PRE, *p = st,
			     *e = mb + sizeof(mb) - 1, bnd[32], *q;
			int r1, r2, r3, r4;
			size_t bl;

			r1 = lws_client_http_multipart(wsi, "text", NULL, NULL, &p, e);
			p += lws_snprintf(p, (size_t)(e - p), "value");
			r2 = lws_client_http_multipart(wsi, "file", "a.txt",
						       "text/plain", &p, e);
			p += lws_snprintf(p, (size_t)(e - p), "data");
			r3 = lws_client_http_multipart(wsi, NULL, NULL, NULL, &p, e);
			T("    multipart=%d,%d,%d", r1, r2, r3);
			/* the boundary is random: print it as B */
			bl = strcspn(st + 2, "\r");
			CHECK(bl == 12 && bl < sizeof(bnd));
			memcpy(bnd, st + 2, bl);
			bnd[bl] = '\0';
			*p = '\0';
			printf("    body \"");
			for (q = st; *q; ) {
				if (!strncmp(q, bnd, bl)) {
					printf("B");
					q += bl;
				} else if (*q == '\r' || *q == '\n') {
					printf(*q == '\r' ? "\\r" : "\\n");
					q++;
				} else
					putchar(*q++);
			}
			printf("\"\n");
			lws_client_http_body_pending(wsi, 0);
			T("    lws_write=%d", lws_write(wsi, (unsigned char *)st,
				(size_t)(p - st), LWS_WRITE_HTTP_FINAL));
			/* too small: as much as fits, 1 */
			q = st;
			r4 = lws_client_http_multipart(wsi, "x", NULL, NULL, &q, st + 10);
			T("    small=%d advanced=%d", r4, (int)(q - st));
			break;
		}
		memcpy(buf + LWS_PRE, "abcde", 5);
		lws_client_http_body_pending(wsi, 0);
		T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_HTTP_FINAL));
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (mode == 0)
			lws_callback_on_writable(wsi);
		if (mode == 6)
			return -1;
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (mode != 0)
			break;
		if (sent == 0) {
			memcpy(buf + LWS_PRE, "hello", 5);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_TEXT));
		} else if (sent == 1) {
			memcpy(buf + LWS_PRE, "bin\x01", 4);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 4, LWS_WRITE_BINARY));
		} else if (sent == 2) {
			/* goes out unmasked: the server reports it */
			memcpy(buf + LWS_PRE, "raw", 3);
			T("    lws_write=%d", lws_write(wsi, buf + LWS_PRE, 3,
				LWS_WRITE_TEXT | LWS_WRITE_CLIENT_IGNORE_XOR_MASK));
		} else {
			lws_close_reason(wsi, 1000, (unsigned char *)"bye", 3);
			closing = 1;
			return -1;
		}
		sent++;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		capi_print_bytes("    in", in, len);
		T("    first=%d final=%d binary=%d rem=%zu", lws_is_first_fragment(wsi),
		  lws_is_final_fragment(wsi), lws_frame_is_binary(wsi),
		  lws_remaining_packet_payload(wsi));
		if (mode == 0 && len == 5)
			break; /* the pong comes next */
		if (mode == 0 && len == 8)
			break; /* "UNMASKED": the echo comes next */
		if (mode == 0)
			lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
		capi_print_bytes("    in", in, len);
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		capi_print_bytes("    in", in, len);
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (cu_http_read(wsi) < 0)
			return -1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		capi_print_bytes("    in", in, len);
		break;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		break;
	case LWS_CALLBACK_CLIENT_HTTP_REDIRECT: {
		/* in: the location (a C string), len: the status */
		const char *loc = in, *pp = strstr(loc, "127.0.0.1:");
		if (pp) /* the port changes from run to run */
			T("    in=\"%.*s127.0.0.1:PORT%s\"", (int)(pp - loc), loc, strchr(pp + 10, '/'));
		else
			T("    in=\"%s\"", loc);
		T("    status=%u is_redirected_to_get=%d", lws_http_client_http_response(wsi),
		  lws_http_is_redirected_to_get(wsi));
		break; }
	case LWS_CALLBACK_CLIENT_CLOSED:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		done = 1;
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		done = 1;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protos[] = {
	{ "cli", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;

static void
run(const char *title, int m, const char *address, int port, const char *path)
{
	struct lws_client_connect_info ci;
	struct lws *ret;

	T("%s", title);
	mode = m;
	done = 0;
	sent = 0;
	closing = 0;
	cwsi = NULL;
	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = address;
	ci.port = port;
	ci.path = path;
	ci.host = "127.0.0.1";
	ci.origin = "127.0.0.1";
	ci.method = (m == 1 || m == 4) ? "GET" : (m == 2 || m == 5) ? "POST" : NULL;
	/* a named protocol binds to an HTTP client (mode 4: none) */
	if (m == 1 || m == 2 || m == 5)
		ci.protocol = "cli";
	if (m == 5)
		ci.ssl_connection = LCCSCF_HTTP_MULTIPART_MIME;
	ci.pwsi = &cwsi;
	connecting = 1;
	ret = lws_client_connect_via_info(&ci);
	connecting = 0;
	T("  connect returned %s, pwsi %s", ret ? "wsi" : "NULL",
	  !cwsi ? "NULL" : cwsi == ret ? "same" : "other");
	if (!ret)
		return;
	CHECK(cu_service_until(ctx, &done, 5000));
	cu_settle(ctx, 50);
}

int
main(void)
{
	struct lws_context_creation_info info;
	int lfd, port, dead_port;
	pid_t child;

	signal(SIGPIPE, SIG_IGN);
	lfd = cu_listen(&port);
	dead_port = cu_free_port();

	fflush(stdout);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
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

	run("ws echo, client close", 0, "127.0.0.1", port, "/echo");
	run("-1 from CLIENT_ESTABLISHED", 6, "127.0.0.1", port, "/echo");
	run("-1 from CLIENT_FILTER_PRE_ESTABLISH", 7, "127.0.0.1", port, "/echo");
	run("-1 from CLIENT_APPEND_HANDSHAKE_HEADER", 8, "127.0.0.1", port, "/echo");
	run("-1 from ESTABLISHED_CLIENT_HTTP (ws)", 9, "127.0.0.1", port, "/echo");
	run("server closes", 3, "127.0.0.1", port, "/srvclose");
	run("refused", 0, "127.0.0.1", dead_port, "/");
	run("dns failure", 0, "nosuchhost.invalid", port, "/");
	run("status 403", 0, "127.0.0.1", port, "/s403");
	run("bad accept", 0, "127.0.0.1", port, "/badaccept");
	run("eof before response", 0, "127.0.0.1", port, "/eof");
	run("oversized response head", 0, "127.0.0.1", port, "/bighdr");
	run("truncated frame", 3, "127.0.0.1", port, "/truncated");
	run("http get content-length", 1, "127.0.0.1", port, "/len");
	run("http get chunked", 1, "127.0.0.1", port, "/chunked");
	run("http post", 2, "127.0.0.1", port, "/post");
	run("http get, redirected (absolute)", 1, "127.0.0.1", port, "/redir");
	run("http post, redirected (303)", 2, "127.0.0.1", port, "/redir");
	run("http get, redirected (relative)", 1, "127.0.0.1", port, "/relredir");
	run("http post multipart", 5, "127.0.0.1", port, "/multi");
	run("http get, no protocol named: the body is swallowed", 4, "127.0.0.1", port, "/len");

	capi_tick_stop();
	lws_context_destroy(ctx);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	T("done");
	return 0;
}
