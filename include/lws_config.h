/*
 * lws_config.h: build configuration of the libwebsockets replacement.
 *
 * A switch defined here says what this library really does, so that a
 * program's #if tests choose code that works.  The switches start from
 * those of Debian bookworm's libwebsockets 4.1.6-3 build; the ones Debian
 * has and this library does not implement yet are left undefined (list
 * below).  The public struct layouts in these headers do not depend on any
 * switch: they are always Debian's, so the ABI is the same either way.
 * What is implemented, function by function, is in docs/compat.md.
 */

#ifndef LWS_RS_CONFIG_H
#define LWS_RS_CONFIG_H

/* Debian builds libwebsockets without NDEBUG: the headers see _DEBUG. */
#ifndef NDEBUG
#ifndef _DEBUG
#define _DEBUG
#endif
#endif

/* Version */
#define LWS_INSTALL_DATADIR "/usr/share"
#define LWS_INSTALL_LIBDIR "/usr/lib/x86_64-linux-gnu"
#define LWS_LIBRARY_VERSION_MAJOR 4
#define LWS_LIBRARY_VERSION_MINOR 1
#define LWS_LIBRARY_VERSION_PATCH_ELABORATED 6-
#define LWS_LIBRARY_VERSION_PATCH 6
#define LWS_LIBRARY_VERSION "4.1.6-"
#define LWS_LIBRARY_VERSION_NUMBER ((LWS_LIBRARY_VERSION_MAJOR * 1000000) + \
				    (LWS_LIBRARY_VERSION_MINOR * 1000) + \
				    LWS_LIBRARY_VERSION_PATCH)

/* Features and roles compiled in (Debian's selection) */
#define LWS_LOGGING_BITFIELD_CLEAR 0
#define LWS_LOGGING_BITFIELD_SET 0
#define LWS_LOGS_TIMESTAMP
#define LWS_MAX_SMP 1
#define LWS_OPENSSL_CLIENT_CERTS "../share"
#define LWS_OPENSSL_SUPPORT
#define LWS_PLAT_UNIX
#define LWS_ROLE_H1
#define LWS_ROLE_WS
#define LWS_SSL_CLIENT_USE_OS_CA_CERTS
#define LWS_WITH_CLIENT
#define LWS_WITH_CUSTOM_HEADERS
#define LWS_WITH_DIR
/* foreign GMainLoop only (LWS_SERVER_OPTION_GLIB + foreign_loops) */
#define LWS_WITH_GLIB
#define LWS_WITH_FILE_OPS
#define LWS_WITH_HTTP_BASIC_AUTH
#define LWS_WITH_HTTP_UNCOMMON_HEADERS
#define LWS_WITH_IPV6
#define LWS_WITH_LWSAC
#define LWS_WITH_NETWORK
#define LWS_WITH_POLL
#define LWS_WITH_SERVER
#define LWS_WITH_SYS_STATE
#define LWS_WITH_TLS

/* Platform facts detected by Debian's build */
#define LWS_HAS_GETOPT_LONG
#define LWS_HAS_INTPTR_T
#define LWS_HAVE_ATOLL
#define LWS_HAVE_BN_bn2binpad
#define LWS_HAVE_CLOCK_GETTIME
#define LWS_HAVE_ECDSA_SIG_set0
#define LWS_HAVE_EC_POINT_get_affine_coordinates
#define LWS_HAVE_EVBACKEND_IOURING
#define LWS_HAVE_EVBACKEND_LINUXAIO
#define LWS_HAVE_EVENTFD
#define LWS_HAVE_EVP_MD_CTX_free
#define LWS_HAVE_EVP_PKEY_new_raw_private_key
#define LWS_HAVE_EVP_aes_128_cfb128
#define LWS_HAVE_EVP_aes_128_cfb8
#define LWS_HAVE_EVP_aes_128_wrap
#define LWS_HAVE_EVP_aes_128_xts
#define LWS_HAVE_EVP_aes_192_cfb128
#define LWS_HAVE_EVP_aes_192_cfb8
#define LWS_HAVE_EVP_aes_256_cfb128
#define LWS_HAVE_EVP_aes_256_cfb8
#define LWS_HAVE_EXECVPE
#define LWS_HAVE_HMAC_CTX_new
#define LWS_HAVE_LIBCAP
#define LWS_HAVE_MALLOC_H
#define LWS_HAVE_MALLOC_TRIM
#define LWS_HAVE_MALLOC_USABLE_SIZE
#define LWS_HAVE_NEW_UV_VERSION_H
#define LWS_HAVE_OPENSSL_ECDH_H
#define LWS_HAVE_PIPE2
#define LWS_HAVE_PTHREAD_H
#define LWS_HAVE_RSA_SET0_KEY
#define LWS_HAVE_SSL_CTX_EVP_PKEY_new_raw_private_key
#define LWS_HAVE_SSL_CTX_get0_certificate
#define LWS_HAVE_SSL_CTX_load_verify_dir
#define LWS_HAVE_SSL_CTX_load_verify_file
#define LWS_HAVE_SSL_CTX_set1_param
#define LWS_HAVE_SSL_CTX_set_ciphersuites
#define LWS_HAVE_SSL_EXTRA_CHAIN_CERTS
#define LWS_HAVE_SSL_SET_INFO_CALLBACK
#define LWS_HAVE_SSL_get0_alpn_selected
#define LWS_HAVE_SSL_set_alpn_protos
#define LWS_HAVE_STDINT_H
#define LWS_HAVE_SYS_CAPABILITY_H
#define LWS_HAVE_TLSV1_2_CLIENT_METHOD
#define LWS_HAVE_TLS_CLIENT_METHOD
#define LWS_HAVE_VFORK
#define LWS_HAVE_X509_VERIFY_PARAM_set1_host
#define LWS_HAVE_X509_get_key_usage

