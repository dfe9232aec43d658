//! C API of `libwebsockets/lws-ring.h`: a fixed-size ring buffer of
//! fixed-size elements with one head (writer) and any number of tails
//! (readers).  The ring tracks the oldest tail; elements behind it are
//! released (through the optional `destroy_element` callback) when it moves.
//!
//! Behaviour matches Debian's library, including its quirks:
//! - one element is always kept free, so a ring of `count` elements holds at
//!   most `count - 1`, and a free space of fewer than 2 bytes reports 0 free
//!   elements (so a byte ring really holds at most `count - 2`);
//! - a NULL tail in `lws_ring_consume` means "the single consumer": it reads
//!   from the oldest tail and advances it;
//! - a NULL destination in `lws_ring_consume` just skips elements.
//!
//! `struct lws_ring` is opaque to C.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

type DestroyFn = unsafe extern "C" fn(element: *mut c_void);

/// A ring buffer (opaque to C).
pub struct lws_ring {
    buf: Vec<u8>,
    destroy_element: Option<DestroyFn>,
    buflen: u32,
    element_len: u32,
    head: u32,
    oldest_tail: u32,
}

impl lws_ring {
    /// Free elements, with the library's "keep one element and 2 bytes" rule.
    fn count_free(&self) -> usize {
        let (h, o, bl, el) = (self.head as i64, self.oldest_tail as i64, self.buflen as i64, self.element_len as i64);
        let f = if h == o {
            bl - el
        } else if h < o {
            (o - h) - el
        } else {
            (bl - h) + o - el
        };
        if f < 2 {
            0
        } else {
            (f / el) as usize
        }
    }

    fn count_waiting(&self, tail: u32) -> usize {
        let f = if self.head == tail {
            0
        } else if self.head > tail {
            self.head - tail
        } else {
            (self.buflen - tail) + self.head
        };
        (f / self.element_len) as usize
    }

    /// Copies `n` bytes of ring content starting at `*tail` to `dest` and
    /// advances `*tail`.
    ///
    /// # Safety
    /// `dest` writable for `n` bytes, apart from the ring; `*tail <
    /// buflen` and `n <= buflen`.  (Was a safe fn writing through `dest`.)
    unsafe fn copy_out(&self, tail: &mut u32, dest: *mut u8, n: usize) {
        let start = *tail as usize;
        let first = n.min(self.buflen as usize - start);
        // SAFETY: `[start, start + first)` and `[0, n - first)` lie inside
        // the buffer (`first <= buflen - start`, `n - first <= start` when
        // the copy wraps, as a count of waiting bytes is), and `dest` has
        // the `n` bytes (caller).
        unsafe {
            core::ptr::copy_nonoverlapping(self.buf.as_ptr().add(start), dest, first);
            core::ptr::copy_nonoverlapping(self.buf.as_ptr(), dest.add(first), n - first);
        }
        *tail = ((start + n) % self.buflen as usize) as u32;
    }
}

/// Moves the oldest tail to `tail`, calling `destroy_element` on every
/// element it passes.  Works through the raw pointer so that no reference
/// is held while the C callback runs.
///
/// # Safety
/// `ring` valid through the callbacks (the destroy callback must not
/// destroy the ring: upstream's contract too).
unsafe fn update_oldest_tail(ring: *mut lws_ring, tail: u32) {
    // SAFETY: `ring` valid (caller), accessed through the raw pointer only,
    // so a callback may use the ring API meanwhile; `oldest_tail <
    // buflen`, so `elem` is inside the buffer; the callback is the
    // application's destroy_element, through call_out.
    unsafe {
        let Some(cb) = (*ring).destroy_element else {
            (*ring).oldest_tail = tail % (*ring).buflen;
            return;
        };
        let tail = tail % (*ring).buflen;
        while (*ring).oldest_tail != tail {
            let elem = (*ring).buf.as_mut_ptr().add((*ring).oldest_tail as usize);
            crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(cb)(elem as *mut c_void));
            (*ring).oldest_tail = ((*ring).oldest_tail + (*ring).element_len) % (*ring).buflen;
        }
    }
}

/// Creates a ring of `count` elements of `element_len` bytes each.  Returns
/// NULL if either is 0, the ring is too large, or allocation fails.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_create(
    element_len: usize,
    count: usize,
    destroy_element: Option<unsafe extern "C" fn(element: *mut c_void)>,
) -> *mut lws_ring {
    ffi_guard!(null_mut(), {
        let Some(buflen) = element_len.checked_mul(count) else { return null_mut() };
        if buflen == 0 || buflen > u32::MAX as usize {
            return null_mut();
        }
        let mut buf = Vec::new();
        if buf.try_reserve_exact(buflen).is_err() {
            return null_mut();
        }
        buf.resize(buflen, 0);
        Box::into_raw(Box::new(lws_ring {
            buf,
            destroy_element,
            buflen: buflen as u32,
            element_len: element_len as u32,
            head: 0,
            oldest_tail: 0,
        }))
    })
}

