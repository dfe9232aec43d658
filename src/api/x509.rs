//! C API of `libwebsockets/lws-x509.h`: certificate inspection.
//!
//! TLS is rustls; certificates are parsed with the `x509-cert` crate
//! (src/tls/x509.rs) and their information given in the forms Debian's
//! OpenSSL build gives (docs/oracle-tls.md).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_uint, c_void};
pub use crate::abi::x509::*;

use crate::core::{lws, lws_context, lws_vhost};




/// A parsed certificate; opaque to C.
pub struct lws_x509_cert {
    _private: (),
}

/// What a `struct lws_x509_cert *` really points to.
struct X509Obj {
    cert: Option<x509_cert::Certificate>,
}

/// Creates an empty certificate object.  Returns 0 on success, else nonzero.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_create(x509: *mut *mut lws_x509_cert) -> c_int {
    ffi_guard!(-1, {
        if x509.is_null() {
            return -1;
        }
        let o = Box::into_raw(Box::new(X509Obj { cert: None }));
        // SAFETY: a non-NULL out pointer (the C contract).
        unsafe { *x509 = o as *mut lws_x509_cert };
        0
    })
}

/// Parses the first PEM certificate of `pem` (`len` bytes, the NUL may be
/// included) into `x509`, replacing one parsed before.  Returns 0 on
/// success, else -1 (logged, as the oracle).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_parse_from_pem(x509: *mut lws_x509_cert, pem: *const c_void, len: usize) -> c_int {
    ffi_guard!(-1, {
        if x509.is_null() {
            return -1;
        }
        // SAFETY: `pem` has `len` bytes (the C contract).
        let b: &[u8] = if pem.is_null() { &[] } else { unsafe { core::slice::from_raw_parts(pem as *const u8, len) } };
        // SAFETY: a non-NULL handle is an X509Obj lws_x509_create made and not
        // destroyed (the C contract, api/mod.rs).  Used by nothing else during the call.
        let o = unsafe { &mut *(x509 as *mut X509Obj) };
        match crate::tls::x509::parse_pem(b) {
            Some(c) => {
                o.cert = Some(c);
                0
            }
            None => {
                o.cert = None;
                lwsl_err!("lws_x509_parse_from_pem: unable to parse PEM cert\n");
                -1
            }
        }
    })
}

/// Checks that `x509` was issued by `trusted` (names, key ids, signature
/// algorithm and key usage, as OpenSSL's `X509_check_issued`: the
/// signature itself is not checked) and, if `common_name` is given, that
/// its common name is that.  Returns 0 if so, else -1 (logged).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_verify(
    x509: *mut lws_x509_cert,
    trusted: *mut lws_x509_cert,
    common_name: *const c_char,
) -> c_int {
    ffi_guard!(-1, {
        if x509.is_null() || trusted.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL handle is an X509Obj lws_x509_create made and not
        // destroyed (the C contract, api/mod.rs).  Both only read (they may be the same object).
        let (Some(c), Some(t)) = (unsafe { (*(x509 as *mut X509Obj)).cert.as_ref() }, unsafe { (*(trusted as *mut X509Obj)).cert.as_ref() }) else {
            return -1;
        };
        // SAFETY: NULL or a C string (the C contract).
        if let Some(want) = unsafe { crate::ffi::cstr_bytes(common_name) } {
            // upstream looks at a 32-byte oneline of the subject
            let one = crate::tls::x509::oneline(&c.tbs_certificate.subject, 30).unwrap_or_default();
            let cn = match one.windows(4).position(|w| w == b"/CN=") {
                Some(i) => &one[i + 4..],
                None => &one[..],
            };
            if cn != want {
                lwsl_err!("lws_x509_verify: common name mismatch\n");
                return -1;
            }
        }
        if !crate::tls::x509::check_issued(t, c) {
            lwsl_err!("lws_x509_verify: unable to verify cert relationship\n");
            return -1;
        }
        0
    })
}

/// Frees the certificate object and sets `*x509` to NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_destroy(x509: *mut *mut lws_x509_cert) {
    ffi_guard!((), {
        // SAFETY: a non-NULL pointer to the caller's handle (the C contract).
        if x509.is_null() || unsafe { (*x509).is_null() } {
            return;
        }
        // SAFETY: a non-NULL handle is an X509Obj lws_x509_create made and not
        // destroyed (the C contract, api/mod.rs).  Freed once: the handle is NULLed.
        drop(unsafe { Box::from_raw(*x509 as *mut X509Obj) });
        // SAFETY: as above.
        unsafe { *x509 = core::ptr::null_mut() };
    })
}

