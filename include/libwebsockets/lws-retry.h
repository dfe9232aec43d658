/* lws-retry.h: retry and backoff policies.  Types and prototypes come
 * from Rust (src/api/retry.rs) via the generated header. */

#ifndef LWS_RS_RETRY_H
#define LWS_RS_RETRY_H

/* conceal_count value: never stop retrying */
#define LWS_RETRY_CONCEAL_ALWAYS (0xffff)

#include <libwebsockets/gen/lws-retry.h>

#endif /* LWS_RS_RETRY_H */
