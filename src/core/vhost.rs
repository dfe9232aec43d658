//! `struct lws_vhost`: a virtual host (name, port, protocols, options).
//!
//! A vhost is a `Box` leaked by [`create`] and freed by [`free`], only
//! once it is off its context's list and no callback is in progress
//! (`core::context::free_pending`): a callback may destroy the vhost it
//! runs on, and the code that called it still reads the vhost after it
//! returns.  What the vhost points to from `info` (pvo and header lists,
//! mounts, the user's protocol table) the application keeps alive while
//! the vhost exists (lws-context-vhost.h); its strings are NULL or
//! NUL-terminated.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::cell::{Cell, RefCell, UnsafeCell};
use core::ffi::{c_char, c_int, c_void};
use std::ffi::CString;

use crate::abi::callbacks::lws_callback_reasons;
use crate::abi::context_vhost::lws_context_creation_info;
use crate::abi::protocols_plugins::{lws_protocol_vhost_options, lws_protocols};
use crate::abi::context_vhost::ServerOptions;
use crate::abi::retry::lws_retry_bo_t;
use crate::core::lws_context;
use crate::core::wsi::call_fake;

pub const CONTEXT_PORT_NO_LISTEN: c_int = -1;
pub const CONTEXT_PORT_NO_LISTEN_SERVER: c_int = -2;

/// A vhost (opaque to C).
pub struct lws_vhost {
    pub context: *mut lws_context,
    pub name: CString,
    pub iface: Option<CString>,
    pub listen_port: Cell<c_int>,
    /// Our copy of the protocol table (terminator entry not counted).
    pub protocols: Box<[lws_protocols]>,
    pub count_protocols: usize,
    /// The table the user gave (for lookups by the user's pointers).
    pub user_protocols: *const lws_protocols,
    /// Per-protocol private data (`lws_protocol_vh_priv_zalloc`), calloc'd.
    pub privs: RefCell<Vec<*mut c_void>>,
    /// Replaced private data, freed with the vhost.
    pub retired_privs: RefCell<Vec<*mut c_void>>,
    pub pvo: *const lws_protocol_vhost_options,
    pub headers: *const lws_protocol_vhost_options,
    /// The user's mount list (`info->mounts`), owned by the user.
    pub mounts: *const crate::abi::http::lws_http_mount,
    /// `info->error_document_404` (owned by the user): where a 404 redirects.
    pub error_document_404: *const core::ffi::c_char,
    pub user: *mut c_void,
    pub options: ServerOptions,
    pub retry_policy: *const lws_retry_bo_t,
    pub finalize: Option<unsafe extern "C" fn(vh: *mut lws_vhost, arg: *mut c_void)>,
    pub finalize_arg: *mut c_void,
    pub created_protocols: Cell<bool>,
    pub being_destroyed: Cell<bool>,
    /// Listening socket (-1: none) and its poll token.
    pub listen_fd: Cell<c_int>,
    pub listen_token: Cell<usize>,
    /// Retries the listen every 30 s while `iface` does not exist or is not
    /// usable (as the oracle, for daemons started before the network).
    pub sul_listen_retry: UnsafeCell<crate::abi::timeout_timer::lws_sorted_usec_list_t>,
    /// The listening socket's wsi (as the oracle's listen wsi: the wsi of
    /// every FILTER_NETWORK_CONNECTION, and a WSI_DESTROY when it goes).
    pub listen_wsi: Cell<*mut crate::core::lws>,
    /// Protocol bound to a ws upgrade that names no subprotocol: the one
    /// whose pvo carries a "default" option (0 without one).
    pub default_protocol_index: usize,
    /// permessage-deflate from the vhost's extension table.
    pub pmd: Option<Box<crate::core::conn::pmd::VhostPmd>>,
    /// Seconds an idle keep-alive connection waits for its next request
    /// (`keepalive_timeout`, 0 = 5 as the oracle).
    pub keepalive_timeout: c_int,
    /// TLS server config (None: plain); replaced by `lws_tls_cert_updated`.
    pub tls: RefCell<Option<std::sync::Arc<rustls::ServerConfig>>>,
    /// What `tls` was made from (for `lws_tls_cert_updated`).
    pub tls_src: Option<Box<crate::tls::server::ServerSrc>>,
    /// Client TLS settings (CA, client certificate, ciphers).
    pub tls_client: crate::tls::client::ClientSettings,
}

