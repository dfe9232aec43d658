//! C API of `libwebsockets/lws-logs.h`: the log level mask, the emit
//! function, the stock emitters, timestamps and hexdumps.
//!
//! The state (level mask, emitter) lives in [`crate::log`]; `_lws_log` and
//! `_lws_logv` are variadic and implemented in `csrc/logs.c`, which formats
//! the line and hands it back through [`lws_rs_log_emit`].
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};

use crate::log::{self, emit_stderr, hexdump_lines, timestamp_prefix, EmitFn, LLL_DEBUG, LLL_ERR, LLL_INFO, LLL_NOTICE, LLL_WARN};

c_variadic_export!(_lws_log => lws_shim_lws_log);
c_variadic_export!(_lws_logv => lws_shim_lws_logv);

/// Writes the timestamp prefix for `level` into `p` (at most `len` bytes
/// including the NUL).  Returns the length written, clamped to `len` like
/// `lws_snprintf`; 0 (and an empty string) for a level that is not exactly
/// one known level bit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_timestamp(level: c_int, p: *mut c_char, len: c_int) -> c_int {
    ffi_guard!(0, {
        if p.is_null() || len <= 0 {
            return 0;
        }
        let s = timestamp_prefix(level);
        // SAFETY: `p` has `len` writable bytes (the C contract), apart
        // from our local `s`.
        unsafe { crate::ffi::copy_to_c_buf(p, len as usize, &s) };
        (s.len() as c_int).min(len)
    })
}

/// Stock emitter: writes the line to stderr, prefixed with a timestamp and
/// level tag when `level` is a single level (coloured on a terminal).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_emit_stderr(level: c_int, line: *const c_char) {
    // SAFETY: `line` is NULL or NUL-terminated (the C contract, api/mod.rs).
    ffi_guard!((), { unsafe { emit_stderr(level, line, true) } })
}

/// Stock emitter: writes the line to stderr without a timestamp.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_emit_stderr_notimestamp(level: c_int, line: *const c_char) {
    // SAFETY: as in lwsl_emit_stderr.
    ffi_guard!((), { unsafe { emit_stderr(level, line, false) } })
}

/// Stock emitter: sends the line to syslog with a matching priority.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_emit_syslog(level: c_int, line: *const c_char) {
    ffi_guard!((), {
        // a NULL line reaches syslog as glibc prints a NULL "%s": "(null)"
        let line = if line.is_null() { c"(null)".as_ptr() } else { line };
        let prio = match level {
            LLL_ERR => libc::LOG_ERR,
            LLL_WARN => libc::LOG_WARNING,
            LLL_NOTICE => libc::LOG_NOTICE,
            LLL_INFO => libc::LOG_INFO,
            _ => libc::LOG_DEBUG,
        };
        // SAFETY: constant format string and a NUL-terminated argument.
        unsafe { libc::syslog(prio, c"%s".as_ptr(), line) };
    })
}

/// Sets the enabled level mask and, when `log_emit_function` is not NULL,
/// the emitter (NULL keeps the current one).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_log_level(
    level: c_int,
    log_emit_function: Option<unsafe extern "C" fn(level: c_int, line: *const c_char)>,
) {
    ffi_guard!((), {
        log::set_level(level);
        if let Some(f) = log_emit_function {
            log::set_emit(Some(f as EmitFn));
        }
    })
}

/// Nonzero (the matching bits) if any level in `level` is enabled.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_visible(level: c_int) -> c_int {
    ffi_guard!(leaf, 0, { log::level() & level })
}

/// Called by the C shim with a line formatted by `_lws_log` / `_lws_logv`
/// (visibility already checked): hands it to the current emitter.
///
/// Not part of the libwebsockets API; exported only because the C shim
/// links against it.
/// cbindgen:ignore
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_rs_log_emit(filter: c_int, line: *const c_char) {
    ffi_guard!((), {
        if !line.is_null() {
            // SAFETY: csrc/log.c passes the NUL-terminated line it formatted.
            unsafe { log::emit_line(filter, line) };
        }
    })
}

/// Logs a hexdump of `len` bytes at `vbuf` at level `level`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_hexdump_level(level: c_int, vbuf: *const c_void, len: usize) {
    // SAFETY: `vbuf` NULL or `len` readable bytes (the C contract).
    ffi_guard!((), { unsafe { hexdump_level(level, vbuf, len) } })
}

/// Logs a hexdump at `LLL_DEBUG`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsl_hexdump(buf: *const c_void, len: usize) {
    // Not forwarded to the export `lwsl_hexdump_level`: one guard per
    // call from C (docs/architecture.md, "Entry points").
    // SAFETY: as in lwsl_hexdump_level.
    ffi_guard!((), { unsafe { hexdump_level(LLL_DEBUG, buf, len) } })
}

/// The body of `lwsl_hexdump_level`.
///
/// # Safety
/// `vbuf` is NULL or points to `len` readable bytes.
unsafe fn hexdump_level(level: c_int, vbuf: *const c_void, len: usize) {
    if !log::visible(level) {
        return;
    }
    if len == 0 {
        log::log_str(level, "(hexdump: zero length)\n");
        return;
    }
    if vbuf.is_null() {
        log::log_str(level, "(hexdump: NULL ptr)\n");
        return;
    }
    // SAFETY: the caller passes `len` readable bytes.
    let data = unsafe { core::slice::from_raw_parts(vbuf as *const u8, len) };
    for l in hexdump_lines(data) {
        log::log_str(level, &l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::{exact_level_index, highest_level_index};

    #[test]
    fn level_indexes() {
        assert_eq!(exact_level_index(LLL_ERR), Some(0));
        assert_eq!(exact_level_index(LLL_ERR | LLL_WARN), None);
        assert_eq!(exact_level_index(1 << 12), None);
        assert_eq!(highest_level_index(LLL_ERR | LLL_WARN), Some(1));
        assert_eq!(highest_level_index(LLL_ERR | (1 << 13)), Some(0));
        assert_eq!(highest_level_index(0), None);
    }

    #[test]
    fn timestamp_shape() {
        let t = String::from_utf8(timestamp_prefix(LLL_NOTICE)).unwrap();
        assert_eq!(t.len(), 30);
        assert!(t.starts_with('[') && t.ends_with("] N: "));
        assert!(timestamp_prefix(0).is_empty());
        assert!(timestamp_prefix(LLL_ERR | LLL_WARN).is_empty());
    }

    #[test]
    fn hexdump_matches_oracle() {
        // Expected lines taken from Debian's libwebsockets 4.1.6.
        let l = hexdump_lines(b"hello world, this is hexdump\x01\xff\0");
        assert_eq!(l.len(), 4);
        assert_eq!(l[1], "0000: 68 65 6C 6C 6F 20 77 6F 72 6C 64 2C 20 74 68 69    hello world, thi\n");
        assert_eq!(l[2], "0010: 73 20 69 73 20 68 65 78 64 75 6D 70 01 FF 00       s is hexdump... \n");
        assert_eq!(hexdump_lines(b"0123456789abcdef")[1].len(), 74);
    }

    #[test]
    fn clamp_matches_oracle() {
        let mk = |n: usize| {
            let mut v = vec![b'a'; n];
            v.push(b'\n');
            v
        };
        assert_eq!(log::clamp_line(&mk(253)).len(), 254);
        let c = log::clamp_line(&mk(254));
        assert_eq!(c.len(), 254);
        assert_eq!(*c.last().unwrap(), b'a');
        let c = log::clamp_line(&mk(255));
        assert_eq!(c.len(), 255);
        assert!(c.ends_with(b"aaa...\n"));
    }
}
