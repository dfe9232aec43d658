//! C API of `libwebsockets/lws-lwsac.h`: "lws allocated chunks", an arena
//! of malloc'd chunks linked from the first one.  Allocations never move and
//! stay valid until the whole lwsac is freed; there is no per-allocation
//! free.
//!
//! The chunk layout is the one Debian's library uses, because it is visible
//! through the API (`lwsac_get_tail_pos`, `lwsac_sizeof`, the offsets of the
//! returned pointers, `lwsac_total_overhead`):
//!
//! ```text
//! chunk:       [struct lwsac (32)][data ...]
//! first chunk: [struct lwsac (32)][lwsac_head (32)][data ...]
//! ```
//!
//! Allocations are rounded up to 8 bytes.  A new chunk holds `chunk_size`
//! (4000 if 0) data bytes, or the rounded request if that is not smaller.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_uchar, c_void};
pub use crate::abi::lwsac::*;
use core::mem::size_of;
use core::ptr::null_mut;

/// Data bytes of a chunk when the caller passes 0.
const LWSAC_CHUNK_SIZE: usize = 4000;


/// Extra header of the first chunk.
#[repr(C)]
struct LacHead {
    curr: *mut lwsac,
    total_alloc_size: usize,
    refcount: c_int,
    total_blocks: c_int,
    detached: c_char,
}



const _: () = assert!(size_of::<lwsac>() == 32 && size_of::<LacHead>() == 32);

/// The LacHead of a first chunk.
///
/// # Safety
/// `first` is the first chunk of a lwsac.
unsafe fn lachead(first: *mut lwsac) -> *mut LacHead {
    // SAFETY: the first chunk has its LacHead right after its 32-byte
    // header (caller: `first` is a first chunk).
    unsafe { first.add(1) as *mut LacHead }
}

fn align8(n: usize) -> usize {
    n.wrapping_add(7) & !7
}

/// The body of lwsac_use / lwsac_use_backfill.
///
/// # Safety
/// `head` NULL or the caller's head pointer (NULL or a first chunk).
unsafe fn use_inner(head: *mut *mut lwsac, ensure: usize, chunk_size: usize, backfill: bool) -> *mut c_void {
    if head.is_null() {
        return null_mut();
    }
    let al = align8(ensure);
    if al < ensure {
        return null_mut();
    }
    // SAFETY: `head` is the caller's (non-NULL), `*head` NULL or a first
    // chunk; every chunk on the list is a live malloc of `alloc_size` bytes
    // with `ofs <= alloc_size`; a new chunk is malloc'd with room for its
    // headers and at least `al` bytes, and initialised by `write` before use;
    // the returned region is `ensure` bytes inside the chunk, the zeroed pad
    // stays inside it too (clamped to what is left).
    unsafe {
        let first = *head;
        let lh = if first.is_null() { null_mut() } else { lachead(first) };
        let mut bf: *mut lwsac = null_mut();
        if backfill {
            let mut it = first;
            while !it.is_null() {
                if (*it).alloc_size - (*it).ofs >= ensure {
                    bf = it;
                    break;
                }
                it = (*it).next;
            }
        } else if !lh.is_null() && !(*lh).curr.is_null() {
            let c = (*lh).curr;
            if (*c).alloc_size - (*c).ofs >= ensure {
                bf = c;
            }
        }
        if bf.is_null() {
            let hp = size_of::<lwsac>() + if first.is_null() { size_of::<LacHead>() } else { 0 };
            let cs = if chunk_size == 0 { LWSAC_CHUNK_SIZE } else { chunk_size };
            let Some(mut alloc) = cs.checked_add(hp) else { return null_mut() };
            if al >= alloc - hp {
                let Some(a) = al.checked_add(hp) else { return null_mut() };
                alloc = a;
            }
            bf = libc::malloc(alloc) as *mut lwsac;
            if bf.is_null() {
                lwsl_err!("lwsac_use: OOM trying to get {}\n", alloc);
                return null_mut();
            }
            let mut ofs = size_of::<lwsac>();
            let lh = if first.is_null() {
                *head = bf;
                ofs += size_of::<LacHead>();
                let lh = lachead(bf);
                lh.write(LacHead { curr: null_mut(), total_alloc_size: 0, refcount: 0, total_blocks: 0, detached: 0 });
                lh
            } else {
                if !(*lh).curr.is_null() {
                    (*(*lh).curr).next = bf;
                }
                lh
            };
            bf.write(lwsac { next: null_mut(), head: *head, alloc_size: alloc, ofs });
            (*lh).curr = bf;
            (*lh).total_alloc_size += alloc;
            (*lh).total_blocks += 1;
        }
        let ofs = (*bf).ofs;
        let p = (bf as *mut u8).add(ofs);
        let pad = (al - ensure).min((*bf).alloc_size - ofs - ensure);
        core::ptr::write_bytes(p.add(ensure), 0, pad);
        (*bf).ofs = (ofs + al).min((*bf).alloc_size);
        p as *mut c_void
    }
}

