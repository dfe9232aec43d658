//! C API of `libwebsockets/lws-write.h`: sending data on a connection.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_int, c_uchar};

use crate::core::lws;

/// What `lws_write` sends: a frame or HTTP body type in the low bits,
/// or'ed with flags.  (`LWS_WRITE_CLIENT_IGNORE_XOR_MASK`, which shares
/// the value of `LWS_WRITE_H2_STREAM_END`, is a macro in the header.)
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_write_protocol {
    LWS_WRITE_TEXT = 0,
    LWS_WRITE_BINARY = 1,
    LWS_WRITE_CONTINUATION = 2,
    LWS_WRITE_HTTP = 3,
    LWS_WRITE_PING = 5,
    LWS_WRITE_PONG = 6,
    LWS_WRITE_HTTP_FINAL = 7,
    LWS_WRITE_HTTP_HEADERS = 8,
    LWS_WRITE_HTTP_HEADERS_CONTINUATION = 9,
    LWS_WRITE_BUFLIST = 0x20,
    LWS_WRITE_NO_FIN = 0x40,
    LWS_WRITE_H2_STREAM_END = 0x80,
}
/// By-value form of `enum lws_write_protocol` (flags are or'ed in).
pub type E_lws_write_protocol = c_int;

/// Argument of `LWS_CALLBACK_CHILD_WRITE_VIA_PARENT`.
#[repr(C)]
#[derive(Debug)]
pub struct lws_write_passthru {
    pub wsi: *mut lws,
    pub buf: *mut c_uchar,
    pub len: usize,
    pub wp: E_lws_write_protocol,
}

/// Sends `len` bytes at `buf` (with `LWS_PRE` writable bytes before it).
/// Returns the number of bytes sent, or -1 on a fatal error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_write(wsi: *mut lws, buf: *mut c_uchar, len: usize, protocol: E_lws_write_protocol) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract,
        // api/mod.rs).
        if wsi.is_null() || (buf.is_null() && len != 0) || unsafe { (*wsi).fake } {
            return -1;
        }
        // SAFETY: `buf` has `len` bytes and LWS_PRE writable ones before
        // it (lws_write's contract), what conn::write needs.
        unsafe { crate::core::conn::write(wsi, buf, len, protocol) }
    })
}

/// Ends a raw connection once its buffered output is sent.  Returns -1 if
/// the wsi can close now, 0 if closing waits for the output to drain.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_raw_transaction_completed(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_raw_transaction_completed", -1) })
}
