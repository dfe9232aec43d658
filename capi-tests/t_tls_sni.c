/*
 * TLS: two vhosts on one port (the second created on the first's port),
 * certificate and vhost chosen by SNI; a client without SNI gets the first
 * vhost's certificate.  Certificates made at run time (tlsutil.h).
 */
#include <libwebsockets.h>
#include "common.h"
#include "tlsutil.h"

static char seen[128];

static int
cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
   size_t len)
{
	const char *vn;

	switch (r) {
	case LWS_CALLBACK_HTTP:
		vn = lws_get_vhost_name(lws_get_vhost(wsi));
		snprintf(seen, sizeof(seen), "HTTP on vhost %s, ssl=%d", vn ? vn : "?",
			 lws_is_ssl(wsi));
		return tls_ok_head(wsi);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return tls_ok_body(wsi);
	default:
		break;
	}
	return 0;
}

static struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
probe(struct lws_context *ctx, const char *label, const char *cmd_fmt, int port)
{
	char cmd[512], out[512];
	int rc;

	snprintf(cmd, sizeof(cmd), cmd_fmt, port, port);
	seen[0] = 0;
	rc = tls_run(ctx, cmd, out, sizeof(out));
	T("%s: rc=%d %s", label, rc, out);
	if (seen[0])
		T("  %s", seen);
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct lws_vhost *v1, *v2;
	int port;

	lws_set_log_level(0, NULL);
	tls_make_certs();

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
		       LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	ctx = lws_create_context(&info);
	CHECK(ctx);

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.protocols = prots;
	info.port = 0;
	info.vhost_name = "localhost";
	info.ssl_cert_filepath = tls_path("rsa.crt");
	info.ssl_private_key_filepath = tls_path("rsa.key");
	v1 = lws_create_vhost(ctx, &info);
	CHECK(v1);
	port = lws_get_vhost_listen_port(v1);
	CHECK(port > 0);

	info.port = port;
	info.vhost_name = "other";
	info.ssl_cert_filepath = tls_path("other.crt");
	info.ssl_private_key_filepath = tls_path("other.key");
	v2 = lws_create_vhost(ctx, &info);
	T("second vhost on the same port: %s", v2 ? "created" : "failed");
	CHECK(v2);
	CHECK_INT(lws_get_vhost_listen_port(v2), port);

	probe(ctx, "SNI localhost", "openssl s_client -connect 127.0.0.1:%d -servername localhost </dev/null 2>/dev/null | grep -o '^subject=.*'", port);
	probe(ctx, "SNI other", "openssl s_client -connect 127.0.0.1:%d -servername other </dev/null 2>/dev/null | grep -o '^subject=.*'", port);
	probe(ctx, "no SNI", "openssl s_client -connect 127.0.0.1:%d -noservername </dev/null 2>/dev/null | grep -o '^subject=.*'", port);
	probe(ctx, "SNI unknown", "openssl s_client -connect 127.0.0.1:%d -servername nowhere </dev/null 2>/dev/null | grep -o '^subject=.*'", port);
	probe(ctx, "https other", "curl -s --max-time 5 --http1.1 -k --resolve other:%d:127.0.0.1 https://other:%d/", port);
	probe(ctx, "https localhost", "curl -s --max-time 5 --http1.1 --cacert ca.crt --resolve localhost:%d:127.0.0.1 https://localhost:%d/", port);

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
