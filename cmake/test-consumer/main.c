/* Minimal consumer of the installed libwebsockets: includes the umbrella
 * header and calls into the library.  Prints "version: <v>" (when
 * lws_get_library_version() is available) and "dll2: ok". */
#include <libwebsockets.h>
#include <stdio.h>

struct item {
	struct lws_dll2 list;
	int value;
};

int
main(void)
{
	struct lws_dll2_owner owner;
	struct item a = { .value = 1 }, b = { .value = 2 };

#if defined(LWS_CONSUMER_HAVE_VERSION)
	printf("version: %s\n", lws_get_library_version());
#endif
	printf("LWS_LIBRARY_VERSION: %s\n", LWS_LIBRARY_VERSION);

	lws_dll2_owner_clear(&owner);
	lws_dll2_add_tail(&a.list, &owner);
	lws_dll2_add_head(&b.list, &owner);
	if (owner.count != 2 || owner.head != &b.list || owner.tail != &a.list) {
		fprintf(stderr, "dll2: unexpected list state\n");
		return 1;
	}
	lws_dll2_remove(&b.list);
	if (owner.count != 1 || owner.head != &a.list) {
		fprintf(stderr, "dll2: unexpected state after remove\n");
		return 1;
	}
	printf("dll2: ok\n");

	return 0;
}
