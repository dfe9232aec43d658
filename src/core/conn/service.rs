//! Serving events: reading, the ripe list, WRITEABLE, and feeding input
//! to the HTTP head parser or the WebSocket frame parser.
//!
//! A connection found in a slot is live (its slot is released before it is
//! freed, `conn::close`).  The functions serving it make callbacks of that
//! connection only, through `cb` (counted in `in_cb`), so a close those ask
//! for leaves the wsi allocated until `finish` / `close` here; after a
//! `close` that may free it (`in_cb` 0) the wsi is not touched again.
//! No `RefCell` borrow of the connection's or the context's state is held
//! across a callback.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Handles a poll event for `token`.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn on_event(ctx: *mut lws_context, token: usize, readable: bool, writable: bool, error: bool) {
    // SAFETY: `ctx` valid (caller); the slot's vhost or wsi is live
    // (module doc); the wsi is read again only if handle_writable says it
    // is still open.
    unsafe {
        let slot = (*ctx).net.get(token);
        match slot {
            Some(Slot::Listener(vh)) => accept_all(vh),
            Some(Slot::Conn(wsi)) => {
                // a client's pending WRITEABLE comes before its input, as
                // the oracle serves POLLOUT before POLLIN
                let c = &(*wsi).c;
                let pending = c.client.get() && c.t.sock_writable.get() && c.want_writable.get();
                if writable {
                    writable_reported(c);
                }
                if writable || pending {
                    (*wsi).c.t.sock_writable.set(true);
                    if !handle_writable(wsi) {
                        return;
                    }
                }
                if readable || error {
                    (*wsi).c.t.read_more.set(true);
                    service_read(wsi);
                }
            }
            None => {}
        }
    }
}

/// Serves the ripe list (connections with work but no event).
///
/// # Safety
/// `ctx` valid.
pub unsafe fn service_ripe_conns(ctx: *mut lws_context) {
    // SAFETY: `ctx` valid (caller).  A wsi on `ripe_run` is live: a close
    // NULLs its entry there (close's unhook) before freeing it; each
    // entry is read under a momentary borrow, released before the wsi is
    // served (which may close others and NULL their entries).
    unsafe {
        let net = &(*ctx).net;
        {
            let mut run = net.ripe_run.borrow_mut();
            run.clear();
            core::mem::swap(&mut *run, &mut *net.ripe.borrow_mut());
        }
        let mut i = 0;
        loop {
            let wsi = match net.ripe_run.borrow().get(i) {
                Some(&w) => w,
                None => break,
            };
            i += 1;
            if wsi.is_null() {
                continue;
            }
            (*wsi).c.t.on_ripe.set(false);
            if (*wsi).c.closed.get() {
                continue;
            }
            // output held back by the per-write cap drains here too
            if (*wsi).c.t.sock_writable.get()
                && ((*wsi).c.want_writable.get() || has_partial(wsi))
                && !handle_writable(wsi)
            {
                continue;
            }
            if (*wsi).c.rxflow_bitmap.get() == 0 && (has_rx_pending(wsi) || (*wsi).c.t.read_more.get()) {
                service_read(wsi);
            }
        }
        net.ripe_run.borrow_mut().clear();
    }
}

/// Whether the next pass must not wait.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn has_ripe(ctx: *mut lws_context) -> bool {
    // SAFETY: `ctx` valid (caller).
    unsafe { !(*ctx).net.ripe.borrow().is_empty() }
}





