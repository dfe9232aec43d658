//! The sorted microsecond timer lists ("sul").
//!
//! A context has `LWS_COUNT_PT_SUL_OWNERS` (2) owner lists: timers that
//! may be skipped while suspended, and timers that wake the system.  Each
//! list is sorted by absolute deadline; a new timer goes before any timer
//! with an equal deadline.  Timers run at the start of a service pass,
//! earliest first across both lists (on a tie the later list wins).
//!
//! Every element of a sul owner list is the `list` link of a
//! `lws_sorted_usec_list_t`, its first field (`#[repr(C)]`), so a link
//! pointer found on such a list is also a pointer to its sul.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;

use crate::abi::base::lws_usec_t;
use crate::abi::dll2::{lws_dll2, lws_dll2_owner};
use crate::abi::timeout_timer::{lws_sorted_usec_list_t, sul_cb_t};
use crate::core::lws_context;

pub const LWSSULLI_MISS_IF_SUSPENDED: c_int = 0;
pub const LWSSULLI_WAKE_IF_SUSPENDED: c_int = 1;
pub const LWS_COUNT_PT_SUL_OWNERS: usize = 2;
pub const LWS_SET_TIMER_USEC_CANCEL: lws_usec_t = -1;

/// Monotonic time in microseconds (the `lws_now_usecs` timebase).
pub fn now_us() -> lws_usec_t {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid out pointer for the call.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as lws_usec_t * 1_000_000 + ts.tv_nsec as lws_usec_t / 1000
}

/// Inserts `sul` (unlinking it first if listed) into `own` by `sul.us`.
///
/// # Safety
/// Both pointers valid; `sul` not on a list that was freed; every element
/// of `own` is a live sul.
pub unsafe fn insert(own: *mut lws_dll2_owner, sul: *mut lws_sorted_usec_list_t) {
    // SAFETY: `own` and `sul` are valid (caller); `sul`'s old list, if
    // any, is alive, so unlinking it touches live neighbours; the
    // elements of `own` are live suls (module invariant), so each link
    // read as a sul is one.
    unsafe {
        let d = &raw mut (*sul).list;
        crate::dll2::remove(d);
        let mut p = (*own).head;
        while !p.is_null() {
            let other = p as *mut lws_sorted_usec_list_t;
            if (*other).us >= (*sul).us {
                crate::dll2::add_before(d, p);
                return;
            }
            p = (*p).next;
        }
        crate::dll2::add_tail(d, own);
    }
}

/// Unschedules `sul`.
///
/// # Safety
/// `sul` valid.
pub unsafe fn cancel(sul: *mut lws_sorted_usec_list_t) {
    // SAFETY: `sul` is valid (caller) and its list, if any, alive (a freed
    // owner detaches its elements first, `detach_all`).
    unsafe {
        crate::dll2::remove(&raw mut (*sul).list);
        (*sul).us = 0;
    }
}

/// Schedules `sul` on list `flags & 1` at the absolute deadline it holds.
///
/// # Safety
/// `ctx` and `sul` valid.
pub unsafe fn schedule_abs(ctx: *mut lws_context, flags: c_int, sul: *mut lws_sorted_usec_list_t) {
    // SAFETY: `ctx` is valid (caller), so its owner lists are, and hold
    // only suls; `sul` is valid (caller).
    unsafe {
        let own = (*ctx).sul_owner((flags & 1) as usize);
        insert(own, sul);
    }
}

/// `lws_sul_schedule`: `us` is relative to now, or `LWS_SET_TIMER_USEC_CANCEL`.
///
/// # Safety
/// `ctx` and `sul` valid.
pub unsafe fn schedule_rel(ctx: *mut lws_context, flags: c_int, sul: *mut lws_sorted_usec_list_t, cb: sul_cb_t, us: lws_usec_t) {
    // SAFETY: `ctx` and `sul` are valid (caller), which is what `cancel`
    // and `schedule_abs` need.
    unsafe {
        if us == LWS_SET_TIMER_USEC_CANCEL {
            cancel(sul);
            return;
        }
        (*sul).cb = cb;
        (*sul).us = now_us().saturating_add(us);
        schedule_abs(ctx, flags, sul);
    }
}

/// Deadline of the earliest timer on the wake-from-suspend list.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn earliest_wakeable(ctx: *mut lws_context) -> Option<lws_usec_t> {
    // SAFETY: `ctx` is valid (caller); the head of its owner list, when
    // set, is a live sul (module invariant).
    unsafe {
        let own = (*ctx).sul_owner(LWSSULLI_WAKE_IF_SUSPENDED as usize);
        let head = (*own).head;
        if head.is_null() {
            None
        } else {
            Some((*(head as *mut lws_sorted_usec_list_t)).us)
        }
    }
}

/// The timer that runs first of the `n` lists at `own` (NULL: none):
/// the earliest deadline, on a tie the one of the later list.
///
/// # Safety
/// `own` points to `n` valid owners whose elements are valid suls.
unsafe fn first_due(own: *mut lws_dll2_owner, n: usize) -> *mut lws_sorted_usec_list_t {
    let mut hit: *mut lws_sorted_usec_list_t = core::ptr::null_mut();
    let mut lowest: lws_usec_t = 0;
    for i in 0..n {
        // SAFETY: `own` points to `n` valid owners (caller) and `i < n`.
        let head = unsafe { (*own.add(i)).head };
        if head.is_null() {
            continue;
        }
        let s = head as *mut lws_sorted_usec_list_t;
        // SAFETY: a listed element is a live sul (caller).
        let us = unsafe { (*s).us };
        if hit.is_null() || us <= lowest {
            hit = s;
            lowest = us;
        }
    }
    hit
}

