/* lws-service.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/service.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_SERVICE_H
#define LWS_RS_SERVICE_H

#include <libwebsockets/gen/lws-service.h>

#endif /* LWS_RS_SERVICE_H */
