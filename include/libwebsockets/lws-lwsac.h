/* lws-lwsac.h: lwsac, an arena of linked chunks whose allocations stay put
 * until the whole lwsac is freed, and lws_list_ptr, a sorted singly linked
 * list of pointers to list members.  Types and prototypes come from Rust
 * (src/api/lwsac.rs) via the generated header; this file adds the macros. */

#ifndef LWS_RS_LWSAC_H
#define LWS_RS_LWSAC_H

/* Opaque: only ever handled by pointer. */
struct lwsac;

/* From a pointer P to member M of a T, the T. */
#define lws_list_ptr_container(P, T, M) ((T *)((char *)(P) - offsetof(T, M)))

/* Moves _lp to the next member of its list. */
#define lws_list_ptr_advance(_lp) _lp = *((void **)_lp)

#include <libwebsockets/gen/lws-lwsac.h>

/* Older name of lwsac_use_zero(). */
#define lwsac_use_zeroed lwsac_use_zero

#endif /* LWS_RS_LWSAC_H */
