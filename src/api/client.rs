//! C API of `libwebsockets/lws-client.h`: outgoing connections.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_uint};
pub use crate::abi::client::*;
use core::ptr::null_mut;

use crate::core::{lws, lws_vhost};
use crate::api::context_vhost::lws_context_creation_info;



/// Starts a client connection.  Returns the new wsi, or NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_client_connect_via_info(ccinfo: *const lws_client_connect_info) -> *mut lws {
    ffi_guard!(null_mut(), {
        if ccinfo.is_null() {
            return null_mut();
        }
        // SAFETY: a non-NULL `ccinfo` is a connect info valid for the call,
        // its pointers NULL or valid (the C contract, api/mod.rs), as
        // client_connect needs.
        unsafe { crate::core::conn::client_connect(&*ccinfo) }
    })
}

/// Sets up client TLS for `vhost`.  Returns 0, or nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_init_vhost_client_ssl(
    info: *const lws_context_creation_info,
    vhost: *mut lws_vhost,
) -> c_int {
    ffi_guard!(-1, {
        if info.is_null() || vhost.is_null() {
            return -1;
        }
        // the vhost's client settings start again from info (connections
        // already made keep theirs)
        // SAFETY: `info` and `vhost` are not NULL, so a valid creation info
        // (its pointers NULL or valid, as from_info needs) and a live vhost
        // (the C contract, api/mod.rs).  No reference into the old
        // settings is held across a callback, from which this may be
        // called (start_tls borrows them only for client_session, which
        // makes none), and a TLS session keeps its own Arc of its config.
        unsafe { (*vhost).tls_client = crate::tls::client::ClientSettings::from_info(&*info) };
        0
    })
}

/// Reads received HTTP body into `*buf` (`*len` bytes).  Returns 0, or
/// nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_client_read(wsi: *mut lws, buf: *mut *mut c_char, len: *mut c_int) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if wsi.is_null() || buf.is_null() || len.is_null() || !unsafe { crate::core::conn::is_client(wsi) } {
            return -1;
        }
        // SAFETY: `wsi` a live connection, `buf` and `len` not NULL and
        // pointing at the caller's buffer pointer and its length (the C
        // contract, api/mod.rs).
        unsafe { crate::core::conn::http_client_read(wsi, buf, len) }
    })
}

/// The last HTTP response code of a client connection (0 if none).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_client_http_response(wsi: *mut lws) -> c_uint {
    ffi_guard!(0, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::client_status(wsi) }
    })
}

/// Adds a DER certificate to the client trust store of `vh`.  Returns 0,
/// or nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tls_client_vhost_extra_cert_mem(vh: *mut lws_vhost, der: *const u8, der_len: usize) -> c_int {
    ffi_guard!(1, {
        if vh.is_null() {
            return 1;
        }
        if der.is_null() || der_len == 0 {
            crate::lwsl_err!("lws_tls_client_vhost_extra_cert_mem: not a usable DER certificate\n");
            return 1;
        }
        // SAFETY: a non-NULL vhost is alive and `der` has `der_len` bytes
        // (the C contract, api/mod.rs); the slice is used only by add_der,
        // which copies it.
        if unsafe { (*vh).tls_client.add_der(core::slice::from_raw_parts(der, der_len)) } {
            0
        } else {
            crate::lwsl_err!("lws_tls_client_vhost_extra_cert_mem: not a usable DER certificate\n");
            1
        }
    })
}

/// Tells lws whether the client still has request body to send.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_client_http_body_pending(wsi: *mut lws, something_left_to_send: c_int) {
    ffi_guard!((), {
        if !wsi.is_null() {
            // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
            unsafe { crate::core::conn::set_body_pending(wsi, something_left_to_send != 0) }
        }
    })
}

