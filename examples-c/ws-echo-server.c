/*
 * ws-echo-server: WebSocket echo server for this project's libwebsockets.
 *
 * Every message received on protocol "lws-echo" is sent back unchanged, with
 * its text/binary type preserved.  lws hands us a message as one or more
 * RECEIVE pieces (frames may be fragmented by the peer, and large frames are
 * split to fit the rx buffer); each piece is queued and later sent as one
 * frame of an outgoing fragmented message, so the peer receives exactly the
 * bytes it sent, whatever their size (Autobahn 9.x goes up to 16 MiB).
 *
 * Sends only happen in LWS_CALLBACK_SERVER_WRITEABLE, one lws_write() per
 * callback.  When too much is queued for a slow reader, reception from that
 * peer is paused with lws_rx_flow_control() until the queue drains.
 *
 * HTTP requests are answered by lws_callback_http_dummy from a mount of the
 * www/ directory on "/".
 *
 * usage: ws-echo-server [-p port] [-q] [-w wwwdir] [-c cert.pem -k key.pem]
 *
 * With -c and -k it serves wss:// and https:// (TLS) instead.
 */
#include <libwebsockets.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef EXAMPLES_WWW_DIR
#define EXAMPLES_WWW_DIR "./www"
#endif

/*
 * Safety net against a peer that sends without reading: pause reading from it
 * once this much echo data waits to be sent, resume once under the low mark.
 * Set well above Autobahn's largest message (16 MiB): Debian's 4.1.6 was seen
 * to stall a connection for good in case 9.2.6 with a 1 MiB high mark (rx
 * resumed with data left in its internal buffer, never delivered).
 */
#define ECHO_QUEUE_HIGH (64 * 1024 * 1024)
#define ECHO_QUEUE_LOW  (16 * 1024 * 1024)

/* one queued outgoing frame: a RECEIVE piece, stored after LWS_PRE headroom */
struct echo_piece {
	struct echo_piece *next;
	size_t len;
	unsigned char first;   /* starts a message */
	unsigned char final;   /* ends a message */
	unsigned char binary;
	/* LWS_PRE bytes of headroom, then len bytes of payload */
	unsigned char buf[];
};

struct echo_conn {
	struct echo_piece *head, *tail;
	size_t queued;         /* payload bytes waiting in the queue */
	unsigned char paused;  /* rx flow control is holding the peer */
};

static volatile sig_atomic_t stop_requested;

static void
queue_free(struct echo_conn *c)
{
	struct echo_piece *p = c->head, *n;

	while (p) {
		n = p->next;
		free(p);
		p = n;
	}
	c->head = c->tail = NULL;
	c->queued = 0;
}

static int
echo_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	void *in, size_t len)
{
	struct echo_conn *c = (struct echo_conn *)user;
	struct echo_piece *p;
	int flags, n;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		memset(c, 0, sizeof(*c));
		break;

	case LWS_CALLBACK_RECEIVE:
		p = malloc(sizeof(*p) + LWS_PRE + len);
		if (!p) {
			lwsl_err("echo: out of memory queueing %zu bytes\n", len);
			return -1;
		}
		p->next = NULL;
		p->len = len;
		p->first = (unsigned char)!!lws_is_first_fragment(wsi);
		p->final = (unsigned char)!!lws_is_final_fragment(wsi);
		p->binary = (unsigned char)!!lws_frame_is_binary(wsi);
		if (len)
			memcpy(p->buf + LWS_PRE, in, len);

		if (c->tail)
			c->tail->next = p;
		else
			c->head = p;
		c->tail = p;
		c->queued += len;

		if (!c->paused && c->queued > ECHO_QUEUE_HIGH) {
			c->paused = 1;
			lws_rx_flow_control(wsi, 0);
		}
		lws_callback_on_writable(wsi);
		break;

	case LWS_CALLBACK_SERVER_WRITEABLE:
		p = c->head;
		if (!p)
			break;

		flags = lws_write_ws_flags(p->binary ? LWS_WRITE_BINARY :
						       LWS_WRITE_TEXT,
					   p->first, p->final);
		n = lws_write(wsi, p->buf + LWS_PRE, p->len,
			      (enum lws_write_protocol)flags);
		if (n < (int)p->len) {
			/* usually the peer went away with echoes queued */
			lwsl_info("echo: lws_write failed (%d of %zu)\n", n,
				  p->len);
			return -1;
		}

		c->head = p->next;
		if (!c->head)
			c->tail = NULL;
		c->queued -= p->len;
		free(p);

		if (c->paused && c->queued < ECHO_QUEUE_LOW) {
			c->paused = 0;
			lws_rx_flow_control(wsi, 1);
		}
		if (c->head)
			lws_callback_on_writable(wsi);
		break;

	case LWS_CALLBACK_CLOSED:
		queue_free(c);
		break;

	default:
		break;
	}

	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ "lws-echo", echo_cb, sizeof(struct echo_conn), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/*
 * Clients that ask for no subprotocol (Autobahn, plain "new WebSocket(url)")
 * would otherwise be bound to protocols[0], the http handler, and get no
 * replies: the per-vhost option "default" makes "lws-echo" their protocol.
 */
static const struct lws_protocol_vhost_options pvo_default = {
	NULL, NULL, "default", "1"
};
static const struct lws_protocol_vhost_options pvo_echo = {
	NULL, &pvo_default, "lws-echo", ""
};

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void
usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-p port] [-q] [-w wwwdir] "
		"[-c cert.pem -k key.pem] [-d]\n"
		"  -d  offer permessage-deflate (RFC 7692) to clients that ask\n",
		argv0);
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_http_mount mount;
	struct lws_context *context;
	const char *www = EXAMPLES_WWW_DIR, *cert = NULL, *key = NULL;
	static const struct lws_extension exts[] = {
		{ "permessage-deflate", lws_extension_callback_pm_deflate,
		  "permessage-deflate; client_no_context_takeover; "
		  "client_max_window_bits" },
		{ NULL, NULL, NULL }
	};
	int port = 7681, quiet = 0, deflate = 0, opt, n = 0;
	struct sigaction sa;

	while ((opt = getopt(argc, argv, "p:qw:c:k:dh")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'w':
			www = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'd':
			deflate = 1;
			break;
		default:
			usage(argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}

	lws_set_log_level(quiet ? LLL_ERR :
			  LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_USER, NULL);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	memset(&mount, 0, sizeof(mount));
	mount.mountpoint = "/";
	mount.mountpoint_len = 1;
	mount.origin = www;
	mount.def = "index.html";
	mount.origin_protocol = LWSMPRO_FILE;

	memset(&info, 0, sizeof(info));
	info.port = port;
	info.protocols = protocols;
	info.mounts = &mount;
	info.pvo = &pvo_echo;
	info.vhost_name = "localhost";
	if (deflate)
		info.extensions = exts;
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 |
		       LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;
	if (cert && key) {
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.ssl_cert_filepath = cert;
		info.ssl_private_key_filepath = key;
	}

	context = lws_create_context(&info);
	if (!context) {
		lwsl_err("lws_create_context failed\n");
		return 1;
	}
	lwsl_user("ws-echo-server: listening on port %d, serving %s\n", port,
		  www);

	while (n >= 0 && !stop_requested)
		n = lws_service(context, 0);

	lws_context_destroy(context);
	lwsl_user("ws-echo-server: exiting\n");

	return 0;
}
