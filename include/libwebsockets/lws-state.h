/* lws-state.h: generic state manager with notifiers.  Types and
 * prototypes come from Rust (src/api/state.rs) via the generated header. */

#ifndef LWS_RS_STATE_H
#define LWS_RS_STATE_H

struct lws_state_notify_link;
struct lws_state_manager;

#include <libwebsockets/gen/lws-state.h>

#endif /* LWS_RS_STATE_H */