/// Returns `ensure` bytes from the current chunk, starting a new chunk of
/// `chunk_size` data bytes (4000 if 0) when they do not fit.  NULL on OOM.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_use(head: *mut *mut lwsac, ensure: usize, chunk_size: usize) -> *mut c_void {
    // SAFETY: a non-NULL head pointer is the caller's, holding NULL or the
    // first chunk of a live lwsac (the C contract, api/mod.rs).
    ffi_guard!(null_mut(), { unsafe { use_inner(head, ensure, chunk_size, false) } })
}

/// Like `lwsac_use`, but first tries every chunk from the first one.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_use_backfill(head: *mut *mut lwsac, ensure: usize, chunk_size: usize) -> *mut c_void {
    // SAFETY: a non-NULL head pointer is the caller's, holding NULL or the
    // first chunk of a live lwsac (the C contract, api/mod.rs).
    ffi_guard!(null_mut(), { unsafe { use_inner(head, ensure, chunk_size, true) } })
}

/// Like `lwsac_use`, with the bytes zeroed.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_use_zero(head: *mut *mut lwsac, ensure: usize, chunk_size: usize) -> *mut c_void {
    ffi_guard!(null_mut(), {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or the
        // first chunk of a live lwsac (the C contract, api/mod.rs).
        let p = unsafe { use_inner(head, ensure, chunk_size, false) };
        if !p.is_null() {
            // SAFETY: use_inner returned `ensure` bytes.
            unsafe { core::ptr::write_bytes(p as *mut u8, 0, ensure) };
        }
        p
    })
}

/// Frees every chunk and NULLs `*head`.
///
/// # Safety
/// `head` valid, `*head` NULL or a first chunk not used afterwards.
unsafe fn free_all(head: *mut *mut lwsac) {
    // SAFETY: `head` is the caller's; each chunk is a live malloc, freed
    // once (its `next` read first), and `*head` NULLed.
    unsafe {
        let mut it = *head;
        *head = null_mut();
        while !it.is_null() {
            let next = (*it).next;
            libc::free(it as *mut c_void);
            it = next;
        }
    }
}

/// Frees every chunk (whatever the reference count) and sets `*head` to
/// NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_free(head: *mut *mut lwsac) {
    ffi_guard!((), {
        if !head.is_null() {
            // SAFETY: a non-NULL head pointer is the caller's, holding NULL or the
            // first chunk of a live lwsac (the C contract, api/mod.rs).
            unsafe { free_all(head) };
        }
    })
}

/// Marks the lwsac as detached from its owner: it is freed now if nobody
/// holds a reference, else when the last reference goes.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_detach(head: *mut *mut lwsac) {
    ffi_guard!((), {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or the
        // first chunk of a live lwsac (the C contract, api/mod.rs).
        if head.is_null() || unsafe { (*head).is_null() } {
            return;
        }
        // SAFETY: a non-NULL lwsac is the first chunk of a live one (the C
        // contract), whose LacHead follows its header.  Freed through free_all when unreferenced.
        unsafe {
            let lh = lachead(*head);
            (*lh).detached = 1;
            if (*lh).refcount == 0 {
                free_all(head);
            }
        }
    })
}

