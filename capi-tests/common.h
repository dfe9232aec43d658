/*
 * Shared helpers of the differential C tests (see README.md).
 *
 * - stdout is the transcript: print only deterministic facts with T().
 * - CHECK*() are the test's own assertions: on failure they print
 *   file:line and the failed expression to stderr and exit 1.
 * - a constructor verifies, before main() runs, that the libwebsockets.so.17
 *   mapped in this process is the one named by $LWS_EXPECT_LIB (set by
 *   ctest per mode), so that a dropin run can never silently test Debian's
 *   library (or an ours run Debian's).
 */
#ifndef LWS_CAPI_TESTS_COMMON_H
#define LWS_CAPI_TESTS_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <link.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define T(...) do { printf(__VA_ARGS__); putchar('\n'); } while (0)

static inline void
capi_fail(const char *file, int line, const char *what)
{
	fflush(stdout);
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
	fflush(stderr);
	exit(1);
}

#define CHECK(cond) do { if (!(cond)) capi_fail(__FILE__, __LINE__, #cond); } while (0)

#define CHECK_INT(a, b) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) { \
		fflush(stdout); \
		fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", \
			__FILE__, __LINE__, #a, #b, _a, _b); \
		exit(1); \
	} } while (0)

#define CHECK_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	if (!_a || !_b || strcmp(_a, _b)) { \
		fflush(stdout); \
		fprintf(stderr, "%s:%d: CHECK failed: %s == %s (\"%s\" != \"%s\")\n", \
			__FILE__, __LINE__, #a, #b, _a ? _a : "(null)", \
			_b ? _b : "(null)"); \
		exit(1); \
	} } while (0)

static inline const char *yesno(int b) { return b ? "yes" : "no"; }

/* Milliseconds on the monotonic clock. */
static inline long long
capi_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * An idle lws_service(ctx, 0) waits as long as the library likes; a sul
 * that reschedules itself every 2 ms keeps it returning, so that a test's
 * loops see their deadlines.  (Include after <libwebsockets.h>.)
 */
static struct lws_context *capi_tick_ctx;
static lws_sorted_usec_list_t capi_tick_sul;

static inline void
capi_tick_cb(lws_sorted_usec_list_t *s)
{
	lws_sul_schedule(capi_tick_ctx, 0, s, capi_tick_cb, 2 * LWS_US_PER_MS);
}

static inline void
capi_tick_start(struct lws_context *ctx)
{
	capi_tick_ctx = ctx;
	memset(&capi_tick_sul, 0, sizeof(capi_tick_sul));
	lws_sul_schedule(ctx, 0, &capi_tick_sul, capi_tick_cb, 2 * LWS_US_PER_MS);
}

static inline void
capi_tick_stop(void)
{
	lws_sul_cancel(&capi_tick_sul);
}

/* Print a byte buffer as a quoted C-ish string (non-printables as \xNN). */
static inline void
capi_print_bytes(const char *label, const void *p, size_t len)
{
	const unsigned char *c = (const unsigned char *)p;
	size_t n;

	printf("%s \"", label);
	for (n = 0; n < len; n++)
		if (c[n] >= 0x20 && c[n] < 0x7f && c[n] != '"' && c[n] != '\\')
			putchar(c[n]);
		else
			printf("\\x%02x", c[n]);
	printf("\"\n");
}

/* ---- which libwebsockets.so.17 is loaded ---- */

/* the real path of the libwebsockets.so.17 in this process */
static char capi_loaded_lib[PATH_MAX];

/*
 * Whether the library under test is Debian's (the oracle), by where it was
 * loaded from.  Only for the documented deviations (docs/deviations.md):
 * there a test keeps the transcript to what both libraries agree on and
 * checks each library's own behaviour with CHECK.
 */
static inline int
capi_on_oracle(void)
{
	return !strncmp(capi_loaded_lib, "/usr/", 5);
}

struct capi_libcheck {
	int count;
	char found[PATH_MAX];
};

static int
capi_phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct capi_libcheck *lc = (struct capi_libcheck *)data;
	const char *name = info->dlpi_name, *base;
	char real[PATH_MAX];

	(void)size;
	if (!name || !*name)
		return 0;
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (strncmp(base, "libwebsockets.so", 16))
		return 0;
	if (!realpath(name, real)) {
		strncpy(real, name, sizeof(real) - 1);
		real[sizeof(real) - 1] = '\0';
	}
	lc->count++;
	memcpy(lc->found, real, sizeof(real));
	return 0;
}

__attribute__((constructor)) static void
capi_check_loaded_library(void)
{
	const char *want = getenv("LWS_EXPECT_LIB");
	struct capi_libcheck lc;
	char real[PATH_MAX];

	/* line-buffered, so a crash keeps the transcript up to that point */
	setvbuf(stdout, NULL, _IOLBF, 0);

	memset(&lc, 0, sizeof(lc));
	dl_iterate_phdr(capi_phdr_cb, &lc);

	if (lc.count != 1) {
		fprintf(stderr, "libcheck: %d libwebsockets.so objects loaded "
			"(expected exactly 1)\n", lc.count);
		exit(2);
	}
	memcpy(capi_loaded_lib, lc.found, sizeof(capi_loaded_lib));
	if (!want || !*want) {
		fprintf(stderr, "libcheck: LWS_EXPECT_LIB unset, running on %s\n",
			lc.found);
		return;
	}
	if (!realpath(want, real)) {
		fprintf(stderr, "libcheck: LWS_EXPECT_LIB=%s does not exist\n", want);
		exit(2);
	}
	if (strcmp(real, lc.found)) {
		fprintf(stderr, "libcheck: loaded %s but expected %s\n",
			lc.found, real);
		exit(2);
	}
}

#endif
