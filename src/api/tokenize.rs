//! C API of `libwebsockets/lws-tokenize.h`: a tokenizer for header values
//! and similar short texts (tokens, integers, floats, quoted strings,
//! `name=` / `name:` and delimiters), and `lws_strexp`, a streaming
//! `${name}` expander.
//!
//! Behaviour follows Debian's library, quirks included: the UTF-8 decoding
//! state does not survive between calls, and the last byte of a multibyte
//! character ends the token (it is re-read, and rejected, by the next call).
//!
//! `lws_tokenize_elem` and the `LSTRX_*` values are C enums with duplicate
//! or anonymous members, so they are written in the hand-written header;
//! the values here are the same.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::tokenize::*;

const LWS_TOKZE_ERR_BROKEN_UTF8: c_int = -5;
const LWS_TOKZE_ERR_UNTERM_STRING: c_int = -4;
const LWS_TOKZE_ERR_MALFORMED_FLOAT: c_int = -3;
const LWS_TOKZE_ERR_NUM_ON_LHS: c_int = -2;
const LWS_TOKZE_ERR_COMMA_LIST: c_int = -1;
const LWS_TOKZE_ENDED: c_int = 0;
const LWS_TOKZE_DELIMITER: c_int = 1;
const LWS_TOKZE_TOKEN: c_int = 2;
const LWS_TOKZE_INTEGER: c_int = 3;
const LWS_TOKZE_FLOAT: c_int = 4;
const LWS_TOKZE_TOKEN_NAME_EQUALS: c_int = 5;
const LWS_TOKZE_TOKEN_NAME_COLON: c_int = 6;
const LWS_TOKZE_QUOTED_STRING: c_int = 7;

const F_MINUS_NONTERM: u16 = 1 << 0;
const F_AGG_COLON: u16 = 1 << 1;
const F_COMMA_SEP_LIST: u16 = 1 << 2;
const F_RFC7230_DELIMS: u16 = 1 << 3;
const F_DOT_NONTERM: u16 = 1 << 4;
const F_NO_FLOATS: u16 = 1 << 5;
const F_NO_INTEGERS: u16 = 1 << 6;
const F_HASH_COMMENT: u16 = 1 << 7;
const F_SLASH_NONTERM: u16 = 1 << 8;

const LSTRX_DONE: c_int = 0;
const LSTRX_FILLED_OUT: c_int = 1;
const LSTRX_FATAL_NAME_TOO_LONG: c_int = -1;
const LSTRX_FATAL_NAME_UNKNOWN: c_int = -2;




#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    LeadingWhitespace,
    QuotedString,
    Token,
    TokenPostTerminal,
}

/// One step of UTF-8 validation: `state` is 0 between characters, else
/// (continuation bytes still expected, allowed range of the next byte).
/// Returns the new state, or None if `c` is not allowed here.
fn utf8_step(state: (u8, u8, u8), c: u8) -> Option<(u8, u8, u8)> {
    let (left, lo, hi) = state;
    if left == 0 {
        return match c {
            0x00..=0x7f => Some((0, 0, 0)),
            0xc2..=0xdf => Some((1, 0x80, 0xbf)),
            0xe0 => Some((2, 0xa0, 0xbf)),
            0xed => Some((2, 0x80, 0x9f)),
            0xe1..=0xef => Some((2, 0x80, 0xbf)),
            0xf0 => Some((3, 0x90, 0xbf)),
            0xf4 => Some((3, 0x80, 0x8f)),
            0xf1..=0xf3 => Some((3, 0x80, 0xbf)),
            _ => None,
        };
    }
    if c < lo || c > hi {
        return None;
    }
    Some((left - 1, 0x80, 0xbf))
}

/// Starts tokenizing the NUL-terminated string `start` with `flags`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tokenize_init(ts: *mut lws_tokenize, start: *const c_char, flags: c_int) {
    ffi_guard!((), {
        // SAFETY: a non-NULL state is the caller's (the C contract, api/mod.rs).
        let Some(t) = (unsafe { ts.as_mut() }) else { return };
        t.start = start;
        t.len = 0x7fff_ffff;
        t.flags = flags as u16;
        t.delim = lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_FIRST_CONTENT as u8;
    })
}

