/* lws-lwsac.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/lwsac.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_LWSAC_H
#define LWS_RS_LWSAC_H

#include <libwebsockets/gen/lws-lwsac.h>

#endif /* LWS_RS_LWSAC_H */
