//! `struct lws`: one connection ("wsi").
//!
//! In this foundation the only wsis are the temporary ones lws passes to
//! vhost-level callbacks (PROTOCOL_INIT, EVENT_WAIT_CANCELLED...), which
//! carry the context, vhost and protocol; the server issue adds sockets.
//!
//! A wsi's timers (`sul_timeout`, `sul_hrtimer`, `sul_validity`) are
//! cancelled before its memory goes (`conn::close`'s unhook), so a timer
//! callback's sul is always the field of a live wsi; a temporary wsi never
//! gets one (the setters refuse `fake` wsis).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::cell::{Cell, RefCell, UnsafeCell};
use core::ffi::{c_int, c_void};

use crate::abi::callbacks::lws_callback_reasons;
use crate::abi::protocols_plugins::lws_protocols;
use crate::abi::retry::lws_retry_bo_t;
use crate::abi::timeout_timer::lws_sorted_usec_list_t;
use crate::core::{lws_context, lws_vhost};

pub use crate::abi::protocols_plugins::LwsCallback;

/// A connection (opaque to C).
pub struct lws {
    pub context: *mut lws_context,
    pub vhost: Cell<*mut lws_vhost>,
    pub protocol: Cell<*const lws_protocols>,
    pub user_space: Cell<*mut c_void>,
    pub opaque_user_data: Cell<*mut c_void>,
    pub opaque_parent_data: Cell<*mut c_void>,
    pub parent: Cell<*mut lws>,
    pub child_list: Cell<*mut lws>,
    pub sibling_list: Cell<*mut lws>,
    pub tsi: u8,
    /// A temporary wsi living only for one callback: timers refuse it.
    pub fake: bool,
    pub child_pending_on_writable: Cell<bool>,
    pub close_payload: RefCell<Vec<u8>>,
    pub rx_packet_remaining: Cell<usize>,
    pub pending_timeout: Cell<c_int>,
    pub retry_policy: Cell<*const lws_retry_bo_t>,
    pub sul_timeout: UnsafeCell<lws_sorted_usec_list_t>,
    pub sul_hrtimer: UnsafeCell<lws_sorted_usec_list_t>,
    /// The retry policy's validity check (ping / hang-up), see
    /// `conn::validity`.
    pub sul_validity: UnsafeCell<lws_sorted_usec_list_t>,
    /// Socket, parser and buffer state of a real connection.
    pub c: crate::core::conn::ConnState,
}

impl lws {
    pub fn new(context: *mut lws_context, vhost: *mut lws_vhost, protocol: *const lws_protocols, fake: bool) -> lws {
        lws {
            context,
            vhost: Cell::new(vhost),
            protocol: Cell::new(protocol),
            user_space: Cell::new(core::ptr::null_mut()),
            opaque_user_data: Cell::new(core::ptr::null_mut()),
            opaque_parent_data: Cell::new(core::ptr::null_mut()),
            parent: Cell::new(core::ptr::null_mut()),
            child_list: Cell::new(core::ptr::null_mut()),
            sibling_list: Cell::new(core::ptr::null_mut()),
            tsi: 0,
            fake,
            child_pending_on_writable: Cell::new(false),
            close_payload: RefCell::new(Vec::new()),
            rx_packet_remaining: Cell::new(0),
            pending_timeout: Cell::new(0),
            retry_policy: Cell::new(core::ptr::null()),
            // SAFETY: an all-zero sul is the detached state.
            sul_timeout: UnsafeCell::new(unsafe { core::mem::zeroed() }),
            // SAFETY: as `sul_timeout`.
            sul_hrtimer: UnsafeCell::new(unsafe { core::mem::zeroed() }),
            // SAFETY: as `sul_timeout`.
            sul_validity: UnsafeCell::new(unsafe { core::mem::zeroed() }),
            c: Default::default(),
        }
    }
}

/// Calls `prot`'s callback.  Holds no reference into library state while
/// C runs.
///
/// # Safety
/// `wsi` NULL or valid, `prot` NULL or valid.
pub unsafe fn call_protocol(
    wsi: *mut lws,
    prot: *const lws_protocols,
    reason: lws_callback_reasons,
    user: *mut c_void,
    in_: *mut c_void,
    len: usize,
) -> c_int {
    // SAFETY: the caller's contract is call_protocol_raw's.
    unsafe { call_protocol_raw(wsi, prot, reason as c_int, user, in_, len) }
}

