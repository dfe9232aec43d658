/*
 * LWS_SERVER_OPTION_GLIB with a foreign GMainLoop (foreign_loops[0]), the
 * way Ardour's websockets surface and many GStreamer / WebRTC programs run
 * lws: nobody calls lws_service; the program runs its GMainLoop on a
 * thread of its own and lws is serviced from it.  Checked:
 *
 * - the protocols start, a ws connection from a plain socket client gets
 *   its upgrade and an echo of its message, a sul timer fires, and
 *   lws_cancel_service from another thread gets EVENT_WAIT_CANCELLED: all
 *   on the loop's thread;
 * - Ardour's shutdown: lws_context_destroy from the main thread while the
 *   loop thread goes on running, then g_main_loop_quit, and the loop
 *   thread is joined (on ours before this was supported, Ardour fell back
 *   to calling lws_service from a glib idle source, which blocks up to
 *   30 s, and its session close hung now and then).
 *
 * glib is loaded with dlopen (the test is built without glib's headers);
 * the library finds it loaded in the process, as it does in a real
 * program.
 */
#include <libwebsockets.h>
#include <dlfcn.h>
#include <pthread.h>
#include "common.h"
#include "wsclient.h"

typedef void GMainLoop;
typedef void GMainContext;
static GMainLoop *(*p_loop_new)(GMainContext *, int);
static void (*p_loop_run)(GMainLoop *);
static void (*p_loop_quit)(GMainLoop *);
static void (*p_loop_unref)(GMainLoop *);
static int (*p_loop_is_running)(GMainLoop *);

static pthread_t loop_tid;
static int loop_started;
static int events_off_loop;	/* callbacks that ran on another thread */
static int in_slow, slow_done;
static int proto_init, established, received, cancelled_on_loop, timer_fired;
static lws_sorted_usec_list_t sul;
static char rx[64];
static size_t rx_len;
static struct lws *echo_wsi;

static void
on_loop_thread(void)
{
	if (__atomic_load_n(&loop_started, __ATOMIC_ACQUIRE) &&
	    !pthread_equal(pthread_self(), loop_tid))
		__atomic_add_fetch(&events_off_loop, 1, __ATOMIC_SEQ_CST);
}

static void
timer_cb(lws_sorted_usec_list_t *s)
{
	(void)s;
	on_loop_thread();
	__atomic_store_n(&timer_fired, pthread_equal(pthread_self(), loop_tid) ? 1 : -1,
			 __ATOMIC_SEQ_CST);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 64];

	(void)user;
	switch (reason) {
	case LWS_CALLBACK_PROTOCOL_INIT:
		on_loop_thread();
		__atomic_add_fetch(&proto_init, 1, __ATOMIC_SEQ_CST);
		break;
	case LWS_CALLBACK_ESTABLISHED:
		on_loop_thread();
		echo_wsi = wsi;
		/* a timer, scheduled on the loop's thread, runs on the loop */
		lws_sul_schedule(lws_get_context(wsi), 0, &sul, timer_cb,
				 50 * LWS_US_PER_MS);
		__atomic_store_n(&established, 1, __ATOMIC_SEQ_CST);
		break;
	case LWS_CALLBACK_RECEIVE:
		on_loop_thread();
		if (len == 4 && !memcmp(in, "slow", 4)) {
			/* a pass that is still running when main destroys */
			__atomic_store_n(&in_slow, 1, __ATOMIC_SEQ_CST);
			usleep(300000);
			__atomic_store_n(&slow_done, 1, __ATOMIC_SEQ_CST);
			break;
		}
		if (len > sizeof(rx))
			len = sizeof(rx);
		memcpy(rx, in, len);
		rx_len = len;
		__atomic_store_n(&received, 1, __ATOMIC_SEQ_CST);
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		on_loop_thread();
		if (rx_len) {
			memcpy(buf + LWS_PRE, rx, rx_len);
			lws_write(wsi, buf + LWS_PRE, rx_len, LWS_WRITE_TEXT);
			rx_len = 0;
		}
		break;
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		if (__atomic_load_n(&loop_started, __ATOMIC_ACQUIRE) &&
		    pthread_equal(pthread_self(), loop_tid))
			__atomic_add_fetch(&cancelled_on_loop, 1, __ATOMIC_SEQ_CST);
		break;
	case LWS_CALLBACK_CLOSED:
		on_loop_thread();
		echo_wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "echo", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void *
loop_thread(void *arg)
{
	p_loop_run((GMainLoop *)arg);
	return NULL;
}

/* waits up to ms for *flag to become nonzero (polling the socket, if any) */
static int
wait_flag(int *flag, struct wsc *c, int ms)
{
	long long end = capi_now_ms() + ms;

	while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST) && capi_now_ms() < end) {
		if (c) {
			struct pollfd pfd = { c->fd, POLLIN, 0 };

			poll(&pfd, 1, 5);
			wsc_read(c);
		} else
			usleep(2000);
	}
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST);
}

