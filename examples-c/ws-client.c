/*
 * A WebSocket client example.
 *
 *   ws-client [-a address] [-p port] [-P path] [-s subprotocol] [msg...]
 *       connects, sends each msg (default: "hello") as a text message,
 *       prints what comes back, closes (1000) after as many answers.
 *
 *   ws-client --autobahn [-a address] [-p port] [-A agent]
 *       runs every case of an Autobahn `wstest -m fuzzingserver`: asks
 *       /getCaseCount, then for each case /runCase?case=N&agent=A and
 *       echoes every message back whole, then /updateReports?agent=A.
 */
#include <libwebsockets.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct lws_context *ctx;
static const char *address = "127.0.0.1", *path = "/", *subprot, *agent = "lws-rs";
static int port = 7681, autobahn, interrupted;
static char **msgs;
static int nmsgs, next_msg, answers;

/* the connection in progress */
static int conn_done, conn_failed, case_count = -1;

/* message being echoed (autobahn) */
static unsigned char *rx;
static size_t rx_len, rx_cap;
static int rx_binary, tx_pending;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		fprintf(stderr, "connection error: %s\n", in ? (char *)in : "(null)");
		conn_failed = 1;
		conn_done = 1;
		break;

	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (!autobahn)
			lws_callback_on_writable(wsi);
		break;

	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (autobahn && case_count < 0) {
			/* the answer of /getCaseCount */
			char n[16];
			size_t l = len < sizeof(n) - 1 ? len : sizeof(n) - 1;
			memcpy(n, in, l);
			n[l] = '\0';
			case_count = atoi(n);
			break;
		}
		if (autobahn) {
			if (lws_is_first_fragment(wsi)) {
				rx_len = 0;
				rx_binary = lws_frame_is_binary(wsi);
			}
			if (rx_len + len > rx_cap) {
				size_t nc = (rx_len + len) * 2 + 1024;
				unsigned char *p = realloc(rx, LWS_PRE + nc);
				if (!p)
					return -1;
				rx = p;
				rx_cap = nc;
			}
			if (!rx) {
				rx = malloc(LWS_PRE + 1024);
				rx_cap = 1024;
			}
			memcpy(rx + LWS_PRE + rx_len, in, len);
			rx_len += len;
			if (lws_is_final_fragment(wsi)) {
				tx_pending = 1;
				lws_rx_flow_control(wsi, 0);
				lws_callback_on_writable(wsi);
			}
			break;
		}
		printf("received: %.*s\n", (int)len, (const char *)in);
		fflush(stdout);
		answers++;
		lws_callback_on_writable(wsi);
		break;

	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (autobahn) {
			if (!tx_pending)
				break;
			if (!rx) {
				rx = malloc(LWS_PRE + 1024);
				rx_cap = 1024;
			}
			tx_pending = 0;
			if (lws_write(wsi, rx + LWS_PRE, rx_len,
				      rx_binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT) < (int)rx_len)
				return -1;
			lws_rx_flow_control(wsi, 1);
			break;
		}
		if (next_msg < nmsgs) {
			unsigned char buf[LWS_PRE + 1024];
			size_t l = strlen(msgs[next_msg]);
			if (l > 1024)
				l = 1024;
			memcpy(buf + LWS_PRE, msgs[next_msg], l);
			next_msg++;
			if (lws_write(wsi, buf + LWS_PRE, l, LWS_WRITE_TEXT) < (int)l)
				return -1;
			break;
		}
		if (answers >= nmsgs) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL,
					 (unsigned char *)"done", 4);
			return -1;
		}
		break;

	case LWS_CALLBACK_CLIENT_CLOSED:
		conn_done = 1;
		break;

	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "ws-client", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
sigint(int sig)
{
	interrupted = 1;
}

/* runs one connection to completion; returns 0 if it established */
static int
run(const char *p)
{
	struct lws_client_connect_info i;
	static char host[300];

	/* Host: with the port (some servers, Autobahn's among them, want it) */
	snprintf(host, sizeof(host), "%s:%d", address, port);
	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.address = address;
	i.port = port;
	i.path = p;
	i.host = host;
	i.origin = address;
	i.protocol = subprot;
	conn_done = conn_failed = 0;
	if (!lws_client_connect_via_info(&i))
		return 1;
	while (!conn_done && !interrupted)
		if (lws_service(ctx, 0) < 0)
			return 1;
	return conn_failed;
}

static void
usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-a address] [-p port] [-P path] [-s subprotocol] [msg...]\n"
		"       %s --autobahn [-a address] [-p port] [-A agent]\n"
		"  sends each msg (default \"hello\") to ws://address:port/path\n"
		"  (default 127.0.0.1:7681 /), prints the answers, closes;\n"
		"  --autobahn runs every case of a wstest fuzzingserver\n",
		argv0, argv0);
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	int n, ret = 0;

	for (n = 1; n < argc; n++) {
		if (!strcmp(argv[n], "-h") || !strcmp(argv[n], "--help")) {
			usage(argv[0]);
			return 0;
		}
		if (!strcmp(argv[n], "--autobahn"))
			autobahn = 1;
		else if (!strcmp(argv[n], "-a") && n + 1 < argc)
			address = argv[++n];
		else if (!strcmp(argv[n], "-p") && n + 1 < argc)
			port = atoi(argv[++n]);
		else if (!strcmp(argv[n], "-P") && n + 1 < argc)
			path = argv[++n];
		else if (!strcmp(argv[n], "-s") && n + 1 < argc)
			subprot = argv[++n];
		else if (!strcmp(argv[n], "-A") && n + 1 < argc)
			agent = argv[++n];
		else if (argv[n][0] == '-' && argv[n][1]) {
			usage(argv[0]);
			return 2;
		} else
			break;
	}
	msgs = argv + n;
	nmsgs = argc - n;
	if (!nmsgs) {
		static char *def[] = { "hello" };
		msgs = def;
		nmsgs = 1;
	}

	signal(SIGINT, sigint);
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	/* text messages and close reasons must be valid UTF-8 */
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
	ctx = lws_create_context(&info);
	if (!ctx)
		return 1;

	if (!autobahn) {
		ret = run(path);
	} else {
		char p[256];
		int c;

		if (run("/getCaseCount") || case_count < 0) {
			fprintf(stderr, "no case count\n");
			ret = 1;
		} else {
			printf("%d cases\n", case_count);
			for (c = 1; c <= case_count && !interrupted; c++) {
				snprintf(p, sizeof(p), "/runCase?case=%d&agent=%s", c, agent);
				run(p);
			}
			snprintf(p, sizeof(p), "/updateReports?agent=%s", agent);
			run(p);
		}
	}
	lws_context_destroy(ctx);
	free(rx);
	return ret;
}