/// [`call_protocol`] with a reason given by C (any value).
///
/// # Safety
/// As [`call_protocol`].
pub unsafe fn call_protocol_raw(
    wsi: *mut lws,
    prot: *const lws_protocols,
    reason: c_int,
    user: *mut c_void,
    in_: *mut c_void,
    len: usize,
) -> c_int {
    if prot.is_null() {
        return 0;
    }
    // SAFETY: `prot` is valid (caller) and not NULL.
    let cb = unsafe { (*prot).callback };
    // SAFETY: `wsi` is valid (caller) and not NULL.
    let ctx = if wsi.is_null() { core::ptr::null_mut() } else { unsafe { (*wsi).context } };
    let Some(f) = cb else { return 0 };
    // restores the depth also when the thread is cancelled in the callback
    struct Depth(*mut lws_context);
    impl Drop for Depth {
        fn drop(&mut self) {
            if !self.0.is_null() {
                // SAFETY: the context outlives the callbacks made on it.
                unsafe { (*self.0).cb_depth.set((*self.0).cb_depth.get() - 1) };
            }
        }
    }
    if !ctx.is_null() {
        // SAFETY: a valid wsi's context is valid.
        unsafe { (*ctx).cb_depth.set((*ctx).cb_depth.get() + 1) };
    }
    let _depth = Depth(ctx);
    // a connection's callback counts in its in_cb: a close asked for
    // inside only marks it, and the wsi (with its session data, which
    // the callback may go on using) stays allocated until it returned;
    // a temporary wsi is its caller's to free
    // SAFETY: a non-NULL wsi is valid (caller).
    let _in_cb = (!wsi.is_null() && unsafe { !(*wsi).fake }).then(|| unsafe { crate::core::conn::InCb::new(wsi) });
    // SAFETY: the protocol's callback, with the arguments its reason
    // defines, through `call_out`; nothing of ours is borrowed across it.
    crate::cancel::call_out(|| unsafe { f(wsi, reason, user, in_, len) })
}

/// Calls `prot` with a temporary wsi bound to `ctx` / `vh` / `prot`.
///
/// # Safety
/// `ctx` valid; `vh`, `prot` NULL or valid.
pub unsafe fn call_fake(
    ctx: *mut lws_context,
    vh: *mut lws_vhost,
    prot: *const lws_protocols,
    cb_prot: *const lws_protocols,
    reason: lws_callback_reasons,
    in_: *mut c_void,
) -> c_int {
    let fake = FakeWsi::new(ctx, vh, prot);
    // SAFETY: the fake wsi lives until after the call; `cb_prot` is NULL
    // or valid (caller).
    unsafe { call_protocol(fake.0, cb_prot, reason, core::ptr::null_mut(), in_, 0) }
}

/// A temporary wsi for a callback made outside any connection; freed when
/// dropped (also when the thread is cancelled in the callback).
pub struct FakeWsi(pub *mut lws);

impl FakeWsi {
    /// A fake wsi bound to `ctx` / `vh` / `prot`.
    pub fn new(ctx: *mut lws_context, vh: *mut lws_vhost, prot: *const lws_protocols) -> FakeWsi {
        FakeWsi(Box::into_raw(Box::new(lws::new(ctx, vh, prot, true))))
    }
}

impl Drop for FakeWsi {
    fn drop(&mut self) {
        // SAFETY: made by `Box::into_raw` in `new`, freed only here.
        drop(unsafe { Box::from_raw(self.0) });
    }
}

/// The `lws_set_timer_usecs` timer fired: LWS_CALLBACK_TIMER.
///
/// # Safety
/// Called by the timer list only, with a wsi's `sul_hrtimer`.
unsafe extern "C-unwind" fn hrtimer_cb(sul: *mut lws_sorted_usec_list_t) {
    let off = core::mem::offset_of!(lws, sul_hrtimer);
    // SAFETY: only `set_timer_usecs` schedules this callback, on the
    // `sul_hrtimer` of a live wsi (module doc), so stepping back by the
    // field's offset stays inside that wsi.
    let wsi = unsafe { (sul as *mut u8).sub(off) } as *mut lws;
    // called by C (the timer list): a boundary like an entry point
    // SAFETY: `wsi` is live (above).
    crate::ffi_guard!((), { unsafe { crate::core::conn::timer_fired(wsi) } })
}

