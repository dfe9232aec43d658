//! C API of `libwebsockets/lws-misc.h`: the pure helpers (buflists,
//! string and number helpers, URI parsing, humanize, directory walking...).
//! The functions of that header that take a `struct lws *` or
//! `struct lws_context *` are in `api::misc_wsi`.
//!
//! `lws_snprintf` and `lws_open` are variadic: `csrc/logs.c`.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_ulong, c_void, CStr};
pub use crate::abi::misc::*;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::buflist::lws_buflist;
use crate::ffi::cstr_bytes;
use crate::http::url::parse_uri;
use crate::api::context_vhost::lws_context_creation_info;

c_variadic_export!(lws_snprintf => lws_shim_lws_snprintf);
c_variadic_export!(lws_open => lws_shim_lws_open);



/// Callback of `lws_dir()`: nonzero stops the walk.  (C declares
/// `lws_dir_callback_function` as a function type, in lws-misc.h.)
pub(crate) type DirCb =
    Option<unsafe extern "C" fn(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int>;






// SAFETY: the tables only point at static string literals.
unsafe impl Sync for lws_humanize_unit {}

const fn hu(name: &'static CStr, factor: u64) -> lws_humanize_unit {
    lws_humanize_unit { name: name.as_ptr(), factor }
}
const HU_END: lws_humanize_unit = lws_humanize_unit { name: core::ptr::null(), factor: 0 };

const KI: u64 = 1024;

/// Binary multiples, no unit suffix.
#[unsafe(no_mangle)]
pub static humanize_schema_si: [lws_humanize_unit_t; 7] = [
    hu(c"Pi ", KI * KI * KI * KI * KI),
    hu(c"Ti ", KI * KI * KI * KI),
    hu(c"Gi ", KI * KI * KI),
    hu(c"Mi ", KI * KI),
    hu(c"Ki ", KI),
    hu(c"   ", 1),
    HU_END,
];

/// Binary multiples of bytes.
#[unsafe(no_mangle)]
pub static humanize_schema_si_bytes: [lws_humanize_unit_t; 7] = [
    hu(c"PiB", KI * KI * KI * KI * KI),
    hu(c"TiB", KI * KI * KI * KI),
    hu(c"GiB", KI * KI * KI),
    hu(c"MiB", KI * KI),
    hu(c"KiB", KI),
    hu(c"B  ", 1),
    HU_END,
];

/// Durations given in microseconds.
#[unsafe(no_mangle)]
pub static humanize_schema_us: [lws_humanize_unit_t; 8] = [
    hu(c"y  ", 365 * 24 * 3600 * 1_000_000),
    hu(c"d  ", 24 * 3600 * 1_000_000),
    hu(c"hr ", 3600 * 1_000_000),
    hu(c"min", 60 * 1_000_000),
    hu(c"s  ", 1_000_000),
    hu(c"ms ", 1000),
    hu(c"us ", 1),
    HU_END,
];

// ---------------------------------------------------------------------------
// buflist

/// Appends a copy of `len` bytes at `buf` to the list at `*head`.
/// Returns 1 if the list was empty before, 0 if it was not, -1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_append_segment(head: *mut *mut lws_buflist, buf: *const u8, len: usize) -> c_int {
    ffi_guard!(-1, {
        if head.is_null() || buf.is_null() || len == 0 {
            return -1;
        }
        // SAFETY: the caller passes `len` readable bytes.
        let seg = lws_buflist::new(unsafe { core::slice::from_raw_parts(buf, len) });
        let mut pp = head;
        let mut first = 1;
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).  The walk follows `next` cells to the last one.
        unsafe {
            while !(*pp).is_null() {
                first = 0;
                pp = &mut (**pp).next;
            }
            *pp = seg;
        }
        first
    })
}

