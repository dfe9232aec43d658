/*
 * lws_callback_on_writable() called from another thread while the service
 * thread is inside lws_service(), as rtpengine 10.5's worker threads and
 * kamailio's lwsc module do (the oracle changes the pollfd and, when the
 * protocol answers GET_THREAD_ID with another thread's id, cancels the
 * service so it polls again).  Found by the consumer suite (issue 17): ours
 * panicked on a RefCell borrowed by both threads, and the context then
 * refused every later lws_service ("called recursively").
 *
 * A worker thread asks for WRITEABLE 3000 times on an established ws
 * connection while the main thread services; then checks that every pass
 * succeeded, WRITEABLE came, the last request was served after the worker
 * stopped, EVENT_WAIT_CANCELLED came, and the connection still works.
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include <pthread.h>
#include "common.h"
#include "wsclient.h"

static struct lws *volatile srv_wsi;
static volatile int writeables, cancels, stop_worker, worker_done;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	(void)user;
	(void)in;
	(void)len;
	switch (reason) {
	case LWS_CALLBACK_GET_THREAD_ID:
		return (int)(long)pthread_self();
	case LWS_CALLBACK_ESTABLISHED:
		srv_wsi = wsi;
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		__atomic_add_fetch(&writeables, 1, __ATOMIC_SEQ_CST);
		break;
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		__atomic_add_fetch(&cancels, 1, __ATOMIC_SEQ_CST);
		break;
	case LWS_CALLBACK_RECEIVE:
		/* echo, from the service thread */
		{
			unsigned char b[LWS_PRE + 64];

			if (len > 64)
				len = 64;
			memcpy(b + LWS_PRE, in, len);
			lws_write(wsi, b + LWS_PRE, len, LWS_WRITE_TEXT);
		}
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "p", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void *
worker(void *a)
{
	int i;

	(void)a;
	for (i = 0; i < 3000 && !stop_worker; i++) {
		lws_callback_on_writable(srv_wsi);
		if (!(i % 50))
			usleep(200);
	}
	__atomic_store_n(&worker_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* one request, once the service thread is (very likely) waiting in poll */
static void *
worker_once(void *a)
{
	(void)a;
	usleep(100000);
	lws_callback_on_writable(srv_wsi);
	return NULL;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	pthread_t t;
	int port, failed_passes = 0, before, got_after = 0, n;
	int64_t t0;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_init(&c);
	T("upgrade: %d", wsc_upgrade(ctx, &c, port, "/", "p", NULL));
	wsc_settle(ctx, &c, 50);
	CHECK(srv_wsi);

	CHECK(!pthread_create(&t, NULL, worker, NULL));
	t0 = capi_now_ms();
	while (!__atomic_load_n(&worker_done, __ATOMIC_SEQ_CST) && capi_now_ms() - t0 < 60000)
		if (lws_service(ctx, -1) < 0)
			failed_passes++;
	stop_worker = 1;
	pthread_join(t, NULL);
	before = __atomic_load_n(&writeables, __ATOMIC_SEQ_CST);
	/* one more request from a thread that is not the service thread,
	 * while the service waits: it must be woken and serve it */
	wsc_settle(ctx, &c, 50);
	before = __atomic_load_n(&writeables, __ATOMIC_SEQ_CST);
	CHECK(!pthread_create(&t, NULL, worker_once, NULL));
	t0 = capi_now_ms();
	while (capi_now_ms() - t0 < 3000) {
		if (lws_service(ctx, 0) < 0)
			failed_passes++;
		if (__atomic_load_n(&writeables, __ATOMIC_SEQ_CST) > before) {
			got_after = capi_now_ms() - t0 < 3000;
			break;
		}
	}
	pthread_join(t, NULL);
	T("lws_service passes that failed: %d", failed_passes);
	T("WRITEABLE during the worker's requests: %s", yesno(before > 0));
	T("WRITEABLE for a request made while the service waited: %s", yesno(got_after));
	T("EVENT_WAIT_CANCELLED delivered: %s", yesno(cancels > 0));
	/* the connection still works: an echo */
	wsc_send_frame(&c, 1, 1, "ping", 4);
	n = wsc_pump(ctx, &c, WSC_UNTIL_LEN, c.pos + 6);
	(void)n;
	wsc_print_rx(&c, "echo");
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 50);
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