/// Takes a reference on the lwsac.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_reference(head: *mut lwsac) {
    ffi_guard!((), {
        if !head.is_null() {
            // SAFETY: a non-NULL lwsac is the first chunk of a live one (the C
            // contract), whose LacHead follows its header.
            unsafe { (*lachead(head)).refcount += 1 };
        }
    })
}

/// Drops a reference; a detached lwsac is freed (and `*head` set to NULL)
/// with its last reference.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_unreference(head: *mut *mut lwsac) {
    ffi_guard!((), {
        // SAFETY: a non-NULL head pointer is the caller's, holding NULL or the
        // first chunk of a live lwsac (the C contract, api/mod.rs).
        if head.is_null() || unsafe { (*head).is_null() } {
            return;
        }
        // SAFETY: a non-NULL lwsac is the first chunk of a live one (the C
        // contract), whose LacHead follows its header.
        unsafe {
            let lh = lachead(*head);
            if (*lh).refcount == 0 {
                lwsl_warn!("lwsac_unreference: refcount going below zero\n");
            }
            (*lh).refcount -= 1;
            if (*lh).detached != 0 && (*lh).refcount == 0 {
                free_all(head);
            }
        }
    })
}

/// Grows the most recent allocation by `amount` (rounded up to 8) bytes,
/// zeroed, if the current chunk has room.  Returns 0 on success, 1 if not.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_extend(head: *mut lwsac, amount: c_int) -> c_int {
    ffi_guard!(1, {
        if head.is_null() || amount < 0 {
            return 1;
        }
        // SAFETY: a non-NULL lwsac is the first chunk of a live one (the C
        // contract), whose LacHead follows its header.  `curr` is its last chunk; the
        // zeroed bytes are inside it (`al` fits in what is left).
        unsafe {
            let bf = (*lachead(head)).curr;
            if bf.is_null() {
                return 1;
            }
            let al = align8(amount as usize);
            if (*bf).alloc_size - (*bf).ofs < al {
                return 1;
            }
            core::ptr::write_bytes((bf as *mut u8).add((*bf).ofs), 0, al);
            (*bf).ofs += al;
        }
        0
    })
}

/// Size of the chunk header (plus the first chunk's extra header if
/// `first`).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_sizeof(first: c_int) -> usize {
    ffi_guard!(leaf, 0, { chunk_header_size(first != 0) })
}

/// What `lwsac_sizeof` answers, for the library's own use.
fn chunk_header_size(first: bool) -> usize {
    size_of::<lwsac>() + if first { size_of::<LacHead>() } else { 0 }
}

/// Offset of the first unused byte of this chunk.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_get_tail_pos(lac: *mut lwsac) -> usize {
    // SAFETY: NULL or a live chunk (the C contract).
    ffi_guard!(0, { unsafe { lac.as_ref() }.map_or(0, |l| l.ofs) })
}

/// The chunk after `lac`, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_get_next(lac: *mut lwsac) -> *mut lwsac {
    // SAFETY: NULL or a live chunk (the C contract).
    ffi_guard!(null_mut(), { unsafe { lac.as_ref() }.map_or(null_mut(), |l| l.next) })
}

/// Rounds `length` up to the allocation granularity (8).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_align(length: usize) -> usize {
    ffi_guard!(leaf, 0, { align8(length) })
}

/// Logs the lwsac's chunks and usage at `LLL_DEBUG`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_info(head: *mut lwsac) {
    ffi_guard!((), {
        if head.is_null() {
            lwsl_debug!("lwsac_info: empty\n");
            return;
        }
        // SAFETY: a non-NULL lwsac is the first chunk of a live one (the C
        // contract), whose LacHead follows its header.
        unsafe {
            let lh = lachead(head);
            lwsl_debug!(
                "lwsac_info: lac {:p}: {} chunks, {} bytes allocated, {} overhead, refcount {}, detached {}\n",
                head,
                (*lh).total_blocks,
                (*lh).total_alloc_size,
                lwsac_total_overhead(head),
                (*lh).refcount,
                (*lh).detached
            );
        }
    })
}

