//! C API of `libwebsockets/lws-http.h`: header token indexes, HTTP status
//! codes, mounts, the header-building and header-reading calls, and the
//! connection-free helpers (token names, URL encoding, mimetypes).
//!
//! Everything that needs a live connection is a `not_implemented!` stub
//! until the HTTP server lands on the connection core.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_uchar, c_uint};
pub use crate::abi::http::*;

const HTTP_HEADERS: c_int = crate::abi::write::lws_write_protocol::LWS_WRITE_HTTP_HEADERS as c_int;
use core::ptr::null;

use crate::api::base::lws_filepos_t;
use crate::core::lws;










const _: () = assert!(lws_token_indexes::WSI_TOKEN_COUNT as usize == 95);


/* ---- connection-free helpers ------------------------------------------ */

/// Finds the mimetype for `file` from its extension: `m`'s extra mimetypes
/// first (a "*" entry is kept as the last resort), then the built-in table.
/// Returns NULL when nothing matches (or `file` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_mimetype(file: *const c_char, m: *const lws_http_mount) -> *const c_char {
    // SAFETY: the arguments are the C caller's, as mimetype needs.
    ffi_guard!(null(), { unsafe { crate::core::mount::mimetype(file, m) } })
}

/// Returns the lowercase wire name of header `token` ("host:", "get "...),
/// or NULL when the index has no name.  The string is static.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_token_to_string(token: E_lws_token_indexes) -> *const c_uchar {
    ffi_guard!(null(), {
        match crate::http::tokens::name_cstr(token) {
            Some(s) => s.as_ptr() as *const c_uchar,
            None => null(),
        }
    })
}

/// Percent-encodes `string` into `escaped` (`len` bytes including the
/// terminating NUL): alphanumerics are copied, space becomes '+', every
/// other byte becomes %XX.  Stops before an item that would not fit.
/// Returns `escaped`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_urlencode(escaped: *mut c_char, string: *const c_char, len: c_int) -> *const c_char {
    ffi_guard!(null(), {
        if escaped.is_null() {
            return null();
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let src = unsafe { crate::ffi::cstr_bytes(string) }.unwrap_or(b"");
        let out = crate::http::url::encode(src, len);
        // SAFETY: `escaped` has `len` bytes (the C contract); encode leaves
        // `out.len() < len` (it stops with 3 bytes of room), so the NUL fits; as
        // upstream, `len` must be at least 1.
        unsafe {
            core::ptr::copy_nonoverlapping(out.as_ptr(), escaped as *mut u8, out.len());
            *escaped.add(out.len()) = 0;
        }
        escaped
    })
}

/// Decodes the urlencoded `escaped` into `string`, writing at most `len`
/// decoded bytes plus a NUL ('+' is a space).  Returns 0, or -1 on a
/// non-hex %XX digit (then nothing after the last good byte is written,
/// not even the NUL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_urldecode(string: *mut c_char, escaped: *const c_char, len: c_int) -> c_int {
    ffi_guard!(-1, {
        if string.is_null() {
            return -1;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let src = unsafe { crate::ffi::cstr_bytes(escaped) }.unwrap_or(b"");
        let (out, ok) = crate::http::url::decode(src, len);
        // SAFETY: `string` has `len + 1` bytes (at most `len` decoded plus the
        // NUL: the C contract).
        unsafe {
            core::ptr::copy_nonoverlapping(out.as_ptr(), string as *mut u8, out.len());
            if ok {
                *string.add(out.len()) = 0;
            }
        }
        if ok {
            0
        } else {
            -1
        }
    })
}

/* ---- needs a connection: stubs until the HTTP server lands ------------ */

