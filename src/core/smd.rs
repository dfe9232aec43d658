//! Internals behind `lws-smd.h` (the message bus is not implemented yet).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int};

use crate::core::lws_context;

// `lws_smd_msg_printf(ctx, class, format, ...)` is variadic: the C shim
// (csrc/smd.c) formats the message and hands the text to
// `lws_rs_smd_msg_send_str`.
c_variadic_export!(lws_smd_msg_printf => lws_shim_lws_smd_msg_printf);

// backend of: lws_smd_msg_printf
/// Receives the formatted payload of `lws_smd_msg_printf` from the C shim.
/// Returns 0 when the message was queued, nonzero on failure.
///
/// # Safety
/// Called by csrc/smd.c only: `ctx` NULL or valid, `msg` valid for `len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_rs_smd_msg_send_str(ctx: *mut lws_context, class: u32, msg: *const c_char, len: usize) -> c_int {
    ffi_guard!(1, {
        let _ = (ctx, class, msg, len);
        not_implemented!("lws_smd_msg_printf", 1)
    })
}
