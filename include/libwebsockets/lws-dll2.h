/* lws-dll2.h: singly linked list helper macros and the dll2 doubly linked
 * list with an owner.  Types and prototypes come from Rust (src/api/dll2.rs)
 * via the generated header; this file adds the macros and inline helpers. */

#ifndef LWS_RS_DLL2_H
#define LWS_RS_DLL2_H

/*
 * Iteration over a singly linked list whose next pointer is member `nxt`:
 *
 *   lws_start_foreach_ll(struct obj *, it, list_head) {
 *           ... use it ...
 *   } lws_end_foreach_ll(it, next_member);
 */
#define lws_start_foreach_ll(type, it, start) \
	{ type it = start; while (it) {
#define lws_end_foreach_ll(it, nxt) \
	it = it->nxt; } }

/* Same, but `it` may be freed in the body. */
#define lws_start_foreach_ll_safe(type, it, start, nxt) \
	{ type it = start; while (it) { type next_##it = it->nxt;
#define lws_end_foreach_ll_safe(it) \
	it = next_##it; } }

/* Iterates with a pointer to the link (so the body can unlink `*it`). */
#define lws_start_foreach_llp(type, it, start) \
	{ type it = &(start); while (*(it)) {
#define lws_end_foreach_llp(it, nxt) \
	it = &(*(it))->nxt; } }

#define lws_start_foreach_llp_safe(type, it, start, nxt) \
	{ type it = &(start); type next; while (*(it)) { next = &((*(it))->nxt);
#define lws_end_foreach_llp_safe(it) \
	it = next; } }

/* Pushes ___new_object on the front of the list at ___list_head. */
#define lws_ll_fwd_insert(___new_object, ___m_list, ___list_head) { \
	___new_object->___m_list = ___list_head; \
	___list_head = ___new_object; }

/* Unlinks ___target (of type ___type) from the list at ___list_head. */
#define lws_ll_fwd_remove(___type, ___m_list, ___target, ___list_head) { \
	lws_start_foreach_llp(___type **, ___ppss, ___list_head) { \
		if (*___ppss == ___target) { \
			*___ppss = ___target->___m_list; \
			break; \
		} \
	} lws_end_foreach_llp(___ppss, ___m_list); }

struct lws_dll2;
struct lws_dll2_owner;

#include <libwebsockets/gen/lws-dll2.h>

static LWS_INLINE int
lws_dll2_is_detached(const struct lws_dll2 *d) { return !d->owner; }

static LWS_INLINE const struct lws_dll2_owner *
lws_dll2_owner(const struct lws_dll2 *d) { return d->owner; }

static LWS_INLINE struct lws_dll2 *
lws_dll2_get_head(struct lws_dll2_owner *owner) { return owner->head; }

static LWS_INLINE struct lws_dll2 *
lws_dll2_get_tail(struct lws_dll2_owner *owner) { return owner->tail; }

/* Finds the `type` object on `own` whose string member `membptr` equals
 * the `namelen` bytes at `name`; `membd2list` is its lws_dll2_t member. */
#define lws_dll2_search_sz_pl(own, name, namelen, type, membd2list, membptr) \
	((type *)_lws_dll2_search_sz_pl(own, name, namelen, \
					offsetof(type, membd2list), \
					offsetof(type, membptr)))

/* Iterates over dll2 elements from ___start; ___tmp keeps the next one so
 * the body may remove ___it. */
#define lws_start_foreach_dll_safe(___type, ___it, ___tmp, ___start) \
	{ ___type ___it = ___start; while (___it) { ___type ___tmp = (___it)->next;
#define lws_end_foreach_dll_safe(___it, ___tmp) \
	___it = ___tmp; } }

#define lws_start_foreach_dll(___type, ___it, ___start) \
	{ ___type ___it = ___start; while (___it) {
#define lws_end_foreach_dll(___it) \
	___it = (___it)->next; } }

#endif /* LWS_RS_DLL2_H */
