//! C API of `libwebsockets/lws-writeable.h`: asking for WRITEABLE
//! callbacks, broadcasting callbacks to a protocol, and the per-connection
//! transmit-credit queries.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_void};

use crate::api::base::{lws_fileofs_t, lws_sockfd_type};
use crate::core::{lws, lws_context, lws_vhost};
use crate::api::protocols_plugins::lws_protocols;
use crate::api::callbacks::E_lws_callback_reasons;

/// Requests a `LWS_CALLBACK_*_WRITEABLE` callback on `wsi` when it can
/// send.  Returns -1 on failure (the connection is closing).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_on_writable(wsi: *mut lws) -> c_int {
    ffi_guard!(-1, {
        if wsi.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::callback_on_writable(wsi) }
    })
}

/// `lws_callback_on_writable` for every connection of `protocol` in the
/// context.  Returns 0 (also for a NULL context, as lws does).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_on_writable_all_protocol(
    context: *const lws_context,
    protocol: *const lws_protocols,
) -> c_int {
    ffi_guard!(-1, {
        if context.is_null() || protocol.is_null() {
            return 0;
        }
        // as the oracle: per vhost, its own copy of the protocol with the
        // same callback and name
        let ctx = context as *mut lws_context;
        // SAFETY: a non-NULL context is alive (the C contract); the borrow ends
        // with the clone.
        let vhosts: Vec<*mut lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
        for vh in vhosts {
            // SAFETY: a vhost stays allocated through callbacks (destroyed ones are
            // freed with no callback in progress, core::vhost), so `vh` is readable.
            let n = unsafe { (*vh).count_protocols };
            // SAFETY: `i < count_protocols`; the application's `protocol` is valid
            // (the C contract) and the names are NULL or C strings.
            let found = (0..n).map(|i| unsafe { (*vh).protocols.as_ptr().add(i) }).find(|&p| unsafe {
                (*p).callback.map(|f| f as usize) == (*protocol).callback.map(|f| f as usize)
                    && crate::ffi::cstr_bytes((*p).name) == crate::ffi::cstr_bytes((*protocol).name)
            });
            if let Some(p) = found {
                // SAFETY: `vh` readable (above), `p` an entry of its table.
                unsafe { on_writable_matching(ctx, vh, p) };
            }
        }
        0
    })
}

/// `lws_callback_on_writable` for every connection of `protocol` on
/// `vhost`.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_on_writable_all_protocol_vhost(
    vhost: *const lws_vhost,
    protocol: *const lws_protocols,
) -> c_int {
    ffi_guard!(-1, {
        if vhost.is_null() {
            return -1;
        }
        // the oracle wants a pointer into the vhost's own protocols table
        // SAFETY: a non-NULL vhost is alive (the C contract).
        let (base, n) = unsafe { ((*vhost).protocols.as_ptr(), (*vhost).count_protocols) };
        // SAFETY: one past the end of the table.
        if (protocol as usize) < base as usize || (protocol as usize) >= unsafe { base.add(n) } as usize {
            lwsl_err!("protocol {:p} is not from vhost {:p}\n", protocol, vhost);
            return -1;
        }
        // SAFETY: `protocol` is an entry of the live vhost's table (checked).
        unsafe { on_writable_matching((*vhost).context, vhost, protocol) }
    })
}

/// Calls `protocol`'s callback with `reason` for each of its connections
/// in the context.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_all_protocol(
    context: *mut lws_context,
    protocol: *const lws_protocols,
    reason: c_int,
) -> c_int {
    ffi_guard!(-1, {
        if context.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL context is alive (the C contract).
        unsafe { all_matching(context, core::ptr::null(), protocol, reason, core::ptr::null_mut(), 0, true) }
    })
}

/// As `lws_callback_all_protocol`, limited to one vhost (deprecated).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_all_protocol_vhost(
    vh: *mut lws_vhost,
    protocol: *const lws_protocols,
    reason: c_int,
) -> c_int {
    ffi_guard!(-1, {
        if vh.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL vhost is alive, with its context (the C contract).
        unsafe { all_matching((*vh).context, vh, protocol, reason, core::ptr::null_mut(), 0, false) }
    })
}

/// As `lws_callback_all_protocol_vhost`, passing `argp` / `len` as the
/// callback's `in` / `len`.  Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_all_protocol_vhost_args(
    vh: *mut lws_vhost,
    protocol: *const lws_protocols,
    reason: c_int,
    argp: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        if vh.is_null() {
            return 0;
        }
        // SAFETY: as in lws_callback_all_protocol_vhost; `argp` is the caller's.
        unsafe { all_matching((*vh).context, vh, protocol, reason, argp, len, true) }
    })
}

