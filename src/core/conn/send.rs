//! Sending: raw bytes with partial buffering, `lws_write` framing,
//! WRITEABLE requests, choke state and rx flow control.
//!
//! The only callback made from here is GET_THREAD_ID, through
//! `threadid::pollout_on` / `pollin` (counted in `in_cb`), so the wsi a
//! function is given stays valid for the whole call; the output buffer's
//! borrow is held only across `io::send` (which borrows the TLS session,
//! another cell), never across a callback.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Sends `data`, buffering what the kernel does not take.  Err on a dead
/// socket.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn send_raw(wsi: *mut lws, data: &[u8]) -> Result<(), SendError> {
    // SAFETY: the caller's contract is send_raw_capped's and wsi_send_cap's.
    unsafe { send_raw_capped(wsi, data, wsi_send_cap(wsi)) }
}

/// [`send_raw`] with the kernel as the only limit: the oracle writes a
/// client's request head in one write, whatever the protocol's
/// `rx_buffer_size` / `tx_packet_size`.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn send_raw_uncapped(wsi: *mut lws, data: &[u8]) -> Result<(), SendError> {
    // SAFETY: the caller's contract is send_raw_capped's.
    unsafe { send_raw_capped(wsi, data, usize::MAX) }
}

/// [`send_raw`] with at most `cap` bytes on the socket in this call.
///
/// # Safety
/// `wsi` valid, a connection.
unsafe fn send_raw_capped(wsi: *mut lws, data: &[u8], cap: usize) -> Result<(), SendError> {
    // SAFETY: `wsi` valid (caller); the `out` borrows end within this
    // function and no callback runs (module doc).
    unsafe {
        let c = &(*wsi).c;
        if c.t.fd.get() < 0 {
            return Err(SendError);
        }
        if has_partial(wsi) {
            c.t.out.borrow_mut().extend_from_slice(data);
            return Ok(());
        }
        // the oracle sends at most this much per write and buffers the rest
        let limit = data.len().min(cap);
        let mut sent = 0usize;
        while sent < limit {
            match io::send(wsi, &data[sent..limit]) {
                Ok(n) => sent += n,
                Err(io::IoErr::Again) => break,
                Err(io::IoErr::Dead) => return Err(SendError),
            }
        }
        lwsl_info!("send_raw: wsi {:p}: {} of {} bytes written\n", wsi, sent, data.len());
        if sent < data.len() {
            if sent < limit {
                c.t.sock_writable.set(false);
            } else {
                // still writable: drain at the next pass
                make_ripe(wsi);
            }
            let mut o = c.t.out.borrow_mut();
            o.clear();
            o.extend_from_slice(&data[sent..]);
            c.t.out_off.set(0);
        }
        Ok(())
    }
}

/// Most bytes the oracle puts on the socket per write: the protocol's
/// `tx_packet_size`, else its `rx_buffer_size`, else `pt_serv_buf_size`,
/// plus `LWS_PRE` and 4 (measured: 4112-byte binary frame in one write
/// with the defaults, 4113 buffered; 216 / 217 with tx_packet_size 200).
pub(crate) fn send_cap(tx_packet_size: usize, rx_buffer_size: usize, pt_serv_buf_size: usize) -> usize {
    let sz = if tx_packet_size != 0 {
        tx_packet_size
    } else if rx_buffer_size != 0 {
        rx_buffer_size
    } else {
        pt_serv_buf_size
    };
    sz.saturating_add(ws::LWS_PRE + 4)
}

/// [`send_cap`] for `wsi`'s protocol and context.
///
/// # Safety
/// `wsi` valid; its protocol NULL or valid.
pub(crate) unsafe fn wsi_send_cap(wsi: *mut lws) -> usize {
    // SAFETY: `wsi` and its context valid, the protocol NULL or an entry
    // of a live vhost's table (caller).
    unsafe {
        let p = (*wsi).protocol.get();
        let pt = (*(*wsi).context).net.pt_serv_buf_size;
        if p.is_null() {
            return send_cap(0, 0, pt);
        }
        send_cap((*p).tx_packet_size, (*p).rx_buffer_size, pt)
    }
}