/// Starts serving `file` on `wsi`: the head goes out now, the body from
/// later writeable turns.  0: started (or, for HEAD, done); 1: no such file
/// (a 404 was sent); <0: failure, close the wsi.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_serve_http_file(
    wsi: *mut lws,
    file: *const c_char,
    content_type: *const c_char,
    other_headers: *const c_char,
    other_headers_len: c_int,
) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if wsi.is_null() || file.is_null() || unsafe { crate::core::conn::socket_fd(wsi) } < 0 {
            return -1;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let path = unsafe { core::ffi::CStr::from_ptr(file) }.to_bytes();
        let path = std::path::Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(path));
        let opened = std::fs::File::open(path).and_then(|f| f.metadata().map(|m| (f, m.len())));
        let Ok((f, len)) = opened else {
            // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
            let _ = unsafe { lws_return_http_status(wsi, 404, null()) };
            return 1;
        };
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        let (http11, head_only) = unsafe {
            crate::core::conn::with_request(wsi, |r| (r.is_http11(), r.method() == Some(crate::h1::parse::HEAD_URI)))
        }
        .unwrap_or((true, false));
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let ctype = unsafe { crate::ffi::cstr_bytes(content_type) };
        let other: &[u8] = if other_headers.is_null() || other_headers_len <= 0 {
            &[]
        } else {
            // SAFETY: `other_headers` has `other_headers_len` bytes (the C contract).
            unsafe { core::slice::from_raw_parts(other_headers as *const u8, other_headers_len as usize) }
        };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        let vh = unsafe { (*wsi).vhost.get() };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        let room = unsafe { (*(*wsi).context).net.pt_serv_buf_size };
        // SAFETY: the connection's vhost (NULL or live).
        let head = unsafe {
            crate::core::mount::head(vh, http11, 200, room, |b, o, e| {
                if let Some(t) = ctype {
                    crate::h1::resp::add_header_by_name(b, o, e, b"content-type:", t)?;
                }
                crate::h1::resp::add_content_length(b, o, e, len)?;
                crate::h1::resp::add_header_by_name(b, o, e, b"cache-control:", b"no-store")?;
                if *o + other.len() + 2 >= e.min(b.len()) {
                    return Err(crate::h1::resp::Full);
                }
                b[*o..*o + other.len()].copy_from_slice(other);
                *o += other.len();
                Ok(())
            })
        };
        let Some(head) = head else { return -1 };
        // SAFETY: a non-NULL wsi is a live connection (the C contract,
        // api/mod.rs); transaction_completed's callbacks count in its
        // `in_cb`, so it is not freed under this call.
        unsafe {
            crate::core::conn::answering_http(wsi);
            if crate::core::conn::send_raw(wsi, &head).is_err() {
                return -1;
            }
            if head_only {
                return if crate::core::conn::transaction_completed(wsi) != 0 { -1 } else { 0 };
            }
            crate::core::fileserve::start(wsi, f, len);
        }
        0
    })
}

/// Sends the next part of a file being served.  <0: failure (close the
/// wsi); 0: more to send later; 1: all sent (FILE_COMPLETION delivered).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_serve_http_file_fragment(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if wsi.is_null() || unsafe { crate::core::conn::socket_fd(wsi) } < 0 || !unsafe { crate::core::fileserve::active(wsi) } {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        // A file is in flight (checked).
        match unsafe { crate::core::fileserve::step(wsi) } {
            crate::core::fileserve::Step::More => 0,
            crate::core::fileserve::Step::Done(r) if r >= 0 => 1,
            _ => -1,
        }
    })
}

/// Substitutes `${var}` occurrences in an HTML chunk.  Nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_chunked_html_process(
    args: *mut lws_process_html_args,
    s: *mut lws_process_html_state,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_chunked_html_process", -1) })
}

/// Total length of header `h` (all fragments), 0 if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hdr_total_length(wsi: *mut lws, h: E_lws_token_indexes) -> c_int {
    // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
    // checks NULL and borrows the headers only for the closure.
    ffi_guard!(0, { unsafe { crate::core::conn::with_request(wsi, |r| r.total_length(h)) }.unwrap_or(0) })
}

