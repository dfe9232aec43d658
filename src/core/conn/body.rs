//! The request body of an HTTP transaction: HTTP_BODY pieces (what each
//! read brought, as the oracle delivers them), HTTP_BODY_COMPLETION, and
//! the bytes skipped when the transaction ended before its body.
//!
//! The functions take a live connection; their callbacks go through `cb`
//! (counted in `in_cb`), so the wsi stays allocated after them and a close
//! they ask for is only marked.  The header-slot queue holds live wsis: a
//! closing one leaves it (`ah_forget`, from close's unhook).
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;
use crate::h1::body::BodyPlan;

/// Arms (or re-arms) the transaction's `timeout_secs`: from a complete
/// head, and again at each piece of body while more is awaited.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn arm_http_content_timeout(wsi: *mut lws) {
    // SAFETY: `wsi` and its context valid (caller).
    unsafe {
        let secs = (*(*wsi).context).net.timeout_secs.get();
        crate::core::wsi::set_timeout(wsi, TO_HTTP_CONTENT, secs);
    }
}

/// Where the connection is in a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyRx {
    /// Not in a body: bytes are request heads.
    None,
    /// This many body bytes still to deliver.
    Deliver(u64),
    /// Every byte is body, forever (POST/PUT/PATCH without a length).
    Forever,
    /// The transaction ended before its body: this many body bytes are
    /// dropped before the next head.
    Skip(u64),
}

/// The head was handled (`http_request` returned, the connection lives):
/// set up its body.  Returns false if the connection is closing.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn start_body(wsi: *mut lws, plan: BodyPlan) -> bool {
    // SAFETY: `wsi` live (caller) and allocated after its callbacks
    // (module doc); `c` is a shared reference to `Cell`s; the empty
    // piece's pointer is to a local that outlives the callback.
    unsafe {
        let c = &(*wsi).c;
        let open = c.role.get() == Role::HTTP_TXN && c.http.http_txn.get();
        let st = match (plan, open) {
            (BodyPlan::None, _) => BodyRx::None,
            (BodyPlan::Forever, _) => BodyRx::Forever,
            (BodyPlan::Length(n), true) => BodyRx::Deliver(n),
            (BodyPlan::Length(0), false) => BodyRx::None,
            (BodyPlan::Length(n), false) => BodyRx::Skip(n),
        };
        c.http.body.set(st);
        if matches!(st, BodyRx::Deliver(n) if n > 0) || (st == BodyRx::Forever && open) {
            arm_http_content_timeout(wsi);
        }
        if st == BodyRx::Deliver(0) {
            // an explicit empty body: an empty piece, then the completion
            c.http.body.set(BodyRx::None);
            let mut nul = 0u8;
            if cb(wsi, R::LWS_CALLBACK_HTTP_BODY, &mut nul as *mut u8 as *mut c_void, 0) != 0 {
                request_close(wsi);
                return false;
            }
            return complete(wsi);
        }
        !c.close_req.get()
    }
}

