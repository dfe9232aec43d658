/* probe 4: callbacks of a listening context created and destroyed with no
 * service at all, and with only lws_service_fd on an accepted connection */
#include <libwebsockets.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
static int cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in, size_t len)
{
	printf("  cb %d fd=%d\n", r, wsi ? lws_get_socket_fd(wsi) : -2);
	return 0;
}
static struct lws_protocols prots[] = { { "http", cb, 0, 0 }, { NULL, NULL, 0, 0 } };
int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = 0;
	info.protocols = prots;
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	printf("create/destroy\n");
	struct lws_context *ctx = lws_create_context(&info);
	lws_context_destroy(ctx);
	printf("create/service/destroy\n");
	ctx = lws_create_context(&info);
	lws_service(ctx, -1);
	lws_context_destroy(ctx);
	return 0;
}
