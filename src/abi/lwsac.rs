//! C-ABI types and constants of `libwebsockets/lws-lwsac.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::lwsac`.

use core::ffi::*;

pub type lwsac_cached_file_t = *mut c_uchar;

pub type lws_list_ptr = *mut c_void;

pub type lws_list_ptr_sort_func_t = Option<unsafe extern "C" fn(a: lws_list_ptr, b: lws_list_ptr) -> c_int>;

/// The header of every chunk (opaque to C).
// Its fields are crate::api::lwsac's.
pub struct lwsac {
    pub(crate) next: *mut lwsac,
    /// The first chunk (kept for layout parity with Debian's library).
    #[allow(dead_code)]
    pub(crate) head: *mut lwsac,
    pub(crate) alloc_size: usize,
    pub(crate) ofs: usize,
}
