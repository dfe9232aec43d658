//! C-ABI types and constants of `libwebsockets/lws-http.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::http`.

use core::ffi::*;
use crate::abi::protocols_plugins::lws_protocol_vhost_options;

rust_only! {
    /// One URL-space mount of a vhost (Rust view: the three one-bit C
    /// bitfields share the byte `cache_flags`, bit 0 = `cache_reusable`,
    /// bit 1 = `cache_revalidate`, bit 2 = `cache_intermediaries`).
    #[repr(C)]
    #[derive(Debug)]
    pub struct lws_http_mount {
        pub mount_next: *const lws_http_mount,
        pub mountpoint: *const c_char,
        pub origin: *const c_char,
        pub def: *const c_char,
        pub protocol: *const c_char,
        pub cgienv: *const lws_protocol_vhost_options,
        pub extra_mimetypes: *const lws_protocol_vhost_options,
        pub interpret: *const lws_protocol_vhost_options,
        pub cgi_timeout: c_int,
        pub cache_max_age: c_int,
        pub auth_mask: c_uint,
        pub cache_flags: u8,
        pub origin_protocol: c_uchar,
        pub mountpoint_len: c_uchar,
        pub basic_auth_login_file: *const c_char,
        pub _unused: [*mut c_void; 2],
    }
}

/// One URL-space mount of a vhost (C view, with its bitfields).
#[cfg(cbindgen)]
#[repr(C)]
pub struct lws_http_mount {
    /// Next mount in the vhost's list, or NULL.
    pub mount_next: *const lws_http_mount,
    /// URL prefix served by this mount, e.g. "/".
    pub mountpoint: *const c_char,
    /// Where the content comes from (directory, URL or protocol name).
    pub origin: *const c_char,
    /// Default file for a directory URL, e.g. "index.html".
    pub def: *const c_char,
    /// Protocol to bind the connection to, or NULL.
    pub protocol: *const c_char,
    pub cgienv: *const lws_protocol_vhost_options,
    /// Additional "extension" -> "mimetype" pairs ("*" is a fallback).
    pub extra_mimetypes: *const lws_protocol_vhost_options,
    pub interpret: *const lws_protocol_vhost_options,
    pub cgi_timeout: c_int,
    pub cache_max_age: c_int,
    pub auth_mask: c_uint,
    /// cbindgen:bitfield=1
    pub cache_reusable: c_uint,
    /// cbindgen:bitfield=1
    pub cache_revalidate: c_uint,
    /// cbindgen:bitfield=1
    pub cache_intermediaries: c_uint,
    /// One of enum lws_mount_protocols.
    pub origin_protocol: c_uchar,
    /// strlen(mountpoint).
    pub mountpoint_len: c_uchar,
    pub basic_auth_login_file: *const c_char,
    pub _unused: [*mut c_void; 2],
}

/// HTTP status codes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum http_status {
    HTTP_STATUS_CONTINUE = 100,
    HTTP_STATUS_OK = 200,
    HTTP_STATUS_NO_CONTENT = 204,
    HTTP_STATUS_PARTIAL_CONTENT = 206,
    HTTP_STATUS_MOVED_PERMANENTLY = 301,
    HTTP_STATUS_FOUND = 302,
    HTTP_STATUS_SEE_OTHER = 303,
    HTTP_STATUS_NOT_MODIFIED = 304,
    HTTP_STATUS_BAD_REQUEST = 400,
    HTTP_STATUS_UNAUTHORIZED,
    HTTP_STATUS_PAYMENT_REQUIRED,
    HTTP_STATUS_FORBIDDEN,
    HTTP_STATUS_NOT_FOUND,
    HTTP_STATUS_METHOD_NOT_ALLOWED,
    HTTP_STATUS_NOT_ACCEPTABLE,
    HTTP_STATUS_PROXY_AUTH_REQUIRED,
    HTTP_STATUS_REQUEST_TIMEOUT,
    HTTP_STATUS_CONFLICT,
    HTTP_STATUS_GONE,
    HTTP_STATUS_LENGTH_REQUIRED,
    HTTP_STATUS_PRECONDITION_FAILED,
    HTTP_STATUS_REQ_ENTITY_TOO_LARGE,
    HTTP_STATUS_REQ_URI_TOO_LONG,
    HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE,
    HTTP_STATUS_REQ_RANGE_NOT_SATISFIABLE,
    HTTP_STATUS_EXPECTATION_FAILED,
    HTTP_STATUS_INTERNAL_SERVER_ERROR = 500,
    HTTP_STATUS_NOT_IMPLEMENTED,
    HTTP_STATUS_BAD_GATEWAY,
    HTTP_STATUS_SERVICE_UNAVAILABLE,
    HTTP_STATUS_GATEWAY_TIMEOUT,
    HTTP_STATUS_HTTP_VERSION_NOT_SUPPORTED,
}

