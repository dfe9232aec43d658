//! The HTTP side: a complete request head becomes a WebSocket upgrade or
//! an HTTP transaction (mounts, then the protocol's HTTP callback); keep-alive.

use super::*;

/// The head is complete: upgrade or plain HTTP.  False if closing.
pub(crate) unsafe fn head_done(wsi: *mut lws) -> bool {
    unsafe {
        let vh = (*wsi).vhost.get();
        let (kind, relative) = {
            let g = (*wsi).c.h1.borrow();
            let req = g.as_ref().unwrap().request();
            (*wsi).c.http11_keepalive.set(keep_alive(req.is_http11(), req.value(h1::parse::CONNECTION)));
            (h1::ws::upgrade_kind(req), req.uri_not_absolute())
        };
        (*wsi).c.http_role.set(false);
        match kind {
            h1::ws::UpgradeKind::WebSocket => ws_upgrade(wsi, vh),
            h1::ws::UpgradeKind::H2c => {
                request_close(wsi);
                false
            }
            h1::ws::UpgradeKind::Other => {
                let _ = send_raw(wsi, h1::FORBIDDEN_RESPONSE);
                request_close(wsi);
                false
            }
            h1::ws::UpgradeKind::None if relative => {
                // as a head parse error: 403, CLOSED_HTTP
                (*wsi).c.http_role.set(true);
                let _ = send_raw(wsi, h1::FORBIDDEN_RESPONSE);
                request_close(wsi);
                false
            }
            h1::ws::UpgradeKind::None => http_request(wsi, vh),
        }
    }
}

/// Whether the connection stays open after the transaction: HTTP/1.1
/// unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`
/// (as the oracle).
pub(crate) fn keep_alive(http11: bool, connection: Vec<u8>) -> bool {
    let has = |w: &[u8]| connection.split(|&b| b == b',').any(|t| t.trim_ascii().eq_ignore_ascii_case(w));
    if http11 { !has(b"close") } else { has(b"keep-alive") }
}

pub(crate) unsafe fn alloc_pss(wsi: *mut lws, prot: *const crate::api::protocols_plugins::lws_protocols) {
    unsafe {
        (*wsi).protocol.set(prot);
        let sz = (*prot).per_session_data_size;
        if sz > 0 && (*wsi).user_space.get().is_null() {
            (*wsi).user_space.set(libc::calloc(1, sz));
            (*wsi).c.pss_owned.set(true);
        }
    }
}

pub(crate) unsafe fn http_request(wsi: *mut lws, vh: *mut lws_vhost) -> bool {
    unsafe {
        let p0 = (*vh).protocols.as_ptr();
        alloc_pss(wsi, p0);
        (*wsi).c.http_txn.set(true);
        let mut uri = {
            let g = (*wsi).c.h1.borrow();
            let req = g.as_ref().unwrap().request();
            let m = req.method().unwrap_or(h1::parse::GET_URI);
            req.value(m)
        };
        let ulen = uri.len();
        uri.push(0);
        let up = uri.as_mut_ptr() as *mut c_void;
        if cb(wsi, R::LWS_CALLBACK_FILTER_HTTP_CONNECTION, up, ulen) != 0 {
            request_close(wsi);
            return false;
        }
        if let Some(r) = io::redirect_to_https(wsi) {
            return r;
        }
        let mount = crate::core::mount::find(vh, &uri[..ulen]);
        if let Some(m) = mount {
            let http11 = with_request(wsi, |r| r.is_http11()).unwrap_or(true);
            let (resp, served) = match crate::core::mount::serve_file(m, &uri[..ulen], http11, (*vh).options) {
                crate::core::mount::FileAnswer::File(r) => (Some(r), true),
                crate::core::mount::FileAnswer::Status(r) => (Some(r), false),
                crate::core::mount::FileAnswer::NotFound => (None, false),
            };
            if let Some(resp) = resp {
                (*wsi).c.mode.set(Mode::Http);
                if send_raw(wsi, &resp).is_err() {
                    request_close(wsi);
                    return false;
                }
                if served && cb(wsi, R::LWS_CALLBACK_HTTP_FILE_COMPLETION, core::ptr::null_mut(), 0) != 0 {
                    request_close(wsi);
                    return false;
                }
                if transaction_completed(wsi) != 0 {
                    request_close(wsi);
                    return false;
                }
                return !(*wsi).c.close_req.get();
            }
        }
        // bound at the first request; without a mount hit the oracle
        // rebinds (DROP + BIND) at each later one too
        if (*wsi).c.bound.get() != Bound::Http || mount.is_none() {
            if (*wsi).c.bound.get() == Bound::Http
                && cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, core::ptr::null_mut(), 0) != 0
            {
                request_close(wsi);
                return false;
            }
            (*wsi).c.bound.set(Bound::Http);
            if cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) != 0 {
                request_close(wsi);
                return false;
            }
        }
        (*wsi).c.mode.set(Mode::Http);
        if cb(wsi, R::LWS_CALLBACK_HTTP, up, ulen) != 0 {
            request_close(wsi);
            return false;
        }
        !(*wsi).c.close_req.get()
    }
}

