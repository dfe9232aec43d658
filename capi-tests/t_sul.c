/*
 * lws_sul_*: timers on a no-listen context, driven by lws_service(ctx, 0).
 * Firing order for different and equal delays, cancel, reschedule (moves
 * the timer), scheduling from inside a sul callback, cancel of a sul that
 * was never scheduled, LWS_SET_TIMER_USEC_CANCEL as the delay.
 * Only the order is printed, never times.
 */
#include <libwebsockets.h>
#include <time.h>
#include "common.h"

struct tmr {
	lws_sorted_usec_list_t sul;
	const char *name;
	int fired;
};

static struct lws_context *ctx;
static struct tmr t[10];
static int fired_total, repeats;
static char order[256];
static int eq_seq[3], eq_n;

static void
note(const char *name)
{
	size_t l = strlen(order);

	lws_snprintf(order + l, sizeof(order) - l, "%s%s", l ? " " : "", name);
}

static void
cb(lws_sorted_usec_list_t *sul)
{
	struct tmr *m = lws_container_of(sul, struct tmr, sul);

	m->fired++;
	fired_total++;
	if (m >= &t[3] && m <= &t[5]) {
		/*
		 * equal delays: whether their deadlines are equal depends on
		 * how fast they were scheduled, so print only "eq" and check
		 * the exact order separately
		 */
		if (eq_n < 3)
			eq_seq[eq_n] = (int)(m - &t[3]);
		eq_n++;
		note("eq");
		T("fired eq (detached from list: %s)",
		  yesno(lws_dll2_is_detached(&sul->list)));
		return;
	}
	note(m->name);
	T("fired %s (detached from list: %s)", m->name,
	  yesno(lws_dll2_is_detached(&sul->list)));
}

/* reschedules itself twice, and on the first run schedules "child" */
static void
cb_repeat(lws_sorted_usec_list_t *sul)
{
	struct tmr *m = lws_container_of(sul, struct tmr, sul);

	m->fired++;
	fired_total++;
	note(m->name);
	T("fired %s #%d", m->name, m->fired);
	if (m->fired == 1)
		lws_sul_schedule(ctx, 0, &t[9].sul, cb, 1 * LWS_US_PER_MS);
	if (++repeats < 3)
		lws_sul_schedule(ctx, 0, sul, cb_repeat, 15 * LWS_US_PER_MS);
}

/*
 * Unprinted 5ms tick: lws_service() waits in poll until the next timer is
 * due (or a long default), so without it the service call that fires the
 * last timer of a round would block for the default wait.
 */
static lws_sorted_usec_list_t tick;

static void
cb_tick(lws_sorted_usec_list_t *sul)
{
	lws_sul_schedule(ctx, 0, sul, cb_tick, 5 * LWS_US_PER_MS);
}

