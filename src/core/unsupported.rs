//! Options and creation-info fields that Debian's build honours and this
//! library does not (yet).  Accepting them in silence leaves a program that
//! relies on them hanging with no clue (a libuv program waits in `uv_run`
//! for a loop nobody services), so each one logs an error naming it; where
//! the program cannot work at all without it, creation fails.
//!
//! `info.plugin_dirs` is not among them: Debian builds without
//! LWS_WITH_PLUGINS, so the field is not in its `lws_context_creation_info`
//! (nor in ours) and its library has no protocol-plugin loader; a program
//! that sets it does not compile against either header.
//!
//! The list shrinks as the roles land (issues: permessage-deflate, raw /
//! adopt / unix sockets); docs/compat.md names the same gaps.
#![deny(clippy::undocumented_unsafe_blocks)]

use crate::abi::context_vhost::{lws_context_creation_info, ServerOptions};

const EVENT_LIBS: [(ServerOptions, &str); 3] = [
    (ServerOptions::LIBUV, "LWS_SERVER_OPTION_LIBUV"),
    (ServerOptions::LIBEV, "LWS_SERVER_OPTION_LIBEV"),
    (ServerOptions::LIBEVENT, "LWS_SERVER_OPTION_LIBEVENT"),
];

fn opts(i: &lws_context_creation_info) -> ServerOptions {
    ServerOptions::from_bits_retain(i.options)
}

/// The program's `GMainLoop` when the context is to run on it
/// (LWS_SERVER_OPTION_GLIB with `foreign_loops[0]` set; crate::core::glib).
pub fn glib_foreign_loop(i: &lws_context_creation_info) -> Option<*mut core::ffi::c_void> {
    if !opts(i).contains(ServerOptions::GLIB) || i.foreign_loops.is_null() {
        return None;
    }
    // SAFETY: foreign_loops points to one loop per service thread (one here).
    let l = unsafe { *i.foreign_loops };
    (!l.is_null()).then_some(l)
}

/// Context-wide options.  Returns false when the context must not be
/// created.
pub fn check_context(i: &lws_context_creation_info) -> bool {
    let mut ok = true;
    if opts(i).contains(ServerOptions::GLIB) && glib_foreign_loop(i).is_none() {
        // Debian's library runs a GMainLoop of its own inside lws_service;
        // ours runs its own poll loop there: the same for the program
        lwsl_notice!(
            "lws_create_context: LWS_SERVER_OPTION_GLIB without a foreign loop: the context runs on this \
             library's own poll loop, serviced by lws_service()\n"
        );
    }
    for (bit, name) in EVENT_LIBS {
        if !opts(i).contains(bit) {
            continue;
        }
        if !i.foreign_loops.is_null() {
            lwsl_err!(
                "lws_create_context: {} with foreign_loops: event library loops are not supported by this \
                 library (it services only its own poll loop, through lws_service), so the program's loop \
                 would never see a connection: refusing to create the context\n",
                name
            );
            ok = false;
        } else {
            lwsl_err!(
                "lws_create_context: {} is not supported by this library and is ignored: the context runs \
                 on its own poll loop, serviced by lws_service()\n",
                name
            );
        }
    }
    if !i.provided_client_ssl_ctx.is_null() {
        lwsl_err!(
            "lws_create_context: provided_client_ssl_ctx is an OpenSSL SSL_CTX, which this library (TLS by \
             rustls) cannot use: ignored, client connections use the context's own TLS settings\n"
        );
    }
    ok
}

/// Options and fields of one vhost (also the context's default vhost).
/// Returns false when the vhost must not be created.
pub fn check_vhost(i: &lws_context_creation_info, options: ServerOptions) -> bool {
    let mut ok = true;
    if options.contains(ServerOptions::UNIX_SOCK) {
        lwsl_err!(
            "lws_create_vhost: LWS_SERVER_OPTION_UNIX_SOCK: listening on a unix domain socket is not \
             implemented by this library yet: refusing to create the vhost\n"
        );
        ok = false;
    }
    if options.contains(ServerOptions::ADOPT_APPLY_LISTEN_ACCEPT_CONFIG) {
        // SAFETY: the field is NULL or a C string, as the API requires.
        let role = unsafe { crate::ffi::cstr_bytes(i.listen_accept_role) };
        let known = matches!(role, Some(b"h1") | Some(b"ws"));
        if !known {
            let shown = role.map(|r| String::from_utf8_lossy(r).into_owned()).unwrap_or_else(|| "(none)".into());
            lwsl_err!(
                "lws_create_vhost: LWS_SERVER_OPTION_ONLY_RAW / ADOPT_APPLY_LISTEN_ACCEPT_CONFIG with \
                 listen_accept_role {}: the raw roles are not implemented by this library yet: refusing to \
                 create the vhost\n",
                shown
            );
            ok = false;
        }
    }
    if options.contains(ServerOptions::FALLBACK_TO_RAW) {
        lwsl_err!(
            "lws_create_vhost: LWS_SERVER_OPTION_FALLBACK_TO_RAW: the raw roles are not implemented by this \
             library yet: ignored, a connection that is not HTTP is closed\n"
        );
    }
    ok
}
