//! Internals behind `lws-smd.h` (the message bus is not implemented yet).

use core::ffi::c_int;

/// Body of the variadic `lws_smd_msg_printf` (csrc/smd.c formats nothing
/// yet and lands here).
#[unsafe(no_mangle)]
pub extern "C" fn lws_rs_smd_msg_printf_unimpl() -> c_int {
    ffi_guard!(1, { not_implemented!("lws_smd_msg_printf", 1) })
}
