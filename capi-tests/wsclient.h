/*
 * A raw-socket WebSocket/HTTP client for the server tests (t_ws_*.c).
 *
 * Everything runs in ONE thread: the test's main loop alternates
 * lws_service(ctx, -1) (a non-blocking service pass: poll with timeout 0)
 * with non-blocking reads on the client sockets, so the order in which
 * server callbacks and client observations are printed depends only on the
 * order of the test's steps.  After each step the test pumps until a
 * condition holds (response head complete, connection closed, N bytes) and
 * then "settles" for a short fixed time, so that work the library finishes
 * one service pass later is also done before anything is printed.
 *
 * Include after <libwebsockets.h> and "common.h".
 */
#ifndef LWS_CAPI_TESTS_WSCLIENT_H
#define LWS_CAPI_TESTS_WSCLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WSC_BUF 262144

struct wsc {
	int fd;
	unsigned char buf[WSC_BUF];
	size_t len;	/* bytes received so far */
	size_t pos;	/* parse position (frames consumed) */
	int eof;	/* the server closed (read returned 0) */
	int reset;	/* read/write failed (ECONNRESET, EPIPE) */
};

/* the key of RFC 6455's example and its accept value */
#define WSC_KEY "dGhlIHNhbXBsZSBub25jZQ=="
#define WSC_ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

/* context with one listening vhost on an ephemeral port; returns the port */
static inline struct lws_context *
wsc_create_context(struct lws_context_creation_info *info, int *port)
{
	struct lws_context *ctx;
	struct lws_vhost *vh;

	info->port = 0;
	ctx = lws_create_context(info);
	CHECK(ctx);
	vh = lws_get_vhost_by_name(ctx, "default");
	CHECK(vh);
	*port = lws_get_vhost_listen_port(vh);
	CHECK(*port > 0);
	return ctx;
}

