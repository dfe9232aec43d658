/* lws-timeout-timer.h: connection timeouts and the sorted microsecond
 * timers ("sul").  Types and prototypes come from Rust
 * (src/api/timeout_timer.rs) via the generated header. */

#ifndef LWS_RS_TIMEOUT_TIMER_H
#define LWS_RS_TIMEOUT_TIMER_H

/* secs values of lws_set_timeout() that close the connection now */
#define LWS_TO_KILL_ASYNC -1
#define LWS_TO_KILL_SYNC -2

#define lws_time_in_microseconds lws_now_usecs

#define lws_wsi_close(w, to_kill) lws_set_timeout(wsi, 1, to_kill)

/* _us value of lws_sul_schedule() / lws_set_timer_usecs() that cancels */
#define LWS_SET_TIMER_USEC_CANCEL ((lws_usec_t)-1ll)
#define LWS_USEC_PER_SEC ((lws_usec_t)1000000)

/* Number of sul owner lists per service thread, and their indexes */
#define LWS_COUNT_PT_SUL_OWNERS 2
#define LWSSULLI_MISS_IF_SUSPENDED 0
#define LWSSULLI_WAKE_IF_SUSPENDED 1

struct lws_sorted_usec_list;

#include <libwebsockets/gen/lws-timeout-timer.h>

/* Checking for timers left on freed memory is a debugging build option. */
#define lws_sul_debug_zombies(_a, _b, _c, _d)

#endif /* LWS_RS_TIMEOUT_TIMER_H */
