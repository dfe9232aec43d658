/*
 * Options and creation-info fields Debian's build honours and ours does not
 * (yet) must not be accepted in silence: each logs one error naming it, and
 * creation fails where the program could not work at all (a foreign libuv
 * loop nobody services, a vhost on a unix socket, a raw-only vhost).
 *
 * On the oracle these options work (it has the event libraries and roles),
 * so the error lines and refusals are checked on ours only; the transcript
 * holds what both do alike: the options it serves either way
 * (LIBUV without a foreign loop is still serviced by lws_service on ours,
 * and on the oracle by its libuv loop run inside lws_service).
 */
#include <libwebsockets.h>
#include "common.h"

static char errs[4096];

static void
emit(int level, const char *line)
{
	if (level == LLL_ERR && strlen(errs) + strlen(line) + 1 < sizeof(errs))
		strcat(errs, line);
}

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "t", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
base_info(struct lws_context_creation_info *info)
{
	memset(info, 0, sizeof(*info));
	info->port = CONTEXT_PORT_NO_LISTEN;
	info->protocols = protocols;
	info->gid = -1;
	info->uid = -1;
}

/* Ours names the option in exactly one error line. */
static void
check_one_error_naming(const char *what)
{
	const char *p;
	int n = 0;

	if (capi_on_oracle())
		return;
	for (p = errs; (p = strchr(p, '\n')); p++)
		n++;
	if (n != 1 || !strstr(errs, what)) {
		fprintf(stderr, "errors logged for %s:\n%s", what, errs);
		CHECK(n == 1 && strstr(errs, what));
	}
}

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	struct lws_vhost *vh;

	lws_set_log_level(LLL_ERR, emit);

#if defined(LWS_RS_CONFIG_H)
	/* ours' lws_config.h says only what this build does */
#if defined(LWS_WITH_HTTP2) || defined(LWS_ROLE_H2) || defined(LWS_WITH_LIBUV) || \
	defined(LWS_WITH_LIBEV) || defined(LWS_WITH_EVENT_LIBS) || \
	defined(LWS_WITH_EVLIB_PLUGINS) || defined(LWS_WITH_UNIX_SOCK) || \
	defined(LWS_ROLE_RAW) || defined(LWS_ROLE_RAW_FILE) || \
	defined(LWS_WITH_UDP) || defined(LWS_WITH_SYS_SMD) || \
	defined(LWS_WITH_LEJP) || defined(LWS_WITH_PLUGINS_API) || \
	defined(LWS_CLIENT_HTTP_PROXYING)
#error "lws_config.h claims a feature this library does not implement"
#endif
	/* and what it does: a foreign GMainLoop (t_glib_loop) */
#if !defined(LWS_WITH_GLIB)
#error "lws_config.h does not say LWS_WITH_GLIB although the glib loop works"
#endif
#endif
	/* info.plugin_dirs exists only with LWS_WITH_PLUGINS, which Debian's
	 * build (so its ABI) and ours leave off: nothing to honour or refuse */
#if defined(LWS_WITH_PLUGINS)
#error "LWS_WITH_PLUGINS is not in Debian's build"
#endif

	/* LIBUV without a foreign loop: a context on both, serviced by
	 * lws_service; ours logs that the option is ignored */
	base_info(&info);
	info.options = LWS_SERVER_OPTION_LIBUV;
	errs[0] = '\0';
	ctx = lws_create_context(&info);
	T("LIBUV, no foreign loop: context %s", ctx ? "created" : "NULL");
	CHECK(ctx);
	check_one_error_naming("LWS_SERVER_OPTION_LIBUV");
	lws_context_destroy(ctx);

	/* a plain context logs no error on either */
	base_info(&info);
	errs[0] = '\0';
	ctx = lws_create_context(&info);
	CHECK(ctx);
	T("plain context: errors logged: %s", yesno(errs[0] != '\0'));
	CHECK(!errs[0]);

	/* the rest would need the oracle's real event loops / roles: ours only */
	if (capi_on_oracle()) {
		lws_context_destroy(ctx);
		return 0;
	}

	{
		struct lws_context_creation_info i2;
		void *loops[1] = { (void *)&i2 /* never dereferenced by ours */ };
		/* (GLIB with a foreign GMainLoop works: t_glib_loop) */
		static const uint64_t evlibs[] = { LWS_SERVER_OPTION_LIBUV,
			LWS_SERVER_OPTION_LIBEV, LWS_SERVER_OPTION_LIBEVENT };
		static const char *names[] = { "LWS_SERVER_OPTION_LIBUV",
			"LWS_SERVER_OPTION_LIBEV", "LWS_SERVER_OPTION_LIBEVENT" };
		size_t k;

		for (k = 0; k < sizeof(evlibs) / sizeof(evlibs[0]); k++) {
			struct lws_context *c2;

			base_info(&i2);
			i2.options = evlibs[k];
			i2.foreign_loops = loops;
			errs[0] = '\0';
			c2 = lws_create_context(&i2);
			CHECK(!c2);
			check_one_error_naming(names[k]);
			CHECK(strstr(errs, "foreign_loops"));
		}
	}

	/* vhost-level: permessage-deflate taken silently, any other
	 * extension ignored (logged), unix socket and raw-only refused,
	 * fallback-to-raw logged */
	{
		static const struct lws_extension exts[] = {
			{ "permessage-deflate", lws_extension_callback_pm_deflate,
			  "permessage-deflate" },
			{ NULL, NULL, NULL }
		};
		static const struct lws_extension other[] = {
			{ "x-webkit-deflate-frame", lws_extension_callback_pm_deflate,
			  "x-webkit-deflate-frame" },
			{ NULL, NULL, NULL }
		};

		base_info(&info);
		info.vhost_name = "ext";
		info.extensions = exts;
		errs[0] = '\0';
		vh = lws_create_vhost(ctx, &info);
		CHECK(vh);
		CHECK(!errs[0]);

		base_info(&info);
		info.vhost_name = "ext2";
		info.extensions = other;
		errs[0] = '\0';
		vh = lws_create_vhost(ctx, &info);
		CHECK(vh);
		check_one_error_naming("x-webkit-deflate-frame");
	}

	base_info(&info);
	info.vhost_name = "unix";
	info.options = LWS_SERVER_OPTION_UNIX_SOCK;
	info.iface = "/tmp/t_unsupported_options.sock";
	info.port = 0;
	errs[0] = '\0';
	CHECK(!lws_create_vhost(ctx, &info));
	check_one_error_naming("LWS_SERVER_OPTION_UNIX_SOCK");

	base_info(&info);
	info.vhost_name = "raw";
	info.options = LWS_SERVER_OPTION_ONLY_RAW;
	info.listen_accept_role = "raw-skt";
	errs[0] = '\0';
	CHECK(!lws_create_vhost(ctx, &info));
	check_one_error_naming("ONLY_RAW");

	base_info(&info);
	info.vhost_name = "fallback";
	info.options = LWS_SERVER_OPTION_FALLBACK_TO_RAW;
	errs[0] = '\0';
	CHECK(lws_create_vhost(ctx, &info));
	check_one_error_naming("LWS_SERVER_OPTION_FALLBACK_TO_RAW");

	lws_context_destroy(ctx);
	return 0;
}