/// Finds the next element; returns its kind (`LWS_TOKZE_*`), `LWS_TOKZE_ENDED`
/// at the end of the input, or a negative error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tokenize(ts: *mut lws_tokenize) -> E_lws_tokenize_elem {
    ffi_guard!(LWS_TOKZE_ERR_BROKEN_UTF8, {
        // SAFETY: as above.
        let Some(t) = (unsafe { ts.as_mut() }) else { return LWS_TOKZE_ENDED };
        if t.start.is_null() {
            return LWS_TOKZE_ENDED;
        }
        // SAFETY: `start` is the caller's input: `len` bytes, or a C string
        // (lws_tokenize_init sets `len` to 0x7fffffff).
        unsafe { tokenize(t) }
    })
}

/// The body of lws_tokenize.
///
/// # Safety
/// `t.start` has `t.len` readable bytes (or is a C string).
unsafe fn tokenize(t: &mut lws_tokenize) -> c_int {
    const RFC7230_DELIMS: &[u8] = b"(),/:;<=>?@[\\]{}";
    let f = t.flags;
    let mut state = St::LeadingWhitespace;
    // bytes that always delimit / that count as token content
    let d_minus = if f & F_MINUS_NONTERM != 0 { 0 } else { b'-' };
    let s_minus = if f & F_MINUS_NONTERM != 0 { b'-' } else { 0 };
    let d_dot = if f & F_DOT_NONTERM != 0 { 0 } else { b'.' };
    let s_dot = if f & F_DOT_NONTERM != 0 { b'.' } else { 0 };
    let s_slash = if f & F_SLASH_NONTERM != 0 { b'/' } else { 0 };
    let mut utf8 = (0u8, 0u8, 0u8);
    let mut skipping = false;
    let mut flo = false;
    let mut num: i8 = -1;

    t.token = core::ptr::null();
    t.token_len = 0;

    let pending = |num: i8, flo: bool| -> c_int {
        if num != 1 {
            LWS_TOKZE_TOKEN
        } else if flo {
            LWS_TOKZE_FLOAT
        } else {
            LWS_TOKZE_INTEGER
        }
    };

    while t.len > 0 {
        // SAFETY: `t.len` bytes are left at `t.start` (the caller's input).  NOT
        // SOUND with lws_tokenize_init's unbounded `len`: a token that ends at
        // the NUL is returned with `start` past the NUL, so the next call reads
        // the byte after the string (valgrind: one byte past a malloc'd "abc";
        // Debian's library reads it too).
        let c = unsafe { *t.start } as u8;
        // SAFETY: one past the byte just read, within (or one past) the input.
        t.start = unsafe { t.start.add(1) };
        t.len -= 1;

        match utf8_step(utf8, c) {
            Some(s) => utf8 = s,
            None => return LWS_TOKZE_ERR_BROKEN_UTF8,
        }
        if c == 0 {
            break;
        }
        if skipping {
            if c != b'\r' && c != b'\n' {
                continue;
            }
            skipping = false;
        }
        if f & F_HASH_COMMENT != 0 && state != St::QuotedString && c == b'#' {
            skipping = true;
            continue;
        }

        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
            match state {
                St::LeadingWhitespace | St::TokenPostTerminal => continue,
                St::QuotedString => {
                    t.token_len += 1;
                    continue;
                }
                St::Token => {
                    // a following '=' or ':' may still name this token
                    state = St::TokenPostTerminal;
                    continue;
                }
            }
        }

        if c == b'"' {
            if state == St::QuotedString {
                return LWS_TOKZE_QUOTED_STRING;
            }
            if f & F_COMMA_SEP_LIST != 0 {
                if t.delim == lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_DELIM as u8 {
                    return LWS_TOKZE_ERR_COMMA_LIST;
                }
                t.delim = lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_DELIM as u8;
            }
            state = St::QuotedString;
            t.token = t.start;
            t.token_len = 0;
            continue;
        }

        let in_token = state == St::Token || state == St::TokenPostTerminal;
        if c == b'=' && in_token {
            if num == 1 {
                return LWS_TOKZE_ERR_NUM_ON_LHS;
            }
            return LWS_TOKZE_TOKEN_NAME_EQUALS;
        }
        if f & F_AGG_COLON != 0 && c == b':' && in_token {
            return LWS_TOKZE_TOKEN_NAME_COLON;
        }
        if c == b'.' && f & F_NO_FLOATS == 0 && state == St::Token && num == 1 {
            if flo {
                return LWS_TOKZE_ERR_MALFORMED_FLOAT;
            }
            flo = true;
            t.token_len += 1;
            continue;
        }

        let is_delim = utf8.0 == 0
            && ((f & F_RFC7230_DELIMS != 0 && c > 32 && RFC7230_DELIMS.contains(&c))
                || (f & F_RFC7230_DELIMS == 0
                    && !c.is_ascii_alphanumeric()
                    && c != b'_'
                    && c != s_minus
                    && c != s_dot
                    && c != s_slash)
                || c == d_minus
                || c == d_dot);
        if is_delim {
            match state {
                St::LeadingWhitespace => {
                    if f & F_COMMA_SEP_LIST != 0 {
                        if c != b',' || t.delim != lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_DELIM as u8 {
                            return LWS_TOKZE_ERR_COMMA_LIST;
                        }
                        t.delim = lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_NEXT_CONTENT as u8;
                    }
                    // SAFETY: back to the byte just read (start was advanced past it).
                    t.token = unsafe { t.start.sub(1) };
                    t.token_len = 1;
                    return LWS_TOKZE_DELIMITER;
                }
                St::QuotedString => {
                    t.token_len += 1;
                    continue;
                }
                St::Token | St::TokenPostTerminal => {
                    // the delimiter is reported by the next call
                    // SAFETY: as above.
                    t.start = unsafe { t.start.sub(1) };
                    t.len += 1;
                    return pending(num, flo);
                }
            }
        }

        match state {
            St::LeadingWhitespace => {
                if f & F_COMMA_SEP_LIST != 0 {
                    if t.delim == lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_DELIM as u8 {
                        return LWS_TOKZE_ERR_COMMA_LIST;
                    }
                    t.delim = lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_DELIM as u8;
                }
                state = St::Token;
                // SAFETY: as above.
                t.token = unsafe { t.start.sub(1) };
                t.token_len = 1;
            }
            St::QuotedString | St::Token => t.token_len += 1,
            St::TokenPostTerminal => {
                // the new token is reported by the next call
                // SAFETY: as above.
                t.start = unsafe { t.start.sub(1) };
                t.len += 1;
                return pending(num, flo);
            }
        }
        if f & F_NO_INTEGERS == 0 {
            if !c.is_ascii_digit() {
                num = 0;
            } else if num < 0 {
                num = 1;
            }
        }
    }

    if utf8.0 != 0 {
        return LWS_TOKZE_ERR_BROKEN_UTF8;
    }
    match state {
        St::QuotedString => LWS_TOKZE_ERR_UNTERM_STRING,
        St::Token | St::TokenPostTerminal => pending(num, flo),
        St::LeadingWhitespace => {
            if f & F_COMMA_SEP_LIST != 0 && t.delim == lws_tokenize_delimiter_tracking::LWSTZ_DT_NEED_NEXT_CONTENT as u8 {
                LWS_TOKZE_ERR_COMMA_LIST
            } else {
                LWS_TOKZE_ENDED
            }
        }
    }
}