/// Points `*buf` (if not NULL) at the unconsumed part of the head segment
/// and returns its length; 0 (and `*buf` NULL) for an empty list.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_next_segment_len(head: *mut *mut lws_buflist, buf: *mut *mut u8) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let h = if head.is_null() { core::ptr::null_mut() } else { unsafe { *head } };
        if h.is_null() {
            if !buf.is_null() {
                // SAFETY: a non-NULL out pointer (the C contract).
                unsafe { *buf = core::ptr::null_mut() };
            }
            return 0;
        }
        // SAFETY: `h` is the live first segment; `pos <= data.len()`.
        unsafe {
            let seg = &mut *h;
            if !buf.is_null() {
                *buf = seg.data.as_mut_ptr().add(seg.pos);
            }
            seg.data.len() - seg.pos
        }
    })
}

/// Consumes `len` bytes of the head segment, dropping it when it is used
/// up.  Returns the unconsumed length of the (new) head segment.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_use_segment(head: *mut *mut lws_buflist, len: usize) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        if head.is_null() || unsafe { (*head).is_null() } {
            return 0;
        }
        // SAFETY: the live first segment; when used up it is unlinked and freed
        // once (a Box made by lws_buflist::new).
        unsafe {
            let h = *head;
            let seg = &mut *h;
            seg.pos = seg.pos.saturating_add(len).min(seg.data.len());
            if seg.pos == seg.data.len() {
                *head = seg.next;
                drop(Box::from_raw(h));
            }
            lws_buflist_next_segment_len(head, core::ptr::null_mut())
        }
    })
}

/// Sum of the segment sizes (as in libwebsockets 4.1, the part already
/// consumed from the head segment is still counted).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_total_len(head: *mut *mut lws_buflist) -> usize {
    ffi_guard!(0, {
        if head.is_null() {
            return 0;
        }
        let mut total = 0usize;
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        while !p.is_null() {
            // SAFETY: `p` is a live segment of that chain (see above).
            unsafe {
                let seg = &*p;
                total += seg.data.len();
                p = (*p).next;
            }
        }
        total
    })
}

/// Copies up to `len` bytes, starting `ofs` bytes into the list (counting
/// from the start of the head segment), into `buf`.  Returns the count.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_linear_copy(head: *mut *mut lws_buflist, ofs: usize, buf: *mut u8, len: usize) -> c_int {
    ffi_guard!(-1, {
        if head.is_null() || (buf.is_null() && len != 0) {
            return -1;
        }
        let mut ofs = ofs;
        let mut done = 0usize;
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        while !p.is_null() && done < len {
            // SAFETY: `p` is a live segment of that chain (see above).
            let data = unsafe { &(*p).data };
            if ofs >= data.len() {
                ofs -= data.len();
            } else {
                let n = (data.len() - ofs).min(len - done);
                // SAFETY: `ofs + n <= data.len()`; `buf` has `len >= done + n` bytes
                // (the C contract).
                unsafe { core::ptr::copy_nonoverlapping(data.as_ptr().add(ofs), buf.add(done), n) };
                done += n;
                ofs = 0;
            }
            // SAFETY: `p` is a live segment of that chain (see above).
            p = unsafe { (*p).next };
        }
        done as c_int
    })
}

/// Frees every segment and sets `*head` to NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_destroy_all_segments(head: *mut *mut lws_buflist) {
    ffi_guard!((), {
        if head.is_null() {
            return;
        }
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        // SAFETY: as above.
        unsafe { *head = core::ptr::null_mut() };
        while !p.is_null() {
            // SAFETY: each segment is a Box of the chain, freed once (the head was
            // NULLed first).
            let b = unsafe { Box::from_raw(p) };
            p = b.next;
        }
    })
}

fn c_ptr_fmt(p: *const c_void) -> String {
    if p.is_null() {
        "(nil)".to_string()
    } else {
        format!("{p:p}")
    }
}

