//! Streaming a file as an HTTP response body: what `lws_serve_http_file`
//! and `LWSMPRO_FILE` mounts leave running on a connection after the head.
//!
//! The body goes out from the connection's writeable handling, one read of
//! the file per piece (never the whole file in memory): while a file is
//! being sent the user gets no `HTTP_WRITEABLE`, as on the oracle.  When the
//! last byte is out, the bound protocol gets `LWS_CALLBACK_HTTP_FILE_COMPLETION`;
//! completing the transaction is up to that callback (the http dummy does
//! it), as on the oracle.  A read failure (a directory opened as a file)
//! closes the connection without the completion callback.
//!
//! The functions take a live connection: one a callback closes meanwhile
//! stays allocated while a callback of it is on the stack (`conn::cb`
//! counts itself in `in_cb`; the close then leaves a zombie that
//! `free_pending` frees once no callback is in progress), so `wsi` may
//! still be read after `cb` returns, and `conn::finish` completes the close.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_int, c_void};
use std::io::Read;

use crate::abi::callbacks::lws_callback_reasons as R;
use crate::core::conn::{self, cb, request_close};
use crate::core::lws;

/// Most pieces sent in one writeable turn before yielding to others.
const PIECES_PER_TURN: usize = 16;

/// A file body in flight.
pub struct FileTx {
    pub file: std::fs::File,
    /// Bytes still to send.
    pub left: u64,
}

/// Leaves `file` (`len` bytes to send) running on `wsi` and asks for a
/// writeable turn.
///
/// # Safety
/// `wsi` valid, a live connection.
pub unsafe fn start(wsi: *mut lws, file: std::fs::File, len: u64) {
    // SAFETY: `wsi` is a live connection (caller); the `file` borrow ends
    // with the statement.
    unsafe {
        *(*wsi).c.http.file.borrow_mut() = Some(Box::new(FileTx { file, left: len }));
        (*wsi).c.want_writable.set(true);
        if (*wsi).c.t.sock_writable.get() {
            conn::make_ripe(wsi);
        }
    }
}

/// Files up to this size go out with their head in one send.
pub const SMALL_FILE: u64 = 16 * 1024;

/// Sends `head` followed by the whole of a small `file` (`len` bytes) in
/// one write, then delivers FILE_COMPLETION (the same bytes and callbacks
/// as [`start`], without waiting for a writeable turn).  Marks the
/// connection for closing on failure or a negative FILE_COMPLETION.
///
/// # Safety
/// `wsi` valid, a live connection.
pub unsafe fn send_small(wsi: *mut lws, mut head: Vec<u8>, mut file: std::fs::File, len: u64) {
    // SAFETY: `wsi` is a live connection (caller), still allocated after
    // the callback (module doc) for request_close; no borrow of its
    // state is held across the callback.
    unsafe {
        let base = head.len();
        head.resize(base + len as usize, 0);
        if file.read_exact(&mut head[base..]).is_err() {
            // as a failed read of the streamed body: the head, then close
            head.truncate(base);
            let _ = conn::send_raw(wsi, &head);
            request_close(wsi);
            return;
        }
        if conn::send_raw(wsi, &head).is_err() {
            request_close(wsi);
            return;
        }
        (*wsi).c.http.http_txn.set(false);
        if cb(wsi, R::LWS_CALLBACK_HTTP_FILE_COMPLETION, core::ptr::null_mut::<c_void>(), 0) < 0 {
            request_close(wsi);
        }
    }
}

/// Whether a file body is in flight on `wsi`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn active(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller).
    unsafe { (*wsi).c.http.file.borrow().is_some() }
}

/// Outcome of [`step`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// More to send (a writeable turn has been asked for).
    More,
    /// All sent and FILE_COMPLETION delivered (it returned this; < 0
    /// closes).
    Done(c_int),
    /// Read or send failure: the connection is to close.
    Failed,
}

/// Sends the next pieces of the file.  Does not finish a requested close.
///
/// # Safety
/// `wsi` valid, a live connection.
pub unsafe fn step(wsi: *mut lws) -> Step {
    // SAFETY: `wsi` and its context are live (caller); each borrow of
    // `file` ends before the next one and before send_raw and the
    // callback; after the callback `wsi` is not touched here.
    unsafe {
        let piece = (*(*wsi).context).net.pt_serv_buf_size.clamp(512, 64 * 1024);
        let mut buf = vec![0u8; piece];
        for _ in 0..PIECES_PER_TURN {
            if conn::has_partial(wsi) {
                // the kernel is full: the drain brings us back
                return Step::More;
            }
            let n = {
                let mut g = (*wsi).c.http.file.borrow_mut();
                let Some(tx) = g.as_mut() else { return Step::Failed };
                if tx.left == 0 {
                    0
                } else {
                    let want = (tx.left.min(piece as u64)) as usize;
                    match tx.file.read(&mut buf[..want]) {
                        Ok(0) | Err(_) => {
                            drop(g);
                            *(*wsi).c.http.file.borrow_mut() = None;
                            return Step::Failed;
                        }
                        Ok(n) => {
                            tx.left -= n as u64;
                            n
                        }
                    }
                }
            };
            if n > 0 && conn::send_raw(wsi, &buf[..n]).is_err() {
                *(*wsi).c.http.file.borrow_mut() = None;
                return Step::Failed;
            }
            let done = (*wsi).c.http.file.borrow().as_ref().is_none_or(|t| t.left == 0);
            if done {
                *(*wsi).c.http.file.borrow_mut() = None;
                // a close from here on drops no protocol (as the oracle)
                (*wsi).c.http.http_txn.set(false);
                let r = cb(wsi, R::LWS_CALLBACK_HTTP_FILE_COMPLETION, core::ptr::null_mut::<c_void>(), 0);
                return Step::Done(r);
            }
        }
        (*wsi).c.want_writable.set(true);
        if (*wsi).c.t.sock_writable.get() && !conn::has_partial(wsi) {
            conn::make_ripe(wsi);
        }
        Step::More
    }
}

/// The writeable turn of a connection sending a file.  Returns false if
/// the connection was closed.
///
/// # Safety
/// `wsi` valid, a live connection with a file in flight.
pub unsafe fn on_writable(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` is live (caller) and stays allocated through the
    // callback in `step` (module doc), so request_close and finish may
    // use it.
    unsafe {
        (*wsi).c.want_writable.set(false);
        match step(wsi) {
            Step::More => {
                if conn::has_partial(wsi) {
                    // resume once drained
                    (*wsi).c.want_writable.set(true);
                }
            }
            Step::Done(r) => {
                // only a negative answer closes
                if r < 0 {
                    request_close(wsi);
                }
            }
            Step::Failed => request_close(wsi),
        }
        conn::finish(wsi)
    }
}
