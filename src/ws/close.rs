//! Close handshake state machine (socket-free).
//!
//! Behaviour recorded from Debian's libwebsockets 4.1.6 (docs/oracle-ws-frames.md):
//! - Peer sends close: the (possibly sanitised, see `frame::Event::Close`)
//!   payload is echoed back verbatim, then the TCP connection is closed at
//!   once.
//! - User callback returns -1 after `lws_close_reason`: that close frame is
//!   sent, then we wait for the peer's close (incoming data and pings are
//!   ignored meanwhile) and drop the connection when it arrives, or after
//!   [`CLOSE_ACK_TIMEOUT`] (5 s, independent of `timeout_secs`).
//! - User callback returns -1 without `lws_close_reason`: the connection is
//!   dropped without any close frame.
//! - Protocol error: the error's close frame is sent (or nothing for the
//!   errors that drop silently) and everything the peer sends afterwards is
//!   ignored, even its close; the connection is dropped after
//!   [`CLOSE_ACK_TIMEOUT`].

use std::time::{Duration, Instant};

use super::encode::close_payload;
use super::frame::ProtocolError;
use super::MAX_CONTROL_PAYLOAD;

/// How long the oracle waits for the peer's close after sending its own.
pub const CLOSE_ACK_TIMEOUT: Duration = Duration::from_secs(5);

/// A close frame payload (code + reason, or empty, at most 125 bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ClosePayload {
    buf: [u8; MAX_CONTROL_PAYLOAD],
    len: u8,
}

impl std::fmt::Debug for ClosePayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClosePayload({:?})", self.as_bytes())
    }
}

impl ClosePayload {
    /// Code + reason (reason truncated to 123 bytes like `lws_close_reason`).
    pub fn new(code: u16, reason: &[u8]) -> Self {
        let mut buf = [0u8; MAX_CONTROL_PAYLOAD];
        let len = close_payload(code, reason, &mut buf) as u8;
        ClosePayload { buf, len }
    }

    /// A payload taken verbatim (truncated to 125 bytes).
    pub fn raw(payload: &[u8]) -> Self {
        let n = payload.len().min(MAX_CONTROL_PAYLOAD);
        let mut buf = [0u8; MAX_CONTROL_PAYLOAD];
        buf[..n].copy_from_slice(&payload[..n]);
        ClosePayload { buf, len: n as u8 }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }

    pub fn code(&self) -> Option<u16> {
        (self.len >= 2).then(|| u16::from_be_bytes([self.buf[0], self.buf[1]]))
    }
}

/// What the connection layer must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseAction {
    /// Nothing.
    None,
    /// Send a close frame with this payload, then close the TCP connection
    /// at once (answer to the peer's close).
    SendAndDrop(ClosePayload),
    /// Send a close frame with this payload, then wait for the peer's close
    /// or the deadline ([`CloseHandshake::deadline`]).
    SendAndWait(ClosePayload),
    /// Close the TCP connection without sending a close frame.
    Drop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseState {
    /// Normal operation.
    Open,
    /// We sent a close (user request); parse input, ignore all but the
    /// peer's close.
    AwaitingAck,
    /// We sent a close after a protocol error; ignore all input.
    Failed,
    /// Done: the connection is (to be) closed.
    Closed,
}

/// Per-connection close handshake.
#[derive(Clone, Debug)]
pub struct CloseHandshake {
    state: CloseState,
    reason: Option<ClosePayload>,
    deadline: Option<Instant>,
}

impl Default for CloseHandshake {
    fn default() -> Self {
        Self::new()
    }
}

impl CloseHandshake {
    pub fn new() -> Self {
        CloseHandshake {
            state: CloseState::Open,
            reason: None,
            deadline: None,
        }
    }

    pub fn state(&self) -> CloseState {
        self.state
    }

    /// When to give up waiting for the peer's close.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Received data messages are delivered to the user only while open.
    pub fn delivers_data(&self) -> bool {
        self.state == CloseState::Open
    }

    /// Pings are answered only while open.
    pub fn answers_ping(&self) -> bool {
        self.state == CloseState::Open
    }

    /// Whether incoming bytes should still be run through the parser.
    pub fn parses_input(&self) -> bool {
        matches!(self.state, CloseState::Open | CloseState::AwaitingAck)
    }

    /// `lws_close_reason`: remember what to send when the user closes.
    pub fn set_close_reason(&mut self, code: u16, reason: &[u8]) {
        self.reason = Some(ClosePayload::new(code, reason));
    }

    /// The close payload set by [`Self::set_close_reason`], if any.
    pub fn close_reason(&self) -> Option<&ClosePayload> {
        self.reason.as_ref()
    }

    /// The peer's close frame arrived (payload as given by the parser).
    pub fn on_peer_close(&mut self, payload: &[u8]) -> CloseAction {
        match self.state {
            CloseState::Open => {
                self.state = CloseState::Closed;
                CloseAction::SendAndDrop(ClosePayload::raw(payload))
            }
            CloseState::AwaitingAck => {
                self.state = CloseState::Closed;
                self.deadline = None;
                CloseAction::Drop
            }
            CloseState::Failed | CloseState::Closed => CloseAction::None,
        }
    }

