//! The C API, one module per upstream header group.
//!
//! `src/api/<group>.rs` holds the `#[repr(C)]` types and `extern "C"`
//! functions that upstream documents in `libwebsockets/lws-<group>.h`;
//! build.rs runs cbindgen on each file to produce
//! `include/libwebsockets/gen/lws-<group>.h`, which the hand-written
//! `include/libwebsockets/lws-<group>.h` includes.
//!
//! The caller's contract, which the `SAFETY:` comments of the exports
//! cite as "the C contract": what upstream's headers require of a C
//! caller, and upstream has undefined behaviour without.
//! - A non-NULL handle (`struct lws *`, `struct lws_context *`,
//!   `struct lws_vhost *`, ...) is one the library gave out and that is
//!   still alive; NULL is checked and gets the failure value.
//! - A buffer comes with the length the header documents for it (`len`
//!   bytes, `LWS_PRE` before a `lws_write` payload, ...), valid for the
//!   call.
//! - A `const char *` is NULL (where allowed) or NUL-terminated.
//! - Application memory the library keeps (protocol tables, mounts, pvo
//!   lists, timers and list elements embedded in the application's
//!   structs) stays valid and in place as long as the header says.
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod base;

pub mod adopt;
pub mod callbacks;
pub mod cgi;
pub mod client;
pub mod context_vhost;
pub mod dll2;
pub mod eventlib_exports;
pub mod http;
pub mod lejp;
pub mod logs;
pub mod lwsac;
pub mod misc;
pub mod misc_wsi;
pub mod network_helper;
pub mod protocols_plugins;
pub mod purify;
pub mod retry;
pub mod ring;
pub mod service;
pub mod sha1_base64;
pub mod smd;
pub mod spa;
pub mod state;
pub mod system;
pub mod timeout_timer;
pub mod tokenize;
pub mod vfs;
pub mod write;
pub mod writeable;
pub mod ws_close;
pub mod ws_ext;
pub mod ws_state;
pub mod x509;