/// Length of fragment `frag_idx` of header `h`, 0 if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hdr_fragment_length(wsi: *mut lws, h: E_lws_token_indexes, frag_idx: c_int) -> c_int {
    ffi_guard!(0, {
        if frag_idx < 0 {
            return 0;
        }
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        unsafe { crate::core::conn::with_request(wsi, |r| r.fragment_length(h, frag_idx as usize)) }.unwrap_or(0)
    })
}

/// Copies header `h` into `dest`.  Returns its length or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hdr_copy(wsi: *mut lws, dest: *mut c_char, len: c_int, h: E_lws_token_indexes) -> c_int {
    ffi_guard!(-1, {
        if dest.is_null() || len <= 0 {
            return -1;
        }
        // SAFETY: `dest` has `len` bytes (the C contract).
        let d = unsafe { core::slice::from_raw_parts_mut(dest as *mut u8, len as usize) };
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        match unsafe { crate::core::conn::with_request(wsi, |r| r.copy(d, h)) } {
            Some(n) => n,
            None => {
                d[0] = 0;
                0
            }
        }
    })
}

/// Copies one fragment of header `h` into `dest`.  Returns its length or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hdr_copy_fragment(
    wsi: *mut lws,
    dest: *mut c_char,
    len: c_int,
    h: E_lws_token_indexes,
    frag_idx: c_int,
) -> c_int {
    ffi_guard!(-1, {
        if dest.is_null() || len <= 0 || frag_idx < 0 {
            return -1;
        }
        // SAFETY: `dest` has `len` bytes (the C contract).
        let d = unsafe { core::slice::from_raw_parts_mut(dest as *mut u8, len as usize) };
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        unsafe { crate::core::conn::with_request(wsi, |r| r.copy_fragment(d, h, frag_idx as usize)) }.unwrap_or(-1)
    })
}

/// Length of the value of the custom header `name`, or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hdr_custom_length(wsi: *mut lws, name: *const c_char, nlen: c_int) -> c_int {
    ffi_guard!(-1, {
        if name.is_null() || nlen < 0 {
            return -1;
        }
        // SAFETY: `name` has `nlen` bytes (the C contract).
        let n = unsafe { core::slice::from_raw_parts(name as *const u8, nlen as usize) };
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        unsafe { crate::core::conn::with_request(wsi, |r| r.custom_length(n)) }.unwrap_or(-1)
    })
}

/// Copies the value of the custom header `name`.  Returns its length or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hdr_custom_copy(
    wsi: *mut lws,
    dst: *mut c_char,
    len: c_int,
    name: *const c_char,
    nlen: c_int,
) -> c_int {
    ffi_guard!(-1, {
        if name.is_null() || nlen < 0 || dst.is_null() || len <= 0 {
            return -1;
        }
        // SAFETY: `name` has `nlen` bytes (the C contract).
        let n = unsafe { core::slice::from_raw_parts(name as *const u8, nlen as usize) };
        // SAFETY: `dst` has `len` bytes (the C contract).
        let d = unsafe { core::slice::from_raw_parts_mut(dst as *mut u8, len as usize) };
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        unsafe { crate::core::conn::with_request(wsi, |r| r.custom_copy(d, n)) }.unwrap_or(-1)
    })
}

/// Runs a `h1::resp` writer on the C buffer `*p..end`, advancing `*p`;
/// 1 when it did not fit (or bad pointers), else 0.
///
/// # Safety
/// `p` NULL or a cursor into a writable buffer ending at `end`.
unsafe fn hbuf(
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
    f: impl FnOnce(&mut [u8], &mut usize, usize) -> Result<(), crate::h1::resp::Full>,
) -> c_int {
    // SAFETY: `*p..end` is the caller's writable buffer (caller), checked to
    // be ordered; the writer stays within `n` bytes, so `*p` moves inside it.
    unsafe {
        if p.is_null() || (*p).is_null() || end.is_null() || (end as usize) < (*p as usize) {
            return 1;
        }
        let start = *p;
        let n = end as usize - start as usize;
        let buf = core::slice::from_raw_parts_mut(start, n);
        let mut off = 0;
        let r = f(buf, &mut off, n);
        *p = start.add(off);
        r.is_err() as c_int
    }
}

