//! C API of `libwebsockets/lws-adopt.h`: handing existing sockets and file
//! descriptors to lws as new connections, and UDP "connections".
//!
//! Until the connection core lands every adoption fails the documented
//! way: the descriptor is closed and NULL is returned.
#![deny(clippy::undocumented_unsafe_blocks)]

#![allow(unused_variables)] // the connection stubs name their parameters for the header

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::adopt::*;
use core::ptr::null_mut;

use crate::api::base::lws_sockfd_type;
use crate::core::{lws, lws_context, lws_vhost};
use crate::api::retry::lws_retry_bo;





/// Closes a descriptor whose adoption failed (lws' documented behaviour).
fn close_refused(fd: c_int) {
    if fd >= 0 {
        // SAFETY: close() takes any integer; this is the descriptor the
        // caller handed over for adoption, which upstream closes when the
        // adoption fails.
        unsafe { libc::close(fd) };
    }
}

/// Adopts an accepted socket into the default vhost in HTTP mode.
/// Returns the new wsi, or closes `accept_fd` and returns NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adopt_socket(context: *mut lws_context, accept_fd: lws_sockfd_type) -> *mut lws {
    ffi_guard!(null_mut(), {
        close_refused(accept_fd);
        not_implemented!("lws_adopt_socket", null_mut())
    })
}

/// Adopts an accepted socket into `vh` in HTTP mode.  Returns the new
/// wsi, or closes `accept_fd` and returns NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adopt_socket_vhost(vh: *mut lws_vhost, accept_fd: lws_sockfd_type) -> *mut lws {
    ffi_guard!(null_mut(), {
        close_refused(accept_fd);
        not_implemented!("lws_adopt_socket_vhost", null_mut())
    })
}

/// Adopts a socket or file descriptor into `vh` as `type` describes.
/// Returns the new wsi, or closes the descriptor and returns NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adopt_descriptor_vhost(
    vh: *mut lws_vhost,
    r#type: E_lws_adoption_type,
    fd: lws_sock_file_fd_type,
    vh_prot_name: *const c_char,
    parent: *mut lws,
) -> *mut lws {
    ffi_guard!(null_mut(), {
        // SAFETY: both members of the union are `int`s: either reads the
        // descriptor.
        close_refused(unsafe { fd.sockfd });
        not_implemented!("lws_adopt_descriptor_vhost", null_mut())
    })
}

/// As `lws_adopt_descriptor_vhost`, with the parameters in `info`.
/// Returns the new wsi, or closes the descriptor and returns NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adopt_descriptor_vhost_via_info(info: *const lws_adopt_desc_t) -> *mut lws {
    ffi_guard!(null_mut(), {
        if !info.is_null() {
            // SAFETY: a non-NULL `info` is valid (the C contract,
            // api/mod.rs); the union's members are both `int`s.
            close_refused(unsafe { (*info).fd.sockfd });
        }
        not_implemented!("lws_adopt_descriptor_vhost_via_info", null_mut())
    })
}

/// As `lws_adopt_socket`, with `len` bytes already read from the socket
/// at `readbuf`.  Returns the new wsi, or closes `accept_fd` and NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adopt_socket_readbuf(
    context: *mut lws_context,
    accept_fd: lws_sockfd_type,
    readbuf: *const c_char,
    len: usize,
) -> *mut lws {
    ffi_guard!(null_mut(), {
        close_refused(accept_fd);
        not_implemented!("lws_adopt_socket_readbuf", null_mut())
    })
}

/// As `lws_adopt_socket_vhost`, with `len` bytes already read from the
/// socket at `readbuf`.  Returns the new wsi, or closes `accept_fd` and
/// returns NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_adopt_socket_vhost_readbuf(
    vhost: *mut lws_vhost,
    accept_fd: lws_sockfd_type,
    readbuf: *const c_char,
    len: usize,
) -> *mut lws {
    ffi_guard!(null_mut(), {
        close_refused(accept_fd);
        not_implemented!("lws_adopt_socket_vhost_readbuf", null_mut())
    })
}

/// Creates a UDP socket (bound or connected to `ads`:`port` per
/// `LWS_CAUDP_*` `flags`) and adopts it.  Returns the new wsi, or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_create_adopt_udp(
    vhost: *mut lws_vhost,
    ads: *const c_char,
    port: c_int,
    flags: c_int,
    protocol_name: *const c_char,
    ifname: *const c_char,
    parent_wsi: *mut lws,
    opaque: *mut c_void,
    retry_policy: *const lws_retry_bo,
) -> *mut lws {
    ffi_guard!(null_mut(), { not_implemented!("lws_create_adopt_udp", null_mut()) })
}