/// Logs (at `LLL_NOTICE`) one line per segment: position, size, remainder.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_describe(head: *mut *mut lws_buflist, id: *mut c_void, reason: *const c_char) {
    ffi_guard!((), {
        if head.is_null() {
            return;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let reason = String::from_utf8_lossy(unsafe { cstr_bytes(reason) }.unwrap_or(b"(null)")).into_owned();
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        let mut n = 0;
        while !p.is_null() {
            // SAFETY: `p` is a live segment of that chain (see above).
            let seg = unsafe { &*p };
            let (pos, len) = (seg.pos, seg.data.len());
            lwsl_notice!("{}: {}: {}: {} / {} ({} left)\n", c_ptr_fmt(id), reason, n, pos, len, len - pos);
            n += 1;
            // SAFETY: `p` is a live segment of that chain (see above).
            p = unsafe { (*p).next };
        }
    })
}

// ---------------------------------------------------------------------------
// strings

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

// ---------------------------------------------------------------------------
// URI parsing

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

// ---------------------------------------------------------------------------
// command line

/// Finds option `val` in `argv[1..argc]`, scanning from the end.  Returns
/// the text after `val=`, the rest of the argument if `val` is only its
/// prefix, the following argument, or "" if it is the last one.
pub fn cmdline_option(args: &[&[u8]], val: &[u8]) -> Option<(usize, usize)> {
    for c in (1..args.len()).rev() {
        let a = args[c];
        if a.len() >= val.len() && &a[..val.len()] == val {
            if a.len() == val.len() && c < args.len() - 1 {
                return Some((c + 1, 0));
            }
            if a.get(val.len()) == Some(&b'=') {
                return Some((c, val.len() + 1));
            }
            return Some((c, val.len()));
        }
    }
    None
}

/// The arguments as byte slices (None if one is NULL).
///
/// # Safety
/// `argv` NULL or `argc` entries, each NULL or a C string alive for `'a`.
unsafe fn argv_slices<'a>(argc: c_int, argv: *const *const c_char) -> Option<Vec<&'a [u8]>> {
    if argv.is_null() || argc <= 0 {
        return None;
    }
    let mut v = Vec::with_capacity(argc as usize);
    for i in 0..argc as usize {
        // SAFETY: `argv` has `argc` entries, each NULL or a C string (the C
        // contract of a main()'s argv).
        v.push(unsafe { cstr_bytes(*argv.add(i)) }?);
    }
    Some(v)
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_cmdline_option(argc: c_int, argv: *mut *const c_char, val: *const c_char) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(v) = (unsafe { cstr_bytes(val) }) else { return core::ptr::null() };
        // SAFETY: the caller's argc / argv (the C contract).
        let Some(args) = (unsafe { argv_slices(argc, argv) }) else { return core::ptr::null() };
        match cmdline_option(&args, v) {
            // SAFETY: `o` is within argument `i` (cmdline_option's answer).
            Some((i, o)) => unsafe { (*argv.add(i)).add(o) },
            None => core::ptr::null(),
        }
    })
}

extern "C" fn ignore_signal(_sig: c_int) {}

/// Applies the options every lws example understands: `-d <mask>` (log
/// level, default errors+warnings+notices+user), `--udp-tx-loss <pc>`,
/// `--udp-rx-loss <pc>` and `--ignore-sigterm`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_cmdline_option_handle_builtin(
    argc: c_int,
    argv: *mut *const c_char,
    info: *mut lws_context_creation_info,
) {
    ffi_guard!((), {
        use crate::log::*;
        let mut logs = LLL_USER | LLL_ERR | LLL_WARN | LLL_NOTICE;
        // SAFETY: the caller's argc / argv, and a C string.
        let opt = |name: &CStr| unsafe { lws_cmdline_option(argc, argv, name.as_ptr()) };
        // SAFETY: `p` is a C string lws_cmdline_option found in argv.
        let num = |p: *const c_char| unsafe { libc::strtol(p, core::ptr::null_mut(), 10) };
        let p = opt(c"-d");
        if !p.is_null() {
            logs = num(p) as c_int;
        }
        if !info.is_null() {
            let p = opt(c"--udp-tx-loss");
            if !p.is_null() {
                // SAFETY: a non-NULL info is the caller's (the C contract).
                unsafe { (*info).udp_loss_sim_tx_pc = num(p) as u8 };
            }
            let p = opt(c"--udp-rx-loss");
            if !p.is_null() {
                // SAFETY: as above.
                unsafe { (*info).udp_loss_sim_rx_pc = num(p) as u8 };
            }
        }
        if !opt(c"--ignore-sigterm").is_null() {
            let h: extern "C" fn(c_int) = ignore_signal;
            // SAFETY: installs a handler that does nothing (async-signal-safe).
            unsafe { libc::signal(libc::SIGTERM, h as libc::sighandler_t) };
        }
        // SAFETY: no emitter is given, only the level.
        unsafe { crate::api::logs::lws_set_log_level(logs, None) };
    })
}

