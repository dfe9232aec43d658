//! C API of `libwebsockets/lws-network-helper.h`: numeric address
//! parsing / printing, the `lws_sockaddr46` union, interface lookup and
//! peer address helpers.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int};
pub use crate::abi::network_helper::*;
pub use crate::core::netaddr::{parse_numeric, write_numeric};

use crate::api::base::lws_sockfd_type;
use crate::core::{lws, lws_context};
use crate::ffi::{copy_to_c_buf, cstr_bytes};


/// Parses `ads` into `result` (`max_len` bytes).  Returns 4 or 16 (the
/// address length), or -1 if it is not a numeric address or does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_parse_numeric_address(ads: *const c_char, result: *mut u8, max_len: usize) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(s) = (unsafe { cstr_bytes(ads) }) else { return -1 };
        let Some(v) = parse_numeric(s) else { return -1 };
        if result.is_null() || v.len() > max_len {
            return -1;
        }
        // SAFETY: `result` has `max_len >= v.len()` bytes (the C contract).
        unsafe { core::ptr::copy_nonoverlapping(v.as_ptr(), result, v.len()) };
        v.len() as c_int
    })
}

/// Parses `ads` into the family and address of `sa46`.  Returns 0, or -1
/// (leaving `sa46` untouched) if it is not a numeric address.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sa46_parse_numeric_address(ads: *const c_char, sa46: *mut lws_sockaddr46) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(s) = (unsafe { cstr_bytes(ads) }) else { return -1 };
        let Some(v) = parse_numeric(s) else { return -1 };
        if sa46.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL sa46 is the caller's (the C contract); the union's
        // members are plain sockaddr structs, any of which may be written.
        unsafe {
            if v.len() == 4 {
                (*sa46).sa4.sin_family = libc::AF_INET as libc::sa_family_t;
                (*sa46).sa4.sin_addr.s_addr = u32::from_ne_bytes([v[0], v[1], v[2], v[3]]);
            } else {
                (*sa46).sa6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                (*sa46).sa6.sin6_addr.s6_addr.copy_from_slice(&v);
            }
        }
        0
    })
}

/// Writes the text form of a 4- or 16-byte address into `buf` (`len`
/// bytes).  Returns its length (IPv4: clamped to `len` like
/// `lws_snprintf`), or -1 for another size or an IPv6 text that does not
/// fit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_write_numeric_address(ads: *const u8, size: c_int, buf: *mut c_char, len: usize) -> c_int {
    ffi_guard!(-1, {
        if ads.is_null() || buf.is_null() || !(size == 4 || size == 16) {
            return -1;
        }
        // SAFETY: `ads` has `size` (4 or 16) bytes (the C contract).
        let a = unsafe { core::slice::from_raw_parts(ads, size as usize) };
        let Some(s) = write_numeric(a) else { return -1 };
        if size == 4 {
            // SAFETY: the caller's buffer has the length given (the C contract).
            unsafe { copy_to_c_buf(buf, len, s.as_bytes()) };
            return s.len().min(len) as c_int;
        }
        // libwebsockets 4.1.6 wants 8 bytes free before each ':'-separated
        // group and before the "::" (but not before the group right after
        // "::"); it gives -1 when that is not the case.
        let b = s.as_bytes();
        if b.starts_with(b"::ffff:") && b.contains(&b'.') && len < b.len() + 5 {
            return -1;
        }
        let mut i = 0;
        while i < b.len() {
            if b[i] == b':' {
                let compressed = b.get(i + 1) == Some(&b':');
                let after_compression = i > 0 && b[i - 1] == b':';
                if !after_compression && len < i + 8 {
                    // SAFETY: the caller's buffer has the length given (the C contract).
                    unsafe { copy_to_c_buf(buf, len, &b[..i]) };
                    return -1;
                }
                if compressed {
                    i += 1;
                }
            }
            i += 1;
        }
        if b.len() >= len {
            return -1;
        }
        // SAFETY: the caller's buffer has the length given (the C contract).
        unsafe { copy_to_c_buf(buf, len, b) };
        b.len() as c_int
    })
}

