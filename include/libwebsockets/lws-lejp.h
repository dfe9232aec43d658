/* lws-lejp.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/lejp.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_LEJP_H
#define LWS_RS_LEJP_H

#include <libwebsockets/gen/lws-lejp.h>

#endif /* LWS_RS_LEJP_H */
