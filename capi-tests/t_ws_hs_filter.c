/*
 * Refusing a WebSocket connection from the user callback: a nonzero return
 * from each callback of the handshake in turn (FILTER_NETWORK_CONNECTION,
 * WSI_CREATE, SERVER_NEW_CLIENT_INSTANTIATED, HTTP_CONFIRM_UPGRADE,
 * HTTP_BIND_PROTOCOL, FILTER_PROTOCOL_CONNECTION (1 and -1), ADD_HEADERS,
 * ESTABLISHED): which callbacks follow and what the raw client sees.  Also
 * ADD_HEADERS adding a header to the 101 response.  After every refusal a
 * good client must still upgrade.
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static int logon;
static int fail_reason = -1, fail_ret, add_header;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	const struct lws_protocols *p = lws_get_protocol(wsi);
	struct lws_process_html_args *a;
	int n;

	if (!logon || wsc_reason_is_noise(reason))
		return 0;
	T("  cb %s prot=%s len=%zu user=%s", wsc_reason(reason),
	  p && p->name ? p->name : "(none)", len, user ? "set" : "NULL");
	if (reason == LWS_CALLBACK_ADD_HEADERS && add_header) {
		a = (struct lws_process_html_args *)in;
		CHECK(a && a->p);
		T("    max_len > 100: %s", yesno(a->max_len > 100));
		n = lws_add_http_header_by_name(wsi, (const unsigned char *)"x-test:",
				(const unsigned char *)"yes", 3,
				(unsigned char **)&a->p,
				(unsigned char *)a->p + a->max_len);
		T("    lws_add_http_header_by_name -> %d", n);
	}
	if ((int)reason == fail_reason) {
		T("    returning %d", fail_ret);
		return fail_ret;
	}
	return 0;
}

static const struct lws_protocols prots[] = {
	{ "alpha", cb, 16, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_context *ctx;
static int port;

static void
good_client(void)
{
	struct wsc c;
	int lo = logon, st;

	logon = 0;
	st = wsc_upgrade(ctx, &c, port, "/", NULL, NULL);
	T("good client: status %d", st);
	CHECK_INT(st, 101);
	wsc_close(&c);
	wsc_settle(ctx, NULL, 30);
	logon = lo;
}

static void
refuse_case(const char *title, int reason, int ret)
{
	struct wsc c;
	int st;

	T("== %s", title);
	fail_reason = reason;
	fail_ret = ret;
	st = wsc_upgrade(ctx, &c, port, "/", "alpha", NULL);
	T("status %d", st);
	if (st != -1)
		/* a refusal after the 101 closes at once */
		wsc_pump_ex(ctx, &c, WSC_UNTIL_CLOSED, 0, NULL, 500, WSC_SETTLE_MS);
	else
		wsc_settle(ctx, &c, 100);
	c.pos = 0;
	wsc_print_rx(&c, "rx");
	T("client connection %s", wsc_alive(&c));
	wsc_close(&c);
	wsc_settle(ctx, NULL, 50);
	fail_reason = -1;
	good_client();
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct wsc c;
	int st;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	wsc_settle(ctx, NULL, 20);
	logon = 1;

	refuse_case("FILTER_NETWORK_CONNECTION returns 1",
		    LWS_CALLBACK_FILTER_NETWORK_CONNECTION, 1);
	refuse_case("SERVER_NEW_CLIENT_INSTANTIATED returns 1",
		    LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED, 1);
	refuse_case("HTTP_CONFIRM_UPGRADE returns 1",
		    LWS_CALLBACK_HTTP_CONFIRM_UPGRADE, 1);
	refuse_case("HTTP_BIND_PROTOCOL returns 1",
		    LWS_CALLBACK_HTTP_BIND_PROTOCOL, 1);
	refuse_case("FILTER_PROTOCOL_CONNECTION returns 1",
		    LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION, 1);
	refuse_case("FILTER_PROTOCOL_CONNECTION returns -1",
		    LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION, -1);
	refuse_case("ADD_HEADERS returns 1", LWS_CALLBACK_ADD_HEADERS, 1);
	refuse_case("ESTABLISHED returns -1", LWS_CALLBACK_ESTABLISHED, -1);

	T("== ADD_HEADERS adds x-test: yes");
	add_header = 1;
	st = wsc_upgrade(ctx, &c, port, "/", "alpha", NULL);
	add_header = 0;
	T("status %d", st);
	c.pos = 0;
	wsc_print_rx(&c, "rx");
	wsc_close(&c);
	wsc_settle(ctx, NULL, 50);

	logon = 0;
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
