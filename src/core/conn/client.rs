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

use core::ffi::{c_char, CStr};

use super::*;
use crate::api::client::lws_client_connect_info;

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
    pub ssl_flags: c_int,
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

fn cstr(p: *const c_char) -> Option<Vec<u8>> {
    if p.is_null() {
        None
    } else {
        Some(unsafe { CStr::from_ptr(p) }.to_bytes().to_vec())
    }
}

/// Resolves `addr` (a name, or a numeric IPv4 / IPv6 address) to its first
/// address with `port`.  Blocking, as the oracle (no async DNS in Debian's
/// build).
fn resolve(addr: &[u8], port: u16) -> Option<(libc::sockaddr_storage, libc::socklen_t)> {
    let a = std::ffi::CString::new(addr).ok()?;
    lwsl_debug!("lws_client_connect: looking up '{}'\n", String::from_utf8_lossy(addr));
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
        if (*vh).options & LWS_SERVER_OPTION_DISABLE_IPV6 == 0
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
        c.http_role.set(false);
        c.client.set(true);
        c.mode.set(Mode::ClientConnecting);
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
            ssl_flags: ci.ssl_connection,
            port: ci.port as u16,
            iface: cstr(ci.iface),
            redirected: false,
            redirected_to_get: false,
            redirects: 0,
            mp_started: false,
            tls_wait: false,
            est_after_tls: false,
            ssl_asked: ci.ssl_connection & crate::tls::client::LCCSCF_USE_SSL != 0,
            boundary: if !ws && ci.ssl_connection & (1 << 10) != 0 { Some(new_boundary()) } else { None },
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
            if cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) != 0 {
                free_unconnected(wsi, ci.pwsi);
                return core::ptr::null_mut();
            }
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
unsafe fn open_socket(
    wsi: *mut lws,
    ss: &libc::sockaddr_storage,
    slen: libc::socklen_t,
    iface: *const c_char,
    token: Option<usize>,
) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let ctx = (*wsi).context;
        let fam = ss.ss_family as c_int;
        let fd = libc::socket(fam, libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            lwsl_err!("ERROR opening socket\n");
            return false;
        }
        c.fd.set(fd);
        let one: c_int = 1;
        libc::setsockopt(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, &one as *const _ as *const c_void, 4);
        if !iface.is_null() {
            let mut ls: libc::sockaddr_storage = core::mem::zeroed();
            let r = crate::api::network_helper::lws_interface_to_sa(
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
                c.fd.set(-1);
                return false;
            }
        }
        let token = token.unwrap_or_else(|| (*ctx).net.alloc_slot(Slot::Conn(wsi)));
        c.token.set(token);
        if (*ctx)
            .poll
            .borrow()
            .registry()
            .register(&mut mio::unix::SourceFd(&fd), mio::Token(token), mio::Interest::READABLE | mio::Interest::WRITABLE)
            .is_err()
        {
            (*ctx).net.release_slot(token);
            libc::close(fd);
            c.fd.set(-1);
            return false;
        }
        c.sock_writable.set(false);
        c.mode.set(Mode::ClientConnecting);
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
                c.sock_writable.set(true);
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
unsafe fn client_timeout_secs(wsi: *mut lws) -> c_int {
    unsafe { (*(*wsi).context).net.timeout_secs.get() }
}

unsafe fn free_unconnected(wsi: *mut lws, pwsi: *mut *mut lws) {
    unsafe {
        if !pwsi.is_null() && *pwsi == wsi {
            *pwsi = core::ptr::null_mut();
        }
        if (*wsi).c.pss_owned.get() {
            libc::free((*wsi).user_space.get());
        }
        drop(Box::from_raw(wsi));
    }
}

/// A connection that never established: CLIENT_CONNECTION_ERROR with
/// `why`, then WSI_DESTROY (no CLOSED).
pub(crate) unsafe fn conn_error(wsi: *mut lws, why: &'static CStr) {
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() {
            return;
        }
        c.mode.set(Mode::ClientFailed);
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
pub(crate) unsafe fn conn_error_msg(wsi: *mut lws, why: &[u8]) {
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() {
            return;
        }
        c.mode.set(Mode::ClientFailed);
        lwsl_info!("client connection error: {}\n", String::from_utf8_lossy(why));
        let mut z = why.to_vec();
        z.push(0);
        cb(wsi, R::LWS_CALLBACK_CLIENT_CONNECTION_ERROR, z.as_mut_ptr() as *mut c_void, why.len());
        c.close_req.set(true);
    }
}

/// Whether the wsi is a client connection.
pub(crate) fn is_client(wsi: *mut lws) -> bool {
    unsafe { (*wsi).c.client.get() }
}

/// The socket of a connecting client became writable (or the connect
/// failed at once).  Returns false if the connection is gone.
pub(crate) unsafe fn connecting_writable(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let failed = c.cl.borrow().as_ref().is_some_and(|cl| cl.connect_failed);
        let mut err: c_int = 0;
        let mut l = core::mem::size_of::<c_int>() as libc::socklen_t;
        let r = libc::getsockopt(c.fd.get(), libc::SOL_SOCKET, libc::SO_ERROR, &mut err as *mut _ as *mut c_void, &mut l);
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
pub(crate) unsafe fn connected(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        c.mode.set(Mode::ClientHead);
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
            c.read_more.set(true);
            make_ripe(wsi);
            return true;
        }
        send_head(wsi)
    }
}

