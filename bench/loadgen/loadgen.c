/*
 * loadgen: closed-loop WebSocket echo load generator (single thread, epoll).
 *
 * N connections each send one masked message of S bytes, wait for the whole
 * echo (which may come back fragmented), check it byte for byte, and send
 * the next.  After a warm-up, messages are counted and their round-trip
 * latency recorded for D seconds.  One result line is printed on stdout:
 *
 *   conns=100 size=20 secs=5.000 msgs=812345 msgs_per_s=162469 p50_us=590
 *   p99_us=1100 errors=0          (all on one line)
 *
 * Modes:
 *   (default)   throughput/latency as above
 *   -n COUNT    instead of a duration, stop after COUNT echoed messages in
 *               total (no warm-up); used for instruction counting
 *   -I          idle: open N connections, complete the handshakes, print
 *               "ready conns=N" and hold them open until SIGINT/SIGTERM or
 *               until -d seconds have passed
 *
 * usage: loadgen [-h host] [-p port] [-c conns] [-s size] [-d secs]
 *                [-w warmup_secs] [-n count] [-T] [-I] [-P path]
 *                [-r protocol] [-S]
 *
 * -S: wss (TLS with OpenSSL, certificate not checked); only when built with
 * LOADGEN_TLS (the Makefile does when pkg-config finds openssl).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef LOADGEN_TLS
#include <openssl/err.h>
#include <openssl/ssl.h>
#endif

enum cstate { C_CONNECTING, C_TLS, C_HANDSHAKE, C_RUN, C_DEAD };

struct conn {
	int fd;
	enum cstate st;
	unsigned char *out;   /* bytes to send (handshake or frame) */
	size_t out_len, out_off;
	unsigned char *in;    /* receive buffer */
	size_t in_len, in_cap;
	size_t got;           /* payload bytes of current echo checked so far */
	uint64_t t_sent;      /* ns */
	uint32_t seq;
#ifdef LOADGEN_TLS
	SSL *ssl;
#endif
};

static int use_tls;
#ifdef LOADGEN_TLS
static SSL_CTX *tls_ctx;
#endif

/* send/recv, or SSL_write/SSL_read with -S; -1 + EAGAIN when it would block */
static ssize_t
io_send(struct conn *c, const void *b, size_t len)
{
#ifdef LOADGEN_TLS
	if (c->ssl) {
		int n = SSL_write(c->ssl, b, (int)len);
		if (n > 0)
			return n;
		n = SSL_get_error(c->ssl, n);
		errno = (n == SSL_ERROR_WANT_READ || n == SSL_ERROR_WANT_WRITE) ?
			EAGAIN : EPIPE;
		return -1;
	}
#endif
	return send(c->fd, b, len, MSG_NOSIGNAL);
}

static ssize_t
io_recv(struct conn *c, void *b, size_t len)
{
#ifdef LOADGEN_TLS
	if (c->ssl) {
		int n = SSL_read(c->ssl, b, (int)len);
		if (n > 0)
			return n;
		n = SSL_get_error(c->ssl, n);
		if (n == SSL_ERROR_ZERO_RETURN)
			return 0;
		errno = (n == SSL_ERROR_WANT_READ || n == SSL_ERROR_WANT_WRITE) ?
			EAGAIN : ECONNRESET;
		return -1;
	}
#endif
	return recv(c->fd, b, len, 0);
}

static const char *host = "127.0.0.1", *path = "/", *proto = "lws-echo";
static int port = 7681, nconns = 1, idle_mode, text_mode;
static size_t msg_size = 20;
static double duration = 5, warmup = 1;
static long long fixed_count = -1;

static unsigned char *payload;      /* reference payload, msg_size + 64 */
static uint32_t *lat;               /* latencies in us during measurement */
static size_t lat_n, lat_cap;
static uint64_t measured, total_done, errors;
static int measuring;
static volatile sig_atomic_t stop;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void
on_sig(int s)
{
	(void)s;
	stop = 1;
}

static void
fail(struct conn *c, const char *why)
{
	if (c->st != C_DEAD) {
		fprintf(stderr, "loadgen: connection %d: %s\n", c->fd, why);
		errors++;
		close(c->fd);
		c->st = C_DEAD;
	}
}

/* payload of message seq for this connection: the reference bytes rotated */
static const unsigned char *
msg_bytes(const struct conn *c)
{
	return payload + (c->seq % 64);
}

