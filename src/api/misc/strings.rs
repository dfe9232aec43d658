//! String, hex and memory helpers: `lws_strncpy`, `lws_nstrstr`, the simple JSON finders, `lws_hex_to_byte_array`, `lws_timingsafe_bcmp`, `lws_explicit_bzero`, `lws_get_library_version`.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Copies at most `size - 1` bytes of `src` to `dest` (padding with NULs
/// like strncpy) and always NUL-terminates.  Returns `dest`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_strncpy(dest: *mut c_char, src: *const c_char, size: usize) -> *mut c_char {
    ffi_guard!(dest, {
        if dest.is_null() || size == 0 {
            return dest;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let s = unsafe { cstr_bytes(src) }.unwrap_or(b"");
        let n = s.len().min(size - 1);
        // SAFETY: `dest` has `size` bytes (the C contract); `n < size` bytes are
        // copied and the rest zeroed, all within it; `s` is not `dest`'s memory
        // (lws_strncpy's contract, as strncpy's).
        unsafe {
            core::ptr::copy_nonoverlapping(s.as_ptr(), dest as *mut u8, n);
            core::ptr::write_bytes(dest.add(n), 0, size - n);
        }
        dest
    })
}

/// Position of `name` in `buf`, or `None`.  Empty needles never match.
pub fn nstrstr(buf: &[u8], name: &[u8]) -> Option<usize> {
    if name.is_empty() || name.len() > buf.len() {
        return None;
    }
    buf.windows(name.len()).position(|w| w == name)
}

/// Finds the `nl` bytes at `name` inside the `len` bytes at `buf`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_nstrstr(buf: *const c_char, len: usize, name: *const c_char, nl: usize) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if buf.is_null() || name.is_null() {
            return core::ptr::null();
        }
        // SAFETY: `buf` has `len` and `name` `nl` bytes (the C contract).
        let (b, n) = unsafe {
            (core::slice::from_raw_parts(buf as *const u8, len), core::slice::from_raw_parts(name as *const u8, nl))
        };
        match nstrstr(b, n) {
            // SAFETY: `i < len`, inside `buf`.
            Some(i) => unsafe { buf.add(i) },
            None => core::ptr::null(),
        }
    })
}

/// The value following `name` in a flat JSON text: `(offset, length)`.
/// Spaces and tabs after `name` are skipped; a quoted value ends at the
/// closing quote (backslash escapes the next char), other values at `,`,
/// `}` or `]`, or at the end of the buffer.
pub fn json_simple_find(buf: &[u8], name: &[u8]) -> Option<(usize, usize)> {
    let mut p = nstrstr(buf, name)? + name.len();
    while p < buf.len() && (buf[p] == b' ' || buf[p] == b'\t') {
        p += 1;
    }
    if p >= buf.len() {
        return None;
    }
    if buf[p] == b'"' {
        p += 1;
        let start = p;
        let mut esc = false;
        while p < buf.len() {
            if esc {
                esc = false;
            } else if buf[p] == b'\\' {
                esc = true;
            } else if buf[p] == b'"' {
                break;
            }
            p += 1;
        }
        return Some((start, p - start));
    }
    let start = p;
    while p < buf.len() && !matches!(buf[p], b',' | b'}' | b']') {
        p += 1;
    }
    Some((start, p - start))
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_json_simple_find(buf: *const c_char, len: usize, name: *const c_char, alen: *mut usize) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(n) = (unsafe { cstr_bytes(name) }) else { return core::ptr::null() };
        if buf.is_null() {
            return core::ptr::null();
        }
        // SAFETY: `buf` has `len` bytes (the C contract).
        let b = unsafe { core::slice::from_raw_parts(buf as *const u8, len) };
        match json_simple_find(b, n) {
            Some((o, l)) => {
                if !alen.is_null() {
                    // SAFETY: a non-NULL out pointer (the C contract).
                    unsafe { *alen = l };
                }
                // SAFETY: `o <= len`, inside (or one past) `buf`.
                unsafe { buf.add(o) }
            }
            None => core::ptr::null(),
        }
    })
}

/// 0 if the value of `name` equals `comp`; -1 if absent or of a different
/// length; otherwise the difference of the first differing bytes.
pub fn json_simple_strcmp(buf: &[u8], name: &[u8], comp: &[u8]) -> c_int {
    let Some((o, l)) = json_simple_find(buf, name) else { return -1 };
    if l != comp.len() {
        return -1;
    }
    for (a, b) in buf[o..o + l].iter().zip(comp) {
        if a != b {
            return *a as c_int - *b as c_int;
        }
    }
    0
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_json_simple_strcmp(buf: *const c_char, len: usize, name: *const c_char, comp: *const c_char) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let (Some(n), Some(c)) = (unsafe { cstr_bytes(name) }, unsafe { cstr_bytes(comp) }) else { return -1 };
        if buf.is_null() {
            return -1;
        }
        // SAFETY: `buf` has `len` bytes (the C contract).
        json_simple_strcmp(unsafe { core::slice::from_raw_parts(buf as *const u8, len) }, n, c)
    })
}

fn hexval(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|v| v as u8)
}

/// Decodes hex pairs from `h` into `dest` (at most `max` bytes).  Returns
/// the byte count, or -1 on a bad digit, an odd length or leftover input
/// (bytes decoded before the error stay written).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hex_to_byte_array(h: *const c_char, dest: *mut u8, max: c_int) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(s) = (unsafe { cstr_bytes(h) }) else { return -1 };
        if dest.is_null() && max > 0 {
            return -1;
        }
        let mut i = 0;
        let mut n = 0;
        while i < s.len() && n < max {
            let (Some(hi), Some(lo)) = (hexval(s[i]), s.get(i + 1).copied().and_then(hexval)) else {
                return -1;
            };
            // SAFETY: `n < max`, the size of `dest` (the C contract).
            unsafe { *dest.add(n as usize) = (hi << 4) | lo };
            n += 1;
            i += 2;
        }
        // As the oracle: filling `max` bytes exactly is a failure too (it
        // wants room to spare), even when the input ends there.
        if i < s.len() || n == max {
            return -1;
        }
        n
    })
}

/// Constant-time comparison: 0 if equal, else the OR of the XORed bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_timingsafe_bcmp(a: *const c_void, b: *const c_void, len: u32) -> c_int {
    ffi_guard!(1, {
        if len == 0 {
            return 0;
        }
        if a.is_null() || b.is_null() {
            return 1;
        }
        // SAFETY: both have `len` bytes (the C contract).
        let (x, y) = unsafe {
            (core::slice::from_raw_parts(a as *const u8, len as usize), core::slice::from_raw_parts(b as *const u8, len as usize))
        };
        x.iter().zip(y).fold(0u8, |acc, (p, q)| acc | (p ^ q)) as c_int
    })
}

/// Zeroes memory in a way the compiler may not elide.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_explicit_bzero(p: *mut c_void, len: usize) {
    ffi_guard!(leaf, (), {
        if p.is_null() {
            return;
        }
        let b = p as *mut u8;
        for i in 0..len {
            // SAFETY: `i < len`, the size of `p` (the C contract).
            unsafe { core::ptr::write_volatile(b.add(i), 0) };
        }
        core::sync::atomic::compiler_fence(Ordering::SeqCst);
    })
}

const VERSION: &CStr = c"4.1.6-";

/// The library version string, as Debian's build reports it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_library_version() -> *const c_char {
    ffi_guard!(leaf, VERSION.as_ptr(), { VERSION.as_ptr() })
}
