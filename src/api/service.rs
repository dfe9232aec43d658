//! C API of `libwebsockets/lws-service.h`: running the event loop.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;

use crate::core::{lws, lws_context};

/// One pass of the event loop: runs due timers, waits for the next timer,
/// an event or `lws_cancel_service`, and handles what happened.  A
/// negative `timeout_ms` means "do not wait"; other values are ignored (as
/// upstream 4.1).  Returns 0, or -1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_service(context: *mut lws_context, timeout_ms: c_int) -> c_int {
    ffi_guard!(-1, {
        if context.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs)
        // for the whole pass.  A callback of the pass destroying it is a
        // known use-after-free (core::context::destroy).
        unsafe { crate::core::service::service(context, timeout_ms) }
    })
}

/// `lws_service` for service thread `tsi` (only thread 0 exists).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_service_tsi(context: *mut lws_context, timeout_ms: c_int, tsi: c_int) -> c_int {
    ffi_guard!(-1, {
        if context.is_null() || tsi != 0 {
            return -1;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs)
        // for the whole pass.  A callback of the pass destroying it is a
        // known use-after-free (core::context::destroy).
        unsafe { crate::core::service::service(context, timeout_ms) }
    })
}

/// The platform service pass behind `lws_service_tsi` (exported by Debian
/// for its event-library plugins, declared in no public header).
/// cbindgen:ignore
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_service_tsi(context: *mut lws_context, timeout_ms: c_int, tsi: c_int) -> c_int {
    // lws_service_tsi's body, not a call of that export: one guard per
    // call from C (docs/architecture.md, "Entry points").
    ffi_guard!(-1, {
        if context.is_null() || tsi != 0 {
            return -1;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs)
        // for the whole pass.  A callback of the pass destroying it is a
        // known use-after-free (core::context::destroy).
        unsafe { crate::core::service::service(context, timeout_ms) }
    })
}

/// `lws_cancel_service` for the service thread of `wsi`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_cancel_service_pt(wsi: *mut lws) {
    ffi_guard!((), {
        // SAFETY: a non-NULL wsi is a live connection (the C contract),
        // which may be used from any thread for this: `context` is never
        // written after creation, and cancel touches only Sync fields.
        if wsi.is_null() || unsafe { (*wsi).context }.is_null() {
            return;
        }
        // SAFETY: see above.
        unsafe { lws_context::cancel((*wsi).context) }
    })
}

/// Wakes the service loop (callable from any thread); the next pass
/// delivers LWS_CALLBACK_EVENT_WAIT_CANCELLED to every protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_cancel_service(context: *mut lws_context) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive (the C contract); cancel is
        // the cross-thread part of it.
        unsafe { lws_context::cancel(context) }
    })
}

/// Services one descriptor that the caller's own poll loop found ready:
/// accepts on a listening socket, writes then reads on a connection.
/// Returns 0 when it was served (`revents` is then zeroed) or is not one
/// of the library's (`revents` untouched), 1 when the connection got
/// closed, -1 for a NULL context or pollfd or a negative fd (where the
/// oracle asserts).  It does not run timers: only `lws_service` does.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_service_fd(context: *mut lws_context, pollfd: *mut libc::pollfd) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL pollfd is the caller's (the C contract).
        if context.is_null() || pollfd.is_null() || unsafe { (*pollfd).fd } < 0 {
            return -1;
        }
        // SAFETY: both non-NULL, so valid (the C contract); as for
        // lws_service, through the callbacks.
        unsafe { crate::core::service::service_fd(context, pollfd) }
    })
}

/// `lws_service_fd` for service thread `tsi`.  This build has one service
/// thread, and the oracle looks descriptors up context-wide: any `tsi`
/// serves the descriptor like `lws_service_fd`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_service_fd_tsi(context: *mut lws_context, pollfd: *mut libc::pollfd, tsi: c_int) -> c_int {
    ffi_guard!(-1, {
        let _ = tsi;
        // SAFETY: the caller's arguments, under the same contract.
        unsafe { lws_service_fd(context, pollfd) }
    })
}

/// For external poll loops: shortens `timeout_ms` to 0 if lws has
/// buffered work pending.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_service_adjust_timeout(context: *mut lws_context, timeout_ms: c_int, tsi: c_int) -> c_int {
    ffi_guard!(timeout_ms, {
        let _ = (context, tsi);
        // no connection can hold buffered input yet, so nothing is pending
        timeout_ms
    })
}

/// Handles POLLOUT on a connection from an external poll loop.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_handle_POLLOUT_event(wsi: *mut lws, pollfd: *mut libc::pollfd) -> c_int {
    ffi_guard!(-1, {
        let _ = (wsi, pollfd);
        not_implemented!("lws_handle_POLLOUT_event", -1)
    })
}
