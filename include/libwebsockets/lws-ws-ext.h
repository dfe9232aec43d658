/* lws-ws-ext.h: websocket extensions.
 * Types and prototypes come from Rust (src/api/ws_ext.rs) via the
 * generated header; this file adds the callback function type. */

#ifndef LWS_RS_WS_EXT_H
#define LWS_RS_WS_EXT_H

struct lws;
struct lws_context;
struct lws_extension;

#include <libwebsockets/gen/lws-ws-ext.h>

/* The type of lws_extension.callback (a function type, not a pointer). */
typedef int
lws_extension_callback_function(struct lws_context *context,
				const struct lws_extension *ext,
				struct lws *wsi,
				enum lws_extension_callback_reasons reason,
				void *user, void *in, size_t len);

#endif /* LWS_RS_WS_EXT_H */
