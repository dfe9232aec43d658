/*
 * lws_dll2_* and the list macros: ordering after every kind of insertion,
 * owner/count bookkeeping, removal during iteration, early stop, search.
 */
#include <libwebsockets.h>
#include <stddef.h>
#include "common.h"

struct item {
	lws_dll2_t list;
	const char *name;
	int key;
};

static struct item items[8];

static struct item *
it(lws_dll2_t *d)
{
	return lws_container_of(d, struct item, list);
}

static void
dump(const char *label, lws_dll2_owner_t *o)
{
	lws_dll2_t *d, *prev = NULL;
	unsigned int n = 0;

	printf("%s: count=%u [", label, (unsigned int)o->count);
	for (d = lws_dll2_get_head(o); d; d = d->next) {
		/* structural invariants, checked on every dump */
		CHECK(d->owner == o);
		CHECK(d->prev == prev);
		printf("%s%s", n ? " " : "", it(d)->name);
		prev = d;
		n++;
	}
	printf("]\n");
	CHECK(lws_dll2_get_tail(o) == prev);
	CHECK(n == o->count);
}

static void
reset(lws_dll2_owner_t *o)
{
	static const char *names[] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	int n;

	memset(o, 0, sizeof(*o));
	memset(items, 0, sizeof(items));
	for (n = 0; n < 8; n++) {
		items[n].name = names[n];
		CHECK(lws_dll2_is_detached(&items[n].list));
	}
}

static int
cmp_key(const lws_dll2_t *a, const lws_dll2_t *b)
{
	return lws_container_of(a, struct item, list)->key -
	       lws_container_of(b, struct item, list)->key;
}

static int
cb_log(struct lws_dll2 *d, void *user)
{
	int *calls = (int *)user;

	(*calls)++;
	T("  visit %s", it(d)->name);
	return 0;
}

static int
cb_remove_even(struct lws_dll2 *d, void *user)
{
	struct item *i = it(d);

	(void)user;
	T("  visit %s%s", i->name, (i - items) % 2 ? "" : " (removing)");
	if (!((i - items) % 2))
		lws_dll2_remove(d);
	return 0;
}

static int
cb_stop_at_c(struct lws_dll2 *d, void *user)
{
	(void)user;
	T("  visit %s", it(d)->name);
	return !strcmp(it(d)->name, "c") ? 7 : 0;
}

static int
cb_remove_all(struct lws_dll2 *d, void *user)
{
	(void)user;
	lws_dll2_remove(d);
	return 0;
}

/* singly-linked list for the ll macros */
struct sll {
	struct sll *next;
	int v;
};

static void
dump_sll(const char *label, struct sll *head)
{
	printf("%s:", label);
	lws_start_foreach_ll(struct sll *, p, head) {
		printf(" %d", p->v);
	} lws_end_foreach_ll(p, next);
	printf("\n");
}

