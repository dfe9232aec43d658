/* lws_get_library_version(): the string and its stability. */
#include <libwebsockets.h>
#include "common.h"

int
main(void)
{
	const char *v = lws_get_library_version();

	CHECK(v);
	T("version \"%s\"", v);
	CHECK(!strncmp(v, "4.1.6", 5));
	/* the same static string every time */
	CHECK(lws_get_library_version() == v);
	T("macro %d.%d.%d", LWS_LIBRARY_VERSION_MAJOR, LWS_LIBRARY_VERSION_MINOR,
	  LWS_LIBRARY_VERSION_PATCH);
	CHECK_INT(LWS_LIBRARY_VERSION_NUMBER, 4001006);
	T("number %d", LWS_LIBRARY_VERSION_NUMBER);
	return 0;
}
