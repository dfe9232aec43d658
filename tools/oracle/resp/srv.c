/* Oracle probe for HTTP responses: mounts (file, callback, redirect),
 * lws_serve_http_file, lws_http_redirect, lws_http_mark_sse and the http
 * dummy.  Build: gcc srv.c -o /tmp/respsrv -lwebsockets
 * Usage: respsrv PORT WWWDIR   (prints callbacks on stdout)
 * Routes handled by the "http" protocol's LWS_CALLBACK_HTTP:
 *   /serve/<name>   lws_serve_http_file(WWWDIR/<name>, "text/plain", other)
 *   /servenull/<n>  same, content_type NULL
 *   /redirect       lws_http_redirect(301, "http://x/y")
 *   /sse            lws_http_mark_sse + headers + two events
 *   anything else   lws_callback_http_dummy */
#include <libwebsockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *www;
static int sse_n;

static const char *rname(int r)
{
	static char b[16];
	switch (r) {
	case LWS_CALLBACK_HTTP: return "HTTP";
	case LWS_CALLBACK_HTTP_BODY: return "HTTP_BODY";
	case LWS_CALLBACK_HTTP_BODY_COMPLETION: return "HTTP_BODY_COMPLETION";
	case LWS_CALLBACK_HTTP_FILE_COMPLETION: return "HTTP_FILE_COMPLETION";
	case LWS_CALLBACK_HTTP_WRITEABLE: return "HTTP_WRITEABLE";
	case LWS_CALLBACK_CLOSED_HTTP: return "CLOSED_HTTP";
	case LWS_CALLBACK_FILTER_HTTP_CONNECTION: return "FILTER_HTTP_CONNECTION";
	case LWS_CALLBACK_HTTP_BIND_PROTOCOL: return "HTTP_BIND_PROTOCOL";
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL: return "HTTP_DROP_PROTOCOL";
	case LWS_CALLBACK_ADD_HEADERS: return "ADD_HEADERS";
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: return "HTTP_CONFIRM_UPGRADE";
	case LWS_CALLBACK_PROCESS_HTML: return "PROCESS_HTML";
	case LWS_CALLBACK_CHECK_ACCESS_RIGHTS: return "CHECK_ACCESS_RIGHTS";
	case LWS_CALLBACK_VERIFY_BASIC_AUTHORIZATION: return "VERIFY_BASIC_AUTH";
	case LWS_CALLBACK_HTTP_PMO: return "HTTP_PMO";
	}
	snprintf(b, sizeof b, "%d", r);
	return b;
}

static int quiet(int r)
{
	return r == LWS_CALLBACK_GET_THREAD_ID || r == LWS_CALLBACK_EVENT_WAIT_CANCELLED ||
	       r == LWS_CALLBACK_LOCK_POLL || r == LWS_CALLBACK_UNLOCK_POLL ||
	       r == LWS_CALLBACK_ADD_POLL_FD || r == LWS_CALLBACK_DEL_POLL_FD ||
	       r == LWS_CALLBACK_CHANGE_MODE_POLL_FD || r == LWS_CALLBACK_PROTOCOL_INIT ||
	       r == LWS_CALLBACK_PROTOCOL_DESTROY ||
	       r == LWS_CALLBACK_WSI_CREATE || r == LWS_CALLBACK_WSI_DESTROY;
}

static void pin(const char *tag, void *in, size_t len)
{
	printf("%s in=", tag);
	if (!in) { printf("NULL len=%zu\n", len); return; }
	printf("[%.*s] len=%zu\n", (int)(len > 200 ? 200 : len), (char *)in, len);
}

static int cb(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	      void *in, size_t len, const char *who)
{
	unsigned char buf[LWS_PRE + 2048], *start = buf + LWS_PRE, *p = start,
		      *end = buf + sizeof buf - 1;
	int n;
	if (!quiet(reason)) {
		char t[64];
		snprintf(t, sizeof t, "%s cb %s", who, rname(reason));
		if (reason == LWS_CALLBACK_HTTP || reason == LWS_CALLBACK_HTTP_CONFIRM_UPGRADE ||
		    reason == LWS_CALLBACK_FILTER_HTTP_CONNECTION)
			pin(t, in, len);
		else if (reason == LWS_CALLBACK_ADD_HEADERS) {
			struct lws_process_html_args *a = in;
			printf("%s len=%d max=%d\n", t, a->len, a->max_len);
			if (getenv("ADDHDR"))
				lws_add_http_header_by_name(wsi, (unsigned char *)"x-added:",
					(unsigned char *)"1", 1, (unsigned char **)&a->p,
					(unsigned char *)a->p + a->max_len);
		} else
			printf("%s len=%zu\n", t, len);
		fflush(stdout);
	}
	if (reason == LWS_CALLBACK_HTTP && !strcmp(who, "http")) {
		const char *u = in;
		char path[512];
		if (!strncmp(u, "/serve/", 7) || !strncmp(u, "/servenull/", 11)) {
			const char *oh = getenv("OTHER");
			snprintf(path, sizeof path, "%s/%s", www, strchr(u + 1, '/') + 1);
			n = lws_serve_http_file(wsi, path, u[6] == '/' ? "text/plain" : NULL,
						oh, oh ? (int)strlen(oh) : 0);
			printf("serve_http_file -> %d\n", n);
			fflush(stdout);
			if (getenv("SERVERET"))
				return atoi(getenv("SERVERET"));
			return n < 0 ? -1 : 0;
		}
		if (!strncmp(u, "/dummy/", 7)) {
			int r = atoi(u + 7);
			n = lws_callback_http_dummy(wsi, r, user, NULL, 0);
			printf("dummy(%d) -> %d\n", r, n);
			fflush(stdout);
			return 0;
		}
		if (!strcmp(u, "/redirect")) {
			int code = getenv("RCODE") ? atoi(getenv("RCODE")) : 301;
			n = lws_http_redirect(wsi, code, (unsigned char *)"http://x/y", 10, &p, end);
			printf("http_redirect -> %d\n", n);
			fflush(stdout);
			return n < 0 ? -1 : (getenv("RRET") ? atoi(getenv("RRET")) : 0);
		}
		if (!strcmp(u, "/sse")) {
			n = lws_add_http_common_headers(wsi, 200, "text/event-stream",
					LWS_ILLEGAL_HTTP_CONTENT_LEN, &p, end);
			n |= lws_finalize_write_http_header(wsi, start, &p, end);
			printf("sse headers -> %d\n", n);
			n = lws_http_mark_sse(wsi);
			printf("mark_sse -> %d\n", n);
			printf("after sse: uri len %d\n", lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI));
			fflush(stdout);
			sse_n = 0;
			lws_callback_on_writable(wsi);
			return 0;
		}
	}
	if (reason == LWS_CALLBACK_HTTP_WRITEABLE && !strcmp(who, "http") && sse_n < 2) {
		n = lws_snprintf((char *)start, 100, "data: %d\n\n", sse_n);
		n = lws_write(wsi, start, n, LWS_WRITE_HTTP);
		printf("sse write -> %d\n", n);
		fflush(stdout);
		if (++sse_n < 2)
			lws_callback_on_writable(wsi);
		return 0;
	}
	if (reason == LWS_CALLBACK_HTTP_FILE_COMPLETION && getenv("NOFC"))
		return atoi(getenv("NOFC")) - 1;
	n = lws_callback_http_dummy(wsi, reason, user, in, len);
	if (!quiet(reason) && n) {
		printf("%s dummy(%s) -> %d\n", who, rname(reason), n);
		fflush(stdout);
	}
	return n;
}

