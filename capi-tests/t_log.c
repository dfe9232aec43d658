/*
 * Logging: what a custom emitter receives (level, exact line text) from
 * every lwsl_* macro, _lws_log, _lws_logv and the hexdump helpers, with the
 * level mask on and off; lwsl_visible; replacing / keeping the emitter.
 */
#include <libwebsockets.h>
#include <stdarg.h>
#include "common.h"

static int calls;
static size_t last_len;
static const char *tag = "A";

static void
emit(int level, const char *line)
{
	calls++;
	last_len = strlen(line);
	printf("emit%s level=0x%x ", tag, level);
	capi_print_bytes("line", line, strlen(line));
}

static void
emit_b(int level, const char *line)
{
	calls++;
	printf("emitB level=0x%x ", level);
	capi_print_bytes("line", line, strlen(line));
}

static void
logv_wrap(int filter, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_lws_logv(filter, fmt, ap);
	va_end(ap);
}

static void
all_macros(void)
{
	lwsl_err("err %d", 1);
	lwsl_warn("warn %s", "two");
	lwsl_notice("notice\n");
	lwsl_info("info %x\n", 0xab);
	lwsl_debug("debug");
	lwsl_parser("parser\n");
	lwsl_header("header\n");
	lwsl_ext("ext\n");
	lwsl_client("client\n");
	lwsl_latency("latency\n");
	lwsl_thread("thread\n");
	lwsl_user("user %d\n", -5);
}

int
main(void)
{
	static const unsigned char hex[] = {
		0x00, 0x01, 0x41, 0x42, 0x7f, 0x80, 0xff, 0x20, 0x7e, 0x61,
		0x62, 0x63, 0x0a, 0x0d, 0x09, 0x5c, 0x22, 0x30, 0x31, 0x32,
		0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c,
		0x3d, 0x3e, 0x3f, 0x40 };
	char longmsg[600];
	int n;

	T("LLL values: err=%d warn=%d notice=%d info=%d debug=%d parser=%d "
	  "header=%d ext=%d client=%d latency=%d user=%d thread=%d count=%d",
	  LLL_ERR, LLL_WARN, LLL_NOTICE, LLL_INFO, LLL_DEBUG, LLL_PARSER,
	  LLL_HEADER, LLL_EXT, LLL_CLIENT, LLL_LATENCY, LLL_USER, LLL_THREAD,
	  LLL_COUNT);

	/* everything on */
	lws_set_log_level((1 << LLL_COUNT) - 1, emit);
	T("-- all levels on");
	calls = 0;
	all_macros();
	T("calls %d", calls);
	CHECK_INT(calls, 12);
	for (n = 0; n < LLL_COUNT + 2; n++)
		T("visible(1<<%d) %d", n, lwsl_visible(1 << n));
	T("visible(0) %d", lwsl_visible(0));
	T("visible(err|debug) %d", lwsl_visible(LLL_ERR | LLL_DEBUG));

	/* only err | user */
	lws_set_log_level(LLL_ERR | LLL_USER, emit);
	T("-- err|user");
	calls = 0;
	all_macros();
	CHECK_INT(calls, 2);
	for (n = 0; n < LLL_COUNT; n++)
		T("visible(1<<%d) %d", n, lwsl_visible(1 << n));
	T("visible(err|debug) %d", lwsl_visible(LLL_ERR | LLL_DEBUG));
	T("visible(info|debug) %d", lwsl_visible(LLL_INFO | LLL_DEBUG));
	CHECK_INT(lwsl_visible(LLL_USER), LLL_USER);
	CHECK_INT(lwsl_visible(LLL_WARN), 0);

	/* nothing */
	lws_set_log_level(0, emit);
	T("-- none");
	calls = 0;
	all_macros();
	CHECK_INT(calls, 0);

	/* _lws_log directly, with a combined filter and edge texts */
	lws_set_log_level(LLL_WARN | LLL_NOTICE, emit);
	T("-- _lws_log direct, warn|notice");
	_lws_log(LLL_WARN, "direct warn\n");
	_lws_log(LLL_ERR, "direct err (filtered)\n");
	_lws_log(LLL_WARN | LLL_ERR, "combined warn|err\n");
	_lws_log(LLL_NOTICE, "%s", "");
	_lws_log(LLL_NOTICE, "no newline");
	_lws_log(LLL_NOTICE, "two\nlines\n");
	_lws_log(LLL_NOTICE, "%d%%", 100);
	logv_wrap(LLL_NOTICE, "via logv %d %s\n", 3, "x");
	logv_wrap(LLL_INFO, "via logv filtered\n");

	/* long lines: how the emitter line is bounded */
	memset(longmsg, 'x', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	for (n = 0; n < (int)sizeof(longmsg) - 1; n += 10)
		longmsg[n] = (char)('0' + (n / 10) % 10);
	_lws_log(LLL_NOTICE, "%s\n", longmsg);
	T("long line length %d", (int)last_len);
	CHECK_INT(last_len, 255);

	/* NULL emitter keeps the current one, level still changes */
	lws_set_log_level(LLL_ERR, NULL);
	T("-- set_log_level(err, NULL)");
	lwsl_err("after NULL emitter\n");
	lwsl_warn("warn filtered\n");

	/* replacing the emitter */
	lws_set_log_level(LLL_ERR, emit_b);
	T("-- emitter B");
	lwsl_err("to B\n");

	/* hexdumps */
	lws_set_log_level(LLL_ERR | LLL_NOTICE | LLL_DEBUG, emit);
	T("-- hexdump_level notice, 34 bytes");
	lwsl_hexdump_level(LLL_NOTICE, hex, sizeof(hex));
	T("-- hexdump_notice 16 bytes");
	lwsl_hexdump_notice(hex, 16);
	T("-- hexdump_level 1 byte");
	lwsl_hexdump_level(LLL_NOTICE, hex + 2, 1);
	T("-- hexdump_level 0 bytes");
	lwsl_hexdump_level(LLL_NOTICE, hex, 0);
	T("-- hexdump_level NULL");
	lwsl_hexdump_level(LLL_NOTICE, NULL, 5);
	T("-- hexdump_level info (not enabled)");
	calls = 0;
	lwsl_hexdump_level(LLL_INFO, hex, sizeof(hex));
	CHECK_INT(calls, 0);
	T("-- lwsl_hexdump (debug level)");
	lwsl_hexdump(hex, 3);
	T("-- hexdump_err");
	lwsl_hexdump_err(hex + 20, 5);

	/* lwsl_timestamp: only its shape */
	{
		char ts[64];
		int r;

		memset(ts, 0, sizeof(ts));
		r = lwsl_timestamp(LLL_ERR, ts, sizeof(ts));
		CHECK_INT(r, (int)strlen(ts));
		T("timestamp starts with '[': %s, ends with \" E: \": %s",
		  yesno(ts[0] == '['),
		  yesno(r > 4 && !strcmp(ts + r - 4, " E: ")));
		r = lwsl_timestamp(LLL_NOTICE, ts, sizeof(ts));
		T("notice timestamp ends with \" N: \": %s",
		  yesno(r > 4 && !strcmp(ts + r - 4, " N: ")));
		r = lwsl_timestamp(LLL_USER, ts, sizeof(ts));
		T("user timestamp ends with \" U: \": %s",
		  yesno(r > 4 && !strcmp(ts + r - 4, " U: ")));
	}

	lws_set_log_level(0, NULL);
	return 0;
}
