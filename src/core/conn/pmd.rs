//! permessage-deflate (RFC 7692) on a WebSocket connection: the vhost's
//! extension table, the server's negotiation in the upgrade, and the ws
//! role's extension stage (inflating received messages into RECEIVE
//! pieces, compressing what `lws_write` sends).  The protocol logic is the
//! socket-free `crate::pmd`; this module only connects it.
//!
//! What the oracle does, and this does too (probed with Debian's
//! libwebsockets 4.1.6 and python-websockets):
//! - it answers an offer with `Sec-WebSocket-Extensions` after the
//!   protocol header (`pmd::server_answer` gives the value), once the
//!   bound protocol's `LWS_CALLBACK_CONFIRM_EXTENSION_OKAY` (after
//!   FILTER_PROTOCOL_CONNECTION, before ADD_HEADERS; `in` the extension's
//!   name) answered 0, and only for a protocol whose `rx_buffer_size` is 0
//!   or at least 128 (upstream's lws-mirror refuses in CONFIRM; its
//!   dumb-increment has a 10-byte buffer: neither compresses);
//! - a compressed message is handed to RECEIVE inflated, in pieces of at
//!   most `rx_buf_size` (1024) bytes, with `lws_remaining_packet_payload`
//!   0 and the final flag on the piece that ends the message (an empty
//!   final piece when the inflation ends exactly at a piece boundary);
//! - `lws_write` of TEXT / BINARY / CONTINUATION compresses, and sends the
//!   compressed bytes in frames of at most 1024 bytes (the first with
//!   RSV1 and the opcode, the others continuations, FIN on the last when
//!   the write ends the message), and returns the length it was given.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;
use crate::abi::ws_ext::lws_extension;
use crate::pmd;
use crate::ws::utf8::Utf8Validator;

/// Most compressed bytes the oracle puts in one frame (its tx buffer).
const TX_FRAME: usize = 1024;

/// The smallest nonzero `rx_buffer_size` of a protocol the oracle runs
/// permessage-deflate on.
const MIN_RX_BUFFER: usize = 128;

/// A vhost's permessage-deflate, from its `lws_extension` table.
#[derive(Clone, Debug)]
pub struct VhostPmd {
    pub settings: pmd::Settings,
}

/// Reads an `lws_extension` table (NULL-name terminated): the
/// permessage-deflate entry, if any.  Other extensions are logged and
/// ignored (this library has only permessage-deflate).
///
/// # Safety
/// `exts` NULL or an array ended by an entry with a NULL name, its
/// strings NUL-terminated (the C API's contract).
pub unsafe fn vhost_pmd(exts: *const lws_extension) -> Option<Box<VhostPmd>> {
    let mut found = None;
    if exts.is_null() {
        return None;
    }
    let mut e = exts;
    // SAFETY: the table is ended by a NULL name (caller); each entry read
    // is before that end.
    unsafe {
        while !(*e).name.is_null() {
            let name = crate::ffi::cstr_bytes((*e).name).unwrap_or(b"");
            if name == pmd::NAME.as_bytes() && (*e).callback.is_some() {
                found = Some(Box::new(VhostPmd { settings: pmd::Settings::default() }));
            } else {
                lwsl_err!(
                    "extension {}: only permessage-deflate is implemented by this library: ignored\n",
                    String::from_utf8_lossy(name)
                );
            }
            e = e.add(1);
        }
    }
    found
}

/// A connection's permessage-deflate state, once negotiated.  The
/// compressor and decompressor are made when the first message needs
/// them (an idle connection holds neither).
pub struct ConnPmd {
    agreed: pmd::Agreed,
    server: bool,
    deflater: Option<pmd::Deflater>,
    inflater: Option<pmd::Inflater>,
    /// Inflated output of the piece being delivered (taken out while its
    /// RECEIVE runs).
    rx_buf: Vec<u8>,
    /// The first piece of the message in progress was delivered.
    rx_started: bool,
    /// UTF-8 state of the inflated text message in progress (when the
    /// vhost validates UTF-8).
    utf8: Option<Utf8Validator>,
    /// A message written with NO_FIN is in progress: the next frame is a
    /// continuation.
    tx_open: bool,
}

impl ConnPmd {
    pub fn new(agreed: pmd::Agreed, server: bool) -> Self {
        ConnPmd {
            agreed,
            server,
            deflater: None,
            inflater: None,
            rx_buf: Vec::new(),
            rx_started: false,
            utf8: None,
            tx_open: false,
        }
    }
}

