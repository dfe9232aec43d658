//! Client connections: a wsi like an accepted one (same ConnState, send
//! path and close rules) that connects out, writes a request head, reads
//! the response head, then runs the WebSocket rx path with the client
//! callbacks or receives an HTTP response body.
//!
//! Oracle sequences (docs/oracle-client.md):
//! - ws: SERVER_NEW_CLIENT_INSTANTIATED (before connect returns), then once
//!   connected WSI_CREATE, CLIENT_APPEND_HANDSHAKE_HEADER, and on the
//!   response ESTABLISHED_CLIENT_HTTP, CLIENT_FILTER_PRE_ESTABLISH,
//!   CLIENT_ESTABLISHED;
//! - http: ... APPEND_HANDSHAKE_HEADER, [CLIENT_HTTP_WRITEABLE],
//!   CLIENT_FILTER_PRE_ESTABLISH, ESTABLISHED_CLIENT_HTTP,
//!   RECEIVE_CLIENT_HTTP..., COMPLETED_CLIENT_HTTP, CLOSED_CLIENT_HTTP;
//! - failure before establishment: CLIENT_CONNECTION_ERROR (reason string
//!   in `in`), WSI_DESTROY, no CLOSED.
//!
//! Here: the client state, connecting (name lookup, socket, connect
//! result) and connection errors.  `tls`: the TLS handshake; `response`:
//! the request head, the response head, upgrade or HTTP establishment,
//! redirects, `lws_client_reset`; `receive`: the response body, ws data,
//! multipart request bodies.  What needs no socket (request head text,
//! head end and status, the upgrade checks, chunked decoding) is
//! `h1::client`.
//!
//! Pointers and borrows: every function here takes a client wsi that is
//! valid for the call (its caller's contract: the service loop's
//! generation-checked slab entry, or an API caller's live handle).  A
//! callback made on it (`cb`, counted in `in_cb` by the one invoker)
//! cannot free it: a close asked for inside only marks it (`close_req`),
//! a forced one (vhost or context destruction) leaves it allocated as a
//! zombie until the end of the service pass; so `&(*wsi).c` stays valid
//! across the callbacks, and a function goes on only with what it checks
//! afterwards (`close_req`, `closed`, `finish`).  The connection state is
//! cells; no `RefCell` borrow of it is held across a callback (each
//! `cl` / `h1` / `ws` borrow ends in its statement or block before the
//! next `cb`), except the `tls` cell in `tls_handshake` (see there).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, CStr};

use super::*;
use crate::abi::client::lws_client_connect_info;

/// The client role's closing callbacks: a client with no protocol bound
/// yet gets what its stage calls for (CLOSED_CLIENT_HTTP while waiting
/// for its response head, e.g. at its timeout; nothing more after
/// CONNECTION_ERROR; CONNECTION_ERROR "closed before established" when
/// its connect never completed); else the bound protocol decides.
///
/// # Safety
/// `wsi` valid, a client connection being closed.
pub(crate) unsafe fn h1_client_closing(wsi: *mut lws, stage: ClientStage) {
    // SAFETY: `wsi` valid (caller), kept allocated through the callbacks
    // by the invoker's in_cb count.
    unsafe {
        if (*wsi).c.bound.get() != Bound::None {
            return closing_by_binding(wsi);
        }
        match stage {
            ClientStage::Head => {
                client_drop_protocol(wsi);
                cb(wsi, R::LWS_CALLBACK_CLOSED_CLIENT_HTTP, core::ptr::null_mut(), 0);
            }
            ClientStage::Failed => client_drop_protocol(wsi),
            ClientStage::Connecting => {
                client_drop_protocol(wsi);
                let why = c"closed before established";
                // as the oracle, len counts the terminating NUL
                cb(
                    wsi,
                    R::LWS_CALLBACK_CLIENT_CONNECTION_ERROR,
                    why.as_ptr() as *mut c_void,
                    why.to_bytes_with_nul().len(),
                );
            }
            ClientStage::Body => closing_by_binding(wsi),
        }
    }
}

mod receive;
mod response;
mod tls;
pub(crate) use receive::*;
// (explicit: conn's own body_rx, the server's, comes in with `use super::*`)
pub(crate) use response::*;
pub(crate) use tls::*;