/// Finds URL argument `name` ("name=").  NULL if absent.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_urlarg_by_name(
    wsi: *mut lws,
    name: *const c_char,
    buf: *mut c_char,
    len: c_int,
) -> *const c_char {
    ffi_guard!(null(), {
        if wsi.is_null() || name.is_null() || buf.is_null() || len <= 0 {
            return null();
        }
        // as the oracle: the first URL argument fragment starting with
        // `name`; the answer points into `buf` just after that prefix
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let nm = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
        let mut n = 0;
        loop {
            // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).  `buf` has `len` bytes.
            let r = unsafe { lws_hdr_copy_fragment(wsi, buf, len, crate::h1::parse::URI_ARGS, n) };
            if r < 0 {
                return null();
            }
            // SAFETY: a fragment copy is NUL-terminated within `buf`.
            let got = unsafe { core::ffi::CStr::from_ptr(buf) }.to_bytes();
            if crate::h1::resp::urlarg_matches(got, nm) {
                // SAFETY: the match means the copy starts with the `nm.len()` bytes of
                // name, so this is inside the copied string.
                return unsafe { buf.add(nm.len()) };
            }
            n += 1;
        }
    })
}

/// Adds the status line.  Nonzero if it does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_add_http_header_status(
    wsi: *mut lws,
    code: c_uint,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    ffi_guard!(1, {
        if wsi.is_null() {
            return 1;
        }
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        let http11 = unsafe { crate::core::conn::with_request(wsi, |r| r.is_http11()) }.unwrap_or(true);
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        let vh = unsafe { (*wsi).vhost.get() };
        // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
        // hbuf needs.
        unsafe {
            hbuf(p, end, |b, o, e| crate::core::mount::status_with_vhost_headers(vh, b, o, e, http11, code))
        }
    })
}

/// Adds a header by name.  Nonzero if it does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_add_http_header_by_name(
    wsi: *mut lws,
    name: *const c_uchar,
    value: *const c_uchar,
    length: c_int,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    ffi_guard!(1, {
        if name.is_null() || (value.is_null() && length > 0) || length < 0 {
            return 1;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let n = unsafe { core::ffi::CStr::from_ptr(name as *const c_char) }.to_bytes();
        // SAFETY: `value` has `length` bytes (the C contract).
        let v = if length == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(value, length as usize) } };
        // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
        // hbuf needs.
        unsafe { hbuf(p, end, |b, o, e| crate::h1::resp::add_header_by_name(b, o, e, n, v)) }
    })
}

/// Adds a header by token index.  Nonzero if it does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_add_http_header_by_token(
    wsi: *mut lws,
    token: E_lws_token_indexes,
    value: *const c_uchar,
    length: c_int,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    ffi_guard!(1, {
        if (value.is_null() && length > 0) || length < 0 {
            return 1;
        }
        // SAFETY: `value` has `length` bytes (the C contract).
        let v = if length == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(value, length as usize) } };
        // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
        // hbuf needs.
        unsafe { hbuf(p, end, |b, o, e| crate::h1::resp::add_header_by_token(b, o, e, token, v)) }
    })
}

/// Adds content-length.  Nonzero if it does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_add_http_header_content_length(
    wsi: *mut lws,
    content_length: lws_filepos_t,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
    // hbuf needs.
    ffi_guard!(1, { unsafe { hbuf(p, end, |b, o, e| crate::h1::resp::add_content_length(b, o, e, content_length)) } })
}

/// Terminates the headers.  Nonzero if it does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_finalize_http_header(wsi: *mut lws, p: *mut *mut c_uchar, end: *mut c_uchar) -> c_int {
    // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
    // hbuf needs.
    ffi_guard!(1, { unsafe { hbuf(p, end, crate::h1::resp::finalize) } })
}