// ---------------------------------------------------------------------------
// time

/// Wall-clock seconds since the epoch.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_now_secs() -> c_ulong {
    // leaf: gettimeofday is no cancellation point and logs nothing
    ffi_guard!(leaf, 0, {
        let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
        // SAFETY: a local out struct.
        unsafe { libc::gettimeofday(&mut tv, core::ptr::null_mut()) };
        tv.tv_sec as c_ulong
    })
}

/// Monotonic time in microseconds.
pub fn now_usecs() -> i64 {
    // one time base for the whole library: the timers' monotonic clock
    crate::core::sul::now_us()
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_now_usecs() -> crate::api::base::lws_usec_t {
    // leaf: clock_gettime is no cancellation point and logs nothing
    ffi_guard!(leaf, 0, { now_usecs() })
}

// ---------------------------------------------------------------------------
// allocator

/// The allocator installed by `lws_set_allocator()` (0: libc realloc).
static ALLOCATOR: AtomicUsize = AtomicUsize::new(0);

/// The allocator set by `lws_set_allocator`, if any (for `lws_realloc`):
/// realloc semantics, size 0 frees.
pub fn allocator() -> Option<unsafe extern "C" fn(ptr: *mut c_void, size: usize, reason: *const c_char) -> *mut c_void> {
    let v = ALLOCATOR.load(Ordering::Relaxed);
    // SAFETY: only ever stored from a valid allocator function pointer.
    (v != 0).then(|| unsafe {
        core::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void, usize, *const c_char) -> *mut c_void>(v)
    })
}

/// Installs the allocator `lws_realloc()` uses (NULL restores the default).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_allocator(
    realloc: Option<unsafe extern "C" fn(ptr: *mut c_void, size: usize, reason: *const c_char) -> *mut c_void>,
) {
    ffi_guard!(leaf, (), { ALLOCATOR.store(realloc.map_or(0, |f| f as usize), Ordering::Relaxed) })
}

// ---------------------------------------------------------------------------
// humanize

/// Appends the 4-place integer field of `lws_humanize` (blank instead of
/// leading zeros, '!' for a place that overflows).
fn digits(out: &mut Vec<u8>, mut v: u64, places: u32, blank_leading: bool) {
    let mut leading = blank_leading;
    for k in (0..places).rev() {
        let q = 10u64.pow(k);
        let d = v / q;
        v %= q;
        if leading && d == 0 {
            out.push(b' ');
            continue;
        }
        leading = false;
        out.push(if d > 9 { b'!' } else { b'0' + d as u8 });
    }
}

/// Renders `value` with the first unit of `schema` it reaches: returns the
/// fixed-width numeric part and the unit part (`name` plus, for the unit
/// of factor 1, four spaces).
pub fn humanize(value: u64, schema: &[(&[u8], u64)]) -> Option<(Vec<u8>, Vec<u8>)> {
    for &(name, factor) in schema {
        if factor == 0 {
            break;
        }
        if value >= factor || factor == 1 {
            let mut num = vec![b' '];
            if factor == 1 {
                digits(&mut num, value, 4, true);
                let mut unit = name.to_vec();
                unit.extend_from_slice(b"    ");
                return Some((num, unit));
            }
            digits(&mut num, value / factor, 4, true);
            num.push(b'.');
            digits(&mut num, (value % factor) / (factor / 1000).max(1), 3, false);
            return Some((num, name.to_vec()));
        }
    }
    None
}