/// Same, for the address in `sa46` (by its family).  -1 for an unknown
/// family.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sa46_write_numeric_address(sa46: *mut lws_sockaddr46, buf: *mut c_char, len: usize) -> c_int {
    ffi_guard!(-1, {
        if sa46.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL sa46 is the caller's, initialised (the C contract);
        // reading the family through either member is the same field.
        unsafe {
            match (*sa46).sa4.sin_family as c_int {
                libc::AF_INET => {
                    let b = (*sa46).sa4.sin_addr.s_addr.to_ne_bytes();
                    lws_write_numeric_address(b.as_ptr(), 4, buf, len)
                }
                libc::AF_INET6 => {
                    let b = (*sa46).sa6.sin6_addr.s6_addr;
                    lws_write_numeric_address(b.as_ptr(), 16, buf, len)
                }
                _ => {
                    copy_to_c_buf(buf, len, b"(unset)");
                    -1
                }
            }
        }
    })
}

/// 0 if both hold the same family and address (ports are ignored), else 1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sa46_compare_ads(sa46a: *const lws_sockaddr46, sa46b: *const lws_sockaddr46) -> c_int {
    ffi_guard!(1, {
        if sa46a.is_null() || sa46b.is_null() {
            return 1;
        }
        // SAFETY: both non-NULL and initialised (the C contract).
        unsafe {
            let (a, b) = (&*sa46a, &*sa46b);
            if a.sa4.sin_family != b.sa4.sin_family {
                return 1;
            }
            match a.sa4.sin_family as c_int {
                libc::AF_INET => (a.sa4.sin_addr.s_addr != b.sa4.sin_addr.s_addr) as c_int,
                libc::AF_INET6 => (a.sa6.sin6_addr.s6_addr != b.sa6.sin6_addr.s6_addr) as c_int,
                _ => 1,
            }
        }
    })
}


/// Resolves `ifname` (an interface name or a numeric address) to an
/// address in `addr` (a `sockaddr_in`, or a `sockaddr_in6` when `ipv6`).
/// Returns `LWS_ITOSA_USABLE`, or `LWS_ITOSA_NOT_EXIST` if no such
/// interface has an address of a usable family.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_interface_to_sa(
    ipv6: c_int,
    ifname: *const c_char,
    addr: *mut libc::sockaddr_in,
    addrlen: usize,
) -> c_int {
    // SAFETY: the arguments are the C caller's, as interface_to_sa needs.
    ffi_guard!(LWS_ITOSA_NOT_EXIST, { unsafe { crate::core::netaddr::interface_to_sa(ipv6, ifname, addr, addrlen) } })
}

/// Writes the numeric address of the peer of socket `fd` into `name`
/// (`namelen` bytes) and returns `name`; if the peer cannot be queried,
/// `name` gets "getpeername: <reason>".  NULL for a NULL buffer.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_peer_simple_fd(fd: lws_sockfd_type, name: *mut c_char, namelen: usize) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if name.is_null() {
            return core::ptr::null();
        }
        // SAFETY: an all-zero sockaddr_storage is valid.
        let mut ss: libc::sockaddr_storage = unsafe { core::mem::zeroed() };
        let mut len = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: a local sockaddr_storage and its length.
        if unsafe { libc::getpeername(fd, &mut ss as *mut _ as *mut libc::sockaddr, &mut len) } < 0 {
            let err = std::io::Error::last_os_error();
            let msg = format!("getpeername: {}", os_error_text(&err));
            // SAFETY: the caller's buffer has the length given (the C contract).
            unsafe { copy_to_c_buf(name, namelen, msg.as_bytes()) };
            return name;
        }
        // SAFETY: getpeername filled `ss` with an address of the family it says;
        // sockaddr_storage is large and aligned enough for either view.
        let text = unsafe {
            match ss.ss_family as c_int {
                libc::AF_INET => {
                    let s = &*(&ss as *const _ as *const libc::sockaddr_in);
                    write_numeric(&s.sin_addr.s_addr.to_ne_bytes())
                }
                libc::AF_INET6 => {
                    let s = &*(&ss as *const _ as *const libc::sockaddr_in6);
                    write_numeric(&s.sin6_addr.s6_addr)
                }
                _ => Some(String::new()),
            }
        }
        .unwrap_or_default();
        // SAFETY: the caller's buffer has the length given (the C contract).
        unsafe { copy_to_c_buf(name, namelen, text.as_bytes()) };
        name
    })
}

