//! Logging core: the log level mask, the emit function, and the
//! Rust-side entry points that internal code uses.
//!
//! The C API (`lws_set_log_level`, `_lws_log`, `lwsl_emit_*`, ...) lives in
//! `api::logs`; this module only holds the state and the minimum that the
//! rest of the crate needs to report errors.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, CStr};
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

pub const LLL_ERR: c_int = 1 << 0;
pub const LLL_WARN: c_int = 1 << 1;
pub const LLL_NOTICE: c_int = 1 << 2;
pub const LLL_INFO: c_int = 1 << 3;
pub const LLL_DEBUG: c_int = 1 << 4;
pub const LLL_PARSER: c_int = 1 << 5;
pub const LLL_HEADER: c_int = 1 << 6;
pub const LLL_EXT: c_int = 1 << 7;
pub const LLL_CLIENT: c_int = 1 << 8;
pub const LLL_LATENCY: c_int = 1 << 9;
pub const LLL_USER: c_int = 1 << 10;
pub const LLL_THREAD: c_int = 1 << 11;
pub const LLL_COUNT: c_int = 12;

/// The emit function type of `lws_set_log_level`.
pub type EmitFn = unsafe extern "C" fn(level: c_int, line: *const c_char);

/// Levels enabled by default, as in libwebsockets 4.1.
pub const DEFAULT_LEVEL: c_int = LLL_ERR | LLL_WARN | LLL_NOTICE;

static LEVEL: AtomicI32 = AtomicI32::new(DEFAULT_LEVEL);
/// 0 means "the built-in stderr emitter".
static EMIT: AtomicUsize = AtomicUsize::new(0);

pub fn level() -> c_int {
    LEVEL.load(Ordering::Relaxed)
}

pub fn set_level(level: c_int) {
    LEVEL.store(level, Ordering::Relaxed);
}

pub fn set_emit(f: Option<EmitFn>) {
    EMIT.store(f.map_or(0, |f| f as usize), Ordering::Relaxed);
}

pub fn emit_fn() -> Option<EmitFn> {
    let v = EMIT.load(Ordering::Relaxed);
    if v == 0 {
        None
    } else {
        // SAFETY: only ever stored from a valid `EmitFn` in `set_emit`.
        Some(unsafe { core::mem::transmute::<usize, EmitFn>(v) })
    }
}

pub fn visible(filter: c_int) -> bool {
    level() & filter != 0
}

/// Emits an already formatted line (normally ending in '\n') at `filter`.
pub fn log_str(filter: c_int, line: &str) {
    log_bytes(filter, line.as_bytes());
}

/// Size of the line buffer of `_lws_log`: a line keeps at most
/// `LINE_BUF - 2` characters; a longer one is cut to `LINE_BUF - 5`
/// characters followed by `"...\n"` (as libwebsockets 4.1 does).
pub const LINE_BUF: usize = 256;

/// Applies the `_lws_log` length limit to a formatted line.
pub fn clamp_line(line: &[u8]) -> Vec<u8> {
    let mut buf: Vec<u8> = line.iter().copied().take_while(|&b| b != 0).collect();
    if buf.len() > LINE_BUF - 1 {
        buf.truncate(LINE_BUF - 5);
        buf.extend_from_slice(b"...\n");
    } else if buf.len() == LINE_BUF - 1 {
        buf.truncate(LINE_BUF - 2);
    }
    buf
}

/// Emits an already formatted line at `filter`, if that level is enabled.
pub fn log_bytes(filter: c_int, line: &[u8]) {
    if !visible(filter) {
        return;
    }
    let mut buf = clamp_line(line);
    buf.push(0);
    // SAFETY: `buf` is NUL-terminated and outlives the call.
    unsafe { emit_line(filter, buf.as_ptr() as *const c_char) };
}

/// Logs a hexdump of `data` at `filter` (nothing is formatted when the
/// level is off).
pub fn hexdump(filter: c_int, data: &[u8]) {
    if !visible(filter) {
        return;
    }
    if data.is_empty() {
        log_str(filter, "(hexdump: zero length)\n");
        return;
    }
    for l in hexdump_lines(data) {
        log_str(filter, &l);
    }
}

/// Hands a NUL-terminated line to the configured emitter.
///
/// # Safety
/// `line` must point to a NUL-terminated string.
pub unsafe fn emit_line(filter: c_int, line: *const c_char) {
    match emit_fn() {
        // SAFETY: the application's emit function (set by
        // lws_set_log_level), called with a NUL-terminated line (caller)
        // through `call_out`.
        Some(f) => crate::cancel::call_out(|| unsafe { crate::cancel::CUnwind::unwind(f)(filter, line) }),
        // SAFETY: `line` is NUL-terminated (caller).
        None => unsafe { emit_stderr(filter, line, true) },
    }
}

/// `lwsl_err!`-style helpers for internal code.
#[macro_export]
macro_rules! lwsl {
    ($lvl:expr, $($arg:tt)*) => {
        if $crate::log::visible($lvl) {
            $crate::log::log_str($lvl, &format!($($arg)*));
        }
    };
}
#[macro_export]
macro_rules! lwsl_err { ($($arg:tt)*) => { $crate::lwsl!($crate::log::LLL_ERR, $($arg)*) }; }
#[macro_export]
macro_rules! lwsl_warn { ($($arg:tt)*) => { $crate::lwsl!($crate::log::LLL_WARN, $($arg)*) }; }
#[macro_export]
macro_rules! lwsl_notice { ($($arg:tt)*) => { $crate::lwsl!($crate::log::LLL_NOTICE, $($arg)*) }; }
#[macro_export]
macro_rules! lwsl_info { ($($arg:tt)*) => { $crate::lwsl!($crate::log::LLL_INFO, $($arg)*) }; }
#[macro_export]
macro_rules! lwsl_debug { ($($arg:tt)*) => { $crate::lwsl!($crate::log::LLL_DEBUG, $($arg)*) }; }

