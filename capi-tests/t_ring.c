/*
 * lws_ring: capacity, insert/consume with partial counts and wrap-around,
 * waiting/free counts, NULL tail meaning the oldest tail, several tails as
 * in the lws chat example (lws_ring_consume_and_update_oldest_tail) and the
 * destroy_element callback, linear insert range + bump_head.
 * Tails are byte offsets into the ring and are printed.
 */
#include <libwebsockets.h>
#include "common.h"

struct elem {
	int v;
	int pad;
};

static int destroyed[64], ndestroyed;

static void
destroy_elem(void *p)
{
	struct elem *e = (struct elem *)p;

	if (ndestroyed < 64)
		destroyed[ndestroyed] = e->v;
	ndestroyed++;
}

static void
show_destroyed(const char *label)
{
	int n;

	printf("%s destroyed %d:", label, ndestroyed);
	for (n = 0; n < ndestroyed && n < 64; n++)
		printf(" %d", destroyed[n]);
	printf("\n");
	ndestroyed = 0;
}

static void
counts(const char *label, struct lws_ring *r, uint32_t *tail)
{
	T("%s: free=%d waiting=%d oldest_tail=%u", label,
	  (int)lws_ring_get_count_free_elements(r),
	  (int)lws_ring_get_count_waiting_elements(r, tail),
	  (unsigned int)lws_ring_get_oldest_tail(r));
}

struct client {
	struct client *next;
	uint32_t tail;
	const char *name;
};

