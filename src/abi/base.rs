//! C-ABI types and constants of `libwebsockets/lws-base.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::base`.

use core::ffi::*;

/// A socket descriptor (`int` on POSIX).
pub type lws_sockfd_type = c_int;

/// A file descriptor (`int` on POSIX).
pub type lws_filefd_type = c_int;

/// Microseconds, as used by every lws timer API.
pub type lws_usec_t = i64;

pub type lws_filepos_t = c_ulonglong;

pub type lws_fileofs_t = c_longlong;

pub type lws_fop_flags_t = u32;

/// Argument of the external-poll callbacks (`LWS_CALLBACK_*_POLL_FD`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct lws_pollargs {
    /// The descriptor concerned.
    pub fd: lws_sockfd_type,
    /// The new event mask.
    pub events: c_int,
    /// The previous event mask.
    pub prev_events: c_int,
}

/// Opaque to C: the event-library operations of an evlib plugin.
pub struct lws_event_loop_ops {
    _private: [u8; 0],
}

/// Opaque to C: the per-service-thread part of a context.
pub struct lws_context_per_thread {
    _private: [u8; 0],
}

/// Opaque to C: a sequencer (not built in Debian's configuration; only
/// referenced by pointer from `lws_client_connect_info`).
pub struct lws_sequencer {
    _private: [u8; 0],
}

