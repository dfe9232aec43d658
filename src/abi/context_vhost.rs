//! C-ABI types and constants of `libwebsockets/lws-context-vhost.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::context_vhost`.

use core::ffi::*;
use crate::abi::base::lws_sockfd_type;
use crate::abi::protocols_plugins::{lws_protocol_vhost_options, lws_protocols};
use crate::abi::retry::lws_retry_bo_t;
use crate::abi::smd::{lws_smd_class_t, lws_smd_notification_cb_t};
use crate::abi::state::lws_state_notify_link_t;
use crate::abi::system::lws_system_ops_t;
use crate::core::{lws_context, lws_vhost};
use crate::abi::ws_ext::lws_extension;
use crate::abi::http::lws_http_mount;
use crate::abi::vfs::lws_plat_file_ops;
use crate::abi::network_helper::lws_sockaddr46;
use crate::abi::http::lws_token_limits;
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

