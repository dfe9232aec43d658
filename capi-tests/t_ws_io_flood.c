/*
 * A flood of small frames, one lws_write per WRITEABLE and asking for the
 * next, to a peer that stops reading now and then (upstream's
 * libwebsockets-test-client writes its mirror messages like this).  Once
 * as a server connection (SERVER_WRITEABLE, raw client peer), once as a
 * client connection (CLIENT_WRITEABLE, raw server peer); the library side
 * has SO_SNDBUF 16384 (set at (CLIENT_)ESTABLISHED) and the peer
 * SO_RCVBUF 4096, so the buffers fill after a few hundred frames.
 *
 * The oracle delivers WRITEABLE only when poll() reports POLLOUT, and
 * Linux reports it only while the free send space is at least half of what
 * is queued: WRITEABLE stops coming before the send buffer is full, so
 * every frame goes out whole in its lws_write (lws_partial_buffered stays
 * 0) and the queue stays below SO_SNDBUF.  When the peer reads, WRITEABLE
 * comes again.  Pinned over three stall / read rounds; at the end every
 * frame arrives whole and in order.
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"
#include "clientutil.h"

#include <linux/sock_diag.h>

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

#define MAXMSG 30000
#define ROUNDS 3

struct flood {
	const char *name;
	struct lws *wsi;
	int started, stop, closed;
	int nwriteable, nsent, bad_ret, partial_after_write;
	int writeable_while_partial;
};

static struct flood fl_srv = { .name = "server" }, fl_cli = { .name = "client" };
static unsigned char wbuf[LWS_PRE + 64];

static int
msg(unsigned char *p, int n)
{
	return sprintf((char *)p, "msg %06d of the flood", n);
}

static void
small_sndbuf(struct lws *wsi)
{
	int fd = lws_get_socket_fd(wsi), v = 16384;

	CHECK(fd >= 0);
	CHECK(!setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
}

static void
on_writeable(struct flood *f, struct lws *wsi)
{
	int n, r;

	f->nwriteable++;
	if (lws_partial_buffered(wsi))
		f->writeable_while_partial++;
	if (f->stop || f->nsent >= MAXMSG)
		return;
	n = msg(wbuf + LWS_PRE, f->nsent);
	r = lws_write(wsi, wbuf + LWS_PRE, (size_t)n, LWS_WRITE_TEXT);
	if (r != n)
		f->bad_ret++;
	if (lws_partial_buffered(wsi))
		f->partial_after_write++;
	f->nsent++;
	lws_callback_on_writable(wsi);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		fl_srv.wsi = wsi;
		small_sndbuf(wsi);
		break;
	case LWS_CALLBACK_RECEIVE:
		/* "go" */
		fl_srv.started = 1;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		on_writeable(&fl_srv, wsi);
		break;
	case LWS_CALLBACK_CLOSED:
		fl_srv.closed = 1;
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		fl_cli.wsi = wsi;
		fl_cli.started = 1;
		small_sndbuf(wsi);
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		on_writeable(&fl_cli, wsi);
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:
		fl_cli.closed = 1;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "flood", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* what the kernel holds for the socket is below its send buffer */
static int
queue_below_sndbuf(struct lws *wsi)
{
	unsigned int m[SK_MEMINFO_VARS];
	socklen_t ml = sizeof(m), bl;
	int fd = lws_get_socket_fd(wsi), sb = 0;

	memset(m, 0, sizeof(m));
	bl = sizeof(sb);
	CHECK(!getsockopt(fd, SOL_SOCKET, SO_MEMINFO, m, &ml));
	CHECK(!getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sb, &bl));
	CHECK(sb > 0);
	return m[SK_MEMINFO_WMEM_QUEUED] < (unsigned int)sb;
}

/* parse the frames the peer has read; 0 once one is not the expected */
static int
take_frames(struct wsc *c, int *nrecv, int masked)
{
	unsigned char exp[64];
	struct wsf f;
	int ok = 1, n;

	memset(&f, 0, sizeof(f));
	while (wsc_parse_frame(c, &f)) {
		n = msg(exp, *nrecv);
		if (f.opcode != WSO_TEXT || !f.fin || f.masked != masked ||
		    f.len != (size_t)n || memcmp(f.payload, exp, (size_t)n))
			ok = 0;
		(*nrecv)++;
		wsf_free(&f);
	}
	return ok;
}

