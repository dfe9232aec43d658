/* Oracle probe: logs every callback (reason, protocol name, len) and acts
 * on commands received as text messages.  gcc cbsrv.c -o cbsrv -lwebsockets
 * args: port [options] [rx_buffer_size] */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>

static int interrupted;
struct pss { int n; int pending_echo; size_t elen; unsigned char ebuf[LWS_PRE + 70000]; int binary; };

static void hdrs(struct lws *wsi)
{
	char b[256];
	printf("  hdr uri=%d host=%d proto=%d", lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI),
	       lws_hdr_total_length(wsi, WSI_TOKEN_HOST), lws_hdr_total_length(wsi, WSI_TOKEN_PROTOCOL));
	if (lws_hdr_copy(wsi, b, sizeof b, WSI_TOKEN_GET_URI) >= 0) printf(" uri='%s'", b);
	printf(" custom=%d", lws_hdr_custom_length(wsi, "x-foo:", 6));
	printf("\n");
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct pss *pss = user;
	const struct lws_protocols *p = lws_get_protocol(wsi);
	char peer[64] = "";
	if (reason == LWS_CALLBACK_GET_THREAD_ID || reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED)
		return 0;
	printf("CB %d prot=%s len=%zu user=%s", (int)reason, p && p->name ? p->name : "(null)", len, user ? "set" : "null");
	if (reason == LWS_CALLBACK_RECEIVE || reason == LWS_CALLBACK_WS_PEER_INITIATED_CLOSE || reason == LWS_CALLBACK_RECEIVE_PONG) {
		printf(" first=%d final=%d bin=%d rem=%zu", lws_is_first_fragment(wsi), lws_is_final_fragment(wsi),
		       lws_frame_is_binary(wsi), lws_remaining_packet_payload(wsi));
	}
	if (reason == LWS_CALLBACK_FILTER_NETWORK_CONNECTION)
		printf(" userfd=%d in=%s", (int)(intptr_t)user, in ? "set" : "null");
	if ((reason == LWS_CALLBACK_HTTP_CONFIRM_UPGRADE || reason == LWS_CALLBACK_FILTER_HTTP_CONNECTION || reason == LWS_CALLBACK_HTTP) && in)
		printf(" in='%s'", (char *)in);
	printf("\n");
	switch (reason) {
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
	case LWS_CALLBACK_ESTABLISHED:
	case LWS_CALLBACK_HTTP:
		hdrs(wsi);
		lws_get_peer_simple(wsi, peer, sizeof peer);
		printf("  peer=%s\n", peer);
		if (reason == LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION && lws_hdr_custom_length(wsi, "x-reject:", 9) >= 0)
			return 1;
		break;
	case LWS_CALLBACK_RECEIVE:
		if (len >= 5 && !memcmp(in, "CLOSE", 5)) return -1;
		if (len >= 2 && !memcmp(in, "CR", 2)) {
			lws_close_reason(wsi, 4000, (unsigned char *)"bye", 3);
			return -1;
		}
		if (len >= 3 && !memcmp(in, "HDR", 3)) { hdrs(wsi); break; }
		if (len >= 5 && !memcmp(in, "TIMER", 5)) { lws_set_timer_usecs(wsi, 100000); break; }
		if (len >= 2 && !memcmp(in, "TO", 2)) { lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, 1); break; }
		if (len >= 4 && !memcmp(in, "KILL", 4)) { lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_SYNC); printf("  after kill\n"); break; }
		if (len >= 3 && !memcmp(in, "BIG", 3)) {
			/* write 1 MB at once */
			static unsigned char big[LWS_PRE + 8000000];
			memset(big + LWS_PRE, 'x', 8000000);
			int r = lws_write(wsi, big + LWS_PRE, 8000000, LWS_WRITE_BINARY);
			printf("  big write=%d choked=%d partial=%d\n", r, lws_send_pipe_choked(wsi), lws_partial_buffered(wsi));
			r = lws_write(wsi, big + LWS_PRE, 8000000, LWS_WRITE_BINARY);
			printf("  big write2=%d choked=%d partial=%d\n", r, lws_send_pipe_choked(wsi), lws_partial_buffered(wsi));
			break;
		}
		/* echo */
		if (pss && len + pss->elen < 70000) {
			memcpy(pss->ebuf + LWS_PRE + pss->elen, in, len);
			pss->elen += len;
			pss->binary = lws_frame_is_binary(wsi);
			if (lws_is_final_fragment(wsi)) { pss->pending_echo = 1; lws_callback_on_writable(wsi); }
		}
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (pss && pss->pending_echo) {
			int r = lws_write(wsi, pss->ebuf + LWS_PRE, pss->elen, pss->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
			printf("  write=%d\n", r);
			pss->pending_echo = 0; pss->elen = 0;
		}
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		printf("  close payload len=%d\n", lws_get_close_length(wsi));
		break;
	case LWS_CALLBACK_TIMER:
		break;
	default:
		break;
	}
	fflush(stdout);
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "first", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ "second", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void sigint(int s) { interrupted = 1; }

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	signal(SIGINT, sigint);
	signal(SIGTERM, sigint);
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	info.port = argc > 1 ? atoi(argv[1]) : 7700;
	if (argc > 2) info.options = strtoul(argv[2], NULL, 0);
	if (argc > 3) protocols[0].rx_buffer_size = atoi(argv[3]);
	if (argc > 4 && argv[4][0] == 'd') { struct lws_protocols t = protocols[0]; protocols[0] = protocols[2]; protocols[2] = t; }
	info.protocols = protocols;
	info.timeout_secs = 3;
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct lws_context *ctx = lws_create_context(&info);
	if (!ctx) { printf("create failed\n"); return 1; }
	printf("LISTENING %d\n", lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default")));
	fflush(stdout);
	while (!interrupted && lws_service(ctx, 0) >= 0);
	printf("DESTROY\n");
	lws_context_destroy(ctx);
	printf("DONE\n");
	return 0;
}
