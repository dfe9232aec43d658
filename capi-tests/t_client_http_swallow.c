/*
 * HTTP client without a protocol named in the connect info: the oracle
 * swallows the body (no RECEIVE_CLIENT_HTTP_READ) and logs a notice
 * "lws_http_client_read: swallowed read (N)" per piece, N the bytes of
 * that piece: at most the caller's buffer (1024 here), the rest of the
 * body at the end.  Bodies of 2500 and 37 bytes, each written by the
 * scripted server in one write.  (Upstream's test-client, run by the
 * consumer suite, showed ours logging the buffer size for every piece.)
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void
serve(int lfd)
{
	char req[2048], resp[4096];
	int n;

	for (n = 0; n < 2; n++) {
		int len = n ? 37 : 2500, h, fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			_exit(2);
		cu_read_head(fd, req, sizeof(req));
		h = snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n"
			     "Content-Length: %d\r\n\r\n", len);
		memset(resp + h, 'b', (size_t)len);
		cu_wr(fd, resp, (size_t)h + (size_t)len);
		/* the head was read whole: a plain FIN, the body stays intact */
		close(fd);
	}
}

static int done, reads, completed;
static char logged[16][80];
static int nlogged;

static void
emit(int level, const char *line)
{
	const char *p = strstr(line, "swallowed read");

	(void)level;
	if (p && nlogged < 16) {
		size_t l = strcspn(p, "\n");

		if (l > sizeof(logged[0]) - 1)
			l = sizeof(logged[0]) - 1;
		memcpy(logged[nlogged], p, l);
		logged[nlogged++][l] = '\0';
	}
}

static int
cb(struct lws *wsi, enum lws_callback_reasons r, void *u, void *in, size_t len)
{
	switch (r) {
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		return cu_http_read(wsi) < 0 ? -1 : 0;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		reads++;
		break;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		completed++;
		done = 1;
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		done = 1;
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, r, u, in, len);
}

static struct lws_protocols protos[] = {
	{ "cli", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_client_connect_info ci;
	struct lws_context *ctx;
	int lfd, port, n, i;
	pid_t child;

	signal(SIGPIPE, SIG_IGN);
	lfd = cu_listen(&port);
	fflush(stdout);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
		alarm(20);	/* ends by itself if the client side failed */
		serve(lfd);
		_exit(0);
	}
	close(lfd);

	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE, emit);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	for (n = 0; n < 2; n++) {
		T("GET, %d-byte body, no protocol named", n ? 37 : 2500);
		done = reads = completed = nlogged = 0;
		memset(&ci, 0, sizeof(ci));
		ci.context = ctx;
		ci.address = "127.0.0.1";
		ci.port = port;
		ci.path = "/";
		ci.host = "127.0.0.1";
		ci.origin = "127.0.0.1";
		ci.method = "GET";
		CHECK(lws_client_connect_via_info(&ci));
		CHECK(cu_service_until(ctx, &done, 5000));
		cu_settle(ctx, 50);
		for (i = 0; i < nlogged; i++)
			T("  notice: %s", logged[i]);
		T("  RECEIVE_CLIENT_HTTP_READ: %d, COMPLETED_CLIENT_HTTP: %d", reads, completed);
		CHECK_INT(reads, 0);
		CHECK_INT(nlogged, n ? 1 : 3);
		CHECK_STR(logged[nlogged - 1], n ? "swallowed read (37)" : "swallowed read (452)");
	}

	capi_tick_stop();
	lws_set_log_level(LLL_ERR, NULL);
	lws_context_destroy(ctx);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	return 0;
}