/// `lws_http_transaction_completed`: back to reading a request head, or
/// close (HTTP/1.0, `Connection: close`).  Returns nonzero if the
/// connection must close.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn transaction_completed(wsi: *mut lws) -> c_int {
    unsafe {
        (*wsi).c.http_txn.set(false);
        if !(*wsi).c.http11_keepalive.get() {
            return 1;
        }
        // the oracle drops the protocol of the finished transaction (if
        // one was bound) and binds protocols[0] for the next one
        if (*wsi).c.bound.get() == Bound::Http
            && cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, core::ptr::null_mut(), 0) != 0
        {
            return 1;
        }
        (*wsi).c.bound.set(Bound::Http);
        if cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) != 0 {
            return 1;
        }
        let ctx = (*wsi).context;
        *(*wsi).c.h1.borrow_mut() = Some(Box::new(h1::Parser::new(h1::Limits {
            max_header_data: (*ctx).net.max_http_header_data,
            ..Default::default()
        })));
        (*wsi).c.mode.set(Mode::HttpHead);
        crate::core::wsi::set_timeout(wsi, TO_HANDSHAKE, (*ctx).net.ah_idle_secs);
        0
    }
}

pub(crate) unsafe fn ws_upgrade(wsi: *mut lws, vh: *mut lws_vhost) -> bool {
    unsafe {
        let mut up = *b"websocket\0";
        if cb(wsi, R::LWS_CALLBACK_HTTP_CONFIRM_UPGRADE, up.as_mut_ptr() as *mut c_void, 0) != 0 {
            request_close(wsi);
            return false;
        }
        let n = (*vh).count_protocols;
        let names: Vec<&[u8]> = (0..n)
            .map(|i| crate::ffi::cstr_bytes((*vh).protocols[i].name).unwrap_or(b""))
            .collect();
        let sel = {
            let g = (*wsi).c.h1.borrow();
            let req = g.as_ref().unwrap().request();
            if !h1::ws::connection_has_upgrade(req) {
                Err(())
            } else {
                h1::ws::select_protocol_or(req, &names, (*vh).default_protocol_index).map_err(|_| ())
            }
        };
        let Ok((idx, _)) = sel else {
            request_close(wsi);
            return false;
        };
        let prot = (*vh).protocols.as_ptr().add(idx);
        alloc_pss(wsi, prot);
        (*wsi).c.bound.set(Bound::Ws);
        if cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) != 0 {
            // the oracle ignores the refusal and upgrades anyway, but the
            // protocol counts as never bound: no WS_SERVER_DROP_PROTOCOL
            (*wsi).c.dropped.set(true);
        }
        if cb(wsi, R::LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION, core::ptr::null_mut(), 0) != 0 {
            lwsl_warn!("User code denied connection\n");
            request_close(wsi);
            return false;
        }
        let acc = {
            let g = (*wsi).c.h1.borrow();
            h1::ws::handshake_or(g.as_ref().unwrap().request(), &names, (*vh).default_protocol_index)
        };
        let Ok(acc) = acc else {
            request_close(wsi);
            return false;
        };
        // the 101 head without its final CRLF, then room for ADD_HEADERS
        let mut resp = acc.response;
        resp.truncate(resp.len() - 2);
        let base = resp.len();
        const ROOM: usize = 2048;
        resp.resize(base + ROOM, 0);
        let mut args = crate::api::http::lws_process_html_args {
            p: resp.as_mut_ptr().add(base) as *mut core::ffi::c_char,
            len: 0,
            max_len: ROOM as c_int,
            r#final: 0,
            chunked: 0,
        };
        if cb(wsi, R::LWS_CALLBACK_ADD_HEADERS, &mut args as *mut _ as *mut c_void, 0) != 0 {
            request_close(wsi);
            return false;
        }
        let added = (args.p as usize).saturating_sub(resp.as_ptr() as usize + base).min(ROOM);
        resp.truncate(base + added);
        resp.extend_from_slice(b"\r\n");
        if send_raw(wsi, &resp).is_err() {
            request_close(wsi);
            return false;
        }
        let ctx = (*wsi).context;
        let rx = (*prot).rx_buffer_size;
        let sz = (*ctx).net.pt_serv_buf_size;
        let mut cfg = ws::frame::ParserConfig::server(ws::frame::oracle_max_piece(rx, sz));
        cfg.validate_utf8 = (*vh).options & LWS_SERVER_OPTION_VALIDATE_UTF8 != 0;
        // a 1-byte close payload gets 1002, not an echo (Autobahn 7.3.2)
        cfg.short_close_is_error = true;
        *(*wsi).c.ws.borrow_mut() = Some(Box::new(ws::frame::Parser::new(cfg)));
        (*wsi).c.read_size.set(ws::frame::oracle_read_size(rx, sz));
        (*wsi).c.mode.set(Mode::Ws);
        if cb(wsi, R::LWS_CALLBACK_ESTABLISHED, core::ptr::null_mut(), 0) != 0 {
            user_close(wsi);
            return false;
        }
        // headers are gone after ESTABLISHED, as on the oracle
        *(*wsi).c.h1.borrow_mut() = None;
        !(*wsi).c.close_req.get()
    }
}