/// Where the bytes of a client connection leave and enter: see
/// [`send_raw`] / [`service_read`]; the TLS handshake of a client would
/// start in [`connected`], before the request head is written.
pub struct Client {
    pub ws: bool,
    pub key: String,
    pub method: Vec<u8>,
    pub path: Vec<u8>,
    pub host: Vec<u8>,
    pub origin: Option<Vec<u8>>,
    pub protocol: Option<Vec<u8>>,
    /// An immediate connect() failure, reported at the first service.
    pub connect_failed: bool,
    /// Response head collected so far.
    pub head: Vec<u8>,
    pub head_bad: bool,
    pub status: u32,
    // response body: received pieces (one per read, or per chunk)
    pub body: std::collections::VecDeque<Vec<u8>>,
    /// A protocol was bound by name (CLIENT_HTTP_BIND_PROTOCOL): only then
    /// does the oracle hand the body to RECEIVE_CLIENT_HTTP_READ.
    pub http_bound: bool,
    pub content_length: Option<u64>,
    pub received: u64,
    pub chunked: bool,
    pub chunk: Chunk,
    pub complete: bool,
    pub completed_sent: bool,
    /// The body cannot complete (bad chunk framing, or EOF before its
    /// end): the next `lws_http_client_read` fails, as on the oracle.
    pub failed: bool,
    /// `lws_client_http_body_pending(wsi, 1)`: the request body is being
    /// written from CLIENT_HTTP_WRITEABLE.
    pub body_pending: bool,
    /// WebSocket payload gathered until its frame ends or the rx buffer is
    /// full (the oracle's client delivers no smaller pieces).
    pub rx_acc: Vec<u8>,
    pub rx_acc_first: bool,
    /// Connect info kept for redirects.
    pub ssl_flags: crate::abi::client::ClientFlags,
    pub port: u16,
    pub iface: Option<Vec<u8>>,
    /// Requests after a redirect go without "connection: close".
    pub redirected: bool,
    pub redirected_to_get: bool,
    pub redirects: u8,
    /// LCCSCF_HTTP_MULTIPART_MIME: the boundary of the request body.
    pub boundary: Option<String>,
    /// A multipart part was written: the next one starts with CRLF.
    pub mp_started: bool,
    /// LCCSCF_USE_SSL: the TLS handshake runs; the request head goes out
    /// once it completed.
    pub tls_wait: bool,
    /// LCCSCF_USE_SSL as given to connect: what `lws_is_ssl` reports on
    /// the oracle even after a redirect changed the transport.
    pub ssl_asked: bool,
    /// Redirected from a TLS connection: see [`redirect`].
    pub est_after_tls: bool,
    /// What the connection was asked to use, readable through `lws_hdr_*`
    /// with the response headers (`_WSI_TOKEN_CLIENT_*`, as the oracle).
    pub stash: Vec<(i32, Vec<u8>)>,
}

pub use crate::h1::client::Chunk;

