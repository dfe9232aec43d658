//! The intrusive doubly-linked list with an owner (head, tail, count) of
//! `lws-dll2.h`, for the library's own lists (timers, state notifiers);
//! `crate::api::dll2` exports these and the rest of the C API on top.
//!
//! Misuse (adding an element that is already listed, NULL arguments) is a
//! no-op, where upstream asserts.  The `SAFETY:` comments rely on the
//! list contract: non-NULL elements and owners are the caller's, and a
//! list is consistent: an owner's head / tail and its elements' prev /
//! next / owner link live elements of that list (an element is not freed
//! while listed).
#![deny(clippy::undocumented_unsafe_blocks)]

use crate::abi::dll2::{lws_dll2, lws_dll2_owner};

/// Adds `d` at the head of `owner`'s list.  No-op if `d` is already listed.
///
/// # Safety
/// The list contract (module doc).
pub unsafe fn add_head(d: *mut lws_dll2, owner: *mut lws_dll2_owner) {
    // SAFETY: non-NULL, so the caller's (module doc).
    if d.is_null() || owner.is_null() || unsafe { !(*d).owner.is_null() } {
        return;
    }
    // SAFETY: `d` and `owner` are the caller's and the list consistent
    // (module doc), so the old head written is a live element.
    unsafe {
        (*d).prev = core::ptr::null_mut();
        (*d).next = (*owner).head;
        if !(*owner).head.is_null() {
            (*(*owner).head).prev = d;
        }
        (*owner).head = d;
        if (*owner).tail.is_null() {
            (*owner).tail = d;
        }
        (*d).owner = owner;
        (*owner).count += 1;
    }
}

/// Adds `d` at the tail of `owner`'s list.  No-op if `d` is already listed.
///
/// # Safety
/// The list contract (module doc).
pub unsafe fn add_tail(d: *mut lws_dll2, owner: *mut lws_dll2_owner) {
    // SAFETY: non-NULL, so the caller's (module doc).
    if d.is_null() || owner.is_null() || unsafe { !(*d).owner.is_null() } {
        return;
    }
    // SAFETY: `d` and `owner` are the caller's and the list consistent
    // (module doc), so the old tail written is a live element.
    unsafe {
        (*d).next = core::ptr::null_mut();
        (*d).prev = (*owner).tail;
        if !(*owner).tail.is_null() {
            (*(*owner).tail).next = d;
        }
        (*owner).tail = d;
        if (*owner).head.is_null() {
            (*owner).head = d;
        }
        (*d).owner = owner;
        (*owner).count += 1;
    }
}

/// Unlinks `d` from whatever list it is on and clears it.
///
/// # Safety
/// The list contract (module doc).
pub unsafe fn remove(d: *mut lws_dll2) {
    if d.is_null() {
        return;
    }
    // SAFETY: `d` is the caller's; listed, its owner and neighbours are live
    // (module doc).
    unsafe {
        let owner = (*d).owner;
        if owner.is_null() {
            return;
        }
        if !(*d).next.is_null() {
            (*(*d).next).prev = (*d).prev;
        }
        if !(*d).prev.is_null() {
            (*(*d).prev).next = (*d).next;
        }
        if (*owner).tail == d {
            (*owner).tail = (*d).prev;
        }
        if (*owner).head == d {
            (*owner).head = (*d).next;
        }
        (*owner).count = (*owner).count.saturating_sub(1);
        (*d).prev = core::ptr::null_mut();
        (*d).next = core::ptr::null_mut();
        (*d).owner = core::ptr::null_mut();
    }
}

/// Inserts the detached element `d` just before `after`, on `after`'s list.
///
/// # Safety
/// The list contract (module doc).
pub unsafe fn add_before(d: *mut lws_dll2, after: *mut lws_dll2) {
    if d.is_null() || after.is_null() {
        return;
    }
    // SAFETY: both the caller's; `after` is listed, so its owner and prev are
    // live (module doc).
    unsafe {
        let owner = (*after).owner;
        if owner.is_null() || !(*d).owner.is_null() {
            return;
        }
        (*d).owner = owner;
        (*d).next = after;
        (*d).prev = (*after).prev;
        if (*after).prev.is_null() {
            (*owner).head = d;
        } else {
            (*(*after).prev).next = d;
        }
        (*after).prev = d;
        (*owner).count += 1;
    }
}
