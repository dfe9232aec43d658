//! Placeholders for types owned by other groups, used by the http-family
//! groups by pointer (or, for enums, by the `E_` by-value alias) only.
//! The lead replaces each with the owning group's real definition at merge.

use core::ffi::c_int;

/// `struct lws_retry_bo` (lws-retry.h, core).  Headers name it through its
/// tag, which is the same type as Debian's `lws_retry_bo_t`.
pub struct lws_retry_bo {
    _p: [u8; 0],
}

/// `struct lws_protocols` (lws-protocols-plugins.h, core).
pub struct lws_protocols {
    _p: [u8; 0],
}

/// `struct lws_protocol_vhost_options` (lws-context-vhost.h, core).
pub struct lws_protocol_vhost_options {
    _p: [u8; 0],
}

/// `struct lws_context_creation_info` (lws-context-vhost.h, core).
pub struct lws_context_creation_info {
    _p: [u8; 0],
}

/// `struct lws_context_per_thread` (internal to the core; Debian's header
/// only forward-declares it for the event-lib exports).
pub struct lws_context_per_thread {
    _p: [u8; 0],
}

/// `struct lws_sequencer` (Debian's libwebsockets.h forward-declares it;
/// LWS_WITH_SEQUENCER is off, so it stays opaque).
pub struct lws_sequencer {
    _p: [u8; 0],
}

/// `struct lwsac` (lws-lwsac.h, utilB).
pub struct lwsac {
    _p: [u8; 0],
}

/// By-value form of `enum lws_callback_reasons` (lws-callbacks.h, core).
pub type E_lws_callback_reasons = c_int;
