/*
 * http-server: an HTTP/1.1 server on this project's libwebsockets.
 *
 * Three kinds of answer, each through the API a real server would use:
 *
 *   /            static files from a directory (an LWSMPRO_FILE mount, with
 *                index.html as the default document and /404.html as the
 *                page for missing files);
 *   /api/...     a dynamic JSON answer from the "http-api" protocol (an
 *                LWSMPRO_CALLBACK mount): the head is built with the header
 *                helpers in LWS_CALLBACK_HTTP, the body is written from
 *                LWS_CALLBACK_HTTP_WRITEABLE with LWS_WRITE_HTTP_FINAL;
 *   /form        a form POST (urlencoded or multipart, with a file upload)
 *                parsed with lws_spa_*, answered with a JSON echo of the
 *                fields and of the uploaded file's name, size and FNV-1a
 *                hash (the "http-form" protocol, another callback mount).
 *
 * usage: http-server [-p port] [-q] [-w wwwdir]      (port 7683 by default)
 */
#include <libwebsockets.h>

#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef EXAMPLES_HTTP_WWW_DIR
#define EXAMPLES_HTTP_WWW_DIR "./www-http"
#endif

static volatile sig_atomic_t stop_requested;
static unsigned long api_requests;

/* ---- a JSON string writer (escapes quotes, backslashes, controls) ---- */

struct out {
	char *p, *end;
};

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->p, (size_t)(o->end - o->p), fmt, ap);
	va_end(ap);
	if (n > 0)
		o->p += n < o->end - o->p ? n : o->end - o->p - 1;
}

static void
put_json_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (; s && *s && o->end - o->p > 8; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20)
			put(o, "\\u%04x", c);
		else
			*o->p++ = (char)c;
	}
	*o->p = '\0';
	put(o, "\"");
}

/* ---- /api: dynamic JSON ---- */

struct pss_api {
	char body[1024];
	size_t len;
};

static int
callback_api(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	     void *in, size_t len)
{
	struct pss_api *pss = (struct pss_api *)user;
	unsigned char buf[LWS_PRE + 1024], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	const char *arg;
	char name[128];
	struct out o;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		/* "in" is the whole URI path, mountpoint included */
		if (strcmp((const char *)in, "/api/status")) {
			lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, NULL);
			return lws_http_transaction_completed(wsi) ? -1 : 0;
		}
		api_requests++;
		o.p = pss->body;
		o.end = pss->body + sizeof(pss->body);
		put(&o, "{\"status\":\"ok\",\"path\":");
		put_json_str(&o, (const char *)in);
		put(&o, ",\"method\":\"%s\"",
		    lws_hdr_total_length(wsi, WSI_TOKEN_HEAD_URI) ? "HEAD" :
		    lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) ? "POST" : "GET");
		/* the value of ?name=..., urldecoded */
		arg = lws_get_urlarg_by_name(wsi, "name=", name, (int)sizeof(name));
		put(&o, ",\"name\":");
		put_json_str(&o, arg ? arg : "");
		put(&o, "}\n");
		pss->len = (size_t)(o.p - pss->body);

		if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
				"application/json", (lws_filepos_t)pss->len,
				&p, end) ||
		    lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
				(const unsigned char *)"no-store", 8, &p, end) ||
		    lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		lws_callback_on_writable(wsi);
		return 0;

	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (!pss || !pss->len)
			break;
		memcpy(start, pss->body, pss->len);
		if (lws_write(wsi, start, pss->len, LWS_WRITE_HTTP_FINAL) !=
							(int)pss->len)
			return 1;
		pss->len = 0;
		return lws_http_transaction_completed(wsi) ? -1 : 0;

	default:
		break;
	}

	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

/* ---- /form: POST with lws_spa ---- */

enum { F_NAME, F_EMAIL, F_COMMENT, F_UPLOAD, F_COUNT };
static const char * const form_params[F_COUNT] = {
	"name", "email", "comment", "upload"
};

struct pss_form {
	struct lws_spa *spa;
	char filename[128];
	unsigned long long file_size;
	uint32_t file_hash;
	int have_file;
	char body[2048];
	size_t len;
};

static int
file_upload_cb(void *data, const char *name, const char *filename, char *buf,
	       int len, enum lws_spa_fileupload_states state)
{
	struct pss_form *pss = (struct pss_form *)data;
	int n;

	switch (state) {
	case LWS_UFS_OPEN:
		lws_strncpy(pss->filename, filename ? filename : "",
			    sizeof(pss->filename));
		pss->file_size = 0;
		pss->file_hash = 2166136261u;	/* FNV-1a 32-bit offset basis */
		pss->have_file = 1;
		break;
	case LWS_UFS_CONTENT:
	case LWS_UFS_FINAL_CONTENT:
		for (n = 0; n < len; n++) {
			pss->file_hash ^= (unsigned char)buf[n];
			pss->file_hash *= 16777619u;
		}
		pss->file_size += (unsigned long long)len;
		break;
	case LWS_UFS_CLOSE:
		break;
	}
	(void)name;

	return 0;
}

