//! C API of `libwebsockets/lws-eventlib-exports.h`: the internals that
//! event-loop plugins (libuv, libev, glib) call back into.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;

use crate::api::ws_close::E_lws_close_status;
use crate::core::{lws, lws_context, lws_vhost};
use crate::api::base::lws_context_per_thread;

/// Resizes a heap block like realloc(3); `size` 0 frees `ptr` and returns
/// NULL.  `reason` only labels the allocation for debugging.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_realloc(ptr: *mut c_void, size: usize, reason: *const c_char) -> *mut c_void {
    ffi_guard!(null_mut(), {
        if let Some(alloc) = crate::api::misc::allocator() {
            // SAFETY: the application's allocator (lws_set_allocator), realloc
            // semantics, with the caller's pointer from an earlier lws_realloc.
            return unsafe { alloc(ptr, size, reason) };
        }
        if size == 0 {
            // SAFETY: `ptr` is NULL or from an earlier lws_realloc (the C contract).
            unsafe { libc::free(ptr) };
            return null_mut();
        }
        // SAFETY: as above.
        unsafe { libc::realloc(ptr, size) }
    })
}

/// First stage of destroying a vhost.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vhost_destroy1(vh: *mut lws_vhost) {
    ffi_guard!((), {
        if !vh.is_null() {
            // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
            unsafe { crate::core::vhost::destroy1(vh) };
        }
    })
}

/// Closes and frees a connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_close_free_wsi(wsi: *mut lws, reason: E_lws_close_status, caller: *const c_char) {
    ffi_guard!((), { not_implemented!("lws_close_free_wsi") })
}

/// Services connections whose rx flow control was lifted.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_service_do_ripe_rxflow(pt: *mut lws_context_per_thread) {
    ffi_guard!((), { not_implemented!("lws_service_do_ripe_rxflow") })
}

/// The connection using descriptor `fd`, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn wsi_from_fd(context: *const lws_context, fd: c_int) -> *mut lws {
    ffi_guard!(null_mut(), {
        if context.is_null() {
            return null_mut();
        }
        not_implemented!("wsi_from_fd", null_mut())
    })
}

/// Services pending work of service thread `tsi` that needs no poll
/// event.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_service_forced_tsi(context: *mut lws_context, tsi: c_int) -> c_int {
    ffi_guard!(-1, { not_implemented!("_lws_plat_service_forced_tsi", -1) })
}

/// Second stage of destroying a context.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_destroy2(context: *mut lws_context) {
    ffi_guard!((), {
        if !context.is_null() {
            // SAFETY: a non-NULL context is alive and not used afterwards (the C
            // contract).
            unsafe { crate::core::context::destroy(context) };
        }
    })
}

/// Destroys the event pipe of a service thread.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_destroy_event_pipe(wsi: *mut lws) {
    ffi_guard!((), { not_implemented!("lws_destroy_event_pipe") })
}

/// Last stage of closing a connection: frees it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn __lws_close_free_wsi_final(wsi: *mut lws) {
    ffi_guard!((), { not_implemented!("__lws_close_free_wsi_final") })
}

#[cfg(test)]
// test code: buffers the test allocates itself
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    #[test]
    fn realloc_grows_and_frees() {
        unsafe {
            let p = lws_realloc(null_mut(), 16, c"t".as_ptr()) as *mut u8;
            assert!(!p.is_null());
            *p = 7;
            let p = lws_realloc(p as *mut c_void, 4096, core::ptr::null()) as *mut u8;
            assert_eq!(*p, 7);
            assert!(lws_realloc(p as *mut c_void, 0, core::ptr::null()).is_null());
        }
    }
}