/// The server's side of the negotiation, as the oracle runs it: the
/// header line to add to the 101 and the connection's state, `Ok(None)`
/// when the client offered nothing this vhost does or the bound
/// protocol's `LWS_CALLBACK_CONFIRM_EXTENSION_OKAY` (asked with the
/// extension's name) answers nonzero, `Err` when the oracle refuses the
/// handshake (an offer header of 255 bytes or more; permessage-deflate
/// offered a second time, without parameters, after the protocol took it).
///
/// # Safety
/// `wsi` valid, a live connection in its upgrade with its protocol bound,
/// on vhost `vh`; its request head is parsed.
pub(crate) unsafe fn server_negotiate(wsi: *mut lws, vh: *mut lws_vhost) -> Result<Option<(Vec<u8>, ConnPmd)>, ()> {
    // SAFETY: `wsi`, `vh` valid (caller); the request borrow ends before
    // the callback, which keeps `wsi` allocated (in_cb).
    unsafe {
        let Some(vp) = (*vh).pmd.as_ref() else { return Ok(None) };
        let answer = {
            let g = (*wsi).c.http.h1.borrow();
            let Some(req) = g.as_ref().map(|p| p.request()) else { return Ok(None) };
            if !req.has(h1::parse::EXTENSIONS) {
                return Ok(None);
            }
            let offer = req.value(h1::parse::EXTENSIONS);
            pmd::server_answer(&vp.settings, &String::from_utf8_lossy(&offer))
        };
        let confirmed = |wsi: *mut lws| {
            let mut name = *b"permessage-deflate\0";
            cb(wsi, R::LWS_CALLBACK_CONFIRM_EXTENSION_OKAY, name.as_mut_ptr() as *mut c_void, 0) == 0
        };
        match answer {
            Ok(None) => Ok(None),
            Ok(Some(ans)) => {
                if !confirmed(wsi) {
                    return Ok(None);
                }
                // the oracle's extension will not run on a protocol whose
                // receive buffer is set below 128 bytes (0 is the default,
                // which is larger)
                let prot = (*wsi).protocol.get();
                let rx = if prot.is_null() { 0 } else { (*prot).rx_buffer_size };
                if rx != 0 && rx < MIN_RX_BUFFER {
                    lwsl_info!(
                        "permessage-deflate needs the protocol's rx_buffer_size to be 0 or at least {}: not used (it is {})\n",
                        MIN_RX_BUFFER,
                        rx
                    );
                    return Ok(None);
                }
                let mut line = b"Sec-WebSocket-Extensions: ".to_vec();
                line.extend_from_slice(ans.header_value.as_bytes());
                line.extend_from_slice(b"\r\n");
                Ok(Some((line, ConnPmd::new(ans.agreed, true))))
            }
            // the second mention only counts when the first was taken
            Err(pmd::NegotiationError::MentionedTwice) if !confirmed(wsi) => Ok(None),
            Err(e) => {
                lwsl_info!("ws upgrade: extensions refused ({:?})\n", e);
                Err(())
            }
        }
    }
}

/// A received piece of a compressed message: inflates it and delivers the
/// output to RECEIVE in pieces of at most `rx_buf_size`.  True to stop
/// parsing (the connection is closing).
///
/// # Safety
/// `wsi` valid, a live ws connection with permessage-deflate.
pub(crate) unsafe fn rx_piece(wsi: *mut lws, data: &[u8], piece: &ws::frame::Piece) -> bool {
    // SAFETY: `wsi` live and kept allocated across the callbacks (in_cb);
    // the ConnPmd borrow ends before each callback, and the output buffer
    // is taken out of it for the callback's duration, so a re-entrant
    // call finds it empty rather than aliased.
    unsafe {
        let c = &(*wsi).c;
        let validate = !piece.binary && (*(*wsi).vhost.get()).options.contains(ServerOptions::VALIDATE_UTF8);
        if piece.first {
            // a new message
            if let Some(p) = c.websocket.pmd.borrow_mut().as_mut() {
                p.rx_started = false;
                p.utf8 = validate.then(Utf8Validator::new);
            }
        }
        let mut rest = data;
        loop {
            let step = {
                let mut g = c.websocket.pmd.borrow_mut();
                let Some(p) = g.as_mut() else { return true };
                let cap = p.agreed.rx_buf_size.max(1);
                if p.inflater.is_none() {
                    p.inflater = Some(p.agreed.inflater(p.server, usize::MAX));
                }
                let mut buf = core::mem::take(&mut p.rx_buf);
                buf.resize(cap, 0);
                let r = match p.inflater.as_mut().unwrap().step(rest, piece.last, &mut buf) {
                    Err(pmd::CodecError::TooBig) => Err(ProtocolError::MessageTooBig),
                    Err(_) => Err(ProtocolError::BadCompressed),
                    Ok(s) => {
                        // an inflated text must be UTF-8
                        let bad = p.utf8.as_mut().is_some_and(|v| {
                            v.feed(&buf[..s.produced]).is_err() || (piece.last && s.done && !v.is_complete())
                        });
                        if bad {
                            Err(ProtocolError::BadUtf8)
                        } else {
                            Ok(s)
                        }
                    }
                };
                match r {
                    Ok(s) => {
                        let first = !p.rx_started;
                        let last = piece.last && s.done;
                        if s.produced > 0 || last {
                            p.rx_started = true;
                        }
                        Ok((s, first, last, buf))
                    }
                    Err(e) => {
                        p.rx_buf = buf;
                        Err(e)
                    }
                }
            };
            let (s, first, last, mut buf) = match step {
                Ok(v) => v,
                Err(e) => {
                    ws_event(wsi, Err(e));
                    return true;
                }
            };
            rest = &rest[s.consumed..];
            if s.produced > 0 || last {
                c.websocket.p_first.set(first);
                c.websocket.p_final.set(last);
                c.websocket.p_binary.set(piece.binary);
                (*wsi).rx_packet_remaining.set(0);
                let r = cb(wsi, R::LWS_CALLBACK_RECEIVE, buf.as_mut_ptr() as *mut c_void, s.produced);
                if let Some(p) = c.websocket.pmd.borrow_mut().as_mut() {
                    p.rx_buf = core::mem::take(&mut buf);
                }
                if r != 0 {
                    user_close(wsi);
                    return true;
                }
                if c.close_req.get() || !ws_open(c) {
                    return true;
                }
            } else if let Some(p) = c.websocket.pmd.borrow_mut().as_mut() {
                p.rx_buf = buf;
            }
            if s.done {
                return false;
            }
        }
    }
}

