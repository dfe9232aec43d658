//! An HTTP client's response body (`lws_http_client_read`), a ws
//! client's received data, and multipart request bodies.
//!
//! Pointers and borrows as in the parent module's doc: the wsi stays
//! allocated across the callbacks made on it, and no `cl` borrow is held
//! across one.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// The HTTP/1 client role's receive step (`service::process`): the
/// response head, then its body; input before the connection is
/// established, or after it failed, is dropped.
///
/// # Safety
/// `wsi` valid, a live connection in the client role; `off <= buf.len()`.
pub(crate) unsafe fn h1_client_rx(wsi: *mut lws, stage: ClientStage, buf: &mut [u8], off: usize) -> Rx {
    // SAFETY: the caller's contract is head_rx's and body_rx's.
    unsafe {
        match stage {
            ClientStage::Connecting | ClientStage::Failed => Rx::Stop(buf.len()),
            ClientStage::Head => Rx::Used(off + super::head_rx(wsi, &mut buf[off..])),
            ClientStage::Body => Rx::Used(off + body_rx(wsi, &mut buf[off..])),
        }
    }
}

/// Response body bytes (raw, maybe chunked): kept, then announced with
/// RECEIVE_CLIENT_HTTP.  Returns bytes used.
///
/// # Safety
/// `wsi` valid, an HTTP client receiving its body.
pub(crate) unsafe fn body_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    // SAFETY: `wsi` valid (caller); the `cl` borrow ends with its block,
    // before announce's callback.
    unsafe {
        let c = &(*wsi).c;
        {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            if cl.complete || cl.failed {
                return buf.len();
            }
            if cl.chunked {
                dechunk(cl, buf);
            } else {
                let take = match cl.content_length {
                    Some(n) => ((n - cl.received) as usize).min(buf.len()),
                    None => buf.len(),
                };
                if take > 0 {
                    cl.body.push_back(buf[..take].to_vec());
                }
                cl.received += take as u64;
                if cl.content_length == Some(cl.received) {
                    cl.complete = true;
                }
            }
        }
        announce(wsi);
        buf.len()
    }
}

/// RECEIVE_CLIENT_HTTP when body (or its failure) waits for the user's
/// read, else COMPLETED_CLIENT_HTTP once the body is complete.
///
/// # Safety
/// `wsi` valid, an HTTP client.
unsafe fn announce(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); the `cl` borrow ends with its block.
    unsafe {
        let c = &(*wsi).c;
        let (has, complete) = {
            let g = c.cl.borrow();
            let cl = g.as_ref().unwrap();
            // a failed body is announced too: the user's read reports it
            (!cl.body.is_empty() || cl.failed, cl.complete)
        };
        if has {
            // the oracle stops polling for input until the user reads
            threadid::pollin(wsi, false);
            if cb(wsi, R::LWS_CALLBACK_RECEIVE_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
                request_close(wsi);
            }
        } else if complete {
            complete_http(wsi);
        }
    }
}

fn dechunk(cl: &mut Client, buf: &[u8]) {
    let (body, received) = (&mut cl.body, &mut cl.received);
    match cl.chunk.feed(buf, |d| {
        body.push_back(d.to_vec());
        *received += d.len() as u64;
    }) {
        h1::client::Dechunked::More => {}
        h1::client::Dechunked::Done => cl.complete = true,
        h1::client::Dechunked::Bad { at, after_data } => {
            lwsl_err!("lws_http_client_read: malformed chunked body\n");
            // as the oracle: past a chunk's data, what is left is dumped
            if after_data {
                crate::log::hexdump(crate::log::LLL_ERR, &buf[at..]);
            }
            cl.failed = true;
        }
    }
}

/// COMPLETED_CLIENT_HTTP, once.
///
/// # Safety
/// `wsi` valid, an HTTP client.
pub(super) unsafe fn complete_http(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller) and allocated through the callback
    // (module doc); the `cl` borrow ends with its block, before it.
    unsafe {
        let c = &(*wsi).c;
        let first = {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            !core::mem::replace(&mut cl.completed_sent, true)
        };
        if first && cb(wsi, R::LWS_CALLBACK_COMPLETED_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
            request_close(wsi);
        }
    }
}

