/* lws-misc.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/misc.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_MISC_H
#define LWS_RS_MISC_H

#include <libwebsockets/gen/lws-misc.h>

#endif /* LWS_RS_MISC_H */
