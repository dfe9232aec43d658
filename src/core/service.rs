//! One pass of the event loop (`lws_service`).
//!
//! A pass: (first time) ask protocols[0] of the first vhost for its thread
//! id, walk the system state machine to OPERATIONAL (which starts the
//! protocols); run the ripe timers; wait in mio until the next timer, an
//! event, or a cancel (never longer than [`MAX_WAIT_US`], and not at all
//! if `timeout_ms` is negative); then deliver LWS_CALLBACK_EVENT_WAIT_CANCELLED
//! to every protocol of every vhost if `lws_cancel_service` was called.
//! As upstream 4.1, a nonnegative `timeout_ms` does not bound the wait.
//!
//! The functions here take the context as a raw pointer that stays
//! valid for the whole pass, through the callbacks it makes: a callback
//! may destroy vhosts and connections (their memory waits in
//! `pending_free` / the zombies until `cb_depth` is 0), and a callback
//! that destroys the context itself only marks it (`destroy_deferred`):
//! the pass ends, then [`end_pass`] destroys the context and the pass's
//! entry point returns -1 without touching it again, as the oracle.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;
use std::sync::atomic::Ordering;
use std::os::fd::AsRawFd;

use crate::abi::callbacks::lws_callback_reasons;
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
/// `ctx` valid for the whole pass (module doc).
pub unsafe fn service(ctx: *mut lws_context, timeout_ms: c_int) -> c_int {
    // SAFETY: `ctx` is valid for the pass (caller); free_pending runs only
    // with no callback in progress (`cb_depth` 0), its contract.
    unsafe {
        if (*ctx).destroying.get() {
            return -1;
        }
        if (*ctx).in_service.replace(true) {
            lwsl_err!("lws_service: called recursively from a callback\n");
            return -1;
        }
        (*ctx).net.service_thread.store(libc::pthread_self() as usize, Ordering::Release);
        // a panic caught at the C boundary must not leave the context
        // "in service" for good (every later lws_service would fail)
        let guard = InService(ctx);
        let r = service_pass(ctx, timeout_ms);
        drop(guard);
        end_pass(ctx, r)
    }
}

/// After a pass: frees what waited for it, or destroys the context a
/// callback of the pass asked to destroy (and then answers -1: the
/// context is gone).
///
/// # Safety
/// `ctx` valid, its pass over; not used by the caller after a -1 that
/// the pass itself did not give.
unsafe fn end_pass(ctx: *mut lws_context, r: c_int) -> c_int {
    // SAFETY: `ctx` valid (caller); `destroy` runs with no pass and no
    // callback of this thread in progress (`in_service` is clear), so
    // it is not deferred again, and `ctx` is not read after it.
    unsafe {
        if (*ctx).destroy_deferred.get() {
            crate::core::context::destroy(ctx);
            return -1;
        }
        if (*ctx).cb_depth.get() == 0 {
            free_pending(ctx);
        }
        r
    }
}

/// Ends a service pass: also when the thread is cancelled (or calls
/// `pthread_exit`) in a callback of the pass, so that the context can
/// still be destroyed afterwards (see crate::cancel).
struct InService(*mut lws_context);

impl Drop for InService {
    fn drop(&mut self) {
        // SAFETY: the context outlives the pass.
        unsafe {
            (*self.0).net.end_pass();
            (*self.0).in_service.set(false);
        }
    }
}

