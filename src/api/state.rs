//! C API of `libwebsockets/lws-state.h`: a generic state manager with a
//! list of notifiers that may veto or observe each transition.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;
pub use crate::abi::state::*;





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