/// Formats `value` into `buf` (`len` bytes) with a unit from `schema`.
/// Returns what `lws_snprintf` returns for the unit part after the
/// 5- or 9-character numeric part (so, as in libwebsockets 4.1, not the
/// total length).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_humanize(buf: *mut c_char, len: c_int, value: u64, schema: *const lws_humanize_unit_t) -> c_int {
    ffi_guard!(0, {
        if schema.is_null() {
            return 0;
        }
        let mut units: Vec<(&[u8], u64)> = Vec::new();
        let mut s = schema;
        // SAFETY: `schema` is an array ended by an entry with a NULL name, the
        // names C strings (the C contract, as humanize_schema_*).
        unsafe {
            while !(*s).name.is_null() {
                units.push((CStr::from_ptr((*s).name).to_bytes(), (*s).factor));
                s = s.add(1);
            }
        }
        let Some((num, unit)) = humanize(value, &units) else { return 0 };
        let rem = len - num.len() as c_int;
        let mut all = num;
        all.extend_from_slice(&unit);
        if !buf.is_null() && len > 0 {
            // SAFETY: `buf` has `len > 0` bytes (the C contract), apart from `all`.
            unsafe { crate::ffi::copy_to_c_buf(buf, len as usize, &all) };
        }
        if unit.len() as c_int >= rem {
            rem
        } else {
            unit.len() as c_int
        }
    })
}

// ---------------------------------------------------------------------------
// serialization

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

// ---------------------------------------------------------------------------
// daemonize

fn pid_alive(path: &CStr) -> bool {
    let Ok(s) = std::fs::read_to_string(path.to_string_lossy().as_ref()) else { return false };
    match s.trim().parse::<libc::pid_t>() {
        // SAFETY: kill with signal 0 only checks that the process exists.
        Ok(pid) if pid > 0 => (unsafe { libc::kill(pid, 0) }) == 0,
        _ => false,
    }
}

/// Forks into the background.  The parent exits once the child has
/// written its pid to `_lock_path` (if given); the child starts a new
/// session, moves to "/" and detaches stdio.  Returns 0 in the child, 1 if
/// the lock file names a running process, -1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_daemonize(_lock_path: *const c_char) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let lock = if _lock_path.is_null() { None } else { Some(unsafe { CStr::from_ptr(_lock_path) }) };
        if let Some(l) = lock {
            if pid_alive(l) {
                lwsl_err!("lws_daemonize: {} names a running process\n", l.to_string_lossy());
                return 1;
            }
        }
        let mut fds: [c_int; 2] = [0; 2];
        // SAFETY: a local array of two fds.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return -1;
        }
        // SAFETY: fork; the child goes on with only this thread, as upstream's
        // lws_daemonize (a program calls it before starting threads).
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            // SAFETY: closing this call's own pipe fds.
            unsafe {
                libc::close(fds[0]);
                libc::close(fds[1]);
            }
            return -1;
        }
        if pid > 0 {
            // Parent: wait until the child is set up, then leave.
            let mut b = 0u8;
            // SAFETY: reads one byte into a local from this call's pipe; exits the
            // parent process.
            unsafe {
                libc::close(fds[1]);
                libc::read(fds[0], &mut b as *mut u8 as *mut c_void, 1);
                libc::_exit(0);
            }
        }
        // SAFETY: plain libc calls on this call's pipe and the process
        // (setsid, umask).
        unsafe {
            libc::close(fds[0]);
            libc::setsid();
            libc::umask(0o022);
        }
        if let Some(l) = lock {
            // SAFETY: plain getpid.
            let pid = unsafe { libc::getpid() };
            if std::fs::write(l.to_string_lossy().as_ref(), format!("{pid}\n")).is_err() {
                lwsl_err!("lws_daemonize: cannot write {}\n", l.to_string_lossy());
            }
        }
        // SAFETY: plain libc calls with C string literals and our own fds:
        // chdir to "/", stdio to /dev/null, then one byte to the parent
        // through this call's pipe, which is closed.
        unsafe {
            let _ = libc::chdir(c"/".as_ptr());
            let fd = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            if fd >= 0 {
                libc::dup2(fd, 0);
                libc::dup2(fd, 1);
                libc::dup2(fd, 2);
                if fd > 2 {
                    libc::close(fd);
                }
            }
            libc::write(fds[1], b"1".as_ptr() as *const c_void, 1);
            libc::close(fds[1]);
        }
        0
    })
}

