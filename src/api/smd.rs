//! C API of `libwebsockets/lws-smd.h`: system message distribution.
//!
//! Types are exact; the message bus itself is not implemented yet.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_int, c_void};
pub use crate::abi::smd::*;

use crate::core::lws_context;




/// Allocates a message payload of `len` bytes for class `_class`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_smd_msg_alloc(ctx: *mut lws_context, _class: lws_smd_class_t, len: usize) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        let _ = (ctx, _class, len);
        not_implemented!("lws_smd_msg_alloc", core::ptr::null_mut())
    })
}

/// Frees an unsent payload and NULLs `*payload`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_smd_msg_free(payload: *mut *mut c_void) {
    ffi_guard!((), {
        let _ = payload;
        not_implemented!("lws_smd_msg_free")
    })
}

/// Queues a payload from `lws_smd_msg_alloc` for delivery; 0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_smd_msg_send(ctx: *mut lws_context, payload: *mut c_void) -> c_int {
    ffi_guard!(1, {
        let _ = (ctx, payload);
        not_implemented!("lws_smd_msg_send", 1)
    })
}

/// Registers a peer for the classes in `_class_filter`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_smd_register(
    ctx: *mut lws_context,
    opaque: *mut c_void,
    flags: c_int,
    _class_filter: lws_smd_class_t,
    cb: lws_smd_notification_cb_t,
) -> *mut lws_smd_peer {
    ffi_guard!(core::ptr::null_mut(), {
        let _ = (ctx, opaque, flags, _class_filter, cb);
        not_implemented!("lws_smd_register", core::ptr::null_mut())
    })
}

/// Unregisters a peer.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_smd_unregister(pr: *mut lws_smd_peer) {
    ffi_guard!((), {
        let _ = pr;
        not_implemented!("lws_smd_unregister")
    })
}
