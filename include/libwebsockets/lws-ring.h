/* lws-ring.h: a ring buffer of fixed-size elements with one writer and any
 * number of readers (tails).  Types and prototypes come from Rust
 * (src/api/ring.rs) via the generated header; this file adds the macros. */

#ifndef LWS_RS_RING_H
#define LWS_RS_RING_H

/* Opaque: only ever handled by pointer. */
struct lws_ring;

#include <libwebsockets/gen/lws-ring.h>

/*
 * Consumes ___count elements for the tail at ___ptail, which is member
 * ___mtail of one of the ___type objects listed (through member ___mlist)
 * at ___list_head.  If that tail was the oldest one, the oldest tail moves
 * to whichever listed tail now has the most elements waiting.
 */
#define lws_ring_consume_and_update_oldest_tail(___ring, ___type, ___ptail, \
		___count, ___list_head, ___mtail, ___mlist) { \
	int ___n, ___m; \
	___n = lws_ring_get_oldest_tail(___ring) == *(___ptail); \
	lws_ring_consume(___ring, ___ptail, NULL, ___count); \
	if (___n) { \
		uint32_t ___oldest; \
		___n = 0; \
		___oldest = *(___ptail); \
		lws_start_foreach_llp(___type **, ___ppss, ___list_head) { \
			___m = (int)lws_ring_get_count_waiting_elements( \
					___ring, &(*___ppss)->___mtail); \
			if (___m >= ___n) { \
				___n = ___m; \
				___oldest = (*___ppss)->___mtail; \
			} \
		} lws_end_foreach_llp(___ppss, ___mlist); \
		lws_ring_update_oldest_tail(___ring, ___oldest); \
	} }

/* Consumes ___count elements when the ring has a single reader. */
#define lws_ring_consume_single_tail(___ring, ___ptail, ___count) { \
	lws_ring_consume(___ring, ___ptail, NULL, ___count); \
	lws_ring_update_oldest_tail(___ring, *(___ptail)); }

#endif /* LWS_RS_RING_H */
