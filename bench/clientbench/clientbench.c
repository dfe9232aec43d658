/*
 * Client-side benchmark: the libwebsockets client under test against one
 * fixed echo server (examples-c/ws-echo-server, "lws-echo" subprotocol).
 *
 *   clientbench -p PORT -m conns  -d SECS   connections/s: connect, ws
 *                                           handshake, close handshake
 *                                           (1000), one at a time, for SECS
 *                                           seconds
 *   clientbench -p PORT -m echo -d SECS [-s SIZE] [-c CONNS]
 *                                           echo msgs/s: CONNS connections,
 *                                           each sends SIZE bytes, waits for
 *                                           the echo, sends the next
 *
 * prints "mode=... n=... secs=... per_s=... errors=..."
 */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct lws_context *ctx;
static int port = 7681, size = 20, conns = 1, echo_mode, errors, open_conns;
static int finished, established_once, closed_once;
static long long count;
static double t_end;
static unsigned char *msg;

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_one(void);

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	size_t *got = (size_t *)user;

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		errors++;
		open_conns--;
		closed_once = 1;
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (!echo_mode)
			count++;
		*got = 0;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (!echo_mode) {
			/* a clean close: our close frame, the server's echo */
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
			return -1;
		}
		if (now() >= t_end)
			return -1;
		if (lws_write(wsi, msg + LWS_PRE, (size_t)size, LWS_WRITE_BINARY) < size)
			return -1;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		*got += len;
		if (*got >= (size_t)size) {
			*got = 0;
			count++;
			lws_callback_on_writable(wsi);
		}
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		open_conns--;
		closed_once = 1;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protos[] = {
	{ "lws-echo", cb, sizeof(size_t), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static int
connect_one(void)
{
	struct lws_client_connect_info i;
	static char host[64];

	snprintf(host, sizeof(host), "127.0.0.1:%d", port);
	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.address = "127.0.0.1";
	i.port = port;
	i.path = "/";
	i.host = host;
	i.origin = host;
	i.protocol = "lws-echo";
	if (!lws_client_connect_via_info(&i)) {
		errors++;
		return 1;
	}
	open_conns++;
	return 0;
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	double secs = 3, t0;
	int n;

	for (n = 1; n < argc - 1; n++) {
		if (!strcmp(argv[n], "-p")) port = atoi(argv[++n]);
		else if (!strcmp(argv[n], "-m")) echo_mode = !strcmp(argv[++n], "echo");
		else if (!strcmp(argv[n], "-d")) secs = atof(argv[++n]);
		else if (!strcmp(argv[n], "-s")) size = atoi(argv[++n]);
		else if (!strcmp(argv[n], "-c")) conns = atoi(argv[++n]);
	}
	msg = calloc(1, LWS_PRE + (size_t)size);
	memset(msg + LWS_PRE, 'x', (size_t)size);
	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	ctx = lws_create_context(&info);
	if (!ctx)
		return 1;

	t0 = now();
	t_end = t0 + secs;
	if (echo_mode) {
		for (n = 0; n < conns; n++)
			connect_one();
		while (open_conns > 0 && errors < 100)
			lws_service(ctx, 0);
	} else {
		while (now() < t_end && errors < 100) {
			closed_once = 0;
			if (connect_one())
				break;
			while (!closed_once)
				lws_service(ctx, 0);
		}
	}
	t0 = now() - t0;
	printf("mode=%s n=%lld secs=%.3f per_s=%.0f errors=%d\n",
	       echo_mode ? "echo" : "conns", count, t0, (double)count / t0, errors);
	lws_context_destroy(ctx);
	free(msg);
	(void)finished; (void)established_once;
	return errors ? 1 : 0;
}
