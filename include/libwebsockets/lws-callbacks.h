/* lws-callbacks.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/callbacks.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_CALLBACKS_H
#define LWS_RS_CALLBACKS_H

#include <libwebsockets/gen/lws-callbacks.h>

#endif /* LWS_RS_CALLBACKS_H */
