/* lws-lejp.h: LEJP, the lightweight JSON stream parser.  Types, constants
 * and prototypes come from Rust (src/api/lejp.rs) via the generated header;
 * this file adds the forward declarations and helper macros. */

#ifndef LWS_RS_LEJP_H
#define LWS_RS_LEJP_H

struct lejp_ctx;

#if !defined(LWS_ARRAY_SIZE)
#define LWS_ARRAY_SIZE(_x) (sizeof(_x) / sizeof(_x[0]))
#endif

#include <libwebsockets/gen/lws-lejp.h>

#endif /* LWS_RS_LEJP_H */
