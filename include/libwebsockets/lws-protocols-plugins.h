/* lws-protocols-plugins.h: protocols, per-vhost protocol data, pvos and
 * plugins.  Types and prototypes come from Rust
 * (src/api/protocols_plugins.rs) via the generated header. */

#ifndef LWS_RS_PROTOCOLS_PLUGINS_H
#define LWS_RS_PROTOCOLS_PLUGINS_H

struct lws_protocol_vhost_options;
struct lws_event_loop_ops;

#include <libwebsockets/gen/lws-protocols-plugins.h>

#endif /* LWS_RS_PROTOCOLS_PLUGINS_H */
