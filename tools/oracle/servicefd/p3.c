/* probe 3: lws_canonical_hostname with/without the skip option;
 * validity ping / hangup on a server ws connection and lws_validity_confirmed */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/socket.h>

static struct lws *conn;
static int confirm_mode;
static long long t0;
static long long now_ms(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000; }

static int cb(struct lws *wsi, enum lws_callback_reasons r, void *user, void *in, size_t len)
{
	if (r == LWS_CALLBACK_ESTABLISHED) conn = wsi;
	if (r == LWS_CALLBACK_CLOSED) { printf("  %lld CLOSED\n", (now_ms() - t0) / 100); conn = NULL; }
	if (r == LWS_CALLBACK_RECEIVE_PONG) printf("  %lld RECEIVE_PONG\n", (now_ms() - t0) / 100);
	if (r == LWS_CALLBACK_TIMER) printf("  TIMER\n");
	if (r == LWS_CALLBACK_RECEIVE) printf("  %lld RECEIVE %d\n", (now_ms() - t0) / 100, (int)len);
	if (r == LWS_CALLBACK_SERVER_WRITEABLE) printf("  %lld WRITEABLE\n", (now_ms() - t0) / 100);
	return 0;
}

static struct lws_protocols prots[] = { { "http", cb, 0, 0 }, { NULL, NULL, 0, 0 } };
static const lws_retry_bo_t pol = { .secs_since_valid_ping = 1, .secs_since_valid_hangup = 3 };

static void run(int mode)
{
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = 0;
	info.protocols = prots;
	info.retry_and_idle_policy = mode == 6 ? NULL : &pol;
	struct lws_context *ctx = lws_create_context(&info);
	int port = lws_get_vhost_listen_port(lws_get_vhost_by_name(ctx, "default"));
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	connect(c, (struct sockaddr *)&sa, sizeof sa);
	fcntl(c, F_SETFL, O_NONBLOCK);
	const char *req = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
	write(c, req, strlen(req));
	t0 = now_ms();
	long long last_confirm = t0;
	int hs = 0, eof = 0;
	printf("mode %d\n", mode);
	while (now_ms() - t0 < 6000 && !eof) {
		lws_sorted_usec_list_t s; (void)s;
		lws_service(ctx, -1);
		unsigned char b[4096];
		int n = read(c, b, sizeof b);
		if (n == 0) { printf("  %lld client EOF\n", (now_ms() - t0) / 100); eof = 1; }
		if (n > 0) {
			int off = 0;
			if (!hs) { char *e = memmem(b, n, "\r\n\r\n", 4); off = e ? (int)(e - (char *)b) + 4 : n; hs = 1; printf("  %lld hs\n", (now_ms() - t0) / 100); }
			while (off + 2 <= n) {
				int op = b[off] & 15, l = b[off + 1] & 127;
				printf("  %lld frame op %d len %d\n", (now_ms() - t0) / 100, op, l);
				if (op == 9 && mode == 2) {
					unsigned char p[6 + 125] = { 0x8a, 0x80 | l, 0, 0, 0, 0 };
					memcpy(p + 6, b + off + 2, l);
					write(c, p, 6 + l);
				}
				off += 2 + l;
			}
		}
		if (mode == 1 && conn && now_ms() - last_confirm > 500) {
			lws_validity_confirmed(conn);
			last_confirm = now_ms();
		}
		if (mode == 3 && conn && now_ms() - last_confirm > 500) {
			unsigned char f[] = { 0x81, 0x81, 0, 0, 0, 0, 'x' };
			write(c, f, sizeof f);
			last_confirm = now_ms();
		}
		if ((mode == 5 || mode == 6) && conn && last_confirm >= 0 && now_ms() - t0 > 500) {
			unsigned char f[] = { 0x8a, 0x80, 0, 0, 0, 0 };
			write(c, f, sizeof f);
			usleep(100000);
			unsigned char g[] = { 0x8a, 0x81, 0, 0, 0, 0, 'x' };
			write(c, g, sizeof g);
			last_confirm = -1;
		}
		if (mode == 4 && conn && now_ms() - last_confirm > 1500) {
			unsigned char f[] = { 0x8a, 0x81, 0, 0, 0, 0, 'x' };
			write(c, f, sizeof f);
			last_confirm = now_ms();
		}
		usleep(10000);
	}
	close(c);
	lws_context_destroy(ctx);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	struct lws_context *ctx = lws_create_context(&info);
	const char *h = lws_canonical_hostname(ctx);
	printf("canonical: '%s'\n", h ? h : "(null)");
	lws_context_destroy(ctx);
	info.options = LWS_SERVER_OPTION_SKIP_SERVER_CANONICAL_NAME;
	ctx = lws_create_context(&info);
	h = lws_canonical_hostname(ctx);
	printf("canonical skip: '%s' %s\n", h ? h : "(null)", h ? "nonnull" : "null");
	lws_context_destroy(ctx);
	printf("NULL ctx: %s\n", lws_canonical_hostname(NULL) ? "nonnull" : "null");
	run(0);
	run(1);
	run(2);
	run(3);
	run(4);
	run(5);
	run(6);
	return 0;
}