/// The C library's text for an OS error (what strerror() gives).
fn os_error_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        // SAFETY: strerror returns a valid NUL-terminated string.
        Some(n) => unsafe { core::ffi::CStr::from_ptr(libc::strerror(n)) }.to_string_lossy().into_owned(),
        None => e.to_string(),
    }
}

/// The host name of the machine, as found at context creation ("unknown"
/// with LWS_SERVER_OPTION_SKIP_SERVER_CANONICAL_NAME); NULL for a NULL
/// context.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_canonical_hostname(context: *mut lws_context) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if context.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        unsafe { (*context).canonical_hostname.as_ptr() }
    })
}

/// Peer host name and numeric address of a connection.
/// Needs the connection core: not implemented yet.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_peer_addresses(
    wsi: *mut lws,
    fd: lws_sockfd_type,
    name: *mut c_char,
    name_len: c_int,
    rip: *mut c_char,
    rip_len: c_int,
) {
    ffi_guard!((), {
        let _ = wsi;
        if !rip.is_null() && rip_len > 0 {
            // SAFETY: `rip` has `rip_len > 0` bytes (the C contract).
            unsafe {
                *rip = 0;
                lws_get_peer_simple_fd(fd, rip, rip_len as usize);
            }
        }
        if !name.is_null() && name_len > 0 {
            // no reverse lookup: the numeric address stands for the name
            // SAFETY: `name` has `name_len > 0` bytes (the C contract).
            unsafe {
                *name = 0;
                lws_get_peer_simple_fd(fd, name, name_len as usize);
            }
        }
    })
}

/// Numeric peer address of a connection.
/// Needs the connection core: not implemented yet.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_peer_simple(wsi: *mut lws, name: *mut c_char, namelen: usize) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: a non-NULL wsi is a live connection (the C contract).
        if wsi.is_null() || unsafe { crate::core::conn::socket_fd(wsi) } < 0 {
            return core::ptr::null();
        }
        // SAFETY: as above; `name` has `namelen` bytes (the C contract).
        unsafe { lws_get_peer_simple_fd(crate::core::conn::socket_fd(wsi), name, namelen) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values observed on Debian's libwebsockets 4.1.6.
    #[test]
    fn numeric_matches_oracle() {
        assert_eq!(parse_numeric(b"1.2.3.4"), Some(vec![1, 2, 3, 4]));
        assert_eq!(parse_numeric(b" 1.2.3.4"), Some(vec![1, 2, 3, 4]));
        assert_eq!(parse_numeric(b"01.02.03.004"), Some(vec![1, 2, 3, 4]));
        assert_eq!(parse_numeric(b"256.1.1.1"), None);
        assert_eq!(parse_numeric(b"1.2.3"), None);
        assert_eq!(parse_numeric(b"[::1]"), None);
        let w = |s: &str| write_numeric(&parse_numeric(s.as_bytes()).unwrap()).unwrap();
        assert_eq!(w("::1"), "::1");
        assert_eq!(w("::"), "::");
        assert_eq!(w("fe80::1"), "fe80::1");
        assert_eq!(w("2001:db8::1:2"), "2001:db8::1:2");
        assert_eq!(w("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
        assert_eq!(w("::ffff:1.2.3.4"), "::ffff:1.2.3.4");
        assert_eq!(w("100:0:0:1::1"), "100::1:0:0:0:1");
        assert_eq!(w("1:0:2::3"), "1::2:0:0:0:0:3");
    }

    #[test]
    fn sa46_size() {
        assert_eq!(core::mem::size_of::<lws_sockaddr46>(), 28);
    }
}