/// Destroys the ring, first passing every element still waiting for the
/// oldest tail to `destroy_element`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_destroy(ring: *mut lws_ring) {
    ffi_guard!((), {
        if ring.is_null() {
            return;
        }
        // SAFETY: a non-NULL ring is lws_ring_create's Box, not destroyed yet
        // (the C contract, api/mod.rs); freed once, after its elements.
        unsafe {
            let head = (*ring).head;
            update_oldest_tail(ring, head);
            drop(Box::from_raw(ring));
        }
    })
}

/// How many elements can be inserted right now (0 for a NULL ring).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_get_count_free_elements(ring: *mut lws_ring) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        match unsafe { ring.as_ref() } {
            Some(r) => r.count_free(),
            None => 0,
        }
    })
}

/// How many elements are waiting for `tail` (the oldest tail if NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_get_count_waiting_elements(ring: *mut lws_ring, tail: *mut u32) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        let Some(r) = (unsafe { ring.as_ref() }) else { return 0 };
        // SAFETY: a non-NULL tail is the caller's (the C contract).
        let t = if tail.is_null() { r.oldest_tail } else { (unsafe { *tail }) % r.buflen };
        r.count_waiting(t)
    })
}

/// Copies up to `max_count` elements from `src` into the ring; returns how
/// many were inserted (limited by the free space).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_insert(ring: *mut lws_ring, src: *const c_void, max_count: usize) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        let Some(r) = (unsafe { ring.as_mut() }) else { return 0 };
        if src.is_null() {
            return 0;
        }
        let el = r.element_len as usize;
        let n = r.count_free().min(max_count) * el;
        let head = r.head as usize;
        let first = n.min(r.buflen as usize - head);
        // SAFETY: `src` has `max_count` elements (the C contract), of which
        // `n` bytes are read; the two destination ranges lie in the buffer
        // (`first <= buflen - head`, the rest fits in the free space from
        // 0).
        unsafe {
            let src = src as *const u8;
            core::ptr::copy_nonoverlapping(src, r.buf.as_mut_ptr().add(head), first);
            core::ptr::copy_nonoverlapping(src.add(first), r.buf.as_mut_ptr(), n - first);
        }
        r.head = ((head + n) % r.buflen as usize) as u32;
        n / el
    })
}

/// Takes up to `max_count` elements for `tail` and copies them to `dest`
/// (or just skips them if `dest` is NULL).  With a NULL `tail` the ring has
/// a single consumer: the oldest tail is used and advanced (releasing the
/// elements).  Returns the number of elements consumed.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_consume(
    ring: *mut lws_ring,
    tail: *mut u32,
    dest: *mut c_void,
    max_count: usize,
) -> usize {
    ffi_guard!(0, {
        if ring.is_null() {
            return 0;
        }
        let (n, el, newtail) = {
            // SAFETY: not NULL, so a live ring (the C contract); the
            // reference ends before update_oldest_tail's callbacks.
            let r = unsafe { &*ring };
            // SAFETY: a non-NULL tail is the caller's (the C contract).
            let mut t = if tail.is_null() { r.oldest_tail } else { (unsafe { *tail }) % r.buflen };
            let el = r.element_len as usize;
            let n = r.count_waiting(t).min(max_count) * el;
            if dest.is_null() {
                t = ((t as usize + n) % r.buflen as usize) as u32;
            } else {
                // SAFETY: `dest` has room for `max_count` elements (the C
                // contract); `t < buflen`, `n` at most what is waiting.
                unsafe { r.copy_out(&mut t, dest as *mut u8, n) };
            }
            (n, el, t)
        };
        if tail.is_null() {
            // SAFETY: the live ring (above).
            unsafe { update_oldest_tail(ring, newtail) };
        } else {
            // SAFETY: the caller's tail (above).
            unsafe { *tail = newtail };
        }
        n / el
    })
}

