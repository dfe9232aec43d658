//! C-ABI types and constants of `libwebsockets/lws-ws-ext.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::ws_ext`.

use core::ffi::*;
use crate::core::{lws, lws_context};

/// Why an extension callback is called.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_extension_callback_reasons {
    LWS_EXT_CB_CONSTRUCT = 4,
    LWS_EXT_CB_CLIENT_CONSTRUCT = 5,
    LWS_EXT_CB_DESTROY = 8,
    LWS_EXT_CB_PACKET_TX_PRESEND = 12,
    LWS_EXT_CB_PAYLOAD_TX = 21,
    LWS_EXT_CB_PAYLOAD_RX = 22,
    LWS_EXT_CB_OPTION_DEFAULT = 23,
    LWS_EXT_CB_OPTION_SET = 24,
    LWS_EXT_CB_OPTION_CONFIRM = 25,
    LWS_EXT_CB_NAMED_OPTION_SET = 26,
}

/// By-value form of `enum lws_extension_callback_reasons`.
pub type E_lws_extension_callback_reasons = c_int;

/// Kind of value an extension option takes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_ext_options_types {
    /// No value.
    EXTARG_NONE,
    /// A decimal value.
    EXTARG_DEC,
    /// An optional decimal value.
    EXTARG_OPT_DEC,
}

/// By-value form of `enum lws_ext_options_types`.
pub type E_lws_ext_options_types = c_int;

/// One option an extension understands.
#[repr(C)]
#[derive(Debug)]
pub struct lws_ext_options {
    /// Option name; NULL ends the array.
    pub name: *const c_char,
    pub r#type: E_lws_ext_options_types,
}

/// An option being set (`LWS_EXT_CB_OPTION_SET` / `_NAMED_OPTION_SET`).
#[repr(C)]
#[derive(Debug)]
pub struct lws_ext_option_arg {
    /// Option name, for `_NAMED_OPTION_SET`.
    pub option_name: *const c_char,
    /// Option index in the extension's option array.
    pub option_index: c_int,
    /// Value text (not NUL-terminated).
    pub start: *const c_char,
    /// Length of the value text.
    pub len: c_int,
}

/// One websocket extension offered or accepted.
#[repr(C)]
#[derive(Debug)]
pub struct lws_extension {
    /// Extension name, e.g. "permessage-deflate"; NULL ends the array.
    pub name: *const c_char,
    /// The extension's implementation.
    pub callback: Option<
        unsafe extern "C" fn(
            context: *mut lws_context,
            ext: *const lws_extension,
            wsi: *mut lws,
            reason: E_lws_extension_callback_reasons,
            user: *mut c_void,
            r#in: *mut c_void,
            len: usize,
        ) -> c_int,
    >,
    /// Offer a client sends, e.g. "permessage-deflate; client_max_window_bits".
    pub client_offer: *const c_char,
}