static void *
glib_sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	if (!p) {
		fprintf(stderr, "glib has no %s\n", name);
		exit(2);
	}
	return p;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc *c = calloc(1, sizeof(*c));
	struct wsc_rx_frame f;
	struct timespec ts;
	void *foreign[1], *h;
	GMainLoop *loop;
	char req[1024];
	int port, n, hl, got_echo = 0, off_loop;

	CHECK(c);
	h = dlopen("libglib-2.0.so.0", RTLD_NOW | RTLD_GLOBAL);
	if (!h) {
		fprintf(stderr, "cannot load glib: %s\n", dlerror());
		return 2;
	}
	*(void **)&p_loop_new = glib_sym(h, "g_main_loop_new");
	*(void **)&p_loop_run = glib_sym(h, "g_main_loop_run");
	*(void **)&p_loop_quit = glib_sym(h, "g_main_loop_quit");
	*(void **)&p_loop_unref = glib_sym(h, "g_main_loop_unref");
	*(void **)&p_loop_is_running = glib_sym(h, "g_main_loop_is_running");

	lws_set_log_level(LLL_ERR, NULL);
	loop = p_loop_new(NULL, 0);
	CHECK(loop);

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.iface = "127.0.0.1";
	info.options = LWS_SERVER_OPTION_GLIB;
	foreign[0] = loop;
	info.foreign_loops = foreign;
	ctx = wsc_create_context(&info, &port);
	T("context on the foreign GMainLoop: %s", yesno(ctx != NULL));
	capi_check_loaded_library();

	/* the program's loop, on a thread of its own (Ardour's surface thread) */
	CHECK(!pthread_create(&loop_tid, NULL, loop_thread, loop));
	__atomic_store_n(&loop_started, 1, __ATOMIC_RELEASE);

	T("protocols started: %s", yesno(wait_flag(&proto_init, NULL, 5000)));

	/* a ws connection, upgraded and echoed with nobody calling lws_service */
	wsc_connect(c, port);
	n = wsc_format_upgrade(req, sizeof(req), "/", "echo", NULL);
	CHECK(n > 0 && (size_t)n < sizeof(req));
	wsc_send(c, req, (size_t)n);
	{
		long long end = capi_now_ms() + 5000;

		while ((hl = wsc_head_len(c)) < 0 && !c->eof && !c->reset &&
		       capi_now_ms() < end) {
			struct pollfd pfd = { c->fd, POLLIN, 0 };

			poll(&pfd, 1, 5);
			wsc_read(c);
		}
	}
	T("upgrade answered: %s", yesno(hl > 0 && !memcmp(c->buf, "HTTP/1.1 101", 12)));
	CHECK(hl > 0);
	c->pos = (size_t)hl;
	T("ESTABLISHED: %s", yesno(wait_flag(&established, c, 5000)));
	wsc_send_frame(c, 1, 1, "hello glib", 10);
	T("RECEIVE: %s", yesno(wait_flag(&received, c, 5000)));
	{
		long long end = capi_now_ms() + 5000;

		while (!got_echo && capi_now_ms() < end) {
			struct pollfd pfd = { c->fd, POLLIN, 0 };

			if (wsc_next_frame(c, &f)) {
				got_echo = f.opcode == 1 && f.len == 10 &&
					   !memcmp(f.payload, "hello glib", 10);
				break;
			}
			poll(&pfd, 1, 5);
			wsc_read(c);
		}
	}
	T("echo received by the client: %s", yesno(got_echo));
	wait_flag(&timer_fired, NULL, 5000);
	T("sul timer fired on the loop thread: %s", yesno(timer_fired == 1));

	/* lws_cancel_service from this thread wakes the loop's lws */
	__atomic_store_n(&cancelled_on_loop, 0, __ATOMIC_SEQ_CST);
	lws_cancel_service(ctx);
	T("EVENT_WAIT_CANCELLED on the loop thread: %s",
	  yesno(wait_flag(&cancelled_on_loop, NULL, 5000)));

	/* Ardour's stop(): destroy from this thread while the loop runs */
	off_loop = __atomic_load_n(&events_off_loop, __ATOMIC_SEQ_CST);
	if (!capi_on_oracle()) {
		/* ours: a destroy from another thread waits for the pass in
		 * progress on the loop (the oracle frees the context under it:
		 * docs/deviations.md) */
		wsc_send_frame(c, 1, 1, "slow", 4);
		CHECK(wait_flag(&in_slow, c, 5000));
		lws_context_destroy(ctx);
		CHECK(__atomic_load_n(&slow_done, __ATOMIC_SEQ_CST) == 1);
	} else
		lws_context_destroy(ctx);
	T("context destroyed with the loop still running: %s",
	  yesno(p_loop_is_running(loop)));
	p_loop_quit(loop);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	n = pthread_timedjoin_np(loop_tid, NULL, &ts);
	T("loop thread quit and joined: %s", yesno(!n));
	CHECK(!n);
	T("callbacks off the loop thread before the destroy: %d", off_loop);

	/* the client sees the connection end */
	{
		long long end = capi_now_ms() + 5000;

		while (!c->eof && !c->reset && capi_now_ms() < end) {
			struct pollfd pfd = { c->fd, POLLIN, 0 };

			poll(&pfd, 1, 5);
			wsc_read(c);
		}
	}
	T("client connection closed by the destroy: %s", yesno(c->eof || c->reset));
	close(c->fd);
	free(c);
	p_loop_unref(loop);
	return 0;
}
