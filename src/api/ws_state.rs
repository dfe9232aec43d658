//! C API of `libwebsockets/lws-ws-state.h`: state of the websocket frame
//! being received and of the send path.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_int, c_uchar};

use crate::core::lws;

/// 1 if a write on `wsi` would have to be buffered (do not write now).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_send_pipe_choked(wsi: *mut lws) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract,
    // api/mod.rs).
    ffi_guard!(1, { if wsi.is_null() { 1 } else { unsafe { crate::core::conn::pipe_choked(wsi) } } })
}

/// Nonzero if the frame being received is the last of its message.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_is_final_fragment(wsi: *mut lws) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract,
    // api/mod.rs).
    ffi_guard!(leaf, 0, { if wsi.is_null() { 0 } else { unsafe { (*wsi).c.websocket.p_final.get() as c_int } } })
}

/// Nonzero if the frame being received is the first of its message.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_is_first_fragment(wsi: *mut lws) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract,
    // api/mod.rs).
    ffi_guard!(leaf, 0, { if wsi.is_null() { 0 } else { unsafe { (*wsi).c.websocket.p_first.get() as c_int } } })
}

/// The RSV bits of the frame being received.
// compat: fixed answer: always 0: without extensions a frame with RSV bits is refused, so no delivered frame has any (permessage-deflate: issue 13)
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_reserved_bits(wsi: *mut lws) -> c_uchar {
    ffi_guard!(leaf, 0, { let _ = wsi; 0 })
}

/// 1 if earlier output of `wsi` is still buffered (do not write now).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_partial_buffered(wsi: *mut lws) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract,
    // api/mod.rs).
    ffi_guard!(1, { if wsi.is_null() { 1 } else { unsafe { crate::core::conn::partial_buffered(wsi) } } })
}

/// Nonzero if the message being received is binary.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_frame_is_binary(wsi: *mut lws) -> c_int {
    // SAFETY: a non-NULL wsi is a live connection (the C contract,
    // api/mod.rs).
    ffi_guard!(leaf, 0, { if wsi.is_null() { 0 } else { unsafe { (*wsi).c.websocket.p_binary.get() as c_int } } })
}
