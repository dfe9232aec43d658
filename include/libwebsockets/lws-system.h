/* lws-system.h: system integration (blobs, system state, platform ops).
 * Types and prototypes come from Rust (src/api/system.rs) via the
 * generated header. */

#ifndef LWS_RS_SYSTEM_H
#define LWS_RS_SYSTEM_H

#define LWSSYSGAUTH_HEX (1 << 0)

struct lws_attach_item;

#include <libwebsockets/gen/lws-system.h>

typedef enum lws_system_blob_item_t lws_system_blob_item_t;
typedef enum lws_system_states_t lws_system_states_t;
typedef enum lws_cpd_result_t lws_cpd_result_t;

#endif /* LWS_RS_SYSTEM_H */
