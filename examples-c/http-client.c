/*
 * An HTTP client example.
 *
 *   http-client [-a address] [-p port] [-P path] [-d post-body]
 *       GET (or, with -d, POST the body) and print the status, the
 *       content type and the body on stdout.  Exit status 0 on a 2xx.
 */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *address = "127.0.0.1", *path = "/", *post;
static int port = 80, done, status;

static int
cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
   size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		fprintf(stderr, "connection error: %s\n", in ? (char *)in : "(null)");
		done = 1;
		break;

	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		if (post) {
			unsigned char **p = (unsigned char **)in, *end = (*p) + len;
			char l[16];
			int n = snprintf(l, sizeof(l), "%u", (unsigned int)strlen(post));

			if (lws_add_http_header_by_token(wsi,
					WSI_TOKEN_HTTP_CONTENT_LENGTH,
					(unsigned char *)l, n, p, end))
				return -1;
			if (lws_add_http_header_by_token(wsi,
					WSI_TOKEN_HTTP_CONTENT_TYPE,
					(unsigned char *)"text/plain", 10, p, end))
				return -1;
			lws_client_http_body_pending(wsi, 1);
			lws_callback_on_writable(wsi);
		}
		break;

	case LWS_CALLBACK_CLIENT_HTTP_WRITEABLE: {
		size_t l = strlen(post);
		unsigned char *buf = malloc(LWS_PRE + l + 1);

		if (!buf)
			return -1;
		memcpy(buf + LWS_PRE, post, l);
		lws_client_http_body_pending(wsi, 0);
		if (lws_write(wsi, buf + LWS_PRE, l, LWS_WRITE_HTTP_FINAL) != (int)l) {
			free(buf);
			return -1;
		}
		free(buf);
		break; }

	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP: {
		char ct[128];

		status = (int)lws_http_client_http_response(wsi);
		fprintf(stderr, "status %d\n", status);
		if (lws_hdr_copy(wsi, ct, sizeof(ct), WSI_TOKEN_HTTP_CONTENT_TYPE) > 0)
			fprintf(stderr, "content-type: %s\n", ct);
		break; }

	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP: {
		char buf[LWS_PRE + 4096], *px = buf + LWS_PRE;
		int lenx = sizeof(buf) - LWS_PRE;

		if (lws_http_client_read(wsi, &px, &lenx) < 0)
			return -1;
		break; }

	case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
		fwrite(in, 1, len, stdout);
		break;

	case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		done = 1;
		break;

	default:
		break;
	}
	return 0;
}

static struct lws_protocols protocols[] = {
	{ "http-client", cb, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static void
usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-a address] [-p port] [-P path] [-d post-body]\n"
		"  GETs (or with -d POSTs the body to) http://address:port/path\n"
		"  (default 127.0.0.1:80 /) and prints status, type and body\n",
		argv0);
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_client_connect_info i;
	struct lws_context *ctx;
	int n;

	for (n = 1; n < argc; n++) {
		if (!strcmp(argv[n], "-h") || !strcmp(argv[n], "--help")) {
			usage(argv[0]);
			return 0;
		}
		if (!strcmp(argv[n], "-a") && n + 1 < argc)
			address = argv[++n];
		else if (!strcmp(argv[n], "-p") && n + 1 < argc)
			port = atoi(argv[++n]);
		else if (!strcmp(argv[n], "-P") && n + 1 < argc)
			path = argv[++n];
		else if (!strcmp(argv[n], "-d") && n + 1 < argc)
			post = argv[++n];
		else {
			usage(argv[0]);
			return 2;
		}
	}

	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	ctx = lws_create_context(&info);
	if (!ctx)
		return 1;

	memset(&i, 0, sizeof(i));
	i.context = ctx;
	i.address = address;
	i.port = port;
	i.path = path;
	i.host = address;
	i.origin = address;
	i.method = post ? "POST" : "GET";
	/* naming the protocol binds it: only then is the body handed over */
	i.protocol = protocols[0].name;
	if (!lws_client_connect_via_info(&i)) {
		fprintf(stderr, "connect failed\n");
		lws_context_destroy(ctx);
		return 1;
	}
	while (!done)
		if (lws_service(ctx, 0) < 0)
			break;
	lws_context_destroy(ctx);
	return status >= 200 && status < 300 ? 0 : 1;
}
