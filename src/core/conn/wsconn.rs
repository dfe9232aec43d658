//! The WebSocket side: the upgrade, received frames to callbacks, and
//! the close handshake.
//!
//! The functions take a live connection; the callbacks they make go
//! through `cb`, which counts itself in `in_cb`, so a close asked for
//! meanwhile only marks the connection (`close_req`) and `wsi` stays
//! allocated for the rest of the call; the state read after a callback
//! is in `Cell`s, re-read each time.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// The WebSocket role's receive step (`service::process`).  After a
/// protocol error the oracle keeps parsing frames (ignoring them) until
/// the peer's close, so this does too.
///
/// # Safety
/// `wsi` valid, a live connection in the ws role; `off <= buf.len()`.
pub(crate) unsafe fn ws_conn_rx(wsi: *mut lws, buf: &mut [u8], off: usize) -> Rx {
    // SAFETY: `wsi` live (caller); ws_rx keeps it allocated (in_cb).
    unsafe {
        if (*wsi).c.rxflow_bitmap.get() != 0 {
            return Rx::Stop(off);
        }
        let off = off + ws_rx(wsi, &mut buf[off..]);
        if (*wsi).c.rxflow_bitmap.get() != 0 {
            return Rx::Stop(off);
        }
        Rx::Used(off)
    }
}

/// Feeds `buf` to the frame parser, delivering events; returns the bytes
/// used (all, unless rx flow control was switched off by a callback).
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn ws_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    // SAFETY: `wsi` live (caller, module doc); the parser is taken out of
    // its RefCell for the loop, so no borrow of it is held while the
    // callbacks run (a re-entrant ws_rx finds None), and put back after.
    unsafe {
        let Some(mut parser) = (*wsi).c.websocket.frames.borrow_mut().take() else { return buf.len() };
        lwsl_debug!("ws_rx: wsi {:p}: {} bytes in\n", wsi, buf.len());
        let mut used = buf.len();
        {
            let mut feed = parser.feed(buf);
            loop {
                let ev = feed.next();
                let Some(ev) = ev else { break };
                let stop = ws_event(wsi, ev);
                if stop || (*wsi).c.close_req.get() {
                    break;
                }
                if (*wsi).c.rxflow_bitmap.get() != 0 {
                    used = feed.consumed();
                    break;
                }
            }
        }
        if (*wsi).c.websocket.ws_close.get().state() == CloseState::Failed && parser.error().is_some() {
            // the rest of this chunk is dropped; the next one starts a frame
            parser = Box::new(ws::frame::Parser::new(parser.config().clone()));
        }
        *(*wsi).c.websocket.frames.borrow_mut() = Some(parser);
        used
    }
}

