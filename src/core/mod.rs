//! The library's internal objects behind the opaque C handles, and the
//! single-threaded event loop that drives them.
//!
//! Design (see each module):
//! - [`context::lws_context`] is boxed and never moves; C holds a raw
//!   pointer.  It owns its vhosts (raw pointers to boxed [`vhost::lws_vhost`]),
//!   the two sorted timer lists (`sul`), the system state manager, and one
//!   `mio::Poll` (single service thread; `LWS_MAX_SMP` is 1).
//! - `lws_cancel_service` is the only entry point other threads may call: it
//!   sets an atomic flag and wakes the poll through a `mio::Waker`.
//! - Mutable state sits in `Cell`/`RefCell` fields that are borrowed only
//!   briefly, never across a call into C: user callbacks re-enter the
//!   library freely (timers scheduled from timers, vhost private data
//!   allocated from PROTOCOL_INIT, vhosts destroyed from callbacks...).
//!
//! Every `unsafe` block of the core says why it is sound (`SAFETY:`); the
//! lint below keeps it so for new code (`conn::client` is allowed there
//! until it is done).
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod conn;
pub mod context;
pub mod fileserve;
pub mod glib;
pub mod mount;
pub mod netaddr;
pub mod random;
pub mod retry;
pub mod service;
pub mod smd;
pub mod state;
pub mod sul;
pub mod system;
pub mod unsupported;
pub mod vhost;
pub mod wsi;

pub use context::lws_context;
pub use vhost::lws_vhost;
pub use wsi::lws;
