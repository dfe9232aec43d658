//! `lws_buflist_*`: the C API over crate::buflist.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Appends a copy of `len` bytes at `buf` to the list at `*head`.
/// Returns 1 if the list was empty before, 0 if it was not, -1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_append_segment(head: *mut *mut lws_buflist, buf: *const u8, len: usize) -> c_int {
    ffi_guard!(-1, {
        if head.is_null() || buf.is_null() || len == 0 {
            return -1;
        }
        // SAFETY: the caller passes `len` readable bytes.
        let seg = lws_buflist::new(unsafe { core::slice::from_raw_parts(buf, len) });
        let mut pp = head;
        let mut first = 1;
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).  The walk follows `next` cells to the last one.
        unsafe {
            while !(*pp).is_null() {
                first = 0;
                pp = &mut (**pp).next;
            }
            *pp = seg;
        }
        first
    })
}

/// Points `*buf` (if not NULL) at the unconsumed part of the head segment
/// and returns its length; 0 (and `*buf` NULL) for an empty list.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_next_segment_len(head: *mut *mut lws_buflist, buf: *mut *mut u8) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let h = if head.is_null() { core::ptr::null_mut() } else { unsafe { *head } };
        if h.is_null() {
            if !buf.is_null() {
                // SAFETY: a non-NULL out pointer (the C contract).
                unsafe { *buf = core::ptr::null_mut() };
            }
            return 0;
        }
        // SAFETY: `h` is the live first segment; `pos <= data.len()`.
        unsafe {
            let seg = &mut *h;
            if !buf.is_null() {
                *buf = seg.data.as_mut_ptr().add(seg.pos);
            }
            seg.data.len() - seg.pos
        }
    })
}

/// Consumes `len` bytes of the head segment, dropping it when it is used
/// up.  Returns the unconsumed length of the (new) head segment.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_use_segment(head: *mut *mut lws_buflist, len: usize) -> usize {
    ffi_guard!(0, {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        if head.is_null() || unsafe { (*head).is_null() } {
            return 0;
        }
        // SAFETY: the live first segment; when used up it is unlinked and freed
        // once (a Box made by lws_buflist::new).
        unsafe {
            let h = *head;
            let seg = &mut *h;
            seg.pos = seg.pos.saturating_add(len).min(seg.data.len());
            if seg.pos == seg.data.len() {
                *head = seg.next;
                drop(Box::from_raw(h));
            }
            lws_buflist_next_segment_len(head, core::ptr::null_mut())
        }
    })
}

/// Sum of the segment sizes (as in libwebsockets 4.1, the part already
/// consumed from the head segment is still counted).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_total_len(head: *mut *mut lws_buflist) -> usize {
    ffi_guard!(0, {
        if head.is_null() {
            return 0;
        }
        let mut total = 0usize;
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        while !p.is_null() {
            // SAFETY: `p` is a live segment of that chain (see above).
            unsafe {
                let seg = &*p;
                total += seg.data.len();
                p = (*p).next;
            }
        }
        total
    })
}

/// Copies up to `len` bytes, starting `ofs` bytes into the list (counting
/// from the start of the head segment), into `buf`.  Returns the count.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_linear_copy(head: *mut *mut lws_buflist, ofs: usize, buf: *mut u8, len: usize) -> c_int {
    ffi_guard!(-1, {
        if head.is_null() || (buf.is_null() && len != 0) {
            return -1;
        }
        let mut ofs = ofs;
        let mut done = 0usize;
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        while !p.is_null() && done < len {
            // SAFETY: `p` is a live segment of that chain (see above).
            let data = unsafe { &(*p).data };
            if ofs >= data.len() {
                ofs -= data.len();
            } else {
                let n = (data.len() - ofs).min(len - done);
                // SAFETY: `ofs + n <= data.len()`; `buf` has `len >= done + n` bytes
                // (the C contract).
                unsafe { core::ptr::copy_nonoverlapping(data.as_ptr().add(ofs), buf.add(done), n) };
                done += n;
                ofs = 0;
            }
            // SAFETY: `p` is a live segment of that chain (see above).
            p = unsafe { (*p).next };
        }
        done as c_int
    })
}

/// Frees every segment and sets `*head` to NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_destroy_all_segments(head: *mut *mut lws_buflist) {
    ffi_guard!((), {
        if head.is_null() {
            return;
        }
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        // SAFETY: as above.
        unsafe { *head = core::ptr::null_mut() };
        while !p.is_null() {
            // SAFETY: each segment is a Box of the chain, freed once (the head was
            // NULLed first).
            let b = unsafe { Box::from_raw(p) };
            p = b.next;
        }
    })
}

fn c_ptr_fmt(p: *const c_void) -> String {
    if p.is_null() {
        "(nil)".to_string()
    } else {
        format!("{p:p}")
    }
}

/// Logs (at `LLL_NOTICE`) one line per segment: position, size, remainder.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_buflist_describe(head: *mut *mut lws_buflist, id: *mut c_void, reason: *const c_char) {
    ffi_guard!((), {
        if head.is_null() {
            return;
        }
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let reason = String::from_utf8_lossy(unsafe { cstr_bytes(reason) }.unwrap_or(b"(null)")).into_owned();
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or a
        // chain of segments lws_buflist_append_segment made (the C contract,
        // api/mod.rs).
        let mut p = unsafe { *head };
        let mut n = 0;
        while !p.is_null() {
            // SAFETY: `p` is a live segment of that chain (see above).
            let seg = unsafe { &*p };
            let (pos, len) = (seg.pos, seg.data.len());
            lwsl_notice!("{}: {}: {}: {} / {} ({} left)\n", c_ptr_fmt(id), reason, n, pos, len, len - pos);
            n += 1;
            // SAFETY: `p` is a live segment of that chain (see above).
            p = unsafe { (*p).next };
        }
    })
}