/// LCCSCF_USE_SSL: a TLS session towards the host (SNI and name check
/// against the Host, without a port).  False if it could not start.
unsafe fn start_tls(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        *c.tls.borrow_mut() = None;
        c.is_tls.set(false);
        let (flags, host) = {
            let g = c.cl.borrow();
            let cl = g.as_ref().unwrap();
            (cl.ssl_flags, cl.host.clone())
        };
        if flags & crate::tls::client::LCCSCF_USE_SSL == 0 {
            return true;
        }
        let h = if host.starts_with(b"[") {
            host[1..].split(|&b| b == b']').next().unwrap_or(&[]).to_vec()
        } else {
            host.split(|&b| b == b':').next().unwrap_or(&[]).to_vec()
        };
        let vh = (*wsi).vhost.get();
        match crate::tls::client::client_session(&(*vh).tls_client, flags, &String::from_utf8_lossy(&h)) {
            Ok(t) => {
                *c.tls.borrow_mut() = Some(t);
                c.is_tls.set(true);
                if let Some(cl) = c.cl.borrow_mut().as_mut() {
                    cl.tls_wait = true;
                }
                true
            }
            Err(e) => {
                conn_error_msg(wsi, e.as_bytes());
                false
            }
        }
    }
}

/// Drives the client's TLS handshake while the request head waits.
/// Returns true when it completed (the head was sent) and the
/// connection goes on reading, false when it waits or failed.
pub(crate) unsafe fn tls_handshake(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let fd = c.fd.get();
        // the certificate verifier calls the application with this wsi
        let prev = crate::tls::server::CURRENT_WSI.with(|w| w.replace(wsi));
        let close_before = c.close_req.get();
        let res: Result<bool, Option<String>> = {
            let mut g = c.tls.borrow_mut();
            let Some(t) = g.as_mut() else {
                crate::tls::server::CURRENT_WSI.with(|w| w.set(prev));
                return true;
            };
            let mut io = crate::tls::FdIo(fd);
            loop {
                match t.flush(fd) {
                    Err(_) => break Err(None),
                    Ok(false) => c.sock_writable.set(false),
                    Ok(true) => {}
                }
                if !t.conn.is_handshaking() {
                    break Ok(true);
                }
                match t.conn.read_tls(&mut io) {
                    // OpenSSL 3 reports an unexpected EOF as SSL_ERROR_SSL
                    Ok(0) => break Err(Some("peer closed during the handshake".to_string())),
                    Ok(_) => {
                        if let Err(e) = t.conn.process_new_packets() {
                            t.failed = true;
                            let m = e.to_string();
                            t.error = Some(m.clone());
                            let _ = t.flush(fd);
                            break Err(Some(m));
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break Ok(false),
                    Err(_) => break Err(None),
                }
            }
        };
        crate::tls::server::CURRENT_WSI.with(|w| w.set(prev));
        if !close_before && c.close_req.get() {
            // the verification callback killed it: no handshake error to
            // report, the caller's finish() closes it as any kill
            return false;
        }
        match res {
            Ok(false) => false,
            Ok(true) => {
                let est = match c.cl.borrow_mut().as_mut() {
                    Some(cl) => {
                        cl.tls_wait = false;
                        core::mem::replace(&mut cl.est_after_tls, false)
                    }
                    None => false,
                };
                if est && cb(wsi, R::LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
                    request_close(wsi);
                    return false;
                }
                send_head(wsi) && !c.closed.get()
            }
            Err(why) => {
                let m = tls_reason(why.as_deref());
                conn_error_msg(wsi, m.as_bytes());
                false
            }
        }
    }
}

/// The CLIENT_CONNECTION_ERROR text for a failed client handshake.  The
/// oracle reports OpenSSL's SSL_get_error() code through ERR_error_string,
/// so every verification or protocol failure, and the peer closing
/// mid-handshake, reads the same (SSL_ERROR_SSL); a socket error is
/// SSL_ERROR_SYSCALL.
fn tls_reason(e: Option<&str>) -> String {
    if let Some(e) = e {
        lwsl_info!("client TLS handshake failed: {}\n", e);
    }
    let n = if e.is_some() { 1 } else { 5 };
    format!("connect SSL err {}: error:{:08X}:lib(0)::reason({})", n, n, n)
}

/// `lws_is_ssl` of a client: the oracle reports LCCSCF_USE_SSL as given
/// to connect (a plain connection redirected to https says 0).
pub(crate) fn client_is_ssl(wsi: *mut lws) -> Option<bool> {
    unsafe {
        let c = &(*wsi).c;
        if !c.client.get() {
            return None;
        }
        Some(c.is_tls.get() && c.cl.borrow().as_ref().is_none_or(|cl| cl.ssl_asked))
    }
}

/// `PENDING_TIMEOUT_SSL_ACCEPT`: the client's TLS handshake.
const TO_SSL: c_int = 9;

/// The pending timeout of a client fired.  True if handled here (a TLS
/// handshake that did not complete: CLIENT_CONNECTION_ERROR "Timed out
/// waiting SSL", as the oracle).
pub(crate) unsafe fn client_timeout(wsi: *mut lws) -> bool {
    unsafe {
        if !tls_waiting(wsi) {
            return false;
        }
        conn_error(wsi, c"Timed out waiting SSL");
        finish(wsi);
        true
    }
}

/// Whether the client still waits for its TLS handshake.
pub(crate) fn tls_waiting(wsi: *mut lws) -> bool {
    unsafe { (*wsi).c.client.get() && (*wsi).c.cl.borrow().as_ref().is_some_and(|cl| cl.tls_wait) }
}

/// The request head (APPEND_HANDSHAKE_HEADER lets the user add headers).
unsafe fn send_head(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let (mut head, ws) = {
            let g = c.cl.borrow();
            let cl = g.as_ref().unwrap();
            (request_head(cl), cl.ws)
        };
        // the oracle's buffer: what the callback may use is measured from
        // a fixed end
        // (a redirected request that goes over TLS gets a smaller one)
        let room = if c.is_tls.get() && c.cl.borrow().as_ref().is_some_and(|cl| cl.redirected) { 2039 } else { 4084 };
        let _ = ws;
        let used = head.len();
        let cap = room.max(used + 1);
        head.resize(cap, 0);
        let start = head.as_mut_ptr();
        let mut p = start.add(used) as *mut c_char;
        let end = start.add(cap);
        let r = cb(
            wsi,
            R::LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER,
            &mut p as *mut *mut c_char as *mut c_void,
            end as usize - p as usize,
        );
        if r != 0 {
            lwsl_err!("client: the request head could not be made (APPEND_HANDSHAKE_HEADER refused)\n");
            // as the oracle: CLOSED_CLIENT_HTTP (close.rs, mode ClientHead)
            request_close(wsi);
            return false;
        }
        let mut n = (p as usize).saturating_sub(start as usize).min(cap);
        if n < used {
            n = used;
        }
        head.truncate(n);
        head.extend_from_slice(b"\r\n");
        // in one write, as the oracle: the per-write cap of lws_write
        // (rx_buffer_size 20 in upstream's test-client) does not apply, so
        // no drain follows (which gave a CLIENT_HTTP_WRITEABLE)
        if send_raw_uncapped(wsi, &head).is_err() {
            conn_error(wsi, c"Unable to connect");
            return false;
        }
        crate::core::wsi::set_timeout(wsi, TO_CONNECT, client_timeout_secs(wsi));
        let pending = c.cl.borrow().as_ref().is_some_and(|cl| cl.body_pending);
        // the oracle asks for a writeable event after the head; without a
        // body to send, that event only drops POLLOUT again
        threadid::pollout_on(wsi);
        if pending {
            c.want_writable.set(true);
            make_ripe(wsi);
        } else {
            threadid::pollout_off(wsi);
        }
        !c.close_req.get()
    }
}

