/*
 * The client against Python servers on loopback: http.server (GET of a
 * file: Content-Length body, response headers through lws_hdr_*, a 404)
 * and, when the python3 "websockets" package is importable, its echo
 * server (text, binary, a 300-byte message, close with a reason).
 * A missing piece prints "skipped" (the same on every library).
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int done, step, http;
static size_t big_got;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	static unsigned char big[LWS_PRE + 300];
	unsigned char buf[LWS_PRE + 16];

	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		T("  CLIENT_CONNECTION_ERROR %s", in ? (char *)in : "(null)");
		done = 1;
		break;
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP: {
		char v[64];
		T("  ESTABLISHED_CLIENT_HTTP status=%u", lws_http_client_http_response(wsi));
		if (lws_hdr_copy(wsi, v, sizeof(v), WSI_TOKEN_HTTP_CONTENT_TYPE) > 0)
			T("    content-type=%s", v);
		if (lws_hdr_copy(wsi, v, sizeof(v), WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0)
			T("    content-length=%s", v);
		break; }
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (cu_http_read(wsi) < 0)
			return -1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		capi_print_bytes("  RECEIVE_CLIENT_HTTP_READ", in, len > 40 ? 40 : len);
		break;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		T("  COMPLETED_CLIENT_HTTP");
		break;
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		T("  CLOSED_CLIENT_HTTP");
		done = 1;
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		T("  CLIENT_ESTABLISHED");
		step = 0;
		big_got = 0;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (step == 0) {
			memcpy(buf + LWS_PRE, "hello", 5);
			T("  write text=%d", lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_TEXT));
		} else if (step == 1) {
			memcpy(buf + LWS_PRE, "\x00\x01\x02", 3);
			T("  write binary=%d", lws_write(wsi, buf + LWS_PRE, 3, LWS_WRITE_BINARY));
		} else if (step == 2) {
			memset(big + LWS_PRE, 'z', 300);
			T("  write 300=%d", lws_write(wsi, big + LWS_PRE, 300, LWS_WRITE_TEXT));
		} else {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, (unsigned char *)"bye", 3);
			return -1;
		}
		step++;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (step == 3) {
			/* the big echo: only its total is deterministic */
			big_got += len;
			if (!lws_is_final_fragment(wsi))
				break;
			T("  received 300: total=%zu binary=%d", big_got, lws_frame_is_binary(wsi));
		} else {
			capi_print_bytes("  CLIENT_RECEIVE", in, len);
			T("    binary=%d final=%d", lws_frame_is_binary(wsi), lws_is_final_fragment(wsi));
		}
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		capi_print_bytes("  WS_PEER_INITIATED_CLOSE", in, len);
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
	{ "py", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;

static int
wait_listen(int port, pid_t pid)
{
	struct sockaddr_in sa;
	int n, fd;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	/* python's start-up on a loaded machine: up to 30 s, over once it listens */
	for (n = 0; n < 600; n++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			close(fd);
			return 1;
		}
		close(fd);
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return 0;
		usleep(50000);
	}
	return 0;
}

static pid_t
spawn(const char *dir, char *const argv[])
{
	pid_t p;
	fflush(stdout);
	p = fork();
	CHECK(p >= 0);
	if (!p) {
		int nul = open("/dev/null", O_WRONLY);
		dup2(nul, 1);
		dup2(nul, 2);
		if (dir && chdir(dir))
			_exit(126);
		unsetenv("LD_LIBRARY_PATH");
		execvp(argv[0], argv);
		_exit(127);
	}
	return p;
}

static void
run(int port, const char *path, int is_http)
{
	struct lws_client_connect_info ci;
	char host[64];

	T("%s %s", is_http ? "GET" : "ws", path);
	done = 0;
	http = is_http;
	snprintf(host, sizeof(host), "127.0.0.1:%d", port);
	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = "127.0.0.1";
	ci.port = port;
	ci.path = path;
	ci.host = host;
	ci.origin = host;
	ci.method = is_http ? "GET" : NULL;
	ci.protocol = is_http ? "py" : NULL;
	CHECK(lws_client_connect_via_info(&ci));
	CHECK(cu_service_until(ctx, &done, 8000));
}

int
main(void)
{
	struct lws_context_creation_info info;
	char dir[] = "/tmp/lws-capi-py-XXXXXX", f[128], ports[16];
	int hport, wport, have_ws;
	pid_t hs, ws = -1;
	FILE *fp;

	signal(SIGPIPE, SIG_IGN);
	if (system("python3 -c 'import http.server' >/dev/null 2>&1")) {
		T("python3 not available: skipped");
		return 0;
	}
	have_ws = !system("python3 -c 'import websockets.asyncio.server' >/dev/null 2>&1");
	CHECK(mkdtemp(dir));
	snprintf(f, sizeof(f), "%s/hello.txt", dir);
	fp = fopen(f, "w");
	CHECK(fp);
	fputs("hello from a file\n", fp);
	fclose(fp);

	hport = cu_free_port();
	snprintf(ports, sizeof(ports), "%d", hport);
	{
		char *av[] = { "python3", "-m", "http.server", "--bind", "127.0.0.1", ports, NULL };
		hs = spawn(dir, av);
	}
	CHECK(wait_listen(hport, hs));
	if (have_ws) {
		static char prog[] =
			"import asyncio,sys\n"
			"from websockets.asyncio.server import serve\n"
			"async def echo(w):\n"
			"    async for m in w:\n"
			"        await w.send(m)\n"
			"async def main():\n"
			"    async with serve(echo,'127.0.0.1',int(sys.argv[1]),max_size=None):\n"
			"        await asyncio.Future()\n"
			"asyncio.run(main())\n";
		char wps[16];
		wport = cu_free_port();
		snprintf(wps, sizeof(wps), "%d", wport);
		{
			char *av[] = { "python3", "-c", prog, wps, NULL };
			ws = spawn(NULL, av);
		}
		CHECK(wait_listen(wport, ws));
	}

	lws_set_log_level(0, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	run(hport, "/hello.txt", 1);
	run(hport, "/nothere", 1);
	if (have_ws)
		run(wport, "/", 0);
	else
		T("python websockets not available: ws part skipped");

	capi_tick_stop();
	lws_context_destroy(ctx);
	kill(hs, SIGTERM);
	waitpid(hs, NULL, 0);
	if (ws > 0) {
		kill(ws, SIGTERM);
		waitpid(ws, NULL, 0);
	}
	unlink(f);
	rmdir(dir);
	T("done");
	return 0;
}
