/*
 * lws_cancel_service from another thread wakes a service loop blocked in
 * lws_service / lws_service_tsi, which then delivers
 * LWS_CALLBACK_EVENT_WAIT_CANCELLED to every protocol of every vhost;
 * several cancels before the loop runs collapse into one round.  Printed:
 * per-protocol counts after each step, and whether the blocked call came
 * back well before its natural wake-up (a no-timer service waits ~30 s).
 */
#include <libwebsockets.h>
#include <pthread.h>
#include <time.h>
#include "common.h"

static int cancelled[2][3];	/* [vhost][protocol] */

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	const struct lws_protocols *p = lws_get_protocol(wsi);
	struct lws_vhost *vh = lws_get_vhost(wsi);
	int v, i;

	(void)user;
	(void)in;
	(void)len;
	if (reason != LWS_CALLBACK_EVENT_WAIT_CANCELLED || !p || !vh)
		return 0;
	v = !strcmp(lws_get_vhost_name(vh), "two");
	i = p->name[1] - '0';
	if (i >= 0 && i < 3)
		cancelled[v][i]++;
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "p0", cb, 0, 0, 0, NULL, 0 },
	{ "p1", cb, 0, 0, 0, NULL, 0 },
	{ "p2", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

struct job {
	struct lws_context *ctx;
	int count;
};

static void *
canceller(void *arg)
{
	struct job *j = arg;
	struct timespec d = { 0, 200 * 1000 * 1000 };
	int n;

	nanosleep(&d, NULL);
	for (n = 0; n < j->count; n++)
		lws_cancel_service(j->ctx);
	return NULL;
}

static void
show(const char *step)
{
	T("%s: one p0=%d p1=%d p2=%d, two p0=%d p1=%d p2=%d", step,
	  cancelled[0][0], cancelled[0][1], cancelled[0][2],
	  cancelled[1][0], cancelled[1][1], cancelled[1][2]);
}

static void
blocked_service(struct lws_context *ctx, int count, int tsi, const char *what)
{
	struct job j = { ctx, count };
	pthread_t t;
	long long t0;
	int r;

	CHECK(!pthread_create(&t, NULL, canceller, &j));
	t0 = capi_now_ms();
	r = tsi ? lws_service_tsi(ctx, 0, 0) : lws_service(ctx, 0);
	T("%s returned %d, woken by the cancel: %s", what, r,
	  yesno(capi_now_ms() - t0 < 10000));
	pthread_join(t, NULL);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	ctx = lws_create_context(&info);
	CHECK(ctx != NULL);
	info.protocols = prots;
	info.vhost_name = "one";
	CHECK(lws_create_vhost(ctx, &info) != NULL);
	info.vhost_name = "two";
	CHECK(lws_create_vhost(ctx, &info) != NULL);

	/* the first pass initialises the protocols */
	lws_cancel_service(ctx);
	lws_service(ctx, 0);
	show("after the first service");

	blocked_service(ctx, 1, 0, "lws_service");
	show("after one cancel");

	blocked_service(ctx, 3, 1, "lws_service_tsi");
	show("after three cancels");

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
