//! The generic state manager behind `lws-state.h`.
//!
//! The elements of a manager's `notify_list` are the `list` links of
//! `lws_state_notify_link_t`s, their first field (`#[repr(C)]`), so a link
//! found on the list is also a pointer to its notifier.  A notifier stays
//! valid while it is listed (the application's contract; the context's
//! own notifier lives in the context).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;

use crate::abi::dll2::{lws_dll2};
use crate::abi::state::{lws_state_manager_t, lws_state_notify_link_t};

/// Adds `nl` at the end of `mgr`'s notifiers (moving it if it is listed).
///
/// # Safety
/// Both valid; `nl`'s list, if any, alive.
pub unsafe fn reg_notifier(mgr: *mut lws_state_manager_t, nl: *mut lws_state_notify_link_t) {
    // SAFETY: both are valid (caller); unlinking touches `nl`'s current
    // neighbours, alive while listed.
    unsafe {
        crate::dll2::remove(&raw mut (*nl).list);
        crate::dll2::add_tail(&raw mut (*nl).list, &raw mut (*mgr).notify_list);
    }
}

/// Registers each link of the NULL-terminated array `nl`.
///
/// # Safety
/// `mgr` valid, `nl` NULL or a NULL-terminated array of valid links.
pub unsafe fn reg_notifier_list(mgr: *mut lws_state_manager_t, nl: *const *mut lws_state_notify_link_t) {
    if nl.is_null() {
        return;
    }
    let mut i = 0;
    loop {
        // SAFETY: the array is NULL-terminated (caller) and no entry
        // before `i` was NULL, so `i` is within it.
        let l = unsafe { *nl.add(i) };
        if l.is_null() {
            break;
        }
        // SAFETY: `mgr` valid and `l` a valid link (caller).
        unsafe { reg_notifier(mgr, l) };
        i += 1;
    }
}

/// Tells every notifier about (a, b); 1 if one of them objected.
///
/// # Safety
/// `mgr` valid for the whole call; a notifier callback may remove (or
/// free) its own link, not the one after it (as upstream's
/// `lws_start_foreach_dll_safe`).
unsafe fn report(mgr: *mut lws_state_manager_t, a: c_int, b: c_int) -> c_int {
    // SAFETY: `mgr` is valid (caller).
    let mut p: *mut lws_dll2 = unsafe { (*mgr).notify_list.head };
    while !p.is_null() {
        // the callback may deregister itself: take the next one first
        // SAFETY: `p` is listed, so alive (module invariant); the
        // callback that ran last could only have removed its own link,
        // which `p` is not.
        let next = unsafe { (*p).next };
        let link = p as *mut lws_state_notify_link_t;
        // SAFETY: a listed link is a live notifier (module invariant).
        if let Some(cb) = unsafe { (*link).notify_cb } {
            // SAFETY: the application's notifier, called with its own
            // link and manager through `call_out`.
            if crate::cancel::call_out(|| unsafe { cb(mgr, link, a, b) }) != 0 {
                return 1;
            }
        }
        p = next;
    }
    0
}

/// Moves `mgr` to `target` if no notifier objects; 1 if one did.
///
/// # Safety
/// `mgr` valid for the whole call (notifiers run in it).
pub unsafe fn transition(mgr: *mut lws_state_manager_t, target: c_int) -> c_int {
    // SAFETY: `mgr` is valid through the callbacks (caller), which is
    // also `report`'s contract; its `name` is NULL or a C string (set by
    // the library or the application's manager).
    unsafe {
        let cur = (*mgr).state;
        if cur == target {
            return 0;
        }
        if report(mgr, cur, target) != 0 {
            return 1;
        }
        (*mgr).state = target;
        lwsl_debug!("state transition: {}: {} -> {}\n", String::from_utf8_lossy(crate::ffi::cstr_bytes((*mgr).name).unwrap_or(b"")), cur, target);
        report(mgr, target, target);
    }
    0
}

/// Walks `mgr` one state at a time to `target`, stopping at an objection.
///
/// # Safety
/// `mgr` valid for the whole call (notifiers run in it).
pub unsafe fn transition_steps(mgr: *mut lws_state_manager_t, target: c_int) -> c_int {
    loop {
        // SAFETY: `mgr` is valid (caller).
        let cur = unsafe { (*mgr).state };
        if cur == target {
            return 0;
        }
        let next = if cur < target { cur + 1 } else { cur - 1 };
        // SAFETY: the caller's contract is `transition`'s.
        let n = unsafe { transition(mgr, next) };
        if n != 0 {
            return n;
        }
    }
}
