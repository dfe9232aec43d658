//! Incremental RFC 6455 frame parser.
//!
//! Feed it any byte chunks (a frame may arrive one byte at a time).  It
//! unmasks payload in place in the caller's buffer and hands out pieces of
//! that buffer, never copying data payload; only control frame payloads
//! (at most 125 bytes) are gathered in an internal buffer, because they are
//! delivered whole.
//!
//! Piece policy (what Debian's libwebsockets 4.1.6 does, see docs/oracle-ws-frames.md):
//! within one chunk, the payload bytes of the current frame are handed out
//! in pieces of at most `max_piece` (the protocol's `rx_buffer_size`),
//! counted from where this chunk's payload starts; a piece also ends at the
//! end of the frame and at the end of the chunk.  A zero-length data frame
//! gives one zero-length piece.  Each piece carries what
//! `lws_is_first_fragment`, `lws_is_final_fragment`, `lws_frame_is_binary`
//! and `lws_remaining_packet_payload` report for it.
//!
//! Usage:
//! ```
//! use websockets::ws::frame::{Parser, ParserConfig, Event};
//! let mut p = Parser::new(ParserConfig::server(16));
//! let mut chunk = vec![0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2];
//! let mut feed = p.feed(&mut chunk);
//! while let Some(ev) = feed.next() {
//!     match ev {
//!         Ok(Event::Data { data, piece }) => assert_eq!((&data[..], piece.last), (&b"hi"[..], true)),
//!         Ok(_) => {}
//!         Err(e) => panic!("close with {}", e.code()),
//!     }
//! }
//! ```

use super::utf8::Utf8Validator;
use super::{status, OpCode, MAX_CONTROL_PAYLOAD};

/// Which end of the connection we are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// We are the server: frames from the peer (a client) carry a mask.
    Server,
    /// We are the client: frames from the peer (a server) are unmasked.
    Client,
}

/// Parser settings.
#[derive(Clone, Debug)]
pub struct ParserConfig {
    pub role: Role,
    /// Server side: reject unmasked frames with 1002 (RFC 6455 5.1).  Debian's
    /// libwebsockets 4.1.6 does NOT check this (it accepts unmasked client
    /// frames), so [`ParserConfig::server`] leaves it off.  Client side:
    /// reject masked frames from the server.
    pub require_mask: bool,
    /// Validate text messages (`LWS_SERVER_OPTION_VALIDATE_UTF8`) and close
    /// reasons.
    pub validate_utf8: bool,
    /// Largest piece handed out (the protocol's `rx_buffer_size`); 0 means
    /// no limit besides chunk and frame ends.
    pub max_piece: usize,
    /// Largest message (sum of its frames' payloads); 0 means no limit.
    /// Exceeding it is a 1009 error (not something the oracle does).
    pub max_message: u64,
    /// RSV bits (0x70 of the first header byte) an extension negotiated;
    /// any other RSV bit set is a 1002 error.  RSV1 (0x40) is
    /// permessage-deflate's "compressed" bit (RFC 7692 6.1): allowed only on
    /// the first frame of a text or binary message, which then counts as
    /// compressed ([`Piece::compressed`]; its bytes are not UTF-8 checked
    /// here, the inflated text is).
    pub rsv_allowed: u8,
    /// Stricter than the oracle on close frames: a 1-byte close payload is
    /// answered with 1002 like a bad close code, and a close reason that is
    /// not (complete) valid UTF-8 fails with a 1007 close frame instead of
    /// a silent drop.
    pub strict_close: bool,
}

impl ParserConfig {
    /// Server side with the oracle's defaults (no mask requirement, no UTF-8
    /// validation: turn `validate_utf8` on for
    /// `LWS_SERVER_OPTION_VALIDATE_UTF8`).
    pub fn server(max_piece: usize) -> Self {
        ParserConfig {
            role: Role::Server,
            require_mask: false,
            validate_utf8: false,
            max_piece,
            max_message: 0,
            rsv_allowed: 0,
            strict_close: false,
        }
    }

    /// Client side: frames from the server must not be masked.
    pub fn client(max_piece: usize) -> Self {
        ParserConfig {
            role: Role::Client,
            require_mask: true,
            ..Self::server(max_piece)
        }
    }
}

/// A protocol violation.  The connection is dead: send the close frame
/// [`ProtocolError::code`] / [`ProtocolError::reason`] if
/// [`ProtocolError::sends_close`], else drop the connection without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    /// An RSV bit set that no extension negotiated.
    RsvBits,
    /// Reserved opcode (3-7, 0xb-0xf).
    BadOpcode,
    /// Continuation without a message in progress, or a new text/binary
    /// frame while a fragmented message is in progress.
    BadContinuation,
    /// A control frame without FIN.
    FragmentedControl,
    /// A control frame using the 16- or 64-bit length form (payload > 125);
    /// the oracle drops the connection without a close frame.
    ControlTooLong,
    /// Server side, `require_mask`: the client sent an unmasked frame.
    Unmasked,
    /// Client side, `require_mask`: the server sent a masked frame.
    Masked,
    /// 64-bit length with the most significant bit set.
    BadLength,
    /// Invalid UTF-8 in a text message.
    BadUtf8,
    /// A text message ended inside a UTF-8 sequence.
    PartialUtf8,
    /// Invalid UTF-8 in a close reason (oracle: dropped without close frame).
    BadCloseUtf8,
    /// The message grew beyond `max_message`.
    MessageTooBig,
    /// A compressed (permessage-deflate) message is not valid DEFLATE.
    BadCompressed,
}

impl ProtocolError {
    /// Close code to send.
    pub fn code(self) -> u16 {
        match self {
            ProtocolError::BadUtf8
            | ProtocolError::PartialUtf8
            | ProtocolError::BadCloseUtf8
            | ProtocolError::BadCompressed => {
                status::INVALID_PAYLOAD
            }
            ProtocolError::MessageTooBig => status::MESSAGE_TOO_LARGE,
            _ => status::PROTOCOL_ERR,
        }
    }

    /// Close reason text the oracle sends with it.
    pub fn reason(self) -> &'static [u8] {
        match self {
            ProtocolError::RsvBits => b"rsv bits",
            ProtocolError::BadOpcode => b"bad opc",
            ProtocolError::BadContinuation => b"bad cont",
            ProtocolError::FragmentedControl => b"frag ctl",
            ProtocolError::BadUtf8 => b"bad utf8",
            ProtocolError::PartialUtf8 => b"partial utf8",
            ProtocolError::Unmasked => b"unmasked",
            ProtocolError::Masked => b"masked",
            ProtocolError::BadLength => b"bad len",
            ProtocolError::MessageTooBig => b"too big",
            ProtocolError::BadCompressed => b"inflate error",
            ProtocolError::ControlTooLong | ProtocolError::BadCloseUtf8 => b"",
        }
    }

    /// Whether a close frame is sent before dropping the connection (the
    /// `strict_close` variant of [`ProtocolError::BadCloseUtf8`] is decided by
    /// [`Parser::error_sends_close`]).
    pub fn sends_close(self) -> bool {
        !matches!(
            self,
            ProtocolError::ControlTooLong | ProtocolError::BadCloseUtf8
        )
    }
}

