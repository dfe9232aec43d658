//! C-ABI types and constants of `libwebsockets/lws-timeout-timer.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::timeout_timer`.

use core::ffi::*;
use crate::abi::base::lws_usec_t;
use crate::abi::dll2::lws_dll2;

/// Why a connection has a pending timeout (`lws_set_timeout`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum pending_timeout {
    NO_PENDING_TIMEOUT = 0,
    PENDING_TIMEOUT_AWAITING_PROXY_RESPONSE = 1,
    PENDING_TIMEOUT_AWAITING_CONNECT_RESPONSE = 2,
    PENDING_TIMEOUT_ESTABLISH_WITH_SERVER = 3,
    PENDING_TIMEOUT_AWAITING_SERVER_RESPONSE = 4,
    PENDING_TIMEOUT_AWAITING_PING = 5,
    PENDING_TIMEOUT_CLOSE_ACK = 6,
    PENDING_TIMEOUT_UNUSED1 = 7,
    PENDING_TIMEOUT_SENT_CLIENT_HANDSHAKE = 8,
    PENDING_TIMEOUT_SSL_ACCEPT = 9,
    PENDING_TIMEOUT_HTTP_CONTENT = 10,
    PENDING_TIMEOUT_AWAITING_CLIENT_HS_SEND = 11,
    PENDING_FLUSH_STORED_SEND_BEFORE_CLOSE = 12,
    PENDING_TIMEOUT_SHUTDOWN_FLUSH = 13,
    PENDING_TIMEOUT_CGI = 14,
    PENDING_TIMEOUT_HTTP_KEEPALIVE_IDLE = 15,
    PENDING_TIMEOUT_WS_PONG_CHECK_SEND_PING = 16,
    PENDING_TIMEOUT_WS_PONG_CHECK_GET_PONG = 17,
    PENDING_TIMEOUT_CLIENT_ISSUE_PAYLOAD = 18,
    PENDING_TIMEOUT_AWAITING_SOCKS_GREETING_REPLY = 19,
    PENDING_TIMEOUT_AWAITING_SOCKS_CONNECT_REPLY = 20,
    PENDING_TIMEOUT_AWAITING_SOCKS_AUTH_REPLY = 21,
    PENDING_TIMEOUT_KILLED_BY_SSL_INFO = 22,
    PENDING_TIMEOUT_KILLED_BY_PARENT = 23,
    PENDING_TIMEOUT_CLOSE_SEND = 24,
    PENDING_TIMEOUT_HOLDING_AH = 25,
    PENDING_TIMEOUT_UDP_IDLE = 26,
    PENDING_TIMEOUT_CLIENT_CONN_IDLE = 27,
    PENDING_TIMEOUT_LAGGING = 28,
    PENDING_TIMEOUT_THREADPOOL = 29,
    PENDING_TIMEOUT_THREADPOOL_TASK = 30,
    PENDING_TIMEOUT_KILLED_BY_PROXY_CLIENT_CLOSE = 31,
    PENDING_TIMEOUT_USER_OK = 32,
    PENDING_TIMEOUT_USER_REASON_BASE = 1000,
}

/// By-value form of `enum pending_timeout` (any int may arrive from C).
pub type E_pending_timeout = c_int;

/// Callback of a scheduled timer.
pub type sul_cb_t = Option<unsafe extern "C-unwind" fn(sul: *mut lws_sorted_usec_list)>;

/// A timer, embedded in the caller's object.
#[repr(C)]
pub struct lws_sorted_usec_list {
    /// Link on the owner list, sorted by `us`.
    pub list: lws_dll2,
    /// Absolute deadline (lws_now_usecs() timebase); 0 when not scheduled.
    pub us: lws_usec_t,
    pub cb: sul_cb_t,
    pub latency_us: u32,
}

pub type lws_sorted_usec_list_t = lws_sorted_usec_list;