/// By-value form of `enum http_status`.
pub type E_http_status = c_int;

/// Arguments of `lws_chunked_html_process`.
#[repr(C)]
#[derive(Debug)]
pub struct lws_process_html_args {
    /// Start of the chunk to process.
    pub p: *mut c_char,
    /// Bytes used at `p`.
    pub len: c_int,
    /// Bytes available at `p`.
    pub max_len: c_int,
    /// Nonzero for the last chunk.
    pub r#final: c_int,
    /// Nonzero to add chunked-encoding framing.
    pub chunked: c_int,
}

/// Returns the replacement text for variable `index`.
pub type lws_process_html_state_cb =
    Option<unsafe extern "C" fn(data: *mut c_void, index: c_int) -> *const c_char>;

/// Substitution state carried between `lws_chunked_html_process` calls.
#[repr(C)]
#[derive(Debug)]
pub struct lws_process_html_state {
    pub start: *mut c_char,
    pub swallow: [c_char; 16],
    pub pos: c_int,
    pub data: *mut c_void,
    /// The variable names to substitute.
    pub vars: *const *const c_char,
    pub count_vars: c_int,
    pub replace: lws_process_html_state_cb,
}

/// One parsed header value.
#[repr(C)]
#[derive(Debug)]
pub struct lws_tokens {
    pub token: *mut c_uchar,
    pub len: c_int,
}

