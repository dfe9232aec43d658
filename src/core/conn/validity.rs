//! The retry policy's idle check of a WebSocket connection
//! (`secs_since_valid_ping` / `secs_since_valid_hangup`), as measured on
//! the oracle (tools/oracle/servicefd/p3.c):
//!
//! - the check starts at the upgrade; a pong from the peer (empty or not,
//!   asked for or not) and `lws_validity_confirmed` restart it; data
//!   frames do not;
//! - `secs_since_valid_ping` after the last confirmation the server sends
//!   an empty PING from its writeable handler, and the user gets a
//!   SERVER_WRITEABLE at the next writeable event after it;
//! - `secs_since_valid_hangup` after the last confirmation the connection
//!   is closed without a close frame (CLOSED, WSI_DESTROY).
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;
use crate::abi::timeout_timer::lws_sorted_usec_list_t;

/// The connection is valid now: restarts its idle check (nothing without
/// a retry policy that asks for one, or on a connection that is not an
/// open WebSocket connection).
///
/// # Safety
/// `wsi` valid.
pub(crate) unsafe fn validity_confirmed(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller); its retry policy is the
    // application's, kept alive while used (lws-retry.h), or NULL; the sul
    // is the wsi's own, cancelled before it is freed (core::wsi).
    unsafe {
        let c = &(*wsi).c;
        if (*wsi).fake || socket_fd(wsi) < 0 || c.closed.get() || !ws_open(c) {
            return;
        }
        let (ctx, rbo) = crate::core::wsi::context_and_retry(wsi);
        let sul = (*wsi).sul_validity.get();
        if rbo.is_null() || ctx.is_null() {
            return;
        }
        let (ping, hup) = ((*rbo).secs_since_valid_ping, (*rbo).secs_since_valid_hangup);
        let (secs, is_hup) = if ping != 0 && (hup == 0 || ping < hup) {
            (ping, false)
        } else if hup != 0 {
            (hup, true)
        } else {
            crate::core::sul::cancel(sul);
            return;
        };
        c.validity_hup.set(is_hup);
        crate::core::sul::schedule_rel(ctx, 0, sul, Some(validity_cb), secs as i64 * 1_000_000);
    }
}

/// The idle check's timer fired.
///
/// # Safety
/// Called by the timer list only, with a wsi's `sul_validity`.
unsafe extern "C-unwind" fn validity_cb(sul: *mut lws_sorted_usec_list_t) {
    let off = core::mem::offset_of!(lws, sul_validity);
    // SAFETY: only this module schedules `validity_cb`, always on the
    // `sul_validity` of a live wsi (cancelled before the wsi is freed),
    // so stepping back by the field's offset stays inside that wsi.
    let wsi = unsafe { (sul as *mut u8).sub(off) } as *mut lws;
    // called by C (the timer list): a boundary like an entry point
    // SAFETY: `wsi` is live (above).
    crate::ffi_guard!((), { unsafe { validity_expired(wsi) } })
}

/// The idle check expired: ping (and arm the hang-up), or hang up.
///
/// # Safety
/// `wsi` valid.
unsafe fn validity_expired(wsi: *mut lws) {
    // SAFETY: as in `validity_confirmed`; `wsi` is not used after `close`.
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() || socket_fd(wsi) < 0 {
            return;
        }
        if c.validity_hup.get() {
            close(wsi);
            return;
        }
        let (ctx, rbo) = crate::core::wsi::context_and_retry(wsi);
        if !rbo.is_null() {
            let (ping, hup) = ((*rbo).secs_since_valid_ping, (*rbo).secs_since_valid_hangup);
            if hup > ping {
                c.validity_hup.set(true);
                let us = (hup - ping) as i64 * 1_000_000;
                crate::core::sul::schedule_rel(ctx, 0, (*wsi).sul_validity.get(), Some(validity_cb), us);
            }
        }
        c.validity_ping.set(true);
        callback_on_writable(wsi);
    }
}

/// From the writeable handler: sends the pending validity ping.  Returns
/// false if the connection was closed.
///
/// # Safety
/// `wsi` valid.
pub(crate) unsafe fn validity_send_ping(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); send_control only writes (no
    // callback, no close); `wsi` is not used after `close`.
    unsafe {
        (*wsi).c.validity_ping.set(false);
        if !ws_open(&(*wsi).c) {
            return true;
        }
        if send_control(wsi, ws::OpCode::Ping as u8, &[]).is_err() {
            close(wsi);
            return false;
        }
        if (*wsi).c.closed.get() {
            return false;
        }
        callback_on_writable(wsi);
        true
    }
}
