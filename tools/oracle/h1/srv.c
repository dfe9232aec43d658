/* Oracle probe server: prints what the HTTP callback sees for each header
 * token, then answers.  Build: gcc srv.c -o /tmp/h1srv -lwebsockets
 * Usage: h1srv PORT [max_http_header_data] [max_http_header_pool]
 * Env H1_CUSTOM: comma-separated custom header names to query.
 * Env H1_HDRTEST=1: answer with a header block built by the add_* helpers
 * into small buffers, printing return values and bytes. */
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

static void dump(struct lws *wsi, const char *tag)
{
	char buf[8192];
	printf("=== %s\n", tag);
	for (int h = 0; h < WSI_TOKEN_COUNT; h++) {
		int tl = lws_hdr_total_length(wsi, h);
		int f0 = lws_hdr_fragment_length(wsi, h, 0);
		if (!tl && !f0)
			continue;
		int r = lws_hdr_copy(wsi, buf, sizeof(buf), h);
		printf("T %d total=%d copy=%d [", h, tl, r);
		if (r > 0)
			esc(buf, r);
		printf("]");
		for (int f = 0; f < 64; f++) {
			int fl = lws_hdr_fragment_length(wsi, h, f);
			if (fl <= 0 && f > 0)
				break;
			int fr = lws_hdr_copy_fragment(wsi, buf, sizeof(buf), h, f);
			printf(" F%d len=%d copy=%d [", f, fl, fr);
			if (fr > 0)
				esc(buf, fr);
			printf("]");
		}
		printf("\n");
	}
	const char *c = getenv("H1_CUSTOM");
	if (c) {
		char names[1024];
		strncpy(names, c, sizeof(names) - 1);
		names[sizeof(names) - 1] = 0;
		for (char *n = strtok(names, ","); n; n = strtok(NULL, ",")) {
			int l = lws_hdr_custom_length(wsi, n, (int)strlen(n));
			int r = lws_hdr_custom_copy(wsi, buf, sizeof(buf), n, (int)strlen(n));
			printf("C %s len=%d copy=%d [", n, l, r);
			if (r > 0)
				esc(buf, r);
			printf("]\n");
		}
		/* small buffer behaviour */
		char small[4];
		int r = lws_hdr_copy(wsi, small, sizeof(small), WSI_TOKEN_HOST);
		printf("SMALLCOPY host len4 -> %d\n", r);
	}
	printf("=== END\n");
	fflush(stdout);
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	      void *in, size_t len)
{
	unsigned char buf[LWS_PRE + 2048], *start = &buf[LWS_PRE], *p = start,
		*end = &buf[sizeof(buf) - 1];

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		printf("IN [");
		esc(in, (int)len);
		printf("]\n");
		dump(wsi, "HTTP");
		if (getenv("H1_HDRTEST")) {
			unsigned char t[64], *tp = t;
			int r;
			for (int lim = 14; lim < 22; lim += 1) {
				tp = t;
				r = lws_add_http_header_status(wsi, 200, &tp, t + lim);
				printf("STATUS lim=%d r=%d n=%d [", lim, r, (int)(tp - t));
				esc((char *)t, (int)(tp - t));
				printf("]\n");
			}
			for (int lim = 0; lim < 20; lim += 1) {
				tp = t;
				r = lws_add_http_header_by_name(wsi, (unsigned char *)"x-ab:", (unsigned char *)"val", 3, &tp, t + lim);
				printf("BYNAME lim=%d r=%d n=%d [", lim, r, (int)(tp - t));
				esc((char *)t, (int)(tp - t));
				printf("]\n");
			}
			for (int lim = 0; lim < 6; lim += 1) {
				tp = t;
				r = lws_finalize_http_header(wsi, &tp, t + lim);
				printf("FIN lim=%d r=%d n=%d [", lim, r, (int)(tp - t));
				esc((char *)t, (int)(tp - t));
				printf("]\n");
			}
			for (int code = 0; code < 1000; code++) {
				int codes[] = {code};
				int i = 0;
				unsigned char big[512];
				tp = big;
				r = lws_add_http_header_status(wsi, codes[i], &tp, big + sizeof(big));
				printf("CODE %d r=%d [", codes[i], r);
				esc((char *)big, (int)(tp - big));
				printf("]\n");
			}
			tp = t;
			r = lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE, (unsigned char *)"text/html", 9, &tp, t + sizeof(t));
			printf("BYTOKEN r=%d [", r); esc((char *)t, (int)(tp - t)); printf("]\n");
			tp = t;
			r = lws_add_http_header_by_token(wsi, WSI_TOKEN_GET_URI, (unsigned char *)"x", 1, &tp, t + sizeof(t));
			printf("BYTOKEN GET r=%d [", r); esc((char *)t, (int)(tp - t)); printf("]\n");
			tp = t;
			r = lws_add_http_header_by_token(wsi, 200, (unsigned char *)"x", 1, &tp, t + sizeof(t));
			printf("BYTOKEN 200 r=%d [", r); esc((char *)t, (int)(tp - t)); printf("]\n");
			for (int lim = 14; lim < 25; lim += 1) {
				tp = t;
				r = lws_add_http_header_content_length(wsi, 12345, &tp, t + lim);
				printf("CLEN lim=%d r=%d n=%d [", lim, r, (int)(tp - t));
				esc((char *)t, (int)(tp - t));
				printf("]\n");
			}
			tp = t;
			unsigned char big[512];
			tp = big;
			r = lws_add_http_common_headers(wsi, 200, "text/plain", 5, &tp, big + sizeof(big));
			printf("COMMON r=%d [", r); esc((char *)big, (int)(tp - big)); printf("]\n");
			tp = big;
			r = lws_add_http_common_headers(wsi, 200, "text/plain", LWS_ILLEGAL_HTTP_CONTENT_LEN, &tp, big + sizeof(big));
			printf("COMMONNOLEN r=%d [", r); esc((char *)big, (int)(tp - big)); printf("]\n");
			fflush(stdout);
		}
		if (lws_add_http_common_headers(wsi, 200, "text/plain", 3, &p, end) ||
		    lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		lws_write(wsi, (unsigned char *)"ok\n", 3, LWS_WRITE_HTTP_FINAL);
		return lws_http_transaction_completed(wsi);
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		printf("FILTER proto=%s\n", lws_get_protocol(wsi)->name);
		dump(wsi, "FILTER");
		break;
	case LWS_CALLBACK_ESTABLISHED:
		printf("ESTABLISHED proto=%s\n", lws_get_protocol(wsi)->name);
		fflush(stdout);
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static struct lws_protocols protocols[] = {
	{ "first", cb, 0, 0, 0, NULL, 0 },
	{ "chat", cb, 0, 0, 0, NULL, 0 },
	{ "superchat", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof info);
	info.port = atoi(argv[1]);
	info.protocols = protocols;
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