/// Calls every protocol of `wsi`'s vhost with `reason` (deprecated).
/// Returns 0, or -1 on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_vhost_protocols(wsi: *mut lws, reason: c_int, r#in: *mut c_void, len: c_int) -> c_int {
    ffi_guard!(-1, {
        if wsi.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        let vh = unsafe { (*wsi).vhost.get() };
        if vh.is_null() {
            return 0;
        }
        // SAFETY: a vhost stays allocated through callbacks (destroyed ones are
        // freed with no callback in progress, core::vhost), so `vh` is readable.
        let n = unsafe { (*vh).count_protocols };
        // a real connection's callbacks count in its in_cb: one that closes
        // it (LWS_TO_KILL_SYNC) only marks it, no further protocol is
        // called on it, and the close completes here once the last
        // callback returned (the oracle goes on with the freed wsi)
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        let conn = unsafe { !(*wsi).fake && crate::core::conn::socket_fd(wsi) >= 0 && !(*wsi).c.closed.get() };
        let mut ret = 0;
        for i in 0..n {
            // SAFETY: `i < count_protocols` of the readable vhost.
            let p = unsafe { (*vh).protocols.as_ptr().add(i) };
            // the oracle passes no user data here
            let user = core::ptr::null_mut();
            // SAFETY: the wsi and an entry of its vhost's table; the invoker
            // keeps a real connection allocated through the callback.
            let r = unsafe { crate::core::wsi::call_protocol_raw(wsi, p, reason, user, r#in, len.max(0) as usize) };
            if r != 0 {
                ret = 1;
                break;
            }
            // SAFETY: allocated: a close inside was only marked (in_cb).
            if conn && unsafe { (*wsi).c.close_req.get() } {
                break;
            }
        }
        if conn {
            // SAFETY: as above; not used after.
            unsafe { crate::core::conn::finish(wsi) };
        }
        ret
    })
}

/// Calls every protocol of `vh` with `reason`.  Returns 0, or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_vhost_protocols_vhost(
    vh: *mut lws_vhost,
    reason: c_int,
    r#in: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        if vh.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract) and stays readable
        // through the callbacks (core::vhost).
        let ctx = unsafe { (*vh).context };
        // SAFETY: as above.
        let n = unsafe { (*vh).count_protocols };
        for i in 0..n {
            // SAFETY: `i < count_protocols`.
            let p = unsafe { (*vh).protocols.as_ptr().add(i) };
            let w = crate::core::wsi::FakeWsi::new(ctx, vh, p);
            // SAFETY: the temporary wsi outlives its callback.
            let r = unsafe { crate::core::wsi::call_protocol_raw(w.0, p, reason, core::ptr::null_mut(), r#in, len) };
            drop(w);
            if r != 0 {
                return 1;
            }
        }
        0
    })
}

/// The default protocol callback (serves mounts, handles the generic
/// reasons).  Nonzero closes the connection.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_callback_http_dummy(
    wsi: *mut lws,
    reason: E_lws_callback_reasons,
    user: *mut c_void,
    r#in: *mut c_void,
    len: usize,
) -> c_int {
    ffi_guard!(-1, {
        let _ = (user, r#in, len);
        use crate::api::callbacks::lws_callback_reasons as R;
        if wsi.is_null() {
            return 0;
        }
        if reason == R::LWS_CALLBACK_HTTP as c_int {
            // no mount served it: 404 (or the vhost's error document)
            // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
            if unsafe { crate::api::http::lws_return_http_status(wsi, 404, core::ptr::null()) } != 0 {
                return -1;
            }
            // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
            if unsafe { crate::api::http::lws_http_transaction_completed(wsi) } != 0 {
                return -1;
            }
            return 0;
        }
        if reason == R::LWS_CALLBACK_HTTP_FILE_COMPLETION as c_int
            || reason == R::LWS_CALLBACK_HTTP_BODY_COMPLETION as c_int
        {
            // a served file, or a request body nobody consumed, is the end
            // of the transaction (nothing is sent for the body)
            // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
            if unsafe { crate::api::http::lws_http_transaction_completed(wsi) } != 0 {
                return -1;
            }
            return 0;
        }
        0
    })
}

/// The socket descriptor of `wsi`, or -1 (also for NULL, as lws does, and
/// in an accepted connection's WSI_CREATE, before the oracle attaches it).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_socket_fd(wsi: *mut lws) -> lws_sockfd_type {
    ffi_guard!(leaf, -1, {
        if wsi.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract, api/mod.rs).
        unsafe { crate::core::conn::visible_socket_fd(wsi) }
    })
}

