#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>

static int interrupted;
static int port = 7681;

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		printf("ESTABLISHED\n"); fflush(stdout);
		break;
	case LWS_CALLBACK_RECEIVE: {
		printf("RECEIVE len=%zu first=%d final=%d binary=%d remaining=%zu data=\"", len,
		       lws_is_first_fragment(wsi), lws_is_final_fragment(wsi),
		       lws_frame_is_binary(wsi), lws_remaining_packet_payload(wsi));
		for (size_t i = 0; i < len && i < 40; i++) {
			unsigned char c = ((unsigned char *)in)[i];
			if (c >= 32 && c < 127 && c != '"') putchar(c); else printf("\\x%02x", c);
		}
		printf("\"\n"); fflush(stdout);
		if (len >= 4 && !memcmp(in, "RET-", 4)) {
			printf("returning -1\n"); fflush(stdout);
			return -1;
		}
		if (len >= 4 && !memcmp(in, "CRS-", 4)) {
			/* CRS-<code>-<reasonlen> */
			int code = atoi((char *)in + 4);
			const char *p = memchr((char *)in + 4, '-', len - 4);
			int rl = p ? atoi(p + 1) : 0;
			static unsigned char r[300];
			for (int i = 0; i < rl && i < 300; i++) r[i] = 'a' + (i % 26);
			lws_close_reason(wsi, code, r, rl);
			printf("close_reason %d %d, returning -1\n", code, rl); fflush(stdout);
			return -1;
		}
		break;
	}
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		printf("PEER_INITIATED_CLOSE len=%zu data=\"", len);
		for (size_t i = 0; i < len; i++) printf("\\x%02x", ((unsigned char *)in)[i]);
		printf("\"\n"); fflush(stdout);
		break;
	case LWS_CALLBACK_RECEIVE_PONG:
		printf("RECEIVE_PONG len=%zu\n", len); fflush(stdout);
		break;
	case LWS_CALLBACK_CLOSED:
		printf("CLOSED\n"); fflush(stdout);
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "p", cb, 0, 16, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void sigint(int s) { interrupted = 1; }

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	if (argc > 1) port = atoi(argv[1]);
	if (argc > 2) protocols[0].rx_buffer_size = atoi(argv[2]);
	signal(SIGINT, sigint);
	signal(SIGTERM, sigint);
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	info.port = port;
	info.protocols = protocols;
	info.timeout_secs = argc > 4 ? atoi(argv[4]) : 5;
	if (argc > 3 && atoi(argv[3])) info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
	struct lws_context *ctx = lws_create_context(&info);
	if (!ctx) return 1;
	printf("LISTENING\n"); fflush(stdout);
	while (!interrupted && lws_service(ctx, 0) >= 0);
	lws_context_destroy(ctx);
	return 0;
}
