/* lws-logs.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/logs.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_LOGS_H
#define LWS_RS_LOGS_H

#include <libwebsockets/gen/lws-logs.h>

#endif /* LWS_RS_LOGS_H */
