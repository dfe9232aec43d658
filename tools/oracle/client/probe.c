/* Client probe: logs every callback a client connection gets.
 * usage: probe ws|http|post address port path [protocol] */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int done, mode; /* 0 ws, 1 http get, 2 http post */
static int sent;
static struct lws *cwsi;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	unsigned char buf[LWS_PRE + 256];
	switch (reason) {
	case LWS_CALLBACK_GET_THREAD_ID: case LWS_CALLBACK_LOCK_POLL: case LWS_CALLBACK_UNLOCK_POLL:
	case LWS_CALLBACK_ADD_POLL_FD: case LWS_CALLBACK_DEL_POLL_FD: case LWS_CALLBACK_CHANGE_MODE_POLL_FD:
		return 0;
	default: break;
	}
	printf("cb %d wsi=%s len=%zu", reason, !wsi ? "null" : wsi == cwsi ? "cli" : "other", len);
	if (reason == LWS_CALLBACK_CLIENT_CONNECTION_ERROR)
		printf(" in=\"%s\"", in ? (char *)in : "(null)");
	if ((reason == LWS_CALLBACK_CLIENT_RECEIVE || reason == LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ) && in)
		printf(" data=\"%.*s\" first=%d final=%d rem=%zu", (int)(len > 60 ? 60 : len), (char *)in,
		       lws_is_first_fragment(wsi), lws_is_final_fragment(wsi), lws_remaining_packet_payload(wsi));
	if (reason == LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP || reason == LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH)
		printf(" status=%u", lws_http_client_http_response(wsi));
	printf("\n"); fflush(stdout);
	switch (reason) {
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
		unsigned char **p = (unsigned char **)in, *end = (*p) + len;
		if (mode == 2) {
			if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH, (unsigned char *)"5", 1, p, end))
				return -1;
			lws_client_http_body_pending(wsi, 1);
			lws_callback_on_writable(wsi);
		}
		break; }
	case LWS_CALLBACK_CLIENT_HTTP_WRITEABLE:
		memcpy(buf + LWS_PRE, "hello", 5);
		lws_client_http_body_pending(wsi, 0);
		printf(" write=%d\n", lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_HTTP_FINAL));
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (!sent) {
			sent = 1;
			memcpy(buf + LWS_PRE, "hello", 5);
			printf(" write=%d\n", lws_write(wsi, buf + LWS_PRE, 5, LWS_WRITE_TEXT));
		} else {
			lws_close_reason(wsi, 1000, (unsigned char *)"bye", 3);
			return -1;
		}
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (getenv("NOCLOSE")) break;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP: {
		char b[1024 + LWS_PRE], *px = b + LWS_PRE; int l = sizeof(b) - LWS_PRE;
		int r = lws_http_client_read(wsi, &px, &l);
		printf(" read=%d\n", r);
		if (r < 0) return -1;
		return 0; }
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		done = 1; break;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		if (getenv("KEEP")) break;
		done = 1; return -1;
	case LWS_CALLBACK_WSI_DESTROY:
		done = 1; break;
	default: break;
	}
	return 0;
}

static struct lws_protocols protos[] = {
	{ "probe", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_client_connect_info ci;
	struct lws_context *ctx;
	struct lws *wsi = NULL, *ret;
	int n = 0;

	lws_set_log_level(getenv("LOGS") ? atoi(getenv("LOGS")) : 0, NULL);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protos;
	ctx = lws_create_context(&info);
	mode = !strcmp(argv[1], "ws") ? 0 : !strcmp(argv[1], "http") ? 1 : 2;
	memset(&ci, 0, sizeof ci);
	ci.context = ctx;
	ci.address = argv[2];
	ci.port = atoi(argv[3]);
	ci.path = argv[4];
	ci.host = ci.address;
	ci.origin = ci.address;
	ci.protocol = argc > 5 ? argv[5] : NULL;
	ci.method = mode == 1 ? "GET" : mode == 2 ? "POST" : NULL;
	ci.pwsi = &cwsi;
	ret = lws_client_connect_via_info(&ci);
	printf("connect ret=%s pwsi=%s same=%d\n", ret ? "y" : "n", cwsi ? "y" : "n", ret == cwsi);
	fflush(stdout);
	while (!done && n >= 0 && n < 500) {
		lws_service(ctx, 50);
		n++;
	}
	printf("loops=%d\n", n);
	lws_context_destroy(ctx);
	printf("destroyed\n");
	return 0;
}
