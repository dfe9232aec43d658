/* lws-misc.h: miscellaneous helpers (buflists, strings, URIs, time,
 * humanize, directories...).  Types and prototypes come from Rust
 * (src/api/misc.rs, and src/api/misc_wsi.rs for the functions taking a
 * connection or context) via the generated headers; this file adds the
 * macros, the variadic prototypes and the types C spells differently. */

#ifndef LWS_RS_MISC_H
#define LWS_RS_MISC_H

/* A list of owned byte segments; only handled through pointers. */
struct lws_buflist;
struct lws_dir_entry;
struct lws_context_creation_info;

/* Byte distance from `tail` to `head`, as an int. */
#define lws_ptr_diff(head, tail) \
			((int)((char *)(head) - (char *)(tail)))

/* Copies at most size1 chars of src, bounded by the destination size. */
#define lws_strnncpy(dest, src, size1, destsize) \
	lws_strncpy(dest, src, (size_t)(size1 + 1) < (size_t)(destsize) ? \
				(size_t)(size1 + 1) : (size_t)(destsize))

/* Callback type of lws_dir(): a function type, as in upstream. */
typedef int
lws_dir_callback_function(const char *dirpath, void *user,
			  struct lws_dir_entry *lde);

/* Reasons for lws_rx_flow_control(); the APPLIES bits select the
 * reason-bitmap form of the call. */
enum {
	LWS_RXFLOW_REASON_USER_BOOL		= (1 << 0),
	LWS_RXFLOW_REASON_HTTP_RXBUFFER		= (1 << 6),
	LWS_RXFLOW_REASON_H2_PPS_PENDING	= (1 << 7),

	LWS_RXFLOW_REASON_APPLIES		= (1 << 14),
	LWS_RXFLOW_REASON_APPLIES_ENABLE_BIT	= (1 << 13),
	LWS_RXFLOW_REASON_APPLIES_ENABLE	= LWS_RXFLOW_REASON_APPLIES |
						  LWS_RXFLOW_REASON_APPLIES_ENABLE_BIT,
	LWS_RXFLOW_REASON_APPLIES_DISABLE	= LWS_RXFLOW_REASON_APPLIES,
	LWS_RXFLOW_REASON_FLAG_PROCESS_NOW	= (1 << 12),
};

#include <libwebsockets/gen/lws-misc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* snprintf() whose result is clamped to `size` (never more than was
 * room for). */
LWS_VISIBLE LWS_EXTERN int
lws_snprintf(char *str, size_t size, const char *format, ...) LWS_FORMAT(3);

/* open() that also sets close-on-exec; the mode is read when O_CREAT. */
LWS_VISIBLE LWS_EXTERN int
lws_open(const char *__file, int __oflag, ...);

#ifdef __cplusplus
}
#endif

/* The lws-misc.h functions taking a struct lws * or struct lws_context *. */
#include <libwebsockets/gen/lws-misc-wsi.h>

#endif /* LWS_RS_MISC_H */