/// The callback of the built-in "http-only" protocol: accepts everything.
///
/// # Safety
/// Touches none of its arguments: any values do.
unsafe extern "C-unwind" fn dummy_callback(
    _wsi: *mut crate::core::lws,
    _reason: c_int,
    _user: *mut c_void,
    _in: *mut c_void,
    _len: usize,
) -> c_int {
    0
}

fn zero_protocol() -> lws_protocols {
    lws_protocols {
        name: core::ptr::null(),
        callback: None,
        per_session_data_size: 0,
        rx_buffer_size: 0,
        id: 0,
        user: core::ptr::null_mut(),
        tx_packet_size: 0,
    }
}

/// Copies the protocol table of `info` (`pprotocols` wins over
/// `protocols`); without one, a single "http-only" protocol that accepts
/// everything.
///
/// # Safety
/// `info.pprotocols` NULL or a NULL-terminated array of valid protocols;
/// else `info.protocols` NULL or an array ended by an entry with no
/// callback (the API's contract).
unsafe fn copy_protocols(info: &lws_context_creation_info) -> Vec<lws_protocols> {
    let mut v = Vec::new();
    // SAFETY: each index read is at or before the terminator (NULL entry,
    // or entry without callback), which the caller guarantees exists.
    unsafe {
        if !info.pprotocols.is_null() {
            let mut i = 0;
            loop {
                let p = *info.pprotocols.add(i);
                if p.is_null() || (*p).callback.is_none() {
                    break;
                }
                v.push(*p);
                i += 1;
            }
        } else if !info.protocols.is_null() {
            let mut i = 0;
            while (*info.protocols.add(i)).callback.is_some() {
                v.push(*info.protocols.add(i));
                i += 1;
            }
        }
    }
    if v.is_empty() {
        v.push(lws_protocols {
            name: c"http-only".as_ptr(),
            callback: Some(dummy_callback),
            ..zero_protocol()
        });
    }
    v
}

