/*
 * capi-tests: run serial
 *
 * A connection closed from inside its own
 * LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION (made while the TLS
 * library is in the middle of the handshake): lws_set_timeout(wsi, ..,
 * LWS_TO_KILL_SYNC) there.  Ours used to free the wsi and its TLS session
 * under rustls (use after free);
 * ours completes the close when the handshake step returns.  The oracle
 * does not crash here: its close only starts a TLS shutdown, which its
 * handshake code undoes, so the kill is lost and the request served.
 * What both do is printed (the verification callback runs, a request
 * before and after works); the outcome of the killed one is checked per
 * library (docs/deviations.md).
 *
 * Then the same kill in a client's
 * LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION: the oracle frees
 * the SSL object under OpenSSL and crashes, ours ends the connection
 * after the handshake step.  That part runs on ours only (checks, no
 * transcript).
 */
#include <libwebsockets.h>
#include "common.h"
#include "tlsutil.h"

static struct lws_context *ctx;
static int kill_in_verify, nverify, nhttp, ndestroy, after_kill;
static int kill_client, nsverify, cdone, cerr, cclosed, crx;

static int
ccb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
    size_t len)
{
	char rb[256], *px = rb;
	int l = sizeof(rb);

	(void)user;
	(void)in;
	(void)len;
	switch (r) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		cerr++;
		cdone = 1;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		crx++;
		break;
	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
		if (lws_http_client_read(wsi, &px, &l) < 0)
			return -1;
		break;
	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
		break;
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		cclosed++;
		cdone = 1;
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols cprots[] = {
	{ "cli", ccb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static int
cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in,
   size_t len)
{

	(void)user;
	(void)in;
	switch (r) {
	case LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION:
		nverify++;
		if (kill_in_verify && !after_kill) {
			after_kill = 1;
			lws_set_timeout(wsi, PENDING_TIMEOUT_AWAITING_PROXY_RESPONSE,
					LWS_TO_KILL_SYNC);
		}
		(void)len;
		return 0;
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION:
		/* a client of ours: the context's first protocol gets it */
		nsverify++;
		if (kill_client && !after_kill) {
			after_kill = 1;
			lws_set_timeout(wsi, PENDING_TIMEOUT_AWAITING_PROXY_RESPONSE,
					LWS_TO_KILL_SYNC);
		}
		return 0;
	case LWS_CALLBACK_WSI_DESTROY:
		ndestroy++;
		return 0;
	case LWS_CALLBACK_HTTP:
		nhttp++;
		return tls_ok_head(wsi);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return tls_ok_body(wsi);
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "http", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static int port;

/* one curl request; prints its outcome if show (else returns it) */
static int
get(const char *label, int show)
{
	char cmd[1024], out[256];
	int rc;

	nverify = nhttp = ndestroy = 0;
	snprintf(cmd, sizeof(cmd),
		 "curl -s --max-time 5 --http1.1 --cacert ca.crt --cert client.crt "
		 "--key client.key https://localhost:%d/", port);
	rc = tls_run(ctx, cmd, out, sizeof(out));
	T("%s:", label);
	T("  verification callbacks: %s", nverify ? "yes" : "none");
	if (show) {
		T("  %s%s", rc ? "curl failed" : "curl ok: ", rc ? "" : out);
		T("  HTTP callbacks %d", nhttp);
	}
	return rc ? -1 : !strcmp(out, "ok");
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_vhost *vh, *cli;
	int k;

	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	tls_make_certs();

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS |
		       LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	ctx = lws_create_context(&info);
	CHECK(ctx);

	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_REQUIRE_VALID_OPENSSL_CLIENT_CERT |
		       LWS_SERVER_OPTION_DISABLE_IPV6;
	info.protocols = prots;
	info.port = 0;
	info.vhost_name = "srv";
	info.ssl_cert_filepath = tls_path("rsa-chain.pem");
	info.ssl_private_key_filepath = tls_path("rsa.key");
	info.ssl_ca_filepath = tls_path("ca.crt");
	vh = lws_create_vhost(ctx, &info);
	CHECK(vh);
	port = lws_get_vhost_listen_port(vh);
	CHECK(port > 0);
	for (k = 0; k < 20; k++) {
		lws_service(ctx, -1);
		usleep(1000);
	}

	CHECK_INT(get("plain request", 1), 1);
	CHECK(nverify > 0);
	CHECK_INT(nhttp, 1);

	kill_in_verify = 1;
	k = get("LWS_TO_KILL_SYNC in the verification callback", 0);
	kill_in_verify = 0;
	CHECK(nverify > 0);
	if (capi_on_oracle()) {
		/*
		 * the oracle's close of a server TLS connection only starts a
		 * shutdown, whose state its handshake code overwrites once
		 * OpenSSL returns: the kill is lost, the request served
		 */
		CHECK_INT(k, 1);
		CHECK_INT(nhttp, 1);
	} else {
		/*
		 * ours: closed once rustls returned; the verification failed
		 * (no more calls after the kill), nothing served, the wsi
		 * destroyed once
		 */
		CHECK_INT(k, -1);
		CHECK_INT(nhttp, 0);
		CHECK_INT(nverify, 1);
		CHECK_INT(ndestroy, 1);
	}

	after_kill = 0;
	CHECK_INT(get("a request after that", 1), 1);
	CHECK(nverify > 0);
	CHECK_INT(nhttp, 1);

	/*
	 * our own client, killed in the server-certificate verification
	 * callback (LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION)
	 */
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT |
		       LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	info.protocols = cprots;
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.vhost_name = "cli";
	info.client_ssl_ca_filepath = tls_path("ca.crt");
	info.client_ssl_cert_filepath = tls_path("client.crt");
	info.client_ssl_private_key_filepath = tls_path("client.key");
	cli = lws_create_vhost(ctx, &info);
	CHECK(cli);
	/*
	 * the killed one, then two that are not: each is verified (neither
	 * library's client resumes a TLS session, which would skip the
	 * certificate and its callback)
	 */
	for (int run = 0; run < 3; run++) {
		struct lws_client_connect_info i;
		int kill = run == 0;

		/* the oracle frees the SSL under OpenSSL here and crashes */
		if (kill && capi_on_oracle())
			continue;
		memset(&i, 0, sizeof(i));
		i.context = ctx;
		i.vhost = cli;
		i.address = "127.0.0.1";
		i.port = port;
		i.host = "localhost";
		i.path = "/";
		i.ssl_connection = LCCSCF_USE_SSL;
		i.local_protocol_name = "cli";
		i.method = "GET";
		cdone = cerr = cclosed = crx = nsverify = nhttp = 0;
		after_kill = 0;
		kill_client = kill;
		CHECK(lws_client_connect_via_info(&i));
		for (k = 0; k < 5000 && !cdone; k++) {
			lws_service(ctx, -1);
			usleep(1000);
		}
		CHECK(cdone);
		for (k = 0; k < 50; k++) {
			lws_service(ctx, -1);
			usleep(1000);
		}
		kill_client = 0;
		CHECK(nsverify > 0);
		if (!kill) {
			T("client:");
			T("  verification callbacks: yes, body pieces %s, CLOSED_CLIENT_HTTP %d, errors %d",
			  crx ? "some" : "none", cclosed, cerr);
			CHECK_INT(nhttp, 1);
			continue;
		}
		/*
		 * ours: the verification fails at the kill, the connection
		 * ends as a kill of a connecting client does (CONNECTION_ERROR
		 * "closed before established") once rustls returned
		 */
		CHECK_INT(nsverify, 1);
		CHECK_INT(cerr, 1);
		CHECK_INT(cclosed, 0);
		CHECK_INT(crx, 0);
		CHECK_INT(nhttp, 0);
	}

	lws_context_destroy(ctx);
	T("done");
	return 0;
}
