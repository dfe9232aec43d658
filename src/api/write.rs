//! C API of `libwebsockets/lws-write.h`: sending data on a connection.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_int, c_uchar};
pub use crate::abi::write::*;

use crate::core::lws;



/// Sends `len` bytes at `buf` (with `LWS_PRE` writable bytes before it).
/// Returns the number of bytes sent, or -1 on a fatal error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_write(wsi: *mut lws, buf: *mut c_uchar, len: usize, protocol: E_lws_write_protocol) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract,
    // api/mod.rs); `buf` has `len` bytes and LWS_PRE writable ones before
    // it (lws_write's contract), what conn::write needs.
    ffi_guard!(-1, { unsafe { crate::core::conn::write(wsi, buf, len, protocol) } })
}

/// Ends a raw connection once its buffered output is sent.  Returns -1 if
/// the wsi can close now, 0 if closing waits for the output to drain.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_raw_transaction_completed(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_raw_transaction_completed", -1) })
}