/// `lws_create_vhost`.
///
/// # Safety
/// `ctx` and `info` valid.
pub unsafe fn create(ctx: *mut lws_context, info: *const lws_context_creation_info) -> *mut lws_vhost {
    // SAFETY: `info` is valid (caller), not changed during the call.
    let info = unsafe { &*info };
    let own = ServerOptions::from_bits_retain(info.options);
    // the context's options and the vhost's own
    // SAFETY: `ctx` is valid (caller), for this and each `(*ctx)` below.
    let all = unsafe { (*ctx).options }.union(own);
    if !crate::core::unsupported::check_vhost(info, all) {
        return core::ptr::null_mut();
    }
    // SAFETY: `info`'s strings are NULL or C strings (the API).
    let name = unsafe { crate::ffi::cstr_bytes(info.vhost_name) }.unwrap_or(b"default");
    let Ok(name) = CString::new(name) else { return core::ptr::null_mut() };
    // SAFETY: as `vhost_name`.
    let iface = unsafe { crate::ffi::cstr_bytes(info.iface) }.and_then(|b| CString::new(b).ok());
    // SAFETY: `info`'s protocol tables are as the API says (terminated).
    let prots = unsafe { copy_protocols(info) };
    let count = prots.len();
    let mut table = prots;
    table.push(zero_protocol());
    // SAFETY: `info.pvo` is NULL or a valid list; the protocol names are
    // NULL or C strings (copied from the application's table).
    let default_protocol_index = unsafe { default_protocol_index(info.pvo, &table[..count]) };
    let user_protocols = if info.pprotocols.is_null() { info.protocols } else { core::ptr::null() };
    let retry = if info.retry_and_idle_policy.is_null() {
        // SAFETY: see above.
        unsafe { (*ctx).retry_policy }
    } else {
        info.retry_and_idle_policy
    };
    lwsl_info!(
        "lws_create_vhost: '{}', port {}, {} protocols, IPv6 {}\n",
        name.to_string_lossy(),
        info.port,
        count,
        // SAFETY: see above.
        if all.contains(ServerOptions::DISABLE_IPV6) { "off" } else { "on" }
    );
    // SAFETY: see above.
    let tls = if crate::tls::server::wants_tls(info, all) {
        // SAFETY: as `vhost_name`.
        if let Some(cl) = unsafe { crate::ffi::cstr_bytes(info.ssl_cipher_list) } {
            lwsl_notice!(" SSL ciphers: '{}'\n", String::from_utf8_lossy(cl));
        }
        lwsl_notice!(" Vhost '{}' using TLS mode\n", name.to_string_lossy());
        // SAFETY: `info` valid (caller), `ctx` valid.
        match unsafe { crate::tls::server::config(info, (*ctx).options) } {
            Some(c) => Some(c),
            None => {
                lwsl_err!("lws_create_vhost: server TLS setup failed\n");
                return core::ptr::null_mut();
            }
        }
    } else {
        None
    };
    let vh = Box::into_raw(Box::new(lws_vhost {
        context: ctx,
        name,
        iface,
        listen_port: Cell::new(info.port),
        protocols: table.into_boxed_slice(),
        count_protocols: count,
        user_protocols,
        privs: RefCell::new(vec![core::ptr::null_mut(); count]),
        retired_privs: RefCell::new(Vec::new()),
        pvo: info.pvo,
        headers: info.headers,
        mounts: info.mounts,
        error_document_404: info.error_document_404,
        user: info.user,
        options: own,
        retry_policy: retry,
        finalize: info.finalize,
        finalize_arg: info.finalize_arg,
        created_protocols: Cell::new(false),
        being_destroyed: Cell::new(false),
        listen_fd: Cell::new(-1),
        listen_token: Cell::new(0),
        // SAFETY: an all-zero sul is the unscheduled state.
        sul_listen_retry: UnsafeCell::new(unsafe { core::mem::zeroed() }),
        listen_wsi: Cell::new(core::ptr::null_mut()),
        default_protocol_index,
        // SAFETY: the table is NULL or NULL-name terminated (the C API).
        pmd: unsafe { crate::core::conn::pmd::vhost_pmd(info.extensions) },
        keepalive_timeout: if info.keepalive_timeout <= 0 { 5 } else { info.keepalive_timeout },
        tls_src: tls.as_ref().map(|t| Box::new(t.1.clone())),
        tls: RefCell::new(tls.map(|t| t.0)),
        // SAFETY: `info` valid (caller).
        tls_client: unsafe { crate::tls::client::ClientSettings::from_info(info) },
    }));
    // SAFETY: `vh` is the fresh Box, its context valid.
    if info.port >= 0 && !unsafe { crate::core::conn::listen(vh, info.port) } {
        // SAFETY: a failed listen left nothing pointing at `vh` (no
        // socket slot, no listen wsi, no retry timer: that is scheduled
        // only on success), and it is on no list yet.
        unsafe { drop(Box::from_raw(vh)) };
        return core::ptr::null_mut();
    }
    // SAFETY: see above; no borrow of `vhosts` is live here.
    unsafe { (*ctx).vhosts.borrow_mut().push(vh) };
    lwsl_debug!("lws_create_vhost: vhost {:p} ({} bytes)\n", vh, core::mem::size_of::<lws_vhost>());
    if own.contains(ServerOptions::DO_SSL_GLOBAL_INIT) {
        // SAFETY: `ctx` valid.
        unsafe { crate::tls::server::schedule_aging(ctx) };
    }
    // SAFETY: `ctx` valid.
    if unsafe { (*ctx).protocol_init_done.get() } && unsafe { crate::core::context::protocol_init(ctx) } != 0 {
        lwsl_err!("lws_create_vhost: protocol init failed\n");
    }
    vh
}

/// The `options` of the pvo list head named `name` in `pvo`, or NULL.
///
/// # Safety
/// `pvo` NULL or a valid list; `name` NULL or a C string.
pub unsafe fn pvo_for(mut pvo: *const lws_protocol_vhost_options, name: *const c_char) -> *const lws_protocol_vhost_options {
    // SAFETY: `name` is NULL or a C string (caller: a protocol's name).
    let Some(name) = (unsafe { crate::ffi::cstr_bytes(name) }) else { return core::ptr::null() };
    while !pvo.is_null() {
        // SAFETY: `pvo` is a non-NULL element of the valid list (caller),
        // whose names are NULL or C strings.
        if unsafe { crate::ffi::cstr_bytes((*pvo).name) } == Some(name) {
            // SAFETY: as above.
            return unsafe { (*pvo).options };
        }
        // SAFETY: as above.
        pvo = unsafe { (*pvo).next };
    }
    core::ptr::null()
}