/// Sends pending output.  Ok(true) when drained.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn flush(wsi: *mut lws) -> Result<bool, SendError> {
    // SAFETY: `wsi` valid (caller); the `out` borrow is held across
    // io::send only, which touches the TLS cell, not `out` (module doc).
    unsafe {
        let c = &(*wsi).c;
        let mut o = c.t.out.borrow_mut();
        let mut off = c.t.out_off.get();
        while off < o.len() {
            match io::send(wsi, &o[off..]) {
                Ok(n) => off += n,
                Err(io::IoErr::Again) => {
                    c.t.sock_writable.set(false);
                    c.t.out_off.set(off);
                    return Ok(false);
                }
                Err(io::IoErr::Dead) => return Err(SendError),
            }
        }
        // TLS records rustls still holds
        match io::flush_tls(wsi) {
            Ok(true) => {}
            Ok(false) => {
                c.t.sock_writable.set(false);
                c.t.out_off.set(off);
                return Ok(false);
            }
            Err(_) => return Err(SendError),
        }
        o.clear();
        if o.capacity() > 256 * 1024 {
            o.shrink_to(0);
        }
        c.t.out_off.set(0);
        c.writeable_after_drain.set(true);
        drop(o);
        if c.websocket.close_frame_pending.get() {
            c.websocket.close_frame_pending.set(false);
        }
        if c.t.shut_wr_after_flush.replace(false) {
            io::close_notify(wsi);
            libc::shutdown(c.t.fd.get(), libc::SHUT_WR);
        }
        Ok(true)
    }
}

/// Shuts our sending side (FIN) now, or once the pending output drained.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn half_close_when_flushed(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller); shutdown on its own fd.
    unsafe {
        let c = &(*wsi).c;
        if has_partial(wsi) {
            c.t.shut_wr_after_flush.set(true);
        } else if c.t.fd.get() >= 0 {
            io::close_notify(wsi);
            libc::shutdown(c.t.fd.get(), libc::SHUT_WR);
        }
    }
}

/// Sends a control frame (payload cut to 125 bytes), masked on a client.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn send_control(wsi: *mut lws, op: u8, payload: &[u8]) -> Result<(), SendError> {
    // SAFETY: `wsi` valid (caller), what send_raw needs.
    unsafe {
        let mut f = [0u8; 6 + ws::MAX_CONTROL_PAYLOAD];
        let n = payload.len().min(ws::MAX_CONTROL_PAYLOAD);
        f[0] = 0x80 | op;
        f[1] = n as u8;
        let mut hl = 2;
        if (*wsi).c.client.get() {
            // every client frame is masked
            let m = client::new_mask();
            f[1] |= 0x80;
            f[2..6].copy_from_slice(&m);
            hl = 6;
            f[hl..hl + n].copy_from_slice(&payload[..n]);
            ws::frame::apply_mask(&mut f[hl..hl + n], m, 0);
        } else {
            f[2..2 + n].copy_from_slice(&payload[..n]);
        }
        send_raw(wsi, &f[..hl + n])
    }
}

/// An `lws_write` kind that sends HTTP data (as is, unframed).
pub(crate) fn is_http_write(kind: c_int) -> bool {
    use crate::abi::write::lws_write_protocol as W;
    [W::LWS_WRITE_HTTP, W::LWS_WRITE_HTTP_FINAL, W::LWS_WRITE_HTTP_HEADERS, W::LWS_WRITE_HTTP_HEADERS_CONTINUATION]
        .iter()
        .any(|&k| k as c_int == kind)
}

/// `lws_write`: -1 for a NULL or temporary wsi, or NULL data.
///
/// # Safety
/// `wsi` NULL or valid; `buf` has `LWS_PRE` writable bytes before it and
/// `len` after.
pub unsafe fn write(wsi: *mut lws, buf: *mut u8, len: usize, wp: c_int) -> c_int {
    // SAFETY: `buf` has `len` writable bytes and `LWS_PRE` (16) before it
    // (caller, lws_write's contract); the header is at most 14 bytes, so
    // `buf.sub(hl)` and the frame `[start, buf + len)` stay in that
    // memory; the mutable view for masking ends before the frame's shared
    // one is made; `wsi` NULL or valid (caller).
    unsafe {
        if wsi.is_null() || (buf.is_null() && len != 0) || (*wsi).fake {
            return -1;
        }
        let c = &(*wsi).c;
        if c.t.fd.get() < 0 || c.closed.get() {
            return -1;
        }
        // the role frames the data (conn::role)
        match c.role.get() {
            Role::Ws => ws_conn_write(wsi, buf, len, wp),
            Role::H1Server(_) | Role::H1Client(_) => send_as_is(wsi, buf, len),
        }
    }
}

