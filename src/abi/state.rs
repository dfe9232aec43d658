//! C-ABI types and constants of `libwebsockets/lws-state.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::state`.

use core::ffi::*;
use crate::abi::dll2::{lws_dll2_owner_t, lws_dll2_t};
use crate::abi::smd::lws_smd_class_t;
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

