//! Mounts (`lws_http_mount`): which mount serves a URI, and serving
//! `LWSMPRO_FILE` mounts from a directory.
//!
//! What the oracle sends for a file (Debian's libwebsockets 4.1.6, recorded
//! with tools/oracle probes):
//!
//! ```text
//! HTTP/1.1 200 OK
//! [security headers, with LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE]
//! content-type: <mimetype>
//! content-length: <size>
//! cache-control: no-store            (or [must-revalidate, ]public|private, max-age=N
//!                                     when cache_max_age and cache_reusable are set)
//! etag: <%016llX of size << 32 | mtime>
//! ```
//!
//! A path naming a directory serves its `def` file; a file whose type has
//! no mimetype gets the 415 status page; a missing file falls through to
//! the protocol's `LWS_CALLBACK_HTTP` (the http dummy answers 404).  An
//! `If-None-Match` equal to the etag gets `304 Not Modified` with the etag
//! and cache-control only.  HEAD gets the head alone.  The body is
//! streamed by [`crate::core::fileserve`].  Range requests are ignored (the
//! oracle is built without LWS_WITH_RANGES); symlinks are followed, also
//! out of the origin, as on the oracle.  `interpret` is not supported.
//!
//! A vhost's mount list is the application's `info->mounts` chain, which
//! it keeps alive and unchanged while the vhost exists (lws-context-vhost.h);
//! its strings are NULL or NUL-terminated.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, CStr};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use crate::abi::http::lws_http_mount;
use crate::abi::context_vhost::lws_mount_protocols;
use crate::core::lws_vhost;

/// The security headers the oracle adds after the status line when the
/// vhost has `LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE`.
pub const SECURITY_HEADERS: &[u8] = b"content-security-policy: default-src 'none'; img-src 'self' data: ; script-src 'self'; font-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none';form-action 'self';\r\nx-content-type-options: nosniff\r\nx-xss-protection: 1; mode=block\r\nx-frame-options: deny\r\nreferrer-policy: no-referrer\r\n";


/// The mount serving `path` (the oracle's rule): a mount matches when
/// `path` starts with the first `mountpoint_len` bytes of its mountpoint
/// and the next byte of `path` is `/` or its end (a length-1 mountpoint,
/// "/", matches everything).  The longest match wins, the first of equal
/// ones; a matching `LWSMPRO_CALLBACK` mount takes over whatever its
/// length.
///
/// # Safety
/// `vh` valid; its mount list valid.
pub unsafe fn find(vh: *const lws_vhost, path: &[u8]) -> Option<*const lws_http_mount> {
    // SAFETY: `vh` and its mount list are valid (caller).
    unsafe { find_in((*vh).mounts, path) }
}

/// [`find`] over the mount list starting at `first`.
///
/// # Safety
/// `first` NULL or a valid mount list.
pub unsafe fn find_in(first: *const lws_http_mount, path: &[u8]) -> Option<*const lws_http_mount> {
    let mut hit: Option<*const lws_http_mount> = None;
    let mut best = 0usize;
    let mut m = first;
    while !m.is_null() {
        // SAFETY: `m` is `first` or a `mount_next` of the valid list
        // (caller), not NULL.
        let mm = unsafe { &*m };
        let n = mm.mountpoint_len as usize;
        // SAFETY: a mount's mountpoint is NULL or a C string (module doc).
        let mp = unsafe { crate::ffi::cstr_bytes(mm.mountpoint) }.unwrap_or(b"");
        let hitp = path.len() >= n
            && mp.len() >= n
            && path[..n] == mp[..n]
            && (path.len() == n || path[n] == b'/' || n == 1);
        if hitp && (mm.origin_protocol == lws_mount_protocols::LWSMPRO_CALLBACK as u8 || n > best) {
            hit = Some(m);
            best = n;
        }
        m = mm.mount_next;
    }
    hit
}