/// The `lws_set_timeout` timer fired: closes the connection.
///
/// # Safety
/// Called by the timer list only, with a wsi's `sul_timeout`.
unsafe extern "C-unwind" fn timeout_cb(sul: *mut lws_sorted_usec_list_t) {
    let off = core::mem::offset_of!(lws, sul_timeout);
    // SAFETY: as in `hrtimer_cb`, for `sul_timeout` (scheduled only by
    // `set_timeout`).
    let wsi = unsafe { (sul as *mut u8).sub(off) } as *mut lws;
    // SAFETY: `wsi` is live (above).
    crate::ffi_guard!((), { unsafe { close_for_timeout(wsi) } })
}

/// Closes a connection whose timeout expired.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn close_for_timeout(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller).
    unsafe { crate::core::conn::timeout_close(wsi) };
}

/// `lws_set_timer_usecs`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn set_timer_usecs(wsi: *mut lws, usecs: i64) {
    // SAFETY: `wsi` and its context are valid (caller); the sul is the
    // wsi's own, cancelled before it is freed (module doc).
    unsafe {
        if (*wsi).fake {
            lwsl_warn!("lws_set_timer_usecs: ignored on a temporary wsi\n");
            return;
        }
        let sul = (*wsi).sul_hrtimer.get();
        // as the oracle: no special case for LWS_SET_TIMER_USEC_CANCEL
        // (-1) here, so it makes the TIMER fire at once instead of
        // cancelling it
        (*sul).cb = Some(hrtimer_cb);
        (*sul).us = hrtimer_deadline(crate::core::sul::now_us(), usecs);
        crate::core::sul::schedule_abs((*wsi).context, 0, sul);
    }
}

/// When a wsi timer set `usecs` from `now` is due (a negative delay, such
/// as LWS_SET_TIMER_USEC_CANCEL, is already due).
fn hrtimer_deadline(now: i64, usecs: i64) -> i64 {
    now.saturating_add(usecs)
}

/// `LWS_TO_KILL_ASYNC`.
const LWS_TO_KILL_ASYNC: c_int = -1;

/// `lws_set_timeout`: `secs` 0 cancels; `LWS_TO_KILL_*` (negative) asks for
/// an immediate close.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn set_timeout(wsi: *mut lws, reason: c_int, secs: c_int) {
    // SAFETY: as in `set_timer_usecs`; `wsi` is not used after
    // close_for_timeout, which may free it.
    unsafe {
        if (*wsi).fake {
            lwsl_warn!("lws_set_timeout: ignored on a temporary wsi\n");
            return;
        }
        let sul = (*wsi).sul_timeout.get();
        if secs == 0 {
            crate::core::sul::cancel(sul);
            (*wsi).pending_timeout.set(0);
            return;
        }
        (*wsi).pending_timeout.set(reason);
        if secs < 0 {
            if secs == LWS_TO_KILL_ASYNC {
                // as the oracle: a timeout due now, closed from the event
                // loop after the caller returns
                crate::core::sul::schedule_rel((*wsi).context, 0, sul, Some(timeout_cb), 0);
                return;
            }
            close_for_timeout(wsi);
            return;
        }
        lwsl_debug!("lws_set_timeout: wsi {:p}: {} secs, reason {}\n", wsi, secs, reason);
        crate::core::sul::schedule_rel((*wsi).context, 0, sul, Some(timeout_cb), secs as i64 * 1_000_000);
    }
}

/// The wsi's context and retry policy (its own, else its vhost's, else the
/// context's).
///
/// # Safety
/// `wsi` valid.
pub unsafe fn context_and_retry(wsi: *mut lws) -> (*mut lws_context, *const lws_retry_bo_t) {
    // SAFETY: `wsi` valid (caller); its vhost and context, when set, are
    // live while it is.
    unsafe {
        let ctx = (*wsi).context;
        let mut r = (*wsi).retry_policy.get();
        let vh = (*wsi).vhost.get();
        if r.is_null() && !vh.is_null() {
            r = (*vh).retry_policy;
        }
        if r.is_null() && !ctx.is_null() {
            r = (*ctx).retry_policy;
        }
        (ctx, r)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn timer_cancel_value_is_due_at_once() {
        assert_eq!(super::hrtimer_deadline(1000, -1), 999);
        assert_eq!(super::hrtimer_deadline(1000, 50_000), 51_000);
    }
}
