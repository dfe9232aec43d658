/* lws-protocols-plugins.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/protocols_plugins.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_PROTOCOLS_PLUGINS_H
#define LWS_RS_PROTOCOLS_PLUGINS_H

#include <libwebsockets/gen/lws-protocols-plugins.h>

#endif /* LWS_RS_PROTOCOLS_PLUGINS_H */
