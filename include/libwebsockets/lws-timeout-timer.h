/* lws-timeout-timer.h: part of the libwebsockets replacement's public API.
 * Types and prototypes come from Rust (src/api/timeout_timer.rs) via the generated
 * header below; this file adds the macros and inline helpers. */

#ifndef LWS_RS_TIMEOUT_TIMER_H
#define LWS_RS_TIMEOUT_TIMER_H

#include <libwebsockets/gen/lws-timeout-timer.h>

#endif /* LWS_RS_TIMEOUT_TIMER_H */
