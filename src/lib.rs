//! A memory-safe re-implementation of libwebsockets 4.1.6, ABI-compatible
//! with Debian's `libwebsockets.so.17`.
//!
//! Layout:
//! - [`api`]: the C surface, one module per upstream header group
//!   (`lws-ring.h` <-> `api::ring`).  Thin: argument checks, panic
//!   boundary, conversion; the work happens in the internal modules.
//! - [`ffi`]: the helpers every `extern "C"` function uses (panic boundary,
//!   "not implemented" reporting, C string helpers, variadic trampolines).
//! - [`log`]: the logging core behind `lws_set_log_level` / `_lws_log`.
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]
#![allow(clippy::missing_safety_doc)]

#[macro_use]
pub mod ffi;
pub mod cancel;
#[macro_use]
pub mod log;

pub mod abi;
pub mod api;
pub mod buflist;
pub mod dll2;
pub mod core;
pub mod h1;
pub mod http;
pub mod ws;
pub mod pmd;
pub mod tls;
