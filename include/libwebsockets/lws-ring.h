/* lws-ring.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/ring.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_RING_H
#define LWS_RS_RING_H

#include <libwebsockets/gen/lws-ring.h>

#endif /* LWS_RS_RING_H */