/// Handles one parser event; true to stop parsing this chunk.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn ws_event(wsi: *mut lws, ev: Result<Event<'_>, ProtocolError>) -> bool {
    // SAFETY: `wsi` live and kept allocated across the callbacks (module
    // doc); `c` is a shared reference to `Cell`s, which the callbacks may
    // change through the API; the payload pointers handed to callbacks
    // point into the chunk being parsed, alive for the call.
    unsafe {
        let c = &(*wsi).c;
        let open = ws_open(c);
        match ev {
            Ok(Event::Data { data, piece }) => {
                if !open {
                    return false;
                }
                if piece.compressed {
                    return pmd::rx_piece(wsi, data, &piece);
                }
                if c.client.get() {
                    return client::client_data(wsi, data, &piece);
                }
                c.websocket.p_first.set(piece.first);
                c.websocket.p_final.set(piece.last);
                c.websocket.p_binary.set(piece.binary);
                (*wsi).rx_packet_remaining.set(piece.remaining as usize);
                if cb(wsi, if c.client.get() { R::LWS_CALLBACK_CLIENT_RECEIVE } else { R::LWS_CALLBACK_RECEIVE }, data.as_mut_ptr() as *mut c_void, data.len()) != 0 {
                    user_close(wsi);
                    return true;
                }
                false
            }
            Ok(Event::Ping(p)) => {
                if open {
                    let _ = send_control(wsi, ws::OpCode::Pong as u8, p);
                    // the oracle answers from its writeable handler, which
                    // then gives the user a WRITEABLE too
                    c.want_writable.set(true);
                    threadid::pollout_on(wsi);
                    make_ripe(wsi);
                }
                false
            }
            Ok(Event::Pong(p)) => {
                if !open {
                    return false;
                }
                // any pong proves the connection valid
                validity_confirmed(wsi);
                if p.is_empty() && !c.client.get() {
                    // as measured, the oracle does not pass an empty pong
                    // on to a server's user
                    return false;
                }
                c.websocket.p_first.set(false);
                c.websocket.p_final.set(true);
                (*wsi).rx_packet_remaining.set(0);
                if cb(wsi, if c.client.get() { R::LWS_CALLBACK_CLIENT_RECEIVE_PONG } else { R::LWS_CALLBACK_RECEIVE_PONG }, p.as_mut_ptr() as *mut c_void, p.len()) != 0 {
                    user_close(wsi);
                    return true;
                }
                false
            }
            Ok(Event::Close(p)) => {
                if open {
                    c.websocket.p_first.set(false);
                    c.websocket.p_final.set(true);
                    (*wsi).rx_packet_remaining.set(0);
                    cb(wsi, R::LWS_CALLBACK_WS_PEER_INITIATED_CLOSE, p.as_mut_ptr() as *mut c_void, p.len());
                }
                if let CloseAction::SendAndDrop(answer) = close_event(c, |h| h.on_peer_close(p)) {
                    let _ = send_control(wsi, ws::OpCode::Close as u8, answer.as_bytes());
                    // the oracle asks for a writeable event for the answer;
                    // a client's then drops POLLOUT when it is sent, a
                    // server's closes at once
                    threadid::pollout_on(wsi);
                    if c.client.get() {
                        threadid::pollout_off(wsi);
                    }
                }
                request_close(wsi);
                true
            }
            Err(e) => {
                log_protocol_error(e);
                match close_event(c, |h| h.on_protocol_error(e)) {
                    CloseAction::SendAndWait(pl) => {
                        // as a user close with a reason: the protocol is
                        // dropped now, and a server's user gets one more
                        // WRITEABLE (a client's does not, as measured)
                        drop_protocol(wsi);
                        let _ = send_control(wsi, ws::OpCode::Close as u8, pl.as_bytes());
                        crate::core::wsi::set_timeout(wsi, TO_CLOSE_ACK, ws::close::CLOSE_ACK_TIMEOUT_SECS);
                        if !c.client.get() {
                            c.want_writable.set(true);
                            threadid::pollout_on(wsi);
                            if c.t.sock_writable.get() && !has_partial(wsi) {
                                make_ripe(wsi);
                            }
                        }
                        // Then FIN: the peer learns at once that we are
                        // done (RFC 6455 7.1.7, Autobahn 3.x-6.x want the
                        // server to close TCP).  Input is still read and
                        // ignored, so the close on its EOF (or the timeout)
                        // stays a FIN.  The oracle only drops after 5 s, or
                        // earlier when its desynchronised parser happens to
                        // see the peer's close.
                        half_close_when_flushed(wsi);
                    }
                    _ => request_close(wsi),
                }
                true
            }
        }
    }
}

/// Runs one event of the connection's close handshake
/// (`ws::close::CloseHandshake`) and keeps its new state.
fn close_event(c: &ConnState, f: impl FnOnce(&mut ws::close::CloseHandshake) -> CloseAction) -> CloseAction {
    let mut h = c.websocket.ws_close.get();
    let a = f(&mut h);
    c.websocket.ws_close.set(h);
    a
}

/// A WebSocket connection whose close frame has not gone out (open, or
/// being dropped without one).
pub(crate) fn ws_open(c: &ConnState) -> bool {
    c.role.get() == Role::Ws && !c.websocket.ws_close.get().close_sent()
}

/// `lws_close_reason`: the close frame the next user close sends.
///
/// # Safety
/// `wsi` valid.
pub(crate) unsafe fn set_close_reason(wsi: *mut lws, payload: ClosePayload) {
    // SAFETY: the caller's contract: `wsi` is a live connection.
    unsafe {
        let c = &(*wsi).c;
        let mut h = c.websocket.ws_close.get();
        h.set_close_reason(payload);
        c.websocket.ws_close.set(h);
    }
}

/// The lines the oracle logs for a peer's protocol error.
fn log_protocol_error(e: ProtocolError) {
    match e {
        ProtocolError::ControlTooLong => lwsl_warn!("Control frame with xtended length is illegal\n"),
        ProtocolError::BadCloseUtf8 => {
            lwsl_notice!("utf8 error\n");
            // the oracle dumps its (by then empty) output buffer
            crate::log::hexdump(crate::log::LLL_NOTICE, &[]);
        }
        _ => {}
    }
}

/// The user asked to close (callback returned nonzero).  With a close
/// reason set, the oracle sends the close frame and waits for the peer's;
/// without, it drops the connection.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn user_close(wsi: *mut lws) {
    // SAFETY: `wsi` live (caller), and after drop_protocol's callback
    // (module doc); its context is valid while it is.
    unsafe {
        let c = &(*wsi).c;
        if c.role.get() == Role::Ws {
            if let CloseAction::SendAndWait(pl) = close_event(c, |h| h.on_user_close()) {
                drop_protocol(wsi);
                crate::core::wsi::set_timeout(wsi, TO_CLOSE_ACK, ws::close::CLOSE_ACK_TIMEOUT_SECS);
                // as the oracle: the close frame goes out with the next
                // pass's writeable event (handle_writable), and the user
                // gets one more WRITEABLE the pass after
                c.websocket.close_to_send.set(Some(Box::new(pl)));
                c.websocket.close_send_at.set((*(*wsi).context).net.pass_no.get() + 1);
                c.want_writable.set(true);
                threadid::pollout_on(wsi);
                make_ripe(wsi);
                return;
            }
        }
        request_close(wsi);
    }
}

