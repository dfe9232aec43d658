//! Placeholders for types owned by other API groups, used here by pointer
//! only.  The lead replaces each with the real type at merge time.

/// `struct lws_extension` (ws_ext group).
pub struct lws_extension {
    _p: [u8; 0],
}
/// `struct lws_token_limits` (http group).
pub struct lws_token_limits {
    _p: [u8; 0],
}
/// `struct lws_http_mount` (http group).
pub struct lws_http_mount {
    _p: [u8; 0],
}
/// `struct lws_plat_file_ops` (vfs group).
pub struct lws_plat_file_ops {
    _p: [u8; 0],
}
/// `struct lws_event_loop_ops` (eventlib_exports group).
pub struct lws_event_loop_ops {
    _p: [u8; 0],
}
/// `lws_sockaddr46` (network_helper group).
pub struct lws_sockaddr46 {
    _p: [u8; 0],
}
/// `struct lws_udp` (adopt group).
pub struct lws_udp {
    _p: [u8; 0],
}
/// OpenSSL's `SSL_CTX` (system type, mapped by build.rs).
pub struct SSL_CTX {
    _p: [u8; 0],
}
/// OpenSSL's `SSL` (system type, mapped by build.rs).
pub struct SSL {
    _p: [u8; 0],
}