/// The oracle's status page: `HTTP/1.x CODE REASON`, text/html, the lws
/// error body (`html_body` after the heading).
pub fn status_page(http11: bool, code: u32, html_body: &[u8]) -> Vec<u8> {
    status_page_with(http11, code, html_body, false)
}

/// [`status_page`], with the security headers of
/// `LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE` when
/// `security` is set (the oracle puts them right after the status line).
pub fn status_page_with(http11: bool, code: u32, html_body: &[u8], security: bool) -> Vec<u8> {
    let mut body = Vec::with_capacity(200);
    body.extend_from_slice(b"<html><head><meta charset=utf-8 http-equiv=\"Content-Language\" content=\"en\"/><link rel=\"stylesheet\" type=\"text/css\" href=\"/error.css\"/></head><body><h1>");
    body.extend_from_slice(code.to_string().as_bytes());
    body.extend_from_slice(b"</h1>");
    body.extend_from_slice(html_body);
    body.extend_from_slice(b"</body></html>");
    let mut r = Vec::with_capacity(body.len() + 100);
    r.extend_from_slice(if http11 { b"HTTP/1.1 " } else { b"HTTP/1.0 " });
    r.extend_from_slice(code.to_string().as_bytes());
    r.push(b' ');
    r.extend_from_slice(h1::resp::reason(code).as_bytes());
    r.extend_from_slice(b"\r\n");
    if security {
        r.extend_from_slice(crate::core::mount::SECURITY_HEADERS);
    }
    r.extend_from_slice(b"content-type: text/html\r\ncontent-length: ");
    r.extend_from_slice(body.len().to_string().as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r.extend_from_slice(&body);
    r
}