int
main(void)
{
	struct elem in[16], out[16];
	struct lws_ring *r;
	uint32_t t1 = 0;
	size_t n;
	int i;

	for (i = 0; i < 16; i++) {
		in[i].v = 100 + i;
		in[i].pad = 0;
	}

	/* --- capacity and basic insert/consume, single implicit tail --- */
	r = lws_ring_create(sizeof(struct elem), 8, NULL);
	CHECK(r);
	counts("new ring(8)", r, NULL);
	/* a ring of N elements holds N - 1 */
	CHECK_INT(lws_ring_get_count_free_elements(r), 7);
	n = lws_ring_insert(r, in, 3);
	T("insert 3 -> %d", (int)n);
	counts("after insert 3", r, NULL);
	n = lws_ring_insert(r, in + 3, 10);
	T("insert 10 more -> %d", (int)n);
	counts("after insert 10", r, NULL);
	n = lws_ring_insert(r, in, 1);
	T("insert into full -> %d", (int)n);
	CHECK_INT(n, 0);
	CHECK_INT(lws_ring_get_count_waiting_elements(r, NULL), 7);

	memset(out, 0, sizeof(out));
	n = lws_ring_consume(r, NULL, out, 2);
	T("consume 2 (NULL tail) -> %d: %d %d", (int)n, out[0].v, out[1].v);
	counts("after consume 2", r, NULL);
	/* wrap-around */
	n = lws_ring_insert(r, in + 10, 4);
	T("insert 4 (wraps) -> %d", (int)n);
	counts("after wrap insert", r, NULL);
	memset(out, 0, sizeof(out));
	n = lws_ring_consume(r, NULL, out, 16);
	printf("consume all -> %d:", (int)n);
	for (i = 0; i < (int)n; i++)
		printf(" %d", out[i].v);
	printf("\n");
	counts("after consume all", r, NULL);
	n = lws_ring_consume(r, NULL, out, 4);
	T("consume empty -> %d", (int)n);
	T("get_element empty -> %s", lws_ring_get_element(r, NULL) ? "elem" : "NULL");
	lws_ring_destroy(r);

	/* --- explicit tail, get_element, consume_single_tail --- */
	r = lws_ring_create(sizeof(struct elem), 4, destroy_elem);
	CHECK(r);
	counts("ring(4)", r, &t1);
	T("insert 5 into ring(4) -> %d", (int)lws_ring_insert(r, in, 5));
	counts("ring(4) after insert", r, &t1);
	{
		const struct elem *e = lws_ring_get_element(r, &t1);

		T("get_element t1 -> %d (tail %u)", e ? e->v : -1, (unsigned int)t1);
		CHECK(e && e->v == 100);
		/* get_element does not advance */
		e = lws_ring_get_element(r, &t1);
		T("get_element again -> %d", e ? e->v : -1);
	}
	lws_ring_consume_single_tail(r, &t1, 1);
	T("consume_single_tail 1: t1=%u", (unsigned int)t1);
	counts("after single tail consume", r, &t1);
	show_destroyed("single tail");
	/* consume with NULL dest just advances */
	n = lws_ring_consume(r, &t1, NULL, 1);
	T("consume NULL dest -> %d t1=%u", (int)n, (unsigned int)t1);
	counts("oldest not updated yet", r, &t1);
	lws_ring_update_oldest_tail(r, t1);
	show_destroyed("update_oldest_tail");
	counts("after update_oldest_tail", r, &t1);
	/* wrap with explicit tail */
	T("insert 3 -> %d", (int)lws_ring_insert(r, in + 5, 3));
	counts("full again", r, &t1);
	while ((n = lws_ring_consume(r, &t1, out, 1)) > 0) {
		T("  consumed %d t1=%u", out[0].v, (unsigned int)t1);
		lws_ring_update_oldest_tail(r, t1);
	}
	show_destroyed("drain");
	T("insert 2 then destroy ring");
	lws_ring_insert(r, in + 8, 2);
	lws_ring_destroy(r);
	CHECK_INT(ndestroyed, 2);
	show_destroyed("ring_destroy");

	/* --- several tails (chat example pattern) --- */
	{
		struct client c[3] = {
			{ NULL, 0, "c0" }, { NULL, 0, "c1" }, { NULL, 0, "c2" }
		};
		struct client *head = NULL;

		r = lws_ring_create(sizeof(struct elem), 6, destroy_elem);
		CHECK(r);
		for (i = 2; i >= 0; i--) {
			c[i].tail = lws_ring_get_oldest_tail(r);
			lws_ll_fwd_insert((&c[i]), next, head);
		}
		T("insert 4 -> %d", (int)lws_ring_insert(r, in, 4));
		for (i = 0; i < 3; i++)
			T("  %s waiting %d", c[i].name,
			  (int)lws_ring_get_count_waiting_elements(r, &c[i].tail));

		/* c1 consumes 3: not the only oldest, so nothing freed */
		lws_ring_consume_and_update_oldest_tail(r, struct client,
				&c[1].tail, 3, head, tail, next);
		show_destroyed("c1 consumed 3");
		counts("  ring", r, NULL);
		/* c0 consumes 2 */
		lws_ring_consume_and_update_oldest_tail(r, struct client,
				&c[0].tail, 2, head, tail, next);
		show_destroyed("c0 consumed 2");
		counts("  ring", r, NULL);
		/* c2 consumes 4: oldest moves to c0 */
		lws_ring_consume_and_update_oldest_tail(r, struct client,
				&c[2].tail, 4, head, tail, next);
		show_destroyed("c2 consumed 4");
		counts("  ring", r, NULL);
		for (i = 0; i < 3; i++)
			T("  %s tail %u waiting %d", c[i].name,
			  (unsigned int)c[i].tail,
			  (int)lws_ring_get_count_waiting_elements(r, &c[i].tail));
		T("insert 5 -> %d", (int)lws_ring_insert(r, in + 4, 5));
		counts("  ring", r, NULL);
		for (i = 0; i < 3; i++) {
			memset(out, 0, sizeof(out));
			lws_ring_consume_and_update_oldest_tail(r,
				struct client, &c[i].tail, 10, head, tail, next);
			show_destroyed(c[i].name);
		}
		counts("  all drained", r, NULL);
		lws_ring_destroy(r);
		show_destroyed("destroy");
	}

	/* --- linear insert range + bump_head (as driftnet / raw rx) --- */
	{
		void *start;
		size_t bytes;
		struct lws_ring *rb = lws_ring_create(1, 16, NULL);
		uint32_t bt = 0;
		char cbuf[32];
		int rc;

		CHECK(rb);
		rc = lws_ring_next_linear_insert_range(rb, &start, &bytes);
		T("linear range empty ring(1x16): rc=%d bytes=%d", rc, (int)bytes);
		memcpy(start, "0123456789", 10);
		lws_ring_bump_head(rb, 10);
		counts("bumped 10", rb, &bt);
		n = lws_ring_consume(rb, &bt, cbuf, 6);
		T("consume 6 -> %d", (int)n);
		capi_print_bytes("  got", cbuf, n);
		lws_ring_update_oldest_tail(rb, bt);
		rc = lws_ring_next_linear_insert_range(rb, &start, &bytes);
		T("linear range: rc=%d bytes=%d", rc, (int)bytes);
		memcpy(start, "ABCDEF", bytes < 6 ? bytes : 6);
		lws_ring_bump_head(rb, bytes < 6 ? bytes : 6);
		counts("after second bump", rb, &bt);
		rc = lws_ring_next_linear_insert_range(rb, &start, &bytes);
		T("linear range after wrap: rc=%d bytes=%d", rc, (int)bytes);
		if (!rc && bytes) {
			memcpy(start, "xyz", bytes < 3 ? bytes : 3);
			lws_ring_bump_head(rb, bytes < 3 ? bytes : 3);
		}
		counts("after third bump", rb, &bt);
		memset(cbuf, 0, sizeof(cbuf));
		n = lws_ring_consume(rb, &bt, cbuf, sizeof(cbuf));
		T("consume all -> %d", (int)n);
		capi_print_bytes("  got", cbuf, n);
		lws_ring_update_oldest_tail(rb, bt);
		/* fill completely and ask again */
		while (!lws_ring_next_linear_insert_range(rb, &start, &bytes) &&
		       bytes) {
			memset(start, 'z', bytes);
			lws_ring_bump_head(rb, bytes);
			T("  filled %d", (int)bytes);
		}
		bytes = 12345;
		rc = lws_ring_next_linear_insert_range(rb, &start, &bytes);
		T("linear range when full: rc=%d bytes %s", rc,
		  bytes == 12345 ? "untouched" : "written");
		CHECK_INT(rc, 1);
		counts("full", rb, &bt);
		lws_ring_destroy(rb);
	}

	/* --- create edge cases --- */
	r = lws_ring_create(4, 1, NULL);
	T("ring(1 element): %s", r ? "created" : "NULL");
	if (r) {
		counts("ring(1)", r, NULL);
		T("insert 1 -> %d", (int)lws_ring_insert(r, in, 1));
		lws_ring_destroy(r);
	}
	r = lws_ring_create(4, 2, NULL);
	T("ring(2 elements): %s", r ? "created" : "NULL");
	if (r) {
		counts("ring(2)", r, NULL);
		T("insert 2 -> %d", (int)lws_ring_insert(r, in, 2));
		lws_ring_destroy(r);
	}
	/* note: the oracle's lws_ring_destroy(NULL) crashes; not tested */
	return 0;
}