/// Sends `len` bytes at `buf` unframed (HTTP data, or what a ws
/// connection writes after a protocol error).  Returns `len`, or -1 (and
/// the connection closes) when the socket is dead.
///
/// # Safety
/// `wsi` valid, a live connection; `buf` has `len` bytes (or `len` is 0).
pub(crate) unsafe fn send_as_is(wsi: *mut lws, buf: *mut u8, len: usize) -> c_int {
    // SAFETY: the caller's contract.
    unsafe {
        let data = if len == 0 { &[][..] } else { core::slice::from_raw_parts(buf, len) };
        match send_raw(wsi, data) {
            Ok(()) => len as c_int,
            Err(SendError) => {
                request_close(wsi);
                -1
            }
        }
    }
}

/// What `lws_write` returns for a sent frame: the payload length, plus
/// the header for control frames (as the oracle).
pub(crate) fn write_result(control: bool, header: usize, len: usize) -> c_int {
    (if control { header + len } else { len }) as c_int
}

/// `lws_callback_on_writable`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn callback_on_writable(wsi: *mut lws) -> c_int {
    // SAFETY: `wsi` valid (caller).  On another thread than the service
    // thread only `context` (never written after creation) is read before
    // queue_foreign_writable takes over; the rest runs on the service
    // thread.
    unsafe {
        let ctx = (*wsi).context;
        if !ctx.is_null() && queue_foreign_writable(ctx, wsi) {
            return 1;
        }
        let c = &(*wsi).c;
        if (*wsi).fake || c.t.fd.get() < 0 || c.closed.get() {
            return -1;
        }
        c.want_writable.set(true);
        threadid::pollout_on(wsi);
        if c.t.sock_writable.get() && !has_partial(wsi) {
            make_ripe(wsi);
        }
        1
    }
}

/// From a thread other than the service thread, `lws_callback_on_writable`
/// only queues the connection (its pointer and token, set when it was
/// made; nothing else of it is touched there) and
/// wakes the service; as on the oracle, which then cancels the service
/// when the protocol answers GET_THREAD_ID, the next pass also delivers
/// EVENT_WAIT_CANCELLED in that case.  Returns false on the service thread.
///
/// # Safety
/// `ctx` valid.
unsafe fn queue_foreign_writable(ctx: *mut lws_context, wsi: *mut lws) -> bool {
    use std::sync::atomic::Ordering;
    // SAFETY: `ctx` valid (caller); from another thread it touches only
    // atomics (`service_thread`, `service_tid`), the Mutex, the waker and
    // `cancel`, all Sync.  (`service_tid` was a plain Cell the service
    // thread writes in its first pass: a data race.)
    unsafe {
        let st = (*ctx).net.service_thread.load(Ordering::Acquire);
        if st == 0 || st == libc::pthread_self() as usize {
            return false;
        }
        // the wsi and its token: the token's generation tells at the next
        // pass whether this is still the same connection
        let entry = ((*wsi).c.t.token.get(), wsi as usize);
        if let Ok(mut q) = (*ctx).net.foreign_writable.lock() {
            if !q.contains(&entry) {
                q.push(entry);
            }
        }
        if (*ctx).service_tid.load(Ordering::Relaxed) != 0 {
            lws_context::cancel(ctx);
        } else {
            let _ = (*ctx).waker.wake();
        }
        true
    }
}

/// Applies the `lws_callback_on_writable` calls queued by other threads, to
/// the connections still open.  On the service thread.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn apply_foreign_writable(ctx: *mut lws_context) {
    // SAFETY: `ctx` valid (caller), on the service thread; a queued wsi is
    // used only if a slot still holds it (a live connection).
    unsafe {
        let q = match (*ctx).net.foreign_writable.lock() {
            Ok(mut q) if !q.is_empty() => core::mem::take(&mut *q),
            _ => return,
        };
        for (token, w) in q {
            let wsi = w as *mut lws;
            if (*ctx).net.is_live(token, wsi) {
                callback_on_writable(wsi);
            }
        }
    }
}

/// Whether other threads queued `lws_callback_on_writable` calls.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn has_foreign_writable(ctx: *mut lws_context) -> bool {
    // SAFETY: `ctx` valid (caller); the queue is behind its Mutex.
    unsafe { (*ctx).net.foreign_writable.lock().map(|q| !q.is_empty()).unwrap_or(false) }
}

/// What each send is charged on top of its length in
/// [`ConnState::tx_unchecked`]: an upper bound of what the kernel adds to
/// the socket's send queue for a new buffer (`sk_wmem_queued` counts its
/// truesize: ~860 bytes for a small segment, measured with SO_MEMINFO on
/// Linux 6.x), so the charge never undercounts the queue's growth.
pub(crate) const SEND_OVERHEAD: usize = 1024;

