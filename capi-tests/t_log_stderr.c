/*
 * The built-in emitters: lwsl_emit_stderr (timestamp and level tag, with
 * the timestamp's digits masked here since they change), and
 * lwsl_emit_stderr_notimestamp.  stderr is redirected to a file, then read
 * back and printed.  Colours are only used on a terminal, so none appear.
 */
#include <libwebsockets.h>
#include <ctype.h>
#include <fcntl.h>
#include "common.h"

static void
dump(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");
	size_t n;

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f)) {
		for (n = 0; line[n]; n++)
			if (isdigit((unsigned char)line[n]))
				line[n] = '9';
		printf("  %s", line);
	}
	fclose(f);
}

int
main(void)
{
	char path[] = "/tmp/lws-capi-stderr-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);

	CHECK(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);

	lws_set_log_level(LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_USER,
			  lwsl_emit_stderr);
	lwsl_err("an error %d\n", 1);
	lwsl_warn("a warning\n");
	lwsl_notice("a notice\n");
	lwsl_user("a user line\n");
	lwsl_info("not shown\n");
	_lws_log(LLL_ERR | LLL_WARN, "two levels at once\n");

	lws_set_log_level(LLL_ERR | LLL_USER, lwsl_emit_stderr_notimestamp);
	lwsl_err("no timestamp error\n");
	lwsl_user("no timestamp user\n");
	lwsl_warn("not shown\n");

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	T("stderr:");
	dump(path);
	unlink(path);
	T("done");
	return 0;
}