/// Index of each known HTTP header / pseudo-header / parser state.
/// Values follow Debian's configuration (uncommon headers, h2 and custom
/// headers all enabled).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_token_indexes {
    WSI_TOKEN_GET_URI,
    WSI_TOKEN_POST_URI,
    WSI_TOKEN_OPTIONS_URI,
    WSI_TOKEN_HOST,
    WSI_TOKEN_CONNECTION,
    WSI_TOKEN_UPGRADE,
    WSI_TOKEN_ORIGIN,
    WSI_TOKEN_DRAFT,
    WSI_TOKEN_CHALLENGE,
    WSI_TOKEN_EXTENSIONS,
    WSI_TOKEN_KEY1,
    WSI_TOKEN_KEY2,
    WSI_TOKEN_PROTOCOL,
    WSI_TOKEN_ACCEPT,
    WSI_TOKEN_NONCE,
    WSI_TOKEN_HTTP,
    WSI_TOKEN_HTTP2_SETTINGS,
    WSI_TOKEN_HTTP_ACCEPT,
    WSI_TOKEN_HTTP_AC_REQUEST_HEADERS,
    WSI_TOKEN_HTTP_IF_MODIFIED_SINCE,
    WSI_TOKEN_HTTP_IF_NONE_MATCH,
    WSI_TOKEN_HTTP_ACCEPT_ENCODING,
    WSI_TOKEN_HTTP_ACCEPT_LANGUAGE,
    WSI_TOKEN_HTTP_PRAGMA,
    WSI_TOKEN_HTTP_CACHE_CONTROL,
    WSI_TOKEN_HTTP_AUTHORIZATION,
    WSI_TOKEN_HTTP_COOKIE,
    WSI_TOKEN_HTTP_CONTENT_LENGTH,
    WSI_TOKEN_HTTP_CONTENT_TYPE,
    WSI_TOKEN_HTTP_DATE,
    WSI_TOKEN_HTTP_RANGE,
    WSI_TOKEN_HTTP_REFERER,
    WSI_TOKEN_KEY,
    WSI_TOKEN_VERSION,
    WSI_TOKEN_SWORIGIN,
    WSI_TOKEN_HTTP_COLON_AUTHORITY,
    WSI_TOKEN_HTTP_COLON_METHOD,
    WSI_TOKEN_HTTP_COLON_PATH,
    WSI_TOKEN_HTTP_COLON_SCHEME,
    WSI_TOKEN_HTTP_COLON_STATUS,
    WSI_TOKEN_HTTP_ACCEPT_CHARSET,
    WSI_TOKEN_HTTP_ACCEPT_RANGES,
    WSI_TOKEN_HTTP_ACCESS_CONTROL_ALLOW_ORIGIN,
    WSI_TOKEN_HTTP_AGE,
    WSI_TOKEN_HTTP_ALLOW,
    WSI_TOKEN_HTTP_CONTENT_DISPOSITION,
    WSI_TOKEN_HTTP_CONTENT_ENCODING,
    WSI_TOKEN_HTTP_CONTENT_LANGUAGE,
    WSI_TOKEN_HTTP_CONTENT_LOCATION,
    WSI_TOKEN_HTTP_CONTENT_RANGE,
    WSI_TOKEN_HTTP_ETAG,
    WSI_TOKEN_HTTP_EXPECT,
    WSI_TOKEN_HTTP_EXPIRES,
    WSI_TOKEN_HTTP_FROM,
    WSI_TOKEN_HTTP_IF_MATCH,
    WSI_TOKEN_HTTP_IF_RANGE,
    WSI_TOKEN_HTTP_IF_UNMODIFIED_SINCE,
    WSI_TOKEN_HTTP_LAST_MODIFIED,
    WSI_TOKEN_HTTP_LINK,
    WSI_TOKEN_HTTP_LOCATION,
    WSI_TOKEN_HTTP_MAX_FORWARDS,
    WSI_TOKEN_HTTP_PROXY_AUTHENTICATE,
    WSI_TOKEN_HTTP_PROXY_AUTHORIZATION,
    WSI_TOKEN_HTTP_REFRESH,
    WSI_TOKEN_HTTP_RETRY_AFTER,
    WSI_TOKEN_HTTP_SERVER,
    WSI_TOKEN_HTTP_SET_COOKIE,
    WSI_TOKEN_HTTP_STRICT_TRANSPORT_SECURITY,
    WSI_TOKEN_HTTP_TRANSFER_ENCODING,
    WSI_TOKEN_HTTP_USER_AGENT,
    WSI_TOKEN_HTTP_VARY,
    WSI_TOKEN_HTTP_VIA,
    WSI_TOKEN_HTTP_WWW_AUTHENTICATE,
    WSI_TOKEN_PATCH_URI,
    WSI_TOKEN_PUT_URI,
    WSI_TOKEN_DELETE_URI,
    WSI_TOKEN_HTTP_URI_ARGS,
    WSI_TOKEN_PROXY,
    WSI_TOKEN_HTTP_X_REAL_IP,
    WSI_TOKEN_HTTP1_0,
    WSI_TOKEN_X_FORWARDED_FOR,
    WSI_TOKEN_CONNECT,
    WSI_TOKEN_HEAD_URI,
    WSI_TOKEN_TE,
    WSI_TOKEN_REPLAY_NONCE,
    WSI_TOKEN_COLON_PROTOCOL,
    WSI_TOKEN_X_AUTH_TOKEN,
    _WSI_TOKEN_CLIENT_SENT_PROTOCOLS,
    _WSI_TOKEN_CLIENT_PEER_ADDRESS,
    _WSI_TOKEN_CLIENT_URI,
    _WSI_TOKEN_CLIENT_HOST,
    _WSI_TOKEN_CLIENT_ORIGIN,
    _WSI_TOKEN_CLIENT_METHOD,
    _WSI_TOKEN_CLIENT_IFACE,
    _WSI_TOKEN_CLIENT_ALPN,
    WSI_TOKEN_COUNT,
    WSI_TOKEN_NAME_PART,
    WSI_TOKEN_UNKNOWN_VALUE_PART,
    WSI_TOKEN_SKIPPING,
    WSI_TOKEN_SKIPPING_SAW_CR,
    WSI_PARSING_COMPLETE,
    WSI_INIT_TOKEN_MUXURL,
}

/// By-value form of `enum lws_token_indexes`.
pub type E_lws_token_indexes = c_int;

/// Per-header size limits (`lws_context_creation_info.token_limits`),
/// one entry per index below `WSI_TOKEN_COUNT` (95).
#[repr(C)]
#[derive(Debug)]
pub struct lws_token_limits {
    pub token_limit: [u16; 95],
}

/// HTTP/2 SETTINGS identifiers.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_h2_settings {
    H2SET_HEADER_TABLE_SIZE = 1,
    H2SET_ENABLE_PUSH,
    H2SET_MAX_CONCURRENT_STREAMS,
    H2SET_INITIAL_WINDOW_SIZE,
    H2SET_MAX_FRAME_SIZE,
    H2SET_MAX_HEADER_LIST_SIZE,
    H2SET_RESERVED7,
    H2SET_ENABLE_CONNECT_PROTOCOL,
    H2SET_COUNT,
}

