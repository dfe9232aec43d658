/* lws-ws-ext.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/ws_ext.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_WS_EXT_H
#define LWS_RS_WS_EXT_H

#include <libwebsockets/gen/lws-ws-ext.h>

#endif /* LWS_RS_WS_EXT_H */