/// The index of the protocol a ws upgrade without `Sec-WebSocket-Protocol`
/// binds to: the oracle looks at each protocol's pvo (the list entry named
/// like the protocol) and picks the one whose options include a "default"
/// (any value; the last such protocol wins); otherwise 0.
///
/// # Safety
/// `pvo` NULL or a valid list; the protocols' names NULL or valid.
pub unsafe fn default_protocol_index(pvo: *const lws_protocol_vhost_options, protocols: &[lws_protocols]) -> usize {
    let mut idx = 0;
    for (i, p) in protocols.iter().enumerate() {
        // SAFETY: `pvo` and the names are as the caller guarantees.
        let mut o = unsafe { pvo_for(pvo, p.name) };
        while !o.is_null() {
            // SAFETY: `o` is a non-NULL element of a pvo's option list,
            // valid as the whole pvo tree is (caller).
            if unsafe { crate::ffi::cstr_bytes((*o).name) } == Some(&b"default"[..]) {
                idx = i;
            }
            // SAFETY: as above.
            o = unsafe { (*o).next };
        }
    }
    idx
}

/// Sends LWS_CALLBACK_PROTOCOL_INIT to each protocol of `vh` (once).
/// Returns nonzero if a protocol refused.
///
/// # Safety
/// `vh` valid.
pub unsafe fn init_protocols(vh: *mut lws_vhost) -> c_int {
    // SAFETY: `vh` is valid (caller) and stays readable through the
    // callbacks (module doc: freed only after them); `i` is below
    // `count_protocols`, the length of `protocols` and `privs`; a priv is
    // NULL or calloc'd (`lws_protocol_vh_priv_zalloc`), so free() takes
    // it, and it is replaced by NULL first so it is freed once.
    unsafe {
        if (*vh).created_protocols.get() || (*vh).being_destroyed.get() {
            return 0;
        }
        (*vh).created_protocols.set(true);
        let ctx = (*vh).context;
        for i in 0..(*vh).count_protocols {
            let prot = (*vh).protocols.as_ptr().add(i);
            let pvo = pvo_for((*vh).pvo, (*prot).name);
            if call_fake(ctx, vh, prot, prot, lws_callback_reasons::LWS_CALLBACK_PROTOCOL_INIT, pvo as *mut c_void) != 0 {
                let p = core::mem::replace(&mut (*vh).privs.borrow_mut()[i], core::ptr::null_mut());
                libc::free(p);
                lwsl_err!("protocol {} failed init\n", String::from_utf8_lossy(crate::ffi::cstr_bytes((*prot).name).unwrap_or(b"")));
                return 1;
            }
        }
    }
    0
}

/// Index in `vh`'s table of `prot`: our copy, the user's table, or a
/// protocol of the same name.
///
/// # Safety
/// `vh` valid, `prot` NULL or valid.
pub unsafe fn protocol_index(vh: *mut lws_vhost, prot: *const lws_protocols) -> Option<usize> {
    if prot.is_null() {
        return None;
    }
    // SAFETY: `vh` valid (caller); `base` has `n` entries, and the user's
    // table `ub` at least `n` (copy_protocols stopped at its terminator),
    // so each `add(i)` stays in bounds; `prot` is valid (caller) and the
    // names are NULL or C strings.
    unsafe {
        let n = (*vh).count_protocols;
        let base = (*vh).protocols.as_ptr();
        if let Some(i) = (0..n).find(|&i| base.add(i) == prot) {
            return Some(i);
        }
        let ub = (*vh).user_protocols;
        if !ub.is_null() {
            if let Some(i) = (0..n).find(|&i| ub.add(i) == prot) {
                return Some(i);
            }
        }
        let name = crate::ffi::cstr_bytes((*prot).name)?;
        (0..n).find(|&i| crate::ffi::cstr_bytes((*base.add(i)).name) == Some(name))
    }
}

/// Phase 1: mark the vhost dying.
///
/// # Safety
/// `vh` valid.
pub unsafe fn destroy1(vh: *mut lws_vhost) {
    // SAFETY: `vh` valid (caller).
    unsafe { (*vh).being_destroyed.set(true) };
}