/// A copy of the C string at `p` (None for NULL).
///
/// # Safety
/// `p` NULL or NUL-terminated.  (Was a safe fn dereferencing its raw
/// argument.)
unsafe fn cstr(p: *const c_char) -> Option<Vec<u8>> {
    if p.is_null() {
        None
    } else {
        // SAFETY: not NULL, so a C string (caller); copied out.
        Some(unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
    }
}

/// Resolves `addr` (a name, or a numeric IPv4 / IPv6 address) to its first
/// address with `port`.  Blocking, as the oracle (no async DNS in Debian's
/// build).
fn resolve(addr: &[u8], port: u16) -> Option<(libc::sockaddr_storage, libc::socklen_t)> {
    let a = std::ffi::CString::new(addr).ok()?;
    lwsl_debug!("lws_client_connect: looking up '{}'\n", String::from_utf8_lossy(addr));
    // SAFETY: `a` is a C string; `hints` and `ss` are plain C structs for
    // which all-zero is valid.  getaddrinfo's list (`res`, checked not
    // NULL) is walked through its `ai_next` links and read only before
    // freeaddrinfo; `ai_addrlen` is the length of `ai_addr`, at most
    // sizeof(sockaddr_storage), so the copy fits `ss`; the casts of `ss`
    // to sockaddr_in / sockaddr_in6 follow its family.
    unsafe {
        let mut hints: libc::addrinfo = core::mem::zeroed();
        hints.ai_family = libc::AF_UNSPEC;
        hints.ai_socktype = libc::SOCK_STREAM;
        let mut res: *mut libc::addrinfo = core::ptr::null_mut();
        let rc = libc::getaddrinfo(a.as_ptr(), core::ptr::null(), &hints, &mut res);
        if rc != 0 || res.is_null() {
            lwsl_notice!("lws_client_connect: getaddrinfo for '{}' failed {}\n", String::from_utf8_lossy(addr), rc);
            return None;
        }
        // prefer IPv4 as the oracle's resolver order does for "localhost"
        let mut pick = res;
        let mut p = res;
        while !p.is_null() {
            if (*p).ai_family == libc::AF_INET {
                pick = p;
                break;
            }
            p = (*p).ai_next;
        }
        let mut ss: libc::sockaddr_storage = core::mem::zeroed();
        let len = (*pick).ai_addrlen;
        core::ptr::copy_nonoverlapping((*pick).ai_addr as *const u8, &mut ss as *mut _ as *mut u8, len as usize);
        libc::freeaddrinfo(res);
        if ss.ss_family as c_int == libc::AF_INET {
            (*(&mut ss as *mut _ as *mut libc::sockaddr_in)).sin_port = port.to_be();
        } else if ss.ss_family as c_int == libc::AF_INET6 {
            (*(&mut ss as *mut _ as *mut libc::sockaddr_in6)).sin6_port = port.to_be();
        } else {
            return None;
        }
        Some((ss, len))
    }
}

/// `lws_client_connect_via_info`.
///
/// # Safety
/// `ci` valid; its pointers NULL or valid.
pub unsafe fn connect(ci: &lws_client_connect_info) -> *mut lws {
    // SAFETY: `ci`'s context and vhost, when not NULL, are live, its
    // strings NULL or C strings, `pwsi` and `parent_wsi` NULL or valid
    // (caller: the C contract).  The `vhosts` borrow ends with its
    // statement.  `protos` borrows the vhost's own table, with no callback
    // while it is alive; `prot` points into it (its first entry, the
    // zeroed terminator when it has no protocols), live as long as the
    // vhost.  The new wsi is our Box: valid until free_unconnected or a
    // close frees it, also through the callbacks below (module doc); the
    // `cl` borrows end before the first `cb`.
    // NOT SOUND: `vh` is chosen before protocol_init, whose PROTOCOL_INIT
    // callbacks may destroy that vhost (or the context, core/context.rs):
    // a destroyed vhost stays allocated only until the next free_pending,
    // and the wsi made on it here after its connections were closed keeps
    // pointing at it.
    unsafe {
        let ctx = ci.context;
        if ctx.is_null() || ci.address.is_null() {
            return core::ptr::null_mut();
        }
        let vh = if ci.vhost.is_null() {
            match (*ctx).vhosts.borrow().first() {
                Some(&v) => v,
                None => return core::ptr::null_mut(),
            }
        } else {
            ci.vhost
        };
        if !(*ctx).protocol_init_done.get() {
            // the oracle starts the protocols here at the latest
            crate::core::context::protocol_init(ctx);
        }
        let address = cstr(ci.address).unwrap_or_default();
        if !(*vh).options.contains(ServerOptions::DISABLE_IPV6)
            && cstr(ci.iface).is_some_and(|f| core::str::from_utf8(&f).is_ok_and(|s| s.parse::<std::net::Ipv4Addr>().is_ok()))
        {
            lwsl_notice!("lws_client_connect: iface is an IPv4 address: the connection is IPv4\n");
        }
        let Some((ss, slen)) = resolve(&address, ci.port as u16) else {
            lwsl_info!("lws_client_connect: no address for {}\n", String::from_utf8_lossy(&address));
            return core::ptr::null_mut();
        };
        // the protocol: local_protocol_name, else the requested ws
        // subprotocol's name, else the vhost's first
        let want = cstr(ci.local_protocol_name).or_else(|| cstr(ci.protocol));
        let protos = &(*vh).protocols;
        let mut prot = protos.as_ptr();
        let mut found = false;
        if let Some(w) = &want {
            for p in protos.iter().take((*vh).count_protocols) {
                if !p.name.is_null() && CStr::from_ptr(p.name).to_bytes() == w.as_slice() {
                    prot = p;
                    found = true;
                    break;
                }
            }
        }
        let wsi = Box::into_raw(Box::new(lws::new(ctx, vh, prot, false)));
        lwsl_info!("lws_client_connect: wsi {:p} to {} port {}\n", wsi, String::from_utf8_lossy(&address), ci.port);
        let c = &(*wsi).c;
        c.http.http_role.set(false);
        c.client.set(true);
        c.role.set(Role::H1Client(ClientStage::Connecting));
        (*wsi).opaque_user_data.set(ci.opaque_user_data);
        (*wsi).retry_policy.set(ci.retry_and_idle_policy);
        if !ci.userdata.is_null() {
            (*wsi).user_space.set(ci.userdata);
        } else if !prot.is_null() && (*prot).per_session_data_size > 0 {
            (*wsi).user_space.set(libc::calloc(1, (*prot).per_session_data_size));
            c.pss_owned.set(true);
        }
        let ws = ci.method.is_null();
        let mut key = [0u8; 16];
        crate::core::random::fill(&mut key);
        use base64::Engine;
        let flags = crate::abi::client::ClientFlags::from_bits_retain(ci.ssl_connection);
        *c.cl.borrow_mut() = Some(Box::new(Client {
            ws,
            key: base64::engine::general_purpose::STANDARD.encode(key),
            method: cstr(ci.method).unwrap_or_else(|| b"GET".to_vec()),
            path: cstr(ci.path).filter(|p| !p.is_empty()).unwrap_or_else(|| b"/".to_vec()),
            host: cstr(ci.host).unwrap_or_else(|| address.clone()),
            origin: cstr(ci.origin),
            protocol: if ws { cstr(ci.protocol) } else { None },
            connect_failed: false,
            head: Vec::new(),
            head_bad: false,
            status: 0,
            body: Default::default(),
            http_bound: false,
            content_length: None,
            received: 0,
            chunked: false,
            chunk: Chunk::Size(0),
            complete: false,
            completed_sent: false,
            failed: false,
            body_pending: false,
            rx_acc: Vec::new(),
            rx_acc_first: false,
            ssl_flags: flags,
            port: ci.port as u16,
            iface: cstr(ci.iface),
            redirected: false,
            redirected_to_get: false,
            redirects: 0,
            mp_started: false,
            tls_wait: false,
            est_after_tls: false,
            ssl_asked: flags.contains(crate::abi::client::ClientFlags::USE_SSL),
            boundary: if !ws && flags.contains(crate::abi::client::ClientFlags::HTTP_MULTIPART_MIME) { Some(new_boundary()) } else { None },
            stash: [
                (h1::parse::CLIENT_SENT_PROTOCOLS, cstr(ci.protocol)),
                (h1::parse::CLIENT_PEER_ADDRESS, Some(address.clone())),
                (h1::parse::CLIENT_URI, cstr(ci.path)),
                (h1::parse::CLIENT_HOST, cstr(ci.host)),
                (h1::parse::CLIENT_ORIGIN, cstr(ci.origin)),
                (h1::parse::CLIENT_METHOD, cstr(ci.method)),
                (h1::parse::CLIENT_IFACE, cstr(ci.iface)),
                (h1::parse::CLIENT_ALPN, cstr(ci.alpn)),
            ]
            .into_iter()
            .filter_map(|(t, v)| Some((t, v?)))
            .collect(),
        }));
        // pwsi is filled in before any callback can run.  (The oracle
        // fills it in only after CLIENT_HTTP_BIND_PROTOCOL:
        // docs/deviations.md.)
        if !ci.pwsi.is_null() {
            *ci.pwsi = wsi;
        }
        if found {
            // a protocol named in the connect info is bound first, to ws
            // and HTTP clients alike
            if let Some(cl) = c.cl.borrow_mut().as_mut() {
                cl.http_bound = true;
            }
            // its answer is ignored, as the oracle does: the connect goes on
            cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0);
        }
        if !open_socket(wsi, &ss, slen, ci.iface, None) {
            // as the oracle: WSI_DESTROY (through the bound protocol, with
            // pwsi not pointing at it), and connect returns NULL
            if !ci.pwsi.is_null() && *ci.pwsi == wsi {
                *ci.pwsi = core::ptr::null_mut();
            }
            cb(wsi, R::LWS_CALLBACK_WSI_DESTROY, core::ptr::null_mut(), 0);
            free_unconnected(wsi, ci.pwsi);
            return core::ptr::null_mut();
        }
        if !ci.parent_wsi.is_null() {
            close::link_child(ci.parent_wsi, wsi);
        }
        crate::core::wsi::set_timeout(wsi, TO_CONNECT, client_timeout_secs(wsi));
        if cb(wsi, R::LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED, core::ptr::null_mut(), 0) != 0 {
            request_close(wsi);
        }
        if !finish(wsi) {
            return core::ptr::null_mut();
        }
        wsi
    }
}