/* On in Debian's build, off here until implemented (the issue of each is
 * named in README.md): LWS_ROLE_H2 LWS_WITH_HTTP2 (HTTP/2),
 * LWS_ROLE_RAW LWS_ROLE_RAW_FILE LWS_WITH_UDP LWS_WITH_UNIX_SOCK (raw,
 * adopted descriptors, UDP, unix sockets), LWS_WITH_EVENT_LIBS
 * LWS_WITH_EVLIB_PLUGINS LWS_WITH_LIBUV LWS_WITH_LIBEV (libuv, libev: the
 * loops are lws's own one and, with LWS_WITH_GLIB, a program's GMainLoop),
 * LWS_WITH_SYS_SMD (lws_smd_*),
 * LWS_WITH_LEJP (lejp_parse), LWS_WITH_PLUGINS_API (lws_plugins_init),
 * LWS_CLIENT_HTTP_PROXYING (lws_set_proxy).
 *
 * TLS is rustls, not OpenSSL: LWS_OPENSSL_SUPPORT / LWS_WITH_TLS mean "TLS
 * is available", as they do in upstream's mbedTLS builds too; the
 * LWS_HAVE_SSL_* / LWS_HAVE_EVP_* probes above are Debian's OpenSSL results
 * and say nothing about this library (lws_get_ssl() returns NULL).
 */

/* Switches off in Debian's build (listed for reference):
 * LWS_AVOID_SIGPIPE_IGN LWS_BUILD_HASH LWS_BUILTIN_GETIFADDRS
 * LWS_DETECTED_PLAT_IOS LWS_ESP_PLATFORM LWS_EXT_PTHREAD_LIBRARIES
 * LWS_FALLBACK_GETHOSTBYNAME LWS_HAVE_MBEDTLS_NET_SOCKETS
 * LWS_HAVE_RSA_verify_pss_mgf1 LWS_HAVE_UV_VERSION_H LWS_HAVE__ATOI64
 * LWS_HAVE__STAT32I64 LWS_HAVE_mbedtls_internal_aes_encrypt
 * LWS_HAVE_mbedtls_md_setup LWS_HAVE_mbedtls_net_init
 * LWS_HAVE_mbedtls_rsa_complete LWS_HAVE_mbedtls_ssl_conf_alpn_protocols
 * LWS_HAVE_mbedtls_ssl_conf_sni LWS_HAVE_mbedtls_ssl_get_alpn_protocol
 * LWS_HAVE_mbedtls_ssl_set_hs_authmode LWS_HAVE_mbedtls_ssl_set_hs_ca_chain
 * LWS_HAVE_mbedtls_ssl_set_hs_own_cert LWS_HTTP_HEADERS_ALL
 * LWS_LIBRARY_VERSION_NUMBER LWS_MINGW_SUPPORT LWS_NO_CLIENT
 * LWS_NO_DAEMONIZE LWS_PLAT_FREERTOS LWS_PLAT_OPTEE LWS_ROLE_CGI
 * LWS_ROLE_DBUS LWS_ROLE_MQTT LWS_ROLE_RAW_PROXY LWS_SHA1_USE_OPENSSL_NAME
 * LWS_SSL_SERVER_WITH_ECDH_CERT LWS_WITHOUT_EXTENSIONS LWS_WITH_ABSTRACT
 * LWS_WITH_ACCESS_LOG LWS_WITH_ACME LWS_WITH_ALSA LWS_WITH_BORINGSSL
 * LWS_WITH_CGI LWS_WITH_DEPRECATED_LWS_DLL LWS_WITH_DETAILED_LATENCY
 * LWS_WITH_DRIVERS LWS_WITH_ESP32 LWS_WITH_EXTERNAL_POLL LWS_WITH_FSMOUNT
 * LWS_WITH_FTS LWS_WITH_GENCRYPTO LWS_WITH_GENERIC_SESSIONS LWS_WITH_GTK
 * LWS_WITH_HTTP_BROTLI LWS_WITH_HTTP_PROXY LWS_WITH_HTTP_STREAM_COMPRESSION
 * LWS_WITH_JOSE LWS_WITH_LIBEVENT LWS_WITH_LIBUV_INTERNAL LWS_WITH_MBEDTLS
 * LWS_WITH_MINIZ LWS_WITH_NO_LOGS LWS_WITH_PEER_LIMITS LWS_WITH_PLUGINS
 * LWS_WITH_POLARSSL LWS_WITH_RANGES LWS_WITH_SECURE_STREAMS
 * LWS_WITH_SECURE_STREAMS_PROXY_API
 * LWS_WITH_SECURE_STREAMS_STATIC_POLICY_ONLY
 * LWS_WITH_SECURE_STREAMS_SYS_AUTH_API_AMAZON_COM LWS_WITH_SELFTESTS
 * LWS_WITH_SEQUENCER LWS_WITH_SERVER_STATUS LWS_WITH_SMTP LWS_WITH_SOCKS5
 * LWS_WITH_SPAWN LWS_WITH_SQLITE3 LWS_WITH_STATEFUL_URLDECODE
 * LWS_WITH_STATS LWS_WITH_STRUCT_JSON LWS_WITH_STRUCT_SQLITE3
 * LWS_WITH_SUL_DEBUGGING LWS_WITH_SYS_ASYNC_DNS LWS_WITH_SYS_DHCP_CLIENT
 * LWS_WITH_SYS_NTPCLIENT LWS_WITH_THREADPOOL LWS_WITH_ZIP_FOPS
 * USE_OLD_CYASSL USE_WOLFSSL
 */

#endif /* LWS_RS_CONFIG_H */