/// `lws_write` of a data frame on a connection with permessage-deflate:
/// compresses `data` and queues the frames.  `None` when the connection
/// has no permessage-deflate (frame it as usual).
///
/// # Safety
/// `wsi` valid, a live ws connection.
pub(crate) unsafe fn compress_write(wsi: *mut lws, data: &[u8], op: ws::OpCode, fin: bool) -> Option<Result<(), SendError>> {
    // SAFETY: `wsi` valid (caller); the borrow of its ConnPmd ends before
    // send_raw, which makes no callback.
    unsafe {
        let frames = {
            let mut g = (*wsi).c.websocket.pmd.borrow_mut();
            let p = g.as_mut()?;
            if p.deflater.is_none() {
                p.deflater = Some(p.agreed.deflater(p.server));
            }
            let mut comp = Vec::with_capacity(data.len() / 2 + 16);
            let d = p.deflater.as_mut().unwrap();
            let r = if fin { d.push(data, true, &mut comp) } else { d.push_flushed(data, &mut comp) };
            if r.is_err() {
                lwsl_err!("permessage-deflate: compressing failed\n");
                return Some(Err(SendError));
            }
            let continuing = p.tx_open || op == ws::OpCode::Continuation;
            p.tx_open = !fin;
            frame_up(&comp, op, continuing, fin, (*wsi).c.client.get())
        };
        Some(send_raw(wsi, &frames))
    }
}

/// The frames of one compressed write: pieces of at most [`TX_FRAME`]
/// bytes (at least one frame, maybe empty), the first with RSV1 and the
/// message's opcode unless the message is `continuing`, FIN on the last
/// when `fin`.  A client masks each frame.
fn frame_up(comp: &[u8], op: ws::OpCode, continuing: bool, fin: bool, client: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(comp.len() + 14 * (comp.len() / TX_FRAME + 1));
    let n = comp.len().div_ceil(TX_FRAME).max(1);
    for (i, chunk) in comp.chunks(TX_FRAME).chain(core::iter::repeat_n(&[][..], usize::from(comp.is_empty()))).enumerate() {
        let first = i == 0 && !continuing;
        let opcode = if first { op } else { ws::OpCode::Continuation };
        let mut h = [0u8; 14];
        let mask = client.then(client::new_mask);
        let hl = ws::encode::encode_header(&mut h, opcode, fin && i + 1 == n, chunk.len(), mask);
        if first {
            h[0] |= 0x40;
        }
        out.extend_from_slice(&h[..hl]);
        let at = out.len();
        out.extend_from_slice(chunk);
        if let Some(m) = mask {
            ws::frame::apply_mask(&mut out[at..], m, 0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_of_a_compressed_write() {
        let comp: Vec<u8> = (0..2500u32).map(|i| i as u8).collect();
        let f = frame_up(&comp, ws::OpCode::Text, false, true, false);
        // 1024 + 1024 + 452, headers of 4 bytes (16-bit lengths)
        assert_eq!(f.len(), 2500 + 3 * 4);
        assert_eq!(&f[..2], &[0x41, 126]);
        assert_eq!(f[4 + 1024], 0x00);
        assert_eq!(f[2 * (4 + 1024)], 0x80);
        // a continuing, unfinished write: no RSV1, no FIN
        let f = frame_up(b"ab", ws::OpCode::Continuation, true, false, false);
        assert_eq!(f, [0x00, 2, b'a', b'b']);
        // nothing compressed yet: one empty frame still starts the message
        let f = frame_up(b"", ws::OpCode::Binary, false, false, false);
        assert_eq!(f, [0x42, 0]);
    }
}
