/* lws-network-helper.h: numeric addresses, the lws_sockaddr46 union,
 * interface lookup and peer address helpers.  Types and prototypes come
 * from Rust (src/api/network_helper.rs) via the generated header; this
 * file adds the typedef C code uses. */

#ifndef LWS_RS_NETWORK_HELPER_H
#define LWS_RS_NETWORK_HELPER_H

/* An IPv4 or IPv6 socket address (sa4 / sa6, by the family field). */
typedef union lws_sockaddr46 lws_sockaddr46;

struct lws;
struct lws_context;

#include <libwebsockets/gen/lws-network-helper.h>

#endif /* LWS_RS_NETWORK_HELPER_H */