static void
build_frame(struct conn *c)
{
	size_t h = 2, i;
	unsigned char *f = c->out, mask[4];
	const unsigned char *src = msg_bytes(c);
	uint32_t m = rnd();

	f[0] = 0x80 | (text_mode ? 1 : 2);
	if (msg_size < 126) {
		f[1] = (unsigned char)(0x80 | msg_size);
	} else if (msg_size < 65536) {
		f[1] = 0x80 | 126;
		f[2] = (unsigned char)(msg_size >> 8);
		f[3] = (unsigned char)msg_size;
		h = 4;
	} else {
		f[1] = 0x80 | 127;
		for (i = 0; i < 8; i++)
			f[2 + i] = (unsigned char)((uint64_t)msg_size >> (56 - 8 * i));
		h = 10;
	}
	memcpy(mask, &m, 4);
	memcpy(f + h, mask, 4);
	h += 4;
	for (i = 0; i < msg_size; i++)
		f[h + i] = src[i] ^ mask[i & 3];
	c->out_len = h + msg_size;
	c->out_off = 0;
}

static void
start_message(struct conn *c)
{
	build_frame(c);
	c->got = 0;
	c->t_sent = now_ns();
}

static int
flush_out(struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = io_send(c, c->out + c->out_off,
				    c->out_len - c->out_off);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			fail(c, strerror(errno));
			return -1;
		}
		c->out_off += (size_t)n;
	}
	return 0;
}

static void
message_done(struct conn *c)
{
	uint64_t t = now_ns();

	total_done++;
	if (measuring) {
		measured++;
		if (lat_n == lat_cap) {
			lat_cap = lat_cap ? lat_cap * 2 : 65536;
			lat = realloc(lat, lat_cap * sizeof(*lat));
			if (!lat) {
				perror("realloc");
				exit(1);
			}
		}
		lat[lat_n++] = (uint32_t)((t - c->t_sent) / 1000);
	}
	c->seq++;
	if (fixed_count >= 0 && (long long)total_done >= fixed_count)
		return;
	start_message(c);
	flush_out(c);
}

/* consume whole frames from c->in; returns -1 if the connection failed */
static int
parse_frames(struct conn *c)
{
	size_t off = 0;

	while (c->st == C_RUN) {
		unsigned char *p = c->in + off;
		size_t avail = c->in_len - off, h = 2;
		uint64_t plen;
		int op, fin;

		if (avail < 2)
			break;
		fin = p[0] & 0x80;
		op = p[0] & 0x0f;
		if (p[1] & 0x80) {
			fail(c, "masked frame from server");
			return -1;
		}
		plen = p[1] & 0x7f;
		if (plen == 126) {
			if (avail < 4)
				break;
			plen = ((uint64_t)p[2] << 8) | p[3];
			h = 4;
		} else if (plen == 127) {
			int i;
			if (avail < 10)
				break;
			plen = 0;
			for (i = 0; i < 8; i++)
				plen = (plen << 8) | p[2 + i];
			h = 10;
		}
		if (avail < h + plen)
			break;
		if (op & 8) {
			if (op == 8) {
				fail(c, "server sent close");
				return -1;
			}
			/* ping / pong: ignored (we never ping, server rarely does) */
		} else {
			if (op != 0 && op != (text_mode ? 1 : 2)) {
				fail(c, "unexpected opcode");
				return -1;
			}
			if (c->got + plen > msg_size ||
			    memcmp(p + h, msg_bytes(c) + c->got, plen)) {
				fail(c, "echo does not match what was sent");
				return -1;
			}
			c->got += plen;
			if (fin) {
				if (c->got != msg_size) {
					fail(c, "short echo");
					return -1;
				}
				message_done(c);
			}
		}
		off += h + plen;
	}
	if (off) {
		memmove(c->in, c->in + off, c->in_len - off);
		c->in_len -= off;
	}
	return 0;
}

static void
send_handshake(struct conn *c)
{
	c->out_len = (size_t)snprintf((char *)c->out, 1024,
		"GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: %s\r\n\r\n",
		path, host, port, proto);
	c->out_off = 0;
	c->st = C_HANDSHAKE;
	flush_out(c);
}

static int ready_count;

