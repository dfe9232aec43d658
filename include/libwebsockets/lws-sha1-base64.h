/* lws-sha1-base64.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/sha1_base64.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_SHA1_BASE64_H
#define LWS_RS_SHA1_BASE64_H

#include <libwebsockets/gen/lws-sha1-base64.h>

#endif /* LWS_RS_SHA1_BASE64_H */
