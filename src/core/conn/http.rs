//! The HTTP side: a complete request head becomes a WebSocket upgrade or
//! an HTTP transaction (mounts, then the protocol's HTTP callback); keep-alive.
//!
//! The functions take a live connection; their callbacks go through `cb`
//! (counted in `in_cb`), so the wsi stays allocated after each and a close
//! it asks for is only marked; the vhost stays allocated through them too
//! (a destroyed one is freed with no callback in progress).  The mounts,
//! protocol names and header lists are the application's, alive while the
//! vhost is.  No borrow of the request parser is held across a callback.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// The HTTP/1 server role's receive step (`service::process`): a request
/// body, else a request head (one at a time; a pipelined head waits while
/// rx flow is off), else input held while a transaction without a body
/// waits for its answer (the oracle stops reading until it completes).
///
/// # Safety
/// `wsi` valid, a live connection in the H1 server role; `off <= buf.len()`.
pub(crate) unsafe fn h1_server_rx(wsi: *mut lws, stage: H1Stage, buf: &mut [u8], off: usize) -> Rx {
    // SAFETY: `wsi` live (caller); the parser borrow ends before
    // head_done's callbacks, which keep the wsi allocated (in_cb).
    unsafe {
        if in_body(wsi) {
            if (*wsi).c.rxflow_bitmap.get() != 0 {
                return Rx::Stop(off);
            }
            return Rx::Used(off + body_rx(wsi, &mut buf[off..]));
        }
        if stage == H1Stage::Txn {
            return Rx::Stop(off);
        }
        if (*wsi).c.rxflow_bitmap.get() != 0 || !ah_acquire(wsi) {
            return Rx::Stop(off);
        }
        if off > 0 && (*wsi).c.http.refuse_pipelined.get() {
            // a request pipelined behind one answered with a status page
            // from this same read: the oracle refuses it with a 403 page
            // and closes
            let _ = send_raw(wsi, &status_page_for(wsi, true, 403, b""));
            request_close(wsi);
            return Rx::Stop(buf.len());
        }
        let r = {
            let mut g = (*wsi).c.http.h1.borrow_mut();
            g.get_or_insert_with(|| h1_parser((*wsi).context)).feed(&buf[off..])
        };
        match r {
            Ok(h1::Progress::NeedMore) => Rx::Stop(buf.len()),
            Ok(h1::Progress::Done { consumed }) => {
                let (plan, http11) = with_request(wsi, |r| (h1::body::plan(r), r.is_http11()))
                    .unwrap_or((h1::body::BodyPlan::None, false));
                (*wsi).c.http.last_http11.set(http11);
                let off = off + consumed;
                crate::core::wsi::set_timeout(wsi, 0, 0);
                if !head_done(wsi) {
                    return Rx::Stop(buf.len());
                }
                if matches!((*wsi).c.role.get(), Role::H1Server(_)) && !start_body(wsi, plan) {
                    return Rx::Stop(buf.len());
                }
                Rx::Used(off)
            }
            Err(e) => {
                if e.status().is_some() {
                    // the version of the connection's previous request
                    // (1.0 for a first one)
                    let v11 = (*wsi).c.http.last_http11.get();
                    let _ = send_raw(wsi, &status_page_for(wsi, v11, 403, b""));
                }
                // the oracle sends CLOSED_HTTP for these
                request_close(wsi);
                Rx::Stop(buf.len())
            }
        }
    }
}

