//! Internals behind `lws-smd.h` (the message bus is not implemented yet).

use core::ffi::{c_char, c_int};

use crate::core::lws_context;

/// `lws_smd_msg_printf(ctx, class, format, ...)`.  C declares it variadic
/// (lws-smd.h); since it only fails for now it reads none of the variadic
/// arguments, so a fixed-argument definition is ABI-compatible.  It lives
/// outside `src/api` so that cbindgen does not emit a second, non-variadic
/// prototype.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_smd_msg_printf(ctx: *mut lws_context, _class: u32, format: *const c_char) -> c_int {
    ffi_guard!(1, {
        let _ = (ctx, _class, format);
        not_implemented!("lws_smd_msg_printf", 1)
    })
}