/// What serving a file mount came to.
pub enum FileAnswer {
    /// The 200 head, then the body to stream (None for HEAD); after the
    /// body `LWS_CALLBACK_HTTP_FILE_COMPLETION` is due.
    /// The head lacks its final blank line (the caller may add headers).
    File { head: Vec<u8>, body: Option<(std::fs::File, u64)> },
    /// If-None-Match matched the etag: a complete 304 answer.
    NotModified(Vec<u8>),
    /// A complete status page to send instead (415: no mimetype).
    Status(Vec<u8>),
    /// No such file: the protocol callback answers.
    NotFound,
}

/// The `cache-control` value for a mount.
pub fn cache_control(m: &lws_http_mount) -> String {
    let reusable = m.cache_flags & 1 != 0;
    let revalidate = m.cache_flags & 2 != 0;
    let intermediaries = m.cache_flags & 4 != 0;
    if m.cache_max_age == 0 || !reusable {
        return "no-store".into();
    }
    format!(
        "{}{}, max-age={}",
        if revalidate { "must-revalidate, " } else { "" },
        if intermediaries { "public" } else { "private" },
        m.cache_max_age
    )
}

/// Builds a response head: the status line with the vhost's headers (as
/// `lws_add_http_header_status`), then `f` adds the rest; the blank line
/// closes it.  None if it does not fit in `room` bytes.
///
/// # Safety
/// `vh` NULL or valid.
pub unsafe fn head(
    vh: *const lws_vhost,
    http11: bool,
    code: u32,
    room: usize,
    f: impl FnOnce(&mut [u8], &mut usize, usize) -> Result<(), crate::h1::resp::Full>,
) -> Option<Vec<u8>> {
    let mut b = vec![0u8; room];
    let mut p = 0usize;
    let r = (|| {
        // SAFETY: `vh` is NULL or valid (caller).
        unsafe { status_with_vhost_headers(vh, &mut b, &mut p, room, http11, code)? };
        f(&mut b, &mut p, room)?;
        crate::h1::resp::finalize(&mut b, &mut p, room)
    })();
    r.ok()?;
    b.truncate(p);
    Some(b)
}

/// The status line, then [`crate::core::conn::status_extras`] (the vhost's
/// `headers`, the security headers, `server:`), then the room check of
/// `lws_add_http_header_status`.
///
/// # Safety
/// `vh` NULL or valid.
pub unsafe fn status_with_vhost_headers(
    vh: *const lws_vhost,
    b: &mut [u8],
    o: &mut usize,
    e: usize,
    http11: bool,
    code: u32,
) -> Result<(), crate::h1::resp::Full> {
    crate::h1::resp::add_status_line(b, o, e, http11, code & 0xffff)?;
    // LWSAHH_FLAG_NO_SERVER_NAME (bit 30 of the code) leaves `server:` out
    // SAFETY: `vh` is NULL or valid (caller), what status_extras needs.
    let extras = unsafe { crate::core::conn::status_extras(vh, code & (1 << 30) == 0) };
    crate::h1::resp::add_raw(b, o, e, &extras)?;
    crate::h1::resp::room_check(o, e)
}

/// What a request asks of a file mount.
pub struct FileRequest<'a> {
    pub path: &'a [u8],
    pub http11: bool,
    pub head_only: bool,
    /// The If-None-Match value, if any.
    pub if_none_match: Option<Vec<u8>>,
}

