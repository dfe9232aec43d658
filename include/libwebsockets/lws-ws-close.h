/* lws-ws-close.h: websocket close codes.
 * Types and prototypes come from Rust (src/api/ws_close.rs) via the
 * generated header. */

#ifndef LWS_RS_WS_CLOSE_H
#define LWS_RS_WS_CLOSE_H

struct lws;

#include <libwebsockets/gen/lws-ws-close.h>

#endif /* LWS_RS_WS_CLOSE_H */