static void
on_readable(struct conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->in_cap - c->in_len < 65536) {
			c->in_cap = c->in_cap * 2 + 65536;
			c->in = realloc(c->in, c->in_cap);
			if (!c->in) {
				perror("realloc");
				exit(1);
			}
		}
		n = io_recv(c, c->in + c->in_len, c->in_cap - c->in_len);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			fail(c, strerror(errno));
			return;
		}
		if (n == 0) {
			fail(c, "server closed the connection");
			return;
		}
		c->in_len += (size_t)n;

		if (c->st == C_HANDSHAKE) {
			unsigned char *e = memmem(c->in, c->in_len, "\r\n\r\n", 4);
			size_t hl;

			if (!e)
				continue;
			if (c->in_len < 12 || memcmp(c->in + 9, "101", 3)) {
				fail(c, "handshake refused");
				return;
			}
			hl = (size_t)(e + 4 - c->in);
			memmove(c->in, c->in + hl, c->in_len - hl);
			c->in_len -= hl;
			c->st = C_RUN;
			ready_count++;
			if (!idle_mode && fixed_count != 0)
				start_message(c), flush_out(c);
		}
		if (c->st == C_RUN && !idle_mode && parse_frames(c))
			return;
		if (c->st == C_DEAD)
			return;
		if ((size_t)n < 65536 && !use_tls)
			return;   /* drained; level-triggered epoll tells us more */
		/* TLS: OpenSSL may hold decrypted bytes epoll cannot see: read
		 * until it says it would block */
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fprintf(stderr, "usage: loadgen [-h host] [-p port] [-c conns] [-s size] "
		"[-d secs] [-w warmup] [-n count] [-T] [-I] [-P path] [-r proto] [-S]\n");
	exit(2);
}

/*
 * Start connecting conns[i].  Connections are opened progressively (at most
 * MAX_OPENING handshakes in flight) so that thousands of simultaneous SYNs do
 * not overflow the server's listen backlog.
 */
#define MAX_OPENING 128

static int
open_one(int ep, struct conn *c, const struct addrinfo *ai)
{
	struct epoll_event ev;
	int one = 1;

	c->out = malloc(msg_size + 14 > 1024 ? msg_size + 14 : 1024);
	c->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (!c->out || c->fd < 0) {
		perror("socket");
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) &&
	    errno != EINPROGRESS) {
		perror("connect");
		return -1;
	}
	c->st = C_CONNECTING;
	ev.events = EPOLLIN | EPOLLOUT;
	ev.data.ptr = c;
	return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

