//! C API of `libwebsockets/lws-sha1-base64.h`: SHA-1 (for the WebSocket
//! handshake) and base64 encoding / decoding, including the stateful
//! decoder.  Return values and buffer-size rules follow libwebsockets 4.1.6.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_uchar};
pub use crate::abi::sha1_base64::*;


/// SHA-1 of `data`.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, c) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, v) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

/// Writes the 20-byte SHA-1 of the `n` bytes at `d` to `md`; returns `md`
/// (NULL on NULL arguments).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_SHA1(d: *const c_uchar, n: usize, md: *mut c_uchar) -> *mut c_uchar {
    ffi_guard!(core::ptr::null_mut(), {
        if md.is_null() || (d.is_null() && n != 0) {
            return core::ptr::null_mut();
        }
        // SAFETY: `d` has `n` bytes (the C contract, api/mod.rs).
        let data = if n == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(d, n) } };
        let h = sha1(data);
        // SAFETY: `md` has the 20 bytes of a SHA-1 (the C contract).
        unsafe { core::ptr::copy_nonoverlapping(h.as_ptr(), md, 20) };
        md
    })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALPHABET_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `input` (always '='-padded).  `None` when `out_size` is too
/// small: each 4-char group needs more than 4 bytes left, and the NUL
/// needs the total plus 2.
pub fn b64_encode(input: &[u8], out_size: usize, url: bool) -> (Vec<u8>, bool) {
    let abc = if url { ALPHABET_URL } else { ALPHABET };
    let mut out = Vec::with_capacity(input.len().div_ceil(3) * 4);
    for g in input.chunks(3) {
        if out_size.saturating_sub(out.len()) <= 4 {
            return (out, false);
        }
        let b = [g[0], *g.get(1).unwrap_or(&0), *g.get(2).unwrap_or(&0)];
        out.push(abc[(b[0] >> 2) as usize]);
        out.push(abc[(((b[0] & 3) << 4) | (b[1] >> 4)) as usize]);
        out.push(if g.len() > 1 { abc[(((b[1] & 0xf) << 2) | (b[2] >> 6)) as usize] } else { b'=' });
        out.push(if g.len() > 2 { abc[(b[2] & 0x3f) as usize] } else { b'=' });
    }
    let ok = out.len() + 1 < out_size;
    (out, ok)
}

/// The C entry of both encoders.
///
/// # Safety
/// `input` NULL or `in_len` readable bytes; `out` NULL or `out_size`
/// writable bytes.
unsafe fn encode_c(input: *const c_char, in_len: c_int, out: *mut c_char, out_size: c_int, url: bool) -> c_int {
    if out.is_null() || out_size <= 0 || in_len < 0 || (input.is_null() && in_len > 0) {
        return -1;
    }
    // SAFETY: `input` has `in_len` bytes (caller).
    let data = if in_len == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(input as *const u8, in_len as usize) } };
    let (enc, ok) = b64_encode(data, out_size as usize, url);
    // SAFETY: b64_encode stops while more than 4 bytes are left, so
    // `enc.len() < out_size`, the room of `out` (caller).
    unsafe { core::ptr::copy_nonoverlapping(enc.as_ptr(), out as *mut u8, enc.len()) };
    if !ok {
        return -1;
    }
    // SAFETY: `ok` means `enc.len() + 1 < out_size`.
    unsafe { *out.add(enc.len()) = 0 };
    enc.len() as c_int
}

