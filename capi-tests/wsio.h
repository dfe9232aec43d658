/*
 * Raw WebSocket client helpers for the t_ws_io_* tests.
 *
 * Everything runs on the test's one thread: the client socket is
 * non-blocking and every wait pumps lws_service() on the server context
 * (kept short by a 2 ms tick timer), so that the order of server callbacks
 * and client observations is deterministic.
 *
 * Include after <libwebsockets.h> and "common.h".
 */
#ifndef LWS_CAPI_TESTS_WSIO_H
#define LWS_CAPI_TESTS_WSIO_H

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#pragma GCC diagnostic ignored "-Wunused-function"

/* opcodes (the LWS_WS_OPCODE_07__* names are not in the public header) */
#define WSO_CONT	0
#define WSO_TEXT	1
#define WSO_BIN		2
#define WSO_CLOSE	8
#define WSO_PING	9
#define WSO_PONG	10

/* ---- server side ---- */

static struct lws_context *wsio_ctx;

/* Create a listening context on an ephemeral port; returns the port. */
static int
wsio_start(struct lws_context_creation_info *info)
{
	struct lws_vhost *vh;
	int port;

	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	info->port = 0;
	wsio_ctx = lws_create_context(info);
	CHECK(wsio_ctx);
	vh = lws_get_vhost_by_name(wsio_ctx, "default");
	CHECK(vh);
	port = lws_get_vhost_listen_port(vh);
	CHECK(port > 0);
	capi_tick_start(wsio_ctx);
	return port;
}

static void
wsio_service_once(void)
{
	lws_service(wsio_ctx, 0);
}

/* service for about ms milliseconds */
static void
wsio_pump_ms(int ms)
{
	long long end = capi_now_ms() + ms;

	do
		wsio_service_once();
	while (capi_now_ms() < end);
}

/* service until *flag becomes nonzero; fails the test after timeout_ms */
#define WSIO_UNTIL(cond, timeout_ms) do { \
	long long _end = capi_now_ms() + (timeout_ms); \
	while (!(cond)) { \
		if (capi_now_ms() > _end) \
			capi_fail(__FILE__, __LINE__, "timeout: " #cond); \
		wsio_service_once(); \
	} } while (0)

static void
wsio_sul_stop(void)
{
	capi_tick_stop();
}

static void
wsio_stop(void)
{
	capi_tick_stop();
	lws_context_destroy(wsio_ctx);
	wsio_ctx = NULL;
}

/* ---- client side ---- */

/* extra request header lines ("Name: value\r\n..."), or NULL */
static const char *wsc_extra_headers;

struct wsc {
	int fd;
	unsigned char *in;	/* bytes received, not yet consumed */
	size_t in_len, in_cap;
	int eof;		/* peer closed (or reset) */
	size_t total_rx;	/* raw bytes ever received */
};

struct wsf {
	int fin, rsv, opcode, masked;
	size_t len;
	unsigned char *payload;	/* malloc'd (NUL-terminated), free with wsf_free */
	unsigned char hdr[14];	/* the frame header as received */
	size_t hlen;
};

static void
wsf_free(struct wsf *f)
{
	free(f->payload);
	f->payload = NULL;
}

/* non-blocking read of whatever is there; returns bytes read this time */
static size_t
wsc_fill(struct wsc *c)
{
	size_t got = 0;

	for (;;) {
		ssize_t n;

		if (c->in_cap - c->in_len < 65536) {
			c->in_cap = c->in_cap * 2 + 65536;
			c->in = realloc(c->in, c->in_cap);
			CHECK(c->in);
		}
		n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
		if (n > 0) {
			c->in_len += (size_t)n;
			c->total_rx += (size_t)n;
			got += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK &&
			       errno != EINTR))
			c->eof = 1;
		return got;
	}
}

