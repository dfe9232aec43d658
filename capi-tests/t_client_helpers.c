/*
 * Client helpers that need no peer:
 * - lws_parse_uri: the return value, where each result points (as an offset
 *   into the buffer, or a static string), the port, and every byte of the
 *   buffer afterwards (the in-place NULs Kamailio and Janus depend on);
 * - lws_retry_get_delay_ms: the conceal flag and the try counter along a
 *   backoff table, past its end and past conceal_count; the delay is the
 *   table entry plus a random jitter (the oracle adds up to ~30% even with
 *   jitter_percent 0), so it is printed as "base" plus whether it lies in
 *   [base, base * 1.3];
 * - lws_http_basic_auth_gen: the string and return value, and what a too
 *   small buffer gives;
 * - lws_retry_sul_schedule: the return value (0: scheduled, the try is
 *   concealed; 1: not) and the try counter.
 */
#include <libwebsockets.h>
#include "common.h"

static void
show_ptr(const char *what, const char *p, const char *buf, size_t len)
{
	if (!p) {
		T("    %s=NULL", what);
		return;
	}
	if (p >= buf && p < buf + len) {
		T("    %s=@%d \"%s\"", what, (int)(p - buf), p);
		return;
	}
	/* outside the buffer: a string of the library's own */
	T("    %s=static \"%s\"", what, p);
}

static void
parse(const char *uri)
{
	char buf[256];
	const char *prot = NULL, *ads = NULL, *path = NULL;
	int port = -12345, r;
	size_t len = strlen(uri) + 1, i;

	memset(buf, 'Z', sizeof(buf));
	memcpy(buf, uri, len);
	r = lws_parse_uri(buf, &prot, &ads, &port, &path);
	T("parse \"%s\": return %d port=%d", uri, r, port);
	show_ptr("prot", prot, buf, len);
	show_ptr("ads", ads, buf, len);
	show_ptr("path", path, buf, len);
	printf("    buf=");
	for (i = 0; i < len + 1; i++) {
		if (!buf[i])
			printf("\\0");
		else
			putchar(buf[i]);
	}
	putchar('\n');
}

static int fired;

static void
show_delay(unsigned int d, const uint32_t *table, int count, uint16_t ctry,
	   char conceal)
{
	int idx = ctry ? ctry - 1 : 0;
	uint32_t base;

	if (idx >= count)
		idx = count - 1;
	base = table[idx];
	T("  try -> base %u in-range %s conceal %d ctry %u", base,
	  yesno(d >= base && d <= base + (base * 30) / 100), conceal, ctry);
}

static void
sul_cb(lws_sorted_usec_list_t *sul)
{
	(void)sul;
	fired++;
}

int
main(void)
{
	static const char *uris[] = {
		"http://example.com/a/b?c=d",
		"https://example.com:8443/x",
		"ws://127.0.0.1:7681",
		"wss://[::1]:9000/chat",
		"wss://[::1]/",
		"example.com",
		"example.com:99/p",
		"/only/a/path",
		"http://",
		"http:///x",
		"h://a:notaport/b",
		"http://user:pw@host:81/q",
		"",
		"HTTP://UPPER:80/Case",
		"http://a:65536/",
		"mqtt://broker:1883",
	};
	static const uint32_t table[] = { 100, 200, 500 };
	lws_retry_bo_t bo = {
		.retry_ms_table = table,
		.retry_ms_table_count = LWS_ARRAY_SIZE(table),
		.conceal_count = 4,
		.jitter_percent = 0,
	};
	lws_retry_bo_t bo_always = bo;
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	lws_sorted_usec_list_t sul;
	uint16_t ctry;
	char conceal;
	size_t i;
	int k, r;

	lws_set_log_level(0, NULL);
	for (i = 0; i < LWS_ARRAY_SIZE(uris); i++)
		parse(uris[i]);

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	ctx = lws_create_context(&info);
	CHECK(ctx != NULL);

	T("retry table 100,200,500 conceal_count 4 jitter 0:");
	ctry = 0;
	for (k = 0; k < 7; k++) {
		conceal = 9;
		unsigned int d = lws_retry_get_delay_ms(ctx, &bo, &ctry, &conceal);
		show_delay(d, table, 3, ctry, conceal);
	}
	T("conceal always:");
	bo_always.conceal_count = LWS_RETRY_CONCEAL_ALWAYS;
	ctry = 0;
	for (k = 0; k < 5; k++) {
		conceal = 9;
		unsigned int d = lws_retry_get_delay_ms(ctx, &bo_always, &ctry, &conceal);
		show_delay(d, table, 3, ctry, conceal);
	}
	T("conceal_count 0:");
	bo_always.conceal_count = 0;
	ctry = 0;
	conceal = 9;
	{
		unsigned int d = lws_retry_get_delay_ms(ctx, &bo_always, &ctry, &conceal);
		show_delay(d, table, 3, ctry, conceal);
	}

	T("lws_retry_sul_schedule:");
	memset(&sul, 0, sizeof(sul));
	{
		/* the first try (scheduled, fires), then one past conceal_count */
		static const uint16_t start[] = { 0, 4 };
		for (k = 0; k < 2; k++) {
			ctry = start[k];
			fired = 0;
			r = lws_retry_sul_schedule(ctx, 0, &sul, &bo, sul_cb, &ctry);
			T("  schedule -> %d ctry %u", r, ctry);
			/*
			 * Not waited for: the oracle's loop does not wake for
			 * this sul until its 30 s idle poll ends (its wait is
			 * computed before the jittered time), so it is
			 * cancelled; sul firing is covered by t_sul.
			 */
			lws_sul_cancel(&sul);
		}
	}

	{
		static const struct { const char *u, *p; size_t len; } ba[] = {
			{ "Aladdin", "OpenSesame", 64 },
			{ "", "", 64 },
			{ "user", "", 64 },
			{ "a", "b", 9 },	/* "Basic " + 4 chars: no room for the NUL */
			{ "a", "b", 11 },	/* exactly enough */
			{ "a", "b", 5 },
			{ "long-user-name", "and a long password", 20 },
		};
		char out[128];

		for (i = 0; i < LWS_ARRAY_SIZE(ba); i++) {
			memset(out, 'Z', sizeof(out));
			out[sizeof(out) - 1] = '\0';
			r = lws_http_basic_auth_gen(ba[i].u, ba[i].p, out, ba[i].len);
			T("basic_auth(\"%s\", \"%s\", %zu) -> %d \"%.*s\"", ba[i].u,
			  ba[i].p, ba[i].len, r, r ? 0 : (int)strnlen(out, ba[i].len), out);
		}
	}

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
