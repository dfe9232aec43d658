/*
 * lws_hex_to_byte_array: return value and bytes written for every buffer
 * size around the input's length, mixed case, odd lengths, bad digits and
 * the empty string.  The oracle fails (-1) when the output fills the buffer
 * exactly, even when the input ends there: it wants room to spare.
 */
#include <libwebsockets.h>
#include "common.h"

int
main(void)
{
	static const char *in[] = { "deadBEEF", "deadbeef", "DEADBEEF", "dEaD",
				    "00ff", "0", "abc", "zz", "0g", "", NULL };
	static const int sizes[] = { 0, 1, 2, 3, 4, 5, 8 };
	uint8_t b[8];
	size_t i, k;
	int r;

	for (i = 0; in[i]; i++)
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			memset(b, 0, sizeof(b));
			r = lws_hex_to_byte_array(in[i], b, sizes[k]);
			T("\"%s\" max %d -> %d bytes %02x%02x%02x%02x", in[i],
			  sizes[k], r, b[0], b[1], b[2], b[3]);
		}

	/* the cases a caller relies on */
	CHECK_INT(lws_hex_to_byte_array("deadBEEF", b, 8), 4);
	CHECK(b[0] == 0xde && b[3] == 0xef);
	CHECK_INT(lws_hex_to_byte_array("deadBEEF", b, 4), -1);
	CHECK_INT(lws_hex_to_byte_array("deadBEEF", b, 5), 4);
	CHECK_INT(lws_hex_to_byte_array("abc", b, 8), -1);
	CHECK_INT(lws_hex_to_byte_array("zz", b, 8), -1);
	CHECK_INT(lws_hex_to_byte_array("", b, 1), 0);
	CHECK_INT(lws_hex_to_byte_array("", b, 0), -1);

	return 0;
}
