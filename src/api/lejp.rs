//! C API of `libwebsockets/lws-lejp.h`: LEJP, the lightweight JSON stream
//! parser.  The caller owns `struct lejp_ctx` (often on the stack), feeds
//! JSON in pieces of any size to `lejp_parse`, and gets a callback per
//! parsing event; the dotted path of the current member and a match against
//! the caller's list of paths (with `*` wildcards) are kept in the context.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_schar, c_uchar, c_void};
pub use crate::abi::lejp::*;











/// Calls the callback on top of the parsing stack.
///
/// # Safety
/// `ctx` valid, no Rust reference to it live.
unsafe fn cb(ctx: *mut lejp_ctx, reason: c_int) -> c_schar {
    // SAFETY: `ctx` valid (caller); the stack index is clamped; the
    // callback is the application's, with its own ctx, through call_out,
    // while no Rust reference to ctx is live.
    unsafe {
        let sp = ((*ctx).pst_sp as usize).min(LEJP_MAX_PARSING_STACK_DEPTH - 1);
        match (*ctx).pst[sp].callback {
            Some(f) => crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(f)(ctx, reason as c_char)),
            None => 0,
        }
    }
}

/// Initializes `ctx` for a new parse and calls `callback` with
/// `LEJPCB_CONSTRUCTED`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_construct(
    ctx: *mut lejp_ctx,
    callback: Option<unsafe extern "C" fn(ctx: *mut lejp_ctx, reason: c_char) -> c_schar>,
    user: *mut c_void,
    paths: *const *const c_char,
    paths_count: c_uchar,
) {
    ffi_guard!((), {
        if ctx.is_null() {
            return;
        }
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).  The `&mut` ends before the callback, which gets
        // the raw pointer.
        unsafe {
            let c = &mut *ctx;
            c.st[0] = _lejp_stack::default();
            c.sp = 0;
            c.ipos = 0;
            c.outer_array = 0;
            c.path_match = 0;
            c.path_stride = 0;
            c.path[0] = 0;
            c.user = user;
            c.line = 1;
            c.pst_sp = 0;
            c.pst[0] = _lejp_parsing_stack { user, callback, paths, count_paths: paths_count, ppos: 0, path_match: 0 };
            cb(ctx, lejp_callbacks::LEJPCB_CONSTRUCTED as c_int);
        }
    })
}

/// Tells the callback the context is going away (`LEJPCB_DESTRUCTED`).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_destruct(ctx: *mut lejp_ctx) {
    ffi_guard!((), {
        if ctx.is_null() {
            return;
        }
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).  The application's callback, through call_out.
        unsafe {
            if let Some(f) = (*ctx).pst[0].callback {
                crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(f)(ctx, lejp_callbacks::LEJPCB_DESTRUCTED as c_char));
            }
        }
    })
}

/// Replaces the callback, telling the old one `LEJPCB_DESTRUCTED` and the
/// new one `LEJPCB_CONSTRUCTED`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_change_callback(
    ctx: *mut lejp_ctx,
    callback: Option<unsafe extern "C" fn(ctx: *mut lejp_ctx, reason: c_char) -> c_schar>,
) {
    ffi_guard!((), {
        if ctx.is_null() {
            return;
        }
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).  Its callbacks, through call_out, with no reference
        // to ctx live.
        unsafe {
            if let Some(f) = (*ctx).pst[0].callback {
                crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(f)(ctx, lejp_callbacks::LEJPCB_DESTRUCTED as c_char));
            }
            (*ctx).pst[0].callback = callback;
            if let Some(f) = callback {
                crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(f)(ctx, lejp_callbacks::LEJPCB_CONSTRUCTED as c_char));
            }
        }
    })
}

/// Length of the NUL-terminated path in `ctx.path`.
fn path_len(c: &lejp_ctx) -> usize {
    c.path.iter().position(|&b| b == 0).unwrap_or(LEJP_MAX_PATH)
}

/// Sets `path_match` to 1 + the index of the first of the top parser's
/// paths that matches the current path (`*` matches one path component, or
/// everything when it ends the pattern), recording the wildcard positions.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_check_path_match(ctx: *mut lejp_ctx) {
    ffi_guard!((), {
        if ctx.is_null() {
            return;
        }
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).
        unsafe { check_path_match(ctx) }
    })
}