/// The socket is writable (or believed so): flush, then WRITEABLE.
/// Returns false if the connection was closed.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn handle_writable(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` live (caller), and after its WRITEABLE callback
    // (module doc); not used after `close`; its context valid.
    unsafe {
        if (*wsi).c.role.get() == Role::H1Client(ClientStage::Connecting) {
            return client::connecting_writable(wsi);
        }
        let drained_now = has_partial(wsi);
        if drained_now {
            match flush(wsi) {
                Err(SendError) => {
                    close(wsi);
                    return false;
                }
                Ok(false) => return true,
                Ok(true) => {}
            }
            if (*wsi).c.closed.get() {
                return false;
            }
        }
        let c = &(*wsi).c;
        let pass = (*(*wsi).context).net.pass_no.get();
        if c.websocket.close_send_at.get() != 0 {
            if pass < c.websocket.close_send_at.get() {
                make_ripe(wsi);
                return true;
            }
            c.websocket.close_send_at.set(0);
            if let Some(pl) = c.websocket.close_to_send.take() {
                if send_control(wsi, ws::OpCode::Close as u8, pl.as_bytes()).is_err() {
                    close(wsi);
                    return false;
                }
            }
            c.want_writable.set(true);
            c.websocket.writeable_not_before.set(pass + 1);
            make_ripe(wsi);
            return true;
        }
        if c.want_writable.get() && pass < c.websocket.writeable_not_before.get() {
            make_ripe(wsi);
            return true;
        }
        if c.websocket.close_frame_pending.get() {
            return true;
        }
        if c.validity_ping.get() {
            // the ping goes alone; the user's WRITEABLE comes with the
            // next writeable event, as on the oracle
            return validity_send_ping(wsi);
        }
        if c.role.get() == Role::HTTP_TXN && crate::core::fileserve::active(wsi) {
            c.writeable_after_drain.set(false);
            return crate::core::fileserve::on_writable(wsi);
        }
        let drained = c.writeable_after_drain.replace(false);
        if !(c.want_writable.get() || drained) {
            return true;
        }
        // the callback the role gives a writeable event (conn::role)
        let reason = match c.role.get() {
            Role::H1Client(ClientStage::Head) if !client::sending_body(wsi) => {
                // as the oracle: while a client waits for its response
                // head, a writeable event gives no callback and uses up
                // the request (a ws client's, or an HTTP one's with no
                // body pending); only a request body being sent gets
                // CLIENT_HTTP_WRITEABLE
                c.want_writable.set(false);
                threadid::pollout_off(wsi);
                return true;
            }
            Role::H1Client(ClientStage::Head | ClientStage::Body) => R::LWS_CALLBACK_CLIENT_HTTP_WRITEABLE,
            Role::H1Client(ClientStage::Connecting | ClientStage::Failed) => return true,
            Role::Ws if c.client.get() => R::LWS_CALLBACK_CLIENT_WRITEABLE,
            Role::Ws => R::LWS_CALLBACK_SERVER_WRITEABLE,
            Role::H1Server(H1Stage::Txn) => R::LWS_CALLBACK_HTTP_WRITEABLE,
            Role::H1Server(H1Stage::Head) => return true,
        };
        // (right after a drain, which sent until the buffered frame was
        // out, the WRITEABLE comes as before: such frames were larger
        // than the per-write cap, already split on the oracle too, and
        // t_ws_io_partial pins the stall with output buffered)
        if !drained_now && !pollout_likely(wsi) {
            // not now: the EPOLLOUT edge brings it
            c.writeable_after_drain.set(drained);
            return true;
        }
        c.want_writable.set(false);
        threadid::pollout_off(wsi);
        let r = cb(wsi, reason, core::ptr::null_mut(), 0);
        if r != 0 {
            user_close(wsi);
        }
        finish(wsi)
    }
}

