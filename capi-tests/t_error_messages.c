/*
 * Error messages say what failed and why, naming the file when a file is
 * the cause, so an operator can act on the log alone.
 *
 * - a TLS vhost whose certificate or key file is missing, is not a
 *   certificate / key, or does not go with the other: the context is
 *   refused on both libraries, and the error names the file; on ours also
 *   the reason in the OS's words ("No such file or directory"), and a bad
 *   certificate of our own is never called a "peer certificate" (rustls's
 *   wording for certificates it cannot read);
 * - a CA file that holds no certificate (server ssl_ca_filepath, client
 *   client_ssl_ca_filepath) does not fail the context on either library,
 *   but is logged: the client one naming the file on both, the server one
 *   naming it on ours (the oracle: "SSL_CTX_load_verify_locations unhappy");
 * - the oracle crashes on lws_create_context(NULL) and lws_create_vhost(ctx,
 *   NULL) (it dereferences them): those cases run on ours only.
 */
#include <libwebsockets.h>
#include "common.h"
#include "tlsutil.h"

static char errs[4096];

static void
emit(int level, const char *line)
{
	if ((level & (LLL_ERR | LLL_WARN)) && strlen(errs) + strlen(line) + 1 < sizeof(errs))
		strcat(errs, line);
}

static void
expect_logged(const char *what, const char *needle)
{
	if (!strstr(errs, needle)) {
		fprintf(stderr, "%s: no log line with \"%s\"; logged:\n%s", what, needle, errs);
		CHECK(strstr(errs, needle));
	}
}

static const struct lws_protocols prots[] = {
	{ "p", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* a TLS context from these files: refused, with an error naming `needle` */
static void
tls_refused(const char *what, const char *cert, const char *key,
	    const char *needle, const char *ours_reason)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;

	memset(&info, 0, sizeof(info));
	info.port = 0; /* a listening TLS vhost (ephemeral port) */
	info.protocols = prots;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.ssl_cert_filepath = cert;
	info.ssl_private_key_filepath = key;
	info.gid = -1;
	info.uid = -1;
	errs[0] = '\0';
	ctx = lws_create_context(&info);
	T("%s: context %s, the error names the file: %s", what,
	  ctx ? "created" : "refused", yesno(strstr(errs, needle) != NULL));
	if (ctx)
		lws_context_destroy(ctx);
	CHECK(!ctx);
	expect_logged(what, needle);
	if (!capi_on_oracle()) {
		if (ours_reason)
			expect_logged(what, ours_reason);
		if (strstr(errs, "peer")) {
			fprintf(stderr, "%s: blames the peer:\n%s", what, errs);
			CHECK(!strstr(errs, "peer"));
		}
	}
}

/* a context with this CA file: created, with an error naming `needle`
 * (on ours only when `both` is 0) */
static void
ca_logged(const char *what, int client, const char *ca, const char *needle,
	  int both, const char *ours_reason)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	if (client) {
		info.port = CONTEXT_PORT_NO_LISTEN;
		info.client_ssl_ca_filepath = ca;
	} else {
		info.port = 0;
		info.ssl_cert_filepath = tls_path("ec.crt");
		info.ssl_private_key_filepath = tls_path("ec.key");
		info.ssl_ca_filepath = ca;
	}
	info.gid = -1;
	info.uid = -1;
	errs[0] = '\0';
	ctx = lws_create_context(&info);
	T("%s: context %s, an error logged: %s", what, ctx ? "created" : "refused",
	  yesno(errs[0] != '\0'));
	CHECK(ctx);
	if (ctx)
		lws_context_destroy(ctx);
	if (both || !capi_on_oracle())
		expect_logged(what, needle);
	if (!capi_on_oracle() && ours_reason)
		expect_logged(what, ours_reason);
	if (!capi_on_oracle() && strstr(errs, "peer")) {
		fprintf(stderr, "%s: blames the peer:\n%s", what, errs);
		CHECK(!strstr(errs, "peer"));
	}
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f);
	fputs(text, f);
	fclose(f);
}

int
main(void)
{
	lws_set_log_level(LLL_ERR | LLL_WARN, emit);

	tls_make_certs();
	write_file(tls_path("garbage.crt"), "-----BEGIN CERTIFICATE-----\n"
		   "Z2FyYmFnZSBnYXJiYWdlIGdhcmJhZ2UgZ2FyYmFnZQ==\n"
		   "-----END CERTIFICATE-----\n");
	write_file(tls_path("notpem.key"), "this is not a key\n");

	tls_refused("missing certificate", "/nonexistent/lws-capi.crt",
		    tls_path("ec.key"), "/nonexistent/lws-capi.crt",
		    "No such file or directory");
	tls_refused("missing key", tls_path("ec.crt"), "/nonexistent/lws-capi.key",
		    "/nonexistent/lws-capi.key", "No such file or directory");
	tls_refused("garbage certificate", tls_path("garbage.crt"),
		    tls_path("ec.key"), "garbage.crt", NULL);
	tls_refused("garbage key", tls_path("ec.crt"), tls_path("notpem.key"),
		    "notpem.key", NULL);
	tls_refused("key of another certificate", tls_path("ec.crt"),
		    tls_path("other.key"), "other.key", NULL);

	ca_logged("server CA missing", 0, "/nonexistent/lws-capi-ca.pem",
		  "/nonexistent/lws-capi-ca.pem", 0, "No such file or directory");
	ca_logged("server CA garbage", 0, tls_path("garbage.crt"), "garbage.crt",
		  0, NULL);
	ca_logged("client CA missing", 1, "/nonexistent/lws-capi-ca.pem",
		  "/nonexistent/lws-capi-ca.pem", 1, "No such file or directory");
	ca_logged("client CA garbage", 1, tls_path("garbage.crt"), "garbage.crt",
		  1, NULL);
	ca_logged("client CA not PEM", 1, tls_path("notpem.key"), "notpem.key",
		  1, NULL);
	tls_cleanup();

	if (!capi_on_oracle()) {
		struct lws_context_creation_info info;
		struct lws_context *ctx;

		errs[0] = '\0';
		CHECK(!lws_create_context(NULL));
		expect_logged("lws_create_context(NULL)", "lws_create_context: info is NULL");

		memset(&info, 0, sizeof(info));
		info.port = CONTEXT_PORT_NO_LISTEN;
		info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
		ctx = lws_create_context(&info);
		CHECK(ctx);
		errs[0] = '\0';
		CHECK(!lws_create_vhost(ctx, NULL));
		expect_logged("lws_create_vhost(ctx, NULL)", "lws_create_vhost: info is NULL");
		errs[0] = '\0';
		CHECK(!lws_create_vhost(NULL, &info));
		expect_logged("lws_create_vhost(NULL, info)", "lws_create_vhost: context is NULL");
		lws_context_destroy(ctx);
	}
	T("done");
	return 0;
}
