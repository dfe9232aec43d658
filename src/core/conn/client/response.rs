//! The request head, the response head, the WebSocket upgrade and HTTP
//! establishment, redirects and `lws_client_reset`.
//!
//! Pointers and borrows as in the parent module's doc: the wsi stays
//! allocated across the callbacks made on it (a close inside only marks
//! it, checked after), and no `cl` / `h1` borrow is held across one.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// The request head (APPEND_HANDSHAKE_HEADER lets the user add headers).
///
/// # Safety
/// `wsi` valid, a connected client.
pub(super) unsafe fn send_head(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); the `cl` borrows end within their statements.
    // `head` is resized to `cap > used` bytes first, so `start + used`
    // and `end = start + cap` (one past the end) are in it; the callback
    // gets `&mut p` and the `end - p` bytes after it, our Vec, which
    // nothing else touches or reallocates during the callback; what it
    // leaves in `p` is only compared as an address, clamped to `cap`.
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
        let room = if c.t.is_tls.get() && c.cl.borrow().as_ref().is_some_and(|cl| cl.redirected) { 2039 } else { 4084 };
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
///
/// # Safety
/// `wsi` valid, a client waiting for its response head.
pub(crate) unsafe fn head_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); the `cl` borrow ends with its block, before them.
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
///
/// # Safety
/// `wsi` valid, a client with its response head collected.
unsafe fn head_complete(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` and its context valid (caller), allocated through the
    // callbacks (module doc); the `cl` borrow ends with its block, the
    // `h1` one with its statement, both before any callback.
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
        *c.http.h1.borrow_mut() = Some(Box::new(p));
        crate::core::wsi::set_timeout(wsi, 0, 0);
        if ws {
            ws_established(wsi, status)
        } else {
            http_established(wsi, status)
        }
    }
}

/// A copy of response header `h`, if present.
///
/// # Safety
/// `wsi` valid.
unsafe fn hdr(wsi: *mut lws, h: i32) -> Option<Vec<u8>> {
    // SAFETY: `wsi` valid (caller); with_request borrows the headers only
    // for the closure, which makes no callback.
    unsafe { with_request(wsi, |r| if r.has(h) { Some(r.value(h)) } else { None }).flatten() }
}

/// The response to a ws client's upgrade: checks it, then CLIENT_ESTABLISHED
/// (or a connection error).  Returns false if it failed or is gone.
///
/// # Safety
/// `wsi` valid, a ws client with its response parsed.
unsafe fn ws_established(wsi: *mut lws, status: u32) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc).  Its protocol is NULL or an entry of its vhost's
    // table; its vhost and context are live while it is (a vhost
    // destroyed by one of the callbacks is freed only once no callback is
    // in progress, core/vhost.rs).  The `cl`, `ws` and `h1` borrows end
    // within their statements.
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
        cfg.validate_utf8 = opts.contains(ServerOptions::VALIDATE_UTF8);
        *c.websocket.frames.borrow_mut() = Some(Box::new(ws::frame::Parser::new(cfg)));
        c.read_size.set(ws::frame::oracle_read_size(max_piece, (*(*wsi).context).net.pt_serv_buf_size));
        c.role.set(Role::Ws);
        c.bound.set(Bound::Ws);
        // the response headers are gone by CLIENT_ESTABLISHED (as on the
        // oracle; FILTER_PRE_ESTABLISH still sees them)
        *c.http.h1.borrow_mut() = None;
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

/// The response of an HTTP client: a redirect, or the body's framing,
/// then ESTABLISHED_CLIENT_HTTP.  Returns false if it failed or is gone.
///
/// # Safety
/// `wsi` valid, an HTTP client with its response parsed.
unsafe fn http_established(wsi: *mut lws, status: u32) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); the `cl` borrows end within their statements or
    // block, before the callbacks.
    unsafe {
        let c = &(*wsi).c;
        let cl_len = hdr(wsi, h1::parse::CONTENT_LENGTH)
            .and_then(|v| core::str::from_utf8(&v).ok().and_then(|s| s.trim().parse::<u64>().ok()));
        let chunked = hdr(wsi, TOK_TRANSFER_ENCODING)
            .is_some_and(|v| v.eq_ignore_ascii_case(b"chunked"));
        if (300..400).contains(&status) {
            if let Some(loc) = hdr(wsi, TOK_LOCATION) {
                let follow = c.cl.borrow().as_ref().is_some_and(|cl| {
                    !cl.ssl_flags.contains(crate::abi::client::ClientFlags::HTTP_NO_FOLLOW_REDIRECT)
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
        c.role.set(Role::H1Client(ClientStage::Body));
        c.bound.set(Bound::Http);
        let _ = status;
        if cb(wsi, R::LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP, core::ptr::null_mut(), 0) != 0 {
            // as the oracle: a connection error (no CLOSED_CLIENT_HTTP)
            c.bound.set(Bound::None);
            conn_error(wsi, c"HS: disallowed at ESTABLISHED");
            return false;
        }
        if c.role.get() == Role::H1Client(ClientStage::Connecting) {
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
///
/// # Safety
/// `wsi` valid, an HTTP client with its response parsed.
unsafe fn redirect(wsi: *mut lws, status: u32, loc: Vec<u8>) -> bool {
    // SAFETY: `wsi` valid (caller) and allocated through the callbacks
    // (module doc); REDIRECT's `in` is `z`, our NUL-terminated copy, alive
    // through it; the `cl` borrows end within their statements or blocks,
    // before any callback.
    unsafe {
        let c = &(*wsi).c;
        let mut z = loc.clone();
        z.push(0);
        if cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_REDIRECT, z.as_mut_ptr() as *mut c_void, status as usize) != 0 {
            conn_error(wsi, c"HS: Redirect code but no Location");
            return false;
        }
        // https to http: refused (after the callback, as the oracle)
        let was_tls = c.cl.borrow().as_ref().is_some_and(|cl| cl.ssl_flags.contains(crate::abi::client::ClientFlags::USE_SSL));
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
                    b"https" | b"wss" => cl.ssl_flags.insert(crate::abi::client::ClientFlags::USE_SSL),
                    b"http" | b"ws" => cl.ssl_flags.remove(crate::abi::client::ClientFlags::USE_SSL),
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
///
/// # Safety
/// `wsi` valid, a client connection; `slen` the length of the address in
/// `ss`.
unsafe fn retarget(
    wsi: *mut lws,
    ss: &libc::sockaddr_storage,
    slen: libc::socklen_t,
    port: u16,
    path: Vec<u8>,
    host: Option<Vec<u8>>,
) -> bool {
    // SAFETY: `wsi` and its context valid (caller), the wsi allocated
    // through the two callbacks (module doc; DROP_PROTOCOL's `in` is a
    // static C string); the `cl` borrow of the condition ends before
    // them.  The old `fd` is the connection's own, taken out of the cell
    // before it is closed; the `poll`, `out`, `tls`, `h1` and `cl`
    // borrows end within their statements or block, and a borrow a caller
    // up the stack still holds (the `tls` one of a certificate
    // verification callback that calls lws_client_reset) makes
    // `borrow_mut` panic (caught by the entry point), never drops what is
    // in use.  `ip` points into `iface`, a CString alive through
    // open_socket.
    unsafe {
        let c = &(*wsi).c;
        if c.cl.borrow().as_ref().is_some_and(|cl| cl.http_bound) {
            // in: as the oracle, the unbinding function's name
            cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_DROP_PROTOCOL, c"lws_client_reset".as_ptr() as *mut c_void, 0);
            cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0);
        }
        // the old socket goes; the wsi and its token stay
        let ctx = (*wsi).context;
        let fd = c.t.fd.replace(-1);
        if fd >= 0 {
            let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
            libc::close(fd);
        }
        c.t.out.borrow_mut().clear();
        c.t.out_off.set(0);
        *c.t.tls.borrow_mut() = None;
        c.t.is_tls.set(false);
        *c.http.h1.borrow_mut() = None;
        c.t.read_more.set(false);
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
        if !open_socket(wsi, ss, slen, ip, Some(c.t.token.get())) {
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
///
/// # Safety
/// `wsi` valid, a client connection.
pub unsafe fn reset(
    wsi: *mut lws,
    ssl: bool,
    address: &[u8],
    port: u16,
    path: &[u8],
    host: Option<Vec<u8>>,
) -> *mut lws {
    // SAFETY: `wsi` valid (caller) and allocated through retarget's
    // callbacks (module doc); the `cl` borrows end within their
    // statements, before retarget.
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
                cl.ssl_flags.insert(crate::abi::client::ClientFlags::USE_SSL);
            } else {
                cl.ssl_flags.remove(crate::abi::client::ClientFlags::USE_SSL);
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
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn redirected_to_get(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); the borrow ends with the expression.
    unsafe { (*wsi).c.cl.borrow().as_ref().is_some_and(|cl| cl.redirected_to_get) }
}
