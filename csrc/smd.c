/* Variadic entry point of lws-smd.h: lws_smd_msg_printf (exported from
 * Rust through c_variadic_export!, see src/api/smd.rs). */
#include <stdint.h>

struct lws_context;

int lws_rs_smd_msg_printf_impl(struct lws_context *ctx, uint32_t _class,
			       const char *fmt, ...);
int lws_rs_smd_msg_printf_unimpl(void);

int
lws_rs_smd_msg_printf_impl(struct lws_context *ctx, uint32_t _class,
			   const char *fmt, ...)
{
	(void)ctx;
	(void)_class;
	(void)fmt;
	return lws_rs_smd_msg_printf_unimpl();
}
