/*
 * capi-tests: run serial (it measures how long the server waits).
 *
 * Which server-side waits timeout_secs, timeout_secs_ah_idle and
 * keepalive_timeout govern (see docs/oracle-connections.md).  Clients wait
 * in each state at once; the time until the server drops each one is
 * printed rounded to whole seconds ("dropped after ~2 s") and checked
 * within +-0.6 s.
 *
 * Context A: timeout_secs 2, timeout_secs_ah_idle 3, keepalive_timeout 4.
 * Context B: all three 0 (defaults: 5 s for timeout_secs, 5 s keep-alive).
 *
 * - nothing sent / half a request head: ah_idle (3 s)
 * - a GET the server never answers, a POST whose body stalls, an answer
 *   whose head was sent but never finished: timeout_secs from the head
 *   (writes by the server do not re-arm it)
 * - a POST body trickling in (one byte each second): every body chunk
 *   re-arms timeout_secs
 * - a POST whose body is complete but which is never answered: no timeout
 *   any more (the body's completion clears it)
 * - lws_set_timeout in the HTTP callback replaces the library's wait
 * - idle keep-alive connection after a finished transaction:
 *   keepalive_timeout
 * - a silent WebSocket: no timeout at all
 * - a server close frame the client never acknowledges: 5 s, whatever
 *   timeout_secs says
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

enum { C_SILENT, C_HALF, C_HANG, C_POST, C_TRICKLE, C_POSTDONE, C_HEADONLY,
       C_USERTO,
       C_KA, C_WS, C_WSCLOSE, C_B_HANG, C_B_POST, C_B_KA, NCLI };

static const struct {
	const char *name;
	int b;		/* on context B */
	int expect_ms;	/* -1: still open at the end */
} cases[NCLI] = {
	{ "silent",			0, 3000 },
	{ "half head",			0, 3000 },
	{ "GET never answered",		0, 2000 },
	{ "POST body stalls",		0, 2000 },
	{ "POST body trickles",		0, 4000 },
	{ "POST complete, no answer",	0, -1 },
	{ "head sent, body never",	0, 2000 },
	{ "user lws_set_timeout 1",	0, 1000 },
	{ "keep-alive idle",		0, 4000 },
	{ "ws silent",			0, -1 },
	{ "ws close never acked",	0, 5000 },
	{ "default: GET never answered",	1, 5000 },
	{ "default: POST body stalls",	1, 5000 },
	{ "default: keep-alive idle",	1, 5000 },
};

static struct wsc cli[NCLI];
static long long t0[NCLI], dropped_at[NCLI];
static int closed_http[NCLI];

struct pss {
	int idx;
};