/// Terminates and writes the headers.  Nonzero on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_finalize_write_http_header(
    wsi: *mut lws,
    start: *mut c_uchar,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    ffi_guard!(1, {
        // SAFETY: the caller's arguments, under the same contract.
        if start.is_null() || unsafe { lws_finalize_http_header(wsi, p, end) } != 0 {
            return 1;
        }
        // SAFETY: `*p` was advanced from `start` in the same buffer.
        let l = unsafe { *p as usize - start as usize };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).  `start` has the `l` header bytes and
        // LWS_PRE before it (lws_finalize_write_http_header's contract).
        let n = unsafe { crate::core::conn::write(wsi, start, l, HTTP_HEADERS) };
        (n != l as c_int) as c_int
    })
}

/// Adds status, content-type and content-length.  Nonzero on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_add_http_common_headers(
    wsi: *mut lws,
    code: c_uint,
    content_type: *const c_char,
    content_len: lws_filepos_t,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    ffi_guard!(1, {
        // SAFETY: the caller's arguments, under the same contract.
        if unsafe { lws_add_http_header_status(wsi, code, p, end) } != 0 {
            return 1;
        }
        if !content_type.is_null() {
            // SAFETY: NULL or a C string (the C contract, api/mod.rs).
            let t = unsafe { core::ffi::CStr::from_ptr(content_type) }.to_bytes();
            // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
            // hbuf needs.
            if unsafe { hbuf(p, end, |b, o, e| crate::h1::resp::add_header_by_name(b, o, e, b"content-type:", t)) } != 0 {
                return 1;
            }
        }
        if content_len != u64::MAX {
            // SAFETY: the caller's arguments, under the same contract.
            return unsafe { lws_add_http_header_content_length(wsi, content_len, p, end) };
        }
        // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
        // hbuf needs.
        unsafe { hbuf(p, end, |b, o, e| crate::h1::resp::add_header_by_name(b, o, e, b"connection:", b"close")) }
    })
}

/// Returns the request method (LWSHUMETH_*) and URI, or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_get_uri_and_method(
    wsi: *mut lws,
    puri_ptr: *mut *mut c_char,
    puri_len: *mut c_int,
) -> c_int {
    ffi_guard!(-1, {
        if puri_ptr.is_null() || puri_len.is_null() {
            return -1;
        }
        // exactly one method token must be present; its index in the
        // LWSHUMETH_ order is the answer
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.  The pointer answered points into
        // the parser's header storage, valid while the headers are (upstream's
        // contract for lws_http_get_uri_and_method).
        let r = unsafe {
            crate::core::conn::with_request(wsi, |req| {
                let present: Vec<usize> = crate::h1::parse::METHODS
                    .iter()
                    .enumerate()
                    .filter(|(_, &t)| req.total_length(t) > 0)
                    .map(|(i, _)| i)
                    .collect();
                if present.len() != 1 {
                    return None;
                }
                let t = crate::h1::parse::METHODS[present[0]];
                Some((present[0], req.first_frag_ptr(t)?, req.total_length(t)))
            })
        };
        match r.flatten() {
            Some((i, p, l)) => {
                // SAFETY: non-NULL out pointers (the C contract).
                unsafe {
                    *puri_ptr = p as *mut c_char;
                    *puri_len = l;
                }
                i as c_int
            }
            None => -1,
        }
    })
}

