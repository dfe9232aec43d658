/*
 * WebSocket receive path: how RECEIVE splits messages into pieces, with
 * rx_buffer_size 16 (protocol "rx16") and 0 = default (protocol "rxdef"):
 * for every piece len, lws_is_first_fragment, lws_is_final_fragment,
 * lws_frame_is_binary and lws_remaining_packet_payload; single, fragmented,
 * large and zero-length text/binary messages; ping -> automatic pong (and
 * the WRITEABLE that follows it); unsolicited pong -> RECEIVE_PONG.
 *
 * Each case is sent in one write() and then the server is serviced, so the
 * whole case is queued before the server reads: the reads, hence the
 * pieces, are deterministic.  The 60000-byte case prints only aggregates.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

static int quiet;		/* aggregate mode: count, do not print pieces */
static int nfinal, nfirst, npieces, nwriteable, npong;
static unsigned char acc[200000];
static size_t acc_len;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		T("  ESTABLISHED proto=%s", lws_get_protocol(wsi)->name);
		break;
	case LWS_CALLBACK_RECEIVE:
		npieces++;
		nfirst += lws_is_first_fragment(wsi);
		nfinal += lws_is_final_fragment(wsi);
		if (!quiet)
			T("  R len=%zu first=%d final=%d bin=%d rem=%zu", len,
			  lws_is_first_fragment(wsi), lws_is_final_fragment(wsi),
			  lws_frame_is_binary(wsi),
			  lws_remaining_packet_payload(wsi));
		CHECK(acc_len + len <= sizeof(acc));
		if (len)
			memcpy(acc + acc_len, in, len);
		acc_len += len;
		break;
	case LWS_CALLBACK_RECEIVE_PONG:
		npong++;
		T("  RECEIVE_PONG len=%zu first=%d final=%d", len,
		  lws_is_first_fragment(wsi), lws_is_final_fragment(wsi));
		capi_print_bytes("  pong payload", in, len);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		nwriteable++;	/* counted, printed per case */
		break;
	case LWS_CALLBACK_CLOSED:
		T("  CLOSED");
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "rx16", cb, 0, 16, 0, NULL, 0 },
	{ "rxdef", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct wsc c;
static unsigned char wbuf[200000];
static size_t wlen;
static unsigned char expect[200000];
static size_t expect_len;

static void
add(int fin, int op, const void *p, size_t len)
{
	CHECK(wlen + len + 14 <= sizeof(wbuf));
	wlen += wsc_build_frame(wbuf + wlen, fin, op, p, len);
	if (op != WSO_PING && op != WSO_PONG) {
		memcpy(expect + expect_len, p, len);
		expect_len += len;
	}
}

/* send the queued frames in one write, service until `finals` final pieces */
static void
run(const char *name, int finals)
{
	T("case %s:", name);
	nfinal = nfirst = npieces = nwriteable = 0;
	acc_len = 0;
	wsc_send_raw(&c, wbuf, wlen);
	wlen = 0;
	WSIO_UNTIL(nfinal >= finals, 5000);
	wsio_pump_ms(20);
	T("  -> pieces=%d first=%d final=%d bytes=%zu intact=%s writeables=%d",
	  npieces, nfirst, nfinal, acc_len,
	  yesno(acc_len == expect_len && !memcmp(acc, expect, acc_len)),
	  nwriteable);
	CHECK(acc_len == expect_len && !memcmp(acc, expect, acc_len));
	CHECK_INT(nfinal, finals);
	expect_len = 0;
}

static void
fill(unsigned char *p, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)('a' + (i * 7 + (size_t)seed) % 26);
}

static void
ping_case(const char *name, const char *payload)
{
	struct wsf f;
	size_t n = strlen(payload);

	T("case %s:", name);
	nwriteable = 0;
	wsc_send_frame(&c, 1, WSO_PING, payload, n);
	CHECK_INT(wsc_read_frame(&c, &f, 5000), 1);
	wsf_print("  client got", &f);
	CHECK_INT(f.opcode, WSO_PONG);
	CHECK_INT(f.len, n);
	CHECK(!memcmp(f.payload, payload, n));
	wsf_free(&f);
	wsio_pump_ms(30);
	T("  -> writeables=%d", nwriteable);
}