/// The head is complete: upgrade or plain HTTP.  False if closing.
///
/// # Safety
/// `wsi` valid, a live connection with a complete request head.
pub(crate) unsafe fn head_done(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` live (caller); the parser exists (a complete head was
    // just parsed) and its borrow ends before the callbacks.
    unsafe {
        let vh = (*wsi).vhost.get();
        let (kind, relative) = {
            let g = (*wsi).c.http.h1.borrow();
            let req = g.as_ref().unwrap().request();
            (*wsi).c.http.http11_keepalive.set(keep_alive(req.is_http11(), req.value(h1::parse::CONNECTION)));
            (h1::ws::upgrade_kind(req), req.uri_not_absolute())
        };
        (*wsi).c.http.http_role.set(false);
        match kind {
            h1::ws::UpgradeKind::WebSocket => ws_upgrade(wsi, vh),
            h1::ws::UpgradeKind::H2c => {
                request_close(wsi);
                false
            }
            h1::ws::UpgradeKind::Other => {
                let _ = send_raw(wsi, &status_page_for(wsi, false, 403, b""));
                request_close(wsi);
                false
            }
            h1::ws::UpgradeKind::None if relative => {
                // as a head parse error: 403, CLOSED_HTTP
                (*wsi).c.http.http_role.set(true);
                let _ = send_raw(wsi, &status_page_for(wsi, false, 403, b""));
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

/// Binds `prot` to `wsi` and allocates its per-session data if it has
/// none (zeroed, freed with the wsi: `pss_owned`).
///
/// # Safety
/// `wsi` valid; `prot` valid (an entry of its vhost's table).
pub(crate) unsafe fn alloc_pss(wsi: *mut lws, prot: *const crate::abi::protocols_plugins::lws_protocols) {
    // SAFETY: both valid (caller); calloc of the protocol's size (NULL on
    // failure, which free() also takes).
    unsafe {
        (*wsi).protocol.set(prot);
        let sz = (*prot).per_session_data_size;
        if sz > 0 && (*wsi).user_space.get().is_null() {
            (*wsi).user_space.set(libc::calloc(1, sz));
            (*wsi).c.pss_owned.set(true);
        }
    }
}

/// Makes `prot` the protocol of `wsi`, with fresh per-session data when
/// it changes (the old one's is freed if we allocated it).
///
/// # Safety
/// As [`alloc_pss`].  The old session data goes now, as upstream's
/// `lws_bind_protocol`: a callback further up the stack must not use its
/// `user` after this.
pub(crate) unsafe fn switch_protocol(wsi: *mut lws, prot: *const crate::abi::protocols_plugins::lws_protocols) {
    // SAFETY: as the caller guarantees; the owned session data was
    // calloc'd by alloc_pss and is freed once (`pss_owned` cleared first).
    unsafe {
        if (*wsi).protocol.get() == prot {
            return;
        }
        if (*wsi).c.pss_owned.replace(false) {
            libc::free((*wsi).user_space.get());
            (*wsi).user_space.set(core::ptr::null_mut());
        }
        alloc_pss(wsi, prot);
    }
}

/// A `301 Redirect` from a mount, sent as the oracle does before anything
/// else happened on the request: HTTP/1.0 status line, then close.
///
/// # Safety
/// `wsi` valid, a live connection; `vh` its vhost.
unsafe fn mount_redirect(wsi: *mut lws, vh: *mut lws_vhost, location: &[u8]) -> bool {
    // SAFETY: `wsi`, its context and `vh` valid (caller).
    unsafe {
        let room = (*(*wsi).context).net.pt_serv_buf_size;
        let h = crate::core::mount::head(vh, false, 301, room, |b, o, e| {
            h1::resp::add_header_by_name(b, o, e, b"location:", location)?;
            h1::resp::add_header_by_name(b, o, e, b"content-type:", b"text/html")?;
            h1::resp::add_content_length(b, o, e, 0)
        });
        if let Some(h) = h {
            let _ = send_raw(wsi, &h);
        }
        request_close(wsi);
        false
    }
}

/// Room the oracle offers `LWS_CALLBACK_ADD_HEADERS` on a file head.
const ADD_HEADERS_ROOM: usize = 1976;

/// `LWS_CALLBACK_ADD_HEADERS` appending to `head` (a head without its
/// blank line).  False if the callback refused.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn add_headers(wsi: *mut lws, head: &mut Vec<u8>) -> bool {
    // SAFETY: `args.p` points at the `ADD_HEADERS_ROOM` bytes just added
    // to `head` (in bounds), and the callback may write up to `max_len`
    // of them (lws_process_html_args' contract); what it reports is
    // clamped to that room.  `wsi` live (caller).
    unsafe {
        let base = head.len();
        head.resize(base + ADD_HEADERS_ROOM, 0);
        let mut args = crate::abi::http::lws_process_html_args {
            p: head.as_mut_ptr().add(base) as *mut core::ffi::c_char,
            len: 0,
            max_len: ADD_HEADERS_ROOM as c_int,
            r#final: 0,
            chunked: 0,
        };
        let start = args.p as usize;
        let r = cb(wsi, R::LWS_CALLBACK_ADD_HEADERS, &mut args as *mut _ as *mut c_void, 0);
        let added = (args.p as usize).saturating_sub(start).min(ADD_HEADERS_ROOM);
        head.truncate(base + added);
        r == 0
    }
}

/// A plain HTTP request: a mount's redirect, file or callback, else the
/// protocol's HTTP callback.  False if closing.
///
/// # Safety
/// `wsi` valid, a live connection with a complete head; `vh` its vhost.
pub(crate) unsafe fn http_request(wsi: *mut lws, vh: *mut lws_vhost) -> bool {
    use crate::abi::context_vhost::lws_mount_protocols as MP;
    // SAFETY: `wsi` and `vh` live through the callbacks (module doc); the
    // mount `m` is the application's, alive while the vhost is; the
    // protocol index found is below `count_protocols`; the URI buffers
    // handed to callbacks are NUL-terminated locals that outlive them.
    unsafe {
        let p0 = (*vh).protocols.as_ptr();
        alloc_pss(wsi, p0);
        (*wsi).c.http.http_txn.set(true);
        // closing from here on is an HTTP close (CLOSED_HTTP), bound or not
        (*wsi).c.http.http_role.set(true);
        // the oracle gives the whole transaction timeout_secs from here
        // (armed before the callbacks, which may replace it)
        arm_http_content_timeout(wsi);
        let (mut uri, host, head_only, inm, http11) = {
            let g = (*wsi).c.http.h1.borrow();
            let req = g.as_ref().unwrap().request();
            let m = req.method().unwrap_or(h1::parse::GET_URI);
            let inm = req.value(20);
            (
                req.value(m),
                req.value(h1::parse::HOST),
                {
                    lwsl_info!("http request: method {} for '{}'\n", m, String::from_utf8_lossy(&req.value(m)));
                    m == h1::parse::HEAD_URI
                },
                if inm.is_empty() { None } else { Some(inm) },
                req.is_http11(),
            )
        };
        let ulen = uri.len();
        let mount = crate::core::mount::find(vh, &uri[..ulen]);
        // redirects happen before the filter sees the request
        if let Some(m) = mount {
            let m = &*m;
            let origin = crate::ffi::cstr_bytes(m.origin).unwrap_or(b"");
            if m.origin_protocol == MP::LWSMPRO_REDIR_HTTP as u8 || m.origin_protocol == MP::LWSMPRO_REDIR_HTTPS as u8 {
                let mut loc = if m.origin_protocol == MP::LWSMPRO_REDIR_HTTP as u8 {
                    b"http://".to_vec()
                } else {
                    b"https://".to_vec()
                };
                loc.extend_from_slice(origin);
                return mount_redirect(wsi, vh, &loc);
            }
            if m.origin_protocol == MP::LWSMPRO_FILE as u8 && ulen == m.mountpoint_len as usize && ulen > 1 {
                // the mountpoint itself (even one ending in '/'): to the
                // directory form, if the request says which host it is
                // for (else just close)
                if host.is_empty() {
                    request_close(wsi);
                    return false;
                }
                let mut loc = b"http://".to_vec();
                loc.extend_from_slice(&host);
                loc.extend_from_slice(&uri);
                loc.push(b'/');
                return mount_redirect(wsi, vh, &loc);
            }
        }
        uri.push(0);
        let up = uri.as_mut_ptr() as *mut c_void;
        if cb(wsi, R::LWS_CALLBACK_FILTER_HTTP_CONNECTION, up, ulen) != 0 {
            request_close(wsi);
            return false;
        }
        if let Some(r) = io::redirect_to_https(wsi) {
            return r;
        }
        if let Some(m) = mount {
            let mm = &*m;
            let is_cb = mm.origin_protocol == MP::LWSMPRO_CALLBACK as u8;
            let pname = crate::ffi::cstr_bytes(mm.protocol);
            // with a `protocol` the mount's protocol sees the URI after
            // the mountpoint; a callback mount without one, all of it
            let mut rel: Vec<u8> = if pname.is_some() {
                uri[(mm.mountpoint_len as usize).min(ulen)..ulen].to_vec()
            } else {
                uri[..ulen].to_vec()
            };
            let rlen = rel.len();
            rel.push(0);
            let rp = rel.as_mut_ptr() as *mut c_void;
            let mut bound_here = false;
            if is_cb || pname.is_some() {
                let origin = crate::ffi::cstr_bytes(mm.origin).unwrap_or(b"");
                let name = pname.unwrap_or(origin);
                let idx = (0..(*vh).count_protocols)
                    .find(|&i| crate::ffi::cstr_bytes((*vh).protocols[i].name) == Some(name));
                let Some(i) = idx else {
                    lwsl_err!("Unable to find plugin '{}'\n", String::from_utf8_lossy(origin));
                    request_close(wsi);
                    return false;
                };
                if (*wsi).c.bound.get() == Bound::Http
                    && cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, c"http action CALLBACK bind".as_ptr() as *mut c_void, 0) != 0
                {
                    request_close(wsi);
                    return false;
                }
                switch_protocol(wsi, (*vh).protocols.as_ptr().add(i));
                (*wsi).c.bound.set(Bound::Http);
                if cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) != 0
                    || cb(wsi, R::LWS_CALLBACK_CHECK_ACCESS_RIGHTS, core::ptr::null_mut(), 0) != 0
                {
                    request_close(wsi);
                    return false;
                }
                bound_here = true;
            }
            // a named protocol is bound a second time (DROP + BIND) unless
            // the answer is a 304
            let rebind = |wsi: *mut lws| -> bool {
                pname.is_none()
                    || (cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, c"http_action HTTP".as_ptr() as *mut c_void, 0) == 0
                        && cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) == 0)
            };
            if is_cb && !rebind(wsi) {
                request_close(wsi);
                return false;
            }
            if is_cb {
                (*wsi).c.role.set(Role::HTTP_TXN);
                if cb(wsi, R::LWS_CALLBACK_HTTP, rp, rlen) != 0 {
                    request_close(wsi);
                    return false;
                }
                return !(*wsi).c.close_req.get();
            }
            let req = crate::core::mount::FileRequest {
                path: &uri[..ulen],
                http11,
                head_only,
                if_none_match: inm,
            };
            let room = (*(*wsi).context).net.pt_serv_buf_size;
            let answer = crate::core::mount::serve_file(vh, m, &req, room);
            if !matches!(answer, crate::core::mount::FileAnswer::NotModified(_)) && !rebind(wsi) {
                request_close(wsi);
                return false;
            }
            let (head, body) = match answer {
                crate::core::mount::FileAnswer::File { mut head, body } => {
                    if pname.is_some() && !add_headers(wsi, &mut head) {
                        request_close(wsi);
                        return false;
                    }
                    head.extend_from_slice(b"\r\n");
                    (Some(head), body)
                }
                crate::core::mount::FileAnswer::NotModified(r) | crate::core::mount::FileAnswer::Status(r) => {
                    (Some(r), None)
                }
                crate::core::mount::FileAnswer::NotFound => (None, None),
            };
            if let Some(head) = head {
                (*wsi).c.role.set(Role::HTTP_TXN);
                // a request pipelined behind a mount answer gets the 403
                (*wsi).c.http.refuse_pipelined.set(true);
                let body = match body {
                    Some((f, len)) if len <= crate::core::fileserve::SMALL_FILE => {
                        crate::core::fileserve::send_small(wsi, head, f, len);
                        return !(*wsi).c.close_req.get();
                    }
                    b => b,
                };
                if send_raw(wsi, &head).is_err() {
                    request_close(wsi);
                    return false;
                }
                if let Some((f, len)) = body {
                    crate::core::fileserve::start(wsi, f, len);
                    return !(*wsi).c.close_req.get();
                }
                if transaction_completed(wsi) != 0 {
                    request_close(wsi);
                    return false;
                }
                return !(*wsi).c.close_req.get();
            }
            if bound_here {
                (*wsi).c.role.set(Role::HTTP_TXN);
                if cb(wsi, R::LWS_CALLBACK_HTTP, rp, rlen) != 0 {
                    request_close(wsi);
                    return false;
                }
                return !(*wsi).c.close_req.get();
            }
        }
        // without a mount hit the oracle (re)binds protocols[0] (DROP +
        // BIND) before the HTTP callback; a mount that did not serve the
        // request hands it over as bound (not bound at all on the first)
        if mount.is_none() {
            if (*wsi).c.bound.get() == Bound::Http
                && cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, c"no mount hit".as_ptr() as *mut c_void, 0) != 0
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
        (*wsi).c.role.set(Role::HTTP_TXN);
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
    // SAFETY: `wsi` valid (caller), allocated after its callbacks (module
    // doc); its vhost live; the session data zeroed is the owned one,
    // calloc'd by alloc_pss for this protocol's size.
    unsafe {
        (*wsi).c.http.http_txn.set(false);
        *(*wsi).c.http.file.borrow_mut() = None;
        if !(*wsi).c.http.http11_keepalive.get() {
            return 1;
        }
        // the oracle drops the protocol of the finished transaction (if
        // one was bound) and binds protocols[0] for the next one
        if (*wsi).c.bound.get() == Bound::Http
            && cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, c"lws_http_transaction_completed".as_ptr() as *mut c_void, 0) != 0
        {
            return 1;
        }
        switch_protocol(wsi, (*(*wsi).vhost.get()).protocols.as_ptr());
        (*wsi).c.bound.set(Bound::Http);
        // the oracle rebinds with the same per-session data, zeroed
        let pss = (*wsi).user_space.get();
        let prot = (*wsi).protocol.get();
        if (*wsi).c.pss_owned.get() && !pss.is_null() && !prot.is_null() && (*prot).per_session_data_size > 0 {
            core::ptr::write_bytes(pss as *mut u8, 0, (*prot).per_session_data_size);
        }
        if cb(wsi, R::LWS_CALLBACK_HTTP_BIND_PROTOCOL, core::ptr::null_mut(), 0) != 0 {
            return 1;
        }
        let ctx = (*wsi).context;
        *(*wsi).c.http.h1.borrow_mut() = Some(h1_parser(ctx));
        (*wsi).c.role.set(Role::HTTP_HEAD);
        ah_release(wsi);
        // idle between transactions: keepalive_timeout, not the head's
        // ah idle time (as the oracle)
        crate::core::wsi::set_timeout(wsi, TO_KEEPALIVE_IDLE, (*(*wsi).vhost.get()).keepalive_timeout);
        // the oracle then waits for a writeable event before it reads the
        // next head; that event gives no callback, only drops POLLOUT
        threadid::pollout_on(wsi);
        threadid::pollout_off(wsi);
        // input held while the transaction waited for its answer
        if has_rx_pending(wsi) || (*wsi).c.t.read_more.get() {
            make_ripe(wsi);
        }
        0
    }
}

/// The WebSocket upgrade: protocol selection, the callbacks, the 101.
///
/// # Safety
/// `wsi` valid, a live connection with a complete head; `vh` its vhost.
pub(crate) unsafe fn ws_upgrade(wsi: *mut lws, vh: *mut lws_vhost) -> bool {
    // SAFETY: `wsi` and `vh` live through the callbacks (module doc); the
    // protocol names borrowed in `names` are the application's strings,
    // alive while the vhost is; `idx` is below `count_protocols`; the
    // ADD_HEADERS room is `ROOM` bytes inside `resp` (as in add_headers);
    // the Sec-WebSocket-Protocol pointer is into the parser, which lives
    // until after the callback it is given to.
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
            let g = (*wsi).c.http.h1.borrow();
            let req = g.as_ref().unwrap().request();
            if !h1::ws::connection_has_upgrade(req) {
                lwsl_err!("ws upgrade: malformed or absent connection header\n");
                Err(())
            } else {
                h1::ws::select_protocol_or(req, &names, (*vh).default_protocol_index).map_err(|_| h1::ws::log_no_protocol(req))
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
            (*wsi).c.websocket.dropped.set(true);
        }
        // in: the Sec-WebSocket-Protocol header as lws_hdr_simple_ptr
        // gives it (NULL without one), as the oracle
        let sp = with_request(wsi, |r| r.first_frag_ptr(h1::parse::PROTOCOL)).flatten();
        let sp = sp.map_or(core::ptr::null_mut(), |p| p as *mut c_void);
        if cb(wsi, R::LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION, sp, 0) != 0 {
            lwsl_warn!("User code denied connection\n");
            request_close(wsi);
            return false;
        }
        let acc = {
            let g = (*wsi).c.http.h1.borrow();
            let req = g.as_ref().unwrap().request();
            h1::ws::log_version(req);
            h1::ws::handshake_or(req, &names, (*vh).default_protocol_index)
        };
        let acc = match acc {
            Ok(a) => a,
            Err(e) => {
                lwsl_notice!("ws upgrade: handshake failed ({:?})\n", e);
                request_close(wsi);
                return false;
            }
        };
        let ext = pmd::server_negotiate(wsi, vh);
        let Ok(ext) = ext else {
            request_close(wsi);
            return false;
        };
        if (*wsi).c.close_req.get() {
            return false;
        }
        // the 101 head without its final CRLF, the extension's answer,
        // then room for ADD_HEADERS
        let mut resp = acc.response;
        resp.truncate(resp.len() - 2);
        let ext = ext.map(|(line, state)| {
            resp.extend_from_slice(&line);
            Box::new(state)
        });
        let base = resp.len();
        const ROOM: usize = 2048;
        resp.resize(base + ROOM, 0);
        let mut args = crate::abi::http::lws_process_html_args {
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
        cfg.validate_utf8 = (*vh).options.contains(ServerOptions::VALIDATE_UTF8);
        if ext.is_some() {
            cfg.rsv_allowed = 0x40;
        }
        *(*wsi).c.websocket.pmd.borrow_mut() = ext;
        *(*wsi).c.websocket.frames.borrow_mut() = Some(Box::new(ws::frame::Parser::new(cfg)));
        (*wsi).c.read_size.set(ws::frame::oracle_read_size(rx, sz));
        (*wsi).c.role.set(Role::Ws);
        lwsl_info!("ws upgrade: wsi {:p} bound to protocol {}\n", wsi, String::from_utf8_lossy(crate::ffi::cstr_bytes((*prot).name).unwrap_or(b"")));
        if cb(wsi, R::LWS_CALLBACK_ESTABLISHED, core::ptr::null_mut(), 0) != 0 {
            user_close(wsi);
            return false;
        }
        // the retry policy's idle check starts from the upgrade
        validity_confirmed(wsi);
        // headers are gone after ESTABLISHED, as on the oracle
        *(*wsi).c.http.h1.borrow_mut() = None;
        ah_release(wsi);
        !(*wsi).c.close_req.get()
    }
}


/// The oracle's status page: `HTTP/1.x CODE REASON`, text/html, the lws
/// error body (`html_body` after the heading); no extra headers.
pub fn status_page(http11: bool, code: u32, html_body: &[u8]) -> Vec<u8> {
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
    r.extend_from_slice(b"content-type: text/html\r\ncontent-length: ");
    r.extend_from_slice(body.len().to_string().as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r.extend_from_slice(&body);
    r
}

/// The header lines the oracle's status helper puts after every status
/// line (`lws_add_http_header_status`, status pages, the 403 page): the
/// vhost's extra headers, the security headers, then `server:` when the
/// context has a server string and `with_server`.
///
/// # Safety
/// `vh` NULL or valid.
pub unsafe fn status_extras(vh: *const lws_vhost, with_server: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if vh.is_null() {
        return out;
    }
    // SAFETY: `vh` valid (caller); its header list is the application's
    // (`info->headers`), NULL-terminated, alive while the vhost is, with C
    // strings; its context valid.
    unsafe {
        let mut h = (*vh).headers;
        while !h.is_null() {
            out.extend_from_slice(crate::ffi::cstr_bytes((*h).name).unwrap_or(b""));
            out.push(b' ');
            out.extend_from_slice(crate::ffi::cstr_bytes((*h).value).unwrap_or(b""));
            out.extend_from_slice(b"\r\n");
            h = (*h).next;
        }
        if (*vh).options.contains(ServerOptions::HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE) {
            out.extend_from_slice(crate::core::mount::SECURITY_HEADERS);
        }
        if with_server {
            if let Some(s) = (*(*vh).context).net.server_string.borrow().as_ref() {
                out.extend_from_slice(b"server: ");
                out.extend_from_slice(s);
                out.extend_from_slice(b"\r\n");
            }
        }
    }
    out
}

/// The status page as `lws_return_http_status` sends it on `vh`:
/// [`status_page`] with [`status_extras`] after the status line.
///
/// # Safety
/// `vh` NULL or valid.
pub unsafe fn status_page_vh(vh: *const lws_vhost, http11: bool, code: u32, html_body: &[u8]) -> Vec<u8> {
    let mut page = status_page(http11, code, html_body);
    // SAFETY: `vh` NULL or valid (caller).
    let extras = unsafe { status_extras(vh, true) };
    if !extras.is_empty() {
        let at = page.windows(2).position(|w| w == b"\r\n").map_or(0, |i| i + 2);
        page.splice(at..at, extras);
    }
    page
}

/// [`status_page_vh`] for `wsi`'s vhost.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn status_page_for(wsi: *mut lws, http11: bool, code: u32, html_body: &[u8]) -> Vec<u8> {
    // SAFETY: `wsi` valid (caller); its vhost NULL or live.
    unsafe { status_page_vh((*wsi).vhost.get(), http11, code, html_body) }
}
