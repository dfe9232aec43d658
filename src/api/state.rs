//! C API of `libwebsockets/lws-state.h`: a generic state manager with a
//! list of notifiers that may veto or observe each transition.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int};

use crate::api::dll2::{lws_dll2_owner_t, lws_dll2_t};
use crate::api::smd::lws_smd_class_t;
use crate::core::lws_context;

/// Called twice per step: with (current, target) before the change (a
/// nonzero return vetoes it) and with (target, target) after.
pub type lws_state_notify_t = Option<
    unsafe extern "C-unwind" fn(mgr: *mut lws_state_manager, link: *mut lws_state_notify_link, current: c_int, target: c_int) -> c_int,
>;

/// A notifier, embedded in the caller's memory.
#[repr(C)]
pub struct lws_state_notify_link {
    pub list: lws_dll2_t,
    pub notify_cb: lws_state_notify_t,
    pub name: *const c_char,
}
pub type lws_state_notify_link_t = lws_state_notify_link;

/// A state manager.
#[repr(C)]
pub struct lws_state_manager {
    pub notify_list: lws_dll2_owner_t,
    pub context: *mut lws_context,
    pub parent: *mut core::ffi::c_void,
    pub smd_class: lws_smd_class_t,
    pub state_names: *mut *const c_char,
    pub name: *const c_char,
    pub state: c_int,
}
pub type lws_state_manager_t = lws_state_manager;

/// Adds `nl` to the notifiers of `mgr`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_state_reg_notifier(mgr: *mut lws_state_manager_t, nl: *mut lws_state_notify_link_t) {
    ffi_guard!((), {
        if mgr.is_null() || nl.is_null() {
            return;
        }
        // SAFETY: both non-NULL, so the application's valid manager and
        // link (the C contract, api/mod.rs).
        unsafe { crate::core::state::reg_notifier(mgr, nl) }
    })
}

/// Removes `nl` from its manager.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_state_reg_deregister(nl: *mut lws_state_notify_link_t) {
    ffi_guard!((), {
        if nl.is_null() {
            return;
        }
        // SAFETY: a non-NULL link is the application's (the C contract).
        unsafe { crate::api::dll2::lws_dll2_remove(&mut (*nl).list) }
    })
}

/// Adds each notifier of the NULL-terminated array `nl`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_state_reg_notifier_list(
    mgr: *mut lws_state_manager_t,
    nl: *const *mut lws_state_notify_link_t,
) {
    ffi_guard!((), {
        if mgr.is_null() {
            return;
        }
        // SAFETY: `mgr` valid, `nl` NULL or a NULL-terminated array of
        // valid links (the C contract).
        unsafe { crate::core::state::reg_notifier_list(mgr, nl) }
    })
}

/// Moves one state at a time towards `target`; 0 if reached, 1 if a
/// notifier vetoed a step.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_state_transition_steps(mgr: *mut lws_state_manager_t, target: c_int) -> c_int {
    ffi_guard!(1, {
        if mgr.is_null() {
            return 1;
        }
        // SAFETY: a non-NULL manager is valid through the call (the C
        // contract).
        unsafe { crate::core::state::transition_steps(mgr, target) }
    })
}

/// Moves directly to `target`; 0 if done, 1 if a notifier vetoed it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_state_transition(mgr: *mut lws_state_manager_t, target: c_int) -> c_int {
    ffi_guard!(1, {
        if mgr.is_null() {
            return 1;
        }
        // SAFETY: as in lws_state_transition_steps.
        unsafe { crate::core::state::transition(mgr, target) }
    })
}