/// Reads and processes input until EAGAIN, flow control or the pass limit.
///
/// In WebSocket mode one `recv` takes up to [`BIG_READ`] bytes, which are
/// then fed to the parser in slices of the oracle's read size: the slices
/// are exactly what consecutive reads of that size would have returned, so
/// the RECEIVE pieces do not change, but a 16 KiB message costs one `recv`
/// instead of five.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn service_read(wsi: *mut lws) {
    // SAFETY: `wsi` live (caller, module doc), not used after `close` or
    // a false `finish`.  The lease's buffer is this reader's alone until
    // the lease drops (a nested reader gets its own), so the slice `buf`
    // of it may be handed to process and its callbacks; `want <= cap`
    // (nchunks <= cap / chunk, or one chunk no larger than the buffer).
    unsafe {
        let ctx = (*wsi).context;
        let role = (*wsi).c.role.get();
        let chunk = if matches!(role, Role::HTTP_HEAD | Role::HTTP_TXN) {
            http_read_size(ctx)
        } else if matches!(role, Role::H1Client(ClientStage::Head) | Role::H1Client(ClientStage::Body) | Role::H1Client(ClientStage::Connecting)) {
            (*ctx).net.pt_serv_buf_size
        } else {
            (*wsi).c.read_size.get().min((*ctx).net.pt_serv_buf_size).max(1)
        };
        // input held back by flow control first
        if has_rx_pending(wsi) && ((*wsi).c.rxflow_bitmap.get() != 0 || !replay_pending(wsi, chunk)) {
            return;
        }
        // the shared buffer is leased to one reader at a time: a read made
        // while another's bytes are in it (a service call from inside a
        // callback) gets a buffer of its own
        let lease = RxLease::take(ctx);
        let bufp = lease.buf;
        let cap = (&*bufp).len();
        // same per-pass budget as MAX_READS_PER_PASS reads of one chunk
        let mut budget = MAX_READS_PER_PASS;
        while budget > 0 {
            if (*wsi).c.rxflow_bitmap.get() != 0 || !(*wsi).c.t.read_more.get() {
                return;
            }
            if client::tls_waiting(wsi) && !client::tls_handshake(wsi) {
                finish(wsi);
                return;
            }
            if (*wsi).c.role.get() == Role::HTTP_HEAD && !ah_acquire(wsi) {
                // no header slot free: the input waits in the kernel
                return;
            }
            if (*wsi).c.role.get() == Role::HTTP_TXN && !in_body(wsi) {
                // waiting for the answer: the oracle does not read (not
                // even a peer's close) until the transaction completes
                return;
            }
            let role = (*wsi).c.role.get();
            let (chunk, nchunks) = if matches!(role, Role::HTTP_HEAD | Role::HTTP_TXN) {
                (http_read_size(ctx), 1)
            } else if matches!(role, Role::H1Client(ClientStage::Head) | Role::H1Client(ClientStage::Body) | Role::H1Client(ClientStage::Connecting)) {
                ((*ctx).net.pt_serv_buf_size, 1)
            } else {
                let c = (*wsi).c.read_size.get().min((*ctx).net.pt_serv_buf_size).max(1);
                (c, (cap / c).clamp(1, budget))
            };
            budget -= nchunks;
            let want = chunk * nchunks;
            let buf = &mut (&mut *bufp)[..want];
            let n = match io::recv(wsi, buf) {
                Ok(0) | Err(io::IoErr::Dead) => {
                    if !((*wsi).c.client.get() && client::client_eof(wsi)) {
                        close(wsi);
                    }
                    return;
                }
                Ok(n) => n,
                Err(io::IoErr::Again) => {
                    (*wsi).c.t.read_more.set(false);
                    return;
                }
            };
            let mut off = 0;
            while off < n {
                let end = (off + chunk).min(n);
                let used = process(wsi, &mut buf[off..end]);
                if (*wsi).c.closed.get() || !finish(wsi) {
                    return;
                }
                if off + used < end {
                    // flow control stopped us mid-chunk: keep the rest,
                    // remembering where this read's slice ends
                    let mut p = (*wsi).c.t.rx_pending.borrow_mut();
                    p.clear();
                    p.extend_from_slice(&buf[off + used..n]);
                    (*wsi).c.t.rx_pending_off.set(0);
                    (*wsi).c.t.rx_pending_end.set(end - (off + used));
                    return;
                }
                off = end;
            }
            if (*wsi).c.client.get() {
                // a client reads once per pass, as the oracle: a WRITEABLE
                // asked for meanwhile comes before the next read (and the
                // peer's FIN, which may share the edge of this data)
                make_ripe(wsi);
                return;
            }
            if n < want {
                (*wsi).c.t.read_more.set(false);
                return;
            }
        }
        // more may be waiting: come back next pass
        make_ripe(wsi);
    }
}


/// What one read takes on an HTTP connection: the oracle reads
/// `pt_serv_buf_size - LWS_PRE` bytes (so a request body arrives in
/// pieces of 4080 bytes by default).
///
/// # Safety
/// `ctx` valid.
pub(crate) unsafe fn http_read_size(ctx: *mut lws_context) -> usize {
    // SAFETY: `ctx` valid (caller).
    unsafe { (*ctx).net.pt_serv_buf_size.saturating_sub(crate::ws::LWS_PRE).max(1) }
}

/// Feeds input held back by flow control, in the slices it was read in
/// (the rest of the interrupted one, then `chunk`-sized ones).  Returns
/// true when all of it was used and the connection is still there.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn replay_pending(wsi: *mut lws, chunk: usize) -> bool {
    // SAFETY: `wsi` live (caller, module doc); the held input is moved out
    // of its RefCell while it is processed (no borrow across callbacks)
    // and put back after.
    unsafe {
        let mut data = core::mem::take(&mut *(*wsi).c.t.rx_pending.borrow_mut());
        let n = data.len();
        let mut off = (*wsi).c.t.rx_pending_off.replace(0);
        let mut end = (*wsi).c.t.rx_pending_end.replace(0).clamp(off, n);
        while off < n {
            if end <= off {
                end = (off + chunk).min(n);
            }
            let used = process(wsi, &mut data[off..end]);
            if (*wsi).c.closed.get() || !finish(wsi) {
                return false;
            }
            off += used;
            if off < end {
                // still flow-controlled: keep the rest
                (*wsi).c.t.rx_pending_off.set(off);
                (*wsi).c.t.rx_pending_end.set(end);
                *(*wsi).c.t.rx_pending.borrow_mut() = data;
                return false;
            }
        }
        data.clear();
        *(*wsi).c.t.rx_pending.borrow_mut() = data;
        true
    }
}

