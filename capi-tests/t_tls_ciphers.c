/*
 * TLS: ssl_cipher_list (TLS 1.2, OpenSSL names) and tls1_3_plus_cipher_list
 * restrict what a client can negotiate; a list naming nothing usable makes
 * context creation fail.  openssl s_client is the client.
 */
#include <libwebsockets.h>
#include "common.h"
#include "tlsutil.h"

static struct lws_protocols prots[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
try_(struct lws_context *ctx, int port, const char *label, const char *args)
{
	char cmd[512], out[256];

	snprintf(cmd, sizeof(cmd), "openssl s_client -connect 127.0.0.1:%d %s "
		 "</dev/null 2>/dev/null | grep -o 'Cipher is [A-Z0-9_-]*' | head -1", port, args);
	tls_run(ctx, cmd, out, sizeof(out));
	T("%s: %s", label, out[0] ? out : "no cipher (handshake failed)\n");
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	int port;

	lws_set_log_level(0, NULL);
	tls_make_certs();

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.protocols = prots;
	info.ssl_cert_filepath = tls_path("rsa.crt");
	info.ssl_private_key_filepath = tls_path("rsa.key");
	info.ssl_cipher_list = "ECDHE-RSA-AES256-GCM-SHA384";
	info.tls1_3_plus_cipher_list = "TLS_CHACHA20_POLY1305_SHA256";
	ctx = lws_create_context(&info);
	CHECK(ctx);
	port = lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default"));

	try_(ctx, port, "tls1.2 default client", "-tls1_2");
	try_(ctx, port, "tls1.2 client offering only AES128", "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256");
	try_(ctx, port, "tls1.3 default client", "-tls1_3");
	try_(ctx, port, "tls1.3 client offering only AES128", "-tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256");
	lws_context_destroy(ctx);

	info.ssl_cipher_list = "RC4-MD5";
	info.tls1_3_plus_cipher_list = NULL;
	ctx = lws_create_context(&info);
	T("cipher list with nothing usable: context %s", ctx ? "created" : "failed");
	if (ctx)
		lws_context_destroy(ctx);

	T("done");
	return 0;
}