/// Sends a complete response with status `code`.  Nonzero: close.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_return_http_status(wsi: *mut lws, code: c_uint, html_body: *const c_char) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if wsi.is_null() || unsafe { crate::core::conn::socket_fd(wsi) } < 0 {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        let vh = unsafe { (*wsi).vhost.get() };
        if code == 404 && !vh.is_null() {
            // the vhost's error document: a 302 to it instead
            // SAFETY: the vhost is live; `error_document_404` is NULL or the
            // application's C string, alive with it.
            if let Some(doc) = unsafe { crate::ffi::cstr_bytes((*vh).error_document_404) } {
                let mut buf = vec![0u8; 512 + doc.len()];
                let start = buf.as_mut_ptr();
                let mut p = start;
                // SAFETY: one past the end of `buf`.
                let end = unsafe { start.add(buf.len()) };
                // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).  `p..end` is our local buffer.
                let n = unsafe { lws_http_redirect(wsi, 302, doc.as_ptr(), doc.len() as c_int, &mut p, end) };
                return if n < 0 { -1 } else { 0 };
            }
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let body = unsafe { crate::ffi::cstr_bytes(html_body) }.unwrap_or(b"");
        // SAFETY: `wsi` NULL or a live connection (the C contract); with_request
        // checks NULL and borrows the headers only for the closure.
        let http11 = unsafe { crate::core::conn::with_request(wsi, |r| r.is_http11()) }.unwrap_or(true);
        // (the vhost's headers, security headers and server string follow
        // the status line, as in every status page)
        // SAFETY: the connection's vhost (NULL or live).
        let resp = unsafe { crate::core::conn::status_page_vh(vh, http11, code, body) };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::end_after_response(wsi) };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if unsafe { crate::core::conn::send_raw(wsi, &resp) }.is_err() {
            return -1;
        }
        0
    })
}

/// Writes a redirect response (status `code`, `location: loc`, empty
/// text/html body) from `*p`.  Returns the bytes written, <0 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_redirect(
    wsi: *mut lws,
    code: c_int,
    loc: *const c_uchar,
    len: c_int,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL `p` is the caller's cursor (the C contract).
        if wsi.is_null() || p.is_null() || unsafe { (*p).is_null() } || end.is_null() || len < 0 || (loc.is_null() && len > 0) {
            return -1;
        }
        // SAFETY: as above.
        let start = unsafe { *p };
        // SAFETY: the caller's arguments, under the same contract.
        if unsafe { lws_add_http_header_status(wsi, code as c_uint, p, end) } != 0 {
            return -1;
        }
        // SAFETY: `loc` has `len` bytes (the C contract).
        let l = if len == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(loc, len as usize) } };
        // SAFETY: `*p..end` is the caller's header buffer (the C contract), what
        // hbuf needs.
        let r = unsafe {
            hbuf(p, end, |b, o, e| {
                crate::h1::resp::add_header_by_name(b, o, e, b"location:", l)?;
                crate::h1::resp::add_header_by_name(b, o, e, b"content-type:", b"text/html")?;
                crate::h1::resp::add_content_length(b, o, e, 0)?;
                crate::h1::resp::finalize(b, o, e)
            })
        };
        if r != 0 {
            return -1;
        }
        // SAFETY: `*p` was advanced from `start` in the same buffer.
        let n = unsafe { *p as usize - start as usize };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::answering_http(wsi) };
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).  `start` has the `n` header bytes (and, as
        // every header buffer, LWS_PRE before it: lws_http_redirect's contract).
        unsafe { crate::core::conn::write(wsi, start, n, HTTP_HEADERS) }
    })
}

/// Ends the HTTP transaction.  Returns 1 if the connection must close.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_transaction_completed(wsi: *mut lws) -> c_int {
    ffi_guard!(1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if wsi.is_null() || unsafe { crate::core::conn::socket_fd(wsi) } < 0 {
            return 1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::transaction_completed(wsi) }
    })
}

/// Releases the header storage of `wsi` (the `lws_hdr_*` functions find
/// nothing afterwards).  0.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_headers_detach(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, {
        if wsi.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).  The parser is dropped only if not borrowed.
        unsafe {
            if let Ok(mut g) = (*wsi).c.http.h1.try_borrow_mut() {
                *g = None;
            }
        }
        0
    })
}

/// Marks `wsi` as a Server-Sent Events stream: its timeout is cancelled
/// and its headers released.  On HTTP/1 the oracle also logs that the
/// connection is not an h2 stream (which only h2 makes immortal).  0.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_mark_sse(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, {
        if wsi.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe {
            lws_http_headers_detach(wsi);
            crate::lwsl_err!("lws_mux_mark_immortal: not h2 substream\n");
            crate::core::wsi::set_timeout(wsi, 0, 0);
        }
        0
    })
}

