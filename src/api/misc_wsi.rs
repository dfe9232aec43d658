//! The part of `libwebsockets/lws-misc.h` that works on a connection
//! (`struct lws *`), a context or a vhost: accessors of the core objects.
//! The generated `gen/lws-misc-wsi.h` is included from `lws-misc.h`.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_uchar, c_void};

use crate::api::protocols_plugins::lws_protocols;
use crate::core::{lws, lws_context, lws_vhost};
use crate::api::adopt::lws_udp;
use crate::ffi::SSL;

/// Fills `dest` with `len - 1` random hex digits and a NUL; 0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_hex_random(context: *mut lws_context, dest: *mut c_char, len: usize) -> c_int {
    ffi_guard!(1, {
        let _ = context;
        if dest.is_null() || len == 0 {
            return 1;
        }
        let n = len - 1;
        let mut rnd = vec![0u8; n.div_ceil(2)];
        if crate::core::random::fill(&mut rnd) != rnd.len() {
            return 1;
        }
        const HEX: &[u8; 16] = b"0123456789abcdef";
        // SAFETY: `dest` has `len` writable bytes (the C contract).
        let out = unsafe { core::slice::from_raw_parts_mut(dest as *mut u8, len) };
        for (i, o) in out[..n].iter_mut().enumerate() {
            let b = rnd[i / 2];
            *o = HEX[(if i % 2 == 0 { b >> 4 } else { b & 15 }) as usize];
        }
        out[n] = 0;
        0
    })
}

/// Fills `buf` with `len` bytes from the OS RNG; returns the count written.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_random(context: *mut lws_context, buf: *mut c_void, len: usize) -> usize {
    ffi_guard!(0, {
        let _ = context;
        if buf.is_null() || len == 0 {
            return 0;
        }
        // SAFETY: `buf` has `len` writable bytes (the C contract).
        crate::core::random::fill(unsafe { core::slice::from_raw_parts_mut(buf as *mut u8, len) })
    })
}

/// The per-connection user data.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_wsi_user(wsi: *mut lws) -> *mut c_void {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).user_space.get() }
    })
}

/// The service thread index of the connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_wsi_tsi(wsi: *mut lws) -> c_int {
    ffi_guard!(0, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).tsi as c_int }
    })
}

/// Replaces the per-connection user data pointer (the caller owns `user`).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_wsi_user(wsi: *mut lws, user: *mut c_void) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).user_space.set(user) };
    })
}

/// The context of a connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_context(wsi: *const lws) -> *mut lws_context {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).context }
    })
}

/// The port the vhost listens on (or its CONTEXT_PORT_NO_LISTEN* value).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_listen_port(vhost: *mut lws_vhost) -> c_int {
    ffi_guard!(-1, {
        if vhost.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract).
        unsafe { (*vhost).listen_port.get() }
    })
}

/// Number of service threads (always 1 in this build).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_count_threads(context: *mut lws_context) -> c_int {
    ffi_guard!(0, {
        if context.is_null() {
            return 0;
        }
        1
    })
}

/// The parent connection, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_parent(wsi: *const lws) -> *mut lws {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).parent.get() }
    })
}

/// The first child connection, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_child(wsi: *const lws) -> *mut lws {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).child_list.get() }
    })
}

/// The uid and gid given at context creation.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_effective_uid_gid(context: *mut lws_context, uid: *mut c_int, gid: *mut c_int) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive and non-NULL out pointers are the
        // caller's (the C contract).
        unsafe {
            if !uid.is_null() {
                *uid = (*context).uid;
            }
            if !gid.is_null() {
                *gid = (*context).gid;
            }
        }
    })
}

/// The UDP state of a UDP connection, NULL for other connections (no
/// UDP connection exists yet).
// compat: fixed answer: always NULL: UDP connections are not implemented yet (issue 15)
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_udp(wsi: *const lws) -> *const lws_udp {
    ffi_guard!(core::ptr::null(), {
        let _ = wsi;
        core::ptr::null()
    })
}

/// The opaque pointer a parent set on this connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_opaque_parent_data(wsi: *const lws) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).opaque_parent_data.get() }
    })
}

/// Sets the opaque parent pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_opaque_parent_data(wsi: *mut lws, data: *mut c_void) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).opaque_parent_data.set(data) };
    })
}