    /// The parser reported `err`; `sends_close` is
    /// `Parser::error_sends_close(err)`.
    pub fn on_protocol_error(
        &mut self,
        err: ProtocolError,
        sends_close: bool,
        now: Instant,
    ) -> CloseAction {
        if self.state != CloseState::Open {
            return CloseAction::None;
        }
        if sends_close {
            self.state = CloseState::Failed;
            self.deadline = Some(now + CLOSE_ACK_TIMEOUT);
            CloseAction::SendAndWait(ClosePayload::new(err.code(), err.reason()))
        } else {
            self.state = CloseState::Closed;
            CloseAction::Drop
        }
    }

    /// The user callback returned nonzero (asked to close).
    pub fn on_user_close(&mut self, now: Instant) -> CloseAction {
        if self.state != CloseState::Open {
            return CloseAction::None;
        }
        match self.reason.take() {
            Some(p) => {
                self.state = CloseState::AwaitingAck;
                self.deadline = Some(now + CLOSE_ACK_TIMEOUT);
                CloseAction::SendAndWait(p)
            }
            None => {
                self.state = CloseState::Closed;
                CloseAction::Drop
            }
        }
    }

    /// Check the deadline.
    pub fn on_tick(&mut self, now: Instant) -> CloseAction {
        match self.deadline {
            Some(d) if now >= d => {
                self.deadline = None;
                self.state = CloseState::Closed;
                CloseAction::Drop
            }
            _ => CloseAction::None,
        }
    }

    /// The TCP connection went away.
    pub fn on_hangup(&mut self) {
        self.state = CloseState::Closed;
        self.deadline = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_close_is_echoed_and_dropped() {
        let mut c = CloseHandshake::new();
        let a = c.on_peer_close(b"\x03\xe8bye");
        assert_eq!(
            a,
            CloseAction::SendAndDrop(ClosePayload::raw(b"\x03\xe8bye"))
        );
        assert_eq!(c.state(), CloseState::Closed);
        let mut c = CloseHandshake::new();
        match c.on_peer_close(b"") {
            CloseAction::SendAndDrop(p) => assert_eq!(p.as_bytes(), b""),
            a => panic!("{a:?}"),
        }
        // oracle echoes a 1-byte payload as is
        let mut c = CloseHandshake::new();
        match c.on_peer_close(b"\x03") {
            CloseAction::SendAndDrop(p) => assert_eq!(p.as_bytes(), b"\x03"),
            a => panic!("{a:?}"),
        }
    }

    #[test]
    fn user_close_without_reason_drops() {
        let now = Instant::now();
        let mut c = CloseHandshake::new();
        assert_eq!(c.on_user_close(now), CloseAction::Drop);
        assert!(!c.parses_input());
    }

    #[test]
    fn user_close_with_reason_waits_for_ack() {
        let now = Instant::now();
        let mut c = CloseHandshake::new();
        c.set_close_reason(1001, b"abcde");
        match c.on_user_close(now) {
            CloseAction::SendAndWait(p) => {
                assert_eq!(p.as_bytes(), b"\x03\xe9abcde");
                assert_eq!(p.code(), Some(1001));
            }
            a => panic!("{a:?}"),
        }
        assert_eq!(c.state(), CloseState::AwaitingAck);
        assert!(c.parses_input() && !c.delivers_data() && !c.answers_ping());
        assert_eq!(c.on_tick(now + Duration::from_secs(4)), CloseAction::None);
        assert_eq!(c.on_peer_close(b""), CloseAction::Drop);
        assert_eq!(c.state(), CloseState::Closed);
    }

    #[test]
    fn user_close_times_out() {
        let now = Instant::now();
        let mut c = CloseHandshake::new();
        c.set_close_reason(1000, b"");
        assert!(matches!(c.on_user_close(now), CloseAction::SendAndWait(_)));
        assert_eq!(c.deadline(), Some(now + CLOSE_ACK_TIMEOUT));
        assert_eq!(c.on_tick(now + CLOSE_ACK_TIMEOUT), CloseAction::Drop);
    }

    #[test]
    fn protocol_error_close_ignores_peer() {
        let now = Instant::now();
        let mut c = CloseHandshake::new();
        match c.on_protocol_error(ProtocolError::RsvBits, true, now) {
            CloseAction::SendAndWait(p) => assert_eq!(p.as_bytes(), b"\x03\xearsv bits"),
            a => panic!("{a:?}"),
        }
        assert!(!c.parses_input());
        assert_eq!(c.on_peer_close(b"\x03\xea"), CloseAction::None);
        assert_eq!(c.on_tick(now + CLOSE_ACK_TIMEOUT), CloseAction::Drop);
        let mut c = CloseHandshake::new();
        assert_eq!(
            c.on_protocol_error(ProtocolError::ControlTooLong, false, now),
            CloseAction::Drop
        );
    }

    #[test]
    fn long_reason_truncated() {
        let r = [b'x'; 300];
        assert_eq!(ClosePayload::new(4000, &r).as_bytes().len(), 125);
        assert_eq!(ClosePayload::raw(&r).as_bytes().len(), 125);
    }
}
