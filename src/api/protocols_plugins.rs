//! C API of `libwebsockets/lws-protocols-plugins.h`: the protocol table a
//! vhost serves, per-vhost protocol private data, protocol-vhost options
//! (pvo) and the plugin descriptors.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::protocols_plugins::*;

use crate::core::{lws, lws_context, lws_vhost};











/// The protocol called `name` on vhost `vh`, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vhost_name_to_protocol(vh: *mut lws_vhost, name: *const c_char) -> *const lws_protocols {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(name) = (unsafe { crate::ffi::cstr_bytes(name) }) else { return core::ptr::null() };
        if vh.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        let v = unsafe { &*vh };
        v.protocols[..v.count_protocols]
            .iter()
            // SAFETY: a protocol name is NULL or a C string (the application's table).
            .find(|p| unsafe { crate::ffi::cstr_bytes(p.name) } == Some(name))
            .map_or(core::ptr::null(), |p| p as *const lws_protocols)
    })
}

/// The protocol a connection is bound to.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_protocol(wsi: *mut lws) -> *const lws_protocols {
    ffi_guard!(leaf, core::ptr::null(), {
        if wsi.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract).
        unsafe { (*wsi).protocol.get() }
    })
}

/// Deprecated name of `lws_get_protocol`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_protocol_get(wsi: *mut lws) -> *const lws_protocols {
    // SAFETY: the caller's handle, under the same contract.
    ffi_guard!(leaf, core::ptr::null(), { unsafe { lws_get_protocol(wsi) } })
}

/// Allocates `size` zeroed bytes of private data for protocol `prot` on
/// vhost `vhost` (freed with the vhost); NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_protocol_vh_priv_zalloc(
    vhost: *mut lws_vhost,
    prot: *const lws_protocols,
    size: c_int,
) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if vhost.is_null() || size < 0 {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        // `prot` is NULL or valid.
        let Some(i) = (unsafe { crate::core::vhost::protocol_index(vhost, prot) }) else {
            return core::ptr::null_mut();
        };
        // SAFETY: plain calloc; NULL is checked.
        let p = unsafe { libc::calloc(1, (size as usize).max(1)) };
        if p.is_null() {
            return p;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        let v = unsafe { &*vhost };
        let old = core::mem::replace(&mut v.privs.borrow_mut()[i], p);
        if !old.is_null() {
            // the user may still hold the old block: keep it until the end
            v.retired_privs.borrow_mut().push(old);
        }
        p
    })
}

/// The private data of protocol `prot` on vhost `vhost`, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_protocol_vh_priv_get(vhost: *mut lws_vhost, prot: *const lws_protocols) -> *mut c_void {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if vhost.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        match unsafe { crate::core::vhost::protocol_index(vhost, prot) } {
            // SAFETY: a non-NULL vhost is alive (the C contract,
            // api/mod.rs); `i` comes from protocol_index, below
            // `count_protocols`, the length of `privs`.
            Some(i) => unsafe { (*vhost).privs.borrow()[i] },
            None => {
                // as the oracle: only once the vhost has private data at all
                // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
                if !prot.is_null() && unsafe { (*vhost).privs.borrow().iter().any(|p| !p.is_null()) } {
                    // the guard is `leaf` (a hot accessor) but a log line
                    // may write to stderr (a cancellation point) or call
                    // the application's emitter: this rare path disables
                    // cancellation itself, as a full guard would
                    let _cancel_off = crate::cancel::Entry::enter();
                    crate::lwsl_err!("lws_protocol_vh_priv_get: protocol {:p} is not on this vhost\n", prot);
                }
                core::ptr::null_mut()
            }
        }
    })
}

/// Resizes the per-connection user data of `wsi`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adjust_protocol_psds(wsi: *mut lws, new_size: usize) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        let _ = (wsi, new_size);
        not_implemented!("lws_adjust_protocol_psds", core::ptr::null_mut())
    })
}

/// With LWS_SERVER_OPTION_EXPLICIT_VHOSTS, call after creating the vhosts:
/// drops to the uid / gid given at context creation.  0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_finalize_startup(context: *mut lws_context) -> c_int {
    ffi_guard!(1, {
        if context.is_null() {
            return 1;
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        if unsafe { (*context).options }.contains(crate::abi::context_vhost::ServerOptions::EXPLICIT_VHOSTS) {
            // SAFETY: as above.
            return unsafe { crate::core::context::drop_privileges(context) };
        }
        0
    })
}

/// The option called `name` in the list `pvo`, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_pvo_search(
    pvo: *const lws_protocol_vhost_options,
    name: *const c_char,
) -> *const lws_protocol_vhost_options {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: NULL or a C string (the C contract).
        let Some(name) = (unsafe { crate::ffi::cstr_bytes(name) }) else { return core::ptr::null() };
        let mut p = pvo;
        while !p.is_null() {
            // SAFETY: `p` a non-NULL element of the application's pvo list (the C
            // contract), whose names are NULL or C strings.
            if unsafe { crate::ffi::cstr_bytes((*p).name) } == Some(name) {
                return p;
            }
            // SAFETY: as above.
            p = unsafe { (*p).next };
        }
        core::ptr::null()
    })
}

/// Sets `*result` to the value of option `name` in the pvo list `in`
/// (as given to PROTOCOL_INIT); 0 if found, 1 if not.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_pvo_get_str(in_: *mut c_void, name: *const c_char, result: *mut *const c_char) -> c_int {
    ffi_guard!(1, {
        // SAFETY: `in_` is NULL or a pvo list, `name` NULL or a C string (the C
        // contract for LWS_CALLBACK_PROTOCOL_INIT's `in`).
        let p = unsafe { lws_pvo_search(in_ as *const lws_protocol_vhost_options, name) };
        if p.is_null() {
            return 1;
        }
        if !result.is_null() {
            // SAFETY: a non-NULL out pointer; `p` the element found.
            unsafe { *result = (*p).value };
        }
        0
    })
}

/// Sends LWS_CALLBACK_PROTOCOL_INIT to the protocols of every vhost that
/// has not had it yet.  0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_protocol_init(context: *mut lws_context) -> c_int {
    ffi_guard!(1, {
        if context.is_null() {
            return 1;
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        unsafe { crate::core::context::protocol_init(context) }
    })
}

/// Loads plugins from the directories `d` (a NULL-terminated array).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_plugins_init(
    pplugin: *mut *mut lws_plugin,
    d: *const *const c_char,
    _class: *const c_char,
    filter: *const c_char,
    each: each_plugin_cb_t,
    each_user: *mut c_void,
) -> c_int {
    ffi_guard!(1, {
        let _ = (pplugin, d, _class, filter, each, each_user);
        not_implemented!("lws_plugins_init", 1)
    })
}

/// Unloads plugins loaded by `lws_plugins_init`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_plugins_destroy(pplugin: *mut *mut lws_plugin, each: each_plugin_cb_t, each_user: *mut c_void) -> c_int {
    ffi_guard!(1, {
        let _ = (pplugin, each, each_user);
        not_implemented!("lws_plugins_destroy", 1)
    })
}