/// Copies the current token into `str` (`max` bytes) with a NUL.  Returns
/// 0, or -1 if it does not fit (it needs `token_len + 2` bytes).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_tokenize_cstr(ts: *mut lws_tokenize, str: *mut c_char, max: usize) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL state is the caller's (the C contract).
        let Some(t) = (unsafe { ts.as_ref() }) else { return -1 };
        if str.is_null() || t.token_len + 1 >= max || (t.token.is_null() && t.token_len != 0) {
            return -1;
        }
        // SAFETY: `str` has `max > token_len + 1` bytes (the C contract and the
        // check); the token is `token_len` bytes of the input.
        unsafe {
            if t.token_len != 0 {
                core::ptr::copy_nonoverlapping(t.token, str, t.token_len);
            }
            *str.add(t.token_len) = 0;
        }
        0
    })
}



const EXPS_LITERAL: c_char = 0;
const EXPS_OPEN_OR_LIT: c_char = 1;
const EXPS_NAME_OR_CLOSE: c_char = 2;
const EXPS_DRAIN: c_char = 3;

/// Prepares `exp` to expand into `out` (`olen` bytes; NULL `out` just
/// measures) with `cb` resolving names.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_strexp_init(
    exp: *mut lws_strexp_t,
    priv_: *mut c_void,
    cb: lws_strexp_expand_cb,
    out: *mut c_char,
    olen: usize,
) {
    ffi_guard!((), {
        if exp.is_null() {
            return;
        }
        // SAFETY: a non-NULL expansion state is the caller's (the C contract);
        // `write` initialises all of it.
        unsafe {
            exp.write(lws_strexp {
                name: [0; 32],
                cb,
                r#priv: priv_,
                out,
                olen,
                pos: 0,
                exp_ofs: 0,
                name_pos: 0,
                state: EXPS_LITERAL,
            })
        };
    })
}