/// `lws_http_client_read`: hands the received body to the user through
/// RECEIVE_CLIENT_HTTP_READ (pieces of at most `*len` bytes), then
/// COMPLETED_CLIENT_HTTP once it is all there.
///
/// # Safety
/// `wsi` valid; `buf`, `len` valid; `*buf` NULL or `*len` writable bytes.
pub unsafe fn http_client_read(wsi: *mut lws, buf: *mut *mut c_char, len: *mut c_int) -> c_int {
    // SAFETY: `wsi`, `buf` and `len` valid (caller), `*buf` NULL or the
    // user's buffer of `*len` bytes; a piece is at most `room` bytes.  The
    // wsi stays allocated through each RECEIVE_CLIENT_HTTP_READ (module
    // doc; a close inside only marks it, seen in `close_req`), whose `in`
    // is the user's buffer or our `piece`, both alive through it; the
    // `cl` borrows end before the callbacks.  A buffer said to have no
    // room (`*len <= 0`) is not written: the piece (of one byte, so that
    // the read makes progress) is handed over in our own memory.
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() || c.cl.borrow().is_none() {
            return -1;
        }
        let room = (*len).max(1) as usize;
        let user_buf = if *len > 0 { *buf as *mut u8 } else { core::ptr::null_mut() };
        threadid::pollin(wsi, true);
        loop {
            let (piece, bound) = {
                let mut g = c.cl.borrow_mut();
                let cl = g.as_mut().unwrap();
                let piece = match cl.body.front_mut() {
                    None => None,
                    Some(f) if f.len() <= room => cl.body.pop_front(),
                    Some(f) => Some(f.drain(..room).collect::<Vec<u8>>()),
                };
                (piece, cl.http_bound)
            };
            let Some(mut piece) = piece else { break };
            if !bound {
                // as the oracle: without a bound protocol the read is
                // swallowed
                lwsl_notice!("lws_http_client_read: swallowed read ({})\n", piece.len());
                continue;
            }
            let dst = user_buf;
            let n = piece.len();
            if !dst.is_null() {
                core::ptr::copy_nonoverlapping(piece.as_ptr(), dst, n);
            }
            *len = n as c_int;
            let p = if dst.is_null() { piece.as_mut_ptr() } else { dst };
            if cb(wsi, R::LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ, p as *mut c_void, n) != 0 {
                return -1;
            }
            if c.close_req.get() {
                return -1;
            }
        }
        let (complete, failed) = c.cl.borrow().as_ref().map_or((false, false), |cl| (cl.complete, cl.failed));
        if failed {
            return -1;
        }
        if complete {
            complete_http(wsi);
            if c.close_req.get() {
                return -1;
            }
        }
        0
    }
}

/// End of input on a client connection.  Returns true if handled (the
/// connection failed or completed), false to close it normally.
///
/// # Safety
/// `wsi` valid, a client connection; not used after a true answer.
pub(crate) unsafe fn client_eof(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc), not used after finish; the `cl` borrow is dropped
    // before complete_http and announce call out.
    unsafe {
        let c = &(*wsi).c;
        match c.role.get() {
            Role::H1Client(ClientStage::Connecting) | Role::H1Client(ClientStage::Head) => {
                // also a TLS 1.3 server's late alert (refused client
                // certificate): the oracle says "read failed" then too
                conn_error(wsi, c"read failed");
                finish(wsi);
                true
            }
            Role::H1Client(ClientStage::Failed) => {
                finish(wsi);
                true
            }
            Role::H1Client(ClientStage::Body) => {
                let mut g = c.cl.borrow_mut();
                let mut cut = false;
                if let Some(cl) = g.as_mut() {
                    if cl.content_length.is_none() && !cl.chunked {
                        cl.complete = true;
                    } else if !cl.complete && !cl.failed {
                        // EOF before the body's end: as the oracle, one
                        // more RECEIVE_CLIENT_HTTP, whose read fails
                        cl.failed = true;
                        cut = true;
                    }
                }
                let go = g.as_ref().is_some_and(|cl| cl.complete && !cl.completed_sent);
                drop(g);
                if go {
                    complete_http(wsi);
                }
                if cut {
                    announce(wsi);
                }
                false
            }
            _ => false,
        }
    }
}

/// The response status of a client connection.
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn status(wsi: *mut lws) -> u32 {
    // SAFETY: `wsi` valid (caller); the borrow ends with the expression.
    unsafe { (*wsi).c.cl.borrow().as_ref().map_or(0, |cl| cl.status) }
}

/// Whether an HTTP client is sending its request body
/// (`lws_client_http_body_pending(wsi, 1)`).
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn sending_body(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); the borrow ends with the expression.
    unsafe { (*wsi).c.cl.borrow().as_ref().is_some_and(|cl| !cl.ws && cl.body_pending) }
}

/// `lws_client_http_body_pending`.
///
/// # Safety
/// `wsi` valid.
pub(crate) unsafe fn set_body_pending(wsi: *mut lws, pending: bool) {
    // SAFETY: `wsi` valid (caller); the borrow ends with the `if let`, no
    // callback inside it.
    unsafe {
        if let Some(cl) = (*wsi).c.cl.borrow_mut().as_mut() {
            cl.body_pending = pending;
        }
    }
}

