//! C API of `libwebsockets/lws-context-vhost.h`: creating and destroying
//! the context and its vhosts, and the vhost accessors.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_long, c_uint, c_ushort, c_void};

use crate::api::base::lws_sockfd_type;
use crate::api::protocols_plugins::{lws_protocol_vhost_options, lws_protocols};
use crate::api::retry::lws_retry_bo_t;
use crate::api::smd::{lws_smd_class_t, lws_smd_notification_cb_t};
use crate::api::state::lws_state_notify_link_t;
use crate::api::system::lws_system_ops_t;
use crate::core::{lws, lws_context, lws_vhost};
use crate::api::ws_ext::lws_extension;
use crate::api::http::lws_http_mount;
use crate::api::vfs::lws_plat_file_ops;
use crate::api::network_helper::lws_sockaddr46;
use crate::api::http::lws_token_limits;
use crate::ffi::SSL_CTX;

pub type lws_context_ready_cb_t = Option<unsafe extern "C" fn(context: *mut lws_context) -> c_int>;
pub type lws_peer_limits_notify_t =
    Option<unsafe extern "C" fn(ctx: *mut lws_context, sockfd: lws_sockfd_type, sa46: *mut lws_sockaddr46) -> c_int>;
pub type lws_reload_func = Option<unsafe extern "C" fn() -> c_int>;

/// Parameters of `lws_create_context` and `lws_create_vhost` (layout of
/// Debian's build: TLS, server and client, plugins API, SMD and state on).
#[repr(C)]
pub struct lws_context_creation_info {
    pub iface: *const c_char,
    pub protocols: *const lws_protocols,
    pub extensions: *const lws_extension,
    pub token_limits: *const lws_token_limits,
    pub http_proxy_address: *const c_char,
    pub headers: *const lws_protocol_vhost_options,
    pub reject_service_keywords: *const lws_protocol_vhost_options,
    pub pvo: *const lws_protocol_vhost_options,
    pub log_filepath: *const c_char,
    pub mounts: *const lws_http_mount,
    pub server_string: *const c_char,
    pub error_document_404: *const c_char,
    pub port: c_int,
    pub http_proxy_port: c_uint,
    pub max_http_header_data2: c_uint,
    pub max_http_header_pool2: c_uint,
    pub keepalive_timeout: c_int,
    pub http2_settings: [u32; 7],
    pub max_http_header_data: c_ushort,
    pub max_http_header_pool: c_ushort,
    pub ssl_private_key_password: *const c_char,
    pub ssl_cert_filepath: *const c_char,
    pub ssl_private_key_filepath: *const c_char,
    pub ssl_ca_filepath: *const c_char,
    pub ssl_cipher_list: *const c_char,
    pub ecdh_curve: *const c_char,
    pub tls1_3_plus_cipher_list: *const c_char,
    pub server_ssl_cert_mem: *const c_void,
    pub server_ssl_private_key_mem: *const c_void,
    pub server_ssl_ca_mem: *const c_void,
    pub ssl_options_set: c_long,
    pub ssl_options_clear: c_long,
    pub simultaneous_ssl_restriction: c_int,
    pub ssl_info_event_mask: c_int,
    pub server_ssl_cert_mem_len: c_uint,
    pub server_ssl_private_key_mem_len: c_uint,
    pub server_ssl_ca_mem_len: c_uint,
    pub alpn: *const c_char,
    pub client_ssl_private_key_password: *const c_char,
    pub client_ssl_cert_filepath: *const c_char,
    pub client_ssl_cert_mem: *const c_void,
    pub client_ssl_cert_mem_len: c_uint,
    pub client_ssl_private_key_filepath: *const c_char,
    pub client_ssl_key_mem: *const c_void,
    pub client_ssl_ca_filepath: *const c_char,
    pub client_ssl_ca_mem: *const c_void,
    pub client_ssl_cipher_list: *const c_char,
    pub client_tls_1_3_plus_cipher_list: *const c_char,
    pub ssl_client_options_set: c_long,
    pub ssl_client_options_clear: c_long,
    pub client_ssl_ca_mem_len: c_uint,
    pub client_ssl_key_mem_len: c_uint,
    pub provided_client_ssl_ctx: *mut SSL_CTX,
    pub ka_time: c_int,
    pub ka_probes: c_int,
    pub ka_interval: c_int,
    pub timeout_secs: c_uint,
    pub connect_timeout_secs: c_uint,
    pub bind_iface: c_int,
    pub timeout_secs_ah_idle: c_uint,
    pub gid: c_int,
    pub uid: c_int,
    pub options: u64,
    pub user: *mut c_void,
    pub count_threads: c_uint,
    pub fd_limit_per_thread: c_uint,
    pub vhost_name: *const c_char,
    pub external_baggage_free_on_destroy: *mut c_void,
    pub pt_serv_buf_size: c_uint,
    pub fops: *const lws_plat_file_ops,
    /// `cap_value_t` (an int) in Debian's header.
    pub caps: [c_int; 4],
    pub count_caps: c_char,
    pub foreign_loops: *mut *mut c_void,
    pub signal_cb: Option<unsafe extern "C" fn(event_lib_handle: *mut c_void, signum: c_int)>,
    pub pcontext: *mut *mut lws_context,
    pub finalize: Option<unsafe extern "C" fn(vh: *mut lws_vhost, arg: *mut c_void)>,
    pub finalize_arg: *mut c_void,
    pub listen_accept_role: *const c_char,
    pub listen_accept_protocol: *const c_char,
    pub pprotocols: *mut *const lws_protocols,
    pub username: *const c_char,
    pub groupname: *const c_char,
    pub unix_socket_perms: *const c_char,
    pub system_ops: *const lws_system_ops_t,
    pub retry_and_idle_policy: *const lws_retry_bo_t,
    pub register_notifier_list: *const *mut lws_state_notify_link_t,
    pub rlimit_nofile: c_int,
    pub udp_loss_sim_tx_pc: u8,
    pub udp_loss_sim_rx_pc: u8,
    pub early_smd_cb: lws_smd_notification_cb_t,
    pub early_smd_opaque: *mut c_void,
    pub early_smd_class_filter: lws_smd_class_t,
    pub _unused: [*mut c_void; 2],
}

