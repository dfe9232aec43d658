//! C-ABI types and constants of `libwebsockets/lws-ws-close.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::ws_close`.

use core::ffi::*;

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

