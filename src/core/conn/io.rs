//! The transport under the connection: plain socket or TLS.
//!
//! `recv`/`send` are what the rest of the connection code calls instead of
//! `libc::recv`/`libc::send`.  The plain path is the system call and one
//! branch on `is_tls`: no copy, no allocation.  With TLS the handshake
//! happens inside them (records read when the socket is readable, written
//! when it is writable), so it never blocks the loop; records rustls holds
//! for the socket count as pending output (`has_partial`), drained by the
//! same writable path as the plain partial buffer.
//!
//! The session (`c.tls`) is a `RefCell`: it stays borrowed while rustls
//! runs, which includes the application's certificate-verification
//! callback; an API call from there that needs the session finds it
//! borrowed and fails (a caught panic at worst), it is never aliased.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;
pub use crate::tls::IoErr;

/// Reads into `buf`.  Ok(0): end of stream.
///
/// # Safety
/// `wsi` valid, a connection.
#[inline]
pub unsafe fn recv(wsi: *mut lws, buf: &mut [u8]) -> Result<usize, IoErr> {
    // SAFETY: `wsi` is a valid connection (caller), not freed by the
    // verification callback rustls may make (a close there only marks
    // it, checked below); the vhost SNI picks is a live one of the
    // context (on its list), with its protocol table.
    unsafe {
        let c = &(*wsi).c;
        if !c.t.is_tls.get() {
            return plain_recv(c.t.fd.get(), buf);
        }
        let fd = c.t.fd.get();
        let mut g = c.t.tls.borrow_mut();
        let Some(t) = g.as_mut() else { return plain_recv(fd, buf) };
        if t.sniff {
            drop(g);
            match sniff(wsi, true) {
                Some(First::Plain) => return plain_recv(fd, buf),
                Some(First::Refused) => return Err(IoErr::Dead),
                None => return Err(IoErr::Again),
                Some(First::Tls) => {}
            }
            g = c.t.tls.borrow_mut();
        }
        let Some(t) = g.as_mut() else { return plain_recv(fd, buf) };
        let prev = crate::tls::server::CURRENT_WSI.with(|w| w.replace(wsi));
        let was_hs = t.conn.is_handshaking();
        let close_before = c.close_req.get();
        let r = t.recv(fd, buf);
        crate::tls::server::CURRENT_WSI.with(|w| w.set(prev));
        if !close_before && c.close_req.get() && c.in_cb.get() == 0 {
            // a callback rustls made (client-certificate verification)
            // asked for the close: done by the caller, now that the
            // session is no longer borrowed
            drop(g);
            return Err(IoErr::Dead);
        }
        let hs_done = was_hs && !t.conn.is_handshaking();
        if hs_done {
            // SNI named another vhost sharing this port: the connection
            // belongs to it from now on
            if let rustls::Connection::Server(sc) = &t.conn {
                if let Some(name) = sc.server_name() {
                    if let Some(vh) = crate::tls::server::sni_vhost(wsi, name.as_bytes()) {
                        if vh != (*wsi).vhost.get() {
                            (*wsi).vhost.set(vh);
                            (*wsi).protocol.set((*vh).protocols.as_ptr());
                        }
                    }
                }
            }
        }
        let server = matches!(t.conn, rustls::Connection::Server(_));
        if t.pending() {
            // handshake records the socket did not take yet
            c.t.sock_writable.set(false);
        }
        drop(g);
        if hs_done && server {
            crate::tls::server::log_client_cert(wsi);
        }
        r
    }
}

#[inline]
fn plain_recv(fd: c_int, buf: &mut [u8]) -> Result<usize, IoErr> {
    // SAFETY: the pointer and length describe `buf`, writable.
    let n = unsafe { libc::recv(fd, buf.as_mut_ptr() as *mut c_void, buf.len(), 0) };
    if n >= 0 {
        return Ok(n as usize);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EAGAIN) | Some(libc::EINTR) => Err(IoErr::Again),
        _ => Err(IoErr::Dead),
    }
}