fn request_head(cl: &Client) -> Vec<u8> {
    h1::client::request_head(&h1::client::RequestHead {
        method: &cl.method,
        path: &cl.path,
        host: &cl.host,
        origin: cl.origin.as_deref(),
        boundary: cl.boundary.as_deref(),
        ssl_flags: cl.ssl_flags,
        ws: cl.ws.then_some((cl.key.as_str(), cl.protocol.as_deref())),
        redirected: cl.redirected,
    })
}

const TOK_ACCEPT: i32 = 13;
const TOK_TRANSFER_ENCODING: i32 = 68;
const TOK_LOCATION: i32 = 59;


/// Input while waiting for the response head; returns bytes used.
pub(crate) unsafe fn head_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    unsafe {
        let c = &(*wsi).c;
        let done_at = {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            if cl.head_bad {
                return buf.len();
            }
            let old = cl.head.len();
            cl.head.extend_from_slice(buf);
            match h1::client::response_head_end(&cl.head, old.saturating_sub(3)) {
                Some(e) => {
                    cl.head.truncate(e);
                    Some(e - old)
                }
                None => {
                    if cl.head.len() > h1::client::MAX_RESPONSE_HEAD {
                        None
                    } else {
                        return buf.len();
                    }
                }
            }
        };
        let Some(used) = done_at else {
            lwsl_err!("Ran out of header data space\n");
            lwsl_warn!("problems parsing header\n");
            conn_error(wsi, c"problems parsing header");
            return buf.len();
        };
        if !head_complete(wsi) {
            return buf.len();
        }
        used
    }
}

