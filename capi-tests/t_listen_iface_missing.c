/*
 * A vhost whose info.iface names an interface that does not exist (yet):
 * daemons started before the network rely on the oracle creating the
 * context anyway.  It logs one error naming the vhost, iface and port,
 * lws_get_vhost_listen_port() reports the configured port, nothing listens
 * there (the oracle retries every 30 s, too long to wait for here), and
 * LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND makes creation fail instead.
 */
#include <libwebsockets.h>
#include "common.h"
#include "clientutil.h"

static char errs[2048];

static void
emit(int level, const char *line)
{
	if (level == LLL_ERR && strlen(errs) + strlen(line) + 1 < sizeof(errs))
		strcat(errs, line);
}

static const struct lws_protocols prots[] = {
	{ "p", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(void)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	char want[128];
	int port = cu_free_port();

	lws_set_log_level(LLL_ERR, emit);

	memset(&info, 0, sizeof(info));
	info.protocols = prots;
	info.port = port;
	info.iface = "nosuchif0";
	info.gid = -1;
	info.uid = -1;
	ctx = lws_create_context(&info);
	T("missing iface: context %s", ctx ? "created" : "NULL");
	CHECK(ctx);
	snprintf(want, sizeof(want), "VH default: iface nosuchif0 port %d DOESN'T EXIST\n", port);
	T("one error line naming vhost, iface and port: %s", yesno(!strcmp(errs, want)));
	if (strcmp(errs, want))
		fprintf(stderr, "logged errors:\n%s", errs);
	CHECK_STR(errs, want);
	CHECK_INT(lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default")), port);
	T("listen port reported: configured");
	T("connect to the port: %s", yesno(cu_reachable(AF_INET, "127.0.0.1", port)));
	CHECK(!cu_reachable(AF_INET, "127.0.0.1", port));
	lws_context_destroy(ctx);

	info.options = LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND;
	errs[0] = '\0';
	ctx = lws_create_context(&info);
	T("with FAIL_UPON_UNABLE_TO_BIND: context %s", ctx ? "created" : "NULL");
	CHECK(!ctx);
	T("error names the iface: %s", yesno(strstr(errs, "iface nosuchif0") != NULL));
	CHECK(strstr(errs, "iface nosuchif0"));

	return 0;
}
