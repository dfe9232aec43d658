/*
 * WebSocket send path: lws_write from SERVER_WRITEABLE with TEXT, BINARY,
 * CONTINUATION, NO_FIN combinations (fragmented messages built by the
 * server, one write per WRITEABLE), PING, PONG, zero-length frames, the
 * three length forms (125 / 126 / 65535 / 65536 bytes), two writes in one
 * WRITEABLE, and the lws_write_ws_flags() helper.  Prints lws_write's
 * return values and the exact frame header bytes + payload the client gets.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

struct step {
	int wp;			/* enum lws_write_protocol, or -1: ws_flags */
	const char *data;
	size_t len;		/* (size_t)-1: strlen(data); big sizes: pattern */
	int first, final;	/* for wp == -1 */
	int same_cb;		/* do it in the same WRITEABLE as the previous */
};

struct cmd {
	const char *name;
	int nframes;		/* frames the client should get */
	struct step steps[4];
	int nsteps;
};

#define S(w, d) { (w), (d), (size_t)-1, 0, 0, 0 }
#define SB(w, n) { (w), NULL, (n), 0, 0, 0 }

static const struct cmd cmds[] = {
	{ "text", 1, { S(LWS_WRITE_TEXT, "hello") }, 1 },
	{ "binary", 1, { { LWS_WRITE_BINARY, "\x00\x01\xff\x80\x7f", 5, 0, 0, 0 } }, 1 },
	{ "empty text", 1, { S(LWS_WRITE_TEXT, "") }, 1 },
	{ "empty binary", 1, { S(LWS_WRITE_BINARY, "") }, 1 },
	{ "text fragmented", 3, {
		S(LWS_WRITE_TEXT | LWS_WRITE_NO_FIN, "abc"),
		S(LWS_WRITE_CONTINUATION | LWS_WRITE_NO_FIN, "def"),
		S(LWS_WRITE_CONTINUATION, "ghi") }, 3 },
	{ "binary fragmented, empty first", 2, {
		S(LWS_WRITE_BINARY | LWS_WRITE_NO_FIN, ""),
		S(LWS_WRITE_CONTINUATION, "x") }, 2 },
	{ "ws_flags binary 3 parts", 3, {
		{ -1, "p1", (size_t)-1, 1, 0, 0 },
		{ -1, "p2", (size_t)-1, 0, 0, 0 },
		{ -1, "p3", (size_t)-1, 0, 1, 0 } }, 3 },
	{ "ws_flags single", 1, { { -1, "whole", (size_t)-1, 1, 1, 0 } }, 1 },
	{ "ping", 1, { S(LWS_WRITE_PING, "pingdata") }, 1 },
	{ "empty ping", 1, { S(LWS_WRITE_PING, "") }, 1 },
	{ "pong", 1, { S(LWS_WRITE_PONG, "pongdata") }, 1 },
	{ "two writes in one WRITEABLE", 2, {
		S(LWS_WRITE_TEXT, "one"),
		{ LWS_WRITE_TEXT, "two", (size_t)-1, 0, 0, 1 } }, 2 },
	{ "ping inside a fragmented message", 3, {
		S(LWS_WRITE_TEXT | LWS_WRITE_NO_FIN, "AB"),
		S(LWS_WRITE_PING, "pi"),
		S(LWS_WRITE_CONTINUATION, "CD") }, 3 },
	{ "binary 216", 1, { SB(LWS_WRITE_BINARY, 216) }, 1 },
	{ "binary 217", 1, { SB(LWS_WRITE_BINARY, 217) }, 1 },
	{ "binary 4112", 1, { SB(LWS_WRITE_BINARY, 4112) }, 1 },
	{ "binary 4113", 1, { SB(LWS_WRITE_BINARY, 4113) }, 1 },
	{ "binary 125", 1, { SB(LWS_WRITE_BINARY, 125) }, 1 },
	{ "binary 126", 1, { SB(LWS_WRITE_BINARY, 126) }, 1 },
	{ "text 65535", 1, { SB(LWS_WRITE_TEXT, 65535) }, 1 },
	{ "binary 65536", 1, { SB(LWS_WRITE_BINARY, 65536) }, 1 },
	{ "binary 100000", 1, { SB(LWS_WRITE_BINARY, 100000) }, 1 },
};

static int cur = -1, step, nwriteable;
static unsigned char wbuf[LWS_PRE + 100000 + 16];

static size_t
step_len(const struct step *s)
{
	return s->len == (size_t)-1 ? strlen(s->data) : s->len;
}

static void
pattern(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 13 + 5);
}