/// The response head is complete: parse it, then establish (or fail).
/// Returns false if the connection failed or is gone.
unsafe fn head_complete(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let (status, parsed, ws) = {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            let head = core::mem::take(&mut cl.head);
            let status = h1::client::response_status(&head);
            let Some(status) = status else {
                // garbage: ignored until the peer gives up (as the oracle,
                // which then reports the failed read)
                cl.head_bad = true;
                return false;
            };
            cl.status = status;
            // the status line and headers go into the header store, with
            // the connection's stash, so that lws_hdr_* see them
            let limits = h1::Limits { max_header_data: (*(*wsi).context).net.max_http_header_data, ..Default::default() };
            (status, h1::parse::parse_response(&head, limits, &cl.stash), cl.ws)
        };
        let Ok(p) = parsed else {
            lwsl_warn!("problems parsing header\n");
            conn_error(wsi, c"problems parsing header");
            return false;
        };
        *c.h1.borrow_mut() = Some(Box::new(p));
        crate::core::wsi::set_timeout(wsi, 0, 0);
        if ws {
            ws_established(wsi, status)
        } else {
            http_established(wsi, status)
        }
    }
}

unsafe fn hdr(wsi: *mut lws, h: i32) -> Option<Vec<u8>> {
    unsafe { with_request(wsi, |r| if r.has(h) { Some(r.value(h)) } else { None }).flatten() }
}

unsafe fn ws_established(wsi: *mut lws, status: u32) -> bool {
    unsafe {
        let c = &(*wsi).c;
        if cb(wsi, R::LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
            conn_error(wsi, c"HS: disallowed by client filter");
            return false;
        }
        let key = c.cl.borrow().as_ref().map(|cl| cl.key.clone()).unwrap_or_default();
        let checked = h1::client::check_upgrade(
            status,
            hdr(wsi, h1::parse::UPGRADE).as_deref(),
            hdr(wsi, h1::parse::CONNECTION).as_deref(),
            hdr(wsi, TOK_ACCEPT).as_deref(),
            key.as_bytes(),
        );
        if let Err(why) = checked {
            match &why {
                h1::client::UpgradeRefused::NotSwitching(s) => {
                    lwsl_warn!("ws client: the answer to the upgrade is {}, not 101\n", s)
                }
                h1::client::UpgradeRefused::AcceptWrong { got, want } => {
                    lwsl_warn!("ws client: accept '{}' wrong, expected '{}'\n", String::from_utf8_lossy(got), want)
                }
                _ => {}
            }
            conn_error(wsi, why.reason());
            return false;
        }
        if cb(wsi, R::LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH, core::ptr::null_mut(), 0) != 0 {
            conn_error(wsi, c"HS: Rejected by filter cb");
            return false;
        }
        let max_piece = {
            let p = (*wsi).protocol.get();
            if p.is_null() { 0 } else { (*p).rx_buffer_size }
        };
        let mut cfg = ws::frame::ParserConfig::client(max_piece);
        // the oracle unmasks masked frames from a server without complaint
        cfg.require_mask = false;
        let opts = (*(*wsi).vhost.get()).options;
        cfg.validate_utf8 = opts & LWS_SERVER_OPTION_VALIDATE_UTF8 != 0;
        *c.ws.borrow_mut() = Some(Box::new(ws::frame::Parser::new(cfg)));
        c.read_size.set(ws::frame::oracle_read_size(max_piece, (*(*wsi).context).net.pt_serv_buf_size));
        c.mode.set(Mode::Ws);
        c.bound.set(Bound::Ws);
        // the response headers are gone by CLIENT_ESTABLISHED (as on the
        // oracle; FILTER_PRE_ESTABLISH still sees them)
        *c.h1.borrow_mut() = None;
        if cb(wsi, R::LWS_CALLBACK_CLIENT_ESTABLISHED, core::ptr::null_mut(), 0) != 0 {
            // as the oracle: a connection error, not a close
            c.bound.set(Bound::None);
            conn_error(wsi, c"HS: Rejected at CLIENT_ESTABLISHED");
            return false;
        }
        // the retry policy's idle check (connect_info.retry_and_idle_policy,
        // else the vhost's or context's) starts now, as on a server's
        // upgrade
        validity_confirmed(wsi);
        !c.close_req.get()
    }
}

unsafe fn http_established(wsi: *mut lws, status: u32) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let cl_len = hdr(wsi, h1::parse::CONTENT_LENGTH)
            .and_then(|v| core::str::from_utf8(&v).ok().and_then(|s| s.trim().parse::<u64>().ok()));
        let chunked = hdr(wsi, TOK_TRANSFER_ENCODING)
            .is_some_and(|v| v.eq_ignore_ascii_case(b"chunked"));
        if (300..400).contains(&status) {
            if let Some(loc) = hdr(wsi, TOK_LOCATION) {
                let follow = c.cl.borrow().as_ref().is_some_and(|cl| {
                    cl.ssl_flags & (1 << 12) == 0
                });
                if follow {
                    return redirect(wsi, status, loc);
                }
            }
        }
        {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            cl.content_length = if chunked { None } else { cl_len };
            cl.chunked = chunked;
            cl.complete = !chunked && cl_len == Some(0);
        }
        if cb(wsi, R::LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH, core::ptr::null_mut(), 0) != 0 {
            conn_error(wsi, c"HS: Rejected by filter cb");
            return false;
        }
        c.mode.set(Mode::ClientBody);
        c.bound.set(Bound::Http);
        let _ = status;
        if cb(wsi, R::LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
            // as the oracle: a connection error (no CLOSED_CLIENT_HTTP)
            c.bound.set(Bound::None);
            conn_error(wsi, c"HS: disallowed at ESTABLISHED");
            return false;
        }
        if c.mode.get() == Mode::ClientConnecting {
            // lws_client_reset from the callback: the old response is done
            return false;
        }
        let complete = c.cl.borrow().as_ref().is_some_and(|cl| cl.complete);
        if complete {
            complete_http(wsi);
        }
        !c.close_req.get()
    }
}