static inline void
wsc_init(struct wsc *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* TCP connect to 127.0.0.1:port (the connect completes against the
 * listen backlog without any service), then non-blocking */
static inline void
wsc_connect(struct wsc *c, int port)
{
	struct sockaddr_in sa;
	int one = 1;

	wsc_init(c);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c->fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(!connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	CHECK(fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) == 0);
}

/* drain whatever is readable now */
static inline void
wsc_read(struct wsc *c)
{
	ssize_t n;

	if (c->fd < 0 || c->eof || c->reset)
		return;
	for (;;) {
		if (c->len == sizeof(c->buf)) {
			/* full: drop what was parsed, else give up */
			if (!c->pos)
				return;
			memmove(c->buf, c->buf + c->pos, c->len - c->pos);
			c->len -= c->pos;
			c->pos = 0;
		}
		n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (!n)
			c->eof = 1;
		else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			c->reset = 1;
		return;
	}
}

/* one service pass plus a read; sleeps up to 1 ms waiting for the socket */
static inline void
wsc_step(struct lws_context *ctx, struct wsc *c)
{
	struct pollfd pfd;

	lws_service(ctx, -1);
	if (c && c->fd >= 0) {
		wsc_read(c);
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		poll(&pfd, 1, 1);
	} else
		usleep(1000);
}

enum wsc_until {
	WSC_UNTIL_NOTHING,	/* just run for max_ms */
	WSC_UNTIL_CLOSED,	/* eof or reset */
	WSC_UNTIL_HEAD,		/* "\r\n\r\n" received (or closed) */
	WSC_UNTIL_LEN,		/* at least arg bytes received (or closed) */
	WSC_UNTIL_FLAG,		/* *(int *)argp nonzero (or closed) */
};

static inline int
wsc_has_head(const struct wsc *c)
{
	size_t n;

	for (n = 0; n + 3 < c->len; n++)
		if (!memcmp(c->buf + n, "\r\n\r\n", 4))
			return 1;
	return 0;
}

static inline int
wsc_head_len(const struct wsc *c)
{
	size_t n;

	for (n = 0; n + 3 < c->len; n++)
		if (!memcmp(c->buf + n, "\r\n\r\n", 4))
			return (int)n + 4;
	return -1;
}

static inline int
wsc_done(struct wsc *c, enum wsc_until u, size_t arg, const int *flag)
{
	int closed = c && (c->eof || c->reset);

	switch (u) {
	case WSC_UNTIL_NOTHING:
		return 0;
	case WSC_UNTIL_CLOSED:
		return closed;
	case WSC_UNTIL_HEAD:
		return closed || wsc_has_head(c);
	case WSC_UNTIL_LEN:
		return closed || c->len >= arg;
	case WSC_UNTIL_FLAG:
		return (flag && *flag) || closed;
	}
	return 1;
}

/*
 * Pump until the condition holds or max_ms passed, then settle for
 * settle_ms more (service + read).  Returns 1 if the condition held.
 */
static inline int
wsc_pump_ex(struct lws_context *ctx, struct wsc *c, enum wsc_until u,
	    size_t arg, const int *flag, int max_ms, int settle_ms)
{
	long long end = capi_now_ms() + max_ms;
	int ok = 0;

	while (capi_now_ms() < end) {
		wsc_step(ctx, c);
		if (wsc_done(c, u, arg, flag)) {
			ok = 1;
			break;
		}
	}
	end = capi_now_ms() + settle_ms;
	while (capi_now_ms() < end)
		wsc_step(ctx, c);
	return ok;
}

#define WSC_SETTLE_MS 60

static inline int
wsc_pump(struct lws_context *ctx, struct wsc *c, enum wsc_until u, size_t arg)
{
	return wsc_pump_ex(ctx, c, u, arg, NULL, 3000, WSC_SETTLE_MS);
}

static inline void
wsc_settle(struct lws_context *ctx, struct wsc *c, int ms)
{
	wsc_pump_ex(ctx, c, WSC_UNTIL_NOTHING, 0, NULL, 0, ms);
}

/* blocking-ish send (servicing while the socket is full) */
static inline void
wsc_send_svc(struct lws_context *ctx, struct wsc *c, const void *p, size_t len)
{
	const unsigned char *b = (const unsigned char *)p;
	long long end = capi_now_ms() + 5000;
	ssize_t n;

	while (len && capi_now_ms() < end) {
		n = send(c->fd, b, len, MSG_NOSIGNAL);
		if (n > 0) {
			b += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			c->reset = 1;
			return;
		}
		if (ctx)
			wsc_step(ctx, c);
	}
}

static inline void
wsc_send(struct wsc *c, const void *p, size_t len)
{
	wsc_send_svc(NULL, c, p, len);
}

static inline void
wsc_sends(struct wsc *c, const char *s)
{
	wsc_send(c, s, strlen(s));
}

/* close normally (FIN) */
static inline void
wsc_close(struct wsc *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* close with RST (SO_LINGER 0) */
static inline void
wsc_abort(struct wsc *c)
{
	struct linger l = { 1, 0 };

	if (c->fd < 0)
		return;
	setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(c->fd);
	c->fd = -1;
}

/* one-line description of how the connection ended, for transcripts */
static inline const char *
wsc_state(const struct wsc *c)
{
	if (c->reset)
		return "reset";
	if (c->eof)
		return "closed";
	return "open";
}

/* "closed" and "reset" both mean the server dropped the connection; which
 * one the peer sees can depend on unread data, so tests print this */
static inline const char *
wsc_alive(const struct wsc *c)
{
	return (c->reset || c->eof) ? "dropped" : "open";
}

/* request "GET <path> HTTP/1.1" with upgrade headers; protocol may be NULL
 * (no Sec-WebSocket-Protocol); extra is raw header lines ("X: y\r\n") or NULL */
static inline int
wsc_format_upgrade(char *out, size_t max, const char *path,
		   const char *protocol, const char *extra)
{
	return snprintf(out, max,
		"GET %s HTTP/1.1\r\n"
		"Host: 127.0.0.1\r\n"
		"Upgrade: websocket\r\n"
		"Connection: Upgrade\r\n"
		"Sec-WebSocket-Key: " WSC_KEY "\r\n"
		"Sec-WebSocket-Version: 13\r\n"
		"%s%s%s"
		"%s"
		"\r\n", path,
		protocol ? "Sec-WebSocket-Protocol: " : "",
		protocol ? protocol : "", protocol ? "\r\n" : "",
		extra ? extra : "");
}

/*
 * Connect, send an upgrade request, pump until the response head (or close).
 * Returns the HTTP status (101...) or -1 if the connection closed without a
 * head.  The head stays in c->buf[0..wsc_head_len); c->pos is set past it.
 */
static inline int
wsc_upgrade(struct lws_context *ctx, struct wsc *c, int port, const char *path,
	    const char *protocol, const char *extra)
{
	char req[4096];
	int n, hl;

	wsc_connect(c, port);
	n = wsc_format_upgrade(req, sizeof(req), path, protocol, extra);
	CHECK(n > 0 && (size_t)n < sizeof(req));
	wsc_send(c, req, (size_t)n);
	wsc_pump(ctx, c, WSC_UNTIL_HEAD, 0);
	hl = wsc_head_len(c);
	if (hl < 0)
		return -1;
	c->pos = (size_t)hl;
	if (c->len < 12 || memcmp(c->buf, "HTTP/1.", 7))
		return -1;
	return atoi((const char *)c->buf + 9);
}

/* ---- frames ---- */

/* build a client frame: fin, rsv bits (0..7), opcode, masked or not, with
 * the mask key 11 22 33 44; len_form 0 = minimal, 126 / 127 = force the
 * 16-/64-bit length forms.  Returns the frame length. */
static inline size_t
wsc_frame_ex(unsigned char *out, int fin, int rsv, int opcode, int masked,
	     const void *payload, size_t len, int len_form)
{
	static const unsigned char mk[4] = { 0x11, 0x22, 0x33, 0x44 };
	const unsigned char *p = (const unsigned char *)payload;
	size_t o = 0, n;

	out[o++] = (unsigned char)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xf));
	if (!len_form)
		len_form = len < 126 ? 0 : (len < 65536 ? 126 : 127);
	if (len_form == 126) {
		out[o++] = (unsigned char)((masked ? 0x80 : 0) | 126);
		out[o++] = (unsigned char)(len >> 8);
		out[o++] = (unsigned char)len;
	} else if (len_form == 127) {
		out[o++] = (unsigned char)((masked ? 0x80 : 0) | 127);
		for (n = 0; n < 8; n++)
			out[o++] = (unsigned char)((uint64_t)len >> (56 - 8 * n));
	} else
		out[o++] = (unsigned char)((masked ? 0x80 : 0) | len);
	if (masked) {
		memcpy(out + o, mk, 4);
		o += 4;
	}
	for (n = 0; n < len; n++)
		out[o + n] = masked ? (unsigned char)(p[n] ^ mk[n & 3]) : p[n];
	return o + len;
}

