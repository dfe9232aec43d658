//! C API of `libwebsockets/lws-ws-close.h`: websocket close codes and the
//! close reason sent with the close frame.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_int, c_uchar};

use crate::core::lws;

/// Websocket close status codes (RFC 6455 section 7.4, plus lws' own).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_close_status {
    LWS_CLOSE_STATUS_NOSTATUS = 0,
    LWS_CLOSE_STATUS_NORMAL = 1000,
    LWS_CLOSE_STATUS_GOINGAWAY = 1001,
    LWS_CLOSE_STATUS_PROTOCOL_ERR = 1002,
    LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE = 1003,
    LWS_CLOSE_STATUS_RESERVED = 1004,
    LWS_CLOSE_STATUS_NO_STATUS = 1005,
    LWS_CLOSE_STATUS_ABNORMAL_CLOSE = 1006,
    LWS_CLOSE_STATUS_INVALID_PAYLOAD = 1007,
    LWS_CLOSE_STATUS_POLICY_VIOLATION = 1008,
    LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE = 1009,
    LWS_CLOSE_STATUS_EXTENSION_REQUIRED = 1010,
    LWS_CLOSE_STATUS_UNEXPECTED_CONDITION = 1011,
    LWS_CLOSE_STATUS_TLS_FAILURE = 1015,
    LWS_CLOSE_STATUS_CLIENT_TRANSACTION_DONE = 2000,
    LWS_CLOSE_STATUS_NOSTATUS_CONTEXT_DESTROY = 9999,
}
/// By-value form of `enum lws_close_status` (any code may be passed).
pub type E_lws_close_status = c_int;

/// Sets the status code and payload of the close frame `wsi` will send
/// when the user callback next returns nonzero.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_close_reason(wsi: *mut lws, status: E_lws_close_status, buf: *mut c_uchar, len: usize) {
    ffi_guard!((), {
        // SAFETY: a non-NULL wsi is a live connection (the C contract,
        // api/mod.rs), here and below.
        if wsi.is_null() || unsafe { (*wsi).fake } {
            return;
        }
        // SAFETY: `buf` has `len` bytes (the C contract).
        let reason = if buf.is_null() || len == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(buf, len) } };
        let pl = crate::ws::close::ClosePayload::new(status as u16, reason);
        // SAFETY: see above.
        unsafe { crate::core::conn::set_close_reason(wsi, pl) };
    })
}
