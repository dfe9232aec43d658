/*
 * ws-chat-server: broadcast ("chat") WebSocket server on protocol "lws-chat".
 *
 * Every complete message a client sends is appended to one lws_ring owned by
 * the vhost (allocated in the protocol's per-vhost private data) and every
 * connected client, sender included, is asked to become writeable.  Each
 * connection keeps its own tail into the ring; in SERVER_WRITEABLE it sends
 * the next message at its tail (one lws_write per callback) and consumes it.
 * A ring element is freed once the slowest connection has consumed it.  When
 * the ring is full (a client stopped reading), new messages are dropped with
 * a warning rather than letting memory grow.
 *
 * usage: ws-chat-server [-p port] [-q] [-w wwwdir]
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

#define CHAT_RING_DEPTH 128
#define CHAT_MAX_MSG    (64 * 1024)

struct chat_msg {
	unsigned char *mem;      /* LWS_PRE headroom + payload */
	size_t len;
	unsigned char binary;
};

struct chat_conn {
	struct chat_conn *next;  /* list of connections on this vhost */
	struct lws *wsi;
	uint32_t tail;           /* our read position in the vhost ring */
	unsigned char *rx;       /* message being reassembled from pieces */
	size_t rx_len;
	unsigned char rx_too_big;
};

struct chat_vhost {
	struct lws_ring *ring;
	struct chat_conn *conns;
};

static volatile sig_atomic_t stop_requested;

static void
chat_msg_free(void *element)
{
	struct chat_msg *m = (struct chat_msg *)element;

	free(m->mem);
	m->mem = NULL;
}

static void
chat_publish(struct lws *wsi, struct chat_vhost *vh, const unsigned char *data,
	     size_t len, int binary)
{
	struct chat_msg m;

	if (!lws_ring_get_count_free_elements(vh->ring)) {
		lwsl_warn("chat: ring full, dropping a %zu byte message\n", len);
		return;
	}
	m.mem = malloc(LWS_PRE + len + 1);
	if (!m.mem)
		return;
	if (len)
		memcpy(m.mem + LWS_PRE, data, len);
	m.len = len;
	m.binary = (unsigned char)binary;
	if (lws_ring_insert(vh->ring, &m, 1) != 1) {
		free(m.mem);
		return;
	}
	lws_callback_on_writable_all_protocol(lws_get_context(wsi),
					      lws_get_protocol(wsi));
}

static int
chat_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	void *in, size_t len)
{
	struct chat_conn *c = (struct chat_conn *)user;
	struct chat_vhost *vh = (struct chat_vhost *)lws_protocol_vh_priv_get(
			lws_get_vhost(wsi), lws_get_protocol(wsi));
	const struct chat_msg *m;
	unsigned char *grown;
	int n;

	switch (reason) {
	case LWS_CALLBACK_PROTOCOL_INIT:
		vh = lws_protocol_vh_priv_zalloc(lws_get_vhost(wsi),
				lws_get_protocol(wsi), sizeof(*vh));
		if (!vh)
			return -1;
		vh->ring = lws_ring_create(sizeof(struct chat_msg),
					   CHAT_RING_DEPTH, chat_msg_free);
		if (!vh->ring)
			return -1;
		break;

	case LWS_CALLBACK_PROTOCOL_DESTROY:
		if (vh && vh->ring) {
			lws_ring_destroy(vh->ring);
			vh->ring = NULL;
		}
		break;

	case LWS_CALLBACK_ESTABLISHED:
		memset(c, 0, sizeof(*c));
		c->wsi = wsi;
		c->tail = lws_ring_get_oldest_tail(vh->ring);
		lws_ll_fwd_insert(c, next, vh->conns);
		break;

	case LWS_CALLBACK_CLOSED:
		/*
		 * Give up whatever this connection had not read yet, so that if
		 * it was the slowest reader the ring can free those messages.
		 */
		n = (int)lws_ring_get_count_waiting_elements(vh->ring, &c->tail);
		if (n)
			lws_ring_consume_and_update_oldest_tail(vh->ring,
				struct chat_conn, &c->tail, (size_t)n,
				vh->conns, tail, next);
		lws_ll_fwd_remove(struct chat_conn, next, c, vh->conns);
		free(c->rx);
		c->rx = NULL;
		break;

	case LWS_CALLBACK_RECEIVE:
		if (lws_is_first_fragment(wsi)) {
			c->rx_len = 0;
			c->rx_too_big = 0;
		}
		if (c->rx_len + len > CHAT_MAX_MSG)
			c->rx_too_big = 1;
		if (!c->rx_too_big && len) {
			grown = realloc(c->rx, c->rx_len + len);
			if (!grown)
				return -1;
			c->rx = grown;
			memcpy(c->rx + c->rx_len, in, len);
			c->rx_len += len;
		}
		if (!lws_is_final_fragment(wsi))
			break;
		if (c->rx_too_big)
			lwsl_warn("chat: dropping message over %d bytes\n",
				  CHAT_MAX_MSG);
		else
			chat_publish(wsi, vh, c->rx, c->rx_len,
				     lws_frame_is_binary(wsi));
		c->rx_len = 0;
		break;

	case LWS_CALLBACK_SERVER_WRITEABLE:
		m = lws_ring_get_element(vh->ring, &c->tail);
		if (!m)
			break;
		n = lws_write(wsi, m->mem + LWS_PRE, m->len,
			      m->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
		if (n < (int)m->len) {
			lwsl_info("chat: lws_write failed (%d)\n", n);
			return -1;
		}
		lws_ring_consume_and_update_oldest_tail(vh->ring,
			struct chat_conn, &c->tail, 1, vh->conns, tail, next);
		if (lws_ring_get_element(vh->ring, &c->tail))
			lws_callback_on_writable(wsi);
		break;

	default:
		break;
	}

	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ "lws-chat", chat_cb, sizeof(struct chat_conn), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/*
 * Clients that ask for no subprotocol (Autobahn, plain "new WebSocket(url)")
 * would otherwise be bound to protocols[0], the http handler, and get no
 * replies: the per-vhost option "default" makes "lws-chat" their protocol.
 */
static const struct lws_protocol_vhost_options pvo_default = {
	NULL, NULL, "default", "1"
};
static const struct lws_protocol_vhost_options pvo_chat = {
	NULL, &pvo_default, "lws-chat", ""
};

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int
main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_http_mount mount;
	struct lws_context *context;
	const char *www = EXAMPLES_WWW_DIR;
	int port = 7682, quiet = 0, opt, n = 0;
	struct sigaction sa;

	while ((opt = getopt(argc, argv, "p:qw:h")) != -1) {
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
		default:
			fprintf(stderr, "usage: %s [-p port] [-q] [-w wwwdir]\n",
				argv[0]);
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
	info.pvo = &pvo_chat;
	info.vhost_name = "localhost";
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 |
		       LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE;

	context = lws_create_context(&info);
	if (!context) {
		lwsl_err("lws_create_context failed\n");
		return 1;
	}
	lwsl_user("ws-chat-server: listening on port %d\n", port);

	while (n >= 0 && !stop_requested)
		n = lws_service(context, 0);

	lws_context_destroy(context);
	lwsl_user("ws-chat-server: exiting\n");

	return 0;
}
