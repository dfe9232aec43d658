//! `lws_parse_uri` (over crate::http::url).
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Splits a URI in place into protocol, address, port and path (see
/// [`parse_uri`]).  Returns 0; -1 for NULL arguments.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_parse_uri(
    p: *mut c_char,
    prot: *mut *const c_char,
    ads: *mut *const c_char,
    port: *mut c_int,
    path: *mut *const c_char,
) -> c_int {
    ffi_guard!(-1, {
        if p.is_null() || prot.is_null() || ads.is_null() || port.is_null() || path.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL C string (the C contract).
        let len = unsafe { libc::strlen(p) };
        // SAFETY: the string and its NUL belong to the caller's buffer,
        // which we are allowed to modify.
        let buf = unsafe { core::slice::from_raw_parts_mut(p as *mut u8, len + 1) };
        let r = parse_uri(buf);
        // SAFETY: out pointers are the caller's; the offsets parse_uri gives are
        // inside the string.
        unsafe {
            *prot = p.add(r.prot);
            *ads = p.add(r.ads);
            if let Some(v) = r.port {
                *port = v;
            }
            *path = match r.path {
                Some(o) => p.add(o),
                None => c"/".as_ptr(),
            };
        }
        0
    })
}
