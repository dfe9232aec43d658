//! `lws_set_allocator`: the allocator the library uses for user-visible allocations.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// The allocator installed by `lws_set_allocator()` (0: libc realloc).
static ALLOCATOR: AtomicUsize = AtomicUsize::new(0);

/// The allocator set by `lws_set_allocator`, if any (for `lws_realloc`):
/// realloc semantics, size 0 frees.
pub fn allocator() -> Option<unsafe extern "C" fn(ptr: *mut c_void, size: usize, reason: *const c_char) -> *mut c_void> {
    let v = ALLOCATOR.load(Ordering::Relaxed);
    // SAFETY: only ever stored from a valid allocator function pointer.
    (v != 0).then(|| unsafe {
        core::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void, usize, *const c_char) -> *mut c_void>(v)
    })
}

/// Installs the allocator `lws_realloc()` uses (NULL restores the default).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_allocator(
    realloc: Option<unsafe extern "C" fn(ptr: *mut c_void, size: usize, reason: *const c_char) -> *mut c_void>,
) {
    ffi_guard!(leaf, (), { ALLOCATOR.store(realloc.map_or(0, |f| f as usize), Ordering::Relaxed) })
}
