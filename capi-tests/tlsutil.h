/*
 * Helpers for the TLS tests (t_tls_*.c): certificates made at run time with
 * the openssl command-line tool in a fresh temporary directory (nothing
 * secret is checked in), and real TLS clients (curl, openssl s_client) run
 * as child processes while the test keeps servicing its context.
 *
 * Include after <libwebsockets.h> and "common.h".
 */
#ifndef LWS_CAPI_TESTS_TLSUTIL_H
#define LWS_CAPI_TESTS_TLSUTIL_H

#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tls_dir[64];

static inline void
tls_cleanup(void)
{
	char cmd[128];

	if (tls_dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tls_dir);
		if (system(cmd)) {}
	}
}

/* runs a shell command in tls_dir; nonzero exit fails the test */
static inline void
tls_sh(const char *fmt, ...)
{
	char cmd[2048], full[2200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && (%s) >/dev/null 2>&1", tls_dir, cmd);
	CHECK(system(full) == 0);
}

/*
 * Makes tls_dir with: ca.crt/ca.key (a CA), rsa/ec/ed keys with leaf certs
 * for "localhost" signed by the CA (<k>.crt, <k>.key, <k>-chain.pem = leaf +
 * CA), client.crt/client.key (a client cert signed by the CA) and
 * other.crt/other.key (self-signed, unrelated).
 */
static inline void
tls_make_certs(void)
{
	strcpy(tls_dir, "/tmp/lws-capi-tls-XXXXXX");
	CHECK(mkdtemp(tls_dir));
	atexit(tls_cleanup);
	tls_sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	       "-keyout ca.key -out ca.crt -days 30 -subj /CN=capi-test-ca");
	tls_sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key");
	tls_sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key");
	tls_sh("openssl genpkey -algorithm ED25519 -out ed.key");
	tls_sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client.key");
	tls_sh("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext");
	tls_sh("for k in rsa ec ed; do openssl req -new -key $k.key -subj /CN=localhost -out $k.csr && "
	       "openssl x509 -req -in $k.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
	       "-days 30 -extfile san.ext -out $k.crt && cat $k.crt ca.crt > $k-chain.pem; done");
	/* v3 (an extension): rustls refuses X.509 v1 certificates */
	tls_sh("printf 'extendedKeyUsage=clientAuth\\n' > client.ext");
	tls_sh("openssl req -new -key client.key -subj /CN=capi-client -out client.csr && "
	       "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
	       "-days 30 -extfile client.ext -out client.crt");
	tls_sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	       "-keyout other.key -out other.crt -days 30 -subj /CN=other");
}

static inline char *
tls_path(const char *name)
{
	static char p[8][128];
	static int i;

	i = (i + 1) % 8;
	snprintf(p[i], sizeof(p[i]), "%s/%s", tls_dir, name);
	return p[i];
}

/* whole file into a malloc'd buffer (caller frees) */
static inline unsigned char *
tls_slurp(const char *name, unsigned int *len)
{
	FILE *f = fopen(tls_path(name), "rb");
	unsigned char *b;
	long n;

	CHECK(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	CHECK(b);
	CHECK(fread(b, 1, (size_t)n, f) == (size_t)n);
	b[n] = 0;
	fclose(f);
	*len = (unsigned int)n;
	return b;
}

/*
 * Runs `sh -c cmd` (in tls_dir) while servicing ctx, until it exits (10 s
 * at most, then it is killed).  Its stdout goes into out (NUL-terminated,
 * truncated to outlen - 1); returns its exit status (-1: killed/signal).
 * The context is serviced a little longer afterwards, so the server side
 * of the close is done before the caller prints anything.
 */
static inline int
tls_run(struct lws_context *ctx, const char *cmd, char *out, size_t outlen)
{
	int pfd[2], st = 0, done = 0;
	size_t got = 0;
	long long end;
	pid_t pid;

	CHECK(pipe(pfd) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (!pid) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		if (chdir(tls_dir)) _exit(126);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	end = capi_now_ms() + 10000;
	while (!done) {
		ssize_t n;

		lws_service(ctx, -1);
		n = read(pfd[0], out + got, outlen - 1 - got);
		if (n > 0)
			got += (size_t)n;
		if (got == outlen - 1) {
			char sink[256];
			while (read(pfd[0], sink, sizeof(sink)) > 0)
				;
		}
		if (waitpid(pid, &st, WNOHANG) == pid)
			done = 1;
		if (!done && capi_now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			done = 1;
		}
		usleep(1000);
	}
	for (;;) {
		ssize_t n = read(pfd[0], out + got, outlen - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(pfd[0]);
	out[got] = 0;
	/* settle: the server finishes its side of the close */
	end = capi_now_ms() + 150;
	do {
		lws_service(ctx, -1);
		usleep(1000);
	} while (capi_now_ms() < end);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * The "ok" answer of the TLS tests' HTTP callbacks: the head (and the ask
 * for a writeable turn) from LWS_CALLBACK_HTTP, the body and the end of the
 * transaction from LWS_CALLBACK_HTTP_WRITEABLE.  Both return what the
 * callback returns.
 */
static inline int
tls_ok_head(struct lws *wsi)
{
	unsigned char buf[LWS_PRE + 512], *p = buf + LWS_PRE, *e = p + 500;

	if (lws_add_http_common_headers(wsi, 200, "text/plain", 2, &p, e) ||
	    lws_finalize_write_http_header(wsi, buf + LWS_PRE, &p, e))
		return -1;
	lws_callback_on_writable(wsi);
	return 0;
}

static inline int
tls_ok_body(struct lws *wsi)
{
	unsigned char buf[LWS_PRE + 2];

	memcpy(buf + LWS_PRE, "ok", 2);
	if (lws_write(wsi, buf + LWS_PRE, 2, LWS_WRITE_HTTP_FINAL) != 2)
		return -1;
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

#endif
