/* lws-http.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/http.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_HTTP_H
#define LWS_RS_HTTP_H

#include <libwebsockets/gen/lws-http.h>

#endif /* LWS_RS_HTTP_H */
