/* lws-network-helper.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/network_helper.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_NETWORK_HELPER_H
#define LWS_RS_NETWORK_HELPER_H

#include <libwebsockets/gen/lws-network-helper.h>

#endif /* LWS_RS_NETWORK_HELPER_H */
