/* lws-purify.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/purify.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_PURIFY_H
#define LWS_RS_PURIFY_H

#include <libwebsockets/gen/lws-purify.h>

#endif /* LWS_RS_PURIFY_H */
