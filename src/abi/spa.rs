//! C-ABI types and constants of `libwebsockets/lws-spa.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::spa`.

use core::ffi::*;
use crate::abi::lwsac::lwsac;

/// What a file-upload callback is being told.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_spa_fileupload_states {
    /// More content of the file.
    LWS_UFS_CONTENT,
    /// The last content of the file.
    LWS_UFS_FINAL_CONTENT,
    /// A new file starts.
    LWS_UFS_OPEN,
    /// Close the file (upload aborted or finished).
    LWS_UFS_CLOSE,
}

/// By-value form of `enum lws_spa_fileupload_states`.
pub type E_lws_spa_fileupload_states = c_int;

/// Receives file-upload content; returns -1 on a fatal error, else 0.
pub type lws_spa_fileupload_cb = Option<
    unsafe extern "C" fn(
        data: *mut c_void,
        name: *const c_char,
        filename: *const c_char,
        buf: *mut c_char,
        len: c_int,
        state: E_lws_spa_fileupload_states,
    ) -> c_int,
>;

/// Parameters of `lws_spa_create_via_info`.
#[repr(C)]
#[derive(Debug)]
pub struct lws_spa_create_info {
    /// The names of the parameters to collect.
    pub param_names: *const *const c_char,
    pub count_params: c_int,
    /// Bytes of storage for all the collected values.
    pub max_storage: c_int,
    /// Optional file-upload callback.
    pub opt_cb: lws_spa_fileupload_cb,
    /// Opaque pointer passed to `opt_cb`.
    pub opt_data: *mut c_void,
    /// 0 for an array of `const char *`, else the stride of the structs
    /// whose first member is the name.
    pub param_names_stride: usize,
    /// If not NULL, allocate from this lwsac instead of the heap.
    pub ac: *mut *mut lwsac,
    /// Chunk size for `ac` (0 for the default).
    pub ac_chunk_size: usize,
}

pub type lws_spa_create_info_t = lws_spa_create_info;

