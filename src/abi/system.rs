//! C-ABI types and constants of `libwebsockets/lws-system.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::system`.

use core::ffi::*;
use crate::abi::base::lws_usec_t;
use crate::core::lws_context;

/// Kinds of per-context blob (`lws_system_get_blob`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_system_blob_item_t {
    LWS_SYSBLOB_TYPE_AUTH = 0,
    LWS_SYSBLOB_TYPE_CLIENT_CERT_DER = 2,
    LWS_SYSBLOB_TYPE_CLIENT_KEY_DER,
    LWS_SYSBLOB_TYPE_DEVICE_SERIAL,
    LWS_SYSBLOB_TYPE_DEVICE_FW_VERSION,
    LWS_SYSBLOB_TYPE_DEVICE_TYPE,
    LWS_SYSBLOB_TYPE_NTP_SERVER,
    LWS_SYSBLOB_TYPE_COUNT,
}

pub type E_lws_system_blob_item_t = c_int;

/// The system states the context walks through at startup.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_system_states_t {
    LWS_SYSTATE_UNKNOWN,
    LWS_SYSTATE_CONTEXT_CREATED,
    LWS_SYSTATE_INITIALIZED,
    LWS_SYSTATE_IFACE_COLDPLUG,
    LWS_SYSTATE_DHCP,
    LWS_SYSTATE_CPD_PRE_TIME,
    LWS_SYSTATE_TIME_VALID,
    LWS_SYSTATE_CPD_POST_TIME,
    LWS_SYSTATE_POLICY_VALID,
    LWS_SYSTATE_REGISTERED,
    LWS_SYSTATE_AUTH1,
    LWS_SYSTATE_AUTH2,
    LWS_SYSTATE_OPERATIONAL,
    LWS_SYSTATE_POLICY_INVALID,
}

pub type E_lws_system_states_t = c_int;

/// Result of captive portal detection.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_cpd_result_t {
    LWS_CPD_UNKNOWN = 0,
    LWS_CPD_INTERNET_OK,
    LWS_CPD_CAPTIVE_PORTAL,
    LWS_CPD_NO_INTERNET,
}

pub type E_lws_cpd_result_t = c_int;

pub type lws_attach_cb_t = Option<unsafe extern "C" fn(context: *mut lws_context, tsi: c_int, opaque: *mut c_void)>;

/// A pending attach request (opaque).
pub struct lws_attach_item {
    _p: [u8; 0],
}

/// A blob held by the context (opaque to C).
pub struct lws_system_blob {
    _p: [u8; 0],
}

pub type lws_system_blob_t = lws_system_blob;

/// Operations the user may provide for the platform.
#[repr(C)]
pub struct lws_system_ops {
    pub reboot: Option<unsafe extern "C" fn() -> c_int>,
    pub set_clock: Option<unsafe extern "C" fn(us: lws_usec_t) -> c_int>,
    pub attach: Option<
        unsafe extern "C" fn(
            context: *mut lws_context,
            tsi: c_int,
            cb: lws_attach_cb_t,
            state: E_lws_system_states_t,
            opaque: *mut c_void,
            get: *mut *mut lws_attach_item,
        ) -> c_int,
    >,
    pub captive_portal_detect_request: Option<unsafe extern "C" fn(context: *mut lws_context) -> c_int>,
    pub wake_latency_us: u32,
}

pub type lws_system_ops_t = lws_system_ops;

pub type dhcpc_cb_t = Option<unsafe extern "C" fn(opaque: *mut c_void, af: c_int, ip: *mut u8, ip_len: c_int) -> c_int>;

