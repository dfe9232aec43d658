/* lws-adopt.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/adopt.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_ADOPT_H
#define LWS_RS_ADOPT_H

#include <libwebsockets/gen/lws-adopt.h>

#endif /* LWS_RS_ADOPT_H */