/// Sends what the transport takes of `data` (>0 bytes), or Again/Dead.
///
/// # Safety
/// `wsi` valid, a connection.
#[inline]
pub unsafe fn send(wsi: *mut lws, data: &[u8]) -> Result<usize, IoErr> {
    // SAFETY: `wsi` is a valid connection (caller); send() reads the
    // `data.len()` bytes of `data`.
    unsafe {
        let c = &(*wsi).c;
        if !c.t.is_tls.get() {
            loop {
                let n = libc::send(c.t.fd.get(), data.as_ptr() as *const c_void, data.len(), libc::MSG_NOSIGNAL);
                if n >= 0 {
                    charge(c, n as usize);
                    return Ok(n as usize);
                }
                match std::io::Error::last_os_error().raw_os_error() {
                    Some(libc::EINTR) => continue,
                    Some(libc::EAGAIN) => return Err(IoErr::Again),
                    _ => return Err(IoErr::Dead),
                }
            }
        }
        let fd = c.t.fd.get();
        let mut g = c.t.tls.borrow_mut();
        let Some(t) = g.as_mut() else { return Err(IoErr::Dead) };
        let r = t.send(fd, data);
        if r == Err(IoErr::Again) || t.pending() {
            c.t.sock_writable.set(false);
        }
        if let Ok(n) = r {
            charge(c, n);
        }
        r
    }
}

/// Counts `n` bytes sent towards the next writability check.
#[inline]
fn charge(c: &ConnState, n: usize) {
    c.t.tx_unchecked.set(c.t.tx_unchecked.get().saturating_add(n + SEND_OVERHEAD));
}

/// TLS records waiting for the socket (always false on plain sockets).
#[inline]
pub fn tls_pending(c: &ConnState) -> bool {
    c.t.is_tls.get() && c.t.tls.try_borrow().map(|t| t.as_ref().is_some_and(|t| t.pending())).unwrap_or(false)
}

/// False while a TLS handshake has not completed (always true on plain
/// sockets).  The oracle closes such a connection with WSI_DESTROY only
/// (no CLOSED_HTTP) and without close_notify.
pub fn tls_established(c: &ConnState) -> bool {
    !c.t.is_tls.get() || c.t.tls.try_borrow().map(|t| t.as_ref().is_none_or(|t| !t.conn.is_handshaking())).unwrap_or(true)
}

/// Writes waiting TLS records.  Ok(true) when none is left.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn flush_tls(wsi: *mut lws) -> Result<bool, IoErr> {
    // SAFETY: `wsi` is a valid connection (caller).
    unsafe {
        let c = &(*wsi).c;
        if !c.t.is_tls.get() {
            return Ok(true);
        }
        let fd = c.t.fd.get();
        match c.t.tls.borrow_mut().as_mut() {
            Some(t) => t.flush(fd),
            None => Ok(true),
        }
    }
}

/// Before the socket closes: TLS close_notify, as far as the socket takes
/// it.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn close_notify(wsi: *mut lws) {
    // SAFETY: `wsi` is a valid connection (caller).
    unsafe {
        let c = &(*wsi).c;
        if !c.t.is_tls.get() || c.t.fd.get() < 0 || !tls_established(c) {
            return;
        }
        if let Ok(mut g) = c.t.tls.try_borrow_mut() {
            if let Some(t) = g.as_mut() {
                t.close_notify(c.t.fd.get());
            }
        }
    }
}