/// Follows a redirect as the oracle: CLIENT_HTTP_REDIRECT (in = the
/// location, len = the status), CLIENT_HTTP_DROP_PROTOCOL,
/// CLIENT_HTTP_BIND_PROTOCOL, then a new connection on the same wsi
/// (WSI_CREATE, APPEND_HANDSHAKE_HEADER... again).  Returns false if the
/// connection failed or is gone.
unsafe fn redirect(wsi: *mut lws, status: u32, loc: Vec<u8>) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let mut z = loc.clone();
        z.push(0);
        if cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_REDIRECT, z.as_mut_ptr() as *mut c_void, status as usize) != 0 {
            conn_error(wsi, c"HS: Redirect code but no Location");
            return false;
        }
        // https to http: refused (after the callback, as the oracle)
        let was_tls = c.cl.borrow().as_ref().is_some_and(|cl| cl.ssl_flags & crate::tls::client::LCCSCF_USE_SSL != 0);
        let lo = loc.to_ascii_lowercase();
        if was_tls && (lo.starts_with(b"http://") || lo.starts_with(b"ws://")) {
            conn_error(wsi, c"HS: Redirect attempted SSL downgrade");
            return false;
        }
        let redirects = c.cl.borrow().as_ref().map_or(0, |cl| cl.redirects);
        if redirects >= 3 {
            // as the oracle: the 4th redirect fails
            lwsl_err!("lws_client_reset: Too many redirects\n");
            lwsl_err!("client: redirect failed\n");
            conn_error(wsi, c"HS: Redirect failed");
            return false;
        }
        // where to: an absolute URL, or a path on the same server
        let (addr, port, path, scheme) = {
            let g = c.cl.borrow();
            let cl = g.as_ref().unwrap();
            if loc.starts_with(b"/") {
                (None, cl.port, loc.clone(), None)
            } else {
                let mut b = loc.clone();
                b.push(0);
                let u = crate::http::url::parse_uri(&mut b);
                let cs = |o: usize| {
                    let e = b[o..].iter().position(|&x| x == 0).map_or(b.len(), |n| o + n);
                    b[o..e].to_vec()
                };
                let mut path = b"/".to_vec();
                if let Some(p) = u.path {
                    path.extend_from_slice(&cs(p));
                }
                (Some(cs(u.ads)), u.port.map_or(cl.port, |p| p as u16), path, Some(cs(u.prot).to_ascii_lowercase()))
            }
        };
        let addr_s = match &addr {
            Some(a) => a.clone(),
            None => c.cl.borrow().as_ref().unwrap().host.clone(),
        };
        let host_only = addr_s.split(|&b| b == b':').next().unwrap_or(&[]).to_vec();
        let Some((ss, slen)) = resolve(&host_only, port) else {
            conn_error(wsi, c"redirect lookup failed");
            return false;
        };
        let host = match addr {
            Some(a) => {
                let keep = c.cl.borrow().as_ref().is_some_and(|cl| {
                    a == host_only && cl.host.split(|&b| b == b':').next() == Some(&host_only[..])
                });
                if keep { None } else { Some(a) }
            }
            None => None,
        };
        {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            if status == 303 {
                cl.redirected_to_get = true;
                cl.method = b"GET".to_vec();
            }
            if let Some(sch) = &scheme {
                match &sch[..] {
                    b"https" | b"wss" => cl.ssl_flags |= crate::tls::client::LCCSCF_USE_SSL,
                    b"http" | b"ws" => cl.ssl_flags &= !crate::tls::client::LCCSCF_USE_SSL,
                    _ => {}
                }
            }
        }
        if !retarget(wsi, &ss, slen, port, path, host) {
            conn_error(wsi, c"Unable to connect");
            return false;
        }
        if was_tls {
            // as the oracle: a redirect away from a TLS connection gives
            // an ESTABLISHED_CLIENT_HTTP (status 0) once the new TLS
            // session is up, before the new request
            if let Some(cl) = c.cl.borrow_mut().as_mut() {
                cl.est_after_tls = true;
            }
        }
        // nothing more of the old connection's input is wanted
        false
    }
}