/// A piece of a received message on a client: gathered, then delivered
/// as CLIENT_RECEIVE at the end of its frame or when the rx buffer is
/// full.  Returns true to stop parsing.
///
/// # Safety
/// `wsi` valid, a ws client.
pub(crate) unsafe fn client_data(wsi: *mut lws, data: &mut [u8], piece: &ws::frame::Piece) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); its protocol NULL or an entry of its vhost's table,
    // its context valid.  CLIENT_RECEIVE's `in` is `acc`, our own Vec,
    // not touched during the callback; the `cl` borrows end within their
    // statements or blocks, none across `cb`.
    unsafe {
        let c = &(*wsi).c;
        let limit = {
            let p = (*wsi).protocol.get();
            let rx = if p.is_null() { 0 } else { (*p).rx_buffer_size };
            if rx == 0 { (*(*wsi).context).net.pt_serv_buf_size } else { rx }
        };
        let mut acc = {
            let mut g = c.cl.borrow_mut();
            let Some(cl) = g.as_mut() else { return false };
            if cl.rx_acc.is_empty() {
                cl.rx_acc_first = piece.first;
            }
            core::mem::take(&mut cl.rx_acc)
        };
        let first = c.cl.borrow().as_ref().is_some_and(|cl| cl.rx_acc_first);
        let mut data: &[u8] = data;
        let mut stop = false;
        loop {
            let room = limit.saturating_sub(acc.len()).max(1);
            let take = data.len().min(room);
            acc.extend_from_slice(&data[..take]);
            data = &data[take..];
            let remaining = piece.remaining + data.len() as u64;
            if remaining != 0 && acc.len() < limit {
                break;
            }
            c.websocket.p_first.set(first && acc.len() <= limit);
            c.websocket.p_final.set(piece.last && remaining == 0);
            c.websocket.p_binary.set(piece.binary);
            (*wsi).rx_packet_remaining.set(remaining as usize);
            if cb(wsi, R::LWS_CALLBACK_CLIENT_RECEIVE, acc.as_mut_ptr() as *mut c_void, acc.len()) != 0 {
                user_close(wsi);
                stop = true;
            }
            acc.clear();
            if let Some(cl) = c.cl.borrow_mut().as_mut() {
                cl.rx_acc_first = false;
            }
            if stop || data.is_empty() || c.close_req.get() {
                break;
            }
        }
        if let Some(cl) = c.cl.borrow_mut().as_mut() {
            cl.rx_acc = acc;
        }
        stop
    }
}

/// 12 random letters and digits.
pub(super) fn new_boundary() -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut r = [0u8; 12];
    crate::core::random::fill(&mut r);
    r.iter().map(|&b| A[b as usize % A.len()] as char).collect()
}

/// `lws_client_http_multipart`: the start of a part (`name` set) or the
/// end of the body (`name` NULL) at `*p`.  When it does not fit, as much
/// as fits is written (NUL-terminated), `*p` goes to `end` and 1 is
/// returned, as the oracle.
///
/// # Safety
/// `wsi` valid; `p`, `*p`..`end` valid; strings NULL or valid.
pub unsafe fn multipart(
    wsi: *mut lws,
    name: *const c_char,
    filename: *const c_char,
    content_type: *const c_char,
    p: *mut *mut c_char,
    end: *mut c_char,
) -> c_int {
    // SAFETY: `wsi` valid, the strings NULL or C strings, `p` valid and
    // `*p`..`end` the caller's writable buffer (caller); the `cl` borrow
    // ends with the `let`.  The writes stay inside it: `t.len() + 1 <=
    // room` bytes when it fits, else `room` bytes (`room - 1` and the
    // NUL), none for `room == 0`; `t` is our own Vec.
    unsafe {
        let Some((b, started)) = (*wsi).c.cl.borrow_mut().as_mut().and_then(|cl| {
            let st = core::mem::replace(&mut cl.mp_started, true);
            cl.boundary.clone().map(|b| (b, st))
        }) else {
            return 1;
        };
        let mut t = Vec::with_capacity(128);
        // the first part starts the body: no CRLF before it
        if started {
            t.extend_from_slice(b"\r\n");
        }
        t.extend_from_slice(b"--");
        t.extend_from_slice(b.as_bytes());
        match cstr(name) {
            None => t.extend_from_slice(b"--\r\n"),
            Some(n) => {
                t.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
                t.extend_from_slice(&n);
                t.push(b'"');
                if let Some(f) = cstr(filename) {
                    t.extend_from_slice(b"; filename=\"");
                    t.extend_from_slice(&f);
                    t.push(b'"');
                }
                t.extend_from_slice(b"\r\n");
                if let Some(ct) = cstr(content_type) {
                    t.extend_from_slice(b"Content-Type: ");
                    t.extend_from_slice(&ct);
                    t.extend_from_slice(b"\r\n");
                }
                t.extend_from_slice(b"\r\n");
            }
        }
        let start = *p as *mut u8;
        let room = (end as usize).saturating_sub(start as usize);
        if t.len() < room {
            core::ptr::copy_nonoverlapping(t.as_ptr(), start, t.len());
            *start.add(t.len()) = 0;
            *p = start.add(t.len()) as *mut c_char;
            return 0;
        }
        if room > 0 {
            core::ptr::copy_nonoverlapping(t.as_ptr(), start, room - 1);
            *start.add(room - 1) = 0;
        }
        *p = end;
        1
    }
}

/// A random 4-byte mask for a client frame.
pub(crate) fn new_mask() -> [u8; 4] {
    crate::core::random::mask_key()
}