/// Builds the answer of the `LWSMPRO_FILE` mount `m` to `req`.
///
/// # Safety
/// `m` valid, `vh` NULL or valid.
pub unsafe fn serve_file(vh: *const lws_vhost, m: *const lws_http_mount, req: &FileRequest, room: usize) -> FileAnswer {
    // SAFETY: `m` is valid (caller) and not changed while the vhost lives
    // (module doc), which covers this call.
    let m = unsafe { &*m };
    if m.origin_protocol != lws_mount_protocols::LWSMPRO_FILE as u8 {
        return FileAnswer::NotFound;
    }
    // SAFETY: a mount's origin is NULL or a C string (module doc).
    let Some(origin) = (unsafe { crate::ffi::cstr_bytes(m.origin) }) else { return FileAnswer::NotFound };
    // SAFETY: as `origin`.
    let def = unsafe { crate::ffi::cstr_bytes(m.def) };
    let path = req.path;
    let mp_len = (m.mountpoint_len as usize).min(path.len());
    let rel = &path[mp_len..];
    let rel: Vec<u8> = rel.iter().copied().skip_while(|&b| b == b'/').collect();
    // the request parser already normalised `.` / `..` segments; refuse any
    // that are left rather than leave the origin
    if rel.split(|&b| b == b'/').any(|seg| seg == b"..") || rel.contains(&0) {
        return FileAnswer::NotFound;
    }
    let mut file = PathBuf::from(OsStr::from_bytes(origin));
    if !rel.is_empty() {
        file.push(OsStr::from_bytes(&rel));
    }
    let mut meta = std::fs::metadata(&file);
    if meta.as_ref().is_ok_and(|md| md.is_dir()) {
        let Some(def) = def else { return FileAnswer::NotFound };
        file.push(OsStr::from_bytes(def));
        meta = std::fs::metadata(&file);
    }
    let Ok(meta) = meta else { return FileAnswer::NotFound };
    if !meta.is_file() {
        return FileAnswer::NotFound;
    }
    let name = file.as_os_str().as_bytes();
    let mut cname = name.to_vec();
    cname.push(0);
    // SAFETY: `cname` is NUL-terminated, `m` a valid mount.
    let mime = unsafe { mimetype(cname.as_ptr() as *const c_char, m) };
    if mime.is_null() {
        // SAFETY: `vh` is NULL or valid (caller).
        return FileAnswer::Status(unsafe { crate::core::conn::status_page_vh(vh, req.http11, 415, b"") });
    }
    let etag = format!("{:016X}", (meta.len() << 32) | (meta.mtime() as u64 & 0xffff_ffff));
    let cc = cache_control(m);
    if req.if_none_match.as_deref() == Some(etag.as_bytes()) {
        // SAFETY: `vh` is NULL or valid (caller).
        let h = unsafe {
            head(vh, req.http11, 304, room, |b, o, e| {
                crate::h1::resp::add_header_by_name(b, o, e, b"etag:", etag.as_bytes())?;
                crate::h1::resp::add_header_by_name(b, o, e, b"cache-control:", cc.as_bytes())
            })
        };
        return match h {
            Some(h) => FileAnswer::NotModified(h),
            None => FileAnswer::NotFound,
        };
    }
    let f = match std::fs::File::open(&file) {
        Ok(f) => f,
        Err(e) => {
            lwsl_info!("serve_file: cannot open '{}': {}\n", file.display(), e);
            return FileAnswer::NotFound;
        }
    };
    // SAFETY: lws_get_mimetype answered a C string of its static table or
    // of the mount's `extra_mimetypes`, both alive for this call.
    let mime = unsafe { CStr::from_ptr(mime) }.to_bytes();
    let len = meta.len();
    // SAFETY: `vh` is NULL or valid (caller).
    let h = unsafe {
        head(vh, req.http11, 200, room, |b, o, e| {
            crate::h1::resp::add_header_by_name(b, o, e, b"content-type:", mime)?;
            crate::h1::resp::add_content_length(b, o, e, len)?;
            crate::h1::resp::add_header_by_name(b, o, e, b"cache-control:", cc.as_bytes())?;
            crate::h1::resp::add_header_by_name(b, o, e, b"etag:", etag.as_bytes())
        })
    };
    let Some(mut h) = h else { return FileAnswer::NotFound };
    h.truncate(h.len() - 2);
    FileAnswer::File { head: h, body: if req.head_only { None } else { Some((f, len)) } }
}

