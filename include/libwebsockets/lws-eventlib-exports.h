/* lws-eventlib-exports.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/eventlib_exports.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_EVENTLIB_EXPORTS_H
#define LWS_RS_EVENTLIB_EXPORTS_H

#include <libwebsockets/gen/lws-eventlib-exports.h>

#endif /* LWS_RS_EVENTLIB_EXPORTS_H */