/// The body of lejp_check_path_match.
///
/// # Safety
/// `ctx` valid, its paths as lejp_construct's contract says.
unsafe fn check_path_match(ctx: *mut lejp_ctx) {
    // SAFETY: `ctx` valid (caller), used only through this reference here.
    let c = unsafe { &mut *ctx };
    let sp = (c.pst_sp as usize).min(LEJP_MAX_PARSING_STACK_DEPTH - 1);
    let stride = if c.path_stride != 0 { c.path_stride } else { core::mem::size_of::<*const c_char>() };
    let plen = path_len(c);
    let path: Vec<u8> = c.path[..plen].iter().map(|&b| b as u8).collect();
    let paths = c.pst[sp].paths;
    for n in 0..c.pst[sp].count_paths as usize {
        c.wildcount = 0;
        if paths.is_null() {
            break;
        }
        // SAFETY: the parser's `paths` holds `count_paths` string pointers,
        // `stride` bytes apart (the C contract of lejp_construct /
        // lejp_parser_push and path_stride).
        let q = unsafe { *((paths as *const u8).add(n * stride) as *const *const c_char) };
        // SAFETY: NULL or a C string (same contract).
        let Some(q) = (unsafe { crate::ffi::cstr_bytes(q) }) else { continue };
        let (mut p, mut qi) = (0usize, 0usize);
        while p < path.len() && qi < q.len() {
            if q[qi] != b'*' {
                if path[p] != q[qi] {
                    break;
                }
                p += 1;
                qi += 1;
                continue;
            }
            if (c.wildcount as usize) < LEJP_MAX_INDEX_DEPTH {
                c.wild[c.wildcount as usize] = p as u16;
                c.wildcount += 1;
            }
            qi += 1;
            // "*" inside a pattern eats one component, at the end everything
            while p < path.len() && (path[p] != b'.' || qi == q.len()) {
                p += 1;
            }
        }
        if p < path.len() || qi < q.len() {
            continue;
        }
        c.path_match = (n + 1) as u8;
        c.path_match_len = c.pst[sp].ppos;
        return;
    }
    if c.wildcount == 0 {
        c.wild[0] = c.pst[sp].ppos as u16;
        c.wildcount = 1;
    }
}

/// Copies the part of the path matched by wildcard number `wildcard` into
/// `dest` (`len` bytes, NUL-terminated).  Returns the length of that part
/// plus one, or 0 if there is no such wildcard.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_get_wildcard(ctx: *mut lejp_ctx, wildcard: c_int, dest: *mut c_char, len: c_int) -> c_int {
    ffi_guard!(0, {
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).
        let Some(c) = (unsafe { ctx.as_ref() }) else { return 0 };
        if dest.is_null() || wildcard < 0 || wildcard >= c.wildcount as c_int || len <= 0 {
            return 0;
        }
        let w = wildcard as usize;
        if w >= LEJP_MAX_INDEX_DEPTH {
            return 0;
        }
        let start = c.wild[w] as usize;
        let sp = (c.pst_sp as usize).min(LEJP_MAX_PARSING_STACK_DEPTH - 1);
        let end = (c.pst[sp].ppos as usize).min(LEJP_MAX_PATH);
        let mut n = start;
        let mut room = len;
        let mut d = dest;
        loop {
            room -= 1;
            if room == 0 || n >= end || (n != start && c.path[n] == b'.' as c_char) {
                break;
            }
            // SAFETY: at most `len - 1` bytes are written before the NUL, all inside
            // `dest` (`len` bytes, the C contract).
            unsafe {
                *d = c.path[n];
                d = d.add(1);
            }
            n += 1;
        }
        // SAFETY: as above: the NUL's byte is within `len`.
        unsafe { *d = 0 };
        (n + 1 - start) as c_int
    })
}