/// The opaque user pointer of the connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_opaque_user_data(wsi: *const lws) -> *mut c_void {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).opaque_user_data.get() }
    })
}

/// Sets the opaque user pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_opaque_user_data(wsi: *mut lws, data: *mut c_void) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).opaque_user_data.set(data) };
    })
}

/// Nonzero if a child asked for a writable callback through this parent.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_child_pending_on_writable(wsi: *const lws) -> c_int {
    ffi_guard!(0, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).child_pending_on_writable.get() as c_int }
    })
}

/// Clears the flag read by `lws_get_child_pending_on_writable`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_clear_child_pending_on_writable(wsi: *mut lws) {
    ffi_guard!((), {
        if wsi.is_null() {
            return;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).child_pending_on_writable.set(false) };
    })
}

/// Length of the payload of the close frame the peer sent (0 if none).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_close_length(wsi: *mut lws) -> c_int {
    ffi_guard!(0, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        // The borrow is momentary.
        unsafe { (*wsi).close_payload.borrow().len() as c_int }
    })
}

/// The payload of the close frame the peer sent.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_close_payload(wsi: *mut lws) -> *mut c_uchar {
    ffi_guard!(core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        // The pointer outlives the momentary borrow: it is the close
        // payload's buffer, valid until the payload is replaced or the wsi
        // freed (upstream's also points into the wsi).
        unsafe { (*wsi).close_payload.borrow_mut().as_mut_ptr() }
    })
}

/// The connection carrying the network traffic of `wsi` (itself, as no
/// multiplexed streams exist yet).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_network_wsi(wsi: *mut lws) -> *mut lws {
    ffi_guard!(core::ptr::null_mut(), { crate::core::conn::network_wsi(wsi) })
}

/// Enables or disables receiving on the connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_rx_flow_control(wsi: *mut lws, enable: c_int) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if wsi.is_null() || unsafe { (*wsi).fake } {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::rx_flow_control(wsi, enable) }
    })
}

/// Re-enables receiving on every connection of `protocol`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_rx_flow_allow_all_protocol(context: *const lws_context, protocol: *const lws_protocols) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        for (tok, wsi) in unsafe { (*context).net.conns_with_tokens() } {
            // rx_flow_control can call GET_THREAD_ID, whose callback may close
            // and free a later wsi of this snapshot: read one only while its
            // slot still holds it (close_all had the same hole)
            // SAFETY: see above.
            if !unsafe { (*context).net.is_live(tok, wsi) } {
                continue;
            }
            // SAFETY: live (checked just above, nothing ran since).
            if unsafe { crate::core::conn::same_protocol(wsi, protocol) } {
                // SAFETY: as above.
                unsafe { crate::core::conn::rx_flow_control(wsi, 1) };
            }
        }
    })
}

/// Bytes of the current websocket message fragment still to come.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_remaining_packet_payload(wsi: *mut lws) -> usize {
    ffi_guard!(leaf, 0, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { (*wsi).rx_packet_remaining.get() }
    })
}

/// The service thread index of the connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_tsi(wsi: *mut lws) -> c_int {
    // SAFETY: the caller's handle, under the same contract.
    ffi_guard!(leaf, 0, { unsafe { lws_wsi_tsi(wsi) } })
}

/// Nonzero if the connection uses TLS (rustls).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_is_ssl(wsi: *mut lws) -> c_int {
    ffi_guard!(0, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        if let Some(s) = unsafe { crate::core::conn::client_is_ssl(wsi) } {
            return s as c_int;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::transport_is_tls(wsi) as c_int }
    })
}

/// Nonzero if the connection is a CGI (CGI is not built, as in Debian).
// compat: fixed answer: always 0: CGI is not built, as in Debian's build (so the oracle answers 0 too)
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_is_cgi(wsi: *mut lws) -> c_int {
    ffi_guard!(0, {
        let _ = wsi;
        0
    })
}

/// The OpenSSL `SSL *` of a TLS connection: always NULL.  TLS is done by
/// rustls, so no OpenSSL object exists to hand out; callers must treat
/// NULL as "no SSL object" (as they must for a plain connection).
// compat: fixed answer: always NULL: TLS is rustls, there is no OpenSSL SSL object to hand out
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_ssl(wsi: *mut lws) -> *mut SSL {
    ffi_guard!(core::ptr::null_mut(), {
        let _ = wsi;
        core::ptr::null_mut()
    })
}
