/* lws-callbacks.h: the protocol callback type and its reasons.
 * Types come from Rust (src/api/callbacks.rs) via the generated header;
 * this file adds what cbindgen cannot express. */

#ifndef LWS_RS_CALLBACKS_H
#define LWS_RS_CALLBACKS_H

/* `in` of LWS_CALLBACK_SSL_INFO */
struct lws_ssl_info {
	int where;
	int ret;
};

/* Indexes of lws_acme_cert_aging_args.element_overrides */
enum {
	LWS_TLS_REQ_ELEMENT_COUNTRY,
	LWS_TLS_REQ_ELEMENT_STATE,
	LWS_TLS_REQ_ELEMENT_LOCALITY,
	LWS_TLS_REQ_ELEMENT_ORGANIZATION,
	LWS_TLS_REQ_ELEMENT_COMMON_NAME,
	LWS_TLS_REQ_ELEMENT_SUBJECT_ALT_NAME,
	LWS_TLS_REQ_ELEMENT_EMAIL,

	LWS_TLS_REQ_ELEMENT_COUNT,

	LWS_TLS_SET_DIR_URL = LWS_TLS_REQ_ELEMENT_COUNT,
	LWS_TLS_SET_AUTH_PATH,
	LWS_TLS_SET_CERT_PATH,
	LWS_TLS_SET_KEY_PATH,

	LWS_TLS_TOTAL_COUNT
};

/* `in` of LWS_CALLBACK_FILTER_NETWORK_CONNECTION */
struct lws_filter_network_conn_args {
	struct sockaddr_storage cli_addr;
	socklen_t clilen;
	lws_sockfd_type accept_fd;
};

#include <libwebsockets/gen/lws-callbacks.h>

/* The user callback of a protocol (struct lws_protocols.callback). */
typedef int
lws_callback_function(struct lws *wsi, enum lws_callback_reasons reason,
		      void *user, void *in, size_t len);

/* Flags in the reason argument for LWS_CALLBACK_HTTP_WRITEABLE et al. */
#define LWS_CB_REASON_AUX_BF__CGI		1
#define LWS_CB_REASON_AUX_BF__PROXY		2
#define LWS_CB_REASON_AUX_BF__CGI_CHUNK_END	4
#define LWS_CB_REASON_AUX_BF__CGI_HEADERS	8
#define LWS_CB_REASON_AUX_BF__PROXY_TRANS_END	16
#define LWS_CB_REASON_AUX_BF__PROXY_HEADERS	32

#endif /* LWS_RS_CALLBACKS_H */
