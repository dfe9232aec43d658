//! The C ABI: every `#[repr(C)]` type, constant and type alias of the
//! C API, one module per header group (`src/api/<group>.rs` holds that
//! group's functions and re-exports these).  The leaf of the crate's
//! layers: it uses nothing of the crate but the three opaque handle
//! types (`lws`, `lws_context`, `lws_vhost`) it points to
//! (docs/architecture.md, "Layers").

pub mod adopt;
pub mod base;
pub mod callbacks;
pub mod cgi;
pub mod client;
pub mod context_vhost;
pub mod dll2;
pub mod http;
pub mod lejp;
pub mod lwsac;
pub mod misc;
pub mod network_helper;
pub mod protocols_plugins;
pub mod retry;
pub mod sha1_base64;
pub mod smd;
pub mod spa;
pub mod state;
pub mod system;
pub mod timeout_timer;
pub mod tokenize;
pub mod vfs;
pub mod write;
pub mod ws_close;
pub mod ws_ext;
pub mod x509;
