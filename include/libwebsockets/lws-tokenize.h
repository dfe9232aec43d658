/* lws-tokenize.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/tokenize.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_TOKENIZE_H
#define LWS_RS_TOKENIZE_H

#include <libwebsockets/gen/lws-tokenize.h>

#endif /* LWS_RS_TOKENIZE_H */