/// Makes an accepted connection TLS if its vhost serves TLS.
///
/// # Safety
/// `wsi` valid, a new connection.
pub unsafe fn start_server_tls(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` is a valid new connection (caller) bound to a live
    // vhost; the borrows of the vhost's `tls` and the wsi's `tls` end
    // before sniff, which borrows the latter again.
    unsafe {
        let vh = (*wsi).vhost.get();
        let Some(cfg) = (*vh).tls.borrow().clone() else { return true };
        match rustls::ServerConnection::new(cfg) {
            Ok(sc) => {
                let mut t = crate::tls::Tls::new(rustls::Connection::Server(sc));
                // with ALLOW_NON_SSL_ON_SSL_PORT the oracle peeks at the
                // first byte (see sniff)
                t.sniff = (*vh).options.contains(ServerOptions::ALLOW_NON_SSL_ON_SSL_PORT);
                let sn = t.sniff;
                *(*wsi).c.t.tls.borrow_mut() = Some(t);
                (*wsi).c.t.is_tls.set(true);
                if sn {
                    // the first bytes are usually there already: decide
                    // before NEW_CLIENT_INSTANTIATED, as the oracle
                    sniff(wsi, false);
                }
                true
            }
            Err(e) => {
                lwsl_err!("TLS: cannot start a session: {}\n", e);
                false
            }
        }
    }
}

/// What the first byte on a TLS port with `ALLOW_NON_SSL_ON_SSL_PORT` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum First {
    /// Go on with TLS.
    Tls,
    /// Plain HTTP, allowed: the connection is no longer TLS.
    Plain,
    /// Plain bytes, but neither ALLOW_HTTP_ON_HTTPS_LISTENER nor
    /// REDIRECT_HTTP_TO_HTTPS: logged, the connection is to be closed.
    Refused,
}

/// With `ALLOW_NON_SSL_ON_SSL_PORT`: looks at the first byte (without
/// consuming it).  As the oracle, a byte below 0x20 (a TLS record starts
/// with 0x16 or 0x14) goes on as TLS, anything else is plain: served as
/// HTTP with ALLOW_HTTP_ON_HTTPS_LISTENER or REDIRECT_HTTP_TO_HTTPS, else
/// refused with the oracle's NOTICE and closed without an answer.  None:
/// nothing arrived yet, or (`decide_refusal` false, at accept) a refusal
/// left for the first read, where the oracle finds it after
/// NEW_CLIENT_INSTANTIATED.
///
/// # Safety
/// `wsi` valid, a connection whose `tls` is not borrowed.
pub unsafe fn sniff(wsi: *mut lws, decide_refusal: bool) -> Option<First> {
    // SAFETY: `wsi` is a valid connection whose `tls` is not borrowed
    // (caller), bound to a live vhost; recv() writes at most the one
    // byte of `b`.
    unsafe {
        let c = &(*wsi).c;
        let mut b = [0u8; 1];
        let n = libc::recv(c.t.fd.get(), b.as_mut_ptr().cast(), 1, libc::MSG_PEEK);
        if n < 0 {
            return None;
        }
        let vh = (*wsi).vhost.get();
        let plain = n == 1 && b[0] >= b' ';
        if plain && !(*vh).options.contains(ServerOptions::ALLOW_HTTP_ON_HTTPS_LISTENER) && !(*vh).options.contains(ServerOptions::REDIRECT_HTTP_TO_HTTPS) {
            if !decide_refusal {
                return None;
            }
            if let Some(t) = c.t.tls.borrow_mut().as_mut() {
                t.sniff = false;
                t.failed = true;
            }
            lwsl_notice!(
                "lws_server_socket_service_ssl: client did not send a valid tls hello (default vhost {})\n",
                (*vh).name.to_string_lossy()
            );
            return Some(First::Refused);
        }
        let mut g = c.t.tls.borrow_mut();
        if let Some(t) = g.as_mut() {
            t.sniff = false;
        }
        if plain {
            *g = None;
            c.t.is_tls.set(false);
            c.http.redirect_https.set((*(*wsi).vhost.get()).options.contains(ServerOptions::REDIRECT_HTTP_TO_HTTPS));
            lwsl_info!("non-TLS connection on TLS port\n");
            return Some(First::Plain);
        }
        Some(First::Tls)
    }
}

/// Plain HTTP arrived on a TLS port with `REDIRECT_HTTP_TO_HTTPS`: called
/// after FILTER_HTTP_CONNECTION.  Returns None when the request goes on
/// normally, else what `http_request` returns.  As the oracle: with a Host
/// header, BIND, then `301` to `https://<host>/` and close; without one,
/// close.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn redirect_to_https(wsi: *mut lws) -> Option<bool> {
    // SAFETY: `wsi` is a valid connection (caller), kept allocated
    // through the BIND callback (`cb` counts itself in `in_cb`).
    unsafe {
        let c = &(*wsi).c;
        if !c.http.redirect_https.get() {
            return None;
        }
        let host = with_request(wsi, |r| r.value(h1::parse::HOST)).unwrap_or_default();
        c.http.http_txn.set(false);
        if host.is_empty() {
            request_close(wsi);
            return Some(false);
        }
        c.bound.set(Bound::Http);
        if cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) == 0 {
            let mut r = Vec::with_capacity(128 + host.len());
            r.extend_from_slice(b"HTTP/1.1 301 Redirect\r\nlocation: https://");
            r.extend_from_slice(&host);
            r.extend_from_slice(b"/\r\ncontent-type: text/html\r\ncontent-length: 0\r\n\r\n");
            let _ = send_raw(wsi, &r);
        }
        request_close(wsi);
        Some(false)
    }
}