/// The pass proper, between `service`'s checks and its cleanup.
///
/// # Safety
/// `ctx` valid for the whole pass (module doc), `in_service` set.
unsafe fn service_pass(ctx: *mut lws_context, timeout_ms: c_int) -> c_int {
    // SAFETY: `ctx` is valid for the pass (caller); a vhost pointer read
    // from `vhosts` is live (a destroyed vhost leaves the list before it
    // is freed, and frees wait for the end of the pass); the RefCell
    // borrows (`vhosts`, `poll`, `evlist`) end before any callback runs.
    // The events: see the comment at `assume_init_ref`.
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
                (*ctx).service_tid.store(tid, Ordering::Relaxed);
            }
        }
        if !(*ctx).system_started.replace(true) {
            crate::core::state::transition_steps((*ctx).mgr_system(), LWS_SYSTATE_OPERATIONAL);
        }

        let next = run_timers(ctx);

        let wait_us = if timeout_ms < 0 || work_pending(ctx) {
            0
        } else if next > 0 {
            next.min(MAX_WAIT_US)
        } else {
            MAX_WAIT_US
        };
        {
            // The wait is a cancellation point, as upstream's poll(): the
            // epoll_wait on mio's epoll fd is made in the C shim (see
            // crate::cancel), and its events decoded here as mio would.
            let epfd = (*ctx).poll.borrow().as_raw_fd();
            let ms = ((wait_us + 999) / 1000).min(c_int::MAX as i64) as c_int;
            // not initialised: zeroing 3 KiB per pass cost more than the
            // rest of a small echo; the kernel writes the first n
            let mut buf = [const { core::mem::MaybeUninit::<libc::epoll_event>::uninit() }; EVENTS_PER_PASS];
            let n = match crate::cancel::epoll_wait_cancellable(epfd, &mut buf, ms) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => 0,
                Err(e) => {
                    lwsl_err!("lws_service: poll failed: {}\n", e);
                    return -1;
                }
            };
            let mut evl = (*ctx).net.evlist.borrow_mut();
            evl.clear();
            for ev in &buf[..n] {
                // SAFETY: epoll_wait wrote the first n entries.
                let (tok, r, w, e) = decode(ev.assume_init_ref());
                if tok == WAKER_TOKEN.0 {
                    // the flag carries the information
                    continue;
                }
                evl.push((tok, r, w, e));
            }
        }
        // the oracle's cancel pipe is its first pollfd: its event is served
        // before the connections' of the same pass
        if (*ctx).cancel_pending.swap(false, Ordering::SeqCst) {
            deliver_to_all_protocols(ctx, lws_callback_reasons::LWS_CALLBACK_EVENT_WAIT_CANCELLED);
        }
        conn::apply_foreign_writable(ctx);
        let evl = core::mem::take(&mut *(*ctx).net.evlist.borrow_mut());
        for &(tok, r, w, e) in &evl {
            conn::on_event(ctx, tok, r, w, e);
        }
        *(*ctx).net.evlist.borrow_mut() = evl;
        conn::service_ripe_conns(ctx);
        run_timers(ctx);
    }
    0
}

/// Events collected by one wait (more stay queued in the kernel for the
/// next pass, as with mio's `Events` of the same capacity before).
const EVENTS_PER_PASS: usize = 256;

/// An epoll event as mio's epoll selector reads it (mio registers the
/// token as the event's `u64`): (token, readable or read-closed, writable,
/// error).  `tests::decode_matches_mio` pins this against mio.
fn decode(ev: &libc::epoll_event) -> (usize, bool, bool, bool) {
    let f = ev.events as c_int;
    let readable = f & (libc::EPOLLIN | libc::EPOLLPRI) != 0;
    let read_closed = f & libc::EPOLLHUP != 0 || (f & libc::EPOLLIN != 0 && f & libc::EPOLLRDHUP != 0);
    let tok = ev.u64 as usize;
    (tok, readable || read_closed, f & libc::EPOLLOUT != 0, f & libc::EPOLLERR != 0)
}

/// Whether a pass has work that no socket event announces: a cancel,
/// input held for a connection, a writeable request from another thread
/// (the wait is then skipped; the glib source dispatches at once).
///
/// # Safety
/// `ctx` valid, on its service thread.
pub(crate) unsafe fn work_pending(ctx: *mut lws_context) -> bool {
    // SAFETY: `ctx` is valid and this is its service thread (caller).
    unsafe { (*ctx).cancel_pending.load(Ordering::SeqCst) || conn::has_ripe(ctx) || conn::has_foreign_writable(ctx) }
}