/// HTTP_BODY_COMPLETION.  False if the connection is closing.
///
/// # Safety
/// `wsi` valid, a live connection.
unsafe fn complete(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` live (caller), allocated after the callback.
    unsafe {
        if cb(wsi, R::LWS_CALLBACK_HTTP_BODY_COMPLETION, core::ptr::null_mut(), 0) != 0 {
            request_close(wsi);
            return false;
        }
        !(*wsi).c.close_req.get()
    }
}

/// Whether input goes to [`body_rx`] rather than to the head parser.
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn in_body(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller).
    unsafe { (*wsi).c.http.body.get() != BodyRx::None }
}

/// Takes body bytes from the front of `buf`; returns how many were used.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn body_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    // SAFETY: `wsi` live (caller) and allocated after its callbacks
    // (module doc); the piece handed to HTTP_BODY is `k <= buf.len()`
    // bytes of `buf`, alive for the call.
    unsafe {
        let c = &(*wsi).c;
        let open = c.role.get() == Role::HTTP_TXN && c.http.http_txn.get();
        match c.http.body.get() {
            BodyRx::None => 0,
            BodyRx::Skip(n) => {
                let k = n.min(buf.len() as u64);
                c.http.body.set(if n == k { BodyRx::None } else { BodyRx::Skip(n - k) });
                k as usize
            }
            BodyRx::Deliver(n) if !open => {
                // the transaction ended meanwhile: the rest is dropped
                c.http.body.set(BodyRx::Skip(n));
                body_rx(wsi, buf)
            }
            BodyRx::Deliver(n) => {
                let k = n.min(buf.len() as u64);
                c.http.body.set(if n == k { BodyRx::None } else { BodyRx::Deliver(n - k) });
                if n > k {
                    arm_http_content_timeout(wsi);
                }
                if cb(wsi, R::LWS_CALLBACK_HTTP_BODY, buf.as_mut_ptr() as *mut c_void, k as usize) != 0 {
                    request_close(wsi);
                    return buf.len();
                }
                let c = &(*wsi).c;
                // (a form parser may have declared the body complete)
                if n == k || c.http.body.get() == BodyRx::Deliver(0) {
                    c.http.body.set(BodyRx::None);
                    crate::core::wsi::set_timeout(wsi, 0, 0);
                    if c.role.get() == Role::HTTP_TXN && c.http.http_txn.get() && !complete(wsi) {
                        return buf.len();
                    }
                }
                k as usize
            }
            BodyRx::Forever => {
                if open {
                    arm_http_content_timeout(wsi);
                }
                if cb(wsi, R::LWS_CALLBACK_HTTP_BODY, buf.as_mut_ptr() as *mut c_void, buf.len()) != 0 {
                    request_close(wsi);
                }
                buf.len()
            }
        }
    }
}

/// The application's form parser saw the end of a multipart body: the
/// rest of the body counts as received (the oracle zeroes the remaining
/// content length), so the completion follows the current piece.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn body_received(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller).
    unsafe {
        let c = &(*wsi).c;
        if matches!(c.http.body.get(), BodyRx::Deliver(_)) {
            c.http.body.set(BodyRx::Deliver(0));
        }
    }
}

/* ---- max_http_header_pool ------------------------------------------------
 * With a pool size set, only that many connections may be reading a
 * request head or inside a transaction; the oracle leaves the others'
 * input unread (they are served, in arrival order, as slots free up:
 * a transaction completing, an upgrade to WebSocket, a close). */

/// Takes a header slot for `wsi` if it holds none.  False: none is free;
/// `wsi` waits for one (its input stays unread).
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn ah_acquire(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` and its context valid (caller); the queue borrow ends
    // before return, no callback runs under it.
    unsafe {
        let c = &(*wsi).c;
        let net = &(*(*wsi).context).net;
        let max = net.ah_pool_max.get();
        if max == 0 || c.http.ah_held.get() {
            return true;
        }
        if net.ah_in_use.get() < max {
            net.ah_in_use.set(net.ah_in_use.get() + 1);
            c.http.ah_held.set(true);
            return true;
        }
        let mut w = net.ah_waiters.borrow_mut();
        if !w.contains(&wsi) {
            w.push(wsi);
        }
        false
    }
}

/// Gives the header slot of `wsi` back (if it holds one) and wakes the
/// first waiter.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn ah_release(wsi: *mut lws) {
    // SAFETY: `wsi` and its context valid (caller); a queued waiter is a
    // live wsi (module doc); the queue borrow ends before make_ripe.
    unsafe {
        if !(*wsi).c.http.ah_held.replace(false) {
            return;
        }
        let net = &(*(*wsi).context).net;
        net.ah_in_use.set(net.ah_in_use.get().saturating_sub(1));
        let next = {
            let mut w = net.ah_waiters.borrow_mut();
            if w.is_empty() { None } else { Some(w.remove(0)) }
        };
        if let Some(n) = next {
            make_ripe(n);
        }
    }
}

/// `wsi` goes away: its slot and its place in the queue.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn ah_forget(wsi: *mut lws) {
    // SAFETY: `wsi` and its context valid (caller); the borrow ends with
    // the statement.
    unsafe {
        (*(*wsi).context).net.ah_waiters.borrow_mut().retain(|&w| w != wsi);
        ah_release(wsi);
    }
}
