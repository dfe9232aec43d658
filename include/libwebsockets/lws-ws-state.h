/* lws-ws-state.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/ws_state.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_WS_STATE_H
#define LWS_RS_WS_STATE_H

#include <libwebsockets/gen/lws-ws-state.h>

#endif /* LWS_RS_WS_STATE_H */
