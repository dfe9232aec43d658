//! C API of `libwebsockets/lws-logs.h`.  (Placeholder: the logs group owner
//! replaces this with the full implementation.)

use core::ffi::{c_char, c_int, CStr};
use std::io::Write;

/// Default emitter: writes the line to stderr.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lwsl_emit_stderr(_level: c_int, line: *const c_char) {
    if line.is_null() {
        return;
    }
    let s = unsafe { CStr::from_ptr(line) };
    let _ = std::io::stderr().write_all(s.to_bytes());
}
