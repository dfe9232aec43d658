//! C-ABI types and constants of `libwebsockets/lws-write.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::write`.

use core::ffi::*;
use crate::core::lws;

/// What `lws_write` sends: a frame or HTTP body type in the low bits,
/// or'ed with flags.  (`LWS_WRITE_CLIENT_IGNORE_XOR_MASK`, which shares
/// the value of `LWS_WRITE_H2_STREAM_END`, is a macro in the header.)
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_write_protocol {
    LWS_WRITE_TEXT = 0,
    LWS_WRITE_BINARY = 1,
    LWS_WRITE_CONTINUATION = 2,
    LWS_WRITE_HTTP = 3,
    LWS_WRITE_PING = 5,
    LWS_WRITE_PONG = 6,
    LWS_WRITE_HTTP_FINAL = 7,
    LWS_WRITE_HTTP_HEADERS = 8,
    LWS_WRITE_HTTP_HEADERS_CONTINUATION = 9,
    LWS_WRITE_BUFLIST = 0x20,
    LWS_WRITE_NO_FIN = 0x40,
    LWS_WRITE_H2_STREAM_END = 0x80,
}

/// The bits of an `lws_write` protocol that give its kind (the
/// [`lws_write_protocol`] value); the bits above are [`WriteFlags`].
pub(crate) const WRITE_KIND_MASK: c_int = 0x1f;

/// By-value form of `enum lws_write_protocol` (flags are or'ed in).
pub type E_lws_write_protocol = c_int;

/// Argument of `LWS_CALLBACK_CHILD_WRITE_VIA_PARENT`.
#[repr(C)]
#[derive(Debug)]
pub struct lws_write_passthru {
    pub wsi: *mut lws,
    pub buf: *mut c_uchar,
    pub len: usize,
    pub wp: E_lws_write_protocol,
}

bitflags::bitflags! {
    /// The flag bits or'ed into an `lws_write` protocol (the low bits are
    /// the [`lws_write_protocol`] kind).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
    pub struct WriteFlags: c_int {
        const BUFLIST = lws_write_protocol::LWS_WRITE_BUFLIST as c_int;
        const NO_FIN = lws_write_protocol::LWS_WRITE_NO_FIN as c_int;
        const H2_STREAM_END = lws_write_protocol::LWS_WRITE_H2_STREAM_END as c_int;
        /// `LWS_WRITE_CLIENT_IGNORE_XOR_MASK` (a macro: the value of
        /// `H2_STREAM_END`, meaning "do not mask" on a client ws frame).
        const CLIENT_IGNORE_XOR_MASK = lws_write_protocol::LWS_WRITE_H2_STREAM_END as c_int;
    }
}