/// Whether the socket would report POLLOUT, as the oracle's poll() does
/// before it delivers a WRITEABLE.  Linux reports POLLOUT only while the
/// free send space is at least half of what is queued (the queue is at
/// most 2/3 of SO_SNDBUF), so a flood of small frames written one per
/// WRITEABLE stops before the buffer is full and every frame goes out
/// whole.  Our epoll is edge-triggered; what an EPOLLOUT event reported
/// stays true until about a third of the buffer was sent since, so the
/// check (a zero-timeout poll) is only made once [`ConnState::tx_credit`]
/// (a quarter of SO_SNDBUF) was charged since the last report: never on
/// a request/response connection, whose every input event reports
/// EPOLLOUT too.  When the socket is not writable, `sock_writable` goes
/// false and the connection waits for the EPOLLOUT edge, which comes:
/// the poll that said no marked the socket (SOCK_NOSPACE), and the
/// kernel wakes its waiters, our epoll included, once space is back.
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn pollout_likely(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); poll and getsockopt get pointers to
    // locals with their sizes.
    unsafe {
        let c = &(*wsi).c;
        let sent = c.t.tx_unchecked.get();
        if sent == 0 || sent < c.t.tx_credit.get() {
            return true;
        }
        let fd = c.t.fd.get();
        let mut p = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
        let n = libc::poll(&mut p, 1, 0);
        if n == 0 || (n == 1 && p.revents & (libc::POLLOUT | libc::POLLERR | libc::POLLHUP) == 0) {
            c.t.sock_writable.set(false);
            return false;
        }
        // writable (or an error the send will meet): the credit follows
        // the buffer, which the kernel grows and the user may set
        let mut sb: c_int = 0;
        let mut sl = core::mem::size_of::<c_int>() as libc::socklen_t;
        if libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_SNDBUF, &mut sb as *mut c_int as *mut c_void, &mut sl) == 0 {
            c.t.tx_credit.set((sb.max(0) as usize) / 4);
        }
        c.t.tx_unchecked.set(0);
        true
    }
}

/// The kernel reported the socket writable (an EPOLLOUT event, POLLOUT
/// in `lws_service_fd`).
pub(crate) fn writable_reported(c: &ConnState) {
    c.t.sock_writable.set(true);
    c.t.tx_unchecked.set(0);
}

/// `lws_send_pipe_choked`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn pipe_choked(wsi: *mut lws) -> c_int {
    // SAFETY: `wsi` valid (caller); poll gets a local pollfd.
    unsafe {
        let fd = (*wsi).c.t.fd.get();
        if fd < 0 {
            return 1;
        }
        if has_partial(wsi) {
            return 1;
        }
        let mut p = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
        if libc::poll(&mut p, 1, 0) < 1 {
            return 1;
        }
        if p.revents & (libc::POLLOUT | libc::POLLERR | libc::POLLHUP) == 0 {
            return 1;
        }
        0
    }
}

/// `lws_partial_buffered`.
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub unsafe fn partial_buffered(wsi: *mut lws) -> c_int {
    // SAFETY: `wsi` valid (caller).
    unsafe { has_partial(wsi) as c_int }
}

/// `lws_rx_flow_control`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn rx_flow_control(wsi: *mut lws, enable: c_int) -> c_int {
    // SAFETY: `wsi` valid (caller), what pollin and make_ripe need.
    unsafe {
        let c = &(*wsi).c;
        let before = c.rxflow_bitmap.get();
        let after = rxflow_apply(before, enable);
        c.rxflow_bitmap.set(after);
        if (before == 0) != (after == 0) {
            threadid::pollin(wsi, after == 0);
        }
        if before != 0 && after == 0 && c.t.fd.get() >= 0 {
            // deliver what was held back, then read the socket again
            c.t.read_more.set(true);
            make_ripe(wsi);
        }
        0
    }
}


/// The rx flow bitmap after `lws_rx_flow_control(wsi, enable)`: a plain
/// bool acts on `LWS_RXFLOW_REASON_USER_BOOL`; with
/// `LWS_RXFLOW_REASON_APPLIES` the low reason bits are set (disable) or
/// cleared (`..._ENABLE_BIT`).  Receiving is allowed when it is 0.
pub fn rxflow_apply(before: u32, enable: c_int) -> u32 {
    const APPLIES: c_int = 1 << 14;
    const ENABLE_BIT: c_int = 1 << 13;
    let mut e = enable;
    if e & APPLIES == 0 {
        e = APPLIES | 1 | if e != 0 { ENABLE_BIT } else { 0 };
    }
    let mask = (e & 0xff) as u32;
    if e & ENABLE_BIT != 0 {
        before & !mask
    } else {
        before | mask
    }
}
