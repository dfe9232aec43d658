/*
 * WebSocket server handshake, driven by a raw-socket client (wsclient.h):
 * protocol selection (none offered -> protocols[0], one, several in the
 * client's order, repeated header lines, spaces, wrong case, unknown), the
 * exact 101 response bytes, the callback sequence of a connection from
 * FILTER_NETWORK_CONNECTION to WSI_DESTROY, the per-session data (zeroed,
 * passed as `user`, per_session_data_size bytes usable), the wsi accessors
 * in ESTABLISHED, a protocol without pss (user NULL, and then no
 * WS_SERVER_DROP_PROTOCOL at close), and the three ways a client can leave (close frame, FIN,
 * RST).
 */
#include <libwebsockets.h>
#include "common.h"
#include "wsclient.h"

static struct lws_context *ctx;
static struct lws_vhost *vh;
static int logon;

#define ALPHA_PSS 64
#define BETA_PSS 7

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	      void *in, size_t len);

static const struct lws_protocols prots[] = {
	{ "alpha", cb, ALPHA_PSS, 0, 0, NULL, 0 },
	{ "beta", cb, BETA_PSS, 0, 0, NULL, 0 },
	{ "nopss", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static int
all_bytes(const void *p, size_t len, unsigned char v)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t n;

	for (n = 0; n < len; n++)
		if (b[n] != v)
			return 0;
	return 1;
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	const struct lws_protocols *p = lws_get_protocol(wsi);
	size_t pss = p ? p->per_session_data_size : 0;
	char peer[64];

	if (!logon || wsc_reason_is_noise(reason))
		return 0;
	T("  cb %s prot=%s len=%zu user=%s", wsc_reason(reason),
	  p && p->name ? p->name : "(none)", len, user ? "set" : "NULL");

	switch (reason) {
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
		T("    in=\"%s\"", in ? (const char *)in : "(null)");
		break;
	case LWS_CALLBACK_HTTP_BIND_PROTOCOL:
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		if (!pss)
			break;
		CHECK(user);
		T("    pss zeroed: %s, user == lws_wsi_user: %s",
		  yesno(all_bytes(user, pss, 0)),
		  yesno(user == lws_wsi_user(wsi)));
		break;
	case LWS_CALLBACK_ESTABLISHED:
		if (!pss) {
			T("    no pss: user NULL: %s", yesno(!user));
			break;
		}
		CHECK(user);
		T("    pss zeroed: %s, user == lws_wsi_user: %s",
		  yesno(all_bytes(user, pss, 0)),
		  yesno(user == lws_wsi_user(wsi)));
		T("    protocol is table entry: %s",
		  yesno(p == &prots[0] || p == &prots[1]));
		T("    vhost ok: %s, context ok: %s",
		  yesno(lws_get_vhost(wsi) == vh),
		  yesno(lws_get_context(wsi) == ctx));
		T("    socket fd >= 0: %s", yesno(lws_get_socket_fd(wsi) >= 0));
		memset(peer, 0, sizeof(peer));
		lws_get_peer_simple(wsi, peer, sizeof(peer));
		T("    peer \"%s\"", peer);
		T("    peer write allowance %d",
		  (int)lws_get_peer_write_allowance(wsi));
		/* the whole pss is ours to write (valgrind checks the size) */
		memset(user, 0xa5, pss);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (in)
			capi_print_bytes("    in", in, len);
		break;
	case LWS_CALLBACK_CLOSED:
		if (!pss)
			break;
		CHECK(user);
		T("    pss still holds what ESTABLISHED wrote: %s",
		  yesno(all_bytes(user, pss, 0xa5)));
		break;
	default:
		break;
	}
	return 0;
}

static int port;

static void
upgrade_case(const char *title, const char *protocol, const char *extra,
	     int how_to_leave)
{
	struct wsc c;
	int st;

	T("== %s", title);
	st = wsc_upgrade(ctx, &c, port, "/", protocol, extra);
	T("status %d", st);
	c.pos = 0;
	wsc_print_rx(&c, "rx");
	T("client connection %s", wsc_alive(&c));
	if (st == 101) {
		CHECK(!c.eof && !c.reset);
		switch (how_to_leave) {
		case 0:
			T("client sends close 1000 \"bye\"");
			c.pos = c.len;
			wsc_send_close(&c, 1000, "bye", 3);
			CHECK(wsc_pump(ctx, &c, WSC_UNTIL_CLOSED, 0));
			wsc_print_frames(&c, "rx");
			T("client connection %s", wsc_alive(&c));
			break;
		case 1:
			T("client closes TCP (FIN)");
			wsc_close(&c);
			wsc_settle(ctx, NULL, 150);
			break;
		case 2:
			T("client resets TCP (RST)");
			wsc_abort(&c);
			wsc_settle(ctx, NULL, 150);
			break;
		}
	} else
		wsc_pump(ctx, &c, WSC_UNTIL_CLOSED, 0);
	wsc_close(&c);
	wsc_settle(ctx, NULL, 20);
}

int
main(void)
{
	struct lws_context_creation_info info;

	lws_set_log_level(LLL_ERR, NULL);
	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	ctx = wsc_create_context(&info, &port);
	vh = lws_get_vhost_by_name(ctx, "default");
	/* let PROTOCOL_INIT and the like happen before the transcript */
	wsc_settle(ctx, NULL, 20);
	logon = 1;

	upgrade_case("no Sec-WebSocket-Protocol -> protocols[0]", NULL, NULL, 0);
	upgrade_case("offer beta", "beta", NULL, 1);
	upgrade_case("offer gamma, beta, alpha (client order wins)",
		     "gamma, beta, alpha", NULL, 2);
	upgrade_case("offer alpha,beta without spaces", "alpha,beta", NULL, 0);
	upgrade_case("offer \" beta , alpha\" with spaces", " beta , alpha",
		     NULL, 0);
	upgrade_case("two header lines gamma / beta", "gamma",
		     "Sec-WebSocket-Protocol: beta\r\n", 0);
	upgrade_case("offer Beta (wrong case)", "Beta", NULL, 0);
	upgrade_case("offer unknown gamma", "gamma", NULL, 0);
	upgrade_case("empty Sec-WebSocket-Protocol", "", NULL, 0);
	upgrade_case("protocol with per_session_data_size 0", "nopss", NULL, 0);
	upgrade_case("still serving after the refusals", "alpha", NULL, 0);

	logon = 0;
	lws_context_destroy(ctx);
	T("done");
	return 0;
}
