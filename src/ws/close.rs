//! The WebSocket close handshake (socket-free): the state the connection
//! keeps and what it must do on each close event.
//!
//! Behaviour recorded from Debian's libwebsockets 4.1.6 (docs/oracle-ws-frames.md,
//! docs/oracle-connections.md), with the differences of docs/deviations.md:
//! - The peer sends a close while open: its payload is echoed back (a
//!   1-byte payload, which has no room for a code, is answered with a
//!   bare 1002), then the TCP connection is closed.
//! - The user's callback returns nonzero after `lws_close_reason`: that
//!   close frame is sent and the peer's close awaited (received data is
//!   no longer delivered, pings no longer answered); without a reason the
//!   connection is dropped without a close frame.
//! - A protocol error whose answer is a close frame: the frame is sent and
//!   the connection waits in the failed state (input parsed and ignored)
//!   for the peer's close or EOF; the other errors drop the connection.
//! - Once our close is out (awaiting or failed), anything that closes
//!   drops the connection.
//!
//! The timer of the wait (5 s, [`CLOSE_ACK_TIMEOUT_SECS`]) is the
//! connection's.

use super::frame::ProtocolError;
use super::encode::close_payload;
use super::MAX_CONTROL_PAYLOAD;

/// How long the oracle waits for the peer's close after sending its own.
pub const CLOSE_ACK_TIMEOUT_SECS: i32 = 5;

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

/// What the connection must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseAction {
    /// Send a close frame with this payload, then close the TCP connection
    /// (answer to the peer's close).
    SendAndDrop(ClosePayload),
    /// Send a close frame with this payload, then wait for the peer's
    /// close (or the timer).
    SendAndWait(ClosePayload),
    /// Close the TCP connection without sending a close frame.
    Drop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseState {
    /// Normal operation.
    Open,
    /// Our close (the user's) is sent or queued: waiting for the peer's.
    AwaitingAck,
    /// Our close after a protocol error is sent: input is ignored.
    Failed,
    /// The connection is being dropped.
    Closed,
}

/// The close handshake of one WebSocket connection.
#[derive(Clone, Copy, Debug)]
pub struct CloseHandshake {
    state: CloseState,
    reason: Option<ClosePayload>,
}

impl Default for CloseHandshake {
    fn default() -> Self {
        Self::new()
    }
}

impl CloseHandshake {
    pub const fn new() -> Self {
        CloseHandshake { state: CloseState::Open, reason: None }
    }

    pub fn state(&self) -> CloseState {
        self.state
    }

    /// Received data messages (and pongs) reach the user only while open.
    pub fn delivers_data(&self) -> bool {
        self.state == CloseState::Open
    }

    /// Pings are answered only while open.
    pub fn answers_ping(&self) -> bool {
        self.state == CloseState::Open
    }

    /// Our close frame is out (or queued): nothing more may be sent but
    /// what the handshake itself sends.
    pub fn close_sent(&self) -> bool {
        matches!(self.state, CloseState::AwaitingAck | CloseState::Failed)
    }

    /// `lws_close_reason`: what to send when the user closes.
    pub fn set_close_reason(&mut self, payload: ClosePayload) {
        self.reason = Some(payload);
    }

    /// The peer's close frame arrived (payload as the parser gives it).
    pub fn on_peer_close(&mut self, payload: &[u8]) -> CloseAction {
        let was = core::mem::replace(&mut self.state, CloseState::Closed);
        if was != CloseState::Open {
            return CloseAction::Drop;
        }
        // a 1-byte payload has no room for a code (RFC 6455 5.5.1): the
        // answer is a bare 1002 where the oracle echoes the byte
        // (docs/deviations.md, Autobahn 7.3.2)
        if payload.len() == 1 {
            CloseAction::SendAndDrop(ClosePayload::raw(&super::status::PROTOCOL_ERR.to_be_bytes()))
        } else {
            CloseAction::SendAndDrop(ClosePayload::raw(payload))
        }
    }

    /// The parser reported `err`.
    pub fn on_protocol_error(&mut self, err: ProtocolError) -> CloseAction {
        if self.state == CloseState::Open && err.sends_close() {
            self.state = CloseState::Failed;
            return CloseAction::SendAndWait(ClosePayload::new(err.code(), err.reason()));
        }
        self.state = CloseState::Closed;
        CloseAction::Drop
    }

    /// The user's callback returned nonzero (asked to close).
    pub fn on_user_close(&mut self) -> CloseAction {
        if self.state == CloseState::Open {
            if let Some(p) = self.reason.take() {
                self.state = CloseState::AwaitingAck;
                return CloseAction::SendAndWait(p);
            }
        }
        self.state = CloseState::Closed;
        CloseAction::Drop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_close_is_echoed_and_dropped() {
        let mut c = CloseHandshake::new();
        assert_eq!(c.on_peer_close(b"\x03\xe8bye"), CloseAction::SendAndDrop(ClosePayload::raw(b"\x03\xe8bye")));
        assert_eq!(c.state(), CloseState::Closed);
        let mut c = CloseHandshake::new();
        assert_eq!(c.on_peer_close(b""), CloseAction::SendAndDrop(ClosePayload::raw(b"")));
        // a 1-byte payload: a bare 1002 (the oracle echoes the byte)
        let mut c = CloseHandshake::new();
        assert_eq!(c.on_peer_close(b"\x03"), CloseAction::SendAndDrop(ClosePayload::raw(b"\x03\xea")));
    }

    #[test]
    fn user_close_without_reason_drops() {
        let mut c = CloseHandshake::new();
        assert_eq!(c.on_user_close(), CloseAction::Drop);
        assert_eq!(c.state(), CloseState::Closed);
    }

    #[test]
    fn user_close_with_reason_waits_for_the_peer() {
        let mut c = CloseHandshake::new();
        c.set_close_reason(ClosePayload::new(1001, b"bye"));
        assert_eq!(c.on_user_close(), CloseAction::SendAndWait(ClosePayload::new(1001, b"bye")));
        assert_eq!(c.state(), CloseState::AwaitingAck);
        assert!(c.close_sent() && !c.delivers_data() && !c.answers_ping());
        // the peer's close ends it without a second close frame
        assert_eq!(c.on_peer_close(b"\x03\xe9"), CloseAction::Drop);
        assert_eq!(c.state(), CloseState::Closed);
    }

    #[test]
    fn protocol_error_fails_or_drops() {
        let mut c = CloseHandshake::new();
        let e = ProtocolError::BadOpcode;
        let a = c.on_protocol_error(e);
        if e.sends_close() {
            assert_eq!(a, CloseAction::SendAndWait(ClosePayload::new(e.code(), e.reason())));
            assert_eq!(c.state(), CloseState::Failed);
            assert!(c.close_sent());
            // a second error, or the user closing, now drops
            assert_eq!(c.on_user_close(), CloseAction::Drop);
        } else {
            assert_eq!(a, CloseAction::Drop);
        }
        // an error after our own close: dropped
        let mut c = CloseHandshake::new();
        c.set_close_reason(ClosePayload::new(1000, b""));
        c.on_user_close();
        assert_eq!(c.on_protocol_error(e), CloseAction::Drop);
    }
}
