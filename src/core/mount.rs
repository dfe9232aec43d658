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
//! the protocol's `LWS_CALLBACK_HTTP` (the http dummy answers 404).
//!
//! Still to do for the HTTP server issue: streaming big files through
//! `HTTP_WRITEABLE` instead of buffering them, conditional requests,
//! ranges, `interpret`, redirect and callback mounts.

use core::ffi::{c_char, CStr};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use crate::api::http::lws_http_mount;
use crate::api::context_vhost::lws_mount_protocols;
use crate::core::lws_vhost;

/// The security headers the oracle adds after the status line when the
/// vhost has `LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE`.
pub const SECURITY_HEADERS: &[u8] = b"content-security-policy: default-src 'none'; img-src 'self' data: ; script-src 'self'; font-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none';form-action 'self';\r\nx-content-type-options: nosniff\r\nx-xss-protection: 1; mode=block\r\nx-frame-options: deny\r\nreferrer-policy: no-referrer\r\n";

/// `LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE`.
pub const OPT_SECURITY_HEADERS: u64 = 1 << 28;

/// The mount serving `path`: the longest mountpoint that is `path` itself
/// or a prefix of it ending at a `/` (a mountpoint of "/" matches all).
///
/// # Safety
/// `vh` valid; its mount list valid.
pub unsafe fn find(vh: *const lws_vhost, path: &[u8]) -> Option<*const lws_http_mount> {
    let mut best: Option<(*const lws_http_mount, usize)> = None;
    let mut m = unsafe { (*vh).mounts };
    while !m.is_null() {
        let mp = unsafe { crate::ffi::cstr_bytes((*m).mountpoint) }.unwrap_or(b"");
        let n = mp.len();
        let hit = !mp.is_empty()
            && path.starts_with(mp)
            && (path.len() == n || path[n] == b'/' || mp == b"/" || mp.ends_with(b"/"));
        if hit && best.is_none_or(|(_, l)| n > l) {
            best = Some((m, n));
        }
        m = unsafe { (*m).mount_next };
    }
    best.map(|(m, _)| m)
}

/// What serving a file mount came to.
pub enum FileAnswer {
    /// The file: a complete 200 response (head and body) to send, after
    /// which `LWS_CALLBACK_HTTP_FILE_COMPLETION` is due.
    File(Vec<u8>),
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

/// Builds the answer of the `LWSMPRO_FILE` mount `m` to `path`.
///
/// # Safety
/// `m` valid.
pub unsafe fn serve_file(m: *const lws_http_mount, path: &[u8], http11: bool, vhost_options: u64) -> FileAnswer {
    let m = unsafe { &*m };
    if m.origin_protocol != lws_mount_protocols::LWSMPRO_FILE as u8 {
        return FileAnswer::NotFound;
    }
    let Some(origin) = (unsafe { crate::ffi::cstr_bytes(m.origin) }) else { return FileAnswer::NotFound };
    let def = unsafe { crate::ffi::cstr_bytes(m.def) };
    let mp_len = unsafe { crate::ffi::cstr_bytes(m.mountpoint) }.map_or(0, |b| b.len());
    let rel = path.get(mp_len.min(path.len())..).unwrap_or(b"");
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
    let mime = unsafe { crate::api::http::lws_get_mimetype(cname.as_ptr() as *const c_char, m) };
    let security = vhost_options & OPT_SECURITY_HEADERS != 0;
    if mime.is_null() {
        return FileAnswer::Status(crate::core::conn::status_page_with(http11, 415, b"", security));
    }
    let Ok(body) = std::fs::read(&file) else { return FileAnswer::NotFound };
    let mime = unsafe { CStr::from_ptr(mime) }.to_bytes();
    let mut r = Vec::with_capacity(body.len() + 512);
    r.extend_from_slice(if http11 { b"HTTP/1.1 200 OK\r\n" } else { b"HTTP/1.0 200 OK\r\n" });
    if security {
        r.extend_from_slice(SECURITY_HEADERS);
    }
    r.extend_from_slice(b"content-type: ");
    r.extend_from_slice(mime);
    r.extend_from_slice(format!("\r\ncontent-length: {}\r\n", body.len()).as_bytes());
    r.extend_from_slice(format!("cache-control: {}\r\n", cache_control(m)).as_bytes());
    let etag = ((body.len() as u64) << 32) | (meta.mtime() as u64 & 0xffff_ffff);
    r.extend_from_slice(format!("etag: {etag:016X}\r\n\r\n").as_bytes());
    r.extend_from_slice(&body);
    FileAnswer::File(r)
}

#[cfg(test)]
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
}
