//! C API of `libwebsockets/lws-system.h`: per-context system
//! integration: blobs (auth tokens, certs...), the system state manager,
//! user-supplied system operations, captive portal detection result.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_int, c_void};
pub use crate::abi::system::*;

use crate::api::state::lws_state_manager_t;
use crate::core::lws_context;









/// The blob behind a C handle (None for NULL).
///
/// # Safety
/// `b` NULL or a blob handle from lws_system_get_blob, whose context is
/// alive during `'a`.  (Was a safe fn dereferencing its raw argument.)
unsafe fn blob<'a>(b: *mut lws_system_blob_t) -> Option<&'a crate::core::system::Blob> {
    if b.is_null() {
        None
    } else {
        // SAFETY: the handle is a `&Blob` of the context's blobs cast to
        // the opaque C type (lws_system_get_blob), alive (caller).
        Some(unsafe { &*(b as *const crate::core::system::Blob) })
    }
}

/// Points the blob at `len` bytes at `ptr`, which the caller keeps alive.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_direct_set(b: *mut lws_system_blob_t, ptr: *const u8, len: usize) {
    ffi_guard!((), {
        // SAFETY: a non-NULL blob handle is alive (the C contract,
        // api/mod.rs).
        if let Some(b) = unsafe { blob(b) } {
            // SAFETY: the application keeps `len` bytes at `ptr` alive
            // while the blob points at them (lws_system_blob_direct_set's
            // contract in lws-system.h).
            unsafe { b.direct_set(ptr, len) };
        }
    })
}

/// Empties the blob's heap copy (and forgets a direct pointer).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_heap_empty(b: *mut lws_system_blob_t) {
    ffi_guard!((), {
        // SAFETY: a non-NULL blob handle is alive (the C contract,
        // api/mod.rs).
        if let Some(b) = unsafe { blob(b) } {
            b.heap_empty();
        }
    })
}

/// Appends a copy of `len` bytes at `ptr` to the blob; 0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_heap_append(b: *mut lws_system_blob_t, ptr: *const u8, len: usize) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL blob handle is alive (the C contract,
        // api/mod.rs).
        let Some(b) = (unsafe { blob(b) }) else { return -1 };
        if ptr.is_null() && len != 0 {
            return -1;
        }
        // SAFETY: `ptr` has `len` readable bytes (the C contract).
        let data = if len == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(ptr, len) } };
        b.heap_append(data);
        0
    })
}

/// Size of the blob content in bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_get_size(b: *mut lws_system_blob_t) -> usize {
    // SAFETY: a non-NULL blob handle is alive (the C contract, api/mod.rs).
    ffi_guard!(0, { unsafe { blob(b) }.map_or(0, |b| b.size()) })
}

/// Sets `*ptr` to the contiguous blob content; 0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_get_single_ptr(b: *mut lws_system_blob_t, ptr: *mut *const u8) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL blob handle is alive (the C contract,
        // api/mod.rs).
        let Some(b) = (unsafe { blob(b) }) else { return -1 };
        if ptr.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL out pointer (the C contract).
        unsafe { *ptr = b.single_ptr() };
        0
    })
}

/// Copies up to `*len` bytes from offset `ofs` into `ptr`, sets `*len` to
/// the count copied; 0 on success, 1 if `ofs` is past the end.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_get(b: *mut lws_system_blob_t, ptr: *mut u8, len: *mut usize, ofs: usize) -> c_int {
    ffi_guard!(1, {
        // SAFETY: a non-NULL blob handle is alive (the C contract,
        // api/mod.rs).
        let Some(b) = (unsafe { blob(b) }) else { return 1 };
        // SAFETY: a non-NULL `len` is the caller's in/out count (the C
        // contract), here and below.
        if len.is_null() || (ptr.is_null() && unsafe { *len } != 0) {
            return 1;
        }
        // SAFETY: `ptr` has `*len` writable bytes, not the blob's own
        // (the C contract).
        let out = if unsafe { *len } == 0 { &mut [][..] } else { unsafe { core::slice::from_raw_parts_mut(ptr, *len) } };
        match b.get(out, ofs) {
            Some(n) => {
                // SAFETY: see above.
                unsafe { *len = n };
                0
            }
            None => 1,
        }
    })
}

/// Frees the blob's heap content.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_blob_destroy(b: *mut lws_system_blob_t) {
    ffi_guard!((), {
        // SAFETY: a non-NULL blob handle is alive (the C contract,
        // api/mod.rs).
        if let Some(b) = unsafe { blob(b) } {
            b.heap_empty();
        }
    })
}

/// The context's blob of kind `type_` (index `idx` within the kind).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_get_blob(
    context: *mut lws_context,
    type_: E_lws_system_blob_item_t,
    idx: c_int,
) -> *mut lws_system_blob_t {
    ffi_guard!(core::ptr::null_mut(), {
        if context.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).blob(type_, idx) }.map_or(core::ptr::null_mut(), |b| b as *const _ as *mut lws_system_blob_t)
    })
}

/// The context's system state manager.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_get_state_manager(context: *mut lws_context) -> *mut lws_state_manager_t {
    ffi_guard!(core::ptr::null_mut(), {
        if context.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).mgr_system() }
    })
}

/// The `system_ops` given at context creation (may be NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_get_ops(context: *mut lws_context) -> *const lws_system_ops_t {
    ffi_guard!(core::ptr::null(), {
        if context.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).system_ops }
    })
}

/// The context owning a system state manager.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_context_from_system_mgr(mgr: *mut lws_state_manager_t) -> *mut lws_context {
    ffi_guard!(core::ptr::null_mut(), {
        if mgr.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL manager is valid (the C contract).
        unsafe { (*mgr).context }
    })
}

/// Queues `cb` to run on the service thread once the system reaches
/// `state`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn __lws_system_attach(
    context: *mut lws_context,
    tsi: c_int,
    cb: lws_attach_cb_t,
    state: E_lws_system_states_t,
    opaque: *mut c_void,
    get: *mut *mut lws_attach_item,
) -> c_int {
    ffi_guard!(1, {
        let _ = (context, tsi, cb, state, opaque, get);
        not_implemented!("__lws_system_attach", 1)
    })
}

/// Asks the user's `captive_portal_detect_request` op to start captive
/// portal detection; nonzero if it cannot.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_cpd_start(context: *mut lws_context) -> c_int {
    ffi_guard!(1, {
        if context.is_null() {
            return 1;
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        let ops = unsafe { (*context).system_ops };
        // SAFETY: `system_ops` is NULL or the application's, alive with
        // the context (the C contract).
        match unsafe { ops.as_ref() }.and_then(|o| o.captive_portal_detect_request) {
            // SAFETY: the application's op, with its context, through
            // call_out.
            Some(f) => crate::cancel::call_out(|| unsafe { crate::cancel::CUnwind::unwind(f)(context) }),
            None => 1,
        }
    })
}

/// Records the result of captive portal detection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_cpd_set(context: *mut lws_context, result: E_lws_cpd_result_t) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).cpd_state.set(result) };
    })
}

/// The last result recorded by `lws_system_cpd_set`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_system_cpd_state_get(context: *mut lws_context) -> E_lws_cpd_result_t {
    ffi_guard!(0, {
        if context.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).cpd_state.get() }
    })
}
