//! C API of `libwebsockets/lws-timeout-timer.h`: connection timeouts and
//! the sorted microsecond timer list ("sul") that drives every lws timer.
//!
//! A `lws_sorted_usec_list_t` lives in the caller's memory; it is linked
//! into one of the context's sorted owner lists (see `core::sul`).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;
pub use crate::abi::timeout_timer::*;

use crate::api::base::lws_usec_t;
use crate::api::dll2::lws_dll2_owner_t;
use crate::core::{lws, lws_context};




/// Arms (or with `LWS_TO_KILL_*` closes) the connection timeout.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_timeout(wsi: *mut lws, reason: E_pending_timeout, secs: c_int) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::wsi::set_timeout(wsi, reason, secs) }
    })
}

/// Arms the per-connection timer (LWS_CALLBACK_TIMER) `usecs` from now, or
/// cancels it with `LWS_SET_TIMER_USEC_CANCEL`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_timer_usecs(wsi: *mut lws, usecs: lws_usec_t) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::wsi::set_timer_usecs(wsi, usecs) }
    })
}

/// Schedules `sul` using the deadline and callback already set in it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sul2_schedule(
    context: *mut lws_context,
    tsi: c_int,
    flags: c_int,
    sul: *mut lws_sorted_usec_list_t,
) {
    ffi_guard!((), {
        if context.is_null() || sul.is_null() {
            return;
        }
        let _ = tsi;
        // SAFETY: a non-NULL context is alive and a non-NULL sul is the
        // application's timer, in place while scheduled and on no freed list (the C
        // contract, api/mod.rs).
        unsafe { crate::core::sul::schedule_abs(context, flags, sul) }
    })
}

/// Unschedules `sul` if it is scheduled.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sul_cancel(sul: *mut lws_sorted_usec_list_t) {
    ffi_guard!((), {
        if sul.is_null() {
            return;
        }
        // SAFETY: a non-NULL sul is the application's timer, its list (if any)
        // alive: a freed context detaches its timers first (the C contract).
        unsafe { crate::core::sul::cancel(sul) }
    })
}

/// Writes the deadline of the earliest timer that may wake the system from
/// suspend into `*pearliest`; returns 0 if there is one, 1 if none.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sul_earliest_wakeable_event(
    ctx: *mut lws_context,
    pearliest: *mut lws_usec_t,
) -> c_int {
    ffi_guard!(1, {
        if ctx.is_null() {
            return 1;
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        match unsafe { crate::core::sul::earliest_wakeable(ctx) } {
            Some(us) => {
                if !pearliest.is_null() {
                    // SAFETY: a non-NULL out pointer (the C contract).
                    unsafe { *pearliest = us };
                }
                0
            }
            None => 1,
        }
    })
}

/// Schedules `sul` to call `_cb` in `_us` microseconds (relative to now);
/// `LWS_SET_TIMER_USEC_CANCEL` unschedules it instead.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sul_schedule(
    ctx: *mut lws_context,
    tsi: c_int,
    sul: *mut lws_sorted_usec_list_t,
    _cb: sul_cb_t,
    _us: lws_usec_t,
) {
    ffi_guard!((), {
        if ctx.is_null() || sul.is_null() {
            return;
        }
        let _ = tsi;
        // SAFETY: a non-NULL context is alive and a non-NULL sul is the
        // application's timer, in place while scheduled and on no freed list (the C
        // contract, api/mod.rs).
        unsafe { crate::core::sul::schedule_rel(ctx, crate::core::sul::LWSSULLI_MISS_IF_SUSPENDED, sul, _cb, _us) }
    })
}

/// Like `lws_sul_schedule`, but the timer may wake the system from suspend.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_sul_schedule_wakesuspend(
    ctx: *mut lws_context,
    tsi: c_int,
    sul: *mut lws_sorted_usec_list_t,
    _cb: sul_cb_t,
    _us: lws_usec_t,
) {
    ffi_guard!((), {
        if ctx.is_null() || sul.is_null() {
            return;
        }
        let _ = tsi;
        // SAFETY: a non-NULL context is alive and a non-NULL sul is the
        // application's timer, in place while scheduled and on no freed list (the C
        // contract, api/mod.rs).
        unsafe { crate::core::sul::schedule_rel(ctx, crate::core::sul::LWSSULLI_WAKE_IF_SUSPENDED, sul, _cb, _us) }
    })
}

/// Marks the connection's link as recently proven alive: restarts the
/// retry policy's idle check (`secs_since_valid_ping` /
/// `secs_since_valid_hangup`) of a WebSocket connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_validity_confirmed(wsi: *mut lws) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::validity_confirmed(wsi) }
    })
}

/// Inserts `sul` into the sorted list `own` (by `sul->us`, before any
/// entry with an equal deadline).  Returns 0.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn __lws_sul_insert(own: *mut lws_dll2_owner_t, sul: *mut lws_sorted_usec_list_t) -> c_int {
    ffi_guard!(0, {
        if own.is_null() || sul.is_null() {
            return 0;
        }
        // SAFETY: both non-NULL, so the caller's owner of suls and its sul (the C
        // contract).
        unsafe { crate::core::sul::insert(own, sul) };
        0
    })
}

/// Runs every timer on the `own_len` lists `own` whose deadline is at or
/// before `usnow`, earliest first.  Returns the microseconds from `usnow`
/// until the next pending deadline, or 0 if no timer is left.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn __lws_sul_service_ripe(
    own: *mut lws_dll2_owner_t,
    own_len: c_int,
    usnow: lws_usec_t,
) -> lws_usec_t {
    ffi_guard!(0, {
        if own.is_null() || own_len <= 0 {
            return 0;
        }
        // SAFETY: `own` points to `own_len` valid owners of suls (the C contract).
        unsafe { crate::core::sul::service_ripe(own, own_len as usize, usnow) }
    })
}

