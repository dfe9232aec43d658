/*
 * TCP keepalive of accepted connections: the creation info's ka_time,
 * ka_probes and ka_interval, read back with getsockopt() on the socket of
 * the established connection (lws_get_socket_fd).  ka_time 0 leaves
 * keepalive off.
 */
#include <libwebsockets.h>
#include <netinet/tcp.h>
#include "common.h"
#include "wsclient.h"

static void
show(struct lws *wsi)
{
	int fd = lws_get_socket_fd(wsi), v;
	socklen_t l;

	l = sizeof(v);
	getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, &l);
	T("  SO_KEEPALIVE %d", v != 0);
	if (!v)
		return;
	l = sizeof(v);
	getsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, &l);
	T("  TCP_KEEPIDLE %d", v);
	l = sizeof(v);
	getsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, &l);
	T("  TCP_KEEPCNT %d", v);
	l = sizeof(v);
	getsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &v, &l);
	T("  TCP_KEEPINTVL %d", v);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	(void)user;
	(void)in;
	(void)len;
	if (reason == LWS_CALLBACK_ESTABLISHED)
		show(wsi);
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "p", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
run(int time, int probes, int interval)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct wsc c;
	int port;

	T("== ka_time %d ka_probes %d ka_interval %d", time, probes, interval);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.ka_time = time;
	info.ka_probes = probes;
	info.ka_interval = interval;
	ctx = wsc_create_context(&info, &port);
	CHECK(ctx != NULL);
	CHECK_INT(wsc_upgrade(ctx, &c, port, "/", "p", NULL), 101);
	wsc_abort(&c);
	wsc_settle(ctx, NULL, 50);
	lws_context_destroy(ctx);
}

int
main(void)
{
	lws_set_log_level(LLL_ERR, NULL);
	run(0, 0, 0);
	run(7, 3, 2);
	run(30, 5, 10);
	T("done");
	return 0;
}