/// Creates the context (and, unless LWS_SERVER_OPTION_EXPLICIT_VHOSTS, its
/// default vhost).  NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_create_context(info: *const lws_context_creation_info) -> *mut lws_context {
    ffi_guard!(core::ptr::null_mut(), {
        if info.is_null() {
            lwsl_err!("lws_create_context: info is NULL: no context created\n");
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL info is valid, its pointers NULL or valid (the C
        // contract, api/mod.rs).
        unsafe { crate::core::context::create(info) }
    })
}

/// Destroys the context, its vhosts and connections.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_destroy(context: *mut lws_context) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive and not used afterwards (the C
        // contract).  From one of its own callbacks during a pass the
        // destroy waits for the pass's end (core::context::destroy).
        unsafe { crate::core::context::destroy(context) }
    })
}

/// Stops accepting connections and calls `cb` once the last connection
/// has gone.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_deprecate(context: *mut lws_context, cb: lws_reload_func) {
    ffi_guard!((), {
        if context.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { crate::core::context::deprecate(context, cb) }
    })
}

/// Nonzero once `lws_context_deprecate` was called.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_is_deprecated(context: *mut lws_context) -> c_int {
    ffi_guard!(0, {
        if context.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).deprecated.get() as c_int }
    })
}

/// Sets the vhost's HTTP proxy ("host:port"); 0 on success.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_proxy(vhost: *mut lws_vhost, proxy: *const c_char) -> c_int {
    ffi_guard!(-1, {
        let _ = (vhost, proxy);
        not_implemented!("lws_set_proxy", -1)
    })
}

