//! C API of `libwebsockets/lws-writeable.h`: asking for WRITEABLE
//! callbacks, broadcasting callbacks to a protocol, and the per-connection
//! transmit-credit queries.

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_void};

use crate::api::base::{lws_fileofs_t, lws_sockfd_type};
use crate::core::{lws, lws_context, lws_vhost};
use crate::api::protocols_plugins::lws_protocols;
use crate::api::callbacks::E_lws_callback_reasons;

/// Requests a `LWS_CALLBACK_*_WRITEABLE` callback on `wsi` when it can
/// send.  Returns -1 on failure (the connection is closing).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_on_writable(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_on_writable", -1) })
}

/// `lws_callback_on_writable` for every connection of `protocol` in the
/// context.  Returns 0 (also for a NULL context, as lws does).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_on_writable_all_protocol(
    context: *const lws_context,
    protocol: *const lws_protocols,
) -> c_int {
    ffi_guard!(-1, {
        if context.is_null() {
            return 0;
        }
        not_implemented!("lws_callback_on_writable_all_protocol", -1)
    })
}

/// `lws_callback_on_writable` for every connection of `protocol` on
/// `vhost`.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_on_writable_all_protocol_vhost(
    vhost: *const lws_vhost,
    protocol: *const lws_protocols,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_on_writable_all_protocol_vhost", -1) })
}

/// Calls `protocol`'s callback with `reason` for each of its connections
/// in the context.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_all_protocol(
    context: *mut lws_context,
    protocol: *const lws_protocols,
    reason: c_int,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_all_protocol", -1) })
}

/// As `lws_callback_all_protocol`, limited to one vhost (deprecated).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_all_protocol_vhost(
    vh: *mut lws_vhost,
    protocol: *const lws_protocols,
    reason: c_int,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_all_protocol_vhost", -1) })
}

/// As `lws_callback_all_protocol_vhost`, passing `argp` / `len` as the
/// callback's `in` / `len`.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_all_protocol_vhost_args(
    vh: *mut lws_vhost,
    protocol: *const lws_protocols,
    reason: c_int,
    argp: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_all_protocol_vhost_args", -1) })
}

/// Calls every protocol of `wsi`'s vhost with `reason` (deprecated).
/// Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_vhost_protocols(wsi: *mut lws, reason: c_int, r#in: *mut c_void, len: c_int) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_vhost_protocols", -1) })
}

/// Calls every protocol of `vh` with `reason`.  Returns 0, or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_vhost_protocols_vhost(
    vh: *mut lws_vhost,
    reason: c_int,
    r#in: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_vhost_protocols_vhost", -1) })
}

/// The default protocol callback (serves mounts, handles the generic
/// reasons).  Nonzero closes the connection.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_callback_http_dummy(
    wsi: *mut lws,
    reason: E_lws_callback_reasons,
    user: *mut c_void,
    r#in: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_callback_http_dummy", -1) })
}

/// The socket descriptor of `wsi`, or -1 (also for NULL, as lws does).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_get_socket_fd(wsi: *mut lws) -> lws_sockfd_type {
    ffi_guard!(-1, {
        if wsi.is_null() {
            return -1;
        }
        not_implemented!("lws_get_socket_fd", -1)
    })
}

/// How much payload the peer has said it can take, or -1 when the
/// protocol gives no guidance.  Only HTTP/2 carries that information; no
/// connection here speaks it yet, so every connection (and NULL, where lws
/// itself would crash) gets -1.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_get_peer_write_allowance(wsi: *mut lws) -> lws_fileofs_t {
    ffi_guard!(-1, { -1 })
}

/// Reads (`add` == 0) or adds to the tx credit of `wsi` in the direction
/// `peer_to_us` (`LWSTXCR_*`).  0 when the connection has no tx credit.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_wsi_tx_credit(wsi: *mut lws, peer_to_us: c_char, add: c_int) -> c_int {
    ffi_guard!(0, { not_implemented!("lws_wsi_tx_credit", 0) })
}