static void
flood_rounds(struct flood *fl, struct wsc *peer, int masked)
{
	int round, w1, nrecv = 0, intact = 1, stalled;
	long long t0;

	for (round = 1; round <= ROUNDS; round++) {
		/* the peer does not read: WRITEABLE stops (no WRITEABLE for
		 * 400 ms; bounded, valgrind is slow) */
		t0 = capi_now_ms();
		do {
			w1 = fl->nwriteable;
			wsio_pump_ms(400);
		} while (fl->nwriteable != w1 && fl->nsent < MAXMSG &&
			 capi_now_ms() - t0 < 30000);
		stalled = fl->nwriteable == w1 && fl->nsent < MAXMSG;
		T("%s round %d: WRITEABLE stopped while the peer did not read: %s",
		  fl->name, round, yesno(stalled));
		CHECK(stalled);
		T("%s round %d: then lws_partial_buffered=%d "
		  "lws_send_pipe_choked=%d, queue below SO_SNDBUF: %s",
		  fl->name, round, lws_partial_buffered(fl->wsi),
		  lws_send_pipe_choked(fl->wsi),
		  yesno(queue_below_sndbuf(fl->wsi)));
		CHECK(!lws_partial_buffered(fl->wsi));

		/* the peer reads: WRITEABLE comes again */
		w1 = fl->nwriteable;
		t0 = capi_now_ms();
		while (fl->nwriteable < w1 + 50 && capi_now_ms() - t0 < 10000) {
			wsc_fill(peer);
			if (!take_frames(peer, &nrecv, masked))
				intact = 0;
			wsio_service_once();
		}
		T("%s round %d: WRITEABLE came again once the peer read: %s",
		  fl->name, round, yesno(fl->nwriteable >= w1 + 50));
		CHECK(fl->nwriteable >= w1 + 50);
	}

	/* end of the flood: the peer reads the rest */
	fl->stop = 1;
	wsio_pump_ms(20);
	t0 = capi_now_ms();
	while (nrecv < fl->nsent && capi_now_ms() - t0 < 10000) {
		wsc_fill(peer);
		if (!take_frames(peer, &nrecv, masked))
			intact = 0;
		wsio_service_once();
	}
	wsio_pump_ms(30);
	wsc_fill(peer);
	if (!take_frames(peer, &nrecv, masked))
		intact = 0;
	T("%s: every frame arrived whole and in order: %s", fl->name,
	  yesno(intact && nrecv == fl->nsent && !peer->in_len));
	CHECK(intact);
	CHECK_INT(nrecv, fl->nsent);
	T("%s: lws_write returned less than the length: %d times", fl->name,
	  fl->bad_ret);
	CHECK_INT(fl->bad_ret, 0);
	T("%s: output left buffered by an lws_write: %d times", fl->name,
	  fl->partial_after_write);
	CHECK_INT(fl->partial_after_write, 0);
	T("%s: WRITEABLE while output was buffered: %d", fl->name,
	  fl->writeable_while_partial);
	CHECK_INT(fl->writeable_while_partial, 0);
}

/* a peer socket whose receive buffer is small (set before the handshake,
 * so the window it announces is small) */
static void
small_rcvbuf(int fd)
{
	int v = 4096;

	CHECK(!setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
}

static void
server_case(int port)
{
	static struct wsc c;
	struct sockaddr_in sa;
	char req[512];
	unsigned char *e;
	int n, one = 1;
	long long end;

	/* wsc_connect, with the small receive buffer before connect() */
	memset(&c, 0, sizeof(c));
	c.fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(c.fd >= 0);
	small_rcvbuf(c.fd);
	setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(!connect(c.fd, (struct sockaddr *)&sa, sizeof(sa)));
	fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
	n = snprintf(req, sizeof(req), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		     "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		     "Sec-WebSocket-Version: 13\r\n"
		     "Sec-WebSocket-Protocol: flood\r\n\r\n");
	wsc_send_raw(&c, req, (size_t)n);
	end = capi_now_ms() + 5000;
	for (;;) {
		wsc_fill(&c);
		e = c.in_len >= 4 ? memmem(c.in, c.in_len, "\r\n\r\n", 4) : NULL;
		if (e)
			break;
		CHECK(!c.eof && capi_now_ms() < end);
		wsio_service_once();
	}
	CHECK(c.in_len >= 12 && !memcmp(c.in, "HTTP/1.1 101", 12));
	wsc_consume(&c, (size_t)(e + 4 - c.in));
	WSIO_UNTIL(fl_srv.wsi, 2000);
	T("server: established");

	wsc_send_frame(&c, 1, WSO_TEXT, "go", 2);
	WSIO_UNTIL(fl_srv.started, 2000);
	flood_rounds(&fl_srv, &c, 0);

	wsc_drop(&c);
	WSIO_UNTIL(fl_srv.closed, 5000);
	T("server: closed");
}

static void
client_case(void)
{
	struct lws_client_connect_info i;
	static struct wsc c;
	char acc[64], out[512];
	int lfd, port, n;
	long long end;
	char *e;

	lfd = cu_listen(&port);
	/* accepted sockets inherit it */
	small_rcvbuf(lfd);
	fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);

	memset(&i, 0, sizeof(i));
	i.context = wsio_ctx;
	i.address = "127.0.0.1";
	i.port = port;
	i.host = "127.0.0.1";
	i.origin = "127.0.0.1";
	i.path = "/ws";
	i.protocol = "flood";
	CHECK(lws_client_connect_via_info(&i));

	memset(&c, 0, sizeof(c));
	c.fd = -1;
	WSIO_UNTIL((c.fd = accept(lfd, NULL, NULL)) >= 0, 5000);
	fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
	/* the request head */
	end = capi_now_ms() + 5000;
	for (;;) {
		wsc_fill(&c);
		if (c.in_len >= 4 && memmem(c.in, c.in_len, "\r\n\r\n", 4))
			break;
		CHECK(!c.eof && capi_now_ms() < end);
		wsio_service_once();
	}
	CHECK(c.in_len < sizeof(out));
	memcpy(out, c.in, c.in_len);
	out[c.in_len] = '\0';
	e = strstr(out, "\r\n\r\n");
	wsc_consume(&c, (size_t)(e + 4 - out));
	cu_accept_key(out, acc, sizeof(acc));
	n = snprintf(out, sizeof(out), "HTTP/1.1 101 Switching Protocols\r\n"
		     "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		     "Sec-WebSocket-Accept: %s\r\n"
		     "Sec-WebSocket-Protocol: flood\r\n\r\n", acc);
	wsc_send_raw(&c, out, (size_t)n);
	WSIO_UNTIL(fl_cli.started || fl_cli.closed, 5000);
	CHECK(fl_cli.started);
	T("client: established");

	flood_rounds(&fl_cli, &c, 1);

	wsc_drop(&c);
	close(lfd);
	WSIO_UNTIL(fl_cli.closed, 5000);
	T("client: closed");
}

int
main(void)
{
	struct lws_context_creation_info info;
	int port;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);

	server_case(port);
	client_case();

	wsio_stop();
	T("done");
	return 0;
}
