//! C-ABI types and constants of `libwebsockets/lws-tokenize.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::tokenize`.

use core::ffi::*;

/// `lws_tokenize_elem` (declared in the hand-written header).
pub type E_lws_tokenize_elem = c_int;

/// Comma-list tracking state (`lws_tokenize.delim`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_tokenize_delimiter_tracking {
    LWSTZ_DT_NEED_FIRST_CONTENT,
    LWSTZ_DT_NEED_DELIM,
    LWSTZ_DT_NEED_NEXT_CONTENT,
}

/// Tokenizer state; after each `lws_tokenize` call `token` / `token_len`
/// describe the element found (not NUL-terminated).
#[repr(C)]
#[derive(Debug)]
pub struct lws_tokenize {
    /// Next unread byte.
    pub start: *const c_char,
    /// The element found by the last call.
    pub token: *const c_char,
    /// Bytes left to read.
    pub len: usize,
    pub token_len: usize,
    /// `LWS_TOKENIZE_F_*`.
    pub flags: u16,
    /// `enum lws_tokenize_delimiter_tracking`.
    pub delim: u8,
    /// Spare, for the caller's use.
    pub e: i8,
}

pub type lws_tokenize_t = lws_tokenize;

/// Expansion callback: writes the value of `name` from offset `*exp_ofs` to
/// `out` at `*pos` (up to `olen`), advancing both.  Returns `LSTRX_DONE`,
/// `LSTRX_FILLED_OUT` to be called again with a fresh buffer, or
/// `LSTRX_FATAL_NAME_UNKNOWN`.
pub type lws_strexp_expand_cb = Option<
    unsafe extern "C" fn(
        priv_: *mut c_void,
        name: *const c_char,
        out: *mut c_char,
        pos: *mut usize,
        olen: usize,
        exp_ofs: *mut usize,
    ) -> c_int,
>;

/// State of a `${name}` expansion.
#[repr(C)]
#[derive(Debug)]
pub struct lws_strexp {
    pub name: [c_char; 32],
    pub cb: lws_strexp_expand_cb,
    pub r#priv: *mut c_void,
    pub out: *mut c_char,
    pub olen: usize,
    pub pos: usize,
    pub exp_ofs: usize,
    pub name_pos: u8,
    pub state: c_char,
}

pub type lws_strexp_t = lws_strexp;