/// Closes the tx side of an h2 client stream.  Nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_h2_client_stream_long_poll_rxonly(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_h2_client_stream_long_poll_rxonly", -1) })
}

/// Applies content compression.  Nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_compression_apply(
    wsi: *mut lws,
    name: *const c_char,
    p: *mut *mut c_uchar,
    end: *mut c_uchar,
    decomp: c_char,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_http_compression_apply", -1) })
}

/// Nonzero if the client was redirected with a method change to GET.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_is_redirected_to_get(wsi: *mut lws) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
    ffi_guard!(0, { (!wsi.is_null() && unsafe { crate::core::conn::redirected_to_get(wsi) }) as c_int })
}

/// Copies cookie `name`.  Nonzero if absent or too large.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_http_cookie_get(
    wsi: *mut lws,
    name: *const c_char,
    buf: *mut c_char,
    max: *mut usize,
) -> c_int {
    ffi_guard!(1, { not_implemented!("lws_http_cookie_get", 1) })
}

/// Adds h2 tx credit for the peer.  Nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_h2_update_peer_txcredit(wsi: *mut lws, sid: c_int, bump: c_int) -> c_int {
    ffi_guard!(1, { not_implemented!("lws_h2_update_peer_txcredit", 1) })
}

/// Estimated h2 tx credit at the peer.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_h2_get_peer_txcredit_estimate(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_h2_get_peer_txcredit_estimate", -1) })
}

