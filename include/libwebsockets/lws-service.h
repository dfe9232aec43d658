/* lws-service.h: running the event loop.  Prototypes come from Rust
 * (src/api/service.rs) via the generated header. */

#ifndef LWS_RS_SERVICE_H
#define LWS_RS_SERVICE_H

#include <libwebsockets/gen/lws-service.h>

#define lws_plat_service_tsi lws_service_tsi

#endif /* LWS_RS_SERVICE_H */
