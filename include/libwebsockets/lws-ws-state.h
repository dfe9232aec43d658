/* lws-ws-state.h: websocket frame and send-path state queries.
 * Prototypes come from Rust (src/api/ws_state.rs) via the generated
 * header. */

#ifndef LWS_RS_WS_STATE_H
#define LWS_RS_WS_STATE_H

struct lws;

#include <libwebsockets/gen/lws-ws-state.h>

#endif /* LWS_RS_WS_STATE_H */
