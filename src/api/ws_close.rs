//! C API of `libwebsockets/lws-ws-close.h`: websocket close codes and the
//! close reason sent with the close frame.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::c_uchar;
pub use crate::abi::ws_close::*;

use crate::core::lws;


/// Sets the status code and payload of the close frame `wsi` will send
/// when the user callback next returns nonzero.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_close_reason(wsi: *mut lws, status: E_lws_close_status, buf: *mut c_uchar, len: usize) {
    ffi_guard!((), {
        // SAFETY: a non-NULL wsi is a live connection (the C contract,
        // api/mod.rs), here and below.
        if wsi.is_null() || unsafe { (*wsi).fake } {
            return;
        }
        // SAFETY: `buf` has `len` bytes (the C contract).
        let reason = if buf.is_null() || len == 0 { &[][..] } else { unsafe { core::slice::from_raw_parts(buf, len) } };
        let pl = crate::ws::close::ClosePayload::new(status as u16, reason);
        // SAFETY: see above.
        unsafe { crate::core::conn::set_close_reason(wsi, pl) };
    })
}