/// Processes one chunk of input; returns how many bytes were used (less
/// than all only when rx flow control stopped delivery).  Each step goes
/// to the connection's role (`conn::role`), which may change it (an
/// upgrade, the end of a response head) before the next step.
///
/// # Safety
/// `wsi` valid, a live connection.
pub(crate) unsafe fn process(wsi: *mut lws, buf: &mut [u8]) -> usize {
    // SAFETY: `wsi` live (caller, module doc), and checked for a close
    // request before each step; the role functions keep it allocated
    // through their callbacks (in_cb).
    unsafe {
        (*wsi).c.http.refuse_pipelined.set(false);
        let mut off = 0;
        while off < buf.len() {
            if (*wsi).c.close_req.get() || (*wsi).c.closed.get() {
                return buf.len();
            }
            let step = match (*wsi).c.role.get() {
                Role::H1Server(stage) => h1_server_rx(wsi, stage, buf, off),
                Role::H1Client(stage) => client::h1_client_rx(wsi, stage, buf, off),
                Role::Ws => ws_conn_rx(wsi, buf, off),
            };
            match step {
                Rx::Used(n) => off = n,
                Rx::Stop(r) => return r,
            }
        }
        off
    }
}

/// What `lws_service_fd` did with a descriptor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FdOutcome {
    /// Not one of ours: the caller's `revents` stay as they were.
    Unknown,
    /// Served; the connection (or listener) is still there.
    Handled,
    /// The connection (or listener) was closed.
    Closed,
}

/// The slot whose socket is `fd`, if any.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn slot_of_fd(ctx: *mut lws_context, fd: c_int) -> Option<(usize, Slot)> {
    // SAFETY: `ctx` valid (caller); the vhosts and wsis in slots are live
    // (module doc); no callback runs under the borrow.
    unsafe {
        (*ctx).net.slots_with_tokens().into_iter().find(|&(_, s)| match s {
            Slot::Listener(vh) => (*vh).listen_fd.get() == fd,
            Slot::Conn(w) => (*w).c.t.fd.get() == fd && !(*w).c.closed.get(),
        })
    }
}

/// Serves readiness that the user's own poll loop saw on `fd`
/// (`lws_service_fd`), as the oracle: a hang-up without readable input,
/// or an error, closes; POLLIN on a listener accepts every pending
/// connection; on a connection POLLOUT comes first and gives an
/// established connection its WRITEABLE callback whether or not one was
/// asked for (the user's `events` decide), then POLLIN reads until EAGAIN.
/// Our own epoll edges are not involved: the flags the edge handling
/// keeps (`sock_writable`, `read_more`) are set from `revents` here.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn service_user_fd(ctx: *mut lws_context, fd: c_int, events: i16, revents: i16) -> FdOutcome {
    // SAFETY: `ctx` valid (caller); the slot's vhost or wsi is live (module
    // doc); after handle_writable and service_read the wsi is read only
    // once `is_live(token, wsi)` says its slot still holds it.  (The final
    // `closed` read after is_live relies on a closed wsi leaving its slot
    // first, which close does.)
    unsafe {
        let Some((token, slot)) = slot_of_fd(ctx, fd) else {
            return FdOutcome::Unknown;
        };
        let hup = revents & libc::POLLHUP != 0 && revents & events & libc::POLLIN == 0;
        let err = revents & libc::POLLERR != 0;
        match slot {
            Slot::Listener(vh) => {
                if hup || err {
                    unlisten(vh);
                    return FdOutcome::Closed;
                }
                if revents & libc::POLLIN != 0 {
                    accept_all(vh);
                }
                FdOutcome::Handled
            }
            Slot::Conn(wsi) => {
                if hup || err {
                    close(wsi);
                    return FdOutcome::Closed;
                }
                if revents & libc::POLLOUT != 0 {
                    let c = &(*wsi).c;
                    writable_reported(c);
                    let established = match c.role.get() {
                        Role::Ws => !c.websocket.ws_close.get().close_sent(),
                        Role::HTTP_TXN => true,
                        Role::H1Client(ClientStage::Head) | Role::H1Client(ClientStage::Body) => c.client.get(),
                        _ => false,
                    };
                    if established && !c.websocket.close_frame_pending.get() {
                        c.want_writable.set(true);
                    }
                    if !handle_writable(wsi) || !(*ctx).net.is_live(token, wsi) {
                        return FdOutcome::Closed;
                    }
                }
                if revents & libc::POLLIN != 0 && !(*wsi).c.closed.get() {
                    (*wsi).c.t.read_more.set(true);
                    service_read(wsi);
                }
                if (*ctx).net.is_live(token, wsi) && !(*wsi).c.closed.get() {
                    FdOutcome::Handled
                } else {
                    FdOutcome::Closed
                }
            }
        }
    }
}