static void
form_answer(struct pss_form *pss)
{
	struct out o = { pss->body, pss->body + sizeof(pss->body) };
	int n;

	put(&o, "{");
	for (n = 0; n < F_COUNT; n++) {
		if (n == F_UPLOAD)
			continue;
		put(&o, "%s\"%s\":", n ? "," : "", form_params[n]);
		put_json_str(&o, lws_spa_get_string(pss->spa, n));
	}
	if (pss->have_file) {
		put(&o, ",\"file\":{\"filename\":");
		put_json_str(&o, pss->filename);
		put(&o, ",\"size\":%llu,\"fnv1a\":\"%08x\"}", pss->file_size,
		    (unsigned int)pss->file_hash);
	}
	put(&o, "}\n");
	pss->len = (size_t)(o.p - pss->body);
}

static int
callback_form(struct lws *wsi, enum lws_callback_reasons reason, void *user,
	      void *in, size_t len)
{
	struct pss_form *pss = (struct pss_form *)user;
	unsigned char buf[LWS_PRE + 2048], *start = &buf[LWS_PRE], *p = start,
		      *end = &buf[sizeof(buf) - 1];
	lws_spa_create_info_t si;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		if (!lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI)) {
			/* the form itself is a static page: /form.html */
			if (lws_http_redirect(wsi, HTTP_STATUS_SEE_OTHER,
					(const unsigned char *)"/form.html", 10,
					&p, end) < 0)
				return -1;
			return lws_http_transaction_completed(wsi) ? -1 : 0;
		}
		/* a POST: the body follows in LWS_CALLBACK_HTTP_BODY */
		return 0;

	case LWS_CALLBACK_HTTP_BODY:
		if (!pss->spa) {
			memset(&si, 0, sizeof(si));
			si.param_names = form_params;
			si.count_params = F_COUNT;
			si.max_storage = 4096;
			si.opt_cb = file_upload_cb;
			si.opt_data = pss;
			pss->spa = lws_spa_create_via_info(wsi, &si);
			if (!pss->spa)
				return -1;
		}
		if (lws_spa_process(pss->spa, (const char *)in, (int)len))
			return -1;
		return 0;

	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		if (!pss->spa) {	/* an empty body */
			memset(&si, 0, sizeof(si));
			si.param_names = form_params;
			si.count_params = F_COUNT;
			si.max_storage = 4096;
			pss->spa = lws_spa_create_via_info(wsi, &si);
			if (!pss->spa)
				return -1;
		}
		lws_spa_finalize(pss->spa);
		form_answer(pss);
		if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK,
				"application/json", (lws_filepos_t)pss->len,
				&p, end) ||
		    lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		lws_callback_on_writable(wsi);
		return 0;

	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (!pss || !pss->len)
			break;
		memcpy(start, pss->body, pss->len);
		if (lws_write(wsi, start, pss->len, LWS_WRITE_HTTP_FINAL) !=
							(int)pss->len)
			return 1;
		pss->len = 0;
		if (pss->spa) {
			lws_spa_destroy(pss->spa);
			pss->spa = NULL;
		}
		pss->have_file = 0;
		return lws_http_transaction_completed(wsi) ? -1 : 0;

	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
	case LWS_CALLBACK_CLOSED_HTTP:
		if (pss && pss->spa) {
			lws_spa_destroy(pss->spa);
			pss->spa = NULL;
		}
		break;

	default:
		break;
	}

	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

static const struct lws_protocols protocols[] = {
	{ "http", lws_callback_http_dummy, 0, 0, 0, NULL, 0 },
	{ "http-api", callback_api, sizeof(struct pss_api), 0, 0, NULL, 0 },
	{ "http-form", callback_form, sizeof(struct pss_form), 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
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
	struct lws_http_mount m_files, m_api, m_form;
	struct lws_context_creation_info info;
	struct lws_context *context;
	const char *www = EXAMPLES_HTTP_WWW_DIR;
	int port = 7683, quiet = 0, opt, n = 0;
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

	/* the mounts are matched by their longest mountpoint */
	memset(&m_form, 0, sizeof(m_form));
	m_form.mountpoint = "/form";
	m_form.mountpoint_len = 5;
	m_form.origin = "http-form";
	m_form.origin_protocol = LWSMPRO_CALLBACK;

	memset(&m_api, 0, sizeof(m_api));
	m_api.mount_next = &m_form;
	m_api.mountpoint = "/api";
	m_api.mountpoint_len = 4;
	m_api.origin = "http-api";
	m_api.origin_protocol = LWSMPRO_CALLBACK;

	memset(&m_files, 0, sizeof(m_files));
	m_files.mount_next = &m_api;
	m_files.mountpoint = "/";
	m_files.mountpoint_len = 1;
	m_files.origin = www;
	m_files.def = "index.html";
	m_files.origin_protocol = LWSMPRO_FILE;

	memset(&info, 0, sizeof(info));
	info.port = port;
	info.protocols = protocols;
	info.mounts = &m_files;
	info.vhost_name = "localhost";
	info.server_string = "lws-http-example";
	info.error_document_404 = "/404.html";

	context = lws_create_context(&info);
	if (!context) {
		lwsl_err("lws_create_context failed\n");
		return 1;
	}
	lwsl_user("http-server on http://localhost:%d (files from %s)\n",
		  port, www);

	while (n >= 0 && !stop_requested)
		n = lws_service(context, 0);

	lws_context_destroy(context);
	lwsl_user("served %lu API requests\n", api_requests);

	return 0;
}