// ---------------------------------------------------------------------------
// directories

fn dtype_to_ldot(t: u8) -> lws_dir_obj_type_t {
    use lws_dir_obj_type::*;
    match t {
        libc::DT_BLK => LDOT_BLOCK,
        libc::DT_CHR => LDOT_CHAR,
        libc::DT_DIR => LDOT_DIR,
        libc::DT_FIFO => LDOT_FIFO,
        libc::DT_LNK => LDOT_LINK,
        libc::DT_REG => LDOT_FILE,
        libc::DT_SOCK => LDOTT_SOCKET,
        _ => LDOT_UNKNOWN,
    }
}

/// Calls `cb` for each entry of `dirpath` except "." and "..", in
/// alphabetical order, until it returns nonzero.  Returns 0, or 1 if the
/// directory cannot be opened.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dir(
    dirpath: *const c_char,
    user: *mut c_void,
    cb: Option<unsafe extern "C" fn(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int>,
) -> c_int {
    ffi_guard!(1, {
        let cb: DirCb = cb;
        let Some(cb) = cb else { return 1 };
        // SAFETY: `dirpath` NULL or a C string (the C contract); the callback
        // the application's.
        unsafe { dir_walk(dirpath, user, crate::cancel::CUnwind::unwind(cb)) }
    })
}

