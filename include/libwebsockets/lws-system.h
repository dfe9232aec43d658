/* lws-system.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/system.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_SYSTEM_H
#define LWS_RS_SYSTEM_H

#include <libwebsockets/gen/lws-system.h>

#endif /* LWS_RS_SYSTEM_H */
