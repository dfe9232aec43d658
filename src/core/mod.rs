//! The library's internal objects behind the opaque C handles.
//!
//! C only ever holds pointers to these; their layout is private.

pub mod context;
pub mod vhost;
pub mod wsi;

pub use context::lws_context;
pub use vhost::lws_vhost;
pub use wsi::lws;