static int cb_http(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l)
{ return cb(w, r, u, i, l, "http"); }
static int cb_mnt(struct lws *w, enum lws_callback_reasons r, void *u, void *i, size_t l)
{ return cb(w, r, u, i, l, "mnt"); }

static struct lws_protocols prots[] = {
	{ "http", cb_http, 0, 0, 0, NULL, 0 },
	{ "mnt", cb_mnt, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

static struct lws_protocol_vhost_options xmime = { NULL, NULL, ".zz", "application/zz" };
static struct lws_protocol_vhost_options interp = { NULL, NULL, ".txt", "mnt" };


static struct lws_http_mount m[8];

int main(int argc, char **argv)
{
	struct lws_context_creation_info info;
	struct lws_context *ctx;
	static char o1[512], o2[512];
	memset(&info, 0, sizeof info);
	www = argv[2];
	lws_set_log_level(getenv("LOGS") ? atoi(getenv("LOGS")) : LLL_ERR | LLL_WARN, NULL);
	info.port = atoi(argv[1]);
	info.protocols = prots;
	info.options = getenv("OPTS") ? strtoul(getenv("OPTS"), 0, 0) : 0;
	info.error_document_404 = getenv("E404");
	static struct lws_protocol_vhost_options vhdr = { NULL, NULL, "x-vh:", "1" };
	if (getenv("VHDR"))
		info.headers = &vhdr;
	snprintf(o1, sizeof o1, "%s", www);
	snprintf(o2, sizeof o2, "%s/sub", www);
	/* 0: /files -> www (def index.html) */
	m[0].mountpoint = getenv("MP0") ? getenv("MP0") : "/files"; m[0].origin = o1; m[0].def = "index.html";
	m[0].origin_protocol = LWSMPRO_FILE; m[0].extra_mimetypes = &xmime; m[0].protocol = getenv("FPROT");
	m[0].interpret = getenv("INTERP") ? &interp : NULL;
	m[0].cache_max_age = getenv("MAXAGE") ? atoi(getenv("MAXAGE")) : 0;
	m[0].cache_reusable = !!getenv("REUSE");
	/* 1: /cb -> protocol mnt */
	m[1].mountpoint = "/cb"; m[1].origin = getenv("CBPROT") ? getenv("CBPROT") : "mnt"; m[1].origin_protocol = LWSMPRO_CALLBACK;
	m[1].def = getenv("CBDEF"); m[1].protocol = getenv("CBPROTF");
	/* 2: /r -> http redirect */
	m[2].mountpoint = "/r"; m[2].origin = "example.com/there"; m[2].origin_protocol = LWSMPRO_REDIR_HTTP;
	m[3].mountpoint = "/rs"; m[3].origin = "example.com/"; m[3].origin_protocol = LWSMPRO_REDIR_HTTPS;
	/* 4: / -> www/sub */
	m[4].mountpoint = "/"; m[4].origin = o2; m[4].def = "index.html"; m[4].origin_protocol = LWSMPRO_FILE;
	m[5].mountpoint = "/files/deep"; m[5].origin = o2; m[5].origin_protocol = LWSMPRO_FILE;
	int order[] = {0, 1, 2, 3, 5, 4};
	int nm = getenv("NOROOT") ? 5 : 6;
	for (int i = 0; i < nm; i++) {
		struct lws_http_mount *x = &m[order[i]];
		x->mountpoint_len = getenv("NOMPLEN") ? 0 : (unsigned char)strlen(x->mountpoint);
		if (i + 1 < nm) x->mount_next = &m[order[i + 1]];
	}
	info.mounts = &m[0];
	ctx = lws_create_context(&info);
	if (!ctx) return 1;
	printf("ready\n"); fflush(stdout);
	while (lws_service(ctx, 0) >= 0)
		;
	lws_context_destroy(ctx);
	return 0;
}