/// How much payload the peer has said it can take, or -1 when the
/// protocol gives no guidance.  Only HTTP/2 carries that information; no
/// connection here speaks it yet, so every connection (and NULL, where lws
/// itself would crash) gets -1.
// compat: fixed answer: always -1 ("no guidance"), the oracle's answer on HTTP/1; HTTP/2 flow-control credit comes with issue 14
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_peer_write_allowance(wsi: *mut lws) -> lws_fileofs_t {
    ffi_guard!(-1, { -1 })
}

/// Reads (`add` == 0) or adds to the tx credit of `wsi` in the direction
/// `peer_to_us` (`LWSTXCR_*`).  0 when the connection has no tx credit.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_wsi_tx_credit(wsi: *mut lws, peer_to_us: c_char, add: c_int) -> c_int {
    ffi_guard!(0, { not_implemented!("lws_wsi_tx_credit", 0) })
}

/// `lws_callback_on_writable` for every connection of `protocol` (on `vh`
/// if not NULL).
///
/// # Safety
/// `ctx` valid; `vh` NULL or valid; `protocol` only compared.
unsafe fn on_writable_matching(ctx: *mut lws_context, vh: *const lws_vhost, protocol: *const lws_protocols) -> c_int {
    // a callback made on the way (GET_THREAD_ID) may free a later one
    // SAFETY: `ctx` valid (caller).
    for (tok, wsi) in unsafe { (*ctx).net.conns_with_tokens() } {
        // SAFETY: a wsi of the snapshot is read only if its slot still holds it
        // (a connection freed by a callback on the way left its slot).
        unsafe {
            if !(*ctx).net.is_live(tok, wsi) {
                continue;
            }
            if (!vh.is_null() && !core::ptr::eq((*wsi).vhost.get(), vh)) || !crate::core::conn::same_protocol(wsi, protocol) {
                continue;
            }
            crate::core::conn::callback_on_writable(wsi);
        }
    }
    0
}

/// Calls `reason` on every connection of `protocol` (on `vh` if not NULL);
/// a connection whose callback returns nonzero is closed.
///
/// # Safety
/// `ctx` valid; `vh` NULL or valid; `protocol` only compared; `argp` as
/// the reason wants it.
unsafe fn all_matching(
    ctx: *mut lws_context,
    vh: *const lws_vhost,
    protocol: *const lws_protocols,
    reason: c_int,
    argp: *mut c_void,
    len: usize,
    listeners: bool,
) -> c_int {
    if listeners {
        // the oracle's listening sockets are wsis too, bound to
        // protocols[0] of their vhost, with no user data
        // SAFETY: `ctx` valid (caller); the borrow ends with the clone.
        let vhosts: Vec<*mut lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
        for v in vhosts {
            // SAFETY: `v` readable through the callbacks (core::vhost frees
            // destroyed vhosts with no callback in progress); the temporary wsi
            // outlives its callback.
            unsafe {
                let p0 = (*v).protocols.as_ptr();
                if (*v).listen_fd.get() < 0 || (!vh.is_null() && !core::ptr::eq(v, vh)) || p0 != protocol {
                    continue;
                }
                let w = crate::core::wsi::FakeWsi::new(ctx, v, p0);
                crate::core::wsi::call_protocol_raw(w.0, p0, reason, core::ptr::null_mut(), argp, len);
                drop(w);
            }
        }
    }
    // the token comes from the snapshot: a callback may have freed a
    // later connection, whose memory must not be read to find out
    // SAFETY: `ctx` valid (caller).
    for (tok, wsi) in unsafe { (*ctx).net.conns_with_tokens() } {
        // SAFETY: as in on_writable_matching: `is_live` before any read.
        unsafe {
            if !(*ctx).net.is_live(tok, wsi) || (*wsi).c.closed.get() {
                continue;
            }
            if (!vh.is_null() && !core::ptr::eq((*wsi).vhost.get(), vh)) || !crate::core::conn::same_protocol(wsi, protocol) {
                continue;
            }
            crate::core::conn::call_and_maybe_close(wsi, reason, argp, len);
        }
    }
    0
}