/// Creates a vhost on `context`; NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_create_vhost(
    context: *mut lws_context,
    info: *const lws_context_creation_info,
) -> *mut lws_vhost {
    ffi_guard!(core::ptr::null_mut(), {
        if context.is_null() || info.is_null() {
            lwsl_err!("lws_create_vhost: {} is NULL: no vhost created\n", if context.is_null() { "context" } else { "info" });
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive and a non-NULL info valid (the C
        // contract).
        unsafe { crate::core::vhost::create(context, info) }
    })
}

/// Destroys a vhost (its protocols get LWS_CALLBACK_PROTOCOL_DESTROY).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vhost_destroy(vh: *mut lws_vhost) {
    ffi_guard!((), {
        if vh.is_null() {
            return;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        // A vhost destroyed from its own callback is freed after it (vhost.rs).
        unsafe { crate::core::vhost::destroy(vh) }
    })
}

/// Reads lwsws global JSON configuration from directory `d`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsws_get_config_globals(
    info: *mut lws_context_creation_info,
    d: *const c_char,
    config_strings: *mut *mut c_char,
    len: *mut c_int,
) -> c_int {
    ffi_guard!(-1, {
        let _ = (info, d, config_strings, len);
        not_implemented!("lwsws_get_config_globals", -1)
    })
}

/// Reads lwsws vhost JSON configuration from directory `d`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lwsws_get_config_vhosts(
    context: *mut lws_context,
    info: *mut lws_context_creation_info,
    d: *const c_char,
    config_strings: *mut *mut c_char,
    len: *mut c_int,
) -> c_int {
    ffi_guard!(-1, {
        let _ = (context, info, d, config_strings, len);
        not_implemented!("lwsws_get_config_vhosts", -1)
    })
}

/// The vhost a connection belongs to.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost(wsi: *mut lws) -> *mut lws_vhost {
    ffi_guard!(leaf, core::ptr::null_mut(), {
        if wsi.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract).
        unsafe { (*wsi).vhost.get() }
    })
}

/// The vhost's name.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_name(vhost: *mut lws_vhost) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if vhost.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).name.as_ptr() }
    })
}

/// Finds a live vhost by name; NULL if none.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_by_name(context: *mut lws_context, name: *const c_char) -> *mut lws_vhost {
    ffi_guard!(core::ptr::null_mut(), {
        // SAFETY: NULL or a C string (the C contract).
        let Some(name) = (unsafe { crate::ffi::cstr_bytes(name) }) else { return core::ptr::null_mut() };
        if context.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).vhost_by_name(name) }
    })
}

/// The port the vhost was created with (or the one it listens on).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_port(vhost: *mut lws_vhost) -> c_int {
    ffi_guard!(-1, {
        if vhost.is_null() {
            return -1;
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).listen_port.get() }
    })
}

/// The vhost's `user` pointer from its creation info.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_user(vhost: *mut lws_vhost) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if vhost.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).user }
    })
}

/// The interface the vhost binds to, NULL for all.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_vhost_iface(vhost: *mut lws_vhost) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        if vhost.is_null() {
            return core::ptr::null();
        }
        // SAFETY: a non-NULL vhost is alive (the C contract, api/mod.rs).
        unsafe { (*vhost).iface.as_ref().map_or(core::ptr::null(), |s| s.as_ptr()) }
    })
}

/// Same as `lws_get_vhost_user`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vhost_user(vhost: *mut lws_vhost) -> *mut c_void {
    // SAFETY: the caller's handle, under the same contract.
    ffi_guard!(leaf, core::ptr::null_mut(), { unsafe { lws_get_vhost_user(vhost) } })
}

/// The context's `user` pointer from its creation info.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_context_user(context: *mut lws_context) -> *mut c_void {
    ffi_guard!(core::ptr::null_mut(), {
        if context.is_null() {
            return core::ptr::null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).user }
    })
}

/// Where a mount serves its content from (`lws_http_mount.origin_protocol`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_mount_protocols {
    LWSMPRO_HTTP = 0,
    LWSMPRO_HTTPS = 1,
    LWSMPRO_FILE = 2,
    LWSMPRO_CGI = 3,
    LWSMPRO_REDIR_HTTP = 4,
    LWSMPRO_REDIR_HTTPS = 5,
    LWSMPRO_CALLBACK = 6,
}

/// Authentication mode, kept in the top 4 bits of `lws_http_mount.auth_mask`
/// (see `AUTH_MODE_MASK` in the hand-written header).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum lws_authentication_mode {
    LWSAUTHM_DEFAULT = 0,
    LWSAUTHM_BASIC_AUTH_CALLBACK = 1 << 28,
}
