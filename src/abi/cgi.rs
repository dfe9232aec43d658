//! C-ABI types and constants of `libwebsockets/lws-cgi.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::cgi`.

use core::ffi::*;
use crate::core::lws;

/// CGI stdio channel index.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_enum_stdinouterr {
    LWS_STDIN = 0,
    LWS_STDOUT = 1,
    LWS_STDERR = 2,
}

/// `enum lws_enum_stdinouterr` as stored by C.
pub type E_lws_enum_stdinouterr = c_int;

/// Where the CGI header parser is.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_cgi_hdr_state {
    LCHS_HEADER,
    LCHS_CR1,
    LCHS_LF1,
    LCHS_CR2,
    LCHS_LF2,
    LHCS_RESPONSE,
    LHCS_DUMP_HEADERS,
    LHCS_PAYLOAD,
    LCHS_SINGLE_0A,
}

/// `enum lws_cgi_hdr_state` as stored by C.
pub type E_lws_cgi_hdr_state = c_int;

/// The `in` argument of the CGI callbacks.
#[repr(C)]
#[derive(Debug)]
pub struct lws_cgi_args {
    /// The three stdio connections.
    pub stdwsi: *mut *mut lws,
    /// Which channel this is about.
    pub ch: E_lws_enum_stdinouterr,
    /// Payload, for callbacks carrying data.
    pub data: *mut c_uchar,
    /// Header parser state.
    pub hdr_state: E_lws_cgi_hdr_state,
    /// Payload length.
    pub len: c_int,
}

