/*
 * lwsl_emit_syslog: the priority each log level maps to and the exact text
 * handed to syslog.  The test binary defines syslog() and __syslog_chk()
 * itself: the library's call binds to the executable's definition (the
 * executable comes first in the global lookup scope, and the linker
 * exports a symbol from it when a linked library imports it), so nothing
 * reaches the real syslog.  A capture is only counted if one of them ran.
 */
#undef _FORTIFY_SOURCE
#include <libwebsockets.h>
#include <stdarg.h>
#include "common.h"

static int calls;
static int last_prio;
static char last_msg[512], lastmsg_copy[512];

static void
record(int prio, const char *fmt, va_list ap)
{
	calls++;
	last_prio = prio;
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
}

void syslog(int prio, const char *fmt, ...);
void __syslog_chk(int prio, int flag, const char *fmt, ...);

void
syslog(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(prio, fmt, ap);
	va_end(ap);
}

void
__syslog_chk(int prio, int flag, const char *fmt, ...)
{
	va_list ap;

	(void)flag;
	va_start(ap, fmt);
	record(prio, fmt, ap);
	va_end(ap);
}

/* expect: the priority the call must have had, -1 for no call */
static void
show_ex(const char *what, int expect)
{
	if (!calls) {
		T("%-34s no syslog call", what);
		CHECK_INT(expect, -1);
		return;
	}
	CHECK_INT(calls, 1);
	if (expect != -2)
		CHECK_INT(last_prio, expect);
	printf("%-34s %d call(s), priority %d, ", what, calls, last_prio);
	capi_print_bytes("text", last_msg, strlen(last_msg));
	calls = 0;
	memcpy(lastmsg_copy, last_msg, sizeof(last_msg));
	last_msg[0] = '\0';
}

#define show(w) show_ex(w, -2)

int
main(void)
{
	static const struct { int level; const char *name; } lv[] = {
		/* the first five: LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO,
		 * LOG_DEBUG (3..7) */
		{ LLL_ERR, "LLL_ERR" }, { LLL_WARN, "LLL_WARN" },
		{ LLL_NOTICE, "LLL_NOTICE" }, { LLL_INFO, "LLL_INFO" },
		{ LLL_DEBUG, "LLL_DEBUG" }, { LLL_PARSER, "LLL_PARSER" },
		{ LLL_HEADER, "LLL_HEADER" }, { LLL_EXT, "LLL_EXT" },
		{ LLL_CLIENT, "LLL_CLIENT" }, { LLL_LATENCY, "LLL_LATENCY" },
		{ LLL_USER, "LLL_USER" }, { LLL_THREAD, "LLL_THREAD" },
		{ LLL_ERR | LLL_WARN, "LLL_ERR|LLL_WARN" },
		{ 0, "0" }, { 1 << 20, "1<<20" },
	};
	char name[64];
	size_t i;

	T("direct calls:");
	for (i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
		lwsl_emit_syslog(lv[i].level, "line with %s and %d\n");
		snprintf(name, sizeof(name), "  %s", lv[i].name);
		show_ex(name, i < 5 ? 3 + (int)i : 7);
		CHECK_STR(lastmsg_copy, "line with %s and %d\n");
	}
	lwsl_emit_syslog(LLL_ERR, "");
	show("  empty line");
	lwsl_emit_syslog(LLL_WARN, NULL);
	show("  NULL line");

	T("through the log macros:");
	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO |
			  LLL_DEBUG | LLL_USER, lwsl_emit_syslog);
	lwsl_err("an error %d\n", 42);
	show("  lwsl_err");
	lwsl_warn("a warning %s\n", "w");
	show("  lwsl_warn");
	lwsl_notice("a notice\n");
	show("  lwsl_notice");
	lwsl_info("info\n");
	show("  lwsl_info");
	lwsl_debug("debug\n");
	show("  lwsl_debug");
	lwsl_user("user %%d literal\n");
	show("  lwsl_user");
	_lws_log(LLL_ERR | LLL_WARN, "two levels\n");
	show("  _lws_log(LLL_ERR|LLL_WARN)");
	lwsl_header("not enabled\n");
	show_ex("  lwsl_header (disabled)", -1);
	lws_set_log_level(LLL_ERR, NULL);
	lwsl_err("still syslog\n");
	show("  after set_log_level(.., NULL)");
	lws_set_log_level(LLL_ERR, lwsl_emit_stderr);
	T("done");
	return 0;
}
