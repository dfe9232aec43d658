//! C-ABI types and constants of `libwebsockets/lws-adopt.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::adopt`.

use core::ffi::*;
use crate::abi::base::{lws_filefd_type, lws_sockfd_type};
use crate::core::{lws, lws_vhost};

/// What kind of descriptor is adopted, and how (flags or'ed together).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_adoption_type {
    /// A file descriptor, not a socket.
    LWS_ADOPT_RAW_FILE_DESC = 0,
    /// Serve HTTP on it (with LWS_ADOPT_SOCKET).
    LWS_ADOPT_HTTP = 1,
    /// It is a socket.
    LWS_ADOPT_SOCKET = 2,
    /// Allow TLS on it.
    LWS_ADOPT_ALLOW_SSL = 4,
    /// It is a UDP socket.
    LWS_ADOPT_FLAG_UDP = 16,
    LWS_ADOPT_FLAG_RAW_PROXY = 32,
    /// LWS_ADOPT_SOCKET | LWS_ADOPT_FLAG_UDP.
    LWS_ADOPT_RAW_SOCKET_UDP = 2 | 16,
}

/// By-value form of `lws_adoption_type` (flags are or'ed in).
pub type E_lws_adoption_type = c_int;

/// A socket or a file descriptor, by adoption type.
#[repr(C)]
#[derive(Clone, Copy)]
pub union lws_sock_file_fd_type {
    pub sockfd: lws_sockfd_type,
    pub filefd: lws_filefd_type,
}

/// Peer addresses of a UDP connection.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lws_udp {
    /// Address of the last datagram received.
    pub sa: libc::sockaddr,
    pub salen: libc::socklen_t,
    /// Address to send the next datagram to.
    pub sa_pending: libc::sockaddr,
    pub salen_pending: libc::socklen_t,
}

/// Parameters of `lws_adopt_descriptor_vhost_via_info`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lws_adopt_desc {
    /// The vhost to adopt into.
    pub vh: *mut lws_vhost,
    /// LWS_ADOPT_* flags.
    pub r#type: E_lws_adoption_type,
    /// The descriptor.
    pub fd: lws_sock_file_fd_type,
    /// Protocol to bind to, or NULL for the vhost default.
    pub vh_prot_name: *const c_char,
    /// NULL, or the wsi to make the new one a child of.
    pub parent: *mut lws,
    /// Opaque user data for the new wsi.
    pub opaque: *mut c_void,
}

pub type lws_adopt_desc_t = lws_adopt_desc;

