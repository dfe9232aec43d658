//! Big-endian integers and MQTT-style variable byte integers: `lws_ser_*`, `lws_vbi_*`.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ser_wu16be(b: *mut u8, u: u16) {
    ffi_guard!(leaf, (), {
        if !b.is_null() {
            // SAFETY: a non-NULL `b` has 2 writable bytes (the C contract).
            unsafe { core::ptr::copy_nonoverlapping(u.to_be_bytes().as_ptr(), b, 2) };
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ser_wu32be(b: *mut u8, u32_: u32) {
    ffi_guard!(leaf, (), {
        if !b.is_null() {
            // SAFETY: a non-NULL `b` has 4 writable bytes (the C contract).
            unsafe { core::ptr::copy_nonoverlapping(u32_.to_be_bytes().as_ptr(), b, 4) };
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ser_wu64be(b: *mut u8, u64_: u64) {
    ffi_guard!(leaf, (), {
        if !b.is_null() {
            // SAFETY: a non-NULL `b` has 8 writable bytes (the C contract).
            unsafe { core::ptr::copy_nonoverlapping(u64_.to_be_bytes().as_ptr(), b, 8) };
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ser_ru16be(b: *const u8) -> u16 {
    ffi_guard!(leaf, 0, {
        if b.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL `b` has 2 readable bytes (the C contract); any
        // alignment.
        u16::from_be_bytes(unsafe { core::ptr::read_unaligned(b as *const [u8; 2]) })
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ser_ru32be(b: *const u8) -> u32 {
    ffi_guard!(leaf, 0, {
        if b.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL `b` has 4 readable bytes (the C contract).
        u32::from_be_bytes(unsafe { core::ptr::read_unaligned(b as *const [u8; 4]) })
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ser_ru64be(b: *const u8) -> u64 {
    ffi_guard!(leaf, 0, {
        if b.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL `b` has 8 readable bytes (the C contract).
        u64::from_be_bytes(unsafe { core::ptr::read_unaligned(b as *const [u8; 8]) })
    })
}

/// MQTT-style variable byte integer: 7 bits per byte, low group first,
/// top bit set on all but the last byte.  Values above 0xfffffff (4 bytes)
/// are refused with -1.
pub fn vbi_encode(mut value: u64, out: &mut [u8; 4]) -> Option<usize> {
    if value > 0xfff_ffff {
        return None;
    }
    let mut n = 0;
    loop {
        out[n] = (value & 0x7f) as u8;
        value >>= 7;
        if value != 0 {
            out[n] |= 0x80;
        }
        n += 1;
        if value == 0 {
            return Some(n);
        }
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vbi_encode(value: u64, buf: *mut c_void) -> c_int {
    ffi_guard!(-1, {
        let mut tmp = [0u8; 4];
        let Some(n) = vbi_encode(value, &mut tmp) else { return -1 };
        if buf.is_null() {
            return -1;
        }
        // SAFETY: `buf` has room for an encoded value, up to 4 bytes (the C
        // contract).
        unsafe { core::ptr::copy_nonoverlapping(tmp.as_ptr(), buf as *mut u8, n) };
        n as c_int
    })
}

/// Decoder of libwebsockets 4.1.6, kept bug-compatible: it accumulates
/// 7-bit groups and stops at the first byte with the top bit *set*,
/// storing the value and returning that byte's index; if no such byte
/// is found in `len` bytes (or after 64 bits) it returns 0 and leaves
/// `*value` alone.
pub fn vbi_decode(buf: &[u8]) -> (c_int, Option<u64>) {
    let mut v: u64 = 0;
    let mut s = 0u32;
    for (i, &b) in buf.iter().enumerate() {
        v |= ((b & 0x7f) as u64) << s;
        if b & 0x80 != 0 {
            return (i as c_int, Some(v));
        }
        s += 7;
        if s >= 64 {
            return (0, None);
        }
    }
    (0, None)
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vbi_decode(buf: *const c_void, value: *mut u64, len: usize) -> c_int {
    ffi_guard!(0, {
        if buf.is_null() || value.is_null() {
            return 0;
        }
        // SAFETY: `buf` has `len` bytes (the C contract).
        let (r, v) = vbi_decode(unsafe { core::slice::from_raw_parts(buf as *const u8, len) });
        if let Some(v) = v {
            // SAFETY: a non-NULL out pointer (the C contract).
            unsafe { *value = v };
        }
        r
    })
}
