/* lws-context-vhost.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/context_vhost.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_CONTEXT_VHOST_H
#define LWS_RS_CONTEXT_VHOST_H

#include <libwebsockets/gen/lws-context-vhost.h>

#endif /* LWS_RS_CONTEXT_VHOST_H */
