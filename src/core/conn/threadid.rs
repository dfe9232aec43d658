//! LWS_CALLBACK_GET_THREAD_ID at poll changes, where the oracle asks it.
//!
//! At the first `lws_service` the first vhost's protocols[0] is asked for
//! the service thread's id (`service_pass`).  When that answer is nonzero
//! the oracle asks again each time a connection's pollfd events change:
//! through the connection's vhost's protocols[0], with the connection's
//! wsi and user NULL, and it cancels the service wait (the next pass gives
//! EVENT_WAIT_CANCELLED) when the answer differs from the service thread's
//! id, i.e. when the change was made from another thread.
//!
//! Our loop is edge-triggered and has no such events, so the two bits the
//! oracle's pollfd would have are kept here: POLLOUT (a writeable event
//! asked for: on by `lws_callback_on_writable` and the library's own
//! requests, off when the writeable event is served) and POLLIN (off while
//! rx flow control holds the connection, and while a client's response
//! body waits for `lws_http_client_read`).  The call sites are where the
//! oracle changes them (docs/oracle-connections.md, "GET_THREAD_ID").
//! With the usual zero answer nothing is asked; the bits cost a branch.
//!
//! A change made from another thread is queued by ours and applied by the
//! service thread (which cancels its wait in any case), so that ask is
//! made on the service thread; the oracle asks on the calling thread when
//! its service thread is not inside poll().
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// POLLOUT on (a writeable event asked for).
///
/// # Safety
/// `wsi` valid.
#[inline]
pub(crate) unsafe fn pollout_on(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller), which is what `changed` needs.
    unsafe {
        if !(*wsi).c.t.emu_out.replace(true) {
            changed(wsi);
        }
    }
}

/// POLLOUT off (the writeable event is being served).
///
/// # Safety
/// `wsi` valid.
#[inline]
pub(crate) unsafe fn pollout_off(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller), which is what `changed` needs.
    unsafe {
        if (*wsi).c.t.emu_out.replace(false) {
            changed(wsi);
        }
    }
}

/// POLLIN off (reading paused) or back on.
///
/// # Safety
/// `wsi` valid.
#[inline]
pub(crate) unsafe fn pollin(wsi: *mut lws, on: bool) {
    // SAFETY: `wsi` valid (caller), which is what `changed` needs.
    unsafe {
        if (*wsi).c.t.emu_in_off.replace(!on) == on {
            changed(wsi);
        }
    }
}

/// The events changed: ask the thread id if the service thread's was
/// nonzero.
///
/// # Safety
/// `wsi` valid.
unsafe fn changed(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller), its context and vhost live while it
    // is; `in_cb` keeps the wsi allocated through the callback (a close
    // meanwhile leaves a zombie); the protocols slice is only used to
    // take its pointer before the call, and the vhost stays allocated
    // through it (freed only with no callback in progress).
    unsafe {
        let ctx = (*wsi).context;
        if ctx.is_null() {
            return;
        }
        let service_tid = (*ctx).service_tid.load(std::sync::atomic::Ordering::Relaxed);
        if service_tid == 0 || (*wsi).fake || super::socket_fd(wsi) < 0 || (*wsi).c.closed.get() {
            return;
        }
        let vh = (*wsi).vhost.get();
        if vh.is_null() {
            return;
        }
        let protocols = &*(*vh).protocols;
        if protocols.is_empty() {
            return;
        }
        let tid = crate::core::wsi::call_protocol(
            wsi,
            protocols.as_ptr(),
            R::LWS_CALLBACK_GET_THREAD_ID,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
            0,
        );
        if tid != service_tid {
            lws_context::cancel(ctx);
        }
    }
}
