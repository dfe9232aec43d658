//! C API of `libwebsockets/lws-ws-state.h`: state of the websocket frame
//! being received and of the send path.

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_int, c_uchar};

use crate::core::lws;

/// 1 if a write on `wsi` would have to be buffered (do not write now).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_send_pipe_choked(wsi: *mut lws) -> c_int {
    ffi_guard!(1, { not_implemented!("lws_send_pipe_choked", 1) })
}

/// Nonzero if the frame being received is the last of its message.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_is_final_fragment(wsi: *mut lws) -> c_int {
    ffi_guard!(0, { not_implemented!("lws_is_final_fragment", 0) })
}

/// Nonzero if the frame being received is the first of its message.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_is_first_fragment(wsi: *mut lws) -> c_int {
    ffi_guard!(0, { not_implemented!("lws_is_first_fragment", 0) })
}

/// The RSV bits of the frame being received.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_get_reserved_bits(wsi: *mut lws) -> c_uchar {
    ffi_guard!(0, { not_implemented!("lws_get_reserved_bits", 0) })
}

/// 1 if earlier output of `wsi` is still buffered (do not write now).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_partial_buffered(wsi: *mut lws) -> c_int {
    ffi_guard!(1, { not_implemented!("lws_partial_buffered", 1) })
}

/// Nonzero if the message being received is binary.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_frame_is_binary(wsi: *mut lws) -> c_int {
    ffi_guard!(0, { not_implemented!("lws_frame_is_binary", 0) })
}
