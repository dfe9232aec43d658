/*
 * lws_get_socket_fd(wsi) in each callback of a connection's life, for a
 * server-accepted connection (plain HTTP and ws) and for client
 * connections (ws and HTTP) to that server: -1, the connection's own fd,
 * or the listening socket's fd.  The oracle attaches an accepted socket
 * to its wsi after WSI_CREATE (the wsi is made with no socket), and in
 * FILTER_NETWORK_CONNECTION the wsi is the listen wsi; a client wsi gets
 * WSI_CREATE once its TCP connection is up.  The fd is also closed
 * (-1) by WSI_DESTROY.  Each callback prints the first time it is seen
 * per connection kind; later calls must say the same.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"
#include "clientutil.h"

#include <stdarg.h>

static int listen_fd = -1, accepted_fd = -1, client_fd = -1, cli_done;

/*
 * The server's and the client's lines are kept apart and printed after
 * each scenario: how the two sides' callbacks interleave depends on the
 * event loop.
 */
static char side_lines[2][2048];

static void
side(int client, const char *fmt, ...)
{
	char *b = side_lines[client];
	size_t l = strlen(b);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b + l, sizeof(side_lines[0]) - l, fmt, ap);
	va_end(ap);
	l = strlen(b);
	if (l + 1 < sizeof(side_lines[0])) {
		b[l] = '\n';
		b[l + 1] = '\0';
	}
}

static void
flush_sides(void)
{
	T(" server side:");
	printf("%s", side_lines[0]);
	T(" client side:");
	printf("%s", side_lines[1][0] ? side_lines[1] : "  (none)\n");
	side_lines[0][0] = side_lines[1][0] = '\0';
}
static struct lws *cwsi;	/* the client connection (ci.pwsi) */

/* what fd says, as a word */
static const char *
what(int fd, int own)
{
	if (fd < 0)
		return "-1";
	if (fd == listen_fd)
		return "the listen fd";
	if (own >= 0 && fd == own)
		return "its own fd";
	return "another fd";
}

static const char *
what_client(int fd)
{
	if (fd < 0 || fd == listen_fd)
		return what(fd, -1);
	if (client_fd < 0) {
		client_fd = fd;
		return "a connection fd";
	}
	return what(fd, client_fd);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	int fd = lws_get_socket_fd(wsi), client = cwsi && wsi == cwsi;

	switch (reason) {
	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
		/* in: the new connection's fd */
		accepted_fd = (int)(intptr_t)in;
		side(0, "  FILTER_NETWORK_CONNECTION: %s", what(fd, accepted_fd));
		CHECK_INT(fd, listen_fd);
		break;
	case LWS_CALLBACK_WSI_CREATE:
		side(client, "  WSI_CREATE: %s",
		     client ? what_client(fd) : what(fd, accepted_fd));
		/* accepted: no socket yet; client: connected already */
		CHECK(client ? fd >= 0 : fd == -1);
		break;
	case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED:
		/* (the oracle sends it to client connections too) */
		side(client, "  SERVER_NEW_CLIENT_INSTANTIATED: %s",
		     client ? what_client(fd) : what(fd, accepted_fd));
		if (!client)
			CHECK_INT(fd, accepted_fd);
		break;
	case LWS_CALLBACK_HTTP:
	case LWS_CALLBACK_ESTABLISHED:
		side(0, "  %s: %s", reason == LWS_CALLBACK_HTTP ? "HTTP" :
		  "ESTABLISHED", what(fd, accepted_fd));
		break;
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		side(1, "  APPEND_HANDSHAKE_HEADER: %s", what_client(fd));
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		side(1, "  %s: %s", reason == LWS_CALLBACK_CLIENT_ESTABLISHED ?
		  "ESTABLISHED" : "ESTABLISHED_CLIENT_HTTP", what_client(fd));
		if (reason == LWS_CALLBACK_CLIENT_ESTABLISHED)
			cli_done = 1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		return cu_http_read(wsi);
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		cli_done = 1;
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		side(client, "  WSI_DESTROY: %s", what(fd, -1));
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ "echo", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

/* a raw client; the server side's fd is what FILTER_NETWORK_CONNECTION
 * gave in `in` */
static void
raw(const char *title, const char *req)
{
	struct wsc w;

	T("== %s", title);
	accepted_fd = -1;
	wsc_connect(&w, port);
	wsc_sends(&w, req);
	wsc_pump(ctx, &w, WSC_UNTIL_HEAD, 0);
	wsc_close(&w);
	wsc_settle(ctx, NULL, 100);
	flush_sides();
}

/*
 * A client connection's own fd is learnt from the first callback that
 * has one ("a connection fd"); later callbacks must give the same.
 */
static void
client(const char *title, int ws)
{
	struct lws_client_connect_info ci;

	T("== %s", title);
	memset(&ci, 0, sizeof(ci));
	ci.context = ctx;
	ci.address = "127.0.0.1";
	ci.port = port;
	ci.path = "/";
	ci.host = "127.0.0.1";
	ci.origin = "127.0.0.1";
	ci.local_protocol_name = "echo";
	if (ws)
		ci.protocol = "echo";
	else
		ci.method = "GET";
	cli_done = 0;
	accepted_fd = -1;
	client_fd = -1;
	ci.pwsi = &cwsi;
	CHECK(lws_client_connect_via_info(&ci));
	cu_service_until(ctx, &cli_done, 5000);
	CHECK(cli_done);
	cu_settle(ctx, 100);
	cwsi = NULL;
	flush_sides();
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;

	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	ctx = wsc_create_context(&info, &port);
	capi_tick_start(ctx);
	cu_settle(ctx, 50);

	/* the listening socket: the fd bound to our port */
	for (fd = 3; fd < 1024 && listen_fd < 0; fd++) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		int acc = 0;
		socklen_t al = sizeof(acc);

		sl = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) ||
		    ss.ss_family != AF_INET || ntohs(sin->sin_port) != port ||
		    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) || !acc)
			continue;
		listen_fd = fd;
	}
	T("listen fd found: %s", yesno(listen_fd >= 0));
	CHECK(listen_fd >= 0);

	raw("server: plain GET", "GET /nothere HTTP/1.1\r\nHost: x\r\n\r\n");
	raw("server: ws upgrade",
	    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
	    "Connection: Upgrade\r\nSec-WebSocket-Key: " WSC_KEY "\r\n"
	    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: echo\r\n\r\n");
	client("client: ws", 1);
	client("client: http GET", 0);

	capi_tick_stop();
	lws_context_destroy(ctx);
	/* the wsi still open (the ws pair) and the listen wsi */
	T("== context destroyed");
	flush_sides();
	T("done");
	return 0;
}
