//! C API of `libwebsockets/lws-purify.h`: escaping for SQL, JSON and file
//! names, and small whole-file helpers.  Escaping rules and buffer limits
//! follow libwebsockets 4.1.6.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};

use crate::core::lws_vhost;
use crate::ffi::cstr_bytes;

/// SQL escaping: `'` is doubled.  Mirrors upstream's budget: each input
/// char costs one unit of `len` (a quote two) and copying continues while
/// more than 2 units remain before the char.
pub fn sql_purify(s: &[u8], len: c_int) -> Vec<u8> {
    let mut out = Vec::new();
    let mut len = len;
    for &c in s {
        let ok = len > 2;
        len -= 1;
        if !ok {
            break;
        }
        if c == b'\'' {
            out.extend_from_slice(b"''");
            len -= 1;
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes an SQL-escaped copy of `string` into `escaped` (`len` bytes,
/// NUL-terminated).  Returns `escaped`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sql_purify(escaped: *mut c_char, string: *const c_char, len: c_int) -> *const c_char {
    ffi_guard!(escaped, {
        if escaped.is_null() || len <= 0 {
            return escaped;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let s = unsafe { cstr_bytes(string) }.unwrap_or(b"");
        let out = sql_purify(s, len);
        // SAFETY: `escaped` has `len` writable bytes (the C contract), apart
        // from our `out`.
        unsafe { crate::ffi::copy_to_c_buf(escaped, len as usize, &out) };
        escaped
    })
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// JSON string escaping.  `\t` `\n` `\r` and `\\` get two-char escapes;
/// `"`, other control chars and bytes >= 0x80 become `\u00XX`.  Copying
/// continues while more than 6 units of `len` remain before a char; a
/// `\u00XX` escape costs 6 units, anything else 1.  Returns the output
/// and the number of input bytes consumed.
pub fn json_purify(s: &[u8], len: c_int) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut len = len;
    let mut used = 0;
    for &c in s {
        let ok = len > 6;
        len -= 1;
        if !ok {
            break;
        }
        match c {
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            c if c == b'"' || !(0x20..0x80).contains(&c) => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(c >> 4) as usize]);
                out.push(HEX[(c & 15) as usize]);
                len -= 5;
            }
            c => out.push(c),
        }
        used += 1;
    }
    (out, used)
}

/// Writes a JSON-escaped copy of `string` into `escaped` (`len` bytes,
/// NUL-terminated); `*in_used` (if not NULL) gets the input bytes used.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_json_purify(
    escaped: *mut c_char,
    string: *const c_char,
    len: c_int,
    in_used: *mut c_int,
) -> *const c_char {
    ffi_guard!(escaped, {
        // SAFETY: NULL or a C string (the C contract).
        let s = unsafe { cstr_bytes(string) }.unwrap_or(b"");
        let (out, used) = if escaped.is_null() || len <= 0 { (Vec::new(), 0) } else { json_purify(s, len) };
        if !escaped.is_null() && len > 0 {
            // SAFETY: `escaped` has `len` writable bytes (the C contract).
            unsafe { crate::ffi::copy_to_c_buf(escaped, len as usize, &out) };
        }
        if !in_used.is_null() {
            // SAFETY: a non-NULL out pointer (the C contract).
            unsafe { *in_used = used as c_int };
        }
        escaped
    })
}

