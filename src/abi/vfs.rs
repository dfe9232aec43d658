//! C-ABI types and constants of `libwebsockets/lws-vfs.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::vfs`.

use core::ffi::*;
use crate::abi::base::{lws_filefd_type, lws_fileofs_t, lws_filepos_t, lws_fop_flags_t};

/// Open flags: the low 23 bits are the POSIX `open()` flags.
pub const LWS_FOP_FLAGS_MASK: lws_fop_flags_t = (1 << 23) - 1;

/// The caller can take gzip-compressed content.
pub const LWS_FOP_FLAG_COMPR_ACCEPTABLE_GZIP: lws_fop_flags_t = 1 << 24;

/// Set by the fops: the content is gzip-compressed.
pub const LWS_FOP_FLAG_COMPR_IS_GZIP: lws_fop_flags_t = 1 << 25;

/// Set by the fops: `mod_time` is valid.
pub const LWS_FOP_FLAG_MOD_TIME_VALID: lws_fop_flags_t = 1 << 26;

/// Set by the fops: the file is virtual.
pub const LWS_FOP_FLAG_VIRTUAL: lws_fop_flags_t = 1 << 27;

/// An open file.
#[repr(C)]
#[derive(Debug)]
pub struct lws_fop_fd {
    /// The platform descriptor, if the fops use one.
    pub fd: lws_filefd_type,
    /// The fops that opened this file.
    pub fops: *const lws_plat_file_ops,
    /// Private to the fops.
    pub filesystem_priv: *mut c_void,
    /// Current position.
    pub pos: lws_filepos_t,
    /// Length of the file.
    pub len: lws_filepos_t,
    /// The flags the file was opened with, plus those the fops set.
    pub flags: lws_fop_flags_t,
    /// Modification time, when `LWS_FOP_FLAG_MOD_TIME_VALID` is set.
    pub mod_time: u32,
}

pub type lws_fop_fd_t = *mut lws_fop_fd;

/// A path signature claiming files for a fops (`sig` is like ".zip/", `len`
/// its length including the slash).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct lws_fops_index {
    pub sig: *const c_char,
    pub len: u8,
}

// The function pointers are "C-unwind" (C sees the same prototypes): an
// application's operation may be where its thread is cancelled
// (src/cancel.rs), and the platform ones are exports.
/// A set of file operations.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct lws_plat_file_ops {
    pub open: Option<
        unsafe extern "C-unwind" fn(
            fops: *const lws_plat_file_ops,
            filename: *const c_char,
            vpath: *const c_char,
            flags: *mut lws_fop_flags_t,
        ) -> lws_fop_fd_t,
    >,
    pub close: Option<unsafe extern "C-unwind" fn(fop_fd: *mut lws_fop_fd_t) -> c_int>,
    pub seek_cur: Option<unsafe extern "C-unwind" fn(fop_fd: lws_fop_fd_t, offset_from_cur_pos: lws_fileofs_t) -> lws_fileofs_t>,
    pub read: Option<
        unsafe extern "C-unwind" fn(fop_fd: lws_fop_fd_t, amount: *mut lws_filepos_t, buf: *mut u8, len: lws_filepos_t) -> c_int,
    >,
    pub write: Option<
        unsafe extern "C-unwind" fn(fop_fd: lws_fop_fd_t, amount: *mut lws_filepos_t, buf: *mut u8, len: lws_filepos_t) -> c_int,
    >,
    /// Path signatures this fops claims (terminated by a NULL `sig`).
    pub fi: [lws_fops_index; 3],
    /// The next fops in the chain.
    pub next: *const lws_plat_file_ops,
}