/// The MIME type of `file` by its extension: the mount's
/// `extra_mimetypes` first (an entry "*" is the fallback), then the
/// built-in table; NULL when none matches (`lws_get_mimetype`).
///
/// # Safety
/// `file` NULL or a C string; `m` NULL or a valid mount whose pvo list is
/// alive.
pub unsafe fn mimetype(file: *const c_char, m: *const lws_http_mount) -> *const c_char {
    use core::ptr::null;
    // SAFETY: NULL or a C string (caller).
    let Some(name) = (unsafe { crate::ffi::cstr_bytes(file) }) else { return null() };
    let mut fallback: *const c_char = null();
    if !m.is_null() {
        // SAFETY: a non-NULL mount is the application's, alive (caller).
        let mut pvo = unsafe { (*m).extra_mimetypes };
        while !pvo.is_null() {
            // SAFETY: a non-NULL element of its pvo list.
            let (ext, value, next) = unsafe { ((*pvo).name, (*pvo).value, (*pvo).next) };
            // SAFETY: NULL or a C string (caller).
            if let Some(ext) = unsafe { crate::ffi::cstr_bytes(ext) } {
                if ext == b"*" {
                    fallback = value;
                } else if crate::http::mime::ext_matches(name, ext) {
                    return value;
                }
            }
            pvo = next;
        }
    }
    match crate::http::mime::builtin(name) {
        Some(t) => t.as_ptr(),
        None => fallback,
    }
}

#[cfg(test)]
// the tests' unsafe blocks only use pointers to the test's own locals
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    fn mount(max_age: i32, flags: u8) -> lws_http_mount {
        let mut m: lws_http_mount = unsafe { core::mem::zeroed() };
        m.cache_max_age = max_age;
        m.cache_flags = flags;
        m
    }

    #[test]
    fn cache_control_matches_the_oracle() {
        // (max-age, reusable | revalidate << 1 | intermediaries << 2)
        assert_eq!(cache_control(&mount(60, 1)), "private, max-age=60");
        assert_eq!(cache_control(&mount(60, 3)), "must-revalidate, private, max-age=60");
        assert_eq!(cache_control(&mount(60, 7)), "must-revalidate, public, max-age=60");
        assert_eq!(cache_control(&mount(60, 5)), "public, max-age=60");
        assert_eq!(cache_control(&mount(0, 7)), "no-store");
        assert_eq!(cache_control(&mount(60, 6)), "no-store");
        assert_eq!(cache_control(&mount(60, 4)), "no-store");
    }

    fn mp(point: &'static core::ffi::CStr, len: u8, op: lws_mount_protocols) -> lws_http_mount {
        let mut m: lws_http_mount = unsafe { core::mem::zeroed() };
        m.mountpoint = point.as_ptr();
        m.mountpoint_len = len;
        m.origin_protocol = op as u8;
        m
    }

    #[test]
    fn mount_choice_matches_the_oracle() {
        use lws_mount_protocols::*;
        let mut ms = [
            mp(c"/files", 6, LWSMPRO_FILE),
            mp(c"/cb", 3, LWSMPRO_CALLBACK),
            mp(c"/", 1, LWSMPRO_FILE),
            mp(c"/files/deep", 11, LWSMPRO_FILE),
            mp(c"/t/", 3, LWSMPRO_FILE),
        ];
        for i in 0..ms.len() - 1 {
            ms[i].mount_next = &ms[i + 1];
        }
        let base = ms.as_mut_ptr();
        let idx = |path: &[u8]| {
            unsafe { find_in(base, path) }.map(|m| (m as usize - base as usize) / core::mem::size_of::<lws_http_mount>())
        };
        assert_eq!(idx(b"/files/a.txt"), Some(0));
        assert_eq!(idx(b"/files"), Some(0));
        assert_eq!(idx(b"/filesx"), Some(2));
        assert_eq!(idx(b"/files/deep/s.txt"), Some(3));
        assert_eq!(idx(b"/cb/x"), Some(1));
        assert_eq!(idx(b"/x"), Some(2));
        // "/t/" (len 3) needs a '/' after it: "/t/a" falls to "/"
        assert_eq!(idx(b"/t/a"), Some(2));
        assert_eq!(idx(b"/t/"), Some(4));
        // mountpoint_len 0 matches everything; a callback mount takes over
        for i in 0..5 {
            unsafe { (*base.add(i)).mountpoint_len = 0 };
        }
        assert_eq!(idx(b"/files/a.txt"), Some(1));
    }
}
