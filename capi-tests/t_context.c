/*
 * Context and vhost life cycle on a no-listen context: every callback
 * delivered to a 3-protocol table, with its arguments (as deterministic
 * facts), lws_context_user, per-vhost protocol private memory, vhost names,
 * and the explicit-vhosts variant.
 */
#include <libwebsockets.h>
#include "common.h"

#define MAXEV 64

struct ev {
	int reason;
	int proto_idx;		/* which table entry's callback ran */
	int wsi_null;
	struct lws_context *wctx;
	struct lws_vhost *wvh;
	const struct lws_protocols *wproto;
	void *user, *in;
	size_t len;
	void *priv_alloc, *priv_get;
	char vhname[32];
	char pname[32];		/* lws_get_protocol(wsi)->name, copied */
	int tbl_idx;		/* lws_get_protocol(wsi) == &protocols[i] */
};

static struct ev evs[MAXEV];
static int nev;
static int ctx_user_tag, vh_user_tag;
static const struct lws_protocols *table;
static void *last_priv[3];

static int
record(int idx, struct lws *wsi, enum lws_callback_reasons reason, void *user,
       void *in, size_t len)
{
	struct ev *e;

	if (nev >= MAXEV)
		return 0;
	e = &evs[nev++];
	memset(e, 0, sizeof(*e));
	e->reason = (int)reason;
	e->proto_idx = idx;
	e->wsi_null = !wsi;
	e->user = user;
	e->in = in;
	e->len = len;
	if (wsi) {
		e->wctx = lws_get_context(wsi);
		e->wvh = lws_get_vhost(wsi);
		e->wproto = lws_get_protocol(wsi);
		e->tbl_idx = -1;
		if (e->wproto) {
			int v;

			for (v = 0; v < 3; v++)
				if (e->wproto == &table[v])
					e->tbl_idx = v;
			lws_strncpy(e->pname, e->wproto->name ? e->wproto->name :
				    "(null)", sizeof(e->pname));
		}
	}
	if (reason == LWS_CALLBACK_PROTOCOL_INIT && wsi) {
		const char *n = lws_get_vhost_name(e->wvh);

		lws_strncpy(e->vhname, n ? n : "(null)", sizeof(e->vhname));
		e->priv_alloc = lws_protocol_vh_priv_zalloc(e->wvh,
					&table[idx], 24 + (size_t)idx);
		e->priv_get = lws_protocol_vh_priv_get(e->wvh, &table[idx]);
		last_priv[idx] = e->priv_alloc;
		if (e->priv_alloc) {
			unsigned char *p = e->priv_alloc;
			size_t k;

			for (k = 0; k < 24; k++)
				CHECK(!p[k]); /* zalloc */
		}
	}
	return 0;
}

static int cb_a(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l)
{ return record(0, w, r, u, i, l); }
static int cb_b(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l)
{ return record(1, w, r, u, i, l); }
static int cb_c(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l)
{ return record(2, w, r, u, i, l); }

static int proto_user_a, proto_user_c;