/// Returns the element `tail` (the oldest tail if NULL) would read next, or
/// NULL if nothing is waiting for it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_get_element(ring: *mut lws_ring, tail: *mut u32) -> *const c_void {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        let Some(r) = (unsafe { ring.as_ref() }) else { return core::ptr::null() };
        // SAFETY: a non-NULL tail is the caller's (the C contract).
        let t = if tail.is_null() { r.oldest_tail } else { (unsafe { *tail }) % r.buflen };
        if t == r.head {
            return core::ptr::null();
        }
        // SAFETY: `t < buflen`, inside the buffer.
        unsafe { r.buf.as_ptr().add(t as usize) as *const c_void }
    })
}

/// Moves the oldest tail to `tail`, releasing the elements it passes.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_update_oldest_tail(ring: *mut lws_ring, tail: u32) {
    ffi_guard!((), {
        if !ring.is_null() {
            // SAFETY: not NULL, so a live ring (the C contract).
            unsafe { update_oldest_tail(ring, tail) };
        }
    })
}

/// The position of the oldest tail (0 for a NULL ring).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_get_oldest_tail(ring: *mut lws_ring) -> u32 {
    ffi_guard!(0, {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        match unsafe { ring.as_ref() } {
            Some(r) => r.oldest_tail,
            None => 0,
        }
    })
}

/// Gives the largest contiguous free region at the head (for filling the
/// ring in place, then calling `lws_ring_bump_head`).  Returns 0 with
/// `*start` / `*bytes` set, or 1 if the ring is full.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_next_linear_insert_range(
    ring: *mut lws_ring,
    start: *mut *mut c_void,
    bytes: *mut usize,
) -> c_int {
    ffi_guard!(1, {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        let Some(r) = (unsafe { ring.as_mut() }) else { return 1 };
        let n = r.count_free() * r.element_len as usize;
        if n == 0 {
            return 1;
        }
        let head = r.head as usize;
        let len = n.min(r.buflen as usize - head);
        // SAFETY: `head < buflen`, inside the buffer; non-NULL out pointers
        // are the caller's (the C contract).
        unsafe {
            if !start.is_null() {
                *start = r.buf.as_mut_ptr().add(head) as *mut c_void;
            }
            if !bytes.is_null() {
                *bytes = len;
            }
        }
        0
    })
}

/// Advances the head by `bytes` after an in-place fill.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_bump_head(ring: *mut lws_ring, bytes: usize) {
    ffi_guard!((), {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        let Some(r) = (unsafe { ring.as_mut() }) else { return };
        r.head = ((r.head as usize + bytes % r.buflen as usize) % r.buflen as usize) as u32;
    })
}

/// Logs the ring's state at `LLL_NOTICE`, with the waiting count for
/// `tail` (the oldest tail if NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ring_dump(ring: *mut lws_ring, tail: *mut u32) {
    ffi_guard!((), {
        // SAFETY: a non-NULL ring is one lws_ring_create made and not destroyed,
        // used by no one else during the call (the C contract, api/mod.rs).
        let Some(r) = (unsafe { ring.as_ref() }) else { return };
        // SAFETY: a non-NULL tail is the caller's (the C contract).
        let t = if tail.is_null() { r.oldest_tail } else { unsafe { *tail } };
        lwsl_notice!(
            "ring {:p}: buflen {}, elem_len {}, head {}, oldest_tail {}\n     free_elems: {}; for tail {}, waiting elements: {}\n",
            ring,
            r.buflen,
            r.element_len,
            r.head,
            r.oldest_tail,
            r.count_free(),
            t,
            r.count_waiting(t % r.buflen)
        );
    })
}

