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

bitflags::bitflags! {
    /// `LWS_SERVER_OPTION_*`, the option set of a context and of each
    /// vhost (`lws_context_creation_info.options`; macros in the
    /// hand-written lws-context-vhost.h).  The composite options hold
    /// `DO_SSL_GLOBAL_INIT` too, and an option is set when all its bits
    /// are (`contains`, as upstream's `lws_check_opt`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
    pub struct ServerOptions: u64 {
        const REQUIRE_VALID_OPENSSL_CLIENT_CERT = (1 << 1) | (1 << 12);
        const SKIP_SERVER_CANONICAL_NAME = 1 << 2;
        const ALLOW_NON_SSL_ON_SSL_PORT = (1 << 3) | (1 << 12);
        const LIBEV = 1 << 4;
        const DISABLE_IPV6 = 1 << 5;
        const DISABLE_OS_CA_CERTS = 1 << 6;
        const PEER_CERT_NOT_REQUIRED = 1 << 7;
        const VALIDATE_UTF8 = 1 << 8;
        const SSL_ECDH = (1 << 9) | (1 << 12);
        const LIBUV = 1 << 10;
        const REDIRECT_HTTP_TO_HTTPS = (1 << 11) | (1 << 12);
        const DO_SSL_GLOBAL_INIT = 1 << 12;
        const EXPLICIT_VHOSTS = 1 << 13;
        const UNIX_SOCK = 1 << 14;
        const STS = 1 << 15;
        const IPV6_V6ONLY_MODIFY = 1 << 16;
        const IPV6_V6ONLY_VALUE = 1 << 17;
        const UV_NO_SIGSEGV_SIGFPE_SPIN = 1 << 18;
        const JUST_USE_RAW_ORIGIN = 1 << 19;
        const FALLBACK_TO_RAW = 1 << 20;
        const FALLBACK_TO_APPLY_LISTEN_ACCEPT_CONFIG = 1 << 20;
        const LIBEVENT = 1 << 21;
        const ONLY_RAW = 1 << 22;
        const ADOPT_APPLY_LISTEN_ACCEPT_CONFIG = 1 << 22;
        const ALLOW_LISTEN_SHARE = 1 << 23;
        const CREATE_VHOST_SSL_CTX = 1 << 24;
        const SKIP_PROTOCOL_INIT = 1 << 25;
        const IGNORE_MISSING_CERT = 1 << 26;
        const VHOST_UPG_STRICT_HOST_CHECK = 1 << 27;
        const HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE = 1 << 28;
        const ALLOW_HTTP_ON_HTTPS_LISTENER = 1 << 29;
        const FAIL_UPON_UNABLE_TO_BIND = 1 << 30;
        const H2_JUST_FIX_WINDOW_UPDATE_OVERFLOW = 1 << 31;
        const VH_H2_HALF_CLOSED_LONG_POLL = 1 << 32;
        const GLIB = 1 << 33;
        const H2_PRIOR_KNOWLEDGE = 1 << 34;
        const NO_LWS_SYSTEM_STATES = 1 << 35;
    }
}

#[cfg(test)]
mod tests {
    use super::ServerOptions;

    /// Each `LWS_SERVER_OPTION_*` macro of the hand-written header is a
    /// flag of [`ServerOptions`] with the same bits, and there are no others.
    #[test]
    fn server_options_are_the_headers() {
        let h = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/libwebsockets/lws-context-vhost.h")).unwrap();
        let mut n = 0;
        for line in h.lines() {
            let Some(rest) = line.strip_prefix("#define LWS_SERVER_OPTION_") else { continue };
            let (name, expr) = rest.split_once(' ').unwrap();
            let bits = expr
                .split("1ll << ")
                .skip(1)
                .map(|s| s.trim_start().split(|c: char| !c.is_ascii_digit()).next().unwrap().parse::<u32>().unwrap())
                .fold(0u64, |a, b| a | 1 << b);
            let f = ServerOptions::from_name(name).unwrap_or_else(|| panic!("{name} is not a ServerOptions flag"));
            assert_eq!(f.bits(), bits, "{name}");
            n += 1;
        }
        assert_eq!(n, <ServerOptions as bitflags::Flags>::FLAGS.len());
    }
}
