/* lws-context-vhost.h: creating the context and its vhosts.  Types and
 * prototypes come from Rust (src/api/context_vhost.rs) via the generated
 * header; this file adds the option bits and helper macros. */

#ifndef LWS_RS_CONTEXT_VHOST_H
#define LWS_RS_CONTEXT_VHOST_H

/* lws_context_creation_info.options bits */
#define LWS_SERVER_OPTION_REQUIRE_VALID_OPENSSL_CLIENT_CERT ((1ll << 1) | (1ll << 12))
#define LWS_SERVER_OPTION_SKIP_SERVER_CANONICAL_NAME (1ll << 2)
#define LWS_SERVER_OPTION_ALLOW_NON_SSL_ON_SSL_PORT ((1ll << 3) | (1ll << 12))
#define LWS_SERVER_OPTION_LIBEV (1ll << 4)
#define LWS_SERVER_OPTION_DISABLE_IPV6 (1ll << 5)
#define LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS (1ll << 6)
#define LWS_SERVER_OPTION_PEER_CERT_NOT_REQUIRED (1ll << 7)
#define LWS_SERVER_OPTION_VALIDATE_UTF8 (1ll << 8)
#define LWS_SERVER_OPTION_SSL_ECDH ((1ll << 9) | (1ll << 12))
#define LWS_SERVER_OPTION_LIBUV (1ll << 10)
#define LWS_SERVER_OPTION_REDIRECT_HTTP_TO_HTTPS ((1ll << 11) | (1ll << 12))
#define LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT (1ll << 12)
#define LWS_SERVER_OPTION_EXPLICIT_VHOSTS (1ll << 13)
#define LWS_SERVER_OPTION_UNIX_SOCK (1ll << 14)
#define LWS_SERVER_OPTION_STS (1ll << 15)
#define LWS_SERVER_OPTION_IPV6_V6ONLY_MODIFY (1ll << 16)
#define LWS_SERVER_OPTION_IPV6_V6ONLY_VALUE (1ll << 17)
#define LWS_SERVER_OPTION_UV_NO_SIGSEGV_SIGFPE_SPIN (1ll << 18)
#define LWS_SERVER_OPTION_JUST_USE_RAW_ORIGIN (1ll << 19)
#define LWS_SERVER_OPTION_FALLBACK_TO_RAW (1ll << 20)
#define LWS_SERVER_OPTION_FALLBACK_TO_APPLY_LISTEN_ACCEPT_CONFIG (1ll << 20)
#define LWS_SERVER_OPTION_LIBEVENT (1ll << 21)
#define LWS_SERVER_OPTION_ONLY_RAW (1ll << 22)
#define LWS_SERVER_OPTION_ADOPT_APPLY_LISTEN_ACCEPT_CONFIG (1ll << 22)
#define LWS_SERVER_OPTION_ALLOW_LISTEN_SHARE (1ll << 23)
#define LWS_SERVER_OPTION_CREATE_VHOST_SSL_CTX (1ll << 24)
#define LWS_SERVER_OPTION_SKIP_PROTOCOL_INIT (1ll << 25)
#define LWS_SERVER_OPTION_IGNORE_MISSING_CERT (1ll << 26)
#define LWS_SERVER_OPTION_VHOST_UPG_STRICT_HOST_CHECK (1ll << 27)
#define LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE (1ll << 28)
#define LWS_SERVER_OPTION_ALLOW_HTTP_ON_HTTPS_LISTENER (1ll << 29)
#define LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND (1ll << 30)
#define LWS_SERVER_OPTION_H2_JUST_FIX_WINDOW_UPDATE_OVERFLOW (1ll << 31)
#define LWS_SERVER_OPTION_VH_H2_HALF_CLOSED_LONG_POLL (1ll << 32)
#define LWS_SERVER_OPTION_GLIB (1ll << 33)
#define LWS_SERVER_OPTION_H2_PRIOR_KNOWLEDGE (1ll << 34)
#define LWS_SERVER_OPTION_NO_LWS_SYSTEM_STATES (1ll << 35)

/* nonzero if all the bits of option f are set in options c */
#define lws_check_opt(c, f) ((((uint64_t)c) & ((uint64_t)f)) == ((uint64_t)f))

struct lws_plat_file_ops;
struct lws_ss_policy;
struct lws_ss_plugin;
struct lws_vhost;
struct lws_http_mount;

#include <libwebsockets/gen/lws-context-vhost.h>

/* lws_http_mount.auth_mask: the authentication mode bits
 * (enum lws_authentication_mode) */
#define AUTH_MODE_MASK 0xF0000000

#endif /* LWS_RS_CONTEXT_VHOST_H */
