/*
 * lws_snprintf: what it returns (bytes written, not bytes wanted), how it
 * truncates and terminates; lws_strncpy: truncation and termination.
 */
#include <libwebsockets.h>
#include "common.h"

static void
show(const char *what, int r, const char *buf, size_t size)
{
	printf("%s -> %d ", what, r);
	capi_print_bytes("buf", buf, size);
}

#define SN(size, ...) do { \
	memset(buf, '#', sizeof(buf)); \
	r = lws_snprintf(buf, size, __VA_ARGS__); \
	show(#size ", " #__VA_ARGS__, r, buf, sizeof(buf)); \
	} while (0)

int
main(void)
{
	char buf[12];
	int r;
	void *p = &r;

	/* formats, fitting */
	SN(sizeof(buf), "%d", 42);
	SN(sizeof(buf), "%d", -7);
	SN(sizeof(buf), "%s", "abc");
	SN(sizeof(buf), "%x", 0xbeef);
	SN(sizeof(buf), "%X", 0xbeef);
	SN(sizeof(buf), "%lld", -1234567890LL);
	SN(sizeof(buf), "%llu", 1234567890ULL);
	SN(sizeof(buf), "%u", 4000000000u);
	SN(sizeof(buf), "%c%c", 'h', 'i');
	SN(sizeof(buf), "%5d|", 3);
	SN(sizeof(buf), "%-5d|", 3);
	SN(sizeof(buf), "%05d", 3);
	SN(sizeof(buf), "%.3s", "abcdef");
	SN(sizeof(buf), "%%");
	SN(sizeof(buf), "");
	SN(sizeof(buf), "%s", "");
	SN(sizeof(buf), "%zu", (size_t)99);

	/* exact fit: 11 chars + NUL in 12 bytes */
	SN(sizeof(buf), "%s", "0123456789a");
	/* one over */
	SN(sizeof(buf), "%s", "0123456789ab");
	/* far over */
	SN(sizeof(buf), "%s-%d", "0123456789abcdef", 12345);
	SN(5, "%s", "abcdefgh");
	SN(5, "%d", 1234);
	SN(5, "%d", 12345);
	/* size 1: only the NUL fits */
	SN(1, "%s", "abc");
	SN(1, "%s", "");
	/* size 0: nothing is written */
	SN(0, "%s", "abc");
	SN(0, "");

	/* the self-checks of the facts printed above */
	CHECK_INT(lws_snprintf(buf, sizeof(buf), "%s", "0123456789a"), 11);
	CHECK_INT(lws_snprintf(buf, sizeof(buf), "%s", "0123456789ab"), 12);
	CHECK_INT(lws_snprintf(buf, sizeof(buf), "%s", "0123456789abcdefgh"), 12);
	CHECK_STR(buf, "0123456789a");
	CHECK_INT(lws_snprintf(buf, 5, "%d", 12345), 5);
	CHECK_STR(buf, "1234");
	CHECK_INT(lws_snprintf(buf, 1, "%s", "abc"), 1);
	CHECK_INT(buf[0], 0);
	buf[0] = 'x';
	CHECK_INT(lws_snprintf(buf, 0, "%s", "abc"), 0);
	CHECK_INT(buf[0], 'x');

	/* %p: only check it produced something, the address is not stable */
	{
		char pb[40];

		r = lws_snprintf(pb, sizeof(pb), "%p", p);
		CHECK(r > 0 && r < (int)sizeof(pb));
		CHECK_INT(r, (int)strlen(pb));
	}
	T("%%p wrote strlen bytes: yes");

	/* appending pattern used all over lws: p += lws_snprintf(p, end - p) */
	{
		char big[16], *q = big, *end = big + sizeof(big);
		int n;

		for (n = 0; n < 8; n++)
			q += lws_snprintf(q, lws_ptr_diff(end, q), "%d,", n * 11);
		T("append offset %d", (int)(q - big));
		capi_print_bytes("append buf", big, sizeof(big));
		/* truncation returns the size given, so q stops exactly at end */
		CHECK(q == end);
	}

	/* lws_strncpy */
	{
		char d[6];
		char *rp;

		memset(d, '#', sizeof(d));
		rp = lws_strncpy(d, "abc", sizeof(d));
		T("strncpy returns dest: %s", yesno(rp == d));
		capi_print_bytes("strncpy abc/6", d, sizeof(d));
		memset(d, '#', sizeof(d));
		lws_strncpy(d, "abcdef", sizeof(d));
		capi_print_bytes("strncpy abcdef/6", d, sizeof(d));
		memset(d, '#', sizeof(d));
		lws_strncpy(d, "abcde", sizeof(d));
		capi_print_bytes("strncpy abcde/6", d, sizeof(d));
		memset(d, '#', sizeof(d));
		lws_strncpy(d, "abcdefghij", 3);
		capi_print_bytes("strncpy abcdefghij/3", d, sizeof(d));
		memset(d, '#', sizeof(d));
		lws_strncpy(d, "abc", 1);
		capi_print_bytes("strncpy abc/1", d, sizeof(d));
		memset(d, '#', sizeof(d));
		lws_strncpy(d, "", sizeof(d));
		capi_print_bytes("strncpy \"\"/6", d, sizeof(d));
		/* lws_strnncpy: copy at most len chars, bounded by size */
		memset(d, '#', sizeof(d));
		lws_strnncpy(d, "abcdef", 2, sizeof(d));
		capi_print_bytes("strnncpy abcdef,2/6", d, sizeof(d));
		memset(d, '#', sizeof(d));
		lws_strnncpy(d, "abcdef", 10, 4);
		capi_print_bytes("strnncpy abcdef,10/4", d, sizeof(d));
	}
	return 0;
}
