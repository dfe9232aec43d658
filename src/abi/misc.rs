//! C-ABI types and constants of `libwebsockets/lws-misc.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::misc`.

use core::ffi::*;

/// Kind of a directory entry reported by `lws_dir()`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_dir_obj_type {
    LDOT_UNKNOWN,
    LDOT_FILE,
    LDOT_DIR,
    LDOT_LINK,
    LDOT_FIFO,
    LDOTT_SOCKET,
    LDOT_CHAR,
    LDOT_BLOCK,
}

pub type lws_dir_obj_type_t = lws_dir_obj_type;

/// One entry handed to an `lws_dir()` callback.
#[repr(C)]
#[derive(Debug)]
pub struct lws_dir_entry {
    pub name: *const c_char,
    pub r#type: lws_dir_obj_type_t,
}

/// Callback of `lws_dir_glob_cb()`, called with each matching path.
pub type lws_dir_glob_cb_t = Option<unsafe extern "C" fn(data: *mut c_void, path: *const c_char) -> c_int>;

/// The `user` of `lws_dir_glob_cb()`: a `*suffix` filter and what to call.
#[repr(C)]
#[derive(Debug)]
pub struct lws_dir_glob {
    pub filter: *const c_char,
    pub cb: lws_dir_glob_cb_t,
    pub user: *mut c_void,
}

pub type lws_dir_glob_t = lws_dir_glob;

/// A generic wlan scan result.
#[repr(C)]
#[derive(Debug)]
pub struct lws_wifi_scan {
    pub next: *mut lws_wifi_scan,
    pub ssid: [c_char; 32],
    pub rssi: i32,
    pub bssid: [u8; 6],
    pub count: u8,
    pub channel: u8,
    pub authmode: u8,
}

/// Overlay filesystem mount description (declared by the header; the
/// functions using it are not part of Debian's build).
#[repr(C)]
#[derive(Debug)]
pub struct lws_fsmount {
    pub layers_path: *const c_char,
    pub overlay_path: *const c_char,
    pub mp: [c_char; 256],
    pub ovname: [c_char; 64],
    pub distro: [c_char; 64],
    pub layers: [*const c_char; 4],
}

/// A unit of a humanize schema; a schema ends with a NULL `name`.
#[repr(C)]
#[derive(Debug)]
pub struct lws_humanize_unit {
    pub name: *const c_char,
    pub factor: u64,
}

pub type lws_humanize_unit_t = lws_humanize_unit;

