/* Oracle probe: request bodies and forms.
 * Build: gcc body.c -o /tmp/h1body -lwebsockets
 * Usage: h1body PORT [max_http_header_data] [max_http_header_pool]
 * Env BODY_SPA=1: feed the body to an lws_spa (params "a","b","file",
 *   max storage BODY_SPA_MAX or 1024), file upload callback prints states.
 * Env BODY_ANSWER=http: HTTP callback answers at once (ignores body). */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void esc(const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 32 || c >= 127 || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static const char * const names[] = { "a", "b", "file", "c" };
struct pss { struct lws_spa *spa; };

static int fcb(void *data, const char *name, const char *filename,
	       char *buf, int len, enum lws_spa_fileupload_states state)
{
	printf("UFS state=%d name=%s filename=%s len=%d [", state,
	       name ? name : "(null)", filename ? filename : "(null)", len);
	if (len > 0 && buf) esc(buf, len > 64 ? 64 : len);
	printf("]\n");
	return 0;
}

static int answer(struct lws *wsi, const char *body)
{
	unsigned char buf[LWS_PRE + 2048], *start = &buf[LWS_PRE], *p = start,
		*end = &buf[sizeof(buf) - 1];
	int l = (int)strlen(body);
	if (lws_add_http_common_headers(wsi, 200, "text/plain", (lws_filepos_t)l, &p, end) ||
	    lws_finalize_write_http_header(wsi, start, &p, end))
		return 1;
	memcpy(p, body, l);
	lws_write(wsi, p, l, LWS_WRITE_HTTP_FINAL);
	return lws_http_transaction_completed(wsi);
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	      void *in, size_t len)
{
	struct pss *pss = user;
	char t[256];
	switch (reason) {
	case LWS_CALLBACK_HTTP:
		printf("HTTP [");
		esc(in, (int)len);
		printf("] post=%d cl=%d te=%d\n", lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI),
		       lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH),
		       lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING));
		fflush(stdout);
		if (getenv("BODY_ANSWER") || (!getenv("BODY_WAITALL") && !lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) &&
		    !lws_hdr_total_length(wsi, WSI_TOKEN_PUT_URI)))
		{
			if (getenv("BODY_404")) {
				if (lws_return_http_status(wsi, 404, NULL)) return -1;
				return lws_http_transaction_completed(wsi);
			}
			return answer(wsi, "get\n");
		}
		if (getenv("BODY_SPA")) {
			int mx = getenv("BODY_SPA_MAX") ? atoi(getenv("BODY_SPA_MAX")) : 1024;
			pss->spa = lws_spa_create(wsi, names, 4, mx, fcb, NULL);
			printf("SPA create %s\n", pss->spa ? "ok" : "NULL");
		}
		return 0;
	case LWS_CALLBACK_HTTP_BODY:
		printf("BODY len=%d [", (int)len);
		esc(in, (int)len > 80 ? 80 : (int)len);
		printf("]\n");
		if (getenv("BODY_FLOW")) {
			printf("FLOW off -> %d\n", lws_rx_flow_control(wsi, 0));
			lws_set_timer_usecs(wsi, 300000);
		}
		if (pss->spa) {
			int r = lws_spa_process(pss->spa, in, (int)len);
			printf("SPA process r=%d\n", r);
			if (r) { fflush(stdout); return -1; }
		}
		fflush(stdout);
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		printf("BODY_COMPLETION len=%d\n", (int)len);
		if (pss->spa) {
			printf("SPA finalize r=%d\n", lws_spa_finalize(pss->spa));
			for (int i = 0; i < 4; i++) {
				const char *s = lws_spa_get_string(pss->spa, i);
				printf("SPA %d len=%d [", i, lws_spa_get_length(pss->spa, i));
				if (s) esc(s, (int)strlen(s)); else printf("(null)");
				printf("]\n");
			}
			lws_spa_destroy(pss->spa);
			pss->spa = NULL;
		}
		fflush(stdout);
		snprintf(t, sizeof t, "done\n");
		return answer(wsi, t);
	case LWS_CALLBACK_TIMER:
		printf("TIMER: FLOW on -> %d\n", lws_rx_flow_control(wsi, 1));
		fflush(stdout);
		break;
	case LWS_CALLBACK_CLOSED_HTTP:
		printf("CLOSED_HTTP\n");
		if (pss && pss->spa) { lws_spa_destroy(pss->spa); pss->spa = NULL; }
		fflush(stdout);
		break;
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		if (pss && pss->spa) { lws_spa_destroy(pss->spa); pss->spa = NULL; }
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static struct lws_protocols protocols[] = {
	{ "first", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	info.port = atoi(argv[1]);
	info.protocols = protocols;
	static struct lws_protocol_vhost_options hdr2 = { NULL, NULL, "x-two:", "2" },
		hdr1 = { &hdr2, NULL, "x-one:", "1" };
	if (getenv("BODY_SERVER_STRING")) info.server_string = getenv("BODY_SERVER_STRING");
	if (getenv("BODY_HEADERS")) info.headers = &hdr1;
	if (getenv("BODY_SECURITY")) info.options |= LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
	if (getenv("BODY_TIMEOUT")) info.timeout_secs = (unsigned int)atoi(getenv("BODY_TIMEOUT"));
	if (getenv("BODY_KA")) info.keepalive_timeout = atoi(getenv("BODY_KA"));
	if (getenv("BODY_AHIDLE")) info.timeout_secs_ah_idle = (unsigned short)atoi(getenv("BODY_AHIDLE"));
	if (argc > 2)
		info.max_http_header_data = (unsigned short)atoi(argv[2]);
	if (argc > 3)
		info.max_http_header_pool = (unsigned short)atoi(argv[3]);
	lws_set_log_level(getenv("H1_LOG") ? atoi(getenv("H1_LOG")) : 0, NULL);
	struct lws_context *ctx = lws_create_context(&info);
	if (!ctx)
		return 1;
	printf("READY\n");
	fflush(stdout);
	while (lws_service(ctx, 0) >= 0)
		;
	lws_context_destroy(ctx);
	return 0;
}
