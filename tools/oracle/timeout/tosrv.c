/* Oracle probe for the server-side waits governed by timeout_secs.
 * gcc tosrv.c -o tosrv -lwebsockets
 * args: timeout_secs timeout_secs_ah_idle keepalive_timeout (0 = default)
 * Prints "LISTENING <port>", then one line per close with the seconds since
 * the connection was created. HTTP URIs: /hang (never answered),
 * /ok (answered, transaction completed), anything else: http dummy.
 * ws protocol "ws": message "CR" sets a close reason and returns -1
 * (the close frame is sent; the test never acks it); "HTTPTO" nothing. */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>
#include <time.h>

static int interrupted;
struct pss { struct timespec t0; };

static double since(struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static struct timespec last_create;
static int no_answer;

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	unsigned char buf[LWS_PRE + 512], *start = buf + LWS_PRE, *p = start, *end = buf + sizeof buf;

	switch (reason) {
	case LWS_CALLBACK_WSI_CREATE:
		clock_gettime(CLOCK_MONOTONIC, &last_create);
		printf("CREATE\n");
		break;
	case LWS_CALLBACK_CLOSED:
	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_WSI_DESTROY:
		printf("CB %d after %.1f s\n", (int)reason, since(&last_create));
		break;
	case LWS_CALLBACK_HTTP:
		printf("HTTP %s\n", (char *)in);
		no_answer = !strcmp(in, "/postnoanswer");
		if (no_answer)
			return 0;
		if (!strcmp(in, "/hang"))
			return 0;
		if (!strcmp(in, "/headonly") || !strcmp(in, "/stream")) {
			if (lws_add_http_common_headers(wsi, 200, "text/plain",
					LWS_ILLEGAL_HTTP_CONTENT_LEN, &p, end))
				return 1;
			if (lws_finalize_write_http_header(wsi, start, &p, end))
				return 1;
			if (!strcmp(in, "/stream"))
				lws_set_timer_usecs(wsi, 1000000);
			return 0;
		}
		if (!strcmp(in, "/ok") || !strcmp(in, "/post")) {
			if (!strcmp(in, "/post"))
				return 0;
			if (lws_add_http_common_headers(wsi, 200, "text/plain", 2, &p, end))
				return 1;
			if (lws_finalize_write_http_header(wsi, start, &p, end))
				return 1;
			lws_callback_on_writable(wsi);
			return 0;
		}
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	case LWS_CALLBACK_HTTP_BODY:
		printf("BODY %zu\n", len);
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		printf("BODY_COMPLETION\n");
		if (no_answer)
			return 0;
		return lws_return_http_status(wsi, 200, "ok") ? -1 : lws_http_transaction_completed(wsi);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		memcpy(start, "ok", 2);
		if (lws_write(wsi, start, 2, LWS_WRITE_HTTP_FINAL) != 2)
			return 1;
		return lws_http_transaction_completed(wsi) ? -1 : 0;
	case LWS_CALLBACK_TIMER:
		memcpy(start, "x", 1);
		lws_write(wsi, start, 1, LWS_WRITE_HTTP);
		lws_set_timer_usecs(wsi, 1000000);
		return 0;
	case LWS_CALLBACK_ESTABLISHED:
		printf("ESTABLISHED\n");
		break;
	case LWS_CALLBACK_RECEIVE:
		if (len == 2 && !memcmp(in, "CR", 2)) {
			lws_close_reason(wsi, 4000, (unsigned char *)"bye", 3);
			return -1;
		}
		break;
	default:
		return lws_callback_http_dummy(wsi, reason, user, in, len);
	}
	fflush(stdout);
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "http", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ "ws", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void sigint(int s) { (void)s; interrupted = 1; }

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;

	memset(&info, 0, sizeof info);
	signal(SIGINT, sigint);
	signal(SIGTERM, sigint);
	setvbuf(stdout, NULL, _IOLBF, 0);
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	info.port = 0;
	info.protocols = protocols;
	info.timeout_secs = argc > 1 ? atoi(argv[1]) : 0;
	info.timeout_secs_ah_idle = argc > 2 ? atoi(argv[2]) : 0;
	info.keepalive_timeout = argc > 3 ? atoi(argv[3]) : 0;
	ctx = lws_create_context(&info);
	if (!ctx) { printf("create failed\n"); return 1; }
	printf("LISTENING %d\n", lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default")));
	while (!interrupted && lws_service(ctx, 0) >= 0);
	lws_context_destroy(ctx);
	return 0;
}
