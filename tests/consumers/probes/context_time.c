/*
 * How long lws_create_context() takes: a client-only context
 * (CONTEXT_PORT_NO_LISTEN) and a server context on an ephemeral port,
 * each made and destroyed N times.  Prints the median, in ms.
 */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct lws_protocols prots[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(int port, uint64_t options, int n)
{
	struct lws_context_creation_info info;
	double t[64];
	int i;

	for (i = 0; i < n; i++) {
		memset(&info, 0, sizeof(info));
		info.port = port;
		info.protocols = prots;
		info.options = options;
		double t0 = now_ms();
		struct lws_context *c = lws_create_context(&info);
		t[i] = now_ms() - t0;
		if (!c)
			return -1;
		lws_context_destroy(c);
	}
	qsort(t, (size_t)n, sizeof(t[0]), cmp);
	return t[n / 2];
}

int
main(void)
{
	lws_set_log_level(LLL_ERR, NULL);
	printf("lws_create_context, client only: median %.3f ms\n",
	       median(CONTEXT_PORT_NO_LISTEN, 0, 15));
	printf("lws_create_context, client only, DO_SSL_GLOBAL_INIT: median %.3f ms\n",
	       median(CONTEXT_PORT_NO_LISTEN, LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT, 15));
	printf("lws_create_context, server (ephemeral port): median %.3f ms\n",
	       median(0, 0, 15));
	return 0;
}
