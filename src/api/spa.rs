//! C API of `libwebsockets/lws-spa.h`: the stateful POST argument parser
//! (urlencoded and multipart form bodies, with file-upload streaming).

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_void};
use core::ptr::{null, null_mut};

use crate::core::lws;
use crate::api::lwsac::lwsac;

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

/// A POST argument parser (opaque to C).
pub struct lws_spa {
    _private: (),
}

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

/// Creates a parser for the body of `wsi`'s POST.  NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_create(
    wsi: *mut lws,
    param_names: *const *const c_char,
    count_params: c_int,
    max_storage: c_int,
    opt_cb: lws_spa_fileupload_cb,
    opt_data: *mut c_void,
) -> *mut lws_spa {
    ffi_guard!(null_mut(), { not_implemented!("lws_spa_create", null_mut()) })
}

/// As `lws_spa_create`, with the parameters in `info`.  NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_create_via_info(wsi: *mut lws, info: *const lws_spa_create_info_t) -> *mut lws_spa {
    ffi_guard!(null_mut(), { not_implemented!("lws_spa_create_via_info", null_mut()) })
}

/// Feeds `len` body bytes to the parser.  Returns 0, or -1 on failure
/// (also for a NULL parser, as lws does).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_process(spa: *mut lws_spa, r#in: *const c_char, len: c_int) -> c_int {
    ffi_guard!(-1, {
        if spa.is_null() {
            return -1;
        }
        not_implemented!("lws_spa_process", -1)
    })
}

/// Ends the body.  Returns 0 (also for a NULL parser, as lws does), or
/// nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_finalize(spa: *mut lws_spa) -> c_int {
    ffi_guard!(-1, {
        if spa.is_null() {
            return 0;
        }
        not_implemented!("lws_spa_finalize", -1)
    })
}

/// Length of the value of parameter `n` (0 if absent or no parser).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_get_length(spa: *mut lws_spa, n: c_int) -> c_int {
    ffi_guard!(0, {
        if spa.is_null() {
            return 0;
        }
        not_implemented!("lws_spa_get_length", 0)
    })
}

/// The value of parameter `n`, or NULL if absent (or no parser).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_get_string(spa: *mut lws_spa, n: c_int) -> *const c_char {
    ffi_guard!(null(), {
        if spa.is_null() {
            return null();
        }
        not_implemented!("lws_spa_get_string", null())
    })
}

/// Frees the parser.  Returns 0 (nothing to do for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lws_spa_destroy(spa: *mut lws_spa) -> c_int {
    ffi_guard!(-1, {
        if spa.is_null() {
            return 0;
        }
        not_implemented!("lws_spa_destroy", -1)
    })
}