/// Sends LWS_CALLBACK_PROTOCOL_DESTROY to each protocol (if they were
/// initialized).
///
/// # Safety
/// `vh` valid.
pub unsafe fn destroy_protocols(vh: *mut lws_vhost) {
    // SAFETY: `vh` is valid (caller) and stays readable through the
    // callbacks (module doc); `i < count_protocols`.
    unsafe {
        if !(*vh).created_protocols.replace(false) {
            return;
        }
        let ctx = (*vh).context;
        for i in 0..(*vh).count_protocols {
            let prot = (*vh).protocols.as_ptr().add(i);
            call_fake(ctx, vh, prot, prot, lws_callback_reasons::LWS_CALLBACK_PROTOCOL_DESTROY, core::ptr::null_mut());
        }
    }
}

/// `lws_vhost_destroy`: callbacks now; the memory is freed now, or after
/// the callback in progress returns if called from one.
///
/// # Safety
/// `vh` valid.
pub unsafe fn destroy(vh: *mut lws_vhost) {
    // SAFETY: `vh` and its context are valid (caller); `vh` stays
    // readable through the callbacks of close_all / destroy_protocols
    // (a nested destroy returns at `being_destroyed`); it is freed only
    // by free_pending, with no callback in progress; no borrow of
    // `vhosts` / `pending_free` is live across a callback.
    unsafe {
        if (*vh).being_destroyed.get() {
            return;
        }
        destroy1(vh);
        let ctx = (*vh).context;
        crate::core::conn::close_all(ctx, vh);
        crate::core::conn::unlisten(vh);
        destroy_protocols(vh);
        (*ctx).vhosts.borrow_mut().retain(|&v| v != vh);
        (*ctx).pending_free.borrow_mut().push(vh);
        if (*ctx).cb_depth.get() == 0 {
            crate::core::context::free_pending(ctx);
        }
    }
}

/// Frees a vhost that is off the context's list.
///
/// # Safety
/// `vh` valid and unreachable from C afterwards.
pub unsafe fn free(vh: *mut lws_vhost) {
    // SAFETY: `vh` valid (caller).
    lwsl_info!("lws_vhost free: '{}'\n", unsafe { (*vh).name.to_string_lossy() });
    // SAFETY: `vh` is valid and referenced by nothing else (caller), so
    // the application's finalize callback may look at it before the Box
    // is taken back, exactly once; each priv is NULL or calloc'd and
    // owned by the vhost.
    unsafe {
        if let Some(f) = (*vh).finalize {
            let arg = (*vh).finalize_arg;
            crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(f)(vh, arg));
        }
        let b = Box::from_raw(vh);
        for p in b.privs.borrow().iter().chain(b.retired_privs.borrow().iter()) {
            libc::free(*p);
        }
        drop(b);
    }
}

#[cfg(test)]
// the tests' unsafe blocks only use pointers to the test's own locals
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    fn prot(name: &'static core::ffi::CStr) -> lws_protocols {
        lws_protocols { name: name.as_ptr(), ..zero_protocol() }
    }

    fn opt(name: &'static core::ffi::CStr, next: *const lws_protocol_vhost_options, options: *const lws_protocol_vhost_options) -> lws_protocol_vhost_options {
        lws_protocol_vhost_options { next, options, name: name.as_ptr(), value: c"".as_ptr() }
    }

    /// Autobahn (no subprotocol) must reach the echo protocol of
    /// examples-c/ws-echo-server.c, which is marked with the pvo "default".
    #[test]
    fn pvo_default_selects_protocol() {
        let prots = [prot(c"http"), prot(c"lws-echo"), prot(c"other")];
        assert_eq!(unsafe { default_protocol_index(core::ptr::null(), &prots) }, 0);
        let d = opt(c"default", core::ptr::null(), core::ptr::null());
        let echo = opt(c"lws-echo", core::ptr::null(), &d);
        assert_eq!(unsafe { default_protocol_index(&echo, &prots) }, 1);
        // an option with another name does not count; nor does "default"
        // under a protocol name the vhost lacks
        let x = opt(c"x", core::ptr::null(), core::ptr::null());
        let other = opt(c"other", core::ptr::null(), &x);
        let missing = opt(c"missing", &other, &d);
        assert_eq!(unsafe { default_protocol_index(&missing, &prots) }, 0);
        // "default" found second in an option list
        let d2 = opt(c"default", core::ptr::null(), core::ptr::null());
        let x2 = opt(c"x", &d2, core::ptr::null());
        let other2 = opt(c"other", core::ptr::null(), &x2);
        assert_eq!(unsafe { default_protocol_index(&other2, &prots) }, 2);
    }
}