// ---- the stock stderr emitter and the hexdump format ----

/// Level tag letters, indexed by level bit.
pub(crate) const TAGS: &[u8; 12] = b"EWNIDPHXCLUT";

/// Terminal colours (after ESC), indexed by level bit.
pub(crate) const COLOURS: [&str; 12] = [
    "[31;1m", "[36;1m", "[35;1m", "[32;1m", "[34;1m", "[33;1m", "[33m", "[33m", "[33m", "[33;1m", "[0;1m", "[31m",
];

/// Index of `level` if it is exactly one known level bit.
pub(crate) fn exact_level_index(level: c_int) -> Option<usize> {
    (0..LLL_COUNT).find(|&n| level == 1 << n).map(|n| n as usize)
}

/// Index of the highest known level bit set in `level`.
pub(crate) fn highest_level_index(level: c_int) -> Option<usize> {
    (0..LLL_COUNT).rev().find(|&n| level & (1 << n) != 0).map(|n| n as usize)
}

/// The timestamp prefix `[YYYY/MM/DD hh:mm:ss:ffff] X: ` for a single
/// known level (local time, ffff in units of 100us); empty otherwise.
pub fn timestamp_prefix(level: c_int) -> Vec<u8> {
    let Some(idx) = exact_level_index(level) else {
        return Vec::new();
    };
    let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
    // SAFETY: plain libc calls on local out-parameters.
    let tm = unsafe {
        libc::gettimeofday(&mut tv, core::ptr::null_mut());
        let mut tm: libc::tm = core::mem::zeroed();
        let t: libc::time_t = tv.tv_sec;
        if libc::localtime_r(&t, &mut tm).is_null() {
            return Vec::new();
        }
        tm
    };
    format!(
        "[{:04}/{:02}/{:02} {:02}:{:02}:{:02}:{:04}] {}: ",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tv.tv_usec / 100,
        TAGS[idx] as char
    )
    .into_bytes()
}

pub(crate) fn stderr_is_tty() -> bool {
    static TTY: OnceLock<bool> = OnceLock::new();
    // SAFETY: isatty has no preconditions.
    *TTY.get_or_init(|| unsafe { libc::isatty(2) } == 1)
}

/// Writes `line` to stderr (the stock emitters).
///
/// # Safety
/// `line` NULL or NUL-terminated.  (Was a safe fn dereferencing it.)
pub(crate) unsafe fn emit_stderr(level: c_int, line: *const c_char, with_timestamp: bool) {
    if line.is_null() {
        return;
    }
    // SAFETY: not NULL, so NUL-terminated (caller).
    let text = unsafe { CStr::from_ptr(line) }.to_bytes();
    let colour = if stderr_is_tty() { highest_level_index(level).map(|i| COLOURS[i]) } else { None };
    let mut out = Vec::with_capacity(text.len() + 48);
    if let Some(c) = colour {
        out.push(0x1b);
        out.extend_from_slice(c.as_bytes());
    }
    if with_timestamp {
        out.extend_from_slice(&timestamp_prefix(level));
    }
    out.extend_from_slice(text);
    if colour.is_some() {
        out.extend_from_slice(b"\x1b[0m");
    }
    let _ = std::io::stderr().write_all(&out);
}

/// The text lines of a hexdump: a blank line, one line per 16 bytes
/// (`OOOO: hh hh ...   ascii`), and a blank line.
pub fn hexdump_lines(data: &[u8]) -> Vec<String> {
    let mut lines = vec!["\n".to_string()];
    for (i, chunk) in data.chunks(16).enumerate() {
        let mut l = format!("{:04X}: ", i * 16);
        for k in 0..16 {
            match chunk.get(k) {
                Some(b) => l.push_str(&format!("{b:02X} ")),
                None => l.push_str("   "),
            }
        }
        l.push_str("   ");
        for k in 0..16 {
            l.push(match chunk.get(k) {
                Some(&b) if (0x20..0x7f).contains(&b) => b as char,
                Some(_) => '.',
                None => ' ',
            });
        }
        l.push('\n');
        lines.push(l);
    }
    lines.push("\n".to_string());
    lines
}


#[cfg(test)]
mod tests {
    use super::*;

    /// A value whose formatting is a test failure.
    struct NeverShown;
    impl core::fmt::Display for NeverShown {
        fn fmt(&self, _: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            panic!("formatted although the level is off")
        }
    }

    #[test]
    fn a_disabled_level_costs_no_formatting() {
        let old = level();
        set_level(LLL_ERR);
        let mut evaluated = 0;
        let mut arg = || {
            evaluated += 1;
            NeverShown
        };
        crate::lwsl_info!("{}\n", arg());
        crate::lwsl_debug!("{}\n", arg());
        crate::lwsl_notice!("{}\n", arg());
        hexdump(LLL_DEBUG, b"abc");
        set_level(old);
        assert_eq!(evaluated, 0);
    }
}
