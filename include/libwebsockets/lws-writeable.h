/* lws-writeable.h: WRITEABLE callback requests and protocol-wide callbacks.
 * Types and prototypes come from Rust (src/api/writeable.rs) via the
 * generated header; this file adds the macros. */

#ifndef LWS_RS_WRITEABLE_H
#define LWS_RS_WRITEABLE_H

struct lws;
struct lws_context;
struct lws_vhost;
struct lws_protocols;

#include <libwebsockets/gen/lws-writeable.h>

/* peer_to_us argument of lws_wsi_tx_credit() */
#define LWSTXCR_US_TO_PEER 0
#define LWSTXCR_PEER_TO_US 1

#endif /* LWS_RS_WRITEABLE_H */
