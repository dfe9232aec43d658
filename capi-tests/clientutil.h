/*
 * Shared by the client tests (t_client_*.c): the clock, the service loop,
 * callback reason names, and the pieces of a scripted raw-socket server
 * (a forked child that answers the client's requests badly on purpose).
 *
 * Include after <libwebsockets.h> and "common.h".
 */
#ifndef LWS_CAPI_TESTS_CLIENTUTIL_H
#define LWS_CAPI_TESTS_CLIENTUTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---------------- the client side ---------------- */

/* Services until *done is set or ms pass; returns *done. */
static inline int
cu_service_until(struct lws_context *ctx, const int *done, int ms)
{
	long long until = capi_now_ms() + ms;

	while (!*done && capi_now_ms() < until)
		lws_service(ctx, 0);
	return *done;
}

/* Services for ms, so that work the library does one pass later is done. */
static inline void
cu_settle(struct lws_context *ctx, int ms)
{
	long long until = capi_now_ms() + ms;

	while (capi_now_ms() < until)
		lws_service(ctx, 0);
}

/*
 * For RECEIVE_CLIENT_HTTP: lws_http_client_read into a stack buffer, which
 * hands the body on to RECEIVE_CLIENT_HTTP_READ.  Returns its result.
 */
static inline int
cu_http_read(struct lws *wsi)
{
	char b[LWS_PRE + 1024], *px = b + LWS_PRE;
	int l = sizeof(b) - LWS_PRE;

	return lws_http_client_read(wsi, &px, &l);
}

/* The names of the reasons a client connection can see, NULL for others. */
static inline const char *
cu_reason(int r)
{
	switch (r) {
	case 0: return "ESTABLISHED";
	case 1: return "CLIENT_CONNECTION_ERROR";
	case 2: return "CLIENT_FILTER_PRE_ESTABLISH";
	case 3: return "CLIENT_ESTABLISHED";
	case 4: return "CLOSED";
	case 8: return "CLIENT_RECEIVE";
	case 9: return "CLIENT_RECEIVE_PONG";
	case 10: return "CLIENT_WRITEABLE";
	case 19: return "SERVER_NEW_CLIENT_INSTANTIATED";
	case 24: return "CLIENT_APPEND_HANDSHAKE_HEADER";
	case 27: return "PROTOCOL_INIT";
	case 28: return "PROTOCOL_DESTROY";
	case 29: return "WSI_CREATE";
	case 30: return "WSI_DESTROY";
	case 38: return "WS_PEER_INITIATED_CLOSE";
	case 44: return "ESTABLISHED_CLIENT_HTTP";
	case 45: return "CLOSED_CLIENT_HTTP";
	case 46: return "RECEIVE_CLIENT_HTTP";
	case 47: return "COMPLETED_CLIENT_HTTP";
	case 48: return "RECEIVE_CLIENT_HTTP_READ";
	case 57: return "CLIENT_HTTP_WRITEABLE";
	case 69: return "CHILD_CLOSING";
	case 75: return "CLIENT_CLOSED";
	case 76: return "CLIENT_HTTP_DROP_PROTOCOL";
	case 80: return "WS_CLIENT_DROP_PROTOCOL";
	case 85: return "CLIENT_HTTP_BIND_PROTOCOL";
	case 104: return "CLIENT_HTTP_REDIRECT";
	default: return NULL;
	}
}

/*
 * A loopback port nobody listens on (bound to learn one, then closed): for
 * a refused connection, or for a server the test starts later.
 */
/* 1 if a blocking TCP connect to addr:port (numeric, family AF_INET or
 * AF_INET6) succeeds */
static inline int
cu_reachable(int family, const char *addr, int port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, ok;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		inet_pton(AF_INET, addr, &s4->sin_addr);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		inet_pton(AF_INET6, addr, &s6->sin6_addr);
		sl = sizeof(*s6);
	}
	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	ok = !connect(fd, (struct sockaddr *)&ss, sl);
	close(fd);
	return ok;
}

static inline int
cu_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(!bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	CHECK(!getsockname(fd, (struct sockaddr *)&sa, &sl));
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* Waits (at most ms) until something accepts connections on the port. */
static inline int
cu_wait_listen(int port, int ms)
{
	struct sockaddr_in sa;
	long long until = capi_now_ms() + ms;
	int fd, ok = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	while (!ok && capi_now_ms() < until) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ok = !connect(fd, (struct sockaddr *)&sa, sizeof(sa));
		close(fd);
		if (!ok)
			usleep(50000);
	}
	return ok;
}

/* ---------------- the scripted server (child process) ---------------- */