/// Gives the expansion a fresh output buffer (after `LSTRX_FILLED_OUT`).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_strexp_reset_out(exp: *mut lws_strexp_t, out: *mut c_char, olen: usize) {
    ffi_guard!((), {
        // SAFETY: a non-NULL expansion state is the caller's (the C contract).
        let Some(e) = (unsafe { exp.as_mut() }) else { return };
        e.out = out;
        e.olen = olen;
        e.pos = 0;
    })
}

/// Expands `len` bytes of `in_`.  Returns `LSTRX_DONE` (output
/// NUL-terminated), `LSTRX_FILLED_OUT` (call again from `in_ + *pused_in`
/// after `lws_strexp_reset_out`), or a negative `LSTRX_FATAL_*`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_strexp_expand(
    exp: *mut lws_strexp_t,
    in_: *const c_char,
    len: usize,
    pused_in: *mut usize,
    pused_out: *mut usize,
) -> c_int {
    ffi_guard!(LSTRX_FATAL_NAME_UNKNOWN, {
        if exp.is_null() || pused_in.is_null() || pused_out.is_null() || (in_.is_null() && len != 0) {
            return LSTRX_FATAL_NAME_UNKNOWN;
        }
        // SAFETY: `in_` has `len` bytes; `exp` and the out pointers are the
        // caller's (the C contract).
        unsafe { expand(exp, in_, len, pused_in, pused_out) }
    })
}