/// Makes the socket of `wsi` (registered under `token`, or a new token)
/// and starts the non-blocking connect; an immediate failure is reported
/// from the next service pass.  False if no socket could be made.
///
/// # Safety
/// `wsi` valid, a client connection without a socket; `iface` NULL or a
/// C string; `slen` the length of the address in `ss`.
unsafe fn open_socket(
    wsi: *mut lws,
    ss: &libc::sockaddr_storage,
    slen: libc::socklen_t,
    iface: *const c_char,
    token: Option<usize>,
) -> bool {
    // SAFETY: `wsi` and its context valid, `iface` NULL or a C string
    // (caller).  The option and address arguments are our locals with
    // their true sizes (`slen` is the length getaddrinfo gave for `ss`,
    // and no more than `ls`'s storage); the casts of `ls` follow its
    // family.  pollout_on's GET_THREAD_ID callback is counted in `in_cb`;
    // the `cl` borrow ends before make_ripe.
    unsafe {
        let c = &(*wsi).c;
        let ctx = (*wsi).context;
        let fam = ss.ss_family as c_int;
        let fd = libc::socket(fam, libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            lwsl_err!("ERROR opening socket\n");
            return false;
        }
        c.t.fd.set(fd);
        let one: c_int = 1;
        libc::setsockopt(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, &one as *const _ as *const c_void, 4);
        if !iface.is_null() {
            let mut ls: libc::sockaddr_storage = core::mem::zeroed();
            let r = crate::core::netaddr::interface_to_sa(
                (fam == libc::AF_INET6) as c_int,
                iface,
                &mut ls as *mut _ as *mut libc::sockaddr_in,
                slen as _,
            );
            if r == 0 {
                if fam == libc::AF_INET6 {
                    (*(&mut ls as *mut _ as *mut libc::sockaddr_in6)).sin6_port = 0;
                } else {
                    (*(&mut ls as *mut _ as *mut libc::sockaddr_in)).sin_port = 0;
                }
            }
            if r != 0 || libc::bind(fd, &ls as *const _ as *const libc::sockaddr, slen) != 0 {
                // as the oracle: no connection from an interface or
                // address that is not there
                lwsl_info!(
                    "lws_client_connect: unable to bind to interface {}\n",
                    CStr::from_ptr(iface).to_string_lossy()
                );
                libc::close(fd);
                c.t.fd.set(-1);
                return false;
            }
        }
        if register_conn(ctx, wsi, fd, token).is_none() {
            libc::close(fd);
            c.t.fd.set(-1);
            return false;
        }
        c.t.sock_writable.set(false);
        c.role.set(Role::H1Client(ClientStage::Connecting));
        let r = libc::connect(fd, ss as *const _ as *const libc::sockaddr, slen);
        // the oracle polls for POLLOUT to hear of the connect's end
        threadid::pollout_on(wsi);
        if r < 0 {
            let e = std::io::Error::last_os_error().raw_os_error();
            if e != Some(libc::EINPROGRESS) && e != Some(libc::EINTR) {
                // reported from the first service, as the oracle
                if let Some(cl) = c.cl.borrow_mut().as_mut() {
                    cl.connect_failed = true;
                }
                c.t.sock_writable.set(true);
                c.want_writable.set(true);
                make_ripe(wsi);
            }
        }
        true
    }
}