/// Moves a client wsi to a new peer (redirects, `lws_client_reset`): the
/// bound protocol is dropped and bound again, the old socket goes, the
/// response state is cleared and a new connect starts on the same wsi and
/// token.  False if no socket could be made.
unsafe fn retarget(
    wsi: *mut lws,
    ss: &libc::sockaddr_storage,
    slen: libc::socklen_t,
    port: u16,
    path: Vec<u8>,
    host: Option<Vec<u8>>,
) -> bool {
    unsafe {
        let c = &(*wsi).c;
        if c.cl.borrow().as_ref().is_some_and(|cl| cl.http_bound) {
            // in: as the oracle, the unbinding function's name
            cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_DROP_PROTOCOL, c"lws_client_reset".as_ptr() as *mut c_void, 0);
            cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0);
        }
        // the old socket goes; the wsi and its token stay
        let ctx = (*wsi).context;
        let fd = c.fd.replace(-1);
        if fd >= 0 {
            let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
            libc::close(fd);
        }
        c.out.borrow_mut().clear();
        c.out_off.set(0);
        *c.tls.borrow_mut() = None;
        c.is_tls.set(false);
        *c.h1.borrow_mut() = None;
        c.read_more.set(false);
        let iface = {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            cl.redirects += 1;
            cl.redirected = true;
            cl.path = path;
            if let Some(h) = host {
                cl.host = h;
            }
            cl.port = port;
            cl.tls_wait = false;
            cl.head.clear();
            cl.head_bad = false;
            cl.status = 0;
            cl.body.clear();
            cl.content_length = None;
            cl.received = 0;
            cl.chunked = false;
            cl.chunk = Chunk::Size(0);
            cl.complete = false;
            cl.completed_sent = false;
            cl.failed = false;
            cl.body_pending = false;
            cl.connect_failed = false;
            cl.iface.clone().and_then(|i| std::ffi::CString::new(i).ok())
        };
        c.bound.set(Bound::None);
        let ip = iface.as_ref().map_or(core::ptr::null(), |i| i.as_ptr());
        if !open_socket(wsi, ss, slen, ip, Some(c.token.get())) {
            return false;
        }
        crate::core::wsi::set_timeout(wsi, TO_CONNECT, client_timeout_secs(wsi));
        true
    }
}

/// `lws_client_reset`: re-targets a client wsi (address, port, path, Host,
/// TLS flag).  As measured on the oracle: at most 3 times per wsi ("Too
/// many redirects", NULL), the path gets a "/" in front, the new request
/// goes without "connection: close", CLIENT_HTTP_DROP_PROTOCOL and
/// CLIENT_HTTP_BIND_PROTOCOL come from inside the call, and the same wsi
/// is returned; the old connection's input is dropped.
pub unsafe fn reset(
    wsi: *mut lws,
    ssl: bool,
    address: &[u8],
    port: u16,
    path: &[u8],
    host: Option<Vec<u8>>,
) -> *mut lws {
    unsafe {
        let c = &(*wsi).c;
        let redirects = match c.cl.borrow().as_ref() {
            Some(cl) => cl.redirects,
            None => return core::ptr::null_mut(),
        };
        if redirects >= 3 {
            lwsl_err!("lws_client_reset: Too many redirects\n");
            return core::ptr::null_mut();
        }
        let Some((ss, slen)) = resolve(address, port) else {
            return core::ptr::null_mut();
        };
        let mut p = b"/".to_vec();
        p.extend_from_slice(path);
        if let Some(cl) = c.cl.borrow_mut().as_mut() {
            if ssl {
                cl.ssl_flags |= 1;
            } else {
                cl.ssl_flags &= !1;
            }
        }
        let host = Some(host.unwrap_or_else(|| address.to_vec()));
        if !retarget(wsi, &ss, slen, port, p, host) {
            conn_error(wsi, c"Unable to connect");
            return core::ptr::null_mut();
        }
        wsi
    }
}

/// `lws_http_is_redirected_to_get`.
pub(crate) fn redirected_to_get(wsi: *mut lws) -> bool {
    unsafe { (*wsi).c.cl.borrow().as_ref().is_some_and(|cl| cl.redirected_to_get) }
}

/// Response body bytes (raw, maybe chunked): kept, then announced with
/// RECEIVE_CLIENT_HTTP.  Returns bytes used.
pub(crate) unsafe fn body_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    unsafe {
        let c = &(*wsi).c;
        {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            if cl.complete || cl.failed {
                return buf.len();
            }
            if cl.chunked {
                dechunk(cl, buf);
            } else {
                let take = match cl.content_length {
                    Some(n) => ((n - cl.received) as usize).min(buf.len()),
                    None => buf.len(),
                };
                if take > 0 {
                    cl.body.push_back(buf[..take].to_vec());
                }
                cl.received += take as u64;
                if cl.content_length == Some(cl.received) {
                    cl.complete = true;
                }
            }
        }
        announce(wsi);
        buf.len()
    }
}

unsafe fn announce(wsi: *mut lws) {
    unsafe {
        let c = &(*wsi).c;
        let (has, complete) = {
            let g = c.cl.borrow();
            let cl = g.as_ref().unwrap();
            // a failed body is announced too: the user's read reports it
            (!cl.body.is_empty() || cl.failed, cl.complete)
        };
        if has {
            // the oracle stops polling for input until the user reads
            threadid::pollin(wsi, false);
            if cb(wsi, R::LWS_CALLBACK_RECEIVE_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
                request_close(wsi);
            }
        } else if complete {
            complete_http(wsi);
        }
    }
}