int
main(int argc, char **argv)
{
	struct addrinfo hints, *ai;
	struct epoll_event ev, *evs;
	struct conn *conns;
	struct rlimit rl;
	uint64_t t0, t_meas = 0, t_end = 0, t_limit;
	char portstr[16];
	int ep, opt, i, opened = 0;

	while ((opt = getopt(argc, argv, "h:p:c:s:d:w:n:TIP:r:S")) != -1) {
		switch (opt) {
		case 'h': host = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'c': nconns = atoi(optarg); break;
		case 's': msg_size = (size_t)strtoull(optarg, NULL, 0); break;
		case 'd': duration = atof(optarg); break;
		case 'w': warmup = atof(optarg); break;
		case 'n': fixed_count = atoll(optarg); break;
		case 'T': text_mode = 1; break;
		case 'I': idle_mode = 1; break;
		case 'P': path = optarg; break;
		case 'r': proto = optarg; break;
		case 'S': use_tls = 1; break;
		default: usage();
		}
	}
	if (nconns < 1)
		usage();

	if (use_tls) {
#ifdef LOADGEN_TLS
		tls_ctx = SSL_CTX_new(TLS_client_method());
		SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
		SSL_CTX_set_mode(tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
				 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
#else
		fprintf(stderr, "loadgen: built without TLS (-S)\n");
		return 1;
#endif
	}

	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	signal(SIGPIPE, SIG_IGN);

	if (!getrlimit(RLIMIT_NOFILE, &rl) &&
	    rl.rlim_cur < (rlim_t)nconns + 64) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur < (rlim_t)nconns + 64) {
			fprintf(stderr, "loadgen: RLIMIT_NOFILE hard limit %lu too low "
				"for %d connections\n", (unsigned long)rl.rlim_max, nconns);
			return 1;
		}
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	payload = malloc(msg_size + 64);
	for (i = 0; i < (int)msg_size + 64; i++)   /* printable ASCII: valid UTF-8 */
		payload[i] = (unsigned char)(' ' + rnd() % 95);

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if (getaddrinfo(host, portstr, &hints, &ai)) {
		fprintf(stderr, "loadgen: cannot resolve %s\n", host);
		return 1;
	}

	ep = epoll_create1(0);
	conns = calloc((size_t)nconns, sizeof(*conns));
	evs = calloc((size_t)nconns, sizeof(*evs));
	t0 = now_ns();

	t_limit = t0 + (uint64_t)((idle_mode ? duration : 0) * 1e9);
	if (!idle_mode && fixed_count < 0) {
		/* measurement window starts after warm-up; set when all are up */
	}

	while (!stop) {
		int n;
		uint64_t t;

		while (opened < nconns &&
		       opened - ready_count - (int)errors < MAX_OPENING)
			if (open_one(ep, &conns[opened++], ai))
				return 1;

		n = epoll_wait(ep, evs, nconns, 100);

		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;

			if (c->st == C_DEAD)
				continue;
			if (c->st == C_CONNECTING) {
				int err = 0;
				socklen_t l = sizeof(err);

				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
				if (err) {
					fail(c, strerror(err));
					continue;
				}
				ev.events = EPOLLIN;
				ev.data.ptr = c;
				epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
#ifdef LOADGEN_TLS
				if (use_tls) {
					c->ssl = SSL_new(tls_ctx);
					SSL_set_fd(c->ssl, c->fd);
					SSL_set_tlsext_host_name(c->ssl, "localhost");
					c->st = C_TLS;
				} else
#endif
				{
					send_handshake(c);
					continue;
				}
			}
#ifdef LOADGEN_TLS
			if (c->st == C_TLS) {
				int r = SSL_connect(c->ssl);

				if (r == 1) {
					send_handshake(c);
				} else {
					r = SSL_get_error(c->ssl, r);
					if (r != SSL_ERROR_WANT_READ &&
					    r != SSL_ERROR_WANT_WRITE) {
						fail(c, "TLS handshake failed");
						continue;
					}
					ev.events = r == SSL_ERROR_WANT_WRITE ?
						EPOLLIN | EPOLLOUT : EPOLLIN;
					ev.data.ptr = c;
					epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
					continue;
				}
			}
#endif
			if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				on_readable(c);
			if (c->st != C_DEAD && c->out_off < c->out_len) {
				flush_out(c);
				/* large frame still pending: ask for EPOLLOUT */
				ev.events = EPOLLIN |
					(c->out_off < c->out_len ? EPOLLOUT : 0);
				ev.data.ptr = c;
				epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
			}
		}

		t = now_ns();
		if (errors && !idle_mode)
			break;
		if (ready_count + (int)errors == nconns && !t_meas) {
			if (idle_mode) {
				printf("ready conns=%d errors=%llu\n", ready_count,
				       (unsigned long long)errors);
				fflush(stdout);
				t_meas = t;
				if (duration > 0)
					t_limit = t + (uint64_t)(duration * 1e9);
			} else if (fixed_count < 0) {
				t_meas = t + (uint64_t)(warmup * 1e9);
				t_end = t_meas + (uint64_t)(duration * 1e9);
			} else {
				t_meas = t;
				measuring = 1;
			}
		}
		if (idle_mode) {
			if (t_meas && duration > 0 && t >= t_limit)
				break;
			continue;
		}
		if (fixed_count >= 0) {
			if ((long long)total_done >= fixed_count)
				break;
			continue;
		}
		if (t_meas && !measuring && t >= t_meas) {
			measuring = 1;
			t_meas = t;
			t_end = t + (uint64_t)(duration * 1e9);
		}
		if (measuring && t >= t_end)
			break;
	}

	if (!idle_mode) {
		double secs = (double)(now_ns() - t_meas) / 1e9;
		uint32_t p50 = 0, p99 = 0;

		if (lat_n) {
			qsort(lat, lat_n, sizeof(*lat), cmp_u32);
			p50 = lat[lat_n / 2];
			p99 = lat[(size_t)((double)lat_n * 0.99)];
		}
		printf("conns=%d size=%zu secs=%.3f msgs=%llu msgs_per_s=%.0f "
		       "p50_us=%u p99_us=%u errors=%llu\n", nconns, msg_size, secs,
		       (unsigned long long)measured,
		       secs > 0 ? (double)measured / secs : 0.0, p50, p99,
		       (unsigned long long)errors);
	}

	for (i = 0; i < opened; i++)
		if (conns[i].st != C_DEAD)
			close(conns[i].fd);
	freeaddrinfo(ai);

	return errors ? 1 : 0;
}