/// The body of lws_strexp_expand.
///
/// # Safety
/// As lws_strexp_expand's contract: `exp` valid, `in_` `len` bytes, the
/// out pointers writable.
unsafe fn expand(exp: *mut lws_strexp_t, in_: *const c_char, len: usize, pused_in: *mut usize, pused_out: *mut usize) -> c_int {
    let mut used = 0usize;
    // SAFETY: `in_` has `len` bytes (caller); `out` is NULL or has `olen`
    // bytes, and each write is at `pos` after the checks that leave room
    // (`olen - pos >= 3` for "$x", `>= 1` after a literal, as upstream); the
    // expansion callback gets raw pointers, no reference into `*exp` is live
    // across it; it writes at most `olen - pos` (its contract).
    unsafe {
        while used < len {
            let c = *in_.add(used);
            let e = &mut *exp;
            let mut drain = false;
            match e.state {
                EXPS_OPEN_OR_LIT => {
                    if c == b'{' as c_char {
                        e.state = EXPS_NAME_OR_CLOSE;
                        e.name_pos = 0;
                        e.exp_ofs = 0;
                    } else {
                        // "$" not followed by "{" is literal
                        if e.olen.wrapping_sub(e.pos) < 3 {
                            return LSTRX_FATAL_NAME_TOO_LONG;
                        }
                        if !e.out.is_null() {
                            *e.out.add(e.pos) = b'$' as c_char;
                            *e.out.add(e.pos + 1) = c;
                        }
                        e.pos += 2;
                        if c != b'$' as c_char {
                            e.state = EXPS_LITERAL;
                        }
                    }
                }
                EXPS_NAME_OR_CLOSE => {
                    if c == b'}' as c_char {
                        e.name[e.name_pos as usize] = 0;
                        e.state = EXPS_DRAIN;
                        drain = true;
                    } else {
                        if e.name_pos as usize >= e.name.len() - 1 {
                            return LSTRX_FATAL_NAME_TOO_LONG;
                        }
                        e.name[e.name_pos as usize] = c;
                        e.name_pos += 1;
                    }
                }
                EXPS_DRAIN => drain = true,
                _ => {
                    if c == b'$' as c_char {
                        e.state = EXPS_OPEN_OR_LIT;
                    } else {
                        if !e.out.is_null() {
                            *e.out.add(e.pos) = c;
                        }
                        e.pos += 1;
                        if e.olen.wrapping_sub(e.pos) < 1 {
                            *pused_in = used + 1;
                            *pused_out = e.pos;
                            return LSTRX_FILLED_OUT;
                        }
                    }
                }
            }
            if drain {
                *pused_in = used;
                let Some(cb) = e.cb else { return LSTRX_FATAL_NAME_UNKNOWN };
                let (p, name, out, olen) = (e.r#priv, e.name.as_ptr(), e.out, e.olen);
                let pos = &raw mut (*exp).pos;
                let ofs = &raw mut (*exp).exp_ofs;
                // no Rust reference into *exp is live across the callback
                let n = crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(cb)(p, name, out, pos, olen, ofs));
                *pused_out = (*exp).pos;
                if n == LSTRX_FILLED_OUT || n == LSTRX_FATAL_NAME_UNKNOWN {
                    return n;
                }
                (*exp).state = EXPS_LITERAL;
            }
            used += 1;
        }
        let e = &mut *exp;
        if !e.out.is_null() {
            *e.out.add(e.pos) = 0;
        }
        *pused_in = used;
        *pused_out = e.pos;
    }
    LSTRX_DONE
}

