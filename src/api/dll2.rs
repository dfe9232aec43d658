//! C API of `libwebsockets/lws-dll2.h`: the intrusive doubly-linked list
//! with an owner (head, tail, count) that lws uses everywhere.
//!
//! These functions operate on memory the caller owns.  Upstream asserts on
//! misuse (adding an element that is already on a list, NULL arguments);
//! here misuse is a no-op instead of a crash.
//!
//! The `SAFETY:` comments below rely on the C contract (api/mod.rs) for
//! lists: non-NULL elements and owners are the caller's, and a list is
//! consistent: an owner's head / tail and its elements' prev / next /
//! owner link live elements of that list (an element is not freed while
//! listed).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::dll2::*;



/// Adds `d` at the head of `owner`'s list.  No-op if `d` is already listed.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_add_head(d: *mut lws_dll2, owner: *mut lws_dll2_owner) {
    // SAFETY: the list contract is the C caller's (module doc).
    ffi_guard!((), { unsafe { crate::dll2::add_head(d, owner) } })
}

/// Adds `d` at the tail of `owner`'s list.  No-op if `d` is already listed.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_add_tail(d: *mut lws_dll2, owner: *mut lws_dll2_owner) {
    // SAFETY: the list contract is the C caller's (module doc).
    ffi_guard!((), { unsafe { crate::dll2::add_tail(d, owner) } })
}

/// Unlinks `d` from whatever list it is on and clears it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_remove(d: *mut lws_dll2) {
    // SAFETY: the list contract is the C caller's (module doc).
    ffi_guard!((), { unsafe { crate::dll2::remove(d) } })
}

/// Calls `cb` for each element from head to tail; `cb` may remove (even
/// free) the element it is given.  Stops and returns 1 at the first
/// nonzero return of `cb`, else returns 0.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_foreach_safe(
    owner: *mut lws_dll2_owner,
    user: *mut c_void,
    cb: Option<unsafe extern "C" fn(d: *mut lws_dll2, user: *mut c_void) -> c_int>,
) -> c_int {
    ffi_guard!(1, {
        let (Some(cb), false) = (cb, owner.is_null()) else { return 0 };
        // SAFETY: a non-NULL owner is the caller's (module doc).
        let mut p = unsafe { (*owner).head };
        while !p.is_null() {
            // SAFETY: `p` is listed, so live; `next` is read before the callback,
            // which may remove or free `p` (not the next one: the contract of
            // lws_dll2_foreach_safe).
            let next = unsafe { (*p).next };
            // SAFETY: the application's callback with its element, through call_out.
            if crate::cancel::call_out(|| unsafe { crate::cancel::CUnwind::unwind(cb)(p, user) }) != 0 {
                return 1;
            }
            p = next;
        }
        0
    })
}

/// Resets an element to the detached state without touching any list.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_clear(d: *mut lws_dll2) {
    ffi_guard!(leaf, (), {
        if d.is_null() {
            return;
        }
        // SAFETY: a non-NULL element is the caller's (module doc).
        unsafe {
            (*d).prev = core::ptr::null_mut();
            (*d).next = core::ptr::null_mut();
            (*d).owner = core::ptr::null_mut();
        }
    })
}

/// Resets a list owner to empty without touching its elements.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_owner_clear(d: *mut lws_dll2_owner) {
    ffi_guard!(leaf, (), {
        if d.is_null() {
            return;
        }
        // SAFETY: a non-NULL owner is the caller's (module doc).
        unsafe {
            (*d).head = core::ptr::null_mut();
            (*d).tail = core::ptr::null_mut();
            (*d).count = 0;
        }
    })
}

/// Inserts the detached element `d` just before `after`, on `after`'s list.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_add_before(d: *mut lws_dll2, after: *mut lws_dll2) {
    // SAFETY: the list contract is the C caller's (module doc).
    ffi_guard!((), { unsafe { crate::dll2::add_before(d, after) } })
}

/// Inserts `d` before the first element `i` for which `compare(i, d) >= 0`,
/// or at the tail: the list stays sorted ascending by `compare`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_add_sorted(
    d: *mut lws_dll2_t,
    own: *mut lws_dll2_owner_t,
    compare: Option<unsafe extern "C" fn(d: *const lws_dll2_t, i: *const lws_dll2_t) -> c_int>,
) {
    ffi_guard!((), {
        let Some(compare) = compare else { return };
        // SAFETY: non-NULL, so the caller's (module doc).
        if d.is_null() || own.is_null() || unsafe { !(*d).owner.is_null() } {
            return;
        }
        // SAFETY: a non-NULL owner is the caller's (module doc).
        let mut p = unsafe { (*own).head };
        while !p.is_null() {
            // SAFETY: the application's comparator with two elements, through call_out.
            if crate::cancel::call_out(|| unsafe { crate::cancel::CUnwind::unwind(compare)(p, d) }) >= 0 {
                // SAFETY: `p` is a live element of `own`, `d` the caller's detached one.
                unsafe { crate::dll2::add_before(d, p) };
                return;
            }
            // SAFETY: `p` is a live element (module doc).
            p = unsafe { (*p).next };
        }
        // SAFETY: both the caller's (above).
        unsafe { crate::dll2::add_tail(d, own) };
    })
}

