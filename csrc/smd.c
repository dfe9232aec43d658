/*
 * The variadic entry point of lws-smd.h.  Stable Rust cannot define C
 * variadic functions: this formats the message with vsnprintf and hands
 * the text to Rust (src/core/smd.rs), which owns the message bus.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

struct lws_context;

/* Provided by Rust (src/core/smd.rs). */
extern int lws_rs_smd_msg_send_str(struct lws_context *ctx, uint32_t _class,
				   const char *msg, size_t len);

/* Largest formatted payload, as upstream's LWS_SMD_MAX_PAYLOAD. */
#define LWS_SHIM_SMD_MAX_PAYLOAD 384

int
lws_shim_lws_smd_msg_printf(struct lws_context *ctx, uint32_t _class,
			    const char *format, ...)
{
	char buf[LWS_SHIM_SMD_MAX_PAYLOAD + 1];
	va_list ap;
	int n;

	if (!format)
		return 1;

	va_start(ap, format);
	n = vsnprintf(buf, sizeof(buf), format, ap);
	va_end(ap);

	/* an oversized message is refused, not silently cut */
	if (n < 0 || n > LWS_SHIM_SMD_MAX_PAYLOAD)
		return 1;

	return lws_rs_smd_msg_send_str(ctx, _class, buf, (size_t)n);
}