static void
do_step(struct lws *wsi, const struct step *s)
{
	size_t n = step_len(s);
	int wp = s->wp, r;

	if (s->data)
		memcpy(wbuf + LWS_PRE, s->data, n);
	else
		pattern(wbuf + LWS_PRE, n);
	if (wp == -1) {
		wp = lws_write_ws_flags(LWS_WRITE_BINARY, s->first, s->final);
		T("  lws_write_ws_flags(BINARY, %d, %d) = 0x%x", s->first,
		  s->final, wp);
	}
	/* the headroom must be writable scratch for the library */
	memset(wbuf, 0xee, LWS_PRE);
	r = lws_write(wsi, wbuf + LWS_PRE, n, (enum lws_write_protocol)wp);
	T("  lws_write(0x%x, %zu) = %d partial=%d", wp, n, r,
	  lws_partial_buffered(wsi));
	CHECK(r >= 0);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	const struct cmd *c;

	switch (reason) {
	case LWS_CALLBACK_RECEIVE:
		CHECK(len < 8);
		cur = atoi(in);	/* the client sends "<k>\0" */
		step = 0;
		nwriteable = 0;
		T("  lws_callback_on_writable = %d", lws_callback_on_writable(wsi));
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		nwriteable++;
		if (cur < 0)
			break;
		c = &cmds[cur];
		do {
			do_step(wsi, &c->steps[step]);
			step++;
		} while (step < c->nsteps && c->steps[step].same_cb);
		if (step < c->nsteps)
			lws_callback_on_writable(wsi);
		else
			cur = -1;
		break;
	default:
		break;
	}
	return 0;
}

/*
 * "w": default sizes; "wtx": tx_packet_size 200; "w16": rx_buffer_size 16
 * (the oracle sends at most tx_packet_size, else rx_buffer_size, else
 * pt_serv_buf_size, + LWS_PRE + 4 bytes per write and buffers the rest).
 */
static struct lws_protocols protocols[] = {
	{ "w", cb, 0, 0, 0, NULL, 0 },
	{ "wtx", cb, 0, 0, 0, NULL, 200 },
	{ "w16", cb, 0, 16, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	static struct wsc c;
	int port, k, f, fp, fi, pi;

	T("lws_write_ws_flags:");
	for (fp = 0; fp < 2; fp++)
		for (fi = 0; fi < 2; fi++)
			T("  TEXT first=%d final=%d -> 0x%x; BINARY -> 0x%x", fp,
			  fi, lws_write_ws_flags(LWS_WRITE_TEXT, fp, fi),
			  lws_write_ws_flags(LWS_WRITE_BINARY, fp, fi));

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);
	for (pi = 0; pi < 3; pi++) {
	T("== protocol %s", protocols[pi].name);
	nwriteable = 0;
	CHECK(!wsc_connect(&c, port, protocols[pi].name));
	wsio_pump_ms(30);
	T("writeables after connect: %d", nwriteable);

	for (k = 0; k < (int)(sizeof(cmds) / sizeof(cmds[0])); k++) {
		char m[8];
		struct wsf fr;
		unsigned char *exp;

		T("case %s:", cmds[k].name);
		snprintf(m, sizeof(m), "%d", k);
		/* send "<k>\0" so that atoi() in RECEIVE sees a terminator */
		wsc_send_frame(&c, 1, WSO_TEXT, m, strlen(m) + 1);
		for (f = 0; f < cmds[k].nframes; f++) {
			CHECK_INT(wsc_read_frame(&c, &fr, 5000), 1);
			if (fr.len <= 64) {
				capi_print_bytes("  client got header", fr.hdr,
						 fr.hlen);
				capi_print_bytes("  payload", fr.payload, fr.len);
			} else {
				size_t i;
				int ok = 1;

				exp = malloc(fr.len);
				CHECK(exp);
				pattern(exp, fr.len);
				for (i = 0; i < fr.len; i++)
					ok &= exp[i] == fr.payload[i];
				free(exp);
				capi_print_bytes("  client got header", fr.hdr,
						 fr.hlen);
				T("  payload %zu bytes, intact=%s", fr.len,
				  yesno(ok));
				CHECK(ok);
			}
			wsf_free(&fr);
		}
		wsio_pump_ms(20);
		wsc_fill(&c);
		T("  -> writeables=%d, extra bytes=%zu", nwriteable, c.in_len);
		CHECK_INT(c.in_len, 0);
	}

	wsc_drop(&c);
	wsio_pump_ms(30);
	}
	wsio_stop();
	T("done");
	return 0;
}