fn dechunk(cl: &mut Client, buf: &[u8]) {
    let (body, received) = (&mut cl.body, &mut cl.received);
    match cl.chunk.feed(buf, |d| {
        body.push_back(d.to_vec());
        *received += d.len() as u64;
    }) {
        h1::client::Dechunked::More => {}
        h1::client::Dechunked::Done => cl.complete = true,
        h1::client::Dechunked::Bad { at, after_data } => {
            lwsl_err!("lws_http_client_read: malformed chunked body\n");
            // as the oracle: past a chunk's data, what is left is dumped
            if after_data {
                crate::log::hexdump(crate::log::LLL_ERR, &buf[at..]);
            }
            cl.failed = true;
        }
    }
}

unsafe fn complete_http(wsi: *mut lws) {
    unsafe {
        let c = &(*wsi).c;
        let first = {
            let mut g = c.cl.borrow_mut();
            let cl = g.as_mut().unwrap();
            !core::mem::replace(&mut cl.completed_sent, true)
        };
        if first && cb(wsi, R::LWS_CALLBACK_COMPLETED_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
            request_close(wsi);
        }
    }
}

/// `lws_http_client_read`: hands the received body to the user through
/// RECEIVE_CLIENT_HTTP_READ (pieces of at most `*len` bytes), then
/// COMPLETED_CLIENT_HTTP once it is all there.
///
/// # Safety
/// `wsi` valid; `buf`, `len` valid.
pub unsafe fn http_client_read(wsi: *mut lws, buf: *mut *mut c_char, len: *mut c_int) -> c_int {
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() || c.cl.borrow().is_none() {
            return -1;
        }
        let room = (*len).max(1) as usize;
        threadid::pollin(wsi, true);
        loop {
            let (piece, bound) = {
                let mut g = c.cl.borrow_mut();
                let cl = g.as_mut().unwrap();
                let piece = match cl.body.front_mut() {
                    None => None,
                    Some(f) if f.len() <= room => cl.body.pop_front(),
                    Some(f) => Some(f.drain(..room).collect::<Vec<u8>>()),
                };
                (piece, cl.http_bound)
            };
            let Some(mut piece) = piece else { break };
            if !bound {
                // as the oracle: without a bound protocol the read is
                // swallowed
                lwsl_notice!("lws_http_client_read: swallowed read ({})\n", piece.len());
                continue;
            }
            let dst = *buf as *mut u8;
            let n = piece.len();
            if !dst.is_null() {
                core::ptr::copy_nonoverlapping(piece.as_ptr(), dst, n);
            }
            *len = n as c_int;
            let p = if dst.is_null() { piece.as_mut_ptr() } else { dst };
            if cb(wsi, R::LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ, p as *mut c_void, n) != 0 {
                return -1;
            }
            if c.close_req.get() {
                return -1;
            }
        }
        let (complete, failed) = c.cl.borrow().as_ref().map_or((false, false), |cl| (cl.complete, cl.failed));
        if failed {
            return -1;
        }
        if complete {
            complete_http(wsi);
            if c.close_req.get() {
                return -1;
            }
        }
        0
    }
}

/// End of input on a client connection.  Returns true if handled (the
/// connection failed or completed), false to close it normally.
pub(crate) unsafe fn client_eof(wsi: *mut lws) -> bool {
    unsafe {
        let c = &(*wsi).c;
        match c.mode.get() {
            Mode::ClientConnecting | Mode::ClientHead => {
                // also a TLS 1.3 server's late alert (refused client
                // certificate): the oracle says "read failed" then too
                conn_error(wsi, c"read failed");
                finish(wsi);
                true
            }
            Mode::ClientFailed => {
                finish(wsi);
                true
            }
            Mode::ClientBody => {
                let mut g = c.cl.borrow_mut();
                let mut cut = false;
                if let Some(cl) = g.as_mut() {
                    if cl.content_length.is_none() && !cl.chunked {
                        cl.complete = true;
                    } else if !cl.complete && !cl.failed {
                        // EOF before the body's end: as the oracle, one
                        // more RECEIVE_CLIENT_HTTP, whose read fails
                        cl.failed = true;
                        cut = true;
                    }
                }
                let go = g.as_ref().is_some_and(|cl| cl.complete && !cl.completed_sent);
                drop(g);
                if go {
                    complete_http(wsi);
                }
                if cut {
                    announce(wsi);
                }
                false
            }
            _ => false,
        }
    }
}

/// The response status of a client connection.
pub(crate) fn status(wsi: *mut lws) -> u32 {
    unsafe { (*wsi).c.cl.borrow().as_ref().map_or(0, |cl| cl.status) }
}

/// Whether an HTTP client is sending its request body
/// (`lws_client_http_body_pending(wsi, 1)`).
pub(crate) fn sending_body(wsi: *mut lws) -> bool {
    unsafe { (*wsi).c.cl.borrow().as_ref().is_some_and(|cl| !cl.ws && cl.body_pending) }
}