/// Total bytes malloc'd for this lwsac (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_total_alloc(head: *mut lwsac) -> u64 {
    ffi_guard!(0, {
        if head.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL lwsac is the first chunk of a live one (the C
        // contract), whose LacHead follows its header.
        unsafe { (*lachead(head)).total_alloc_size as u64 }
    })
}

/// Bytes not used for allocations: each chunk's header plus its unused
/// tail.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_total_overhead(head: *mut lwsac) -> u64 {
    ffi_guard!(0, {
        let mut o = 0u64;
        let mut it = head;
        // SAFETY: NULL or a live chunk; its `next` is NULL or the next one.
        while let Some(c) = unsafe { it.as_ref() } {
            o += (c.alloc_size - c.ofs + size_of::<lwsac>()) as u64;
            it = c.next;
        }
        o
    })
}

/// Looks for the `len` bytes at `find` anywhere in the used part of the
/// chunks (followed by a NUL if `nul`), to reuse an existing copy.  Returns
/// it, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_scan_extant(head: *mut lwsac, find: *mut u8, len: usize, nul: c_int) -> *mut u8 {
    ffi_guard!(null_mut(), {
        if find.is_null() {
            return null_mut();
        }
        // SAFETY: `find` has `len` bytes (the C contract).
        let want = unsafe { core::slice::from_raw_parts(find as *const u8, len) };
        let mut it = head;
        // SAFETY: NULL or a live chunk; its `next` is NULL or the next one.
        while let Some(c) = unsafe { it.as_ref() } {
            let base = it as *mut u8;
            let start = size_of::<lwsac>();
            if c.ofs >= start + len {
                // candidates must leave at least one byte before the tail
                for pos in start..c.ofs - len {
                    // SAFETY: `pos < ofs - len`: inside the used part of the chunk.
                    let p = unsafe { base.add(pos) };
                    // SAFETY: `pos + len < ofs <= alloc_size`.
                    let here = unsafe { core::slice::from_raw_parts(p as *const u8, len) };
                    if len == 0 {
                        // SAFETY: `p` inside the chunk (above); `find` has at least one byte (a
                        // C string, the C contract).
                        if unsafe { *p == *find } && (nul == 0 || unsafe { *p == 0 }) {
                            return p;
                        }
                        continue;
                    }
                    // SAFETY: `pos + len < ofs`, still inside the used part.
                    if here == want && (nul == 0 || unsafe { *p.add(len) } == 0) {
                        return p;
                    }
                }
            }
            it = c.next;
        }
        null_mut()
    })
}

/// Inserts list member `add` into the singly linked list at `phead`, before
/// the first member for which `sort(add, member) <= 0` (at the head if
/// `sort` is NULL).  Members point to the next member's list pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_list_ptr_insert(phead: *mut lws_list_ptr, add: *mut lws_list_ptr, sort: lws_list_ptr_sort_func_t) {
    ffi_guard!((), {
        if phead.is_null() || add.is_null() {
            return;
        }
        let mut h = phead;
        // SAFETY: `phead` and `add` are the caller's list cells, each holding
        // NULL or the next cell (the C contract of lws_list_ptr); the sort
        // callback is the application's, through call_out.
        unsafe {
            if let Some(sort) = sort {
                while !(*h).is_null() {
                    if crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(sort)(add as lws_list_ptr, *h)) <= 0 {
                        break;
                    }
                    h = *h as *mut lws_list_ptr;
                }
            }
            *add = *h;
            *h = add as lws_list_ptr;
        }
    })
}