/// The earliest deadline on the `n` lists at `own` (None: no timer).
///
/// # Safety
/// `own` points to `n` valid owners whose elements are valid suls.
pub unsafe fn earliest(own: *mut lws_dll2_owner, n: usize) -> Option<lws_usec_t> {
    // SAFETY: the caller's contract; a non-NULL result is a live sul.
    unsafe {
        let s = first_due(own, n);
        (!s.is_null()).then(|| (*s).us)
    }
}

/// Runs every ripe timer on the `n` lists at `own`; returns the delay
/// from `usnow` to the next deadline, 0 if none is left.
///
/// # Safety
/// `own` points to `n` valid owners whose elements are valid suls.  No
/// reference is held while a callback runs.
pub unsafe fn service_ripe(own: *mut lws_dll2_owner, n: usize, usnow: lws_usec_t) -> lws_usec_t {
    loop {
        // SAFETY: `own` points to `n` valid owners (caller), still valid
        // after a callback (the caller's contract covers the whole call).
        let hit = unsafe { first_due(own, n) };
        if hit.is_null() {
            return 0;
        }
        // SAFETY: `hit` is a live sul, just read from its list.
        let lowest = unsafe { (*hit).us };
        if lowest > usnow {
            return lowest - usnow;
        }
        // SAFETY: `hit` was read from a list just now, nothing ran since,
        // so it is a live sul; it is unlinked and its fields read before
        // the callback, which may free or reschedule it, and not touched
        // after.  `cb` is the application's (or our) timer callback, made
        // for this sul, called through `call_out`.
        unsafe {
            crate::dll2::remove(&raw mut (*hit).list);
            (*hit).us = 0;
            if let Some(cb) = (*hit).cb {
                crate::cancel::call_out(|| cb(hit));
            }
        }
    }
}

/// Detaches every element of `own` (used when the owner is freed, so a
/// later `lws_sul_cancel` on user memory does not touch freed memory).
///
/// # Safety
/// `own` valid.
pub unsafe fn detach_all(own: *mut lws_dll2_owner) {
    // SAFETY: `own` is valid (caller) and its elements are alive (a sul
    // is unlinked before its memory goes); `next` is read before the
    // element is cleared.
    unsafe {
        let mut p: *mut lws_dll2 = (*own).head;
        while !p.is_null() {
            let next = (*p).next;
            (*p).prev = core::ptr::null_mut();
            (*p).next = core::ptr::null_mut();
            (*p).owner = core::ptr::null_mut();
            p = next;
        }
        (*own).head = core::ptr::null_mut();
        (*own).tail = core::ptr::null_mut();
        (*own).count = 0;
    }
}

#[cfg(test)]
// the tests' unsafe blocks only use pointers to the test's own locals
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn blank() -> lws_sorted_usec_list_t {
        unsafe { core::mem::zeroed() }
    }

    thread_local! {
        static FIRED: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    }
    static mut BASE: usize = 0;
    unsafe extern "C-unwind" fn rec(s: *mut lws_sorted_usec_list_t) {
        let idx = (s as usize - unsafe { BASE }) / core::mem::size_of::<lws_sorted_usec_list_t>();
        FIRED.with(|f| f.borrow_mut().push(idx));
    }

    fn order(own: &lws_dll2_owner, base: *const lws_sorted_usec_list_t) -> Vec<usize> {
        let mut v = vec![];
        let mut p = own.head;
        while !p.is_null() {
            v.push((p as usize - base as usize) / core::mem::size_of::<lws_sorted_usec_list_t>());
            p = unsafe { (*p).next };
        }
        v
    }

    #[test]
    fn equal_deadlines_insert_before() {
        let mut own: lws_dll2_owner = unsafe { core::mem::zeroed() };
        let mut s: Vec<lws_sorted_usec_list_t> = (0..5).map(|_| blank()).collect();
        let us = [10, 10, 5, 5, 1];
        for (i, u) in us.iter().enumerate() {
            s[i].us = *u;
            unsafe { insert(&mut own, &mut s[i]) };
        }
        assert_eq!(order(&own, s.as_ptr()), [4, 3, 2, 1, 0]);
        // rescheduling moves it
        s[4].us = 20;
        unsafe { insert(&mut own, &mut s[4]) };
        assert_eq!(order(&own, s.as_ptr()), [3, 2, 1, 0, 4]);
        assert_eq!(own.count, 5);
    }

    #[test]
    fn ripe_across_owners() {
        let mut own: [lws_dll2_owner; 2] = unsafe { core::mem::zeroed() };
        let mut s: Vec<lws_sorted_usec_list_t> = (0..4).map(|_| blank()).collect();
        unsafe { BASE = s.as_ptr() as usize };
        let plan = [(0, 10), (1, 5), (0, 5), (1, 100)];
        for (i, (o, u)) in plan.iter().enumerate() {
            s[i].us = 1000 + u;
            s[i].cb = Some(rec);
            unsafe { insert(&mut own[*o], &mut s[i]) };
        }
        FIRED.with(|f| f.borrow_mut().clear());
        assert_eq!(unsafe { service_ripe(own.as_mut_ptr(), 2, 1000) }, 5);
        assert_eq!(unsafe { service_ripe(own.as_mut_ptr(), 2, 1005) }, 5);
        // tie at 1005: the later owner's sul runs first
        FIRED.with(|f| assert_eq!(*f.borrow(), [1, 2]));
        assert_eq!(unsafe { service_ripe(own.as_mut_ptr(), 2, 1050) }, 50);
        assert_eq!(unsafe { service_ripe(own.as_mut_ptr(), 2, 2000) }, 0);
        FIRED.with(|f| assert_eq!(*f.borrow(), [1, 2, 0, 3]));
        assert_eq!(s[0].us, 0);
        assert!(s[0].list.owner.is_null());
    }
}
