//! C-ABI types and constants of `libwebsockets/lws-x509.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::x509`.

use core::ffi::*;

/// Which piece of certificate information `lws_*_cert_info` fetch.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_tls_cert_info {
    /// `time`: notBefore.
    LWS_TLS_CERT_INFO_VALIDITY_FROM,
    /// `time`: notAfter.
    LWS_TLS_CERT_INFO_VALIDITY_TO,
    /// `ns`: subject common name.
    LWS_TLS_CERT_INFO_COMMON_NAME,
    /// `ns`: issuer name.
    LWS_TLS_CERT_INFO_ISSUER_NAME,
    /// `usage`: key usage bits.
    LWS_TLS_CERT_INFO_USAGE,
    /// `verified`: whether the peer certificate verified.
    LWS_TLS_CERT_INFO_VERIFIED,
    /// `ns`: the public key, in the TLS library's DER form.
    LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY,
}

/// `enum lws_tls_cert_info` as C passes it by value.
pub type E_lws_tls_cert_info = c_int;

/// The `ns` member of `union lws_tls_cert_info_results` (anonymous in C;
/// same layout).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lws_tls_cert_info_results_ns {
    pub len: c_int,
    /// Grows past 64 bytes when the caller passes a larger buffer length.
    pub name: [c_char; 64],
}

/// Result of a certificate information query.
#[repr(C)]
#[derive(Clone, Copy)]
pub union lws_tls_cert_info_results {
    pub verified: c_uint,
    pub time: libc::time_t,
    pub usage: c_uint,
    pub ns: lws_tls_cert_info_results_ns,
}

