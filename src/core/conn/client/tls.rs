//! The TLS handshake of a client connection, before its request head.
//!
//! Pointers and borrows as in the parent module's doc; the exception is
//! [`tls_handshake`], which holds the `tls` cell across rustls, and so
//! across the certificate verification callback rustls makes.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// LCCSCF_USE_SSL: a TLS session towards the host (SNI and name check
/// against the Host, without a port).  False if it could not start.
///
/// # Safety
/// `wsi` valid, a connected client.
pub(super) unsafe fn start_tls(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller), its vhost live while it is; the `tls`
    // and `cl` borrows end within their statements or block, and
    // client_session borrows the vhost's settings only for the call (no
    // callback); conn_error_msg's callback comes after them all.
    unsafe {
        let c = &(*wsi).c;
        *c.t.tls.borrow_mut() = None;
        c.t.is_tls.set(false);
        let (flags, host) = {
            let g = c.cl.borrow();
            let cl = g.as_ref().unwrap();
            (cl.ssl_flags, cl.host.clone())
        };
        if !flags.contains(crate::abi::client::ClientFlags::USE_SSL) {
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
                *c.t.tls.borrow_mut() = Some(t);
                c.t.is_tls.set(true);
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
///
/// # Safety
/// `wsi` valid, a client waiting for its TLS handshake.
pub(crate) unsafe fn tls_handshake(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller).  CURRENT_WSI names it for the rustls
    // calls only, and is restored on every way out of the block (the
    // early return included) except an unwind.  rustls may call the
    // application from `process_new_packets` (PERFORM_SERVER_CERT_
    // VERIFICATION, tls/client.rs): counted in `in_cb`, so the wsi stays
    // allocated and a close asked for there only marks it, seen below in
    // `close_req`.  The `tls` borrow `g` is held across that callback: an
    // API call from it needing this connection's session finds the cell
    // borrowed (a RefCell panic, caught by that entry's ffi_guard, or a
    // try_borrow answering "none"), so nothing in use is dropped or
    // aliased.  `g` ends with its block, before the callbacks below, and
    // the `cl` borrow with its `match` scrutinee's statement.
    unsafe {
        let c = &(*wsi).c;
        let fd = c.t.fd.get();
        // the certificate verifier calls the application with this wsi
        let prev = crate::tls::server::CURRENT_WSI.with(|w| w.replace(wsi));
        let close_before = c.close_req.get();
        let res: Result<bool, Option<String>> = {
            let mut g = c.t.tls.borrow_mut();
            let Some(t) = g.as_mut() else {
                crate::tls::server::CURRENT_WSI.with(|w| w.set(prev));
                return true;
            };
            let mut io = crate::tls::FdIo(fd);
            loop {
                match t.flush(fd) {
                    Err(_) => break Err(None),
                    Ok(false) => c.t.sock_writable.set(false),
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
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn client_is_ssl(wsi: *mut lws) -> Option<bool> {
    // SAFETY: `wsi` valid (caller); the borrow ends with the expression.
    unsafe {
        let c = &(*wsi).c;
        if !c.client.get() {
            return None;
        }
        Some(c.t.is_tls.get() && c.cl.borrow().as_ref().is_none_or(|cl| cl.ssl_asked))
    }
}

/// `PENDING_TIMEOUT_SSL_ACCEPT`: the client's TLS handshake.
pub(super) const TO_SSL: c_int = 9;

/// The pending timeout of a client fired.  True if handled here (a TLS
/// handshake that did not complete: CLIENT_CONNECTION_ERROR "Timed out
/// waiting SSL", as the oracle).
///
/// # Safety
/// `wsi` valid, a connection; not used after a true answer.
pub(crate) unsafe fn client_timeout(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller), allocated through conn_error's
    // callback (module doc); not used after finish.
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
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn tls_waiting(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); the borrow ends with the expression.
    unsafe { (*wsi).c.client.get() && (*wsi).c.cl.borrow().as_ref().is_some_and(|cl| cl.tls_wait) }
}