static inline size_t
wsc_frame(unsigned char *out, int fin, int opcode, const void *payload, size_t len)
{
	return wsc_frame_ex(out, fin, 0, opcode, 1, payload, len, 0);
}

/* send one masked frame */
static inline void
wsc_send_frame(struct wsc *c, int fin, int opcode, const void *payload, size_t len)
{
	unsigned char f[16 + 4096];

	CHECK(len <= 4096);
	wsc_send(c, f, wsc_frame(f, fin, opcode, payload, len));
}

/* send a masked close frame with code (or none when code < 0) + reason */
static inline void
wsc_send_close(struct wsc *c, int code, const void *reason, size_t rlen)
{
	unsigned char pl[128];
	size_t n = 0;

	if (code >= 0) {
		pl[n++] = (unsigned char)(code >> 8);
		pl[n++] = (unsigned char)code;
	}
	CHECK(rlen + n <= sizeof(pl));
	if (rlen)
		memcpy(pl + n, reason, rlen);
	wsc_send_frame(c, 1, 8, pl, n + rlen);
}

struct wsc_rx_frame {
	int fin, rsv, opcode, masked;
	size_t len;
	const unsigned char *payload;	/* points into c->buf (unmasked in place) */
};

/* parse the next complete server frame at c->pos; 1 if one was parsed */
static inline int
wsc_next_frame(struct wsc *c, struct wsc_rx_frame *f)
{
	const unsigned char *b = c->buf + c->pos;
	size_t avail = c->len - c->pos, hl = 2, n;
	uint64_t len;

	if (avail < 2)
		return 0;
	f->fin = !!(b[0] & 0x80);
	f->rsv = (b[0] >> 4) & 7;
	f->opcode = b[0] & 0xf;
	f->masked = !!(b[1] & 0x80);
	len = b[1] & 0x7f;
	if (len == 126) {
		if (avail < 4)
			return 0;
		len = ((uint64_t)b[2] << 8) | b[3];
		hl = 4;
	} else if (len == 127) {
		if (avail < 10)
			return 0;
		len = 0;
		for (n = 0; n < 8; n++)
			len = (len << 8) | b[2 + n];
		hl = 10;
	}
	if (f->masked)
		hl += 4;
	if (avail < hl || avail - hl < len)
		return 0;
	if (f->masked)
		for (n = 0; n < len; n++)
			c->buf[c->pos + hl + n] ^= b[hl - 4 + (n & 3)];
	f->len = (size_t)len;
	f->payload = c->buf + c->pos + hl;
	c->pos += hl + (size_t)len;
	return 1;
}

/* print every complete frame received since the last call, one line each:
 * "<label> frame fin=1 rsv=0 op=8 len=N" then the payload (a close
 * frame's code as a number) */
static inline int
wsc_print_frames(struct wsc *c, const char *label)
{
	struct wsc_rx_frame f;
	char l[64];
	int count = 0;

	while (wsc_next_frame(c, &f)) {
		count++;
		printf("%s frame fin=%d rsv=%d op=%d masked=%d len=%zu", label,
		       f.fin, f.rsv, f.opcode, f.masked, f.len);
		if (f.opcode == 8 && f.len >= 2)
			printf(" code=%d", (f.payload[0] << 8) | f.payload[1]);
		putchar('\n');
		snprintf(l, sizeof(l), "%s   payload", label);
		if (f.len <= 200)
			capi_print_bytes(l, f.payload, f.len);
	}
	if (c->pos < c->len)
		T("%s (%zu trailing bytes not a complete frame)", label,
		  c->len - c->pos);
	return count;
}

