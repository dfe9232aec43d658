/* lws-http.h: HTTP serving and header access.
 * Types and prototypes come from Rust (src/api/http.rs) via the generated
 * header; this file adds the macros, the anonymous method enum and the
 * forward declarations the prototypes need. */

#ifndef LWS_RS_HTTP_H
#define LWS_RS_HTTP_H

struct lws;
struct lws_http_mount;
struct lws_protocol_vhost_options;

/* Header space a vhost should allow at least. */
#define LWS_RECOMMENDED_MIN_HEADER_SPACE 2048

#include <libwebsockets/gen/lws-http.h>

/* lws_add_http_header_status() code argument: status in the low 16 bits,
 * optional flag to leave out the "server:" header. */
#define LWSAHH_CODE_MASK ((1 << 16) - 1)
#define LWSAHH_FLAG_NO_SERVER_NAME (1 << 30)

/* content_len value for "no content-length header, use chunked / close". */
#define LWS_ILLEGAL_HTTP_CONTENT_LEN ((lws_filepos_t)-1ll)

/* Return values of lws_http_get_uri_and_method(). */
enum {
	LWSHUMETH_GET,
	LWSHUMETH_POST,
	LWSHUMETH_OPTIONS,
	LWSHUMETH_PUT,
	LWSHUMETH_PATCH,
	LWSHUMETH_DELETE,
	LWSHUMETH_CONNECT,
	LWSHUMETH_HEAD,
	LWSHUMETH_COLON_PATH,
};

/* Nonzero when an HTTP response code is an error (400 and up). */
#define lws_http_client_http_resp_is_error(code) (!(code < 400))

/* sid argument of lws_h2_update_peer_txcredit(): the stream of wsi itself. */
#define LWS_H2_STREAM_SID -1

#endif /* LWS_RS_HTTP_H */
