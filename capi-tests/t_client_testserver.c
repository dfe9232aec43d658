/*
 * The client against a real lws server: Debian's libwebsockets-test-server
 * (package libwebsockets-test-server), started on a free port.  Its
 * dumb-increment-protocol (counts up every 50 ms: three numbers, then a
 * client close with a reason) and lws-mirror-protocol (our message comes
 * back), with the subprotocol negotiated by name.
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TESTSERVER "/usr/bin/libwebsockets-test-server"

static int done, nrx, mirror;
static struct lws *cwsi;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	unsigned char buf[LWS_PRE + 16];

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("  CLIENT_CONNECTION_ERROR %s", in ? (char *)in : "(null)");
		done = 1;
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED: {
		char p[64];
		T("  CLIENT_ESTABLISHED%s", wsi == cwsi ? "" : " (not pwsi)");
		if (lws_hdr_copy(wsi, p, sizeof(p), WSI_TOKEN_PROTOCOL) > 0)
			T("    protocol=%s", p);
		if (mirror)
			lws_callback_on_writable(wsi);
		break; }
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (mirror == 1) {
			memcpy(buf + LWS_PRE, "hello", 5);
			T("  CLIENT_WRITEABLE lws_write=%d",
			  lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_TEXT));
			mirror = 2;
		}
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		T("  CLIENT_RECEIVE len=%zu", len);
		capi_print_bytes("    in", in, len);
		if (++nrx == 3 || mirror) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY,
					 (unsigned char *)"enough", 6);
			return -1;
		}
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		T("  CLIENT_CLOSED");
		done = 1;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protos[] = {
	{ "dumb-increment-protocol", cb, 0, 0, 0, NULL, 0 },
	{ "lws-mirror-protocol", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;

static void
run(int port, const char *prot)
{
	struct lws_client_connect_info ci;
	char host[64];

	T("%s", prot);
	done = nrx = 0;
	mirror = !strcmp(prot, "lws-mirror-protocol");
	snprintf(host, sizeof(host), "127.0.0.1:%d", port);
	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = "127.0.0.1";
	ci.port = port;
	ci.path = "/";
	ci.host = host;
	ci.origin = host;
	ci.protocol = prot;
	ci.pwsi = &cwsi;
	CHECK(lws_client_connect_via_info(&ci));
	CHECK(cu_service_until(ctx, &done, 5000));
}

int
main(void)
{
	struct lws_context_creation_info info;
	char parg[32];
	int port;
	pid_t child;

	if (access(TESTSERVER, X_OK)) {
		T("libwebsockets-test-server not installed: skipped");
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	port = cu_free_port();

	fflush(stdout);
	child = fork();
	CHECK(child >= 0);
	if (!child) {
		int nul = open("/dev/null", 1);
		dup2(nul, 1);
		dup2(nul, 2);
		/* the server must run on Debian's library, whatever we test */
		unsetenv("LD_LIBRARY_PATH");
		unsetenv("LD_PRELOAD");
		snprintf(parg, sizeof(parg), "--port=%d", port);
		execl(TESTSERVER, TESTSERVER, parg, (char *)NULL);
		_exit(127);
	}
	CHECK(cu_wait_listen(port, 5000));

	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	run(port, "dumb-increment-protocol");
	run(port, "lws-mirror-protocol");

	capi_tick_stop();
	lws_context_destroy(ctx);
	kill(child, SIGTERM);
	waitpid(child, NULL, 0);
	T("done");
	return 0;
}
