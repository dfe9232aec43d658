/*
 * lws_urldecode and lws_urlencode on assorted inputs and output limits
 * (percent escapes upper/lower case, '+', bad and truncated escapes,
 * encoded NUL, bytes >= 0x80, reserved characters), printing the result
 * and the bytes of the output buffer past the written part (pre-filled
 * with '#'); and lws_token_to_string for every index and just outside.
 */
#include <libwebsockets.h>
#include "common.h"

static void
show(const char *what, const char *in, int len, int r, const char *out, int n)
{
	char l[96];

	snprintf(l, sizeof(l), "%s [%s] len=%d r=%d out", what, in, len, r);
	capi_print_bytes(l, out, (size_t)n);
}

int
main(void)
{
	static const char *const ins[] = {
		"abc", "a b", "a+b%20c", "%41%4a%4A", "%zz", "%4", "%", "x%00y",
		"\xff\x01~-_.!*'()", "", "a=b&c=d/e?f", NULL
	};
	char out[64];
	int i, len, r;

	for (i = 0; ins[i]; i++)
		for (len = 0; len < 14; len += 3) {
			memset(out, '#', sizeof(out));
			r = lws_urldecode(out, ins[i], len);
			show("dec", ins[i], len, r, out, 16);
			memset(out, '#', sizeof(out));
			r = lws_urlencode(out, ins[i], len) == out;
			show("enc", ins[i], len, r, out, 24);
		}
	for (i = -1; i < 92; i++) {
		const unsigned char *s = lws_token_to_string((enum lws_token_indexes)i);
		T("token %d %s", i, s ? (const char *)s : "(null)");
	}
	T("done");
	return 0;
}
