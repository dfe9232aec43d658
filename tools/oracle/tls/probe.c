/* Oracle probe: a TLS server; prints callbacks, logs to stderr.
 * usage: probe <cert> <key> <options-hex> <seconds> [ca] */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in, size_t len)
{
	char buf[LWS_PRE + 8192];
	printf("cb %d ssl=%d user=%d in=%d len=%ld\n", r, wsi ? lws_is_ssl(wsi) : -1, !!user, !!in, (long)len);
	fflush(stdout);
	switch (r) {
	case LWS_CALLBACK_HTTP:
		{
			unsigned char *p = (unsigned char *)buf + LWS_PRE, *e = p + 512;
			if (lws_add_http_common_headers(wsi, 200, "text/plain", 5, &p, e)) return -1;
			if (lws_finalize_write_http_header(wsi, (unsigned char *)buf + LWS_PRE, &p, e)) return -1;
			lws_callback_on_writable(wsi);
		}
		return 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		memcpy(buf + LWS_PRE, "hello", 5);
		lws_write(wsi, (unsigned char *)buf + LWS_PRE, 5, LWS_WRITE_HTTP_FINAL);
		if (lws_http_transaction_completed(wsi))
			return -1;
		return 0;
	case LWS_CALLBACK_RECEIVE: {
		static unsigned char big[LWS_PRE + 200000];
		int n;
		if (getenv("BIGW")) {
			size_t bl = (size_t)atoi(getenv("BIGW"));
			memset(big + LWS_PRE, 'x', bl);
			n = lws_write(wsi, big + LWS_PRE, bl, LWS_WRITE_BINARY);
			printf("big %d partial=%d choked=%d\n", n, lws_partial_buffered(wsi), lws_send_pipe_choked(wsi));
			lws_callback_on_writable(wsi);
			break;
		}
		memcpy(buf + LWS_PRE, in, len);
		n = lws_write(wsi, (unsigned char *)buf + LWS_PRE, len, LWS_WRITE_TEXT);
		printf("echo %d partial=%d\n", n, lws_partial_buffered(wsi));
		break; }
	case LWS_CALLBACK_SERVER_WRITEABLE:
		printf("writeable partial=%d\n", lws_partial_buffered(wsi));
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	time_t end;

	lws_set_log_level(atoi(getenv("LL") ? getenv("LL") : "31"), NULL);
	memset(&info, 0, sizeof info);
	info.port = 0;
	info.protocols = prots;
	if (strcmp(argv[1], "-")) info.ssl_cert_filepath = argv[1];
	if (strcmp(argv[2], "-")) info.ssl_private_key_filepath = argv[2];
	info.options = strtoull(argv[3], NULL, 16);
	if (argc > 5) info.ssl_ca_filepath = argv[5];
	if (getenv("CIPHERS")) info.ssl_cipher_list = getenv("CIPHERS");
	if (getenv("CIPHERS13")) info.tls1_3_plus_cipher_list = getenv("CIPHERS13");
	ctx = lws_create_context(&info);
	if (!ctx) { printf("ctx fail\n"); return 1; }
	printf("port %d\n", lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default")));
	fflush(stdout);
	end = time(NULL) + atoi(argv[4]);
	while (time(NULL) < end)
		lws_service(ctx, 100);
	lws_context_destroy(ctx);
	printf("done\n");
	return 0;
}
