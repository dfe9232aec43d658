//! C API of `libwebsockets/lws-ws-ext.h`: websocket extensions
//! (permessage-deflate) and their options.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::ws_ext::*;

use crate::core::{lws, lws_context};
use crate::api::context_vhost::lws_context_creation_info;






/// Sets option `opt_name` of extension `ext_name` on `wsi` to `opt_val`.
/// Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_extension_option(
    wsi: *mut lws,
    ext_name: *const c_char,
    opt_name: *const c_char,
    opt_val: *const c_char,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_set_extension_option", -1) })
}

/// Parses the extension option string `o` (`len` bytes) against `opts`,
/// reporting each option to `ext`.  Returns 0, or -1 on a bad option.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_ext_parse_options(
    ext: *const lws_extension,
    wsi: *mut lws,
    ext_user: *mut c_void,
    opts: *const lws_ext_options,
    o: *const c_char,
    len: c_int,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_ext_parse_options", -1) })
}

/// The permessage-deflate extension, for a vhost's extensions array
/// (`info.extensions`): an entry named "permessage-deflate" with this
/// callback turns the extension on (core::conn::pmd negotiates it and
/// runs the codec; the entry's `client_offer` is what a client offers).
/// The library never calls it: its per-connection work is done inside.
/// Called by the application, it has nothing to act on and returns 0.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_extension_callback_pm_deflate(
    context: *mut lws_context,
    ext: *const lws_extension,
    wsi: *mut lws,
    reason: E_lws_extension_callback_reasons,
    user: *mut c_void,
    r#in: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        lwsl_info!("lws_extension_callback_pm_deflate: reason {} from the application: nothing to do\n", reason as c_int);
        0
    })
}

/// Exported by Debian's library but declared in no public header: the
/// context's extension setup.  Returns 0, or -1 on failure.
/// cbindgen:ignore
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_init_extensions(
    info: *const lws_context_creation_info,
    context: *mut lws_context,
) -> c_int {
    ffi_guard!(-1, { not_implemented!("lws_context_init_extensions", -1) })
}