/* print bytes received (from c->pos) as lines, omitting "Date:" headers */
static inline void
wsc_print_rx(struct wsc *c, const char *label)
{
	size_t s = c->pos, e;
	char l[64];

	while (s < c->len) {
		for (e = s; e < c->len && c->buf[e] != '\n'; e++)
			;
		if (e < c->len)
			e++;
		if (e - s >= 5 && !strncasecmp((const char *)c->buf + s, "date:", 5)) {
			T("%s <Date header omitted>", label);
		} else {
			snprintf(l, sizeof(l), "%s", label);
			capi_print_bytes(l, c->buf + s, e - s);
		}
		s = e;
	}
	c->pos = c->len;
}

/* ---- callback reason names (for transcripts) ---- */

static inline const char *
wsc_reason(int r)
{
	switch (r) {
	case LWS_CALLBACK_ESTABLISHED: return "ESTABLISHED";
	case LWS_CALLBACK_CLOSED: return "CLOSED";
	case LWS_CALLBACK_CLOSED_HTTP: return "CLOSED_HTTP";
	case LWS_CALLBACK_RECEIVE: return "RECEIVE";
	case LWS_CALLBACK_RECEIVE_PONG: return "RECEIVE_PONG";
	case LWS_CALLBACK_SERVER_WRITEABLE: return "SERVER_WRITEABLE";
	case LWS_CALLBACK_HTTP: return "HTTP";
	case LWS_CALLBACK_HTTP_BODY: return "HTTP_BODY";
	case LWS_CALLBACK_HTTP_BODY_COMPLETION: return "HTTP_BODY_COMPLETION";
	case LWS_CALLBACK_HTTP_FILE_COMPLETION: return "HTTP_FILE_COMPLETION";
	case LWS_CALLBACK_HTTP_WRITEABLE: return "HTTP_WRITEABLE";
	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: return "FILTER_NETWORK_CONNECTION";
	case LWS_CALLBACK_FILTER_HTTP_CONNECTION: return "FILTER_HTTP_CONNECTION";
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED: return "SERVER_NEW_CLIENT_INSTANTIATED";
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: return "FILTER_PROTOCOL_CONNECTION";
	case LWS_CALLBACK_PROTOCOL_INIT: return "PROTOCOL_INIT";
	case LWS_CALLBACK_PROTOCOL_DESTROY: return "PROTOCOL_DESTROY";
	case LWS_CALLBACK_WSI_CREATE: return "WSI_CREATE";
	case LWS_CALLBACK_WSI_DESTROY: return "WSI_DESTROY";
	case LWS_CALLBACK_ADD_HEADERS: return "ADD_HEADERS";
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: return "WS_PEER_INITIATED_CLOSE";
	case LWS_CALLBACK_HTTP_BIND_PROTOCOL: return "HTTP_BIND_PROTOCOL";
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL: return "HTTP_DROP_PROTOCOL";
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: return "HTTP_CONFIRM_UPGRADE";
	case LWS_CALLBACK_WS_SERVER_BIND_PROTOCOL: return "WS_SERVER_BIND_PROTOCOL";
	case LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL: return "WS_SERVER_DROP_PROTOCOL";
	case LWS_CALLBACK_CHECK_ACCESS_RIGHTS: return "CHECK_ACCESS_RIGHTS";
	case LWS_CALLBACK_PROCESS_HTML: return "PROCESS_HTML";
	case LWS_CALLBACK_GET_THREAD_ID: return "GET_THREAD_ID";
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED: return "EVENT_WAIT_CANCELLED";
	case LWS_CALLBACK_TIMER: return "TIMER";
	case LWS_CALLBACK_VHOST_CERT_AGING: return "VHOST_CERT_AGING";
	}
	return "?";
}

/* reasons a transcript should not print: their number depends on how
 * often the loop runs */
static inline int
wsc_reason_is_noise(int r)
{
	return r == LWS_CALLBACK_GET_THREAD_ID ||
	       r == LWS_CALLBACK_EVENT_WAIT_CANCELLED ||
	       r == LWS_CALLBACK_LOCK_POLL || r == LWS_CALLBACK_UNLOCK_POLL ||
	       r == LWS_CALLBACK_ADD_POLL_FD || r == LWS_CALLBACK_DEL_POLL_FD ||
	       r == LWS_CALLBACK_CHANGE_MODE_POLL_FD;
}

#endif
