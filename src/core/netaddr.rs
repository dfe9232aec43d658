//! Numeric addresses and interface lookup for the library's sockets
//! (listeners' and clients' `iface`); `crate::api::network_helper`
//! exports them to C.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int};
use std::net::Ipv6Addr;

use crate::abi::network_helper::{LWS_ITOSA_NOT_EXIST, LWS_ITOSA_NOT_USABLE, LWS_ITOSA_USABLE};
use crate::ffi::cstr_bytes;

/// Dotted-quad IPv4 (decimal parts, leading zeros allowed).
fn parse_v4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for o in out.iter_mut() {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *o = p.parse::<u16>().ok().filter(|&v| v <= 255)? as u8;
    }
    parts.next().is_none().then_some(out)
}

/// Parses a numeric IPv4 or IPv6 address (leading blanks skipped) into
/// 4 or 16 bytes.
pub fn parse_numeric(s: &[u8]) -> Option<Vec<u8>> {
    let s = core::str::from_utf8(s).ok()?.trim_start_matches([' ', '\t']);
    if let Some(v4) = parse_v4(s) {
        return Some(v4.to_vec());
    }
    s.parse::<Ipv6Addr>().ok().map(|a| a.octets().to_vec())
}

/// Text form of a 4- or 16-byte address.  IPv6 is written in lowercase
/// hex with the first run of zero groups compressed to "::", and
/// IPv4-mapped addresses as "::ffff:a.b.c.d" (libwebsockets 4.1.6's form).
pub fn write_numeric(ads: &[u8]) -> Option<String> {
    match ads.len() {
        4 => Some(format!("{}.{}.{}.{}", ads[0], ads[1], ads[2], ads[3])),
        16 => {
            if ads[..10].iter().all(|&b| b == 0) && ads[10] == 0xff && ads[11] == 0xff {
                return Some(format!("::ffff:{}.{}.{}.{}", ads[12], ads[13], ads[14], ads[15]));
            }
            let g: Vec<u16> = ads.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            let hex = |v: &[u16]| v.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":");
            match g.iter().position(|&x| x == 0) {
                None => Some(hex(&g)),
                Some(start) => {
                    let end = g[start..].iter().position(|&x| x != 0).map_or(8, |n| start + n);
                    Some(format!("{}::{}", hex(&g[..start]), hex(&g[end..])))
                }
            }
        }
        _ => None,
    }
}

/// Writes family and address `v` (4 or 16 bytes) into `addr`.
///
/// # Safety
/// `addr` writable for `addrlen` bytes and aligned for a sockaddr_in6.
unsafe fn fill_sa(ipv6: bool, v: &[u8], addr: *mut libc::sockaddr_in, addrlen: usize) -> c_int {
    // SAFETY: `addr` has `addrlen` writable bytes (caller), checked against
    // the struct written.
    unsafe {
        if ipv6 {
            if addrlen < core::mem::size_of::<libc::sockaddr_in6>() {
                return LWS_ITOSA_NOT_USABLE;
            }
            let a6 = addr as *mut libc::sockaddr_in6;
            (*a6).sin6_family = libc::AF_INET6 as libc::sa_family_t;
            let mut bytes = [0u8; 16];
            // 0.0.0.0 is every address: :: (the oracle's answer too), not
            // ::ffff:0.0.0.0 (every IPv4 address only)
            if v.len() == 4 && v != [0u8; 4] {
                bytes[10] = 0xff;
                bytes[11] = 0xff;
                bytes[12..].copy_from_slice(v);
            } else if v.len() == 16 {
                bytes.copy_from_slice(v);
            }
            (*a6).sin6_addr.s6_addr = bytes;
        } else {
            if v.len() != 4 || addrlen < core::mem::size_of::<libc::sockaddr_in>() {
                return LWS_ITOSA_NOT_USABLE;
            }
            (*addr).sin_family = libc::AF_INET as libc::sa_family_t;
            (*addr).sin_addr.s_addr = u32::from_ne_bytes([v[0], v[1], v[2], v[3]]);
        }
    }
    LWS_ITOSA_USABLE
}

/// Resolves `ifname` (an interface name or a numeric address) to an
/// address in `addr` (a `sockaddr_in`, or a `sockaddr_in6` when `ipv6`).
/// Returns `LWS_ITOSA_USABLE`, or `LWS_ITOSA_NOT_EXIST` if no such
/// interface has an address of a usable family.
///
/// # Safety
/// `ifname` NULL or a C string; `addr` NULL or writable for `addrlen`
/// bytes and aligned for a sockaddr_in6.
pub unsafe fn interface_to_sa(ipv6: c_int, ifname: *const c_char, addr: *mut libc::sockaddr_in, addrlen: usize) -> c_int {
    // SAFETY: NULL or a C string (caller).
    let Some(name) = (unsafe { cstr_bytes(ifname) }) else { return LWS_ITOSA_NOT_EXIST };
    if addr.is_null() {
        return LWS_ITOSA_NOT_EXIST;
    }
    let ipv6 = ipv6 != 0;
    if let Some(v) = parse_numeric(name) {
        if v.len() == 16 && !ipv6 {
            // "::" (every address) for an IPv4 socket is 0.0.0.0, as
            // on the oracle; any other IPv6 address is not usable (the
            // oracle's 0.0.0.0 there would listen on every address)
            if v != [0u8; 16] {
                return LWS_ITOSA_NOT_USABLE;
            }
            // SAFETY: `addr` has `addrlen` bytes (caller).
            return unsafe { fill_sa(false, &[0u8; 4], addr, addrlen) };
        }
        // SAFETY: as above.
        return unsafe { fill_sa(ipv6, &v, addr, addrlen) };
    }
    let mut ifs: *mut libc::ifaddrs = core::ptr::null_mut();
    // SAFETY: a local out pointer; the list is freed below.
    if unsafe { libc::getifaddrs(&mut ifs) } != 0 {
        return LWS_ITOSA_NOT_EXIST;
    }
    let mut found: Option<Vec<u8>> = None;
    let mut p = ifs;
    while !p.is_null() {
        // SAFETY: `p` is an entry of getifaddrs' list, alive until freeifaddrs;
        // its address, when set, is a sockaddr of the family it says.
        unsafe {
            let ifa = &*p;
            if !ifa.ifa_addr.is_null() && cstr_bytes(ifa.ifa_name) == Some(name) {
                match (*ifa.ifa_addr).sa_family as c_int {
                    // the first address getifaddrs lists wins (IPv4
                    // comes before IPv6): "lo" for an IPv6 socket is
                    // ::ffff:127.0.0.1, as on the oracle
                    libc::AF_INET => {
                        let s = ifa.ifa_addr as *const libc::sockaddr_in;
                        found = Some((*s).sin_addr.s_addr.to_ne_bytes().to_vec());
                        break;
                    }
                    libc::AF_INET6 if ipv6 => {
                        let s = ifa.ifa_addr as *const libc::sockaddr_in6;
                        found = Some((*s).sin6_addr.s6_addr.to_vec());
                        break;
                    }
                    _ => {}
                }
            }
            p = ifa.ifa_next;
        }
    }
    // SAFETY: the list getifaddrs gave, freed once, no entry used after.
    unsafe { libc::freeifaddrs(ifs) };
    match found {
        // SAFETY: `addr` has `addrlen` bytes (caller).
        Some(v) => unsafe { fill_sa(ipv6, &v, addr, addrlen) },
        None => LWS_ITOSA_NOT_EXIST,
    }
}
