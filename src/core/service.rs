//! One pass of the event loop (`lws_service`).
//!
//! A pass: (first time) ask protocols[0] of the first vhost for its thread
//! id, walk the system state machine to OPERATIONAL (which starts the
//! protocols); run the ripe timers; wait in mio until the next timer, an
//! event, or a cancel (never longer than [`MAX_WAIT_US`], and not at all
//! if `timeout_ms` is negative); then deliver LWS_CALLBACK_EVENT_WAIT_CANCELLED
//! to every protocol of every vhost if `lws_cancel_service` was called.
//! As upstream 4.1, a nonnegative `timeout_ms` does not bound the wait.

use core::ffi::c_int;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::api::callbacks::lws_callback_reasons;
use crate::core::context::{free_pending, LWS_SYSTATE_OPERATIONAL, WAKER_TOKEN};
use crate::core::sul::{now_us, service_ripe, LWS_COUNT_PT_SUL_OWNERS};
use crate::core::conn;
use crate::core::wsi::call_fake;
use crate::core::{lws_context, lws_vhost};

/// Longest wait of one pass (upstream wakes for housekeeping every 30 s).
pub const MAX_WAIT_US: i64 = 30_000_000;

/// `lws_service_tsi`.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn service(ctx: *mut lws_context, timeout_ms: c_int) -> c_int {
    unsafe {
        if (*ctx).destroying.get() {
            return -1;
        }
        if (*ctx).in_service.replace(true) {
            lwsl_err!("lws_service: called recursively from a callback\n");
            return -1;
        }
        let r = service_pass(ctx, timeout_ms);
        (*ctx).in_service.set(false);
        if (*ctx).cb_depth.get() == 0 {
            free_pending(ctx);
        }
        r
    }
}

unsafe fn service_pass(ctx: *mut lws_context, timeout_ms: c_int) -> c_int {
    unsafe {
        (*ctx).net.pass_no.set((*ctx).net.pass_no.get() + 1);
        if !(*ctx).tid_detected.get() {
            let first: Option<*mut lws_vhost> = (*ctx).vhosts.borrow().first().copied();
            if let Some(vh) = first {
                (*ctx).tid_detected.set(true);
                let prot = (*vh).protocols.as_ptr();
                let tid = call_fake(
                    ctx,
                    core::ptr::null_mut(),
                    core::ptr::null(),
                    prot,
                    lws_callback_reasons::LWS_CALLBACK_GET_THREAD_ID,
                    core::ptr::null_mut(),
                );
                (*ctx).service_tid.set(tid);
            }
        }
        if !(*ctx).system_started.replace(true) {
            crate::core::state::transition_steps((*ctx).mgr_system(), LWS_SYSTATE_OPERATIONAL);
        }

        let next = run_timers(ctx);

        let wait_us = if timeout_ms < 0 || (*ctx).cancel_pending.load(Ordering::SeqCst) || conn::has_ripe(ctx) {
            0
        } else if next > 0 {
            next.min(MAX_WAIT_US)
        } else {
            MAX_WAIT_US
        };
        {
            let mut poll = (*ctx).poll.borrow_mut();
            let mut events = (*ctx).events.borrow_mut();
            if let Err(e) = poll.poll(&mut events, Some(Duration::from_micros(wait_us as u64))) {
                if e.kind() != std::io::ErrorKind::Interrupted {
                    lwsl_err!("lws_service: poll failed: {}\n", e);
                    return -1;
                }
            }
            let mut evl = (*ctx).net.evlist.borrow_mut();
            evl.clear();
            for ev in events.iter() {
                if ev.token() == WAKER_TOKEN {
                    // the flag carries the information
                    continue;
                }
                evl.push((
                    ev.token().0,
                    ev.is_readable() || ev.is_read_closed(),
                    ev.is_writable(),
                    ev.is_error(),
                ));
            }
        }
        // the oracle's cancel pipe is its first pollfd: its event is served
        // before the connections' of the same pass
        if (*ctx).cancel_pending.swap(false, Ordering::SeqCst) {
            deliver_to_all_protocols(ctx, lws_callback_reasons::LWS_CALLBACK_EVENT_WAIT_CANCELLED);
        }
        let evl = core::mem::take(&mut *(*ctx).net.evlist.borrow_mut());
        for &(tok, r, w, e) in &evl {
            conn::on_event(ctx, tok, r, w, e);
        }
        *(*ctx).net.evlist.borrow_mut() = evl;
        conn::service_ripe_conns(ctx);
        run_timers(ctx);
        (*ctx).net.end_pass();
    }
    0
}

/// Runs the timers that are due; returns the delay to the next one (0:
/// none).  With no timer scheduled (an established connection has none)
/// the clock is not read at all.
///
/// # Safety
/// `ctx` valid.
unsafe fn run_timers(ctx: *mut lws_context) -> i64 {
    unsafe {
        let own = (*ctx).sul_owners();
        if (0..LWS_COUNT_PT_SUL_OWNERS).all(|i| (*own.add(i)).head.is_null()) {
            return 0;
        }
        service_ripe(own, LWS_COUNT_PT_SUL_OWNERS, now_us())
    }
}

/// Calls every protocol of every live vhost with a temporary wsi.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn deliver_to_all_protocols(ctx: *mut lws_context, reason: lws_callback_reasons) {
    let list: Vec<*mut lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
    for vh in list {
        unsafe {
            if !(*ctx).vhosts.borrow().contains(&vh) || (*vh).being_destroyed.get() {
                continue;
            }
            for i in 0..(*vh).count_protocols {
                if (*vh).being_destroyed.get() {
                    break;
                }
                let prot = (*vh).protocols.as_ptr().add(i);
                call_fake(ctx, vh, prot, prot, reason, core::ptr::null_mut());
            }
            // as upstream: a vhost destroyed during its own round ends the
            // walk (the remaining vhosts get nothing this time)
            if (*vh).being_destroyed.get() {
                break;
            }
        }
    }
}

/// `lws_service_fd`: serves one descriptor the user's own poll loop found
/// ready.  As the oracle: 0 when served (and `revents` zeroed) or when the
/// descriptor is not ours (`revents` untouched), 1 when the connection was
/// closed (`revents` untouched), -1 for a context being destroyed.  It
/// neither runs timers nor starts the protocols (only `lws_service` does).
///
/// # Safety
/// `ctx` valid; `pfd` valid.
pub unsafe fn service_fd(ctx: *mut lws_context, pfd: *mut libc::pollfd) -> c_int {
    unsafe {
        if (*ctx).destroying.get() {
            return -1;
        }
        if (*ctx).in_service.replace(true) {
            lwsl_err!("lws_service_fd: called recursively from a callback\n");
            return -1;
        }
        (*ctx).net.pass_no.set((*ctx).net.pass_no.get() + 1);
        let (fd, events, revents) = ((*pfd).fd, (*pfd).events, (*pfd).revents);
        let r = match conn::service_user_fd(ctx, fd, events, revents) {
            conn::FdOutcome::Unknown => 0,
            conn::FdOutcome::Handled => {
                (*pfd).revents = 0;
                0
            }
            conn::FdOutcome::Closed => 1,
        };
        (*ctx).net.end_pass();
        (*ctx).in_service.set(false);
        if (*ctx).cb_depth.get() == 0 {
            free_pending(ctx);
        }
        r
    }
}