static int
cb_proto(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	 void *in, size_t len)
{
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "sul-test", cb_proto, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
run_until(int want, const char *label)
{
	long long deadline = capi_now_ms() + 5000;

	while (fired_total < want && capi_now_ms() < deadline)
		lws_service(ctx, 0);
	T("%s: fired %d order [%s]", label, fired_total, order);
	CHECK_INT(fired_total, want);
	order[0] = '\0';
	fired_total = 0;
}

int
main(void)
{
	static const char *names[] = { "t0", "t1", "t2", "t3", "t4", "t5",
				       "t6", "t7", "rep", "child" };
	struct lws_context_creation_info info;
	lws_sorted_usec_list_t never;
	lws_usec_t eq_us[3];
	int want[3], i, j, k;
	int n;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	ctx = lws_create_context(&info);
	CHECK(ctx);

	memset(t, 0, sizeof(t));
	for (n = 0; n < 10; n++)
		t[n].name = names[n];

	/* cancel of a never-scheduled (zeroed) sul is harmless */
	memset(&never, 0, sizeof(never));
	lws_sul_cancel(&never);
	T("cancel unscheduled: ok, detached %s",
	  yesno(lws_dll2_is_detached(&never.list)));

	/* different delays, scheduled out of order */
	lws_sul_schedule(ctx, 0, &t[0].sul, cb, 60 * LWS_US_PER_MS);
	lws_sul_schedule(ctx, 0, &t[1].sul, cb, 20 * LWS_US_PER_MS);
	lws_sul_schedule(ctx, 0, &t[2].sul, cb, 40 * LWS_US_PER_MS);
	/* equal delays: scheduled in order t3, t4, t5 */
	lws_sul_schedule(ctx, 0, &t[3].sul, cb, 80 * LWS_US_PER_MS);
	lws_sul_schedule(ctx, 0, &t[4].sul, cb, 80 * LWS_US_PER_MS);
	lws_sul_schedule(ctx, 0, &t[5].sul, cb, 80 * LWS_US_PER_MS);
	for (n = 0; n < 3; n++)
		eq_us[n] = t[3 + n].sul.us;
	/* zero delay */
	lws_sul_schedule(ctx, 0, &t[6].sul, cb, 0);
	/* t7 scheduled then cancelled */
	lws_sul_schedule(ctx, 0, &t[7].sul, cb, 10 * LWS_US_PER_MS);
	T("t7 attached after schedule: %s", yesno(!lws_dll2_is_detached(&t[7].sul.list)));
	lws_sul_cancel(&t[7].sul);
	T("t7 detached after cancel: %s", yesno(lws_dll2_is_detached(&t[7].sul.list)));
	/* cancel twice is harmless */
	lws_sul_cancel(&t[7].sul);
	/* t1 rescheduled later: moves, does not fire twice */
	lws_sul_schedule(ctx, 0, &t[1].sul, cb, 100 * LWS_US_PER_MS);
	/* t2 "cancelled" through LWS_SET_TIMER_USEC_CANCEL */
	lws_sul_schedule(ctx, 0, &t[2].sul, cb, LWS_SET_TIMER_USEC_CANCEL);
	T("t2 detached after schedule(CANCEL): %s",
	  yesno(lws_dll2_is_detached(&t[2].sul.list)));

	memset(&tick, 0, sizeof(tick));
	lws_sul_schedule(ctx, 0, &tick, cb_tick, 5 * LWS_US_PER_MS);
	run_until(6, "round 1");
	for (n = 0; n < 8; n++)
		T("  %s fired %d", t[n].name, t[n].fired);
	/*
	 * The equal-delay timers fire by deadline; among equal deadlines the
	 * one scheduled last fires first.
	 */
	for (n = 0; n < 3; n++)
		want[n] = n;
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (eq_us[want[j]] < eq_us[want[i]] ||
			    (eq_us[want[j]] == eq_us[want[i]] && want[j] > want[i])) {
				k = want[i];
				want[i] = want[j];
				want[j] = k;
			}
	CHECK_INT(eq_n, 3);
	for (n = 0; n < 3; n++)
		CHECK_INT(eq_seq[n], want[n]);
	T("equal-delay timers fired by deadline, ties newest first: yes");
	CHECK_INT(t[1].fired, 1);
	CHECK_INT(t[2].fired, 0);
	CHECK_INT(t[7].fired, 0);

	/* scheduling from inside callbacks */
	lws_sul_schedule(ctx, 0, &t[8].sul, cb_repeat, 5 * LWS_US_PER_MS);
	run_until(4, "round 2");
	CHECK_INT(t[8].fired, 3);
	CHECK_INT(t[9].fired, 1);

	lws_sul_cancel(&tick);
	T("tick detached after cancel: %s", yesno(lws_dll2_is_detached(&tick.list)));

	/* a pending timer at context destroy does not fire */
	lws_sul_schedule(ctx, 0, &t[0].sul, cb, 10 * LWS_US_PER_SEC);
	lws_context_destroy(ctx);
	T("destroyed with pending timer, fired %d", fired_total);
	CHECK_INT(fired_total, 0);
	return 0;
}
