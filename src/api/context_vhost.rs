//! C API of `libwebsockets/lws-context-vhost.h`: creating and destroying
//! the context and its vhosts, and the vhost accessors.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::context_vhost::*;

use crate::core::{lws, lws_context, lws_vhost};



/// Creates the context (and, unless LWS_SERVER_OPTION_EXPLICIT_VHOSTS, its
/// default vhost).  NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_create_context(info: *const lws_context_creation_info) -> *mut lws_context {
    ffi_guard!(core::ptr::null_mut(), {
        if info.is_null() {
            lwsl_err!("lws_create_context: info is NULL: no context created\n");
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL info is valid, its pointers NULL or valid (the C
        // contract, api/mod.rs).
        unsafe { crate::core::context::create(info, crate::api::vfs::platform_fops()) }
    })
}

/// Destroys the context, its vhosts and connections.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_destroy(context: *mut lws_context) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive and not used afterwards (the C
        // contract).  From one of its own callbacks during a pass the
        // destroy waits for the pass's end (core::context::destroy).
        unsafe { crate::core::context::destroy(context) }
    })
}

/// Stops accepting connections and calls `cb` once the last connection
/// has gone.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_deprecate(context: *mut lws_context, cb: lws_reload_func) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { crate::core::context::deprecate(context, cb) }
    })
}

/// Nonzero once `lws_context_deprecate` was called.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_is_deprecated(context: *mut lws_context) -> c_int {
    ffi_guard!(0, {
        if context.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).deprecated.get() as c_int }
    })
}

/// Sets the vhost's HTTP proxy ("host:port"); 0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_proxy(vhost: *mut lws_vhost, proxy: *const c_char) -> c_int {
    ffi_guard!(-1, {
        let _ = (vhost, proxy);
        not_implemented!("lws_set_proxy", -1)
    })
}

/// Creates a vhost on `context`; NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_create_vhost(
    context: *mut lws_context,
    info: *const lws_context_creation_info,
) -> *mut lws_vhost {
    ffi_guard!(core::ptr::null_mut(), {
        if context.is_null() || info.is_null() {
            lwsl_err!("lws_create_vhost: {} is NULL: no vhost created\n", if context.is_null() { "context" } else { "info" });
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive and a non-NULL info valid (the C
        // contract).
        unsafe { crate::core::vhost::create(context, info) }
    })
}

/// Destroys a vhost (its protocols get LWS_CALLBACK_PROTOCOL_DESTROY).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vhost_destroy(vh: *mut lws_vhost) {
    ffi_guard!((), {
        if vh.is_null() {
            return;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        // A vhost destroyed from its own callback is freed after it (vhost.rs).
        unsafe { crate::core::vhost::destroy(vh) }
    })
}

/// Reads lwsws global JSON configuration from directory `d`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsws_get_config_globals(
    info: *mut lws_context_creation_info,
    d: *const c_char,
    config_strings: *mut *mut c_char,
    len: *mut c_int,
) -> c_int {
    ffi_guard!(-1, {
        let _ = (info, d, config_strings, len);
        not_implemented!("lwsws_get_config_globals", -1)
    })
}

/// Reads lwsws vhost JSON configuration from directory `d`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsws_get_config_vhosts(
    context: *mut lws_context,
    info: *mut lws_context_creation_info,
    d: *const c_char,
    config_strings: *mut *mut c_char,
    len: *mut c_int,
) -> c_int {
    ffi_guard!(-1, {
        let _ = (context, info, d, config_strings, len);
        not_implemented!("lwsws_get_config_vhosts", -1)
    })
}

/// The vhost a connection belongs to.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost(wsi: *mut lws) -> *mut lws_vhost {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract).
        unsafe { (*wsi).vhost.get() }
    })
}

/// The vhost's name.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_name(vhost: *mut lws_vhost) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if vhost.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).name.as_ptr() }
    })
}

/// Finds a live vhost by name; NULL if none.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_by_name(context: *mut lws_context, name: *const c_char) -> *mut lws_vhost {
    ffi_guard!(core::ptr::null_mut(), {
        // SAFETY: NULL or a C string (the C contract).
        let Some(name) = (unsafe { crate::ffi::cstr_bytes(name) }) else { return core::ptr::null_mut() };
        if context.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).vhost_by_name(name) }
    })
}

/// The port the vhost was created with (or the one it listens on).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_port(vhost: *mut lws_vhost) -> c_int {
    ffi_guard!(-1, {
        if vhost.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).listen_port.get() }
    })
}

/// The vhost's `user` pointer from its creation info.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_user(vhost: *mut lws_vhost) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if vhost.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).user }
    })
}

/// The interface the vhost binds to, NULL for all.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_iface(vhost: *mut lws_vhost) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if vhost.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).iface.as_ref().map_or(core::ptr::null(), |s| s.as_ptr()) }
    })
}

/// Same as `lws_get_vhost_user`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vhost_user(vhost: *mut lws_vhost) -> *mut c_void {
    // SAFETY: the caller's handle, under the same contract.
    ffi_guard!(leaf, core::ptr::null_mut(), { unsafe { lws_get_vhost_user(vhost) } })
}

/// The context's `user` pointer from its creation info.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_user(context: *mut lws_context) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if context.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).user }
    })
}