/// The body of `lws_dir`, with the callback as `"C-unwind"`.
///
/// # Safety
/// `dirpath` is NULL or a C string; `cb` may be called with `user`.
unsafe fn dir_walk(
    dirpath: *const c_char,
    user: *mut c_void,
    cb: unsafe extern "C-unwind" fn(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int,
) -> c_int {
    if dirpath.is_null() {
        return 1;
    }
    // SAFETY: a non-NULL C string (caller).
    let d = unsafe { libc::opendir(dirpath) };
    if d.is_null() {
        // SAFETY: as above.
        lwsl_info!("lws_dir: cannot open {}\n", unsafe { CStr::from_ptr(dirpath) }.to_string_lossy());
        return 1;
    }
    let mut entries: Vec<(std::ffi::CString, u8)> = Vec::new();
    loop {
        // SAFETY: `d` is the open directory stream, closed once below.
        let e = unsafe { libc::readdir(d) };
        if e.is_null() {
            break;
        }
        // SAFETY: readdir's entry stays valid until the next readdir on `d`;
        // its name is NUL-terminated.
        let name = unsafe { CStr::from_ptr((*e).d_name.as_ptr()) };
        if name.to_bytes() == b"." || name.to_bytes() == b".." {
            continue;
        }
        // SAFETY: as above.
        entries.push((name.to_owned(), unsafe { (*e).d_type }));
    }
    // SAFETY: the stream opendir gave, closed once.
    unsafe { libc::closedir(d) };
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    for (name, t) in &entries {
        let mut lde = lws_dir_entry { name: name.as_ptr(), r#type: dtype_to_ldot(*t) };
        // SAFETY: `cb` with a C string, the caller's user pointer and a local
        // entry, through call_out.
        if crate::cancel::call_out(|| unsafe { cb(dirpath, user, &mut lde) }) != 0 {
            break;
        }
    }
    0
}

/// `dir/name` as a C string.
///
/// # Safety
/// Both NULL or C strings.  (Was a safe fn dereferencing them.)
unsafe fn join_path(dir: *const c_char, name: *const c_char) -> Option<std::ffi::CString> {
    // SAFETY: NULL or a C string (caller).
    let d = unsafe { cstr_bytes(dir) }?;
    // SAFETY: as above.
    let n = unsafe { cstr_bytes(name) }?;
    let mut v = d.to_vec();
    v.push(b'/');
    v.extend_from_slice(n);
    std::ffi::CString::new(v).ok()
}

/// `lws_dir` callback deleting everything below the walked directory
/// (subdirectories recursively; the walked directory itself stays).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dir_rm_rf_cb(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int {
    ffi_guard!(0, {
        if lde.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL entry from lws_dir (the caller is lws_dir).
        let Some(path) = (unsafe { join_path(dirpath, (*lde).name) }) else { return 0 };
        // SAFETY: as above.
        if unsafe { (*lde).r#type } == lws_dir_obj_type::LDOT_DIR {
            // SAFETY: `path` is a C string; the walk recurses into it with our
            // callback; rmdir takes the C string.
            unsafe {
                // the walk itself, not the export `lws_dir`: one guard
                // per call from C (docs/architecture.md, "Entry points")
                dir_walk(path.as_ptr(), user, lws_dir_rm_rf_cb);
                libc::rmdir(path.as_ptr());
            }
        } else {
            // SAFETY: unlink of a C string.
            unsafe { libc::unlink(path.as_ptr()) };
        }
        0
    })
}

/// The glob of `lws_dir_glob_cb`: filter characters must match the name
/// one by one until a '*', after which the rest of the filter must equal
/// the rest of the name at some position.  A filter without '*' never
/// matches.
pub fn glob_match(name: &[u8], filter: &[u8]) -> bool {
    let mut f = 0;
    for i in 0..name.len() {
        if filter.get(f) == Some(&b'*') {
            if name[i..] == filter[f + 1..] {
                return true;
            }
        } else {
            if filter.get(f) != Some(&name[i]) {
                return false;
            }
            f += 1;
        }
    }
    false
}

/// `lws_dir` callback: for each non-directory entry matching the filter
/// of the `lws_dir_glob_t` passed as `user`, calls its `cb` with the path.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dir_glob_cb(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int {
    ffi_guard!(0, {
        if user.is_null() || lde.is_null() {
            return 0;
        }
        let g = user as *const lws_dir_glob;
        // SAFETY: a non-NULL entry from lws_dir (the caller is lws_dir).
        let name_p = unsafe { (*lde).name };
        // SAFETY: an entry's name is a C string.
        let Some(name) = (unsafe { cstr_bytes(name_p) }) else { return 0 };
        // SAFETY: as above.
        if name == b"." || name == b".." || unsafe { (*lde).r#type } == lws_dir_obj_type::LDOT_DIR {
            return 0;
        }
        // SAFETY: `user` is the application's lws_dir_glob (its contract as
        // lws_dir_glob_cb's user), whose filter is NULL or a C string.
        let Some(filter) = (unsafe { cstr_bytes((*g).filter) }) else { return 0 };
        if glob_match(name, filter) {
            // SAFETY: as above.
            if let (Some(cb), Some(path)) = (unsafe { (*g).cb }, unsafe { join_path(dirpath, name_p) }) {
                // SAFETY: the application's callback with its own user pointer and a C
                // string, through call_out.
                crate::cancel::call_out(|| unsafe { crate::cancel::CUnwind::unwind(cb)((*g).user, path.as_ptr()) });
            }
        }
        0
    })
}