#[cfg(test)]
// test code: rings and buffers of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    static DESTROYED: Mutex<Vec<i32>> = Mutex::new(Vec::new());
    unsafe extern "C" fn de(e: *mut c_void) {
        DESTROYED.lock().unwrap().push(unsafe { *(e as *const i32) });
    }

    // Expected values from Debian's libwebsockets.so.17.
    #[test]
    fn multi_tail_matches_oracle() {
        unsafe {
            let r = lws_ring_create(4, 4, Some(de));
            let (mut t1, mut t2) = (0u32, 0u32);
            let v: [i32; 10] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
            let mut out = [0i32; 10];
            assert_eq!(lws_ring_get_count_free_elements(r), 3);
            assert_eq!(lws_ring_insert(r, v.as_ptr() as _, 10), 3);
            assert_eq!(lws_ring_get_count_free_elements(r), 0);
            assert_eq!(lws_ring_get_count_waiting_elements(r, &mut t1), 3);
            assert_eq!(*(lws_ring_get_element(r, &mut t1) as *const i32), 1);
            assert_eq!(lws_ring_consume(r, &mut t1, out.as_mut_ptr() as _, 2), 2);
            assert_eq!(t1, 8);
            assert_eq!(&out[..2], &[1, 2]);
            assert_eq!(lws_ring_get_count_waiting_elements(r, &mut t1), 1);
            assert_eq!(lws_ring_get_count_waiting_elements(r, null_mut()), 3);
            assert_eq!(lws_ring_get_oldest_tail(r), 0);
            lws_ring_update_oldest_tail(r, t1);
            assert_eq!(lws_ring_get_count_free_elements(r), 2);
            assert_eq!(lws_ring_get_oldest_tail(r), 8);
            assert_eq!(*DESTROYED.lock().unwrap(), vec![1, 2]);
            assert_eq!(lws_ring_insert(r, v[3..].as_ptr() as _, 10), 2);
            assert_eq!(lws_ring_get_count_free_elements(r), 0);
            assert_eq!(lws_ring_get_count_waiting_elements(r, &mut t1), 3);
            let mut s = null_mut();
            let mut b = 0usize;
            assert_eq!(lws_ring_next_linear_insert_range(r, &mut s, &mut b), 1);
            assert_eq!(lws_ring_get_count_waiting_elements(r, &mut t2), 1);
            // single consumer mode
            assert_eq!(lws_ring_consume(r, null_mut(), out.as_mut_ptr() as _, 10), 3);
            assert_eq!(&out[..3], &[3, 4, 5]);
            assert_eq!(lws_ring_get_count_free_elements(r), 3);
            assert_eq!(lws_ring_get_oldest_tail(r), 4);
            assert_eq!(DESTROYED.lock().unwrap().len(), 5);
            assert_eq!(lws_ring_insert(r, v[6..].as_ptr() as _, 10), 3);
            // skip mode
            assert_eq!(lws_ring_consume(r, &mut t1, null_mut(), 2), 2);
            assert_eq!(t1, 0);
            assert_eq!(lws_ring_get_count_waiting_elements(r, &mut t1), 0);
            assert_eq!(lws_ring_consume(r, &mut t1, out.as_mut_ptr() as _, 10), 0);
            assert!(lws_ring_get_element(r, &mut t1).is_null());
            lws_ring_destroy(r);
            assert_eq!(*DESTROYED.lock().unwrap(), vec![1, 2, 3, 4, 5, 7, 8, 9]);
        }
    }

    #[test]
    fn byte_ring_matches_oracle() {
        unsafe {
            let r = lws_ring_create(1, 8, None);
            assert_eq!(lws_ring_get_count_free_elements(r), 7);
            let mut s = null_mut();
            let mut b = 0usize;
            assert_eq!(lws_ring_next_linear_insert_range(r, &mut s, &mut b), 0);
            assert_eq!(b, 7);
            core::ptr::copy_nonoverlapping(b"abcde".as_ptr(), s as *mut u8, 5);
            lws_ring_bump_head(r, 5);
            assert_eq!(lws_ring_get_count_free_elements(r), 2);
            assert_eq!(lws_ring_get_count_waiting_elements(r, null_mut()), 5);
            let mut cb = [0u8; 16];
            assert_eq!(lws_ring_consume(r, null_mut(), cb.as_mut_ptr() as _, 3), 3);
            assert_eq!(&cb[..3], b"abc");
            assert_eq!(lws_ring_next_linear_insert_range(r, &mut s, &mut b), 0);
            assert_eq!(b, 3);
            lws_ring_bump_head(r, b);
            assert_eq!(lws_ring_get_count_free_elements(r), 2);
            assert_eq!(lws_ring_get_count_waiting_elements(r, null_mut()), 5);
            assert_eq!(lws_ring_next_linear_insert_range(r, &mut s, &mut b), 0);
            assert_eq!(b, 2);
            assert_eq!(lws_ring_consume(r, null_mut(), cb.as_mut_ptr() as _, 16), 5);
            assert_eq!(lws_ring_get_count_free_elements(r), 7);
            assert_eq!(lws_ring_get_count_waiting_elements(r, null_mut()), 0);
            lws_ring_destroy(r);

            // fewer than 2 free bytes counts as full
            let r = lws_ring_create(1, 8, None);
            assert_eq!(lws_ring_insert(r, b"abcdef".as_ptr() as _, 6), 6);
            assert_eq!(lws_ring_get_count_free_elements(r), 0);
            assert_eq!(lws_ring_insert(r, b"g".as_ptr() as _, 1), 0);
            lws_ring_destroy(r);

            assert!(lws_ring_create(4, 0, None).is_null());
            assert!(lws_ring_create(0, 4, None).is_null());
            lws_ring_destroy(null_mut());
            assert_eq!(lws_ring_get_count_free_elements(null_mut()), 0);
        }
    }
}