static int
uri_case(const char *uri, int b)
{
	if (!strcmp(uri, "/hang"))
		return b ? C_B_HANG : C_HANG;
	if (!strcmp(uri, "/post"))
		return b ? C_B_POST : C_POST;
	if (!strcmp(uri, "/trickle"))
		return C_TRICKLE;
	if (!strcmp(uri, "/postdone"))
		return C_POSTDONE;
	if (!strcmp(uri, "/headonly"))
		return C_HEADONLY;
	if (!strcmp(uri, "/userto"))
		return C_USERTO;
	if (!strcmp(uri, "/ok"))
		return b ? C_B_KA : C_KA;
	return -1;
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = (struct pss *)user;
	unsigned char buf[LWS_PRE + 256], *start = buf + LWS_PRE, *p = start,
		      *end = buf + sizeof(buf);
	int b = !!lws_context_user(lws_get_context(wsi));

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		pss->idx = uri_case((const char *)in, b) + 1;
		if (pss->idx == C_USERTO + 1)
			lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 1);
		if (pss->idx == C_HEADONLY + 1) {
			if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
					"text/plain", LWS_ILLEGAL_HTTP_CONTENT_LEN,
					&p, end) ||
			    lws_finalize_write_http_header(wsi, start, &p, end))
				return 1;
		}
		if (pss->idx == C_KA + 1 || pss->idx == C_B_KA + 1) {
			if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
					"text/plain", 2, &p, end) ||
			    lws_finalize_write_http_header(wsi, start, &p, end))
				return 1;
			lws_callback_on_writable(wsi);
		}
		return 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		memcpy(start, "ok", 2);
		if (lws_write(wsi, start, 2, LWS_WRITE_HTTP_FINAL) != 2)
			return 1;
		return lws_http_transaction_completed(wsi) ? -1 : 0;
	case LWS_CALLBACK_HTTP_BODY:
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		return 0;
	case LWS_CALLBACK_CLOSED_HTTP:
		if (pss && pss->idx > 0)
			closed_http[pss->idx - 1]++;
		return 0;
	case LWS_CALLBACK_RECEIVE:
		if (len == 2 && !memcmp(in, "CR", 2)) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL,
					 (unsigned char *)"bye", 3);
			return -1;
		}
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols prots[] = {
	{ "http", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ "ws", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx[2];

static void
step(void)
{
	int i;

	lws_service(ctx[0], -1);
	lws_service(ctx[1], -1);
	for (i = 0; i < NCLI; i++) {
		wsc_read(&cli[i]);
		if (!dropped_at[i] && (cli[i].eof || cli[i].reset))
			dropped_at[i] = capi_now_ms();
	}
	usleep(1000);
}

static void
run_ms(int ms)
{
	long long end = capi_now_ms() + ms;

	while (capi_now_ms() < end)
		step();
}

/* pump until the client has a complete response head (or 3 s) */
static void
until_head(int i)
{
	long long end = capi_now_ms() + 3000;

	while (capi_now_ms() < end && !wsc_has_head(&cli[i]) &&
	       !cli[i].eof && !cli[i].reset)
		step();
}

static int port[2];

static void
request(int i, const char *req)
{
	wsc_connect(&cli[i], port[cases[i].b]);
	dropped_at[i] = 0;
	if (req)
		wsc_sends(&cli[i], req);
	t0[i] = capi_now_ms();
}

static void
ws_open(int i)
{
	char req[1024];

	wsc_format_upgrade(req, sizeof(req), "/", "ws", NULL);
	request(i, req);
	until_head(i);
	CHECK(!memcmp(cli[i].buf, "HTTP/1.1 101", 12));
	cli[i].pos = (size_t)wsc_head_len(&cli[i]);
	t0[i] = capi_now_ms();
}

int
main(void)
{
	struct lws_context_creation_info info;
	long long start, end;
	int i, trickled = 0;
	size_t had;

	lws_set_log_level(LLL_ERR, NULL);
	for (i = 0; i < NCLI; i++)
		wsc_init(&cli[i]);
	for (i = 0; i < 2; i++) {
		memset(&info, 0, sizeof(info));
		info.protocols = prots;
		info.user = i ? (void *)1 : NULL;
		if (!i) {
			info.timeout_secs = 2;
			info.timeout_secs_ah_idle = 3;
			info.keepalive_timeout = 4;
		}
		ctx[i] = wsc_create_context(&info, &port[i]);
	}
	run_ms(20);

	start = capi_now_ms();
	request(C_SILENT, NULL);
	request(C_HALF, "GET / HTTP/1.1\r\nHost: x\r\n");
	request(C_HANG, "GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
	request(C_POST, "POST /post HTTP/1.1\r\nHost: x\r\n"
			"Content-Length: 100\r\n\r\n0123456789");
	request(C_TRICKLE, "POST /trickle HTTP/1.1\r\nHost: x\r\n"
			   "Content-Length: 10\r\n\r\nx");
	request(C_POSTDONE, "POST /postdone HTTP/1.1\r\nHost: x\r\n"
			    "Content-Length: 10\r\n\r\n0123456789");
	request(C_HEADONLY, "GET /headonly HTTP/1.1\r\nHost: x\r\n\r\n");
	request(C_USERTO, "GET /userto HTTP/1.1\r\nHost: x\r\n\r\n");
	request(C_B_HANG, "GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
	request(C_B_POST, "POST /post HTTP/1.1\r\nHost: x\r\n"
			  "Content-Length: 100\r\n\r\n0123456789");
	request(C_KA, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
	until_head(C_KA);
	t0[C_KA] = capi_now_ms();
	request(C_B_KA, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
	until_head(C_B_KA);
	t0[C_B_KA] = capi_now_ms();
	ws_open(C_WS);
	ws_open(C_WSCLOSE);
	had = cli[C_WSCLOSE].len;
	wsc_send_frame(&cli[C_WSCLOSE], 1, 1, "CR", 2);
	end = capi_now_ms() + 3000;
	while (cli[C_WSCLOSE].len == had && capi_now_ms() < end)
		step();
	t0[C_WSCLOSE] = capi_now_ms();
	T("close frame received: %s", yesno(cli[C_WSCLOSE].len > had));

	while (capi_now_ms() < start + 6500) {
		if (trickled < 2 && capi_now_ms() >= t0[C_TRICKLE] + 1000 * (trickled + 1)) {
			wsc_sends(&cli[C_TRICKLE], "x");
			trickled++;
		}
		step();
	}

	for (i = 0; i < NCLI; i++) {
		long long d = dropped_at[i] ? dropped_at[i] - t0[i] : -1;

		if (d < 0)
			T("%-28s open", cases[i].name);
		else
			T("%-28s dropped after ~%lld s, CLOSED_HTTP %d",
			  cases[i].name, (d + 500) / 1000, closed_http[i]);
		if (cases[i].expect_ms < 0)
			CHECK(d < 0);
		else {
			if (d < cases[i].expect_ms - 600 ||
			    d > cases[i].expect_ms + 600)
				fprintf(stderr, "%s: dropped after %lld ms, "
					"expected %d\n", cases[i].name, d,
					cases[i].expect_ms);
			CHECK(d >= cases[i].expect_ms - 600 &&
			      d <= cases[i].expect_ms + 600);
		}
	}
	for (i = 0; i < NCLI; i++)
		wsc_abort(&cli[i]);
	run_ms(50);
	lws_context_destroy(ctx[0]);
	lws_context_destroy(ctx[1]);
	T("done");
	return 0;
}