/// Base64-encodes `in_len` bytes; returns the length, or -1 if `out` is
/// too small.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_b64_encode_string(r#in: *const c_char, in_len: c_int, out: *mut c_char, out_size: c_int) -> c_int {
    // SAFETY: the buffers have the sizes given (the C contract).
    ffi_guard!(-1, { unsafe { encode_c(r#in, in_len, out, out_size, false) } })
}

/// Same with the URL alphabet ('-' and '_').
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_b64_encode_string_url(
    r#in: *const c_char,
    in_len: c_int,
    out: *mut c_char,
    out_size: c_int,
) -> c_int {
    // SAFETY: as in lws_b64_encode_string.
    ffi_guard!(-1, { unsafe { encode_c(r#in, in_len, out, out_size, true) } })
}

/// Value + 1 of a base64 character (either alphabet), 0 if not one.
fn b64_val(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A' + 1,
        b'a'..=b'z' => c - b'a' + 27,
        b'0'..=b'9' => c - b'0' + 53,
        b'+' | b'-' => 63,
        b'/' | b'_' => 64,
        _ => 0,
    }
}

/// Stateful decoding step (libwebsockets 4.1.6 semantics).  Consumes
/// characters from `input` (stopping at a NUL) while at least 5 bytes of
/// `out` remain; characters outside the alphabet (including '=') are
/// skipped, but a skipped character ending the input counts as padding.
/// Returns (consumed, produced); when `out` has room a NUL follows the
/// output.
pub fn b64_decode_step(s: &mut lws_b64state, input: &[u8], out: &mut [u8], fin: bool) -> (usize, usize) {
    let mut ip = 0;
    let mut op = 0;
    let more = |ip: usize| ip < input.len() && input[ip] != 0;
    while more(ip) && op + 4 < out.len() {
        while s.i < 4 && more(ip) {
            let mut v = 0u8;
            s.c = 0;
            while more(ip) && v == 0 {
                let ch = input[ip];
                ip += 1;
                s.c = match ch {
                    b'-' => b'+',
                    b'_' => b'/',
                    x => x,
                } as c_int;
                v = b64_val(ch);
            }
            if s.c != 0 {
                s.len = s.len.wrapping_add(1);
                if v != 0 {
                    s.quad[s.i as usize] = v - 1;
                }
            } else {
                s.quad[s.i as usize] = 0;
            }
            s.i += 1;
        }
        if s.i != 4 && !fin {
            continue;
        }
        s.i = 0;
        if !more(ip) && s.c == b'=' as c_int {
            s.len = s.len.wrapping_sub(1);
        }
        let q = s.quad;
        if s.len >= 2 {
            out[op] = (q[0] << 2) | (q[1] >> 4);
            op += 1;
        }
        if s.len >= 3 {
            out[op] = (q[1] << 4) | (q[2] >> 2);
            op += 1;
        }
        if s.len >= 4 {
            out[op] = ((q[2] << 6) & 0xc0) | q[3];
            op += 1;
        }
        s.done = s.done.wrapping_add(s.len).wrapping_sub(1);
        s.len = 0;
    }
    if op < out.len() {
        out[op] = 0;
    }
    (ip, op)
}

/// Resets a decoder state.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_b64_decode_state_init(state: *mut lws_b64state) {
    ffi_guard!(leaf, (), {
        if !state.is_null() {
            // SAFETY: a non-NULL state is the caller's (the C contract).
            unsafe { *state = lws_b64state::default() };
        }
    })
}

/// Decodes from `in` (`*in_len` chars) into `out` (`*out_size` bytes),
/// keeping partial groups in `s` unless `final` is set.  Updates
/// `*in_len` / `*out_size` to the amounts consumed / produced.  Returns 0
/// (-1 on NULL arguments).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_b64_decode_stateful(
    s: *mut lws_b64state,
    r#in: *const c_char,
    in_len: *mut usize,
    out: *mut u8,
    out_size: *mut usize,
    r#final: c_int,
) -> c_int {
    ffi_guard!(-1, {
        if s.is_null() || in_len.is_null() || out_size.is_null() {
            return -1;
        }
        // SAFETY: non-NULL, the caller's counts (the C contract).
        let (il, ol) = unsafe { (*in_len, *out_size) };
        if (r#in.is_null() && il != 0) || (out.is_null() && ol != 0) {
            return -1;
        }
        // SAFETY: `in` has `*in_len` bytes (the C contract).
        let input = if il == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(r#in as *const u8, il) } };
        // SAFETY: `out` has `*out_size` bytes (the C contract).
        let o = if ol == 0 { &mut [][..] } else { unsafe { core::slice::from_raw_parts_mut(out, ol) } };
        // SAFETY: a non-NULL state, the caller's.
        let (ci, co) = b64_decode_step(unsafe { &mut *s }, input, o, r#final != 0);
        // SAFETY: the caller's counts (above).
        unsafe {
            *in_len = ci;
            *out_size = co;
        }
        0
    })
}

/// The C entry of both string decoders.
///
/// # Safety
/// `in` NULL or a C string (or `in_len` readable bytes); `out` NULL or
/// `out_size` writable bytes.
unsafe fn decode_c(r#in: *const c_char, in_len: Option<usize>, out: *mut c_char, out_size: c_int) -> c_int {
    if r#in.is_null() || out.is_null() || out_size <= 0 {
        return -1;
    }
    // SAFETY: a non-NULL C string (caller).
    let il = in_len.unwrap_or_else(|| unsafe { libc::strlen(r#in) });
    // SAFETY: `il` bytes of it: its length, or the caller's count.
    let input = unsafe { core::slice::from_raw_parts(r#in as *const u8, il) };
    // SAFETY: `out` has `out_size` bytes (caller).
    let o = unsafe { core::slice::from_raw_parts_mut(out as *mut u8, out_size as usize) };
    let mut st = lws_b64state::default();
    let (_, produced) = b64_decode_step(&mut st, input, o, true);
    produced as c_int
}

/// Decodes a NUL-terminated base64 string; returns the decoded length
/// (output that does not fit is dropped, as upstream does).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_b64_decode_string(r#in: *const c_char, out: *mut c_char, out_size: c_int) -> c_int {
    // SAFETY: the buffers have the sizes given (the C contract).
    ffi_guard!(-1, { unsafe { decode_c(r#in, None, out, out_size) } })
}

/// Same for `in_len` chars (-1: up to the NUL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_b64_decode_string_len(
    r#in: *const c_char,
    in_len: c_int,
    out: *mut c_char,
    out_size: c_int,
) -> c_int {
    ffi_guard!(-1, {
        let l = if in_len == -1 { None } else { Some(in_len.max(0) as usize) };
        // SAFETY: as in lws_b64_decode_string.
        unsafe { decode_c(r#in, l, out, out_size) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha1_vectors() {
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex(&sha1(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
    }

    fn dec(s: &str, size: usize) -> Vec<u8> {
        let mut st = lws_b64state::default();
        let mut o = vec![0u8; size];
        let (_, n) = b64_decode_step(&mut st, s.as_bytes(), &mut o, true);
        o.truncate(n);
        o
    }

    // Expected values observed on Debian's libwebsockets 4.1.6.
    #[test]
    fn b64_matches_oracle() {
        assert_eq!(b64_encode(b"foobar", 10, false), (b"Zm9vYmFy".to_vec(), true));
        assert!(!b64_encode(b"foobar", 9, false).1);
        assert_eq!(b64_encode(b"foobar", 5, false).0, b"Zm9v");
        assert_eq!(b64_encode(b"\xff\xfe\xfd\xfc", 64, true).0, b"__79_A==");
        assert_eq!(dec("Zg==", 64), b"f");
        assert_eq!(dec("Zm9vYmE=", 64), b"fooba");
        assert_eq!(dec("Zm 9v!", 64), b"foo");
        assert_eq!(dec("Zg==Zg==", 64), b"f\x06`");
        assert_eq!(dec("a===", 64), b"");
        assert_eq!(dec("Zm9vYmFyYmF6", 4), b"");
        assert_eq!(dec("Zm9vYmFyYmF6", 7), b"foo");
        assert_eq!(dec("Zm9vYmFyYmF6", 11), b"foobarbaz");
        let mut st = lws_b64state::default();
        let mut o = [0u8; 20];
        assert_eq!(b64_decode_step(&mut st, b"Zm9vYmFyYm", &mut o, false), (10, 6));
        assert_eq!((st.i, st.c, st.done, st.len), (2, b'm' as c_int, 6, 2));
        assert_eq!(b64_decode_step(&mut st, b"Fy", &mut o, true), (2, 3));
        assert_eq!(&o[..3], b"bar");
        assert_eq!(st.done, 9);
    }
}
