/* lws-smd.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/smd.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_SMD_H
#define LWS_RS_SMD_H

#include <libwebsockets/gen/lws-smd.h>

#endif /* LWS_RS_SMD_H */
