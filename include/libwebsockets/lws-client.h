/* lws-client.h: outgoing connections.
 * Types and prototypes come from Rust (src/api/client.rs) via the
 * generated header. */

#ifndef LWS_RS_CLIENT_H
#define LWS_RS_CLIENT_H

struct lws;
struct lws_context;
struct lws_vhost;
struct lws_sequencer;
struct lws_retry_bo;
struct lws_context_creation_info;

#include <libwebsockets/gen/lws-client.h>

#endif /* LWS_RS_CLIENT_H */