/// Fetches information of kind `type_` from `x509` into `buf` (`len` bytes
/// usable in `buf->ns.name`).  Returns 0 on success, -1 if not available
/// (`VERIFIED` never is for a parsed certificate).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_x509_info(
    x509: *mut lws_x509_cert,
    type_: E_lws_tls_cert_info,
    buf: *mut lws_tls_cert_info_results,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        if x509.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL handle is an X509Obj lws_x509_create made and not
        // destroyed (the C contract, api/mod.rs).
        match unsafe { (*(x509 as *mut X509Obj)).cert.as_ref() } {
            // SAFETY: `buf` is a results union whose name has `len` bytes (the C
            // contract), what cert_info needs.
            Some(c) => unsafe { crate::tls::x509::cert_info(c, type_, buf, len) },
            None => -1,
        }
    })
}

/// Like `lws_x509_info` for the peer certificate of a TLS connection
/// (the client's certificate on a server connection, the server's on a
/// client one); `VERIFIED` says whether it verified.  -1, quietly, on a
/// connection without TLS or without a peer certificate.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tls_peer_cert_info(
    wsi: *mut lws,
    type_: E_lws_tls_cert_info,
    buf: *mut lws_tls_cert_info_results,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract).
        if wsi.is_null() || buf.is_null() || unsafe { (*wsi).fake } {
            return -1;
        }
        // SAFETY: as above.
        let Some((c, verified)) = (unsafe { crate::tls::peer_cert(wsi) }) else { return -1 };
        if type_ == crate::tls::x509::VERIFIED {
            // SAFETY: a non-NULL results union (the C contract).
            unsafe { (*buf).verified = verified as c_uint };
            return 0;
        }
        // SAFETY: as in lws_x509_info.
        unsafe { crate::tls::x509::cert_info(&c, type_, buf, len) }
    })
}

/// Like `lws_x509_info` for the server certificate of a vhost (-1 for a
/// vhost without TLS).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tls_vhost_cert_info(
    vhost: *mut lws_vhost,
    type_: E_lws_tls_cert_info,
    buf: *mut lws_tls_cert_info_results,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        if vhost.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract).
        let Some(c) = (unsafe { crate::tls::server::vhost_cert(vhost) }) else { return -1 };
        // SAFETY: as in lws_x509_info.
        unsafe { crate::tls::x509::cert_info(&c, type_, buf, len) }
    })
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
        // SAFETY: NULL or C strings (the C contract).
        let (Some(cp), Some(kp)) = (unsafe { crate::ffi::cstr_bytes(certpath) }, unsafe { crate::ffi::cstr_bytes(keypath) }) else {
            return -1;
        };
        // SAFETY: the blobs have the lengths given (the C contract).
        let m = |p: *const c_char, l: usize| if p.is_null() || l == 0 { None } else { Some(unsafe { core::slice::from_raw_parts(p as *const u8, l) }) };
        // SAFETY: a non-NULL context is alive (the C contract).
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
    ffi_guard!(leaf, (), {
        let _ = wsi;
    })
}


#[cfg(test)]
// test code: handles and buffers of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_debian() {
        assert_eq!(core::mem::size_of::<lws_tls_cert_info_results>(), 72);
        assert_eq!(core::mem::align_of::<lws_tls_cert_info_results>(), 8);
        assert_eq!(lws_tls_cert_info::LWS_TLS_CERT_INFO_OPAQUE_PUBLIC_KEY as c_int, 6);
    }

    #[test]
    fn bad_input_fails() {
        unsafe {
            assert_ne!(lws_x509_create(core::ptr::null_mut()), 0);
            assert_eq!(lws_x509_info(core::ptr::null_mut(), 2, core::ptr::null_mut(), 0), -1);
            let mut p = core::ptr::null_mut();
            assert_eq!(lws_x509_create(&mut p), 0);
            let mut r: lws_tls_cert_info_results = core::mem::zeroed();
            // nothing parsed yet
            assert_eq!(lws_x509_info(p, 2, &mut r, 64), -1);
            assert_eq!(lws_x509_parse_from_pem(p, c"junk".as_ptr().cast(), 5), -1);
            assert_eq!(lws_x509_parse_from_pem(p, core::ptr::null(), 5), -1);
            assert_eq!(lws_x509_verify(p, p, core::ptr::null()), -1);
            assert_eq!(lws_tls_peer_cert_info(core::ptr::null_mut(), 2, &mut r, 64), -1);
            assert_eq!(lws_tls_vhost_cert_info(core::ptr::null_mut(), 2, &mut r, 64), -1);
            lws_x509_destroy(&mut p);
            assert!(p.is_null());
            lws_x509_destroy(&mut p);
            lws_x509_destroy(core::ptr::null_mut());
        }
    }
}