static void
wsc_consume(struct wsc *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

/* write all bytes (pumping the server while the socket is full) */
static void
wsc_send_raw(struct wsc *c, const void *p, size_t len)
{
	const unsigned char *b = p;
	long long end = capi_now_ms() + 10000;

	while (len) {
		ssize_t n = send(c->fd, b, len, MSG_NOSIGNAL);

		if (n > 0) {
			b += n;
			len -= (size_t)n;
			continue;
		}
		CHECK(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
		CHECK(capi_now_ms() < end);
		wsio_service_once();
	}
}

/* Build one masked client frame into out (needs len + 14); returns size. */
static size_t
wsc_build_frame(unsigned char *out, int fin, int opcode, const void *p,
		size_t len)
{
	static const unsigned char mask[4] = { 0x11, 0x22, 0x33, 0x44 };
	const unsigned char *s = p;
	size_t n = 0, i;

	out[n++] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0xf));
	if (len < 126)
		out[n++] = (unsigned char)(0x80 | len);
	else if (len < 65536) {
		out[n++] = 0x80 | 126;
		out[n++] = (unsigned char)(len >> 8);
		out[n++] = (unsigned char)len;
	} else {
		out[n++] = 0x80 | 127;
		for (i = 0; i < 8; i++)
			out[n++] = (unsigned char)((unsigned long long)len >>
						   (56 - 8 * i));
	}
	memcpy(out + n, mask, 4);
	n += 4;
	for (i = 0; i < len; i++)
		out[n + i] = s[i] ^ mask[i & 3];
	return n + len;
}

/* send one frame in one write() */
static void
wsc_send_frame(struct wsc *c, int fin, int opcode, const void *p, size_t len)
{
	unsigned char *b = malloc(len + 14);

	CHECK(b);
	wsc_send_raw(c, b, wsc_build_frame(b, fin, opcode, p, len));
	free(b);
}

/* try to parse one frame from c->in; 1 = got one */
static int
wsc_parse_frame(struct wsc *c, struct wsf *f)
{
	size_t hl = 2, plen, i;
	unsigned char *b = c->in;

	if (c->in_len < 2)
		return 0;
	plen = b[1] & 0x7f;
	if (plen == 126) {
		hl = 4;
		if (c->in_len < hl)
			return 0;
		plen = ((size_t)b[2] << 8) | b[3];
	} else if (plen == 127) {
		hl = 10;
		if (c->in_len < hl)
			return 0;
		plen = 0;
		for (i = 0; i < 8; i++)
			plen = (plen << 8) | b[2 + i];
	}
	if (b[1] & 0x80)
		hl += 4;
	if (c->in_len < hl + plen)
		return 0;
	f->fin = !!(b[0] & 0x80);
	f->rsv = (b[0] >> 4) & 7;
	f->opcode = b[0] & 0xf;
	f->masked = !!(b[1] & 0x80);
	f->len = plen;
	f->payload = malloc(plen + 1);
	CHECK(f->payload);
	memcpy(f->payload, b + hl, plen);
	if (f->masked)
		for (i = 0; i < plen; i++)
			f->payload[i] ^= b[hl - 4 + (i & 3)];
	f->payload[plen] = '\0';
	memcpy(f->hdr, b, hl);
	f->hlen = hl;
	wsc_consume(c, hl + plen);
	return 1;
}

/*
 * Pump the server until the client has one whole frame.  Returns 1 with
 * *f filled, 0 if the connection ended first, -1 on timeout.
 */
static int
wsc_read_frame(struct wsc *c, struct wsf *f, int timeout_ms)
{
	long long end = capi_now_ms() + timeout_ms;

	memset(f, 0, sizeof(*f));
	for (;;) {
		wsc_fill(c);
		if (wsc_parse_frame(c, f))
			return 1;
		if (c->eof)
			return 0;
		if (capi_now_ms() > end)
			return -1;
		wsio_service_once();
	}
}

/* pump until the server closes the TCP connection; 1 = closed, 0 = timeout */
static int
wsc_wait_eof(struct wsc *c, int timeout_ms)
{
	long long end = capi_now_ms() + timeout_ms;

	for (;;) {
		wsc_fill(c);
		if (c->eof)
			return 1;
		if (capi_now_ms() > end)
			return 0;
		wsio_service_once();
	}
}