#[cfg(test)]
// test code: buffers and strings of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    #[test]
    fn cmdline_matches_oracle() {
        let a: Vec<&[u8]> = vec![b"prog", b"-dx", b"-d", b"-p", b"--x", b"5", b"-v"];
        assert_eq!(cmdline_option(&a, b"-d"), Some((3, 0)));
        assert_eq!(cmdline_option(&a, b"-dx"), Some((2, 0)));
        assert_eq!(cmdline_option(&a, b"-v"), Some((6, 2)));
        assert_eq!(cmdline_option(&a, b"-"), Some((6, 1)));
        assert_eq!(cmdline_option(&a, b"prog"), None);
        let a: Vec<&[u8]> = vec![b"prog", b"--port=80", b"--por"];
        assert_eq!(cmdline_option(&a, b"--port"), Some((1, 7)));
        assert_eq!(cmdline_option(&a, b"--port="), Some((1, 7)));
    }

    #[test]
    fn json_simple_matches_oracle() {
        let js = br#"{"a":"xyz", "bb": 123 , "c":true,"d":"q\"r","e":  "" ,"f":[1,2]}"#;
        assert_eq!(json_simple_find(js, br#""a":"#), Some((6, 3)));
        assert_eq!(json_simple_find(js, br#""bb":"#), Some((18, 4)));
        assert_eq!(json_simple_find(js, br#""d":"#), Some((38, 4)));
        assert_eq!(json_simple_find(js, br#""e":"#), Some((51, 0)));
        assert_eq!(json_simple_find(js, br#""f":"#), Some((58, 2)));
        assert_eq!(json_simple_find(js, b"a"), Some((4, 1)));
        assert_eq!(json_simple_find(br#"{"a":"#, br#""a":"#), None);
        assert_eq!(json_simple_find(b"{\"a\":\n12}", br#""a":"#), Some((5, 3)));
        assert_eq!(json_simple_strcmp(js, br#""a":"#, b"xyz"), 0);
        assert_eq!(json_simple_strcmp(js, br#""a":"#, b"xy"), -1);
        assert_eq!(json_simple_strcmp(js, br#""a":"#, b"abc"), 23);
    }

    #[test]
    fn humanize_matches_oracle() {
        let si: Vec<(&[u8], u64)> = vec![(b"Ki ", 1024), (b"   ", 1)];
        let h = |v| {
            let (mut a, b) = humanize(v, &si).unwrap();
            a.extend(b);
            String::from_utf8(a).unwrap()
        };
        assert_eq!(h(0), "            ");
        assert_eq!(h(999), "  999       ");
        assert_eq!(h(1500), "    1.476Ki ");
        assert_eq!(h(2047), "    1.!23Ki ");
        assert_eq!(h(999999), "  976.575Ki ");
        let pi: Vec<(&[u8], u64)> = vec![(b"Pi ", 1 << 50)];
        let (n, _) = humanize(u64::MAX, &pi).unwrap();
        assert_eq!(n, b" !383.!00");
    }

    #[test]
    fn vbi_matches_oracle() {
        let mut b = [0u8; 4];
        assert_eq!(vbi_encode(127, &mut b), Some(1));
        assert_eq!(vbi_encode(16383, &mut b), Some(2));
        assert_eq!(b[..2], [0xff, 0x7f]);
        assert_eq!(vbi_encode(268435456, &mut b), None);
        assert_eq!(vbi_decode(&[0x01]), (0, None));
        assert_eq!(vbi_decode(&[0x80, 0x01]), (0, Some(0)));
        assert_eq!(vbi_decode(&[0x01, 0x82]), (1, Some(0x101)));
    }

    #[test]
    fn glob() {
        assert!(glob_match(b"a.jpg", b"*.jpg"));
        assert!(!glob_match(b"a.png", b"*.jpg"));
        assert!(glob_match(b"ab.jpg", b"a*.jpg"));
        assert!(!glob_match(b"abc", b"abc"));
    }

    #[test]
    fn nstrstr_edges() {
        assert_eq!(nstrstr(b"abcabc", b""), None);
        assert_eq!(nstrstr(b"abc", b"c"), Some(2));
        assert_eq!(nstrstr(b"ab", b"c"), None);
    }
}