#[cfg(test)]
// test code: buffers and states of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    fn run(s: &str, flags: u16) -> Vec<(c_int, String)> {
        let cs = std::ffi::CString::new(s).unwrap();
        let mut ts = lws_tokenize { start: core::ptr::null(), token: core::ptr::null(), len: 0, token_len: 0, flags: 0, delim: 0, e: 0 };
        let mut v = vec![];
        unsafe {
            lws_tokenize_init(&mut ts, cs.as_ptr(), flags as c_int);
            ts.len = s.len();
            loop {
                let e = lws_tokenize(&mut ts);
                let tok = if ts.token.is_null() {
                    String::new()
                } else {
                    String::from_utf8_lossy(core::slice::from_raw_parts(ts.token as *const u8, ts.token_len)).into_owned()
                };
                v.push((e, tok));
                if e <= 0 || v.len() > 40 {
                    break;
                }
            }
        }
        v
    }
    fn v(x: &[(c_int, &str)]) -> Vec<(c_int, String)> {
        x.iter().map(|(a, b)| (*a, b.to_string())).collect()
    }

    // Expected values from Debian's libwebsockets.so.17.
    #[test]
    fn tokenize_matches_oracle() {
        assert_eq!(run("a=1, b=\"x y\"", 0), v(&[(5, "a"), (3, "1"), (1, ","), (5, "b"), (7, "x y"), (0, "")]));
        assert_eq!(run("  123 4.5 6.7.8", 0), v(&[(3, "123"), (4, "4.5"), (-3, "6.7")]));
        assert_eq!(run("1=2", 0), v(&[(-2, "1")]));
        assert_eq!(run("a,b,,c", F_COMMA_SEP_LIST), v(&[(2, "a"), (1, ","), (2, "b"), (1, ","), (-1, "")]));
        assert_eq!(run("a,", F_COMMA_SEP_LIST), v(&[(2, "a"), (1, ","), (-1, "")]));
        assert_eq!(run("x # c\ny", F_HASH_COMMENT), v(&[(2, "x"), (2, "y"), (0, "")]));
        assert_eq!(run("Mozilla/5.0 (X", F_SLASH_NONTERM), v(&[(2, "Mozilla/5"), (1, "."), (3, "0"), (1, "("), (2, "X"), (0, "")]));
        assert_eq!(run(".5", F_DOT_NONTERM), v(&[(2, ".5"), (0, "")]));
        assert_eq!(run("tok:val", F_AGG_COLON), v(&[(6, "tok"), (2, "val"), (0, "")]));
        assert_eq!(run("bad \u{e9}", 0).iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 2, LWS_TOKZE_ERR_BROKEN_UTF8]);
    }

    unsafe extern "C" fn cb(
        _p: *mut c_void,
        name: *const c_char,
        out: *mut c_char,
        pos: *mut usize,
        olen: usize,
        ofs: *mut usize,
    ) -> c_int {
        let name = unsafe { core::ffi::CStr::from_ptr(name) }.to_bytes();
        let val: &[u8] = match name {
            b"a" => b"AAA",
            b"long" => b"0123456789",
            _ => return LSTRX_FATAL_NAME_UNKNOWN,
        };
        unsafe {
            while *ofs < val.len() {
                if *pos >= olen - 1 {
                    return LSTRX_FILLED_OUT;
                }
                *out.add(*pos) = val[*ofs] as c_char;
                *pos += 1;
                *ofs += 1;
            }
        }
        LSTRX_DONE
    }

    fn sx(input: &str, olen: usize) -> Vec<(c_int, usize, usize, String)> {
        let mut e: lws_strexp_t = unsafe { core::mem::zeroed() };
        let mut out = [0 as c_char; 64];
        let mut r = vec![];
        let mut p = input.as_ptr() as *const c_char;
        let mut left = input.len();
        unsafe {
            lws_strexp_init(&mut e, core::ptr::null_mut(), Some(cb), out.as_mut_ptr(), olen);
            loop {
                let (mut ui, mut uo) = (99, 99);
                let n = lws_strexp_expand(&mut e, p, left, &mut ui, &mut uo);
                let s = if n >= 0 {
                    String::from_utf8_lossy(core::slice::from_raw_parts(out.as_ptr() as *const u8, uo)).into_owned()
                } else {
                    String::new()
                };
                r.push((n, ui, uo, s));
                if n != LSTRX_FILLED_OUT || r.len() > 20 {
                    break;
                }
                p = p.add(ui);
                left -= ui;
                lws_strexp_reset_out(&mut e, out.as_mut_ptr(), olen);
            }
        }
        r
    }

    #[test]
    fn strexp_matches_oracle() {
        let s = |a: c_int, b, c, d: &str| (a, b, c, d.to_string());
        assert_eq!(sx("x${a}y", 64), vec![s(0, 6, 5, "xAAAy")]);
        assert_eq!(sx("$$ $x $", 64), vec![s(0, 7, 7, "$$$ $x ")]);
        assert_eq!(sx("${long}", 5), vec![s(1, 6, 4, "0123"), s(1, 0, 4, "4567"), s(0, 1, 2, "89")]);
        assert_eq!(sx("ab${a}cd", 3), vec![s(1, 5, 2, "ab"), s(1, 0, 2, "AA"), s(1, 3, 3, "Acd"), s(0, 0, 0, "")]);
        assert_eq!(sx("${nope}", 64), vec![s(-2, 6, 0, "")]);
        assert_eq!(sx("${0123456789012345678901234567890123456789}", 64), vec![s(-1, 99, 99, "")]);
        assert_eq!(sx("a$b", 3), vec![s(-1, 99, 99, "")]);
        assert_eq!(sx("abc", 3), vec![s(1, 3, 3, "abc"), s(0, 0, 0, "")]);
    }
}