static void
session(const char *proto, int port)
{
	static unsigned char big[70000];
	struct wsf f;

	T("== protocol %s", proto);
	nwriteable = 0;
	CHECK(!wsc_connect(&c, port, proto));
	wsio_pump_ms(30);
	/*
	 * The oracle gives an unrequested WRITEABLE after ESTABLISHED
	 * depending on rx_buffer_size (read size) vs the request's length.
	 */
	T("  writeables after connect: %d", nwriteable);

	add(1, WSO_TEXT, "hello", 5);
	run("text hello", 1);

	fill(big, 40, 1);
	add(1, WSO_TEXT, big, 40);
	run("text 40", 1);

	fill(big, 16, 2);
	add(1, WSO_BIN, big, 16);
	run("binary 16", 1);

	fill(big, 17, 3);
	add(1, WSO_BIN, big, 17);
	run("binary 17", 1);

	fill(big, 300, 4);
	add(1, WSO_BIN, big, 300);
	run("binary 300", 1);

	fill(big, 1000, 5);
	add(1, WSO_TEXT, big, 1000);
	run("text 1000", 1);

	fill(big, 10000, 6);
	add(1, WSO_BIN, big, 10000);
	run("binary 10000", 1);

	add(1, WSO_TEXT, "", 0);
	run("text empty", 1);

	add(1, WSO_BIN, "", 0);
	run("binary empty", 1);

	add(0, WSO_TEXT, "abc", 3);
	add(0, WSO_CONT, "def", 3);
	add(1, WSO_CONT, "ghi", 3);
	run("text abc/def/ghi fragmented", 1);

	fill(big, 60, 7);
	add(0, WSO_BIN, big, 20);
	add(0, WSO_CONT, big + 20, 20);
	add(1, WSO_CONT, big + 40, 20);
	run("binary 20/20/20 fragmented", 1);

	fill(big, 5000, 8);
	add(0, WSO_TEXT, big, 2500);
	add(1, WSO_CONT, big + 2500, 2500);
	run("text 2500/2500 fragmented", 1);

	add(0, WSO_TEXT, "", 0);
	add(0, WSO_CONT, "ab", 2);
	add(0, WSO_CONT, "", 0);
	add(1, WSO_CONT, "", 0);
	run("text empty/ab/empty/empty fragmented", 1);

	fill(big, 40, 9);
	add(1, WSO_BIN, big, 20);
	add(1, WSO_TEXT, big + 20, 20);
	run("binary 20 + text 20 in one write", 2);

	/* a ping inside a fragmented message is answered, the message goes on */
	T("case text abc, ping, def:");
	nfinal = nfirst = npieces = nwriteable = 0;
	acc_len = 0;
	add(0, WSO_TEXT, "abc", 3);
	add(1, WSO_PING, "pp", 2);
	add(1, WSO_CONT, "def", 3);
	wsc_send_raw(&c, wbuf, wlen);
	wlen = 0;
	CHECK_INT(wsc_read_frame(&c, &f, 5000), 1);
	wsf_print("  client got", &f);
	CHECK_INT(f.opcode, WSO_PONG);
	wsf_free(&f);
	WSIO_UNTIL(nfinal >= 1, 5000);
	wsio_pump_ms(30);
	T("  -> pieces=%d bytes=%zu intact=%s writeables=%d", npieces, acc_len,
	  yesno(acc_len == 6 && !memcmp(acc, "abcdef", 6)), nwriteable);
	CHECK(acc_len == 6 && !memcmp(acc, "abcdef", 6));
	expect_len = 0;

	/* large message: the loopback may split it, so print aggregates only */
	T("case binary 60000 (aggregates):");
	quiet = 1;
	nfinal = nfirst = npieces = 0;
	acc_len = 0;
	fill(big, 60000, 10);
	wsc_send_frame(&c, 1, WSO_BIN, big, 60000);
	WSIO_UNTIL(nfinal >= 1, 5000);
	wsio_pump_ms(20);
	quiet = 0;
	T("  -> first=%d final=%d bytes=%zu intact=%s", nfirst, nfinal, acc_len,
	  yesno(acc_len == 60000 && !memcmp(acc, big, 60000)));
	CHECK(acc_len == 60000 && !memcmp(acc, big, 60000));
	CHECK_INT(nfirst, 1);

	ping_case("ping 'hello ping'", "hello ping");
	ping_case("empty ping", "");

	T("case unsolicited pong:");
	npong = 0;
	nwriteable = 0;
	wsc_send_frame(&c, 1, WSO_PONG, "pong data!!", 11);
	WSIO_UNTIL(npong == 1, 5000);
	wsio_pump_ms(30);
	wsc_fill(&c);
	T("  -> client received %zu bytes, writeables=%d", c.in_len, nwriteable);
	CHECK_INT(c.in_len, 0);

	T("case client drops:");
	wsc_drop(&c);
	wsio_pump_ms(30);
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

	session("rx16", port);
	session("rxdef", port);

	wsio_stop();
	T("done");
	return 0;
}
