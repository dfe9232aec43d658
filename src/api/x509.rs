//! C API of `libwebsockets/lws-x509.h`: certificate inspection.
//!
//! TLS is rustls: `lws_tls_cert_updated` is implemented; the certificate
//! inspection functions (which Debian implements over OpenSSL's X509) are
//! still `not_implemented!` and return the documented failure value.

#![allow(unused_variables)]

use core::ffi::{c_char, c_int, c_uint, c_void};

use crate::core::{lws, lws_context, lws_vhost};

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

/// A parsed certificate (chain); opaque to C.
pub struct lws_x509_cert {
    _private: (),
}

/// Creates an empty certificate object.  Returns 0 on success, else nonzero.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_create(x509: *mut *mut lws_x509_cert) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_x509_create", -1) })
}

/// Parses PEM certificates (NUL included in `len`) into `x509`.  Returns 0
/// on success, else nonzero.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_parse_from_pem(x509: *mut lws_x509_cert, pem: *const c_void, len: usize) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_x509_parse_from_pem", -1) })
}

/// Checks that `x509` chains up to `trusted` (and matches `common_name` if
/// given).  Returns 0 if so, else nonzero.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_verify(
    x509: *mut lws_x509_cert,
    trusted: *mut lws_x509_cert,
    common_name: *const c_char,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_x509_verify", -1) })
}

/// Frees the certificate object and sets `*x509` to NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_destroy(x509: *mut *mut lws_x509_cert) {
    ffi_guard!((), { not_implemented!("lws_x509_destroy") })
}

/// Fetches information of kind `type_` from `x509` into `buf` (`len` bytes
/// usable in `buf->ns.name`).  Returns 0 on success, -1 if not available.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_info(
    x509: *mut lws_x509_cert,
    type_: E_lws_tls_cert_info,
    buf: *mut lws_tls_cert_info_results,
    len: usize,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_x509_info", -1) })
}

/// Like `lws_x509_info` for the peer certificate of a TLS connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tls_peer_cert_info(
    wsi: *mut lws,
    type_: E_lws_tls_cert_info,
    buf: *mut lws_tls_cert_info_results,
    len: usize,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_tls_peer_cert_info", -1) })
}

/// Like `lws_x509_info` for the server certificate of a vhost.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tls_vhost_cert_info(
    vhost: *mut lws_vhost,
    type_: E_lws_tls_cert_info,
    buf: *mut lws_tls_cert_info_results,
    len: usize,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_tls_vhost_cert_info", -1) })
}

/// Replaces the certificate and key of every TLS vhost created from
/// `certpath` / `keypath` with the given PEM (or DER) contents (or the
/// files read again when `mem_cert` / `mem_privkey` are NULL).  New
/// connections use the new certificate.  Returns 0 (as the oracle, also
/// when no vhost matched); -1 for a NULL context or path.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tls_cert_updated(
    context: *mut lws_context,
    certpath: *const c_char,
    keypath: *const c_char,
    mem_cert: *const c_char,
    len_mem_cert: usize,
    mem_privkey: *const c_char,
    len_mem_privkey: usize,
) -> c_int {
    ffi_guard!(-1, {
        if context.is_null() {
            return -1;
        }
        let (Some(cp), Some(kp)) = (unsafe { crate::ffi::cstr_bytes(certpath) }, unsafe { crate::ffi::cstr_bytes(keypath) }) else {
            return -1;
        };
        let m = |p: *const c_char, l: usize| if p.is_null() || l == 0 { None } else { Some(unsafe { core::slice::from_raw_parts(p as *const u8, l) }) };
        unsafe { crate::tls::server::cert_updated(context, cp, kp, m(mem_cert, len_mem_cert), m(mem_privkey, len_mem_privkey)) };
        0
    })
}

/// Removes a connection from the list of TLS connections with buffered
/// decrypted data (exported by Debian for its event-library plugins,
/// declared in no public header).  Connections here keep their TLS
/// buffers in the connection itself (rustls), so no such list exists and
/// there is nothing to remove.
/// cbindgen:ignore
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ssl_remove_wsi_from_buffered_list(wsi: *mut crate::core::lws) {
    let _ = wsi;
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_debian() {
        assert_eq!(core::mem::size_of::<lws_tls_cert_info_results>(), 72);
        assert_eq!(core::mem::align_of::<lws_tls_cert_info_results>(), 8);
        assert_eq!(lws_tls_cert_info::LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY as c_int, 6);
    }

    #[test]
    fn stubs_fail() {
        unsafe {
            let mut p = core::ptr::null_mut();
            assert_ne!(lws_x509_create(&mut p), 0);
            assert_eq!(lws_x509_info(p, 2, core::ptr::null_mut(), 0), -1);
        }
    }
}
