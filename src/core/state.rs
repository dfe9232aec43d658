//! The generic state manager behind `lws-state.h`.

use core::ffi::c_int;

use crate::api::dll2::{lws_dll2, lws_dll2_add_tail};
use crate::api::state::{lws_state_manager_t, lws_state_notify_link_t};

/// # Safety
/// Both valid.
pub unsafe fn reg_notifier(mgr: *mut lws_state_manager_t, nl: *mut lws_state_notify_link_t) {
    unsafe {
        crate::api::dll2::lws_dll2_remove(&raw mut (*nl).list);
        lws_dll2_add_tail(&raw mut (*nl).list, &raw mut (*mgr).notify_list);
    }
}

/// # Safety
/// `mgr` valid, `nl` NULL or a NULL-terminated array of valid links.
pub unsafe fn reg_notifier_list(mgr: *mut lws_state_manager_t, nl: *const *mut lws_state_notify_link_t) {
    if nl.is_null() {
        return;
    }
    let mut i = 0;
    loop {
        let l = unsafe { *nl.add(i) };
        if l.is_null() {
            break;
        }
        unsafe { reg_notifier(mgr, l) };
        i += 1;
    }
}

/// Tells every notifier about (a, b); 1 if one of them objected.
unsafe fn report(mgr: *mut lws_state_manager_t, a: c_int, b: c_int) -> c_int {
    let mut p: *mut lws_dll2 = unsafe { (*mgr).notify_list.head };
    while !p.is_null() {
        // the callback may deregister itself: take the next one first
        let next = unsafe { (*p).next };
        let link = p as *mut lws_state_notify_link_t;
        if let Some(cb) = unsafe { (*link).notify_cb } {
            if crate::cancel::call_out(|| unsafe { cb(mgr, link, a, b) }) != 0 {
                return 1;
            }
        }
        p = next;
    }
    0
}

/// # Safety
/// `mgr` valid.
pub unsafe fn transition(mgr: *mut lws_state_manager_t, target: c_int) -> c_int {
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

/// # Safety
/// `mgr` valid.
pub unsafe fn transition_steps(mgr: *mut lws_state_manager_t, target: c_int) -> c_int {
    loop {
        let cur = unsafe { (*mgr).state };
        if cur == target {
            return 0;
        }
        let next = if cur < target { cur + 1 } else { cur - 1 };
        let n = unsafe { transition(mgr, next) };
        if n != 0 {
            return n;
        }
    }
}
