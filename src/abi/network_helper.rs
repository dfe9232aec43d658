//! C-ABI types and constants of `libwebsockets/lws-network-helper.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::network_helper`.

use core::ffi::*;

/// An IPv4 or IPv6 socket address; the family field tells which.
#[repr(C)]
#[derive(Clone, Copy)]
pub union lws_sockaddr46 {
    pub sa6: libc::sockaddr_in6,
    pub sa4: libc::sockaddr_in,
}

/// Interface lookup results (`lws_interface_to_sa`, `lws_socket_bind`).
pub const LWS_ITOSA_USABLE: c_int = 0;

pub const LWS_ITOSA_NOT_EXIST: c_int = -1;

pub const LWS_ITOSA_NOT_USABLE: c_int = -2;

pub const LWS_ITOSA_BUSY: c_int = -3;