/// What a payload piece is, in libwebsockets terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// `lws_is_first_fragment`: first piece of the message.
    pub first: bool,
    /// `lws_is_final_fragment`: last piece of the message (FIN frame, no
    /// bytes remaining in it).
    pub last: bool,
    /// `lws_frame_is_binary`: the message is binary.
    pub binary: bool,
    /// The message's first frame had RSV1 (permessage-deflate): the data
    /// is compressed.
    pub compressed: bool,
    /// `lws_remaining_packet_payload`: bytes of the current frame still to
    /// come after this piece.
    pub remaining: u64,
    /// First piece of this frame.
    pub frame_first: bool,
    /// The frame has FIN set.
    pub frame_fin: bool,
    /// The frame's opcode (Text, Binary or Continuation).
    pub opcode: OpCode,
}

/// One parser output.  Payload slices are already unmasked.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// A piece of a text/binary message, inside the caller's chunk.
    Data { data: &'a mut [u8], piece: Piece },
    /// A complete ping (answer with a pong carrying the same payload).
    Ping(&'a mut [u8]),
    /// A complete pong.
    Pong(&'a mut [u8]),
    /// A complete close frame.  As the oracle does, a close carrying an
    /// invalid code (<1000, 1004-1006, 1012-2999) has had its code rewritten
    /// to 1002 (the reason is kept) before it gets here; a 1-byte payload
    /// is passed as is unless `strict_close` (the connection layer answers
    /// it with a bare 1002: see `core::conn::wsconn`).
    Close(&'a mut [u8]),
}

/// Is `code` acceptable in a received close frame (the oracle's set:
/// 1000-1003, 1007-1011, 3000-65535)?
pub fn close_code_valid(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1011 | 3000..=u16::MAX)
}

/// Split a close payload into code and reason (no code if shorter than 2).
pub fn close_code_reason(payload: &[u8]) -> (Option<u16>, &[u8]) {
    if payload.len() >= 2 {
        (
            Some(u16::from_be_bytes([payload[0], payload[1]])),
            &payload[2..],
        )
    } else {
        (None, &[])
    }
}

/// libwebsockets' default per-thread service buffer (`pt_serv_buf_size`).
pub const DEFAULT_PT_SERV_BUF_SIZE: usize = 4096;

/// How many bytes the oracle reads from the socket at once for a protocol:
/// `rx_buffer_size + LWS_PRE`, capped at `pt_serv_buf_size` (which is also
/// the read size when `rx_buffer_size` is 0).  Feeding the parser chunks of
/// this size reproduces the oracle's RECEIVE pieces exactly.
pub fn oracle_read_size(rx_buffer_size: usize, pt_serv_buf_size: usize) -> usize {
    if rx_buffer_size == 0 {
        pt_serv_buf_size
    } else {
        (rx_buffer_size + super::LWS_PRE).min(pt_serv_buf_size)
    }
}

/// The `max_piece` to configure for a protocol: `rx_buffer_size`, or
/// `pt_serv_buf_size` when it is 0.
pub fn oracle_max_piece(rx_buffer_size: usize, pt_serv_buf_size: usize) -> usize {
    if rx_buffer_size == 0 {
        pt_serv_buf_size
    } else {
        rx_buffer_size
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    Header,
    Payload,
    Control,
    Failed,
}

/// The incremental parser; one per connection.
#[derive(Clone, Debug)]
pub struct Parser {
    cfg: ParserConfig,
    max_piece: usize,
    st: St,
    hdr: [u8; 14],
    hdr_len: usize,
    // current frame
    fin: bool,
    opcode: OpCode,
    mask: Option<[u8; 4]>,
    mask_off: usize,
    remaining: u64,
    frame_first: bool,
    // current message
    in_message: bool,
    msg_binary: bool,
    msg_compressed: bool,
    msg_first: bool,
    msg_len: u64,
    utf8: Utf8Validator,
    // control frame gathering
    ctrl: [u8; MAX_CONTROL_PAYLOAD],
    ctrl_len: usize,
    error: Option<ProtocolError>,
}

/// XOR `buf` with the 4-byte `mask`, as if `buf` started `offset` bytes into
/// the masked payload.  Works 8 bytes at a time.
pub fn apply_mask(buf: &mut [u8], mask: [u8; 4], offset: usize) {
    if mask == [0; 4] {
        return;
    }
    let m = [
        mask[offset & 3],
        mask[(offset + 1) & 3],
        mask[(offset + 2) & 3],
        mask[(offset + 3) & 3],
    ];
    let m8 = u64::from_ne_bytes([m[0], m[1], m[2], m[3], m[0], m[1], m[2], m[3]]);
    let mut chunks = buf.chunks_exact_mut(8);
    for c in &mut chunks {
        let v = u64::from_ne_bytes((&*c).try_into().unwrap()) ^ m8;
        c.copy_from_slice(&v.to_ne_bytes());
    }
    for (i, b) in chunks.into_remainder().iter_mut().enumerate() {
        *b ^= m[i & 3];
    }
}

impl Parser {
    pub fn new(cfg: ParserConfig) -> Self {
        let max_piece = if cfg.max_piece == 0 {
            usize::MAX
        } else {
            cfg.max_piece
        };
        Parser {
            cfg,
            max_piece,
            st: St::Header,
            hdr: [0; 14],
            hdr_len: 0,
            fin: false,
            opcode: OpCode::Continuation,
            mask: None,
            mask_off: 0,
            remaining: 0,
            frame_first: false,
            in_message: false,
            msg_binary: false,
            msg_compressed: false,
            msg_first: false,
            msg_len: 0,
            utf8: Utf8Validator::new(),
            ctrl: [0; MAX_CONTROL_PAYLOAD],
            ctrl_len: 0,
            error: None,
        }
    }

    pub fn config(&self) -> &ParserConfig {
        &self.cfg
    }

    /// Change the piece limit (e.g. after the protocol was selected).
    pub fn set_max_piece(&mut self, max_piece: usize) {
        self.cfg.max_piece = max_piece;
        self.max_piece = if max_piece == 0 {
            usize::MAX
        } else {
            max_piece
        };
    }

    /// The error that stopped the parser, if any (it then yields nothing).
    pub fn error(&self) -> Option<ProtocolError> {
        self.error
    }

    /// Whether `e` is answered with a close frame under this configuration.
    pub fn error_sends_close(&self, e: ProtocolError) -> bool {
        e.sends_close() || (self.cfg.strict_close && e == ProtocolError::BadCloseUtf8)
    }

    /// A fragmented message is in progress.
    pub fn in_message(&self) -> bool {
        self.in_message
    }

    /// Bytes of the current frame not yet parsed (0 between frames).
    pub fn frame_remaining(&self) -> u64 {
        match self.st {
            St::Payload | St::Control => self.remaining,
            _ => 0,
        }
    }

    /// True between frames (no partial header or payload pending).
    pub fn at_frame_boundary(&self) -> bool {
        self.st == St::Header && self.hdr_len == 0
    }

    /// Parse `buf` (unmasking it in place); iterate the returned cursor.
    pub fn feed<'p, 'b>(&'p mut self, buf: &'b mut [u8]) -> Feed<'p, 'b> {
        Feed {
            parser: self,
            buf,
            pos: 0,
        }
    }

    fn fail(&mut self, e: ProtocolError) -> ProtocolError {
        self.st = St::Failed;
        self.error = Some(e);
        e
    }

    /// Checks possible once the first two header bytes are in.
    fn check_first_two(&mut self) -> Result<(), ProtocolError> {
        let b0 = self.hdr[0];
        let b1 = self.hdr[1];
        if b0 & 0x70 & !self.cfg.rsv_allowed != 0 {
            return Err(ProtocolError::RsvBits);
        }
        let op = OpCode::from_u8(b0 & 0x0f).ok_or(ProtocolError::BadOpcode)?;
        let masked = b1 & 0x80 != 0;
        if self.cfg.require_mask {
            match self.cfg.role {
                Role::Server if !masked => return Err(ProtocolError::Unmasked),
                Role::Client if masked => return Err(ProtocolError::Masked),
                _ => {}
            }
        }
        let fin = b0 & 0x80 != 0;
        if b0 & 0x40 != 0 && (op.is_control() || op == OpCode::Continuation) {
            // the compressed bit belongs on a message's first frame only
            return Err(ProtocolError::RsvBits);
        }
        if op.is_control() {
            if !fin {
                return Err(ProtocolError::FragmentedControl);
            }
            if b1 & 0x7f > 125 {
                return Err(ProtocolError::ControlTooLong);
            }
        } else if op == OpCode::Continuation {
            if !self.in_message {
                return Err(ProtocolError::BadContinuation);
            }
        } else if self.in_message {
            return Err(ProtocolError::BadContinuation);
        }
        self.fin = fin;
        self.opcode = op;
        Ok(())
    }

    #[inline]
    fn header_len(&self) -> usize {
        let b1 = self.hdr[1];
        let ext = match b1 & 0x7f {
            126 => 2,
            127 => 8,
            _ => 0,
        };
        2 + ext + if b1 & 0x80 != 0 { 4 } else { 0 }
    }

    /// The header is complete: decode length and mask, start the frame.
    fn start_frame(&mut self) -> Result<(), ProtocolError> {
        let h = &self.hdr;
        let (len, mpos) = match h[1] & 0x7f {
            126 => (u16::from_be_bytes([h[2], h[3]]) as u64, 4),
            127 => (u64::from_be_bytes(h[2..10].try_into().unwrap()), 10),
            n => (n as u64, 2),
        };
        if len >> 63 != 0 {
            return Err(ProtocolError::BadLength);
        }
        self.mask = if h[1] & 0x80 != 0 {
            Some([h[mpos], h[mpos + 1], h[mpos + 2], h[mpos + 3]])
        } else {
            None
        };
        self.mask_off = 0;
        self.remaining = len;
        self.hdr_len = 0;
        if self.opcode.is_control() {
            self.ctrl_len = 0;
            self.st = St::Control;
            return Ok(());
        }
        if self.opcode != OpCode::Continuation {
            self.in_message = true;
            self.msg_binary = self.opcode == OpCode::Binary;
            self.msg_compressed = self.hdr[0] & 0x40 != 0;
            self.msg_first = true;
            self.msg_len = 0;
            self.utf8.reset();
        }
        self.msg_len = self.msg_len.saturating_add(len);
        if self.cfg.max_message != 0 && self.msg_len > self.cfg.max_message {
            return Err(ProtocolError::MessageTooBig);
        }
        self.frame_first = true;
        self.st = St::Payload;
        Ok(())
    }

    /// Account for a data piece of `n` bytes already unmasked at
    /// `data`; returns its description or a UTF-8 error.
    fn data_piece(&mut self, data: &[u8]) -> Result<Piece, ProtocolError> {
        self.remaining -= data.len() as u64;
        self.mask_off = self.mask_off.wrapping_add(data.len());
        let last = self.fin && self.remaining == 0;
        if !self.msg_binary && !self.msg_compressed && self.cfg.validate_utf8 {
            if self.utf8.feed(data).is_err() {
                return Err(ProtocolError::BadUtf8);
            }
            if last && !self.utf8.is_complete() {
                return Err(ProtocolError::PartialUtf8);
            }
        }
        let piece = Piece {
            first: self.msg_first,
            last,
            binary: self.msg_binary,
            compressed: self.msg_compressed,
            remaining: self.remaining,
            frame_first: self.frame_first,
            frame_fin: self.fin,
            opcode: self.opcode,
        };
        self.msg_first = false;
        self.frame_first = false;
        if self.remaining == 0 {
            self.st = St::Header;
            if self.fin {
                self.in_message = false;
            }
        }
        Ok(piece)
    }

    /// A control frame's payload is complete.
    fn finish_control(&mut self) -> Result<(), ProtocolError> {
        self.st = St::Header;
        if self.opcode != OpCode::Close {
            return Ok(());
        }
        let n = self.ctrl_len;
        let bad_code = match n {
            0 => false,
            1 => self.cfg.strict_close,
            _ => !close_code_valid(u16::from_be_bytes([self.ctrl[0], self.ctrl[1]])),
        };
        if bad_code {
            // only the code is replaced: the oracle keeps the reason (a
            // 1-byte payload, refused in strict mode, becomes a bare 1002)
            self.ctrl[..2].copy_from_slice(&status::PROTOCOL_ERR.to_be_bytes());
            self.ctrl_len = n.max(2);
            return Ok(());
        }
        if n > 2 && self.cfg.validate_utf8 {
            let mut v = Utf8Validator::new();
            let bad = v.feed(&self.ctrl[2..n]).is_err();
            // The oracle accepts a reason that merely stops mid-sequence.
            if bad || (self.cfg.strict_close && !v.is_complete()) {
                return Err(ProtocolError::BadCloseUtf8);
            }
        }
        Ok(())
    }
}

/// Cursor over one chunk; call [`Feed::next`] until it returns `None`
/// (chunk used up, or the parser failed).  You may stop early: the bytes
/// from [`Feed::consumed`] on are not parsed yet and must be fed again
/// later (rx flow control).
pub struct Feed<'p, 'b> {
    parser: &'p mut Parser,
    buf: &'b mut [u8],
    pos: usize,
}

impl Feed<'_, '_> {
    /// Bytes of the chunk parsed so far.
    pub fn consumed(&self) -> usize {
        self.pos
    }

    /// The next event, or `None` when the chunk is exhausted (or the parser
    /// has failed; the error is returned once).
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<Event<'_>, ProtocolError>> {
        let p = &mut *self.parser;
        loop {
            match p.st {
                St::Failed => return None,
                St::Header => {
                    let avail = self.buf.len() - self.pos;
                    if avail == 0 {
                        return None;
                    }
                    if p.hdr_len < 2 {
                        let n = (2 - p.hdr_len).min(avail);
                        p.hdr[p.hdr_len..p.hdr_len + n]
                            .copy_from_slice(&self.buf[self.pos..self.pos + n]);
                        p.hdr_len += n;
                        self.pos += n;
                        if p.hdr_len < 2 {
                            return None;
                        }
                        if let Err(e) = p.check_first_two() {
                            return Some(Err(p.fail(e)));
                        }
                    }
                    let need = p.header_len();
                    let avail = self.buf.len() - self.pos;
                    let n = (need - p.hdr_len).min(avail);
                    p.hdr[p.hdr_len..p.hdr_len + n]
                        .copy_from_slice(&self.buf[self.pos..self.pos + n]);
                    p.hdr_len += n;
                    self.pos += n;
                    if p.hdr_len < need {
                        return None;
                    }
                    if let Err(e) = p.start_frame() {
                        return Some(Err(p.fail(e)));
                    }
                    if p.remaining == 0 {
                        // zero-length frame: deliver it right away
                        if p.st == St::Control {
                            if let Err(e) = p.finish_control() {
                                return Some(Err(p.fail(e)));
                            }
                            return Some(Ok(control_event(p)));
                        }
                        return Some(match p.data_piece(&[]) {
                            Ok(piece) => Ok(Event::Data {
                                data: &mut self.buf[self.pos..self.pos],
                                piece,
                            }),
                            Err(e) => Err(p.fail(e)),
                        });
                    }
                }
                St::Payload => {
                    let avail = self.buf.len() - self.pos;
                    let n = (avail.min(p.max_piece) as u64).min(p.remaining) as usize;
                    if n == 0 {
                        return None;
                    }
                    let start = self.pos;
                    self.pos += n;
                    let data = &mut self.buf[start..start + n];
                    if let Some(m) = p.mask {
                        apply_mask(data, m, p.mask_off);
                    }
                    return Some(match p.data_piece(data) {
                        Ok(piece) => Ok(Event::Data { data, piece }),
                        Err(e) => Err(p.fail(e)),
                    });
                }
                St::Control => {
                    let avail = self.buf.len() - self.pos;
                    let n = (avail as u64).min(p.remaining) as usize;
                    if n == 0 {
                        return None;
                    }
                    let dst = &mut p.ctrl[p.ctrl_len..p.ctrl_len + n];
                    dst.copy_from_slice(&self.buf[self.pos..self.pos + n]);
                    if let Some(m) = p.mask {
                        apply_mask(dst, m, p.mask_off);
                    }
                    p.mask_off += n;
                    p.ctrl_len += n;
                    p.remaining -= n as u64;
                    self.pos += n;
                    if p.remaining == 0 {
                        if let Err(e) = p.finish_control() {
                            return Some(Err(p.fail(e)));
                        }
                        return Some(Ok(control_event(p)));
                    }
                    return None;
                }
            }
        }
    }
}

fn control_event(p: &mut Parser) -> Event<'_> {
    let payload = &mut p.ctrl[..p.ctrl_len];
    match p.opcode {
        OpCode::Ping => Event::Ping(payload),
        OpCode::Pong => Event::Pong(payload),
        _ => Event::Close(payload),
    }
}

/// Owned copy of an event, for tests and simple callers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedEvent {
    Data(Vec<u8>, Piece),
    Ping(Vec<u8>),
    Pong(Vec<u8>),
    Close(Vec<u8>),
    Error(ProtocolError),
}

