/*
 * Partial writes: the server writes 256 KiB binary messages, one per
 * SERVER_WRITEABLE, asking for the next WRITEABLE after each, while the
 * client does not read.  Pins: lws_write returns the full length even when
 * the rest is buffered, no WRITEABLE arrives while output is buffered (so
 * the server stalls instead of growing memory), lws_send_pipe_choked and
 * lws_partial_buffered during the stall; then the client reads everything
 * and every message is intact and in order.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

#define MSG (256 * 1024)
#define NMSG 96	/* 24 MiB: more than loopback socket buffers hold */

static struct lws *srv;
static int nsent, nwriteable, bad_ret, writeable_while_partial, go;
static unsigned char wbuf[LWS_PRE + MSG];

static void
pattern(unsigned char *p, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + (size_t)seed * 7 + (i >> 9));
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	int r;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		srv = wsi;
		break;
	case LWS_CALLBACK_RECEIVE:
		go = 1;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		nwriteable++;
		if (lws_partial_buffered(wsi))
			writeable_while_partial++;
		if (!go || nsent >= NMSG)
			break;
		pattern(wbuf + LWS_PRE, MSG, nsent);
		r = lws_write(wsi, wbuf + LWS_PRE, MSG, LWS_WRITE_BINARY);
		if (r != MSG)
			bad_ret++;
		nsent++;
		if (nsent < NMSG)
			lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLOSED:
		T("CLOSED");
		srv = NULL;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "p", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	static struct wsc c;
	static unsigned char exp[MSG];
	int port, w1, s1, n, intact = 1;
	long long t0;
	struct wsf f;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);
	CHECK(!wsc_connect(&c, port, "p"));
	wsio_pump_ms(30);
	CHECK(srv);

	/* start the flood; the client does not read */
	wsc_send_frame(&c, 1, WSO_TEXT, "go", 2);
	/* stalled = no WRITEABLE for 400 ms (bounded: slow under valgrind) */
	t0 = capi_now_ms();
	do {
		w1 = nwriteable;
		s1 = nsent;
		wsio_pump_ms(400);
	} while ((nwriteable != w1 || !nsent) && nsent < NMSG &&
		 capi_now_ms() - t0 < 20000);
	T("stalled while the client does not read: %s",
	  yesno(nwriteable == w1 && nsent == s1 && nsent < NMSG));
	CHECK(nwriteable == w1 && nsent == s1 && nsent < NMSG);
	T("sent some before stalling: %s", yesno(nsent > 0));
	T("during stall: lws_partial_buffered=%d lws_send_pipe_choked=%d",
	  lws_partial_buffered(srv), lws_send_pipe_choked(srv));
	CHECK(lws_partial_buffered(srv));
	CHECK(lws_send_pipe_choked(srv));

	/* now read everything */
	for (n = 0; n < NMSG; n++) {
		CHECK_INT(wsc_read_frame(&c, &f, 10000), 1);
		pattern(exp, MSG, n);
		if (f.opcode != WSO_BIN || !f.fin || f.len != MSG ||
		    memcmp(f.payload, exp, MSG))
			intact = 0;
		wsf_free(&f);
	}
	wsio_pump_ms(50);
	wsc_fill(&c);
	T("client read %d messages of %d bytes, all intact and in order: %s",
	  NMSG, MSG, yesno(intact));
	CHECK(intact);
	T("nothing more arrived: %s", yesno(c.in_len == 0));
	T("server sent %d, lws_write always returned the length: %s", nsent,
	  yesno(!bad_ret));
	CHECK(!bad_ret);
	T("WRITEABLE while output was buffered: %d", writeable_while_partial);
	CHECK_INT(writeable_while_partial, 0);
	T("after the drain: lws_partial_buffered=%d lws_send_pipe_choked=%d",
	  lws_partial_buffered(srv), lws_send_pipe_choked(srv));

	wsc_drop(&c);
	wsio_pump_ms(30);
	wsio_stop();
	T("done");
	return 0;
}