/// Length `lws_json_purify` needs for `s` (without the NUL; as upstream,
/// a backslash is counted as 6).
pub fn json_purify_len(s: &[u8]) -> usize {
    s.iter()
        .map(|&c| match c {
            b'\t' | b'\n' | b'\r' => 2,
            c if c == b'"' || c == b'\\' || !(0x20..0x80).contains(&c) => 6,
            _ => 1,
        })
        .sum()
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_json_purify_len(string: *const c_char) -> c_int {
    // SAFETY: NULL or a C string (the C contract).
    ffi_guard!(0, { unsafe { cstr_bytes(string) }.map_or(0, |s| json_purify_len(s) as c_int) })
}

/// Neutralises a file name in place: each ".." becomes "__" and
/// `$ % : \` become `_`.
pub fn filename_purify(f: &mut [u8]) {
    let mut i = 0;
    while i < f.len() {
        if f[i] == b'.' && f.get(i + 1) == Some(&b'.') {
            f[i] = b'_';
            f[i + 1] = b'_';
        }
        if matches!(f[i], b':' | b'\\' | b'$' | b'%') {
            f[i] = b'_';
        }
        i += 1;
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_filename_purify_inplace(filename: *mut c_char) {
    ffi_guard!((), {
        if filename.is_null() {
            return;
        }
        // SAFETY: a non-NULL C string (the C contract).
        let n = unsafe { libc::strlen(filename) };
        // SAFETY: its `n` bytes, writable (the caller's buffer), no NUL among them.
        filename_purify(unsafe { core::slice::from_raw_parts_mut(filename as *mut u8, n) });
    })
}

/// Writes `len` bytes to `fd`.  Returns 0 on success, 1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_plat_write_cert(
    vhost: *mut lws_vhost,
    is_key: c_int,
    fd: c_int,
    buf: *mut c_void,
    len: c_int,
) -> c_int {
    ffi_guard!(1, {
        let _ = (vhost, is_key);
        if buf.is_null() || len < 0 {
            return 1;
        }
        // SAFETY: `buf` has `len` readable bytes (the C contract).
        let n = unsafe { libc::write(fd, buf, len as usize) };
        if n < 0 || n as c_int != len {
            return 1;
        }
        0
    })
}

/// Creates (mode 0600) or truncates `filename` and writes `len` bytes.
/// Returns 0 on success, 1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_plat_write_file(filename: *const c_char, buf: *mut c_void, len: c_int) -> c_int {
    ffi_guard!(1, {
        if filename.is_null() || (buf.is_null() && len > 0) || len < 0 {
            return 1;
        }
        // SAFETY: a non-NULL C string (the C contract).
        let fd = unsafe { libc::open(filename, libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC, 0o600) };
        if fd < 0 {
            return 1;
        }
        // SAFETY: `buf` has `len` readable bytes (the C contract).
        let n = unsafe { libc::write(fd, buf, len as usize) };
        // SAFETY: the fd this call opened, closed once.
        unsafe { libc::close(fd) };
        if n < 0 || n as c_int != len {
            return 1;
        }
        0
    })
}

/// Reads up to `len` bytes of `filename` into `buf`.  Returns the count
/// read, or -1 if the file cannot be opened or read.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_plat_read_file(filename: *const c_char, buf: *mut c_void, len: c_int) -> c_int {
    ffi_guard!(-1, {
        if filename.is_null() || (buf.is_null() && len > 0) || len < 0 {
            return -1;
        }
        // SAFETY: a non-NULL C string (the C contract).
        let fd = unsafe { libc::open(filename, libc::O_RDONLY | libc::O_CLOEXEC) };
        if fd < 0 {
            return -1;
        }
        // SAFETY: `buf` has `len` writable bytes (the C contract).
        let n = unsafe { libc::read(fd, buf, len as usize) };
        // SAFETY: the fd this call opened, closed once.
        unsafe { libc::close(fd) };
        if n < 0 { -1 } else { n as c_int }
    })
}

/// RSA key size recommended for generated keys on this platform.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_plat_recommended_rsa_bits() -> c_int {
    ffi_guard!(leaf, 4096, { 4096 })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values observed on Debian's libwebsockets 4.1.6.
    #[test]
    fn sql_matches_oracle() {
        assert_eq!(sql_purify(b"it's", 12), b"it''s");
        assert_eq!(sql_purify(b"''''''", 12), b"''''''''''");
        assert_eq!(sql_purify(b"ab'c", 4), b"ab");
        assert_eq!(sql_purify(b"ab'c", 5), b"ab''");
        assert_eq!(sql_purify(b"abcdef", 3), b"a");
    }

    #[test]
    fn json_matches_oracle() {
        assert_eq!(json_purify(b"a\"b\\c", 14), (b"a\\u0022b".to_vec(), 3));
        assert_eq!(json_purify(b"<tag>&amp;", 14), (b"<tag>&am".to_vec(), 8));
        assert_eq!(json_purify(b"tab\there\nnl\r", 14), (b"tab\\there".to_vec(), 8));
        assert_eq!(json_purify(b"\x01\x7f\xc3\xa9", 14), (b"\\u0001\x7f\\u00C3".to_vec(), 3));
        assert_eq!(json_purify(b"\"\"\"", 6), (b"".to_vec(), 0));
        assert_eq!(json_purify(b"\"\"\"", 9), (b"\\u0022".to_vec(), 1));
        assert_eq!(json_purify(b"\t\t\t\t\t\t", 9).1, 3);
        assert_eq!(json_purify_len(b"a\"b\\c"), 15);
        assert_eq!(json_purify_len(b"\x01\x7f\xc3\xa9"), 19);
    }

    #[test]
    fn filename_matches_oracle() {
        let mut f = b"a.b..c....d/%_x$:\\...".to_vec();
        filename_purify(&mut f);
        assert_eq!(f, b"a.b__c____d/__x_____.");
    }
}
