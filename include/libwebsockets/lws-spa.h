/* lws-spa.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/spa.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_SPA_H
#define LWS_RS_SPA_H

#include <libwebsockets/gen/lws-spa.h>

#endif /* LWS_RS_SPA_H */
