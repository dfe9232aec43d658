/* lws-adopt.h: adopting existing descriptors as connections.
 * Types and prototypes come from Rust (src/api/adopt.rs) via the generated
 * header; this file adds the typedef names and the UDP flags. */

#ifndef LWS_RS_ADOPT_H
#define LWS_RS_ADOPT_H

struct lws;
struct lws_context;
struct lws_vhost;
struct lws_retry_bo;

#include <libwebsockets/gen/lws-adopt.h>

/* Debian names these through typedefs of anonymous types. */
typedef enum lws_adoption_type lws_adoption_type;
typedef union lws_sock_file_fd_type lws_sock_file_fd_type;

/* flags of lws_create_adopt_udp() */
#define LWS_CAUDP_BIND (1 << 0)
#define LWS_CAUDP_BROADCAST (1 << 1)
#define LWS_CAUDP_PF_PACKET (1 << 2)

#endif /* LWS_RS_ADOPT_H */