#[cfg(test)]
// test code: buffers and strings of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;
    use core::ffi::CStr;
    use crate::abi::protocols_plugins::lws_protocol_vhost_options;

    #[test]
    fn mount_layout_matches_debian() {
        assert_eq!(core::mem::size_of::<lws_http_mount>(), 104);
        assert_eq!(core::mem::offset_of!(lws_http_mount, cache_flags), 76);
        assert_eq!(core::mem::offset_of!(lws_http_mount, origin_protocol), 77);
        assert_eq!(core::mem::offset_of!(lws_http_mount, mountpoint_len), 78);
        assert_eq!(core::mem::offset_of!(lws_http_mount, basic_auth_login_file), 80);
        assert_eq!(core::mem::size_of::<lws_token_limits>(), 190);
        assert_eq!(core::mem::size_of::<lws_process_html_state>(), 64);
    }

    #[test]
    fn token_names_match_oracle() {
        let s = |i| {
            let p = unsafe { lws_token_to_string(i) };
            if p.is_null() {
                None
            } else {
                Some(unsafe { CStr::from_ptr(p as *const c_char) }.to_bytes().to_vec())
            }
        };
        assert_eq!(s(0).as_deref(), Some(&b"get "[..]));
        assert_eq!(s(3).as_deref(), Some(&b"host:"[..]));
        assert_eq!(s(8).as_deref(), Some(&b"\r\n"[..]));
        assert_eq!(s(35).as_deref(), Some(&b":authority"[..]));
        assert_eq!(s(73).as_deref(), Some(&b"patch"[..]));
        assert_eq!(s(86).as_deref(), Some(&b"x-auth-token:"[..]));
        assert_eq!(s(87).as_deref(), Some(&b""[..]));
        assert_eq!(s(88), None);
        assert_eq!(s(95), None);
        assert_eq!(s(-1), None);
        assert_eq!(s(c_int::MIN), None);
        assert_eq!(s(c_int::MAX), None);
    }

    fn mime(f: &[u8], m: *const lws_http_mount) -> Option<Vec<u8>> {
        let c = std::ffi::CString::new(f).unwrap();
        let p = unsafe { lws_get_mimetype(c.as_ptr(), m) };
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
    }

    #[test]
    fn mimetypes_match_oracle() {
        assert_eq!(mime(b"a.html", null()).as_deref(), Some(&b"text/html"[..]));
        assert_eq!(mime(b"A.HTML", null()).as_deref(), Some(&b"text/html"[..]));
        assert_eq!(mime(b"x.js", null()).as_deref(), Some(&b"text/javascript"[..]));
        assert_eq!(mime(b"a.tar.gz", null()).as_deref(), Some(&b"application/gzip"[..]));
        assert_eq!(mime(b"a.woff2", null()).as_deref(), Some(&b"application/font-woff2"[..]));
        assert_eq!(mime(b".js", null()), None);
        assert_eq!(mime(b"a.xyz", null()), None);
        assert!(unsafe { lws_get_mimetype(null(), null()) }.is_null());
    }

    #[test]
    fn extra_mimetypes_precede_builtin_and_star_is_last() {
        let pvo = |next, name: &'static CStr, value: &'static CStr| lws_protocol_vhost_options {
            next,
            options: null(),
            name: name.as_ptr(),
            value: value.as_ptr(),
        };
        let p3 = pvo(null(), c"*", c"any/thing");
        let p2 = pvo(&p3, c"zip", c"app/zip");
        let p1 = pvo(&p2, c".html", c"foo/html");
        let mut m: lws_http_mount = unsafe { core::mem::zeroed() };
        m.extra_mimetypes = &p1;
        assert_eq!(mime(b"a.html", &m).as_deref(), Some(&b"foo/html"[..]));
        assert_eq!(mime(b"azip", &m).as_deref(), Some(&b"app/zip"[..]));
        assert_eq!(mime(b"a.css", &m).as_deref(), Some(&b"text/css"[..]));
        assert_eq!(mime(b"a.qqq", &m).as_deref(), Some(&b"any/thing"[..]));
        assert_eq!(mime(b"", &m).as_deref(), Some(&b"any/thing"[..]));
    }

    #[test]
    fn urlencode_matches_oracle() {
        let enc = |s: &[u8], len: c_int| {
            let c = std::ffi::CString::new(s).unwrap();
            let mut buf = [b'#' as c_char; 300];
            let r = unsafe { lws_urlencode(buf.as_mut_ptr(), c.as_ptr(), len) };
            assert_eq!(r, buf.as_ptr());
            unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec()
        };
        assert_eq!(enc(b"hello world", 10), b"hello+w");
        assert_eq!(enc(b"hello world", 3), b"");
        assert_eq!(enc(b"hello world", 0), b"");
        assert_eq!(enc(b"hello world", -1), b"");
        assert_eq!(enc(b"a+b=c&d", 5), b"a%2B");
        assert_eq!(enc(b"a+b=c&d", 10), b"a%2Bb%3D");
        assert_eq!(enc(b"~-_.!*'()", 64), b"%7E%2D%5F%2E%21%2A%27%28%29");
        assert_eq!(enc(b"\x01\x7f\x80\xff", 64), b"%01%7F%80%FF");
    }

    #[test]
    fn urldecode_matches_oracle() {
        let dec = |s: &[u8], len: c_int| {
            let c = std::ffi::CString::new(s).unwrap();
            let mut buf = [b'#' as c_char; 300];
            let r = unsafe { lws_urldecode(buf.as_mut_ptr(), c.as_ptr(), len) };
            let raw: Vec<u8> = buf[..12].iter().map(|&b| b as u8).collect();
            (r, raw)
        };
        assert_eq!(dec(b"hello+world", 10), (0, b"hello worl\0#".to_vec()));
        assert_eq!(dec(b"%41%42%43", 64).1[..4], *b"ABC\0");
        assert_eq!(dec(b"%4", 64).1[..2], *b"\0#");
        assert_eq!(dec(b"%", 64).0, 0);
        assert_eq!(dec(b"%zz", 64), (-1, b"############".to_vec()));
        assert_eq!(dec(b"%zz", 0), (0, b"\0###########".to_vec()));
        assert_eq!(dec(b"%4g", 5).0, -1);
        assert_eq!(dec(b"%%41", 5).0, -1);
        assert_eq!(dec(b"abc%00def", 4).1[..6], *b"abc\0\0#");
        assert_eq!(dec(b"%2B+%2b", 64).1[..4], *b"+ +\0");
        assert_eq!(dec(b"abc%41", -1).1[..5], *b"abcA\0");
    }
}