/// Writes a multipart boundary (or the terminator if `name` is NULL) at
/// `*p`.  Returns 0, or nonzero if it does not fit before `end`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_client_http_multipart(
    wsi: *mut lws,
    name: *const c_char,
    filename: *const c_char,
    content_type: *const c_char,
    p: *mut *mut c_char,
    end: *mut c_char,
) -> c_int {
    ffi_guard!(1, {
        // SAFETY: a non-NULL `p` points at the caller's write pointer and a
        // non-NULL wsi is a live connection (the C contract, api/mod.rs);
        // `||` reads each only once the NULL test before it passed.
        if wsi.is_null() || p.is_null() || unsafe { (*p).is_null() } || end.is_null() || !unsafe { crate::core::conn::is_client(wsi) } {
            return 1;
        }
        // SAFETY: `wsi` a live client connection; `*p`..`end` the caller's
        // buffer, the strings NULL or NUL-terminated (the C contract,
        // api/mod.rs), as client_multipart needs.
        unsafe { crate::core::conn::client_multipart(wsi, name, filename, content_type, p, end) }
    })
}

/// Writes "Basic <base64(user:pw)>" into `buf`.  Returns 0, or nonzero if
/// it does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_basic_auth_gen(user: *const c_char, pw: *const c_char, buf: *mut c_char, len: usize) -> c_int {
    ffi_guard!(1, {
        if user.is_null() || pw.is_null() || buf.is_null() {
            return 1;
        }
        // SAFETY: not NULL, so C strings (the C contract, api/mod.rs), valid
        // for the call.
        let (u, p) = unsafe { (core::ffi::CStr::from_ptr(user).to_bytes(), core::ffi::CStr::from_ptr(pw).to_bytes()) };
        let mut raw = Vec::with_capacity(u.len() + p.len() + 1);
        raw.extend_from_slice(u);
        raw.push(b':');
        raw.extend_from_slice(p);
        use base64::Engine;
        let enc = base64::engine::general_purpose::STANDARD.encode(&raw);
        let out = format!("Basic {enc}");
        if out.len() + 1 > len {
            return 1;
        }
        // SAFETY: `buf` has `len` bytes (the C contract, api/mod.rs) and
        // `out.len() + 1 <= len` was checked, so the text and its NUL fit;
        // `out` is our own String, not overlapping it.
        unsafe {
            core::ptr::copy_nonoverlapping(out.as_ptr(), buf as *mut u8, out.len());
            *buf.add(out.len()) = 0;
        }
        0
    })
}

/// Exported by Debian's library but declared in no public header: moves a
/// client connection to a new address, port, path and Host (the oracle
/// uses it for redirects).  The same wsi, or NULL on failure.
/// cbindgen:ignore
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_client_reset(
    wsi: *mut *mut lws,
    ssl: c_int,
    address: *const c_char,
    port: c_int,
    path: *const c_char,
    host: *const c_char,
    weak: c_char,
) -> *mut lws {
    ffi_guard!(null_mut(), {
        let _ = weak; // the oracle shows no difference for a weak reset
        if wsi.is_null() || address.is_null() || path.is_null() {
            return null_mut();
        }
        // SAFETY: a non-NULL `wsi` points at the caller's `struct lws *`
        // (the C contract, api/mod.rs).
        let w = unsafe { *wsi };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if w.is_null() || !unsafe { crate::core::conn::is_client(w) } {
            return null_mut();
        }
        // SAFETY: called only on `address`, `path` and `host`, each checked
        // not NULL, so C strings (the C contract, api/mod.rs); the bytes are
        // copied out.
        let cs = |p: *const c_char| unsafe { core::ffi::CStr::from_ptr(p).to_bytes().to_vec() };
        let host = if host.is_null() { None } else { Some(cs(host)) };
        // SAFETY: `w` a live client connection (above); the arguments are
        // our own copies.
        let r = unsafe { crate::core::conn::client_reset(w, ssl != 0, &cs(address), port as u16, &cs(path), host) };
        if !r.is_null() {
            // SAFETY: `wsi` as above: the caller's storage stays valid for
            // the whole call (the C contract), whatever the callbacks made
            // inside client_reset (DROP / BIND_PROTOCOL) did.
            unsafe { *wsi = r };
        }
        r
    })
}
