/*
 * libwebsockets.h: the public API of the Rust libwebsockets replacement.
 *
 * This header set is ABI-compatible with libwebsockets 4.1.6 as Debian
 * bookworm ships it (libwebsockets.so.17, Debian's lws_config.h): the
 * layout of every public struct, every enum value and every integer
 * constant equal Debian's, so code compiled against either header set runs
 * against either library.
 *
 * Structure: this file holds the platform prologue, then includes one
 * sub-header per API group in the order upstream includes them.  Each
 * sub-header includes a cbindgen-generated part (libwebsockets/gen/) with
 * the types and prototypes defined in Rust, and adds the macros and inline
 * helpers by hand.
 */

#ifndef LWS_RS_LIBWEBSOCKETS_H
#define LWS_RS_LIBWEBSOCKETS_H
/* upstream's include guard, which some code tests for */
#define LIBWEBSOCKET_H_3060898B846849FF9F88F5DB59B5950C

#ifdef __cplusplus
#include <cstddef>
#include <cstdarg>
extern "C" {
#else
#include <stdarg.h>
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "lws_config.h"

/* Opaque objects used before their sub-header. */
struct lws_sequencer;
struct lws_dsh;

/* Time and size units (lws_usec_t is int64_t, defined in gen/lws-base.h;
 * these are macros, so the type only needs to exist where they are used). */
#define LWS_US_PER_SEC ((lws_usec_t)1000000)
#define LWS_MS_PER_SEC ((lws_usec_t)1000)
#define LWS_US_PER_MS ((lws_usec_t)1000)
#define LWS_NS_PER_US ((lws_usec_t)1000)
/* microseconds to milliseconds, rounded to nearest */
#define LWS_US_TO_MS(x) ((x + (LWS_US_PER_MS / 2)) / LWS_US_PER_MS)

#define LWS_KI (1024)
#define LWS_MI (LWS_KI * 1024)
#define LWS_GI (LWS_MI * 1024)
#define LWS_TI ((uint64_t)LWS_GI * 1024)
#define LWS_PI ((uint64_t)LWS_TI * 1024)

#define lws_intptr_t intptr_t

/* --- platform prologue ------------------------------------------------ */

#include <unistd.h>
#include <poll.h>
#include <netdb.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <netinet/in.h>

/*
 * Debian's header pulls in OpenSSL.  We do not link OpenSSL (TLS is rustls),
 * but user code written against Debian's header may name OpenSSL types
 * (lws_get_ssl() returns SSL *), so include OpenSSL's header when it is
 * installed and only declare the handle types otherwise.
 */
#if defined(LWS_WITH_TLS)
#if defined(__has_include)
#if __has_include(<openssl/ssl.h>)
#include <openssl/ssl.h>
#include <openssl/err.h>
#define LWS_RS_HAVE_OPENSSL_TYPES 1
#endif
#endif
#if !defined(LWS_RS_HAVE_OPENSSL_TYPES)
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct x509_st X509;
#endif
#endif

#if defined(__GNUC__)
#define LWS_VISIBLE __attribute__((visibility("default")))
#define LWS_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define LWS_WARN_DEPRECATED __attribute__ ((deprecated))
#define LWS_FORMAT(string_index) __attribute__ ((format(printf, string_index, string_index+1)))
#else
#define LWS_VISIBLE
#define LWS_WARN_UNUSED_RESULT
#define LWS_WARN_DEPRECATED
#define LWS_FORMAT(string_index)
#endif

#ifndef LWS_EXTERN
#define LWS_EXTERN extern
#endif

#define LWS_INLINE inline
#define LWS_O_RDONLY O_RDONLY
#define LWS_O_WRONLY O_WRONLY
#define LWS_O_CREAT O_CREAT
#define LWS_O_TRUNC O_TRUNC

#if !defined(__MINGW32__) && !defined(_WIN32)
#define LWS_INVALID_FILE -1
#define LWS_SOCK_INVALID (-1)
#endif

/* One service thread: the mutex helpers compile to nothing. */
#define lws_pthread_mutex(name)
#define lws_pthread_mutex_init(_a)
#define lws_pthread_mutex_destroy(_a)
#define lws_pthread_mutex_lock(_a)
#define lws_pthread_mutex_unlock(_a)

/* Special values for lws_context_creation_info.port */
#define CONTEXT_PORT_NO_LISTEN -1
#define CONTEXT_PORT_NO_LISTEN_SERVER -2

#include <libwebsockets/lws-logs.h>

#ifndef lws_container_of
#define lws_container_of(P, T, M) ((T *)((char *)(P) - offsetof(T, M)))
#endif
#define LWS_ALIGN_TO(x, bou) x += ((bou) - ((x) % (bou))) % (bou)

/* Feature tests user code checks for */
#define LWS_FEATURE_SERVE_HTTP_FILE_HAS_OTHER_HEADERS_ARG
#define LWS_FEATURE_PROTOCOLS_HAS_ID_FIELD
#define LWS_FEATURE_PROTOCOLS_HAS_PEER_WRITE_ALLOWANCE
#define LWS_FEATURE_SERVE_HTTP_FILE_HAS_OTHER_HEADERS_LEN
#define LWS_FEATURE_FOPS

/* On POSIX, lws polls with the system's struct pollfd. */
#define lws_pollfd pollfd
#define LWS_POLLHUP (POLLHUP | POLLERR)
#define LWS_POLLIN (POLLIN)
#define LWS_POLLOUT (POLLOUT)

#define lws_concat_temp(_t, _l) (_t + sizeof(_t) - _l)
#define lws_concat_used(_t, _l) (sizeof(_t) - _l)

/* Opaque objects: only ever handled through pointers. */
struct lws;
struct lws_context;
struct lws_vhost;
struct lws_extension;
struct lws_token_limits;
struct lws_protocols;
struct lws_tokens;

#include <libwebsockets/gen/lws-base.h>

/* --- the API, in upstream's include order ----------------------------- */

#include <libwebsockets/lws-dll2.h>
#include <libwebsockets/lws-timeout-timer.h>
#include <libwebsockets/lws-smd.h>
#include <libwebsockets/lws-state.h>
#include <libwebsockets/lws-retry.h>
#include <libwebsockets/lws-adopt.h>
#include <libwebsockets/lws-network-helper.h>
#include <libwebsockets/lws-system.h>
#include <libwebsockets/lws-ws-close.h>
#include <libwebsockets/lws-callbacks.h>
#include <libwebsockets/lws-ws-state.h>
#include <libwebsockets/lws-ws-ext.h>
#include <libwebsockets/lws-protocols-plugins.h>
#include <libwebsockets/lws-context-vhost.h>
#include <libwebsockets/lws-client.h>
#include <libwebsockets/lws-http.h>
#include <libwebsockets/lws-spa.h>
#include <libwebsockets/lws-purify.h>
#include <libwebsockets/lws-misc.h>
#include <libwebsockets/lws-service.h>
#include <libwebsockets/lws-write.h>
#include <libwebsockets/lws-writeable.h>
#include <libwebsockets/lws-ring.h>
#include <libwebsockets/lws-sha1-base64.h>
#include <libwebsockets/lws-x509.h>
#include <libwebsockets/lws-cgi.h>
#include <libwebsockets/lws-vfs.h>
#include <libwebsockets/lws-lejp.h>
#include <libwebsockets/lws-tokenize.h>
#include <libwebsockets/lws-lwsac.h>
#include <libwebsockets/lws-eventlib-exports.h>

#ifdef __cplusplus
}
#endif

#endif /* LWS_RS_LIBWEBSOCKETS_H */
