/*
 * Error messages say what failed and why, naming the file when a file is
 * the cause, so an operator can act on the log alone.
 *
 * The oracle crashes on lws_create_context(NULL) and lws_create_vhost(ctx,
 * NULL) (it dereferences them): those cases run on ours only.
 */
#include <libwebsockets.h>
#include "common.h"

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

int
main(void)
{
	lws_set_log_level(LLL_ERR | LLL_WARN, emit);

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