/// What precedes the file content in a cached-file lwsac.
#[repr(C)]
struct CachedFileInfo {
    size: i64,
    mtime: i64,
    mtime_nsec: i64,
    ino: u64,
}

/// The lwsac behind a cached-file pointer.
///
/// # Safety
/// `cache` is a pointer lwsac_cached_file returned.
unsafe fn cached_lac(cache: *mut c_uchar) -> *mut lwsac {
    // SAFETY: a cached-file pointer is the data lwsac_cached_file returned:
    // `CachedFileInfo` and the first chunk's headers lie right before it in
    // that chunk (caller).
    unsafe { cache.sub(size_of::<CachedFileInfo>() + chunk_header_size(true)) as *mut lwsac }
}

/// Takes a reference on a cached file while it is in use.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_use_cached_file_start(cache: lwsac_cached_file_t) {
    ffi_guard!((), {
        if !cache.is_null() {
            // SAFETY: a non-NULL cache pointer is lwsac_cached_file's (the C
            // contract).
            unsafe { lwsac_reference(cached_lac(cache)) };
        }
    })
}

/// Drops the reference taken by `lwsac_use_cached_file_start`; sets
/// `*cache` to NULL if that freed the (detached) file.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_use_cached_file_end(cache: *mut lwsac_cached_file_t) {
    ffi_guard!((), {
        // SAFETY: a non-NULL pointer to the caller's cache pointer.
        if cache.is_null() || unsafe { (*cache).is_null() } {
            return;
        }
        // SAFETY: as above; its lwsac is a live first chunk.
        unsafe {
            let mut lac = cached_lac(*cache);
            lwsac_unreference(&mut lac);
            if lac.is_null() {
                *cache = null_mut();
            }
        }
    })
}

/// Detaches the cached file (it is freed when no longer in use) and sets
/// `*cache` to NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_use_cached_file_detach(cache: *mut lwsac_cached_file_t) {
    ffi_guard!((), {
        // SAFETY: a non-NULL pointer to the caller's cache pointer.
        if cache.is_null() || unsafe { (*cache).is_null() } {
            return;
        }
        // SAFETY: as above; its lwsac is a live first chunk.
        unsafe {
            let mut lac = cached_lac(*cache);
            lwsac_detach(&mut lac);
            *cache = null_mut();
        }
    })
}

/// Makes `*cache` hold the current content of `filepath` (loading it, or
/// reloading it if the file changed since it was cached) and sets `*len` to
/// its length.  Returns 0 on success, nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsac_cached_file(filepath: *const c_char, cache: *mut lwsac_cached_file_t, len: *mut usize) -> c_int {
    ffi_guard!(1, {
        if filepath.is_null() || cache.is_null() || len.is_null() {
            return 1;
        }
        // SAFETY: `filepath` is a C string and `cache`/`len` the caller's (the C
        // contract); a non-NULL `*cache` is an earlier result, with its
        // CachedFileInfo before it; the new chunk holds the info, `size` bytes
        // and a NUL (`total`), all written inside it; the fd is this call's,
        // closed once on every path.
        unsafe {
            let fd = libc::open(filepath, libc::O_RDONLY);
            if fd < 0 {
                return 1;
            }
            let mut st: libc::stat = core::mem::zeroed();
            if libc::fstat(fd, &mut st) < 0 {
                libc::close(fd);
                return 1;
            }
            let info = CachedFileInfo {
                size: st.st_size as i64,
                mtime: st.st_mtime as i64,
                mtime_nsec: st.st_mtime_nsec as i64,
                ino: st.st_ino as u64,
            };
            if !(*cache).is_null() {
                let old = &*((*cache).sub(size_of::<CachedFileInfo>()) as *const CachedFileInfo);
                if old.size == info.size && old.mtime == info.mtime && old.mtime_nsec == info.mtime_nsec && old.ino == info.ino {
                    libc::close(fd);
                    *len = info.size as usize;
                    return 0;
                }
                lwsac_use_cached_file_detach(cache);
            }
            let size = info.size.max(0) as usize;
            let total = size_of::<CachedFileInfo>() + size + 1;
            let mut lac: *mut lwsac = null_mut();
            let p = use_inner(&mut lac, total, total, false) as *mut u8;
            if p.is_null() {
                libc::close(fd);
                return 1;
            }
            (p as *mut CachedFileInfo).write(info);
            let data = p.add(size_of::<CachedFileInfo>());
            let mut got = 0usize;
            while got < size {
                let n = libc::read(fd, data.add(got) as *mut c_void, size - got);
                if n <= 0 {
                    break;
                }
                got += n as usize;
            }
            libc::close(fd);
            if got != size {
                lwsac_free(&mut lac);
                return 1;
            }
            *data.add(size) = 0;
            *cache = data;
            *len = size;
            0
        }
    })
}

