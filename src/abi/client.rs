//! C-ABI types and constants of `libwebsockets/lws-client.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::client`.

use core::ffi::*;
use crate::core::{lws, lws_context, lws_vhost};
use crate::abi::retry::lws_retry_bo;
use crate::abi::base::lws_sequencer;

/// Flags of `lws_client_connect_info.ssl_connection`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_client_connect_ssl_connection_flags {
    LCCSCF_USE_SSL = 1 << 0,
    LCCSCF_ALLOW_SELFSIGNED = 1 << 1,
    LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK = 1 << 2,
    LCCSCF_ALLOW_EXPIRED = 1 << 3,
    LCCSCF_ALLOW_INSECURE = 1 << 4,
    LCCSCF_H2_QUIRK_NGHTTP2_END_STREAM = 1 << 5,
    LCCSCF_H2_QUIRK_OVERFLOWS_TXCR = 1 << 6,
    LCCSCF_H2_AUTH_BEARER = 1 << 7,
    LCCSCF_H2_HEXIFY_AUTH_TOKEN = 1 << 8,
    LCCSCF_H2_MANUAL_RXFLOW = 1 << 9,
    LCCSCF_HTTP_MULTIPART_MIME = 1 << 10,
    LCCSCF_HTTP_X_WWW_FORM_URLENCODED = 1 << 11,
    LCCSCF_HTTP_NO_FOLLOW_REDIRECT = 1 << 12,
    LCCSCF_PIPELINE = 1 << 16,
    LCCSCF_MUXABLE_STREAM = 1 << 17,
    LCCSCF_H2_PRIOR_KNOWLEDGE = 1 << 18,
    LCCSCF_WAKE_SUSPEND__VALIDITY = 1 << 19,
    LCCSCF_PRIORITIZE_READS = 1 << 20,
}

/// Everything `lws_client_connect_via_info` needs to open a connection.
/// Zero it, then fill in what you use.
#[repr(C)]
#[derive(Debug)]
pub struct lws_client_connect_info {
    pub context: *mut lws_context,
    /// Host name or address to connect to.
    pub address: *const c_char,
    pub port: c_int,
    /// LCCSCF_* flags.
    pub ssl_connection: c_int,
    /// URI path, e.g. "/".
    pub path: *const c_char,
    /// Host: header value.
    pub host: *const c_char,
    /// Origin: header value, or NULL.
    pub origin: *const c_char,
    /// Websocket subprotocol(s) to request, or NULL.
    pub protocol: *const c_char,
    /// -1 for the latest websocket version.
    pub ietf_version_or_minus_one: c_int,
    /// Per-connection user data to use instead of allocating it.
    pub userdata: *mut c_void,
    /// Unused (extensions come from the vhost).
    pub client_exts: *const c_void,
    /// HTTP method, or NULL for a websocket connection.
    pub method: *const c_char,
    pub parent_wsi: *mut lws,
    pub uri_replace_from: *const c_char,
    pub uri_replace_to: *const c_char,
    /// Vhost to bind to, NULL for the context's default.
    pub vhost: *mut lws_vhost,
    /// If not NULL, receives the new wsi early in the connection.
    pub pwsi: *mut *mut lws,
    /// Network interface to bind to, or NULL.
    pub iface: *const c_char,
    /// Local protocol name to bind the connection to.
    pub local_protocol_name: *const c_char,
    /// ALPN list, e.g. "h2,http/1.1".
    pub alpn: *const c_char,
    pub seq: *mut lws_sequencer,
    pub opaque_user_data: *mut c_void,
    /// Retry / idle policy, NULL for the vhost's.
    pub retry_and_idle_policy: *const lws_retry_bo,
    pub manual_initial_tx_credit: c_int,
    pub sys_tls_client_cert: u8,
    pub mqtt_cp: *mut c_void,
    pub keep_warm_secs: u16,
    pub _unused: [*mut c_void; 4],
}

bitflags::bitflags! {
    /// The flags of `lws_client_connect_info.ssl_connection`, as a set
    /// (values: [`lws_client_connect_ssl_connection_flags`]).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
    pub struct ClientFlags: c_int {
        const USE_SSL = lws_client_connect_ssl_connection_flags::LCCSCF_USE_SSL as c_int;
        const ALLOW_SELFSIGNED = lws_client_connect_ssl_connection_flags::LCCSCF_ALLOW_SELFSIGNED as c_int;
        const SKIP_SERVER_CERT_HOSTNAME_CHECK = lws_client_connect_ssl_connection_flags::LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK as c_int;
        const ALLOW_EXPIRED = lws_client_connect_ssl_connection_flags::LCCSCF_ALLOW_EXPIRED as c_int;
        const ALLOW_INSECURE = lws_client_connect_ssl_connection_flags::LCCSCF_ALLOW_INSECURE as c_int;
        const H2_QUIRK_NGHTTP2_END_STREAM = lws_client_connect_ssl_connection_flags::LCCSCF_H2_QUIRK_NGHTTP2_END_STREAM as c_int;
        const H2_QUIRK_OVERFLOWS_TXCR = lws_client_connect_ssl_connection_flags::LCCSCF_H2_QUIRK_OVERFLOWS_TXCR as c_int;
        const H2_AUTH_BEARER = lws_client_connect_ssl_connection_flags::LCCSCF_H2_AUTH_BEARER as c_int;
        const H2_HEXIFY_AUTH_TOKEN = lws_client_connect_ssl_connection_flags::LCCSCF_H2_HEXIFY_AUTH_TOKEN as c_int;
        const H2_MANUAL_RXFLOW = lws_client_connect_ssl_connection_flags::LCCSCF_H2_MANUAL_RXFLOW as c_int;
        const HTTP_MULTIPART_MIME = lws_client_connect_ssl_connection_flags::LCCSCF_HTTP_MULTIPART_MIME as c_int;
        const HTTP_X_WWW_FORM_URLENCODED = lws_client_connect_ssl_connection_flags::LCCSCF_HTTP_X_WWW_FORM_URLENCODED as c_int;
        const HTTP_NO_FOLLOW_REDIRECT = lws_client_connect_ssl_connection_flags::LCCSCF_HTTP_NO_FOLLOW_REDIRECT as c_int;
        const PIPELINE = lws_client_connect_ssl_connection_flags::LCCSCF_PIPELINE as c_int;
        const MUXABLE_STREAM = lws_client_connect_ssl_connection_flags::LCCSCF_MUXABLE_STREAM as c_int;
        const H2_PRIOR_KNOWLEDGE = lws_client_connect_ssl_connection_flags::LCCSCF_H2_PRIOR_KNOWLEDGE as c_int;
        const WAKE_SUSPEND__VALIDITY = lws_client_connect_ssl_connection_flags::LCCSCF_WAKE_SUSPEND__VALIDITY as c_int;
        const PRIORITIZE_READS = lws_client_connect_ssl_connection_flags::LCCSCF_PRIORITIZE_READS as c_int;
    }
}