/* A listening loopback socket on an ephemeral port, written to *port. */
static inline int
cu_listen(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(!bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	CHECK(!listen(fd, 8));
	CHECK(!getsockname(fd, (struct sockaddr *)&sa, &sl));
	*port = ntohs(sa.sin_port);
	return fd;
}

/*
 * Connect info for "GET /" to 127.0.0.1:port, with host and origin set to
 * host and the client bound to protocol proto (NULL: none); a test sets
 * the fields it varies after this.
 */
static inline void
cu_get_info(struct lws_client_connect_info *ci, struct lws_context *ctx,
	    int port, const char *host, const char *proto)
{
	memset(ci, 0, sizeof(*ci));
	ci->context = ctx;
	ci->address = "127.0.0.1";
	ci->port = port;
	ci->path = "/";
	ci->host = host;
	ci->origin = host;
	ci->method = "GET";
	ci->local_protocol_name = proto;
}

/*
 * The scripted server and the client context of a client test: a child
 * process runs serve() on a loopback listener (its port in *port), and
 * this process gets a no-listen context with protos, the given
 * timeout_secs, logs off and the tick running.  Returns the child's pid.
 */
static inline pid_t
cu_start(void (*serve)(int lfd), int *port, struct lws_protocols *protos,
	 int timeout_secs, struct lws_context **pctx)
{
	struct lws_context_creation_info info;
	int lfd;
	pid_t child;

	signal(SIGPIPE, SIG_IGN);
	lfd = cu_listen(port);
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
	info.timeout_secs = (unsigned int)timeout_secs;
	*pctx = lws_create_context(&info);
	CHECK(*pctx);
	capi_tick_start(*pctx);
	return child;
}

static inline int
cu_rd_all(int fd, unsigned char *b, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, b + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/*
 * Writes all of p; returns 0, or -1 when the client has gone.  A client
 * may close first (it gives up on bad input once it has seen enough, and
 * on a loaded machine it sees that before this process wrote the rest):
 * that ends the write, never the scripted server, whose later cases would
 * all be refused.  SIGPIPE is ignored (cu_start, or the test's own fork).
 */
static inline int
cu_wr(int fd, const void *p, size_t n)
{
	return write(fd, p, n) == (ssize_t)n ? 0 : -1;
}

/*
 * Reads a request head (up to the empty line, or EOF) into req, NUL
 * terminated; returns its length (bytes after the head may be included).
 */
static inline size_t
cu_read_head(int fd, char *req, size_t size)
{
	size_t n = 0;

	while (n < size - 1) {
		ssize_t r = read(fd, req + n, size - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[n] = '\0';
	return n;
}

/* The Sec-WebSocket-Accept for the request's key ("" without a key). */
static inline void
cu_accept_key(const char *req, char *acc, size_t acc_size)
{
	const char *k = strstr(req, "Sec-WebSocket-Key: ");
	unsigned char sha[20];
	char key[80];
	int kl = 0;

	acc[0] = '\0';
	if (!k)
		return;
	k += 19;
	while (k[kl] && k[kl] != '\r' && kl < 30)
		kl++;
	memcpy(key, k, (size_t)kl);
	memcpy(key + kl, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
	lws_SHA1((unsigned char *)key, (size_t)kl + 36, sha);
	lws_b64_encode_string((char *)sha, 20, acc, (int)acc_size);
}

/* The 101 answer to a ws request head, into out. */
static inline void
cu_switching(const char *req, char *out, size_t size)
{
	char acc[64];

	cu_accept_key(req, acc, sizeof(acc));
	snprintf(out, size, "HTTP/1.1 101 Switching Protocols\r\n"
		 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Accept: %s\r\n\r\n", acc);
}

/* Reads one client frame; returns its opcode, the payload unmasked in pl. */
static inline int
cu_rd_frame(int fd, unsigned char *pl, size_t pl_size, size_t *plen,
	    int *masked)
{
	unsigned char h[14], m[4];
	size_t len, i;

	if (cu_rd_all(fd, h, 2))
		return -1;
	*masked = !!(h[1] & 0x80);
	len = h[1] & 0x7f;
	if (len == 126) {
		if (cu_rd_all(fd, h + 2, 2))
			return -1;
		len = ((size_t)h[2] << 8) | h[3];
	}
	if (*masked && cu_rd_all(fd, m, 4))
		return -1;
	if (len > pl_size || cu_rd_all(fd, pl, len))
		return -1;
	if (*masked)
		for (i = 0; i < len; i++)
			pl[i] ^= m[i & 3];
	*plen = len;
	return h[0] & 0x0f;
}

#endif