/// `PENDING_TIMEOUT_SENT_CLIENT_HANDSHAKE`.
pub(crate) const TO_CONNECT: c_int = 2;
/// How long the oracle waits for a connection, and then for the response
/// head: the context's `timeout_secs` (default 5), measured both for a
/// connect that never completes (CLIENT_CONNECTION_ERROR "Unable to
/// connect") and for a server that accepts and never answers
/// (CLOSED_CLIENT_HTTP).
///
/// # Safety
/// `wsi` valid.
unsafe fn client_timeout_secs(wsi: *mut lws) -> c_int {
    // SAFETY: `wsi` and so its context valid (caller).
    unsafe { (*(*wsi).context).net.timeout_secs.get() }
}

/// Frees a client wsi that never got a socket (connect failed before
/// it), clearing `*pwsi` if it names it.
///
/// # Safety
/// `wsi` our Box from `connect`, with no callback of it on the stack,
/// not registered anywhere and not used after; `pwsi` NULL or valid.
unsafe fn free_unconnected(wsi: *mut lws, pwsi: *mut *mut lws) {
    // SAFETY: `pwsi` NULL or valid, `wsi` the Box connect made (caller),
    // dropped once; the session data is ours to free only when
    // `pss_owned` (calloc'ed in connect); unhook takes it off the timer
    // and ripe lists first (a valid wsi: its contract does not need a
    // close, only that nothing of it runs).
    unsafe {
        if !pwsi.is_null() && *pwsi == wsi {
            *pwsi = core::ptr::null_mut();
        }
        // what its callbacks armed on the way out (timers, a timeout)
        // goes with it
        close::unhook(wsi);
        if (*wsi).c.pss_owned.get() {
            libc::free((*wsi).user_space.get());
        }
        drop(Box::from_raw(wsi));
    }
}