/// `lws_client_http_body_pending`.
pub(crate) unsafe fn set_body_pending(wsi: *mut lws, pending: bool) {
    unsafe {
        if let Some(cl) = (*wsi).c.cl.borrow_mut().as_mut() {
            cl.body_pending = pending;
        }
    }
}

/// A piece of a received message on a client: gathered, then delivered
/// as CLIENT_RECEIVE at the end of its frame or when the rx buffer is
/// full.  Returns true to stop parsing.
pub(crate) unsafe fn client_data(wsi: *mut lws, data: &mut [u8], piece: &ws::frame::Piece) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let limit = {
            let p = (*wsi).protocol.get();
            let rx = if p.is_null() { 0 } else { (*p).rx_buffer_size };
            if rx == 0 { (*(*wsi).context).net.pt_serv_buf_size } else { rx }
        };
        let mut acc = {
            let mut g = c.cl.borrow_mut();
            let Some(cl) = g.as_mut() else { return false };
            if cl.rx_acc.is_empty() {
                cl.rx_acc_first = piece.first;
            }
            core::mem::take(&mut cl.rx_acc)
        };
        let first = c.cl.borrow().as_ref().is_some_and(|cl| cl.rx_acc_first);
        let mut data: &[u8] = data;
        let mut stop = false;
        loop {
            let room = limit.saturating_sub(acc.len()).max(1);
            let take = data.len().min(room);
            acc.extend_from_slice(&data[..take]);
            data = &data[take..];
            let remaining = piece.remaining + data.len() as u64;
            if remaining != 0 && acc.len() < limit {
                break;
            }
            c.p_first.set(first && acc.len() <= limit);
            c.p_final.set(piece.last && remaining == 0);
            c.p_binary.set(piece.binary);
            (*wsi).rx_packet_remaining.set(remaining as usize);
            if cb(wsi, R::LWS_CALLBACK_CLIENT_RECEIVE, acc.as_mut_ptr() as *mut c_void, acc.len()) != 0 {
                user_close(wsi);
                stop = true;
            }
            acc.clear();
            if let Some(cl) = c.cl.borrow_mut().as_mut() {
                cl.rx_acc_first = false;
            }
            if stop || data.is_empty() || c.close_req.get() {
                break;
            }
        }
        if let Some(cl) = c.cl.borrow_mut().as_mut() {
            cl.rx_acc = acc;
        }
        stop
    }
}

/// 12 random letters and digits.
fn new_boundary() -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut r = [0u8; 12];
    crate::core::random::fill(&mut r);
    r.iter().map(|&b| A[b as usize % A.len()] as char).collect()
}

/// `lws_client_http_multipart`: the start of a part (`name` set) or the
/// end of the body (`name` NULL) at `*p`.  When it does not fit, as much
/// as fits is written (NUL-terminated), `*p` goes to `end` and 1 is
/// returned, as the oracle.
///
/// # Safety
/// `p`, `*p`..`end` valid; strings NULL or valid.
pub unsafe fn multipart(
    wsi: *mut lws,
    name: *const c_char,
    filename: *const c_char,
    content_type: *const c_char,
    p: *mut *mut c_char,
    end: *mut c_char,
) -> c_int {
    unsafe {
        let Some((b, started)) = (*wsi).c.cl.borrow_mut().as_mut().and_then(|cl| {
            let st = core::mem::replace(&mut cl.mp_started, true);
            cl.boundary.clone().map(|b| (b, st))
        }) else {
            return 1;
        };
        let mut t = Vec::with_capacity(128);
        // the first part starts the body: no CRLF before it
        if started {
            t.extend_from_slice(b"\r\n");
        }
        t.extend_from_slice(b"--");
        t.extend_from_slice(b.as_bytes());
        match cstr(name) {
            None => t.extend_from_slice(b"--\r\n"),
            Some(n) => {
                t.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
                t.extend_from_slice(&n);
                t.push(b'"');
                if let Some(f) = cstr(filename) {
                    t.extend_from_slice(b"; filename=\"");
                    t.extend_from_slice(&f);
                    t.push(b'"');
                }
                t.extend_from_slice(b"\r\n");
                if let Some(ct) = cstr(content_type) {
                    t.extend_from_slice(b"Content-Type: ");
                    t.extend_from_slice(&ct);
                    t.extend_from_slice(b"\r\n");
                }
                t.extend_from_slice(b"\r\n");
            }
        }
        let start = *p as *mut u8;
        let room = (end as usize).saturating_sub(start as usize);
        if t.len() < room {
            core::ptr::copy_nonoverlapping(t.as_ptr(), start, t.len());
            *start.add(t.len()) = 0;
            *p = start.add(t.len()) as *mut c_char;
            return 0;
        }
        if room > 0 {
            core::ptr::copy_nonoverlapping(t.as_ptr(), start, room - 1);
            *start.add(room - 1) = 0;
        }
        *p = end;
        1
    }
}

/// A random 4-byte mask for a client frame.
pub(crate) fn new_mask() -> [u8; 4] {
    crate::core::random::mask_key()
}