impl Parser {
    /// Feed a chunk and collect owned events (allocates; convenience for
    /// tests and non-hot paths).
    pub fn feed_collect(&mut self, buf: &mut [u8], out: &mut Vec<OwnedEvent>) {
        let mut f = self.feed(buf);
        while let Some(ev) = f.next() {
            out.push(match ev {
                Ok(Event::Data { data, piece }) => OwnedEvent::Data(data.to_vec(), piece),
                Ok(Event::Ping(d)) => OwnedEvent::Ping(d.to_vec()),
                Ok(Event::Pong(d)) => OwnedEvent::Pong(d.to_vec()),
                Ok(Event::Close(d)) => OwnedEvent::Close(d.to_vec()),
                Err(e) => OwnedEvent::Error(e),
            });
        }
    }
}

/// Fuzz entry point: parse arbitrary bytes in several configurations and
/// chunkings, checking invariants.  Must never panic except on an
/// invariant violation.
pub fn fuzz_parse(data: &[u8]) {
    let mut buf = data.to_vec();
    for (cfg_i, split) in [(0usize, 0usize), (1, 1), (2, 3), (3, 7), (0, 1)] {
        let mut cfg = match cfg_i {
            0 => ParserConfig::server(16),
            1 => ParserConfig::client(5),
            2 => ParserConfig::server(0),
            _ => ParserConfig::server(1),
        };
        cfg.validate_utf8 = cfg_i != 2;
        cfg.strict_close = cfg_i == 3;
        cfg.require_mask = cfg_i == 3 || cfg_i == 1;
        if cfg_i == 3 {
            cfg.max_message = 100;
        }
        let max_piece = cfg.max_piece;
        let mut p = Parser::new(cfg);
        buf.copy_from_slice(data);
        let step = if split == 0 { buf.len().max(1) } else { split };
        for chunk in buf.chunks_mut(step) {
            let mut f = p.feed(chunk);
            while let Some(ev) = f.next() {
                match ev {
                    Ok(Event::Data { data, piece }) => {
                        assert!(max_piece == 0 || data.len() <= max_piece);
                        assert!(!piece.last || piece.remaining == 0);
                    }
                    Ok(Event::Ping(d)) | Ok(Event::Pong(d)) | Ok(Event::Close(d)) => {
                        assert!(d.len() <= MAX_CONTROL_PAYLOAD)
                    }
                    Err(_) => {}
                }
            }
            assert!(f.consumed() <= chunk.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u8 = 1;
    const B: u8 = 2;
    const C: u8 = 0;
    const CL: u8 = 8;
    const PI: u8 = 9;
    const PO: u8 = 10;
    const KEY: [u8; 4] = [0x11, 0x22, 0x33, 0x44];

    /// A client frame as the Python driver built them (always the short
    /// length form when possible).
    fn fr(op: u8, payload: &[u8], fin: bool) -> Vec<u8> {
        frx(op, payload, fin, 0, true, None)
    }

    fn frx(op: u8, payload: &[u8], fin: bool, rsv: u8, mask: bool, lenform: Option<u8>) -> Vec<u8> {
        let n = payload.len();
        let b0 = (if fin { 0x80 } else { 0 }) | (rsv << 4) | op;
        let m = if mask { 0x80 } else { 0 };
        let lf = lenform.unwrap_or(if n < 126 {
            0
        } else if n < 65536 {
            1
        } else {
            2
        });
        let mut v = vec![b0];
        match lf {
            0 => v.push(m | n as u8),
            1 => {
                v.push(m | 126);
                v.extend_from_slice(&(n as u16).to_be_bytes());
            }
            _ => {
                v.push(m | 127);
                v.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        if mask {
            v.extend_from_slice(&KEY);
            v.extend(payload.iter().enumerate().map(|(i, b)| b ^ KEY[i % 4]));
        } else {
            v.extend_from_slice(payload);
        }
        v
    }

    fn cfg16() -> ParserConfig {
        ParserConfig::server(16)
    }

    fn run_chunks(cfg: ParserConfig, chunks: &[Vec<u8>]) -> Vec<OwnedEvent> {
        let mut p = Parser::new(cfg);
        let mut out = Vec::new();
        for c in chunks {
            let mut c = c.clone();
            p.feed_collect(&mut c, &mut out);
        }
        out
    }

    /// Feed `stream` the way the oracle reads it: `read` bytes at a time
    /// (rx_buffer_size + LWS_PRE).
    fn run_reads(cfg: ParserConfig, stream: &[u8], read: usize) -> Vec<OwnedEvent> {
        let chunks: Vec<Vec<u8>> = stream.chunks(read).map(|c| c.to_vec()).collect();
        run_chunks(cfg, &chunks)
    }

    /// (len, first, final, binary, remaining) per piece, as the oracle
    /// server printed them; controls and errors as strings.
    fn summary(ev: &[OwnedEvent]) -> Vec<String> {
        ev.iter()
            .map(|e| match e {
                OwnedEvent::Data(d, p) => format!(
                    "R {} {} {} {} {}",
                    d.len(),
                    p.first as u8,
                    p.last as u8,
                    p.binary as u8,
                    p.remaining
                ),
                OwnedEvent::Ping(d) => format!("PING {:?}", String::from_utf8_lossy(d)),
                OwnedEvent::Pong(d) => format!("PONG {}", d.len()),
                OwnedEvent::Close(d) => format!("CLOSE {d:x?}"),
                OwnedEvent::Error(e) => format!("ERR {e:?}"),
            })
            .collect()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn cat(frames: &[Vec<u8>]) -> Vec<u8> {
        frames.concat()
    }

    #[test]
    fn oracle_single_frames_rx16() {
        let r = |st: Vec<u8>| summary(&run_reads(cfg16(), &st, 32));
        assert_eq!(r(fr(T, b"hello", true)), s(&["R 5 1 1 0 0"]));
        let p40: Vec<u8> = (65..105).collect();
        assert_eq!(
            r(fr(T, &p40, true)),
            s(&["R 16 1 0 0 24", "R 10 0 0 0 14", "R 14 0 1 0 0"])
        );
        assert_eq!(r(fr(B, &[b'x'; 16], true)), s(&["R 16 1 1 1 0"]));
        assert_eq!(
            r(fr(B, &[b'x'; 17], true)),
            s(&["R 16 1 0 1 1", "R 1 0 1 1 0"])
        );
        assert_eq!(
            r(fr(B, &[b'y'; 32], true)),
            s(&["R 16 1 0 1 16", "R 10 0 0 1 6", "R 6 0 1 1 0"])
        );
        assert_eq!(r(fr(T, b"", true)), s(&["R 0 1 1 0 0"]));
        assert_eq!(r(fr(B, b"", true)), s(&["R 0 1 1 1 0"]));
        assert_eq!(
            r(frx(B, &[b'z'; 10], true, 0, true, Some(1))),
            s(&["R 10 1 1 1 0"])
        );
        assert_eq!(
            r(frx(B, &[b'z'; 10], true, 0, true, Some(2))),
            s(&["R 10 1 1 1 0"])
        );
        // payload bytes come out unmasked
        let ev = run_reads(cfg16(), &fr(T, &p40, true), 32);
        let all: Vec<u8> = ev
            .iter()
            .flat_map(|e| match e {
                OwnedEvent::Data(d, _) => d.clone(),
                _ => vec![],
            })
            .collect();
        assert_eq!(all, p40);
    }

    #[test]
    fn oracle_big_frames() {
        let p100: Vec<u8> = (0..100).collect();
        assert_eq!(
            summary(&run_reads(cfg16(), &fr(B, &p100, true), 32)),
            s(&[
                "R 16 1 0 1 84",
                "R 10 0 0 1 74",
                "R 16 0 0 1 58",
                "R 16 0 0 1 42",
                "R 16 0 0 1 26",
                "R 16 0 0 1 10",
                "R 10 0 1 1 0"
            ])
        );
        let p300: Vec<u8> = (0..300).map(|i| i as u8).collect();
        let got = summary(&run_reads(cfg16(), &fr(B, &p300, true), 32));
        assert_eq!(got[0], "R 16 1 0 1 284");
        assert_eq!(got[1], "R 8 0 0 1 276");
        assert_eq!(got[2], "R 16 0 0 1 260");
        assert_eq!(got[got.len() - 2], "R 16 0 0 1 4");
        assert_eq!(got[got.len() - 1], "R 4 0 1 1 0");
        assert_eq!(got.len(), 20);
        // rx_buffer_size 100: the oracle reads 116 bytes at a time
        assert_eq!(
            summary(&run_reads(
                ParserConfig::server(100),
                &fr(B, &p300, true),
                116
            )),
            s(&[
                "R 100 1 0 1 200",
                "R 8 0 0 1 192",
                "R 100 0 0 1 92",
                "R 16 0 0 1 76",
                "R 76 0 1 1 0"
            ])
        );
        let p5000: Vec<u8> = (0..5000).map(|i| i as u8).collect();
        let got = summary(&run_reads(
            ParserConfig::server(100),
            &fr(B, &p5000, true),
            116,
        ));
        assert_eq!(
            got[..4],
            s(&[
                "R 100 1 0 1 4900",
                "R 8 0 0 1 4892",
                "R 100 0 0 1 4792",
                "R 16 0 0 1 4776"
            ])
        );
        assert_eq!(
            got[got.len() - 3..],
            s(&["R 100 0 0 1 36", "R 16 0 0 1 20", "R 20 0 1 1 0"])
        );
    }

    #[test]
    fn oracle_large_buffers() {
        let p: Vec<u8> = (0..10000).map(|i| i as u8).collect();
        let st = fr(B, &p, true);
        let run = |rx: usize| {
            let cfg = ParserConfig::server(oracle_max_piece(rx, DEFAULT_PT_SERV_BUF_SIZE));
            summary(&run_reads(
                cfg,
                &st,
                oracle_read_size(rx, DEFAULT_PT_SERV_BUF_SIZE),
            ))
        };
        let expect = s(&["R 4088 1 0 1 5912", "R 4096 0 0 1 1816", "R 1816 0 1 1 0"]);
        assert_eq!(run(0), expect);
        assert_eq!(run(5000), expect);
        assert_eq!(
            run(4090),
            s(&[
                "R 4088 1 0 1 5912",
                "R 4090 0 0 1 1822",
                "R 6 0 0 1 1816",
                "R 1816 0 1 1 0"
            ])
        );
        assert_eq!(oracle_read_size(16, 4096), 32);
        assert_eq!(oracle_read_size(100, 4096), 116);
    }

    #[test]
    fn oracle_two_frames_one_write() {
        let st = cat(&[fr(B, &[b'a'; 20], true), fr(B, &[b'b'; 20], true)]);
        assert_eq!(
            summary(&run_reads(cfg16(), &st, 32)),
            s(&["R 16 1 0 1 4", "R 4 0 1 1 0", "R 16 1 0 1 4", "R 4 0 1 1 0"])
        );
    }

    #[test]
    fn oracle_bytewise() {
        // the oracle's first read held the header and 15 payload bytes,
        // then one byte per read
        let p40: Vec<u8> = (65..105).collect();
        let st = fr(T, &p40, true);
        let mut chunks = vec![st[..21].to_vec()];
        chunks.extend(st[21..].iter().map(|b| vec![*b]));
        let got = summary(&run_chunks(cfg16(), &chunks));
        assert_eq!(got.len(), 26);
        assert_eq!(got[0], "R 15 1 0 0 25");
        assert_eq!(got[1], "R 1 0 0 0 24");
        assert_eq!(got[25], "R 1 0 1 0 0");
    }

    #[test]
    fn oracle_fragmented() {
        let one = |frames: Vec<Vec<u8>>| summary(&run_chunks(cfg16(), &frames));
        assert_eq!(
            one(vec![
                fr(T, b"abc", false),
                fr(C, b"def", false),
                fr(C, b"ghi", true)
            ]),
            s(&["R 3 1 0 0 0", "R 3 0 0 0 0", "R 3 0 1 0 0"])
        );
        assert_eq!(
            one(vec![
                fr(B, &[b'A'; 20], false),
                fr(C, &[b'B'; 20], false),
                fr(C, &[b'C'; 20], true)
            ]),
            s(&[
                "R 16 1 0 1 4",
                "R 4 0 0 1 0",
                "R 16 0 0 1 4",
                "R 4 0 0 1 0",
                "R 16 0 0 1 4",
                "R 4 0 1 1 0"
            ])
        );
        assert_eq!(
            one(vec![
                fr(T, b"", false),
                fr(C, b"ab", false),
                fr(C, b"", false),
                fr(C, b"", true)
            ]),
            s(&["R 0 1 0 0 0", "R 2 0 0 0 0", "R 0 0 0 0 0", "R 0 0 1 0 0"])
        );
        assert_eq!(
            one(vec![
                fr(T, b"abc", false),
                fr(PI, b"pp", true),
                fr(C, b"def", true)
            ]),
            s(&["R 3 1 0 0 0", "PING \"pp\"", "R 3 0 1 0 0"])
        );
    }

    #[test]
    fn oracle_control_frames() {
        let one = |st: Vec<u8>| summary(&run_chunks(cfg16(), &[st]));
        assert_eq!(
            one(fr(PI, b"hello ping", true)),
            s(&["PING \"hello ping\""])
        );
        assert_eq!(one(fr(PI, b"", true)), s(&["PING \"\""]));
        assert_eq!(one(fr(PO, b"unsolicited", true)), s(&["PONG 11"]));
        assert_eq!(
            one(fr(CL, b"\x03\xe8bye", true)),
            s(&["CLOSE [3, e8, 62, 79, 65]"])
        );
        assert_eq!(one(fr(CL, b"", true)), s(&["CLOSE []"]));
        assert_eq!(one(fr(CL, b"\x03", true)), s(&["CLOSE [3]"]));
        // control frame split byte by byte
        let st = fr(PI, b"split ping", true);
        let chunks: Vec<Vec<u8>> = st.iter().map(|b| vec![*b]).collect();
        assert_eq!(
            summary(&run_chunks(cfg16(), &chunks)),
            s(&["PING \"split ping\""])
        );
    }

    #[test]
    fn oracle_close_codes() {
        for code in 0..=u16::MAX {
            let valid = close_code_valid(code);
            let oracle_valid =
                (1000..=1003).contains(&code) || (1007..=1011).contains(&code) || code >= 3000;
            assert_eq!(valid, oracle_valid, "{code}");
        }
        for (code, echoed) in [
            (0u16, 1002u16),
            (999, 1002),
            (1004, 1002),
            (1005, 1002),
            (1006, 1002),
            (1012, 1002),
            (1015, 1002),
            (1016, 1002),
            (2999, 1002),
            (1000, 1000),
            (1003, 1003),
            (1007, 1007),
            (1011, 1011),
            (3000, 3000),
            (4999, 4999),
            (5000, 5000),
            (65535, 65535),
        ] {
            let mut pl = code.to_be_bytes().to_vec();
            pl.extend_from_slice(b"why");
            let ev = run_chunks(cfg16(), &[fr(CL, &pl, true)]);
            match &ev[..] {
                [OwnedEvent::Close(p)] => {
                    assert_eq!(close_code_reason(p).0, Some(echoed));
                    // an invalid code becomes 1002, the reason stays
                    assert_eq!(close_code_reason(p).1, b"why");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn oracle_protocol_errors() {
        let one = |st: Vec<u8>| run_chunks(cfg16(), &[st]);
        let err = |ev: Vec<OwnedEvent>| match ev.last() {
            Some(OwnedEvent::Error(e)) => *e,
            other => panic!("{other:?}"),
        };
        let e = err(one(frx(T, b"hello", true, 4, true, None)));
        assert_eq!(
            (e, e.code(), e.reason()),
            (ProtocolError::RsvBits, 1002, &b"rsv bits"[..])
        );
        assert_eq!(
            err(one(frx(T, b"hello", true, 1, true, None))),
            ProtocolError::RsvBits
        );
        let e = err(one(fr(3, b"hello", true)));
        assert_eq!((e, e.reason()), (ProtocolError::BadOpcode, &b"bad opc"[..]));
        assert_eq!(err(one(fr(11, b"hello", true))), ProtocolError::BadOpcode);
        let e = err(one(fr(C, b"hello", true)));
        assert_eq!(
            (e, e.reason()),
            (ProtocolError::BadContinuation, &b"bad cont"[..])
        );
        let ev = one(cat(&[fr(T, b"abc", false), fr(T, b"def", true)]));
        assert_eq!(summary(&ev), s(&["R 3 1 0 0 0", "ERR BadContinuation"]));
        let e = err(one(fr(PI, b"abc", false)));
        assert_eq!(
            (e, e.reason(), e.sends_close()),
            (ProtocolError::FragmentedControl, &b"frag ctl"[..], true)
        );
        let e = err(one(fr(PI, &[b'a'; 126], true)));
        assert_eq!((e, e.sends_close()), (ProtocolError::ControlTooLong, false));
        // the oracle rejects the extended length form even for a short ping
        assert_eq!(
            err(one(frx(PI, b"a", true, 0, true, Some(1)))),
            ProtocolError::ControlTooLong
        );
        // after an error the parser stays dead
        let mut p = Parser::new(cfg16());
        let mut out = Vec::new();
        p.feed_collect(&mut fr(3, b"x", true), &mut out);
        p.feed_collect(&mut fr(T, b"x", true), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(p.error(), Some(ProtocolError::BadOpcode));
    }

    #[test]
    fn masking_requirements() {
        // the oracle accepts unmasked client frames
        assert_eq!(
            summary(&run_chunks(
                cfg16(),
                &[frx(T, b"hello", true, 0, false, None)]
            )),
            s(&["R 5 1 1 0 0"])
        );
        let mut strict = cfg16();
        strict.require_mask = true;
        let ev = run_chunks(strict, &[frx(T, b"hello", true, 0, false, None)]);
        assert_eq!(ev, vec![OwnedEvent::Error(ProtocolError::Unmasked)]);
        assert_eq!(ProtocolError::Unmasked.code(), 1002);
        // client side: masked frames from the server are refused
        let ev = run_chunks(ParserConfig::client(16), &[fr(T, b"hello", true)]);
        assert_eq!(ev, vec![OwnedEvent::Error(ProtocolError::Masked)]);
        let ev = run_chunks(
            ParserConfig::client(16),
            &[frx(T, b"hello", true, 0, false, None)],
        );
        assert_eq!(summary(&ev), s(&["R 5 1 1 0 0"]));
        // negotiated extension bits are allowed
        let mut ext = cfg16();
        ext.rsv_allowed = 0x40;
        assert_eq!(
            summary(&run_chunks(ext, &[frx(T, b"hi", true, 4, true, None)])),
            s(&["R 2 1 1 0 0"])
        );
    }

    #[test]
    fn compressed_bit_on_first_frames_only() {
        let mut pmd = utf8cfg();
        pmd.rsv_allowed = 0x40;
        // compressed text is not UTF-8 checked here (its inflation is)
        let ev = run_chunks(pmd.clone(), &[frx(T, b"\xff\xfe", false, 4, true, None), frx(C, b"\xc0", true, 0, true, None)]);
        assert_eq!(summary(&ev), s(&["R 2 1 0 0 0", "R 1 0 1 0 0"]));
        assert!(ev.iter().all(|e| matches!(e, OwnedEvent::Data(_, p) if p.compressed)));
        // an uncompressed message after it is checked again
        let ev = run_chunks(pmd.clone(), &[frx(T, b"\xff", true, 0, true, None)]);
        assert_eq!(summary(&ev), s(&["ERR BadUtf8"]));
        // RSV1 on a continuation or a control frame is a protocol error
        let ev = run_chunks(pmd.clone(), &[frx(T, b"a", false, 4, true, None), frx(C, b"b", true, 4, true, None)]);
        assert_eq!(summary(&ev).last().unwrap(), "ERR RsvBits");
        let ev = run_chunks(pmd, &[frx(9, b"p", true, 4, true, None)]);
        assert_eq!(summary(&ev), s(&["ERR RsvBits"]));
    }

    fn utf8cfg() -> ParserConfig {
        let mut c = cfg16();
        c.validate_utf8 = true;
        c
    }

    #[test]
    fn oracle_utf8_validation() {
        let one = |frames: Vec<Vec<u8>>| summary(&run_chunks(utf8cfg(), &frames));
        assert_eq!(one(vec![fr(T, b"ab\xc0\xafcd", true)]), s(&["ERR BadUtf8"]));
        assert_eq!(ProtocolError::BadUtf8.code(), 1007);
        assert_eq!(ProtocolError::BadUtf8.reason(), b"bad utf8");
        assert_eq!(
            one(vec![fr(T, b"ab\xce", false), fr(C, b"\xbacd", true)]),
            s(&["R 3 1 0 0 0", "R 3 0 1 0 0"])
        );
        assert_eq!(one(vec![fr(T, b"ab\xce", true)]), s(&["ERR PartialUtf8"]));
        assert_eq!(ProtocolError::PartialUtf8.reason(), b"partial utf8");
        let st = fr(T, b"abcdefghijklmnopqrstuvwxyz\xed\xa0\x80xyz", true);
        assert_eq!(
            summary(&run_reads(utf8cfg(), &st, 32)),
            s(&["R 16 1 0 0 16", "R 10 0 0 0 6", "ERR BadUtf8"])
        );
        // binary is not validated
        assert_eq!(one(vec![fr(B, b"ab\xc0\xafcd", true)]), s(&["R 6 1 1 1 0"]));
        // and nothing is validated when the option is off
        assert_eq!(
            summary(&run_chunks(cfg16(), &[fr(T, b"ab\xc0\xafcd", true)])),
            s(&["R 6 1 1 0 0"])
        );
        // close reasons
        let e = run_chunks(utf8cfg(), &[fr(CL, b"\x03\xe8\xff\xfe", true)]);
        assert_eq!(e, vec![OwnedEvent::Error(ProtocolError::BadCloseUtf8)]);
        let p = Parser::new(utf8cfg());
        assert!(!p.error_sends_close(ProtocolError::BadCloseUtf8));
        assert_eq!(
            one(vec![fr(CL, "\x03\u{e8}h\u{e9}".as_bytes(), true)]).len(),
            1
        );
        assert_eq!(
            one(vec![fr(CL, b"\x03\xe8ab\xce", true)]),
            s(&["CLOSE [3, e8, 61, 62, ce]"])
        );
        // strict close handling
        let mut strict = utf8cfg();
        strict.strict_close = true;
        let ev = run_chunks(strict.clone(), &[fr(CL, b"\x03\xe8ab\xce", true)]);
        assert_eq!(ev, vec![OwnedEvent::Error(ProtocolError::BadCloseUtf8)]);
        assert!(Parser::new(strict.clone()).error_sends_close(ProtocolError::BadCloseUtf8));
        let ev = run_chunks(strict, &[fr(CL, b"\x03", true)]);
        assert_eq!(summary(&ev), s(&["CLOSE [3, ea]"]));
        // not strict: the rest as the oracle
        let ev = run_chunks(utf8cfg(), &[fr(CL, b"\x03\xe8ab\xce", true)]);
        assert_eq!(summary(&ev), s(&["CLOSE [3, e8, 61, 62, ce]"]));
        assert!(!Parser::new(utf8cfg()).error_sends_close(ProtocolError::BadCloseUtf8));
        let ev = run_chunks(utf8cfg(), &[fr(CL, b"\x03", true)]);
        assert_eq!(summary(&ev), s(&["CLOSE [3]"]));
    }

    #[test]
    fn max_message_size() {
        let mut c = cfg16();
        c.max_message = 10;
        let ev = run_chunks(c.clone(), &[fr(T, b"0123456789", true)]);
        assert_eq!(ev.len(), 1);
        let ev = run_chunks(c, &[fr(T, b"012345", false), fr(C, b"6789X", true)]);
        assert_eq!(summary(&ev), s(&["R 6 1 0 0 0", "ERR MessageTooBig"]));
        assert_eq!(ProtocolError::MessageTooBig.code(), 1009);
    }

    #[test]
    fn apply_mask_matches_bytewise() {
        let key = [0xde, 0xad, 0xbe, 0xef];
        for off in 0..8 {
            for len in 0..40 {
                let orig: Vec<u8> = (0..len).map(|i| (i * 31 + 7) as u8).collect();
                let mut a = orig.clone();
                apply_mask(&mut a, key, off);
                let b: Vec<u8> = orig
                    .iter()
                    .enumerate()
                    .map(|(i, x)| x ^ key[(i + off) % 4])
                    .collect();
                assert_eq!(a, b);
            }
        }
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// A random valid client stream: messages (some fragmented, with
    /// controls between fragments), valid UTF-8 text.
    fn random_stream(rng: &mut Rng) -> Vec<u8> {
        let mut st = Vec::new();
        for _ in 0..rng.below(5) + 1 {
            let binary = rng.below(2) == 0;
            let nfrag = rng.below(4) + 1;
            for f in 0..nfrag {
                let len = match rng.below(4) {
                    0 => 0,
                    1 => rng.below(20),
                    2 => rng.below(200),
                    _ => rng.below(70000),
                } as usize;
                let payload: Vec<u8> = if binary {
                    (0..len).map(|_| rng.next() as u8).collect()
                } else {
                    "aé€𝄞".repeat(len / 10 + 1).into_bytes()
                };
                let op = if f > 0 {
                    C
                } else if binary {
                    B
                } else {
                    T
                };
                let mut key = [0u8; 4];
                key.iter_mut().for_each(|k| *k = rng.next() as u8);
                let mut v = frx(op, &payload, f + 1 == nfrag, 0, true, None);
                // re-mask with a random key
                let hl = v.len() - payload.len();
                v[hl - 4..hl].copy_from_slice(&key);
                for (i, b) in v[hl..].iter_mut().enumerate() {
                    *b = payload[i] ^ key[i % 4];
                }
                st.extend_from_slice(&v);
                if rng.below(3) == 0 {
                    st.extend_from_slice(&fr(PI, b"ping!", true));
                }
            }
        }
        st.extend_from_slice(&fr(CL, b"\x03\xe8bye", true));
        st
    }

    /// Events with data pieces merged per message (what must not depend on
    /// chunking).
    fn logical(ev: &[OwnedEvent], max_piece: usize) -> Vec<OwnedEvent> {
        let mut out: Vec<OwnedEvent> = Vec::new();
        let mut cur: Option<(Vec<u8>, Piece)> = None;
        let mut in_msg = false;
        for e in ev {
            match e {
                OwnedEvent::Data(d, p) => {
                    assert!(max_piece == 0 || d.len() <= max_piece);
                    assert_eq!(p.first, !in_msg, "first flag");
                    in_msg = !p.last;
                    match &mut cur {
                        Some((buf, piece)) => {
                            buf.extend_from_slice(d);
                            piece.last = p.last;
                        }
                        None => cur = Some((d.clone(), *p)),
                    }
                    if p.last {
                        let (b, mut pc) = cur.take().unwrap();
                        pc.remaining = 0;
                        pc.frame_fin = true;
                        out.push(OwnedEvent::Data(b, pc));
                    }
                }
                other => out.push(other.clone()),
            }
        }
        assert!(cur.is_none());
        out
    }

    #[test]
    fn property_any_split_same_events() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..12 {
            let st = random_stream(&mut rng);
            let mut c = utf8cfg();
            c.max_piece = if round % 2 == 0 { 16 } else { 0 };
            let reference = logical(
                &run_chunks(c.clone(), std::slice::from_ref(&st)),
                c.max_piece,
            );
            assert!(matches!(reference.last(), Some(OwnedEvent::Close(_))));
            // fixed chunk sizes
            for size in [1usize, 2, 3, 5, 7, 13, 31, 32, 116, 4096] {
                let got = logical(&run_reads(c.clone(), &st, size), c.max_piece);
                assert_eq!(got, reference, "chunk size {size}");
            }
            // every two-way split point of a small prefix region
            if st.len() < 3000 {
                for cut in 0..=st.len() {
                    let got = logical(
                        &run_chunks(c.clone(), &[st[..cut].to_vec(), st[cut..].to_vec()]),
                        c.max_piece,
                    );
                    assert_eq!(got, reference, "cut {cut}");
                }
            }
            // random chunking
            let mut chunks = Vec::new();
            let mut i = 0;
            while i < st.len() {
                let n = (rng.below(300) as usize + 1).min(st.len() - i);
                chunks.push(st[i..i + n].to_vec());
                i += n;
            }
            assert_eq!(
                logical(&run_chunks(c.clone(), &chunks), c.max_piece),
                reference
            );
        }
    }

    #[test]
    fn every_split_of_small_stream() {
        let st = cat(&[
            fr(T, "héllo".as_bytes(), false),
            fr(PI, b"p", true),
            fr(C, b"", false),
            fr(C, &[b'w'; 130], true),
            fr(B, b"", true),
            fr(PO, b"", true),
            fr(CL, b"\x03\xe8", true),
        ]);
        let reference = logical(&run_chunks(utf8cfg(), std::slice::from_ref(&st)), 16);
        assert_eq!(reference.len(), 5);
        for a in 0..=st.len() {
            for b in a..=st.len() {
                let chunks = vec![st[..a].to_vec(), st[a..b].to_vec(), st[b..].to_vec()];
                assert_eq!(
                    logical(&run_chunks(utf8cfg(), &chunks), 16),
                    reference,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        let mut rng = Rng(42);
        for _ in 0..3000 {
            let len = rng.below(64) as usize;
            let v: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            fuzz_parse(&v);
        }
        // mutated valid streams
        for _ in 0..300 {
            let mut st = random_stream(&mut rng);
            st.truncate(2000);
            for _ in 0..rng.below(4) + 1 {
                let i = rng.below(st.len() as u64) as usize;
                st[i] = rng.next() as u8;
            }
            fuzz_parse(&st);
        }
        fuzz_parse(&[]);
        fuzz_parse(&[0xff; 14]);
        fuzz_parse(&[
            0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4,
        ]);
    }

    #[test]
    fn stop_early_and_resume() {
        // consumer stops after the first event; the rest is fed again later
        let st = cat(&[fr(T, b"abc", true), fr(T, b"def", true)]);
        let mut p = Parser::new(cfg16());
        let mut buf = st.clone();
        let consumed = {
            let mut f = p.feed(&mut buf);
            assert!(matches!(f.next(), Some(Ok(Event::Data { .. }))));
            f.consumed()
        };
        assert_eq!(consumed, 9);
        let mut rest = st[consumed..].to_vec();
        let mut out = Vec::new();
        p.feed_collect(&mut rest, &mut out);
        assert_eq!(summary(&out), s(&["R 3 1 1 0 0"]));
        assert!(p.at_frame_boundary());
    }
}