static const struct lws_protocols protocols[] = {
	{ "proto-a", cb_a, 16, 128, 11, &proto_user_a, 0 },
	{ "proto-b", cb_b, 0, 0, 0, NULL, 0 },
	{ "proto-c", cb_c, 32, 0, 77, &proto_user_c, 64 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static const char *
reason_name(int r)
{
	switch (r) {
	case LWS_CALLBACK_PROTOCOL_INIT: return "PROTOCOL_INIT";
	case LWS_CALLBACK_PROTOCOL_DESTROY: return "PROTOCOL_DESTROY";
	case LWS_CALLBACK_GET_THREAD_ID: return "GET_THREAD_ID";
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED: return "EVENT_WAIT_CANCELLED";
	case LWS_CALLBACK_VHOST_CERT_AGING: return "VHOST_CERT_AGING";
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS:
		return "OPENSSL_LOAD_EXTRA_CLIENT_VERIFY_CERTS";
	case LWS_CALLBACK_OPENSSL_LOAD_EXTRA_SERVER_VERIFY_CERTS:
		return "OPENSSL_LOAD_EXTRA_SERVER_VERIFY_CERTS";
	default: return "other";
	}
}

static int
count_reason(int reason)
{
	int n, c = 0;

	for (n = 0; n < nev; n++)
		c += evs[n].reason == reason;
	return c;
}

/* print the recorded events as facts relative to the expected objects */
static void
dump(const char *phase, struct lws_context *ctx, struct lws_vhost **vhs,
     int nvh)
{
	int n, v;

	T("-- %s: %d callbacks", phase, nev);
	for (n = 0; n < nev; n++) {
		struct ev *e = &evs[n];
		int vh_idx = -1, tbl_idx = e->tbl_idx;

		for (v = 0; v < nvh; v++)
			if (e->wvh && e->wvh == vhs[v])
				vh_idx = v;
		printf("%s(%d) cb=%s wsi=%s", reason_name(e->reason), e->reason,
		       protocols[e->proto_idx].name, e->wsi_null ? "NULL" : "set");
		if (!e->wsi_null) {
			printf(" ctx==ctx:%s vhost=", yesno(e->wctx == ctx));
			if (vh_idx >= 0)
				printf("#%d", vh_idx);
			else
				printf("%s", e->wvh ? "other" : "NULL");
			printf(" proto=");
			if (tbl_idx >= 0)
				printf("table[%d]", tbl_idx);
			else if (e->wproto)
				printf("copy(%s)", e->pname);
			else
				printf("NULL");
		}
		printf(" user=%s in=%s len=%d",
		       e->user ? (e->user == &proto_user_a ? "proto_user_a" :
				  "set") : "NULL",
		       e->in ? (e->in == &ctx_user_tag ? "ctx_user" :
			       (e->in == &vh_user_tag ? "vh_user" : "set")) :
			       "NULL",
		       (int)e->len);
		if (e->reason == LWS_CALLBACK_PROTOCOL_INIT && !e->wsi_null)
			printf(" vhname=%s zalloc=%s get==zalloc:%s",
			       e->vhname, e->priv_alloc ? "ok" : "NULL",
			       yesno(e->priv_get == e->priv_alloc));
		printf("\n");
	}
	nev = 0;
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct lws_vhost *vhs[3];
	int n;

	table = protocols;
	lws_set_log_level(LLL_ERR, NULL);

	/* ---- implicit default vhost ---- */
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.user = &ctx_user_tag;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	T("context_user == info.user: %s", yesno(lws_context_user(ctx) == &ctx_user_tag));
	CHECK(lws_context_user(ctx) == &ctx_user_tag);
	vhs[0] = lws_get_vhost_by_name(ctx, "default");
	T("get_vhost_by_name(default): %s", vhs[0] ? "found" : "NULL");
	CHECK(vhs[0]);
	T("default vhost name: %s", lws_get_vhost_name(vhs[0]));
	CHECK_INT(nev, 0); /* PROTOCOL_INIT is deferred to the first service */
	dump("create (implicit vhost)", ctx, vhs, 1);
	lws_service(ctx, -1);
	CHECK_INT(count_reason(LWS_CALLBACK_PROTOCOL_INIT), 3);
	CHECK(last_priv[0] && last_priv[1] && last_priv[2]);
	dump("first lws_service(ctx, -1)", ctx, vhs, 1);
	for (n = 0; n < 3 && vhs[0]; n++) {
		void *p = lws_protocol_vh_priv_get(vhs[0], &protocols[n]);

		T("vh_priv_get(%s) after INIT: %s", protocols[n].name,
		  p ? (p == last_priv[n] ? "the INIT allocation" : "other") :
		      "NULL");
	}

	/* a few service passes deliver nothing to the protocols */
	for (n = 0; n < 2; n++)
		lws_service(ctx, -1);
	dump("2x lws_service(ctx, -1)", ctx, vhs, 1);

	lws_context_destroy(ctx);
	CHECK_INT(count_reason(LWS_CALLBACK_PROTOCOL_DESTROY), 3);
	/* ctx is only compared with pointers recorded during the destroy */
	dump("destroy", ctx, vhs, 1);

	/* ---- explicit vhosts ---- */
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	info.protocols = protocols;
	info.user = &ctx_user_tag;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	T("explicit: get_vhost_by_name(default): %s",
	  lws_get_vhost_by_name(ctx, "default") ? "found" : "NULL");
	dump("create (explicit vhosts)", ctx, vhs, 0);

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.vhost_name = "vh-one";
	info.user = &vh_user_tag;
	vhs[0] = lws_create_vhost(ctx, &info);
	CHECK(vhs[0]);
	T("vh-one name: %s", lws_get_vhost_name(vhs[0]));
	dump("lws_create_vhost(vh-one)", ctx, vhs, 1);

	info.vhost_name = "vh-two";
	info.protocols = &protocols[1]; /* proto-b, proto-c */
	vhs[1] = lws_create_vhost(ctx, &info);
	CHECK(vhs[1]);
	T("vh-two name: %s", lws_get_vhost_name(vhs[1]));
	T("by_name(vh-one)==vh1: %s, by_name(vh-two)==vh2: %s, by_name(nope): %s",
	  yesno(lws_get_vhost_by_name(ctx, "vh-one") == vhs[0]),
	  yesno(lws_get_vhost_by_name(ctx, "vh-two") == vhs[1]),
	  lws_get_vhost_by_name(ctx, "nope") ? "found" : "NULL");
	dump("lws_create_vhost(vh-two, protocols+1)", ctx, vhs, 2);
	lws_service(ctx, -1);
	CHECK_INT(count_reason(LWS_CALLBACK_PROTOCOL_INIT), 5);
	dump("first lws_service(ctx, -1)", ctx, vhs, 2);

	T("vh-one priv(proto-a): %s, vh-two priv(proto-a): %s, "
	  "vh-two priv(proto-c): %s",
	  lws_protocol_vh_priv_get(vhs[0], &protocols[0]) ? "set" : "NULL",
	  lws_protocol_vh_priv_get(vhs[1], &protocols[0]) ? "set" : "NULL",
	  lws_protocol_vh_priv_get(vhs[1], &protocols[2]) ? "set" : "NULL");
	T("vh_priv_get(NULL vhost): %s",
	  lws_protocol_vh_priv_get(NULL, &protocols[0]) ? "set" : "NULL");

	lws_context_destroy(ctx);
	dump("destroy (explicit vhosts)", ctx, vhs, 2);

	/* destroyed before any service: are INIT / DESTROY delivered? */
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	ctx = lws_create_context(&info);
	CHECK(ctx);
	vhs[0] = lws_get_vhost_by_name(ctx, "default");
	T("context_user with no info.user: %s", lws_context_user(ctx) ? "set" : "NULL");
	lws_context_destroy(ctx);
	CHECK_INT(nev, 0);
	dump("create + destroy without service", ctx, vhs, 1);
	return 0;
}