/// Runs the timers that are due; returns the delay to the next one (0:
/// none).  With no timer scheduled (an established connection has none)
/// the clock is not read at all.
///
/// # Safety
/// `ctx` valid for the whole pass (module doc).
unsafe fn run_timers(ctx: *mut lws_context) -> i64 {
    // SAFETY: `ctx` is valid (caller), its `LWS_COUNT_PT_SUL_OWNERS`
    // owners hold only live suls, which is service_ripe's contract.
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
/// `ctx` valid for the whole call (module doc).
pub unsafe fn deliver_to_all_protocols(ctx: *mut lws_context, reason: lws_callback_reasons) {
    // SAFETY: `ctx` is valid (caller); the borrow ends with the clone.
    let list: Vec<*mut lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
    for vh in list {
        // SAFETY: `vh` was on the context's list at the check, and a vhost
        // a callback destroys is only freed once no callback is in
        // progress (`free_pending`), so it stays readable through this
        // loop; `being_destroyed` is checked again after each callback;
        // `i < count_protocols`, the length of its protocol array.
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
/// `ctx` valid for the whole call (module doc); `pfd` valid.
pub unsafe fn service_fd(ctx: *mut lws_context, pfd: *mut libc::pollfd) -> c_int {
    // SAFETY: as in `service`; `pfd` is valid (caller).
    unsafe {
        if (*ctx).destroying.get() {
            return -1;
        }
        if (*ctx).in_service.replace(true) {
            lwsl_err!("lws_service_fd: called recursively from a callback\n");
            return -1;
        }
        (*ctx).net.service_thread.store(libc::pthread_self() as usize, Ordering::Release);
        let guard = InService(ctx);
        conn::apply_foreign_writable(ctx);
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
        drop(guard);
        end_pass(ctx, r)
    }
}

#[cfg(test)]
// the tests' unsafe blocks are plain libc calls on the test's own fds
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;
    use mio::{unix::SourceFd, Events, Interest, Poll, Token};

    /// The events `decode` reads from the epoll fd are the ones mio's own
    /// `Poll::poll` reports (two epoll instances watching the same socket).
    #[test]
    fn decode_matches_mio() {
        let mut fds = [0 as c_int; 2];
        assert_eq!(unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_NONBLOCK, 0, fds.as_mut_ptr()) }, 0);
        let mut a = Poll::new().unwrap();
        let b = Poll::new().unwrap();
        for p in [&a, &b] {
            p.registry().register(&mut SourceFd(&fds[0]), Token(7), Interest::READABLE | Interest::WRITABLE).unwrap();
        }
        let mut check = |what: &str| {
            let mut ev = Events::with_capacity(8);
            a.poll(&mut ev, Some(std::time::Duration::from_millis(1000))).unwrap();
            let theirs: Vec<_> = ev
                .iter()
                .map(|e| (e.token().0, e.is_readable() || e.is_read_closed(), e.is_writable(), e.is_error()))
                .collect();
            let mut buf = [libc::epoll_event { events: 0, u64: 0 }; 8];
            let n = unsafe { libc::epoll_wait(b.as_raw_fd(), buf.as_mut_ptr(), 8, 1000) };
            assert!(n >= 0);
            let ours: Vec<_> = buf[..n as usize].iter().map(decode).collect();
            assert_eq!(ours, theirs, "{what}");
            assert!(!ours.is_empty(), "{what}");
        };
        check("writable");
        assert_eq!(unsafe { libc::write(fds[1], b"x".as_ptr() as *const _, 1) }, 1);
        check("readable");
        unsafe { libc::shutdown(fds[1], libc::SHUT_WR) };
        check("read closed");
        unsafe { libc::close(fds[1]) };
        check("peer gone");
        unsafe { libc::close(fds[0]) };
    }
}
