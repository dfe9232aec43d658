//! Socket-free WebSocket protocol layer (RFC 6455), shaped after what
//! Debian's libwebsockets 4.1.6 observably does: the recorded transcripts
//! are in `docs/oracle-ws-frames.md`, the probes that recorded them in
//! `tools/oracle/ws/`.
//!
//! - [`frame`]: incremental frame parser (server or client side), unmasking
//!   in place and delivering payload in pieces of at most `rx_buffer_size`.
//! - [`utf8`]: incremental fail-fast UTF-8 validator.
//! - [`encode`]: frame headers written into the headroom before a payload
//!   (the `LWS_PRE` way), close payload construction.
//! - [`close`]: the close handshake state machine.
//!
//! Nothing here touches sockets, FFI or callbacks, so it is unit-tested
//! and fuzzed directly ([`fuzz_parse`]).

pub mod close;
pub mod encode;
pub mod frame;
pub mod utf8;

pub use frame::fuzz_parse;

/// WebSocket opcodes (RFC 6455 section 5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum OpCode {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
}

impl OpCode {
    /// Map a 4-bit opcode; reserved values (3-7, 0xb-0xf) give `None`.
    pub fn from_u8(v: u8) -> Option<OpCode> {
        Some(match v {
            0x0 => OpCode::Continuation,
            0x1 => OpCode::Text,
            0x2 => OpCode::Binary,
            0x8 => OpCode::Close,
            0x9 => OpCode::Ping,
            0xa => OpCode::Pong,
            _ => return None,
        })
    }

    pub fn is_control(self) -> bool {
        (self as u8) & 0x8 != 0
    }
}

/// Close status codes used by this layer (values of `enum lws_close_status`).
pub mod status {
    pub const NORMAL: u16 = 1000;
    pub const GOINGAWAY: u16 = 1001;
    pub const PROTOCOL_ERR: u16 = 1002;
    pub const UNACCEPTABLE_OPCODE: u16 = 1003;
    pub const INVALID_PAYLOAD: u16 = 1007;
    pub const POLICY_VIOLATION: u16 = 1008;
    pub const MESSAGE_TOO_LARGE: u16 = 1009;
    pub const EXTENSION_REQUIRED: u16 = 1010;
    pub const UNEXPECTED_CONDITION: u16 = 1011;
}

/// `LWS_PRE`: headroom the caller leaves before a payload for the header.
pub const LWS_PRE: usize = 16;

/// Largest control frame payload.
pub const MAX_CONTROL_PAYLOAD: usize = 125;
