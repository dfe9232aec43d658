/* lws-write.h: sending data on a connection.
 * Types and prototypes come from Rust (src/api/write.rs) via the generated
 * header; this file adds the buffer-padding macros and inline helpers. */

#ifndef LWS_RS_WRITE_H
#define LWS_RS_WRITE_H

struct lws;

#define LWS_SIZEOFPTR ((int)sizeof (void *))

/* Bytes the caller must leave writable before the payload given to
 * lws_write(), for the protocol framing: 4 + 10 + 2 rounded up to 16. */
#define _LWS_PAD_SIZE 16
#define _LWS_PAD(n) (((n) % _LWS_PAD_SIZE) ? \
		((n) + (_LWS_PAD_SIZE - ((n) % _LWS_PAD_SIZE))) : (n))
#define LWS_PRE _LWS_PAD(4 + 10 + 2)
#define LWS_SEND_BUFFER_PRE_PADDING LWS_PRE
#define LWS_SEND_BUFFER_POST_PADDING 0

#define LWS_WRITE_RAW LWS_WRITE_HTTP

#include <libwebsockets/gen/lws-write.h>

/* Client connections: send the payload without xor-masking it. */
#define LWS_WRITE_CLIENT_IGNORE_XOR_MASK LWS_WRITE_H2_STREAM_END

#define lws_write_http(wsi, buf, len) \
	lws_write(wsi, (unsigned char *)(buf), len, LWS_WRITE_HTTP)

/* The lws_write() flags for one fragment of a message sent in pieces:
 * `initial` (LWS_WRITE_TEXT or _BINARY) on the first, CONTINUATION after,
 * NO_FIN on all but the last. */
static LWS_INLINE int
lws_write_ws_flags(int initial, int is_start, int is_end)
{
	int flags = is_start ? initial : LWS_WRITE_CONTINUATION;

	if (!is_end)
		flags |= LWS_WRITE_NO_FIN;

	return flags;
}

#endif /* LWS_RS_WRITE_H */
