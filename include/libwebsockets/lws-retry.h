/* lws-retry.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/retry.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_RETRY_H
#define LWS_RS_RETRY_H

#include <libwebsockets/gen/lws-retry.h>

#endif /* LWS_RS_RETRY_H */
