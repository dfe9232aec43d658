/*
 * Re-entrancy: lws_context_destroy() of the running context from inside a
 * connection's RECEIVE callback, during lws_service(), with a second
 * connection open.  The program then stops calling lws_service (the
 * context is gone for it), as a program that ends on a "quit" message
 * does.  Under valgrind nothing may touch freed memory: the pass that ran
 * the callback goes on after it returns, and the wsi whose callback is on
 * the stack, its vhost and the context must outlive that.
 *
 * Both libraries only mark the context in the call: nothing is closed
 * before the callback returns.  The pass then ends by destroying the
 * context (CLOSED and WSI_DESTROY for each connection, the one whose
 * callback asked included, PROTOCOL_DESTROY) and lws_service returns -1;
 * the peers see the end.  (Ours freed the context, the connections and
 * their session data inside the call: the callback's own pss was freed
 * under it.)
 *
 * capi-tests: run serial
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsio.h"

struct pss { int id; };

static int next_id, returned, in_call, nclosed, ndestroyed, nproto_destroy;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	struct pss *pss = user;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		pss->id = next_id++;
		T("  [c%d] ESTABLISHED", pss->id);
		break;
	case LWS_CALLBACK_RECEIVE:
		T("  [c%d] RECEIVE \"%.*s\"", pss->id, (int)len, (const char *)in);
		if (len == 7 && !memcmp(in, "destroy", 7)) {
			capi_tick_stop();
			in_call = 1;
			lws_context_destroy(lws_get_context(wsi));
			in_call = 0;
			T("  [c%d] lws_context_destroy returned inside the callback"
			  " (CLOSED %d, WSI_DESTROY %d, PROTOCOL_DESTROY %d)",
			  pss->id, nclosed, ndestroyed, nproto_destroy);
			returned = 1;
		}
		break;
	case LWS_CALLBACK_CLOSED:
		nclosed++;
		T("  [c%d] CLOSED%s", pss->id, in_call ? " (in the call)" : "");
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		if (pss)
			ndestroyed++;
		break;
	case LWS_CALLBACK_PROTOCOL_DESTROY:
		nproto_destroy++;
		T("  PROTOCOL_DESTROY%s", in_call ? " (in the call)" : "");
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
	static struct wsc a, b;
	long long end;
	int port, n = 0;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
	port = wsio_start(&info);

	T("two connections");
	CHECK(!wsc_connect(&a, port, "t"));
	CHECK(!wsc_connect(&b, port, "t"));
	wsio_pump_ms(20);

	T("A's peer sends \"destroy\"");
	wsc_send_frame(&a, 1, WSO_TEXT, "destroy", 7);
	/* lws_service until the pass that destroyed the context returns */
	end = capi_now_ms() + 3000;
	while (!returned) {
		CHECK(capi_now_ms() < end);
		n = lws_service(wsio_ctx, 0);
	}
	wsio_ctx = NULL;
	T("the pass returned %d; the program stops servicing", n);
	CHECK_INT(nclosed, 2);
	CHECK_INT(ndestroyed, 2);
	CHECK_INT(nproto_destroy, 1);
	CHECK(wsc_wait_eof_nopump(&a));
	CHECK(wsc_wait_eof_nopump(&b));
	wsc_drop(&a);
	wsc_drop(&b);
	T("done");
	return 0;
}