/// Gives the bound protocol its DROP_PROTOCOL callback, once.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn drop_protocol(wsi: *mut lws) {
    // SAFETY: `wsi` live (caller); the `in` pointer is a static C string
    // (the oracle passes a literal too; callbacks only read it).
    unsafe {
        // as the oracle: never for a wsi without user space (a protocol
        // with per_session_data_size 0, unless lws_set_wsi_user set one)
        if (*wsi).c.bound.get() == Bound::Ws
            && !(*wsi).user_space.get().is_null()
            && !(*wsi).c.websocket.dropped.replace(true)
        {
            let reason = if (*wsi).c.client.get() {
                R::LWS_CALLBACK_WS_CLIENT_DROP_PROTOCOL
            } else {
                R::LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL
            };
            // in: the oracle's closing function's name
            cb(wsi, reason, c"__lws_close_free_wsi".as_ptr() as *mut c_void, 0);
        }
    }
}

/// `lws_write` on a WebSocket: a frame of the kind `wp` gives, masked on
/// a client; HTTP kinds, and anything after a protocol error's close, go
/// out as is; after our close frame, data is dropped with the oracle's
/// answer.
///
/// # Safety
/// `wsi` valid, a live connection in the ws role; `buf` has `LWS_PRE`
/// writable bytes before it and `len` after.
pub(crate) unsafe fn ws_conn_write(wsi: *mut lws, buf: *mut u8, len: usize, wp: c_int) -> c_int {
    // SAFETY: `buf` has `len` writable bytes and `LWS_PRE` (16) before it
    // (caller, lws_write's contract); the header is at most 14 bytes, so
    // `buf.sub(hl)` and the frame `[start, buf + len)` stay in that
    // memory; the mutable view for masking ends before the frame's shared
    // one is made; `wsi` valid (caller).
    unsafe {
        let c = &(*wsi).c;
        let hs = c.websocket.ws_close.get().state();
        if is_http_write(wp & crate::abi::write::WRITE_KIND_MASK) || hs == CloseState::Failed {
            return send_as_is(wsi, buf, len);
        }
        let Some((op, fin)) = ws::encode::opcode_for_write(wp as u32) else { return -1 };
        if op.is_control() && len > ws::MAX_CONTROL_PAYLOAD {
            return -1;
        }
        if hs == CloseState::AwaitingAck {
            // our close frame is out: the oracle still hands out the
            // WRITEABLEs asked for and sends what is written in them, but
            // RFC 6455 5.5.1 allows no data after a close frame, so it is
            // dropped (docs/deviations.md), with the oracle's return value
            let hl = if c.client.get() { 6 } else { 2 } + if len > 65535 { 8 } else if len > 125 { 2 } else { 0 };
            return write_result(op.is_control(), hl, len);
        }
        if !op.is_control() {
            let data = if len == 0 { &[][..] } else { core::slice::from_raw_parts(buf, len) };
            match pmd::compress_write(wsi, data, op, fin) {
                Some(Ok(())) => return len as c_int,
                Some(Err(SendError)) => {
                    request_close(wsi);
                    return -1;
                }
                None => {}
            }
        }
        let mut h = [0u8; 14];
        // a client masks every frame; with CLIENT_IGNORE_XOR_MASK the
        // payload goes out as the caller left it, still a masked frame (as
        // the oracle: a server reads it back unchanged), so the key is 0
        let mask = if !c.client.get() {
            None
        } else if crate::abi::write::WriteFlags::from_bits_retain(wp).contains(crate::abi::write::WriteFlags::CLIENT_IGNORE_XOR_MASK) {
            Some([0u8; 4])
        } else {
            Some(client::new_mask())
        };
        let hl = ws::encode::encode_header(&mut h, op, fin, len, mask);
        if let Some(m) = mask {
            if len > 0 {
                ws::frame::apply_mask(core::slice::from_raw_parts_mut(buf, len), m, 0);
            }
        }
        let start = buf.sub(hl);
        core::ptr::copy_nonoverlapping(h.as_ptr(), start, hl);
        let frame = core::slice::from_raw_parts(start, hl + len);
        match send_raw(wsi, frame) {
            // the oracle counts the header of a PING/PONG in its answer
            Ok(()) => write_result(op.is_control(), hl, len),
            Err(SendError) => {
                request_close(wsi);
                -1
            }
        }
    }
}
