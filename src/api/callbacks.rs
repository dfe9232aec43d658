//! C API of `libwebsockets/lws-callbacks.h`: the reasons a protocol
//! callback is called for, and the small structs some reasons pass in `in`.
//!
//! `struct lws_ssl_info` (a member named `where`), the anonymous
//! `LWS_TLS_*` enum and the macros are in the hand-written header.
//! The callback function type itself (`lws_callback_function`, a C
//! function typedef) is written in the hand-written header, because
//! cbindgen can only express function *pointer* typedefs; Rust code uses
//! [`crate::abi::protocols_plugins::LwsCallback`].

pub use crate::abi::callbacks::*;





