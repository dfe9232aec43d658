//! C-ABI types and constants of `libwebsockets/lws-protocols-plugins.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::protocols_plugins`.

use core::ffi::*;
use crate::abi::base::lws_event_loop_ops;
use crate::abi::ws_ext::lws_extension;

/// Rust view of a `lws_callback_function *` (the C typedef is a function
/// type, written in the hand-written lws-callbacks.h).
/// cbindgen:ignore
pub type LwsCallback = unsafe extern "C-unwind" fn(
    wsi: *mut crate::core::lws,
    reason: crate::abi::callbacks::E_lws_callback_reasons,
    user: *mut c_void,
    in_: *mut c_void,
    len: usize,
) -> c_int;

rust_only! {
    /// One protocol a vhost serves (Rust view; same layout as the C view).
    #[repr(C)]
    #[derive(Clone, Copy, Debug)]
    pub struct lws_protocols {
        pub name: *const c_char,
        pub callback: Option<LwsCallback>,
        pub per_session_data_size: usize,
        pub rx_buffer_size: usize,
        pub id: c_uint,
        pub user: *mut c_void,
        pub tx_packet_size: usize,
    }
}

/// One protocol a vhost serves; an array of them ends with an entry whose
/// `name` and `callback` are NULL.
#[cfg(cbindgen)]
#[repr(C)]
pub struct lws_protocols {
    /// Protocol name (the websocket subprotocol), NULL ends the array.
    pub name: *const c_char,
    /// The user callback.
    pub callback: *mut lws_callback_function,
    /// Bytes of per-connection user data lws allocates for each wsi.
    pub per_session_data_size: usize,
    /// Receive buffer size (0 = default).
    pub rx_buffer_size: usize,
    /// Free for the user (protocol version...).
    pub id: c_uint,
    /// Free for the user.
    pub user: *mut c_void,
    /// Largest packet to send in one go (0 = rx_buffer_size).
    pub tx_packet_size: usize,
}

/// A name/value option given to a protocol on a vhost, or a list head
/// whose `options` lists the options of the protocol `name`.
#[repr(C)]
#[derive(Debug)]
pub struct lws_protocol_vhost_options {
    pub next: *const lws_protocol_vhost_options,
    pub options: *const lws_protocol_vhost_options,
    pub name: *const c_char,
    pub value: *const c_char,
}

pub const LWS_PLUGIN_API_MAGIC: c_uint = 190;

/// Common header of every plugin export.
#[repr(C)]
pub struct lws_plugin_header {
    pub name: *const c_char,
    pub _class: *const c_char,
    pub api_magic: c_uint,
}

pub type lws_plugin_header_t = lws_plugin_header;

/// Export of a protocol plugin.
#[repr(C)]
pub struct lws_plugin_protocol {
    pub hdr: lws_plugin_header_t,
    pub protocols: *const lws_protocols,
    pub extensions: *const lws_extension,
    pub count_protocols: c_int,
    pub count_extensions: c_int,
}

pub type lws_plugin_protocol_t = lws_plugin_protocol;

/// The loaded-library handle of a plugin.
#[repr(C)]
#[derive(Clone, Copy)]
pub union lws_plugin_u {
    pub l: *mut c_void,
}

/// A loaded plugin, on a singly linked list.
#[repr(C)]
pub struct lws_plugin {
    pub list: *mut lws_plugin,
    pub hdr: *const lws_plugin_header_t,
    pub u: lws_plugin_u,
}

/// Export of an event library plugin.
#[repr(C)]
pub struct lws_plugin_evlib {
    pub hdr: lws_plugin_header_t,
    pub ops: *const lws_event_loop_ops,
}

pub type lws_plugin_evlib_t = lws_plugin_evlib;

pub type each_plugin_cb_t = Option<unsafe extern "C" fn(p: *mut lws_plugin, user: *mut c_void) -> c_int>;

