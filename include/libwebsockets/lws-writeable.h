/* lws-writeable.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/writeable.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_WRITEABLE_H
#define LWS_RS_WRITEABLE_H

#include <libwebsockets/gen/lws-writeable.h>

#endif /* LWS_RS_WRITEABLE_H */