/// A connection that never established: CLIENT_CONNECTION_ERROR with
/// `why`, then WSI_DESTROY (no CLOSED).
///
/// # Safety
/// `wsi` valid, a client connection.
pub(crate) unsafe fn conn_error(wsi: *mut lws, why: &'static CStr) {
    // SAFETY: `wsi` valid (caller) and still allocated after the callback
    // (module doc); `why` is a static C string, its bytes the callback's
    // `in`.
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() {
            return;
        }
        c.role.set(Role::H1Client(ClientStage::Failed));
        lwsl_info!("client connection error: {}\n", why.to_string_lossy());
        cb(
            wsi,
            R::LWS_CALLBACK_CLIENT_CONNECTION_ERROR,
            why.as_ptr() as *mut c_void,
            why.to_bytes().len(),
        );
        // the caller's finish() completes the close (WSI_DESTROY)
        c.close_req.set(true);
    }
}

/// CLIENT_CONNECTION_ERROR with a reason made at run time.
///
/// # Safety
/// `wsi` valid, a client connection.
pub(crate) unsafe fn conn_error_msg(wsi: *mut lws, why: &[u8]) {
    // SAFETY: `wsi` valid (caller) and still allocated after the callback
    // (module doc); `in` is `z`, our NUL-terminated copy, alive through it.
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() {
            return;
        }
        c.role.set(Role::H1Client(ClientStage::Failed));
        lwsl_info!("client connection error: {}\n", String::from_utf8_lossy(why));
        let mut z = why.to_vec();
        z.push(0);
        cb(wsi, R::LWS_CALLBACK_CLIENT_CONNECTION_ERROR, z.as_mut_ptr() as *mut c_void, why.len());
        c.close_req.set(true);
    }
}

/// Whether the wsi is a client connection.
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn is_client(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller).
    unsafe { (*wsi).c.client.get() }
}

/// The socket of a connecting client became writable (or the connect
/// failed at once).  Returns false if the connection is gone.
///
/// # Safety
/// `wsi` valid, a connecting client; not used after a false answer.
pub(crate) unsafe fn connecting_writable(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); the `cl` borrow ends with its statement; `err` and
    // `l` are our locals of the size getsockopt is told.
    unsafe {
        let c = &(*wsi).c;
        let failed = c.cl.borrow().as_ref().is_some_and(|cl| cl.connect_failed);
        let mut err: c_int = 0;
        let mut l = core::mem::size_of::<c_int>() as libc::socklen_t;
        let r = libc::getsockopt(c.t.fd.get(), libc::SOL_SOCKET, libc::SO_ERROR, &mut err as *mut _ as *mut c_void, &mut l);
        threadid::pollout_off(wsi);
        if failed || r < 0 || err != 0 {
            conn_error(wsi, c"Unable to connect");
        } else {
            connected(wsi);
        }
        finish(wsi)
    }
}

/// Connected: WSI_CREATE, then the request head (APPEND_HANDSHAKE_HEADER
/// lets the user add headers) goes out.  A client TLS handshake would
/// start here, before the head.
///
/// # Safety
/// `wsi` valid, a client connection.
pub(crate) unsafe fn connected(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); its context valid while it is; the `cl` borrow ends
    // with the condition.
    unsafe {
        let c = &(*wsi).c;
        c.role.set(Role::H1Client(ClientStage::Head));
        lwsl_info!("lws_client_connect: wsi {:p} connected\n", wsi);
        if cb(wsi, R::LWS_CALLBACK_WSI_CREATE, core::ptr::null_mut(), 0) != 0 {
            request_close(wsi);
            return false;
        }
        if !start_tls(wsi) {
            return false;
        }
        if c.cl.borrow().as_ref().is_some_and(|cl| cl.tls_wait) {
            // the head follows the handshake (tls_handshake); as the
            // oracle, the handshake gets the context's timeout_secs
            crate::core::wsi::set_timeout(wsi, TO_SSL, (*(*wsi).context).net.timeout_secs.get());
            c.t.read_more.set(true);
            make_ripe(wsi);
            return true;
        }
        send_head(wsi)
    }
}
