/* lws-state.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/state.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_STATE_H
#define LWS_RS_STATE_H

#include <libwebsockets/gen/lws-state.h>

#endif /* LWS_RS_STATE_H */
