/* lws-eventlib-exports.h: internals called by event-loop plugins.
 * Prototypes come from Rust (src/api/eventlib_exports.rs) via the
 * generated header. */

#ifndef LWS_RS_EVENTLIB_EXPORTS_H
#define LWS_RS_EVENTLIB_EXPORTS_H

struct lws;
struct lws_context;
struct lws_vhost;
struct lws_context_per_thread;

#include <libwebsockets/gen/lws-eventlib-exports.h>

#endif /* LWS_RS_EVENTLIB_EXPORTS_H */