#[cfg(test)]
// test code: lwsacs of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    fn tail(l: *mut lwsac) -> usize {
        unsafe { lwsac_get_tail_pos(l) }
    }
    fn total(l: *mut lwsac) -> u64 {
        unsafe { lwsac_total_alloc(l) }
    }

    // Expected values from Debian's libwebsockets.so.17.
    #[test]
    fn sizes_match_oracle() {
        unsafe {
            assert_eq!((lwsac_sizeof(0), lwsac_sizeof(1)), (32, 64));
            assert_eq!([lwsac_align(0), lwsac_align(1), lwsac_align(8), lwsac_align(9)], [0, 8, 8, 16]);
        }
        unsafe {
            let mut ac = null_mut();
            let p = lwsac_use(&mut ac, 10, 0) as *mut u8;
            assert_eq!(p as usize - ac as usize, 64);
            assert_eq!((tail(ac), total(ac), lwsac_total_overhead(ac)), (80, 4064, 4016));
            let q = lwsac_use(&mut ac, 3, 0) as *mut u8;
            assert_eq!(q as usize - p as usize, 16);
            assert_eq!(tail(ac), 88);
            assert_eq!(lwsac_extend(ac, 5), 0);
            assert_eq!(tail(ac), 96);
            assert_eq!(lwsac_extend(ac, 5000), 1);
            let r = lwsac_use(&mut ac, 4000, 0) as *mut u8;
            let n = lwsac_get_next(ac);
            assert_eq!(r as usize - n as usize, 32);
            assert_eq!((total(ac), lwsac_total_overhead(ac), tail(n)), (8096, 4032, 4032));
            lwsac_use(&mut ac, 100, 0);
            assert!(!lwsac_get_next(n).is_null());
            let b = lwsac_use_backfill(&mut ac, 100, 0) as *mut u8;
            assert_eq!(b as usize - ac as usize, 96);
            let h = lwsac_use(&mut ac, 6, 0) as *mut u8;
            core::ptr::copy_nonoverlapping(c"hello".as_ptr() as *const u8, h, 6);
            assert!(!lwsac_scan_extant(ac, b"hello".as_ptr() as _, 5, 1).is_null());
            assert!(lwsac_scan_extant(ac, b"hell".as_ptr() as _, 4, 1).is_null());
            assert!(!lwsac_scan_extant(ac, b"hell".as_ptr() as _, 4, 0).is_null());
            assert!(!lwsac_scan_extant(ac, b"ello".as_ptr() as _, 4, 1).is_null());
            let z = lwsac_use_zero(&mut ac, 50, 0) as *mut u8;
            assert!(core::slice::from_raw_parts(z, 50).iter().all(|&c| c == 0));
            assert_eq!((total(ac), lwsac_total_overhead(ac)), (12128, 7792));
            lwsac_free(&mut ac);
            assert!(ac.is_null());
            assert_eq!(total(null_mut()), 0);
        }
    }

    #[test]
    fn chunk_sizing_matches_oracle() {
        unsafe {
            let one = |e1: usize, e2: Option<usize>, cs: usize| {
                let mut ac = null_mut();
                lwsac_use(&mut ac, e1, cs);
                if let Some(e2) = e2 {
                    lwsac_use(&mut ac, e2, cs);
                }
                let r = (total(ac), tail(ac), !lwsac_get_next(ac).is_null());
                lwsac_free(&mut ac);
                r
            };
            assert_eq!(one(10, Some(60), 100), (164, 144, false));
            assert_eq!(one(500, None, 100), (568, 568, false));
            assert_eq!(one(90, None, 100), (164, 160, false));
            assert_eq!(one(101, None, 100), (168, 168, false));
            assert_eq!(one(0, None, 100), (164, 64, false));
            assert_eq!(one(10, Some(201), 100).0, 404);
            assert_eq!(one(10, Some(95), 100).0, 296);
            assert_eq!(one(10, Some(8), 10), (122, 80, true));
            // exact and unaligned fits
            let mut ac = null_mut();
            lwsac_use(&mut ac, 10, 100);
            lwsac_use(&mut ac, 60, 100);
            lwsac_use(&mut ac, 17, 100);
            assert_eq!((total(ac), tail(ac), lwsac_get_next(ac).is_null()), (164, 164, true));
            lwsac_free(&mut ac);
        }
    }

    #[test]
    fn refcounting_matches_oracle() {
        unsafe {
            let mut g = null_mut();
            lwsac_use(&mut g, 8, 0);
            lwsac_reference(g);
            lwsac_reference(g);
            lwsac_unreference(&mut g);
            assert!(!g.is_null());
            lwsac_detach(&mut g);
            assert!(!g.is_null());
            lwsac_unreference(&mut g);
            assert!(g.is_null());
            let mut i = null_mut();
            lwsac_use(&mut i, 8, 0);
            lwsac_detach(&mut i);
            assert!(i.is_null());
            let mut j = null_mut();
            lwsac_use(&mut j, 8, 0);
            lwsac_reference(j);
            lwsac_free(&mut j);
            assert!(j.is_null());
        }
    }

    #[repr(C)]
    struct Item {
        list: lws_list_ptr,
        key: c_int,
    }
    unsafe extern "C" fn by_key(a: lws_list_ptr, b: lws_list_ptr) -> c_int {
        unsafe { (*(a as *const Item)).key - (*(b as *const Item)).key }
    }

    #[test]
    fn list_ptr_sorted() {
        let mut items: Vec<Item> = [3, 1, 2].iter().map(|&k| Item { list: null_mut(), key: k }).collect();
        let mut head: lws_list_ptr = null_mut();
        for it in items.iter_mut() {
            unsafe { lws_list_ptr_insert(&mut head, &mut it.list, Some(by_key)) };
        }
        let mut keys = vec![];
        let mut p = head;
        while !p.is_null() {
            keys.push(unsafe { (*(p as *const Item)).key });
            p = unsafe { *(p as *const lws_list_ptr) };
        }
        assert_eq!(keys, vec![1, 2, 3]);
    }

    #[test]
    fn cached_file_roundtrip() {
        let path = std::env::temp_dir().join(format!("lwsrs-lac-{}", std::process::id()));
        std::fs::write(&path, b"cached content").unwrap();
        let cpath = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        let mut cache: lwsac_cached_file_t = null_mut();
        let mut len = 0usize;
        unsafe {
            assert_eq!(lwsac_cached_file(cpath.as_ptr(), &mut cache, &mut len), 0);
            assert_eq!(core::slice::from_raw_parts(cache, len), b"cached content");
            let before = cache;
            assert_eq!(lwsac_cached_file(cpath.as_ptr(), &mut cache, &mut len), 0);
            assert_eq!(before, cache);
            lwsac_use_cached_file_start(cache);
            lwsac_use_cached_file_end(&mut cache);
            lwsac_use_cached_file_detach(&mut cache);
            assert!(cache.is_null());
            assert_ne!(lwsac_cached_file(c"/nonexistent-lws".as_ptr(), &mut cache, &mut len), 0);
        }
        std::fs::remove_file(&path).unwrap();
    }
}
