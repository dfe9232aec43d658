/*
 * Re-entrancy: lws_vhost_destroy() of a connection's own vhost from inside
 * that connection's RECEIVE callback, with a second connection open on the
 * same vhost.  The callback that destroyed the vhost returns normally and
 * the context keeps serving its other vhost.  Under valgrind nothing may
 * touch freed memory (the wsi whose callback is on the stack, the vhost).
 *
 * Deviation (docs/deviations.md, "Listening sockets, vhosts and
 * contexts"): ours closes the vhost's connections (CLOSED each, once; the
 * one whose callback is on the stack when that callback has returned) and
 * its peers see the end; the oracle (4.1.6) leaves them open until the
 * context is destroyed.  The transcript keeps to what both do; each
 * library's own part is checked with CHECK.
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

struct pss { int id; };

static int next_id, destroyed, nclosed, returned, echo_pending;
static struct lws_vhost *vh2;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = user;
	unsigned char b[LWS_PRE + 16];
	const char *vn;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		pss->id = next_id++;
		vn = lws_get_vhost_name(lws_get_vhost(wsi));
		T("  [c%d] ESTABLISHED on vhost %s", pss->id, vn ? vn : "?");
		break;
	case LWS_CALLBACK_RECEIVE:
		T("  [c%d] RECEIVE \"%.*s\"", pss->id, (int)len, (const char *)in);
		if (len == 7 && !memcmp(in, "destroy", 7)) {
			destroyed = 1;
			lws_vhost_destroy(lws_get_vhost(wsi));
			T("  [c%d] lws_vhost_destroy returned inside the callback",
			  pss->id);
			returned = 1;
			break;
		}
		echo_pending = 1;
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		if (!echo_pending)
			break;
		echo_pending = 0;
		memcpy(b + LWS_PRE, "echo", 4);
		lws_write(wsi, b + LWS_PRE, 4, LWS_WRITE_TEXT);
		break;
	case LWS_CALLBACK_CLOSED:
		nclosed++;
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "t", cb, sizeof(struct pss), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	static struct wsc a, b, c;
	struct wsf f;
	int port, port2;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6 |
		       LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	wsio_ctx = lws_create_context(&info);
	CHECK(wsio_ctx);
	info.port = 0;
	info.vhost_name = "default";
	CHECK(lws_create_vhost(wsio_ctx, &info));
	info.vhost_name = "v2";
	vh2 = lws_create_vhost(wsio_ctx, &info);
	CHECK(vh2);
	port = lws_get_vhost_listen_port(lws_get_vhost_by_name(wsio_ctx, "default"));
	port2 = lws_get_vhost_listen_port(vh2);
	CHECK(port > 0 && port2 > 0);
	capi_tick_start(wsio_ctx);

	T("two connections on v2");
	CHECK(!wsc_connect(&a, port2, "t"));
	CHECK(!wsc_connect(&b, port2, "t"));
	wsio_pump_ms(20);

	T("A's peer sends \"destroy\"");
	wsc_send_frame(&a, 1, WSO_TEXT, "destroy", 7);
	WSIO_UNTIL(returned, 3000);
	if (capi_on_oracle()) {
		/* the oracle closes nothing before the context goes */
		wsio_pump_ms(300);
		CHECK_INT(nclosed, 0);
	} else {
		WSIO_UNTIL(nclosed == 2, 3000);
		CHECK(wsc_wait_eof(&a, 3000));
		CHECK(wsc_wait_eof(&b, 3000));
	}
	wsc_drop(&a);
	wsc_drop(&b);
	wsio_pump_ms(30);

	T("the default vhost still serves");
	CHECK(!wsc_connect(&c, port, "t"));
	wsc_send_frame(&c, 1, WSO_TEXT, "hi", 2);
	CHECK_INT(wsc_read_frame(&c, &f, 3000), 1);
	wsf_print("C's peer got", &f);
	wsf_free(&f);
	wsc_drop(&c);
	wsio_pump_ms(30);
	wsio_stop();
	CHECK_INT(nclosed, 3);
	T("done");
	return 0;
}
