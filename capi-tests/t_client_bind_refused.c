/*
 * A client whose CLIENT_HTTP_BIND_PROTOCOL callback returns nonzero: the
 * oracle ignores the answer and the connect goes on (here to a port
 * nothing listens on: CONNECTION_ERROR "Unable to connect", then
 * WSI_DESTROY).  Ours used to fail the connect at once (NULL, and no
 * WSI_DESTROY).
 */
#include <libwebsockets.h>
#include <signal.h>
#include "common.h"
#include "clientutil.h"

static int errors, destroys;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL:
		T("  CLIENT_HTTP_BIND_PROTOCOL: returning -1");
		return -1;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		errors++;
		T("  CLIENT_CONNECTION_ERROR \"%.*s\"", in ? (int)len : 0,
		  in ? (const char *)in : "");
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		if (lws_get_vhost(wsi) && lws_get_protocol(wsi)) {
			destroys++;
			T("  WSI_DESTROY");
		}
		break;
	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "c", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_client_connect_info ci;
	struct lws_context *ctx;
	struct lws *w = NULL, *r;
	long long end;

	memset(&info, 0, sizeof(info));
	info.protocols = protocols;
	info.port = CONTEXT_PORT_NO_LISTEN;
	signal(SIGPIPE, SIG_IGN);
	lws_set_log_level(LLL_ERR, NULL);
	ctx = lws_create_context(&info);
	CHECK(ctx);
	capi_tick_start(ctx);

	cu_get_info(&ci, ctx, cu_free_port(), "localhost", "c");
	ci.pwsi = &w;
	T("connect, naming protocol c");
	r = lws_client_connect_via_info(&ci);
	T("connect returned %s, pwsi %s", r ? "a wsi" : "NULL",
	  w ? (w == r ? "the wsi" : "another") : "NULL");
	end = capi_now_ms() + 3000;
	while (!destroys && capi_now_ms() < end)
		lws_service(ctx, 0);
	CHECK_INT(errors, 1);
	CHECK_INT(destroys, 1);
	capi_tick_stop();
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