/// Delegates parsing of the current subtree to `lejp_cb` with its own
/// paths.  Returns 0, or -1 if the parsing stack is full.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_parser_push(
    ctx: *mut lejp_ctx,
    user: *mut c_void,
    paths: *const *const c_char,
    paths_count: c_uchar,
    lejp_cb: lejp_callback,
) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).
        let Some(c) = (unsafe { ctx.as_mut() }) else { return -1 };
        if c.pst_sp as usize + 1 >= LEJP_MAX_PARSING_STACK_DEPTH {
            return -1;
        }
        let ppos = path_len(c) as u8;
        c.pst_sp += 1;
        c.pst[c.pst_sp as usize] = _lejp_parsing_stack { user, callback: lejp_cb, paths, count_paths: paths_count, ppos, path_match: 0 };
        c.user = user;
        c.path_match = 0;
        // SAFETY: `ctx` valid (above); `c` is not used after.
        unsafe { check_path_match(ctx) };
        0
    })
}

/// Returns to the previous parser.  Returns 0, or -1 if there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_parser_pop(ctx: *mut lejp_ctx) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL ctx is the caller's lejp_ctx (the C contract,
        // api/mod.rs).
        let Some(c) = (unsafe { ctx.as_mut() }) else { return -1 };
        if c.pst_sp == 0 {
            return -1;
        }
        c.pst_sp -= 1;
        c.user = c.pst[c.pst_sp as usize].user;
        c.path_match = 0;
        // SAFETY: `ctx` valid (above); `c` is not used after.
        unsafe { check_path_match(ctx) };
        0
    })
}

/// Parses the next `len` bytes of JSON.  Returns `LEJP_CONTINUE` (-1) when
/// more input is needed, 0 when the outermost object is complete, or a
/// negative `LEJP_REJECT_*` (< -1) on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_parse(ctx: *mut lejp_ctx, json: *const c_uchar, len: c_int) -> c_int {
    ffi_guard!(lejp_reasons::LEJP_REJECT_UNKNOWN as c_int, {
        let _ = (ctx, json, len);
        not_implemented!("lejp_parse", lejp_reasons::LEJP_REJECT_UNKNOWN as c_int)
    })
}

static PARSER_ERRS: [&core::ffi::CStr; 23] = [
    c"",
    c"",
    c"No opening '{'",
    c"Expected closing '}'",
    c"Expected '\"'",
    c"String underrun",
    c"Illegal unescaped control char",
    c"Illegal escape format",
    c"Illegal hex number",
    c"Expected ':'",
    c"Illegal value start",
    c"Digit required after decimal point",
    c"Bad number format",
    c"Bad exponent format",
    c"Unknown token",
    c"Too many ']'",
    c"Mismatched ']'",
    c"Expected ']'",
    c"JSON nesting limit exceeded",
    c"Nesting tracking used up",
    c"Number too long",
    c"Comma or block end expected",
    c"Unknown",
];

/// A static description of a `lejp_parse` result.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lejp_error_to_string(e: c_int) -> *const c_char {
    ffi_guard!(leaf, c"Unknown error".as_ptr(), {
        if e > 0 {
            return c"".as_ptr();
        }
        let idx = (-(e as i64)) as usize;
        if idx == 23 {
            return c"Parser callback errored (see earlier error)".as_ptr();
        }
        match PARSER_ERRS.get(idx) {
            Some(s) => s.as_ptr(),
            None => c"Unknown error".as_ptr(),
        }
    })
}

#[cfg(test)]
// test code: static strings
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_debian() {
        assert_eq!(core::mem::size_of::<lejp_ctx>(), 656);
        assert_eq!(core::mem::offset_of!(lejp_ctx, path), 236);
        assert_eq!(core::mem::offset_of!(lejp_ctx, path_stride), 624);
        assert_eq!(core::mem::offset_of!(lejp_ctx, line), 632);
    }

    #[test]
    fn error_strings_match_oracle() {
        let s = |e| unsafe { core::ffi::CStr::from_ptr(lejp_error_to_string(e)) }.to_str().unwrap();
        assert_eq!(s(1), "");
        assert_eq!(s(0), "");
        assert_eq!(s(-1), "");
        assert_eq!(s(-2), "No opening '{'");
        assert_eq!(s(-22), "Unknown");
        assert_eq!(s(-23), "Parser callback errored (see earlier error)");
        assert_eq!(s(-24), "Unknown error");
    }
}