/// Finds the listed object whose string member (at `ptr_ofs` in the object
/// that embeds the list element at `dll2_ofs`) equals the `namelen` bytes
/// of `name` exactly.  Returns the object, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_dll2_search_sz_pl(
    own: *mut lws_dll2_owner_t,
    name: *const c_char,
    namelen: usize,
    dll2_ofs: usize,
    ptr_ofs: usize,
) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if own.is_null() || name.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: `name` has `namelen` bytes (the C contract).
        let want = unsafe { core::slice::from_raw_parts(name as *const u8, namelen) };
        // SAFETY: a non-NULL owner is the caller's (module doc).
        let mut p = unsafe { (*own).head };
        while !p.is_null() {
            // SAFETY: every element of this list is embedded `dll2_ofs` bytes into an
            // object with a string pointer at `ptr_ofs` (the contract of
            // lws_dll2_search_sz_pl), so both offsets stay in that object.
            let obj = unsafe { (p as *mut u8).sub(dll2_ofs) };
            // SAFETY: see above.
            let s = unsafe { *(obj.add(ptr_ofs) as *const *const c_char) };
            // SAFETY: the member is NULL or a C string (same contract).
            if let Some(bytes) = unsafe { crate::ffi::cstr_bytes(s) } {
                if bytes == want {
                    return obj as *mut c_void;
                }
            }
            // SAFETY: `p` is a live element (module doc).
            p = unsafe { (*p).next };
        }
        core::ptr::null_mut()
    })
}

/// Logs the list's elements at `LLL_INFO` (upstream declares this in debug
/// builds, which Debian's headers are).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dll2_describe(owner: *mut lws_dll2_owner, desc: *const c_char) {
    ffi_guard!((), {
        if owner.is_null() {
            return;
        }
        // SAFETY: NULL or a C string (the C contract).
        let desc = unsafe { crate::ffi::cstr_bytes(desc) }.unwrap_or(b"");
        // SAFETY: a non-NULL owner is the caller's (module doc).
        let o = unsafe { &*owner };
        lwsl_info!(
            "{}: {:p}: count {}, head {:p}, tail {:p}\n",
            String::from_utf8_lossy(desc),
            owner,
            o.count,
            o.head,
            o.tail
        );
        let mut p = o.head;
        let mut n = 0;
        while !p.is_null() {
            // SAFETY: a listed element is live (module doc).
            let e = unsafe { &*p };
            lwsl_info!("  {}: {:p}, prev {:p}, next {:p}\n", n, p, e.prev, e.next);
            n += 1;
            p = e.next;
        }
    })
}

#[cfg(test)]
// test code: lists of the test's own locals
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;
    use core::ptr::null_mut;

    fn elem() -> lws_dll2 {
        lws_dll2 { prev: null_mut(), next: null_mut(), owner: null_mut() }
    }
    fn owner() -> lws_dll2_owner {
        lws_dll2_owner { tail: null_mut(), head: null_mut(), count: 0 }
    }

    #[test]
    fn add_remove_keeps_links_consistent() {
        let (mut a, mut b, mut c, mut o) = (elem(), elem(), elem(), owner());
        unsafe {
            crate::dll2::add_tail(&mut b, &mut o);
            crate::dll2::add_head(&mut a, &mut o);
            crate::dll2::add_tail(&mut c, &mut o);
            assert_eq!(o.count, 3);
            assert_eq!(o.head, &mut a as *mut _);
            assert_eq!(o.tail, &mut c as *mut _);
            // adding a listed element again is refused
            crate::dll2::add_tail(&mut a, &mut o);
            assert_eq!(o.count, 3);
            crate::dll2::remove(&mut b);
            assert_eq!(a.next, &mut c as *mut _);
            assert_eq!(c.prev, &mut a as *mut _);
            assert!(b.owner.is_null());
            crate::dll2::remove(&mut a);
            crate::dll2::remove(&mut c);
            assert_eq!(o.count, 0);
            assert!(o.head.is_null() && o.tail.is_null());
        }
    }

    unsafe extern "C" fn cmp(d: *const lws_dll2_t, i: *const lws_dll2_t) -> c_int {
        // elements are the first field of Item, so the pointer is the item
        unsafe { (*(d as *const Item)).key - (*(i as *const Item)).key }
    }
    #[repr(C)]
    struct Item {
        list: lws_dll2,
        key: c_int,
    }

    #[test]
    fn sorted_insert_orders_ascending() {
        let mut o = owner();
        let mut items: Vec<Item> = [5, 1, 3, 9, 0].iter().map(|&k| Item { list: elem(), key: k }).collect();
        for it in items.iter_mut() {
            unsafe { lws_dll2_add_sorted(&mut it.list, &mut o, Some(cmp)) };
        }
        let mut keys = vec![];
        let mut p = o.head;
        while !p.is_null() {
            keys.push(unsafe { (*(p as *const Item)).key });
            p = unsafe { (*p).next };
        }
        assert_eq!(keys, vec![0, 1, 3, 5, 9]);
    }
}
