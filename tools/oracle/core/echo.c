/* Echo server for bulk tests: gathers each message (any size) and sends it
 * back whole, in pieces of at most 64 KiB per WRITEABLE (fragmented with
 * CONTINUATION/NO_FIN).  gcc echo.c -o echo -lwebsockets ; ./echo port */
#include <libwebsockets.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>

struct pss { unsigned char *buf; size_t len, cap, sent; int binary, ready; };
static int interrupted;

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct pss *p = user;
	switch (reason) {
	case LWS_CALLBACK_RECEIVE:
		if (p->ready) return -1; /* client must wait for the echo */
		if (p->len + len + LWS_PRE > p->cap) {
			p->cap = (p->len + len + LWS_PRE) * 2;
			p->buf = realloc(p->buf, p->cap);
		}
		memcpy(p->buf + LWS_PRE + p->len, in, len);
		p->len += len;
		if (lws_is_first_fragment(wsi)) p->binary = lws_frame_is_binary(wsi);
		if (lws_is_final_fragment(wsi)) { p->ready = 1; p->sent = 0; lws_callback_on_writable(wsi); }
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE: {
		if (!p->ready) break;
		size_t n = p->len - p->sent;
		if (n > 65536) n = 65536;
		int first = p->sent == 0, last = p->sent + n == p->len;
		int wp = first ? (p->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT) : LWS_WRITE_CONTINUATION;
		if (!last) wp |= LWS_WRITE_NO_FIN;
		/* header goes in the LWS_PRE bytes before the chunk (already sent data) */
		if (lws_write(wsi, p->buf + LWS_PRE + p->sent, n, wp) < (int)n) return -1;
		p->sent += n;
		if (last) { p->ready = 0; p->len = 0; }
		else lws_callback_on_writable(wsi);
		break;
	}
	case LWS_CALLBACK_CLOSED:
		free(p->buf); p->buf = NULL;
		break;
	default: break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "echo", cb, sizeof(struct pss), 4096, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};
static void sigint(int s) { interrupted = 1; }
int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	signal(SIGINT, sigint);
	lws_set_log_level(LLL_ERR, NULL);
	info.port = argc > 1 ? atoi(argv[1]) : 7800;
	info.protocols = protocols;
	struct lws_context *ctx = lws_create_context(&info);
	if (!ctx) return 1;
	while (!interrupted && lws_service(ctx, 0) >= 0);
	lws_context_destroy(ctx);
	return 0;
}
