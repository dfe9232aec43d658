//! Socket-free permessage-deflate (RFC 7692): the negotiation of the
//! extension over `Sec-WebSocket-Extensions` header values and the
//! per-message codec.  Nothing here is wired into connections yet (issue
//! 13); the connection code will call these pure functions from its
//! handshake and frame paths.
//!
//! - [`negotiate`]: parsing an extensions header into offers, the
//!   server's answer (mirroring what Debian's libwebsockets 4.1.6 sends
//!   byte for byte, see the oracle transcript in its tests) and the
//!   client's offer and check of the server's answer.
//! - [`codec`]: [`Deflater`] and [`Inflater`], bytes in, bytes out, fed a
//!   message in any fragmentation, with context takeover, window bits and
//!   a bound on what one compressed message may inflate to.
//!
//! Nothing here touches sockets, FFI or callbacks, so it is unit-tested
//! directly.

pub mod codec;
pub mod negotiate;

pub use codec::{CodecError, Deflater, Inflater};
pub use negotiate::{
    client_check_response, client_offer, client_offer_params, parse_extensions, parse_offer,
    server_answer, Agreed, ClientBits, Extension, NegotiationError, PmdParams, ServerAnswer,
};

/// The extension's registered name.
pub const NAME: &str = "permessage-deflate";

/// The four octets a sync flush ends with, which the sender strips from
/// each message and the receiver appends again (RFC 7692 section 7.2.1).
pub const TAIL: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

/// The knobs libwebsockets' `lws_extension_callback_pm_deflate` exposes as
/// extension options (`compression_level`, `rx_buf_size`, the window bits
/// and the two no-context-takeover flags), with its defaults.  One struct
/// serves both sides: a server reads it as what it is willing to do, a
/// client as what it offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// zlib compression level, 0..=9 (libwebsockets' default is 1).
    pub compression_level: u32,
    /// Largest LZ77 window (log2) the server compresses with, 8..=15.
    pub server_max_window_bits: u8,
    /// Largest LZ77 window (log2) the client compresses with, 8..=15.
    pub client_max_window_bits: u8,
    /// The server resets its compressor after each message.
    pub server_no_context_takeover: bool,
    /// The client resets its compressor after each message.
    pub client_no_context_takeover: bool,
    /// How much inflated payload one receive step hands on at most
    /// (libwebsockets' `rx_buf_size`, default 1024).
    pub rx_buf_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            compression_level: 1,
            server_max_window_bits: 15,
            client_max_window_bits: 15,
            server_no_context_takeover: false,
            client_no_context_takeover: false,
            rx_buf_size: 1024,
        }
    }
}

/// The window bits zlib can actually run with: deflate has no 256-byte
/// window, so 8 becomes 9, as zlib itself does for 8 (and as libwebsockets
/// does for `client_max_window_bits=8`).  A 9-bit inflater decodes every
/// stream an 8-bit compressor can produce, so this stays within the RFC.
pub(crate) fn zlib_bits(bits: u8) -> u8 {
    bits.clamp(9, 15)
}
