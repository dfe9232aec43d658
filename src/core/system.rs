//! Per-context blobs (`lws_system_blob_t`).
#![deny(clippy::undocumented_unsafe_blocks)]

use std::cell::{Cell, RefCell};

/// A blob: either a pointer the user keeps alive, or a heap copy.
#[derive(Default)]
pub struct Blob {
    direct: Cell<Option<(*const u8, usize)>>,
    heap: RefCell<Vec<u8>>,
}

impl Blob {
    /// Points the blob at `len` bytes at `ptr` (instead of its heap copy).
    ///
    /// # Safety
    /// `ptr` is NULL, or `len` is 0, or `ptr` is valid for `len` bytes of
    /// reads for as long as the blob holds it (until the next `direct_set`,
    /// `heap_empty` or `heap_append`): `get` reads it.
    pub unsafe fn direct_set(&self, ptr: *const u8, len: usize) {
        self.direct.set(Some((ptr, len)));
    }
    pub fn heap_empty(&self) {
        self.direct.set(None);
        self.heap.borrow_mut().clear();
    }
    pub fn heap_append(&self, data: &[u8]) {
        self.direct.set(None);
        self.heap.borrow_mut().extend_from_slice(data);
    }
    pub fn size(&self) -> usize {
        match self.direct.get() {
            Some((_, l)) => l,
            None => self.heap.borrow().len(),
        }
    }
    pub fn single_ptr(&self) -> *const u8 {
        match self.direct.get() {
            Some((p, _)) => p,
            None => self.heap.borrow().as_ptr(),
        }
    }
    /// Copies from `ofs` into `out`; the count copied, None if `ofs` is
    /// past the end.
    pub fn get(&self, out: &mut [u8], ofs: usize) -> Option<usize> {
        let mut copy = |src: &[u8]| -> Option<usize> {
            if ofs > src.len() {
                return None;
            }
            let n = out.len().min(src.len() - ofs);
            out[..n].copy_from_slice(&src[ofs..ofs + n]);
            Some(n)
        };
        match self.direct.get() {
            Some((p, l)) => {
                let src = if p.is_null() || l == 0 {
                    &[][..]
                } else {
                    // SAFETY: held since `direct_set`, whose caller keeps
                    // `l` bytes at `p` readable meanwhile.
                    unsafe { core::slice::from_raw_parts(p, l) }
                };
                copy(src)
            }
            None => copy(&self.heap.borrow()),
        }
    }
}

/// `LWS_SYSBLOB_TYPE_COUNT`.
pub const BLOB_COUNT: usize = 8;
