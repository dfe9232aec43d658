//! C-ABI types and constants of `libwebsockets/lws-sha1-base64.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::sha1_base64`.

use core::ffi::*;

/// State of the incremental base64 decoder.
#[repr(C)]
#[derive(Debug, Default, Clone, Copy)]
pub struct lws_b64state {
    pub quad: [c_uchar; 4],
    pub done: usize,
    pub len: usize,
    pub i: c_int,
    pub c: c_int,
}