int
main(void)
{
	lws_dll2_owner_t o, o2;
	int n, calls;

	/* add_tail / add_head */
	reset(&o);
	dump("empty", &o);
	CHECK(!lws_dll2_get_head(&o) && !lws_dll2_get_tail(&o));
	lws_dll2_add_tail(&items[0].list, &o);
	dump("tail a", &o);
	lws_dll2_add_tail(&items[1].list, &o);
	lws_dll2_add_head(&items[2].list, &o);
	lws_dll2_add_tail(&items[3].list, &o);
	lws_dll2_add_head(&items[4].list, &o);
	dump("tail b, head c, tail d, head e", &o);
	CHECK(lws_dll2_owner(&items[0].list) == &o);
	CHECK(!lws_dll2_is_detached(&items[0].list));

	/* remove head, tail, middle, detached */
	lws_dll2_remove(&items[4].list);
	dump("remove e (head)", &o);
	CHECK(lws_dll2_is_detached(&items[4].list));
	T("removed prev/next/owner NULL: %s",
	  yesno(!items[4].list.prev && !items[4].list.next && !items[4].list.owner));
	lws_dll2_remove(&items[3].list);
	dump("remove d (tail)", &o);
	lws_dll2_remove(&items[0].list);
	dump("remove a (middle)", &o);
	lws_dll2_remove(&items[0].list);
	dump("remove a again (detached: no-op)", &o);
	lws_dll2_remove(&items[1].list);
	lws_dll2_remove(&items[2].list);
	dump("remove b, c", &o);
	CHECK(!o.head && !o.tail);

	/* add_before */
	reset(&o);
	lws_dll2_add_tail(&items[0].list, &o);
	lws_dll2_add_tail(&items[1].list, &o);
	lws_dll2_add_before(&items[2].list, &items[0].list);
	dump("a b, c before a", &o);
	lws_dll2_add_before(&items[3].list, &items[1].list);
	dump("d before b", &o);
	lws_dll2_add_before(&items[4].list, &items[1].list);
	dump("e before b", &o);

	/* add_sorted, with ties */
	reset(&o);
	items[0].key = 5;  items[1].key = 3; items[2].key = 5;
	items[3].key = 1;  items[4].key = 9; items[5].key = 3;
	items[6].key = 9;  items[7].key = 0;
	for (n = 0; n < 8; n++) {
		char lbl[40];

		lws_dll2_add_sorted(&items[n].list, &o, cmp_key);
		snprintf(lbl, sizeof(lbl), "sorted +%s(%d)", items[n].name,
			     items[n].key);
		dump(lbl, &o);
	}

	/* foreach_safe: plain, removal during iteration, early stop */
	calls = 0;
	T("foreach all -> %d", lws_dll2_foreach_safe(&o, &calls, cb_log));
	T("calls %d", calls);
	T("foreach removing even-index items -> %d",
	  lws_dll2_foreach_safe(&o, NULL, cb_remove_even));
	dump("after removal in foreach", &o);
	reset(&o);
	for (n = 0; n < 6; n++)
		lws_dll2_add_tail(&items[n].list, &o);
	T("foreach stop at c -> %d", lws_dll2_foreach_safe(&o, NULL, cb_stop_at_c));
	calls = 0;
	memset(&o2, 0, sizeof(o2));
	T("foreach on empty -> %d calls %d",
	  lws_dll2_foreach_safe(&o2, &calls, cb_log), calls);
	T("foreach removing all -> %d",
	  lws_dll2_foreach_safe(&o, NULL, cb_remove_all));
	dump("after removing all", &o);

	/* lws_start_foreach_dll_safe with removal */
	reset(&o);
	for (n = 0; n < 5; n++)
		lws_dll2_add_tail(&items[n].list, &o);
	lws_start_foreach_dll_safe(struct lws_dll2 *, d, d1,
				   lws_dll2_get_head(&o)) {
		if (!strcmp(it(d)->name, "b") || !strcmp(it(d)->name, "e"))
			lws_dll2_remove(d);
	} lws_end_foreach_dll_safe(d, d1);
	dump("foreach_dll_safe removed b, e", &o);
	printf("foreach_dll:");
	lws_start_foreach_dll(struct lws_dll2 *, d, lws_dll2_get_head(&o)) {
		printf(" %s", it(d)->name);
	} lws_end_foreach_dll(d);
	printf("\n");

	/* owner_clear detaches everything */
	lws_dll2_owner_clear(&o);
	dump("owner_clear", &o);
	T("a detached after owner_clear: %s", yesno(lws_dll2_is_detached(&items[0].list)));
	T("c detached after owner_clear: %s", yesno(lws_dll2_is_detached(&items[2].list)));

	/* lws_dll2_clear zeroes the element */
	memset(&items[0].list, 0x55, sizeof(items[0].list));
	lws_dll2_clear(&items[0].list);
	T("dll2_clear zeroed: %s",
	  yesno(!items[0].list.prev && !items[0].list.next && !items[0].list.owner));

	/* search by name */
	reset(&o);
	items[0].name = "alpha";
	items[1].name = "beta";
	items[2].name = "alphabet";
	items[3].name = "gamma";
	for (n = 0; n < 4; n++)
		lws_dll2_add_tail(&items[n].list, &o);
	{
		static const char *q[] = { "alpha", "beta", "alphabet", "gamma",
					   "alp", "delta", "" };
		struct item *r;

		for (n = 0; n < (int)(sizeof(q) / sizeof(q[0])); n++) {
			r = lws_dll2_search_sz_pl(&o, q[n], strlen(q[n]),
						  struct item, list, name);
			T("search \"%s\" -> %s", q[n], r ? r->name : "NULL");
			if (r)
				CHECK(!strcmp(r->name, q[n]));
		}
		/* namelen shorter than the query string: compares prefix */
		r = lws_dll2_search_sz_pl(&o, "alphaXYZ", 5, struct item,
					  list, name);
		T("search \"alphaXYZ\"/5 -> %s", r ? r->name : "NULL");
		memset(&o2, 0, sizeof(o2));
		r = lws_dll2_search_sz_pl(&o2, "alpha", 5, struct item,
					  list, name);
		T("search empty owner -> %s", r ? r->name : "NULL");
	}

	/* singly linked list macros */
	{
		struct sll s[5], *head = NULL;

		for (n = 0; n < 5; n++) {
			s[n].v = n;
			s[n].next = NULL;
			lws_ll_fwd_insert((&s[n]), next, head);
		}
		dump_sll("ll after 5 fwd_insert", head);
		lws_ll_fwd_remove(struct sll, next, (&s[2]), head);
		dump_sll("ll remove 2", head);
		lws_ll_fwd_remove(struct sll, next, (&s[4]), head);
		dump_sll("ll remove 4 (head)", head);
		lws_ll_fwd_remove(struct sll, next, (&s[0]), head);
		dump_sll("ll remove 0 (tail)", head);
		lws_ll_fwd_remove(struct sll, next, (&s[0]), head);
		dump_sll("ll remove 0 again", head);

		/* llp: unlink value 3 via pointer-to-pointer */
		lws_start_foreach_llp(struct sll **, pp, head) {
			if ((*pp)->v == 3) {
				*pp = (*pp)->next;
				break;
			}
		} lws_end_foreach_llp(pp, next);
		dump_sll("llp unlink 3", head);

		head = NULL;
		for (n = 0; n < 5; n++) {
			s[n].next = NULL;
			lws_ll_fwd_insert((&s[n]), next, head);
		}
		/* llp_safe: unlink all odd values */
		lws_start_foreach_llp_safe(struct sll **, pp, head, next) {
			if ((*pp)->v & 1) {
				*pp = (*pp)->next;
				next = pp;
			}
		} lws_end_foreach_llp_safe(pp);
		dump_sll("llp_safe unlink odd", head);

		calls = 0;
		lws_start_foreach_ll_safe(struct sll *, p, head, next) {
			p->next = NULL; /* safe variant: already fetched next */
			calls++;
		} lws_end_foreach_ll_safe(p);
		T("ll_safe visited %d", calls);
	}

	T("done");
	return 0;
}