/* without a server to pump: wait up to 2 s for EOF; 1 = closed */
static int
wsc_wait_eof_nopump(struct wsc *c)
{
	long long end = capi_now_ms() + 2000;

	for (;;) {
		wsc_fill(c);
		if (c->eof)
			return 1;
		if (capi_now_ms() > end)
			return 0;
		usleep(1000);
	}
}

/* pump for ms while collecting (not parsing) whatever arrives */
static void
wsc_pump_collect(struct wsc *c, int ms)
{
	long long end = capi_now_ms() + ms;

	do {
		wsc_fill(c);
		wsio_service_once();
	} while (capi_now_ms() < end);
	wsc_fill(c);
}

/*
 * Connect to 127.0.0.1:port and do the upgrade (proto may be NULL).
 * Pumps until the 101 response arrived; returns 0 on success.
 */
static int
wsc_connect(struct wsc *c, int port, const char *proto)
{
	struct sockaddr_in sa;
	char req[2048];
	int n, one = 1;
	long long end;
	unsigned char *e;

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c->fd >= 0);
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(!connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)));
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);

	n = snprintf(req, sizeof(req),
		"GET /ws HTTP/1.1\r\n"
		"Host: 127.0.0.1\r\n"
		"Upgrade: websocket\r\n"
		"Connection: Upgrade\r\n"
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		"Sec-WebSocket-Version: 13\r\n"
		"%s%s%s%s"
		"\r\n", wsc_extra_headers ? wsc_extra_headers : "",
		proto ? "Sec-WebSocket-Protocol: " : "",
		proto ? proto : "", proto ? "\r\n" : "");
	CHECK(n > 0 && (size_t)n < sizeof(req));
	wsc_send_raw(c, req, (size_t)n);

	end = capi_now_ms() + 5000;
	for (;;) {
		wsc_fill(c);
		e = c->in_len >= 4 ? memmem(c->in, c->in_len, "\r\n\r\n", 4) :
				     NULL;
		if (e)
			break;
		if (c->eof || capi_now_ms() > end)
			return -1;
		wsio_service_once();
	}
	if (c->in_len < 12 || memcmp(c->in, "HTTP/1.1 101", 12))
		return -1;
	wsc_consume(c, (size_t)(e + 4 - c->in));
	return 0;
}

/* drop the TCP connection (no close frame) */
static void
wsc_drop(struct wsc *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->in);
	c->in = NULL;
	c->in_len = c->in_cap = 0;
}

/* print a received frame as a deterministic fact */
static void
wsf_print(const char *label, const struct wsf *f)
{
	char l[96];

	snprintf(l, sizeof(l), "%s fin=%d rsv=%d op=%d masked=%d len=%zu",
		 label, f->fin, f->rsv, f->opcode, f->masked, f->len);
	if (f->len <= 200)
		capi_print_bytes(l, f->payload, f->len);
	else
		T("%s (payload not shown)", l);
}

static const char *
wsio_reason_name(int r)
{
	switch (r) {
	case LWS_CALLBACK_ESTABLISHED: return "ESTABLISHED";
	case LWS_CALLBACK_CLOSED: return "CLOSED";
	case LWS_CALLBACK_RECEIVE: return "RECEIVE";
	case LWS_CALLBACK_RECEIVE_PONG: return "RECEIVE_PONG";
	case LWS_CALLBACK_SERVER_WRITEABLE: return "SERVER_WRITEABLE";
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: return "WS_PEER_INITIATED_CLOSE";
	case LWS_CALLBACK_WSI_CREATE: return "WSI_CREATE";
	case LWS_CALLBACK_WSI_DESTROY: return "WSI_DESTROY";
	case LWS_CALLBACK_PROTOCOL_INIT: return "PROTOCOL_INIT";
	case LWS_CALLBACK_PROTOCOL_DESTROY: return "PROTOCOL_DESTROY";
	case LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL: return "WS_SERVER_DROP_PROTOCOL";
	case LWS_CALLBACK_TIMER: return "TIMER";
	case LWS_CALLBACK_USER: return "USER";
	case LWS_CALLBACK_USER + 1: return "USER+1";
	case LWS_CALLBACK_USER + 2: return "USER+2";
	default: return NULL;
	}
}

#endif
