//! C-ABI types and constants of `libwebsockets/lws-smd.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::smd`.

use core::ffi::*;
use crate::abi::base::lws_usec_t;

/// A bitmap of message classes.
pub type lws_smd_class_t = u32;

/// Receives a message of a class the peer registered for.
pub type lws_smd_notification_cb_t = Option<
    unsafe extern "C" fn(opaque: *mut c_void, _class: lws_smd_class_t, timestamp: lws_usec_t, buf: *mut c_void, len: usize) -> c_int,
>;

/// A registered peer (opaque).
pub struct lws_smd_peer {
    _p: [u8; 0],
}

