//! Server connections: listening sockets, accept, the per-connection state
//! machine (HTTP/1 head → WebSocket or plain HTTP), the receive and send
//! paths, and closing.
//!
//! Design:
//! - Sockets are raw nonblocking fds registered once in the context's
//!   `mio::Poll` (edge-triggered) for READABLE|WRITABLE; interest never
//!   changes, so no `epoll_ctl` happens on the hot path.  Because events are
//!   edges, a connection is read until EAGAIN (or a short read); one that
//!   still has work (rx flow re-enabled with buffered input, a WRITEABLE
//!   request while the socket is known writable) goes on the context's
//!   "ripe" list, served at the next pass without waiting.
//! - One read buffer per context (at least 64 KiB); what one `recv` brings
//!   is fed to the parser in slices of the oracle's read size
//!   (`ws::frame::oracle_read_size`) so RECEIVE pieces match Debian's
//!   library exactly.  Payload is unmasked in place and handed
//!   to the user from that buffer: no copy, no allocation per message.
//! - Sends go straight to the socket (frame header written into the
//!   caller's LWS_PRE headroom, one `send`); only what the kernel refuses is
//!   copied into the connection's pending buffer, and WRITEABLE callbacks
//!   wait until it drains.
//! - A connection is never freed while a callback on it runs: closing from
//!   inside a callback (return -1, `LWS_TO_KILL_SYNC`) only marks it; the
//!   caller finishes the close once the callback has returned.

use core::cell::{Cell, RefCell};
use core::ffi::{c_int, c_void};

use crate::api::callbacks::lws_callback_reasons as R;
use crate::core::wsi::call_protocol;
use crate::core::{lws, lws_context, lws_vhost};
use crate::h1;
use crate::ws;
use crate::ws::close::ClosePayload;
use crate::ws::frame::{Event, ProtocolError};

pub const LWS_SERVER_OPTION_DISABLE_IPV6: u64 = 1 << 5;
pub const LWS_SERVER_OPTION_VALIDATE_UTF8: u64 = 1 << 8;
/// `PENDING_TIMEOUT_HTTP_KEEPALIVE_IDLE`-like reason used for the handshake.
const TO_HANDSHAKE: c_int = 13;
/// `PENDING_TIMEOUT_CLOSE_ACK`.
const TO_CLOSE_ACK: c_int = 3;
/// Most chunks (of the oracle's read size) read from one connection in one
/// service pass.
const MAX_READS_PER_PASS: usize = 64;
/// Size of the shared read buffer at least: one `recv` in WebSocket mode
/// takes this much (in whole chunks).
const BIG_READ: usize = 64 * 1024;

/// What a mio token designates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Listener(*mut lws_vhost),
    Conn(*mut lws),
}

/// Per-context network state.
pub struct Net {
    pub slots: RefCell<Vec<Option<Slot>>>,
    /// Freed slot indexes, reusable from the next pass on.
    pub free_slots: RefCell<Vec<usize>>,
    pub freed_this_pass: RefCell<Vec<usize>>,
    /// Connections with work to do without a socket event.
    pub ripe: RefCell<Vec<*mut lws>>,
    /// The ripe list being served (swapped with `ripe` each pass, so
    /// neither is reallocated); a connection closed meanwhile is nulled.
    pub ripe_run: RefCell<Vec<*mut lws>>,
    /// The shared read buffer (`pt_serv_buf_size`, at least [`BIG_READ`]).
    pub rxbuf: core::cell::UnsafeCell<Box<[u8]>>,
    pub pt_serv_buf_size: usize,
    pub ah_idle_secs: c_int,
    pub max_http_header_data: usize,
    /// Scratch list of events of one pass (reused).
    pub evlist: RefCell<Vec<(usize, bool, bool, bool)>>,
    /// TCP keepalive of accepted sockets from the creation info: `ka_time`
    /// (idle seconds, 0 = off), `ka_probes`, `ka_interval`.
    pub ka: Cell<(c_int, c_int, c_int)>,
}

impl Net {
    pub fn new(pt_serv_buf_size: usize, ah_idle_secs: c_int, max_http_header_data: usize) -> Net {
        let sz = if pt_serv_buf_size == 0 { ws::frame::DEFAULT_PT_SERV_BUF_SIZE } else { pt_serv_buf_size };
        Net {
            slots: RefCell::new(vec![None]),
            free_slots: RefCell::new(Vec::new()),
            freed_this_pass: RefCell::new(Vec::new()),
            ripe: RefCell::new(Vec::new()),
            ripe_run: RefCell::new(Vec::new()),
            rxbuf: core::cell::UnsafeCell::new(vec![0u8; sz.max(BIG_READ)].into_boxed_slice()),
            pt_serv_buf_size: sz,
            ah_idle_secs: if ah_idle_secs <= 0 { 10 } else { ah_idle_secs },
            max_http_header_data: if max_http_header_data == 0 { 4096 } else { max_http_header_data },
            evlist: RefCell::new(Vec::with_capacity(64)),
            ka: Cell::new((0, 0, 0)),
        }
    }

    fn alloc_slot(&self, s: Slot) -> usize {
        let mut slots = self.slots.borrow_mut();
        if let Some(i) = self.free_slots.borrow_mut().pop() {
            slots[i] = Some(s);
            return i;
        }
        slots.push(Some(s));
        slots.len() - 1
    }

    fn release_slot(&self, i: usize) {
        if let Some(s) = self.slots.borrow_mut().get_mut(i) {
            *s = None;
        }
        self.freed_this_pass.borrow_mut().push(i);
    }

    /// End of a service pass: freed slots become reusable.
    pub fn end_pass(&self) {
        let mut f = self.freed_this_pass.borrow_mut();
        self.free_slots.borrow_mut().append(&mut f);
    }

    /// Live connections, in slot order.
    pub fn conns(&self) -> Vec<*mut lws> {
        self.slots
            .borrow()
            .iter()
            .filter_map(|s| match s {
                Some(Slot::Conn(w)) => Some(*w),
                _ => None,
            })
            .collect()
    }

    pub fn is_live(&self, token: usize, wsi: *mut lws) -> bool {
        matches!(self.slots.borrow().get(token), Some(Some(Slot::Conn(w))) if *w == wsi)
    }
}

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Reading the HTTP request head.
    HttpHead,
    /// A plain HTTP request was handed to the user.
    Http,
    /// WebSocket, open.
    Ws,
    /// WebSocket, our close frame is (to be) sent: waiting for the peer's.
    WsAwaitAck,
    /// WebSocket protocol error: frames are parsed but ignored until the
    /// peer's close (or the timeout).
    WsFailed,
}

/// Which protocol was bound (decides the callbacks sent on close).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    None,
    Http,
    Ws,
}

/// The connection part of a wsi.
pub struct ConnState {
    pub fd: Cell<c_int>,
    pub token: Cell<usize>,
    pub mode: Cell<Mode>,
    pub bound: Cell<Bound>,
    /// WS_SERVER_DROP_PROTOCOL already sent.
    pub dropped: Cell<bool>,
    /// Closing before any request: CLOSED_HTTP is sent (as the oracle).
    pub http_role: Cell<bool>,
    pub h1: RefCell<Option<Box<h1::Parser>>>,
    pub http11_keepalive: Cell<bool>,
    pub ws: RefCell<Option<Box<ws::frame::Parser>>>,
    pub read_size: Cell<usize>,
    // the RECEIVE piece being delivered
    pub p_first: Cell<bool>,
    pub p_final: Cell<bool>,
    pub p_binary: Cell<bool>,
    pub close_reason: Cell<Option<ClosePayload>>,
    pub close_frame_pending: Cell<bool>,
    /// After a protocol error: half-close (FIN) once the output drained.
    pub shut_wr_after_flush: Cell<bool>,
    // send side
    pub out: RefCell<Vec<u8>>,
    pub out_off: Cell<usize>,
    pub sock_writable: Cell<bool>,
    pub want_writable: Cell<bool>,
    pub writeable_after_drain: Cell<bool>,
    // receive side
    pub rxflow_bitmap: Cell<u32>,
    pub rx_pending: RefCell<Vec<u8>>,
    pub rx_pending_off: Cell<usize>,
    /// End of the read slice `rx_pending_off` is in (later slices are one
    /// read size each).
    pub rx_pending_end: Cell<usize>,
    pub on_ripe: Cell<bool>,
    pub read_more: Cell<bool>,
    // callbacks in progress on this wsi, close requested meanwhile
    pub in_cb: Cell<u32>,
    pub close_req: Cell<bool>,
    pub closed: Cell<bool>,
    pub pss_owned: Cell<bool>,
    /// An HTTP transaction is in progress (head received, not completed):
    /// closing now drops the bound protocol first, as the oracle does.
    pub http_txn: Cell<bool>,
}

impl Default for ConnState {
    fn default() -> Self {
        ConnState {
            fd: Cell::new(-1),
            token: Cell::new(0),
            mode: Cell::new(Mode::HttpHead),
            bound: Cell::new(Bound::None),
            http_txn: Cell::new(false),
            dropped: Cell::new(false),
            http_role: Cell::new(true),
            h1: RefCell::new(None),
            http11_keepalive: Cell::new(false),
            ws: RefCell::new(None),
            read_size: Cell::new(0),
            p_first: Cell::new(false),
            p_final: Cell::new(false),
            p_binary: Cell::new(false),
            close_reason: Cell::new(None),
            close_frame_pending: Cell::new(false),
            shut_wr_after_flush: Cell::new(false),
            out: RefCell::new(Vec::new()),
            out_off: Cell::new(0),
            sock_writable: Cell::new(true),
            want_writable: Cell::new(false),
            writeable_after_drain: Cell::new(false),
            rxflow_bitmap: Cell::new(0),
            rx_pending: RefCell::new(Vec::new()),
            rx_pending_off: Cell::new(0),
            rx_pending_end: Cell::new(0),
            on_ripe: Cell::new(false),
            read_more: Cell::new(false),
            in_cb: Cell::new(0),
            close_req: Cell::new(false),
            closed: Cell::new(false),
            pss_owned: Cell::new(false),
        }
    }
}

/// Calls the wsi's protocol; marks the connection for closing when the
/// callback returns nonzero and `close_on_fail`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn cb(wsi: *mut lws, reason: R, in_: *mut c_void, len: usize) -> c_int {
    unsafe {
        let c = &(*wsi).c;
        c.in_cb.set(c.in_cb.get() + 1);
        let r = call_protocol(wsi, (*wsi).protocol.get(), reason, (*wsi).user_space.get(), in_, len);
        let c = &(*wsi).c;
        c.in_cb.set(c.in_cb.get() - 1);
        r
    }
}

// ---------------------------------------------------------------- listen

/// Opens the listening socket of `vh` (port 0: ephemeral) and registers it.
/// Returns false (after logging) on failure.
///
/// # Safety
/// `vh` valid, its context valid.
pub unsafe fn listen(vh: *mut lws_vhost, port: c_int) -> bool {
    unsafe {
        let ctx = (*vh).context;
        let v6 = (*vh).options & LWS_SERVER_OPTION_DISABLE_IPV6 == 0;
        let mut ss: libc::sockaddr_storage = core::mem::zeroed();
        let slen;
        if v6 {
            let s6 = &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in6);
            s6.sin6_family = libc::AF_INET6 as _;
            s6.sin6_port = (port as u16).to_be();
            slen = core::mem::size_of::<libc::sockaddr_in6>();
        } else {
            let s4 = &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in);
            s4.sin_family = libc::AF_INET as _;
            s4.sin_port = (port as u16).to_be();
            slen = core::mem::size_of::<libc::sockaddr_in>();
        }
        if let Some(iface) = &(*vh).iface {
            let r = crate::api::network_helper::lws_interface_to_sa(
                v6 as c_int,
                iface.as_ptr(),
                &mut ss as *mut _ as *mut libc::sockaddr_in,
                slen,
            );
            if r != 0 {
                lwsl_err!("Unable to find interface {}\n", iface.to_string_lossy());
                return false;
            }
            // lws_interface_to_sa leaves the port alone only in some paths
            if v6 {
                (*(&mut ss as *mut _ as *mut libc::sockaddr_in6)).sin6_port = (port as u16).to_be();
            } else {
                (*(&mut ss as *mut _ as *mut libc::sockaddr_in)).sin_port = (port as u16).to_be();
            }
        }
        let fam = if v6 { libc::AF_INET6 } else { libc::AF_INET };
        let fd = libc::socket(fam, libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            lwsl_err!("ERROR opening socket\n");
            return false;
        }
        let one: c_int = 1;
        let zero: c_int = 0;
        let sz = core::mem::size_of::<c_int>() as libc::socklen_t;
        libc::setsockopt(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, &one as *const _ as *const c_void, sz);
        if v6 {
            libc::setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, &zero as *const _ as *const c_void, sz);
        }
        if libc::bind(fd, &ss as *const _ as *const libc::sockaddr, slen as libc::socklen_t) < 0 {
            lwsl_err!("ERROR on binding fd {} to port {} ({})\n", fd, port, std::io::Error::last_os_error());
            libc::close(fd);
            return false;
        }
        if libc::listen(fd, libc::SOMAXCONN) < 0 {
            lwsl_err!("listen failed: {}\n", std::io::Error::last_os_error());
            libc::close(fd);
            return false;
        }
        let mut len = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        libc::getsockname(fd, &mut ss as *mut _ as *mut libc::sockaddr, &mut len);
        let actual = if v6 {
            u16::from_be((*(&ss as *const _ as *const libc::sockaddr_in6)).sin6_port)
        } else {
            u16::from_be((*(&ss as *const _ as *const libc::sockaddr_in)).sin_port)
        };
        let token = (*ctx).net.alloc_slot(Slot::Listener(vh));
        let reg = (*ctx).poll.borrow().registry().register(
            &mut mio::unix::SourceFd(&fd),
            mio::Token(token),
            mio::Interest::READABLE,
        );
        if reg.is_err() {
            (*ctx).net.release_slot(token);
            libc::close(fd);
            return false;
        }
        (*vh).listen_fd.set(fd);
        (*vh).listen_token.set(token);
        (*vh).listen_port.set(actual as c_int);
        lwsl_info!(" Listening on port {}\n", actual);
        true
    }
}

/// Closes the listening socket of `vh` (WSI_DESTROY to protocols[0] as the
/// oracle's listen wsi gets).
///
/// # Safety
/// `vh` valid.
pub unsafe fn unlisten(vh: *mut lws_vhost) {
    unsafe {
        let fd = (*vh).listen_fd.replace(-1);
        if fd < 0 {
            return;
        }
        let ctx = (*vh).context;
        let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
        (*ctx).net.release_slot((*vh).listen_token.get());
        libc::close(fd);
        if (*vh).created_protocols.get() {
            let p = (*vh).protocols.as_ptr();
            crate::core::wsi::call_fake(ctx, vh, p, p, R::LWS_CALLBACK_WSI_DESTROY, core::ptr::null_mut());
        }
    }
}

/// Accepts every pending connection on `vh`'s listener.
///
/// # Safety
/// `vh` valid.
pub unsafe fn accept_all(vh: *mut lws_vhost) {
    unsafe {
        loop {
            let lfd = (*vh).listen_fd.get();
            if lfd < 0 || (*vh).being_destroyed.get() {
                return;
            }
            let mut ss: libc::sockaddr_storage = core::mem::zeroed();
            let mut len = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            let fd = libc::accept4(
                lfd,
                &mut ss as *mut _ as *mut libc::sockaddr,
                &mut len,
                libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            );
            if fd < 0 {
                let e = std::io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EINTR) | Some(libc::ECONNABORTED) => continue,
                    _ => return,
                }
            }
            new_conn(vh, fd, &mut ss);
        }
    }
}

unsafe fn new_conn(vh: *mut lws_vhost, fd: c_int, ss: *mut libc::sockaddr_storage) {
    unsafe {
        let ctx = (*vh).context;
        let p0 = (*vh).protocols.as_ptr();
        // the listen wsi's callback: user = the new fd, in = its address
        let lw = Box::into_raw(Box::new(lws::new(ctx, vh, p0, true)));
        let r = call_protocol(lw, p0, R::LWS_CALLBACK_FILTER_NETWORK_CONNECTION, fd as isize as *mut c_void, ss as *mut c_void, 0);
        drop(Box::from_raw(lw));
        if r != 0 {
            libc::close(fd);
            return;
        }
        let one: c_int = 1;
        libc::setsockopt(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, &one as *const _ as *const c_void, 4);
        set_keepalive(fd, (*ctx).net.ka.get());
        let wsi = Box::into_raw(Box::new(lws::new(ctx, vh, p0, false)));
        (*wsi).c.fd.set(fd);
        let token = (*ctx).net.alloc_slot(Slot::Conn(wsi));
        (*wsi).c.token.set(token);
        if (*ctx)
            .poll
            .borrow()
            .registry()
            .register(&mut mio::unix::SourceFd(&fd), mio::Token(token), mio::Interest::READABLE | mio::Interest::WRITABLE)
            .is_err()
        {
            (*ctx).net.release_slot(token);
            libc::close(fd);
            drop(Box::from_raw(wsi));
            return;
        }
        // the HTTP parser is made when the first bytes arrive (see h1_parser)
        crate::core::wsi::set_timeout(wsi, TO_HANDSHAKE, (*ctx).net.ah_idle_secs);
        if cb(wsi, R::LWS_CALLBACK_WSI_CREATE, core::ptr::null_mut(), 0) != 0
            || cb(wsi, R::LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED, core::ptr::null_mut(), 0) != 0
        {
            close(wsi);
            return;
        }
        finish(wsi);
    }
}

// ---------------------------------------------------------------- service

/// Handles a poll event for `token`.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn on_event(ctx: *mut lws_context, token: usize, readable: bool, writable: bool, error: bool) {
    unsafe {
        let slot = (*ctx).net.slots.borrow().get(token).copied().flatten();
        match slot {
            Some(Slot::Listener(vh)) => accept_all(vh),
            Some(Slot::Conn(wsi)) => {
                if writable {
                    (*wsi).c.sock_writable.set(true);
                    if !handle_writable(wsi) {
                        return;
                    }
                }
                if readable || error {
                    (*wsi).c.read_more.set(true);
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
            (*wsi).c.on_ripe.set(false);
            if (*wsi).c.closed.get() {
                continue;
            }
            // output held back by the per-write cap drains here too
            if (*wsi).c.sock_writable.get()
                && ((*wsi).c.want_writable.get() || has_partial(wsi))
                && !handle_writable(wsi)
            {
                continue;
            }
            if (*wsi).c.rxflow_bitmap.get() == 0 && (has_rx_pending(wsi) || (*wsi).c.read_more.get()) {
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
    unsafe { !(*ctx).net.ripe.borrow().is_empty() }
}

unsafe fn make_ripe(wsi: *mut lws) {
    unsafe {
        if (*wsi).c.on_ripe.replace(true) {
            return;
        }
        (*(*wsi).context).net.ripe.borrow_mut().push(wsi);
    }
}

fn has_partial(wsi: *mut lws) -> bool {
    unsafe { (*wsi).c.out_off.get() < (*wsi).c.out.borrow().len() }
}

fn has_rx_pending(wsi: *mut lws) -> bool {
    unsafe { (*wsi).c.rx_pending_off.get() < (*wsi).c.rx_pending.borrow().len() }
}

/// After callbacks: completes a requested close.  Returns false if the
/// connection is gone.
unsafe fn finish(wsi: *mut lws) -> bool {
    unsafe {
        if (*wsi).c.close_req.get() && (*wsi).c.in_cb.get() == 0 {
            close(wsi);
            return false;
        }
        !(*wsi).c.closed.get()
    }
}

/// The socket is writable (or believed so): flush, then WRITEABLE.
/// Returns false if the connection was closed.
unsafe fn handle_writable(wsi: *mut lws) -> bool {
    unsafe {
        if has_partial(wsi) {
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
        if c.close_frame_pending.get() {
            return true;
        }
        let drained = c.writeable_after_drain.replace(false);
        if !(c.want_writable.get() || drained) {
            return true;
        }
        if !matches!(c.mode.get(), Mode::Ws | Mode::Http | Mode::WsAwaitAck | Mode::WsFailed) {
            return true;
        }
        c.want_writable.set(false);
        // an HTTP transaction's writeable is HTTP_WRITEABLE, a ws one's
        // SERVER_WRITEABLE
        let reason = if c.mode.get() == Mode::Http {
            R::LWS_CALLBACK_HTTP_WRITEABLE
        } else {
            R::LWS_CALLBACK_SERVER_WRITEABLE
        };
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
unsafe fn service_read(wsi: *mut lws) {
    unsafe {
        let ctx = (*wsi).context;
        let mode = (*wsi).c.mode.get();
        let http = matches!(mode, Mode::HttpHead | Mode::Http);
        let chunk = if http {
            (*ctx).net.pt_serv_buf_size
        } else {
            (*wsi).c.read_size.get().min((*ctx).net.pt_serv_buf_size).max(1)
        };
        // input held back by flow control first
        if has_rx_pending(wsi) && ((*wsi).c.rxflow_bitmap.get() != 0 || !replay_pending(wsi, chunk)) {
            return;
        }
        let bufp = (*ctx).net.rxbuf.get();
        let cap = (&*bufp).len();
        // same per-pass budget as MAX_READS_PER_PASS reads of one chunk
        let mut budget = MAX_READS_PER_PASS;
        while budget > 0 {
            if (*wsi).c.rxflow_bitmap.get() != 0 || !(*wsi).c.read_more.get() {
                return;
            }
            let mode = (*wsi).c.mode.get();
            let (chunk, nchunks) = if matches!(mode, Mode::HttpHead | Mode::Http) {
                ((*ctx).net.pt_serv_buf_size, 1)
            } else {
                let c = (*wsi).c.read_size.get().min((*ctx).net.pt_serv_buf_size).max(1);
                (c, (cap / c).clamp(1, budget))
            };
            budget -= nchunks;
            let want = chunk * nchunks;
            let buf = &mut (&mut *bufp)[..want];
            let n = libc::recv((*wsi).c.fd.get(), buf.as_mut_ptr() as *mut c_void, want, 0);
            if n < 0 {
                let e = std::io::Error::last_os_error().raw_os_error();
                if e == Some(libc::EAGAIN) || e == Some(libc::EINTR) {
                    (*wsi).c.read_more.set(false);
                    return;
                }
                close(wsi);
                return;
            }
            if n == 0 {
                close(wsi);
                return;
            }
            let n = n as usize;
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
                    let mut p = (*wsi).c.rx_pending.borrow_mut();
                    p.clear();
                    p.extend_from_slice(&buf[off + used..n]);
                    (*wsi).c.rx_pending_off.set(0);
                    (*wsi).c.rx_pending_end.set(end - (off + used));
                    return;
                }
                off = end;
            }
            if n < want {
                (*wsi).c.read_more.set(false);
                return;
            }
        }
        // more may be waiting: come back next pass
        make_ripe(wsi);
    }
}

/// Applies the context's TCP keepalive settings (`ka_time` seconds idle
/// before probing, `ka_probes` probes, `ka_interval` seconds apart) to an
/// accepted socket; `ka_time` 0 leaves the system default (off).
unsafe fn set_keepalive(fd: c_int, (time, probes, interval): (c_int, c_int, c_int)) {
    if time == 0 {
        return;
    }
    let opt = |level: c_int, name: c_int, v: c_int| unsafe {
        libc::setsockopt(fd, level, name, &v as *const c_int as *const c_void, core::mem::size_of::<c_int>() as libc::socklen_t)
    };
    opt(libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1);
    opt(libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, time);
    if probes > 0 {
        opt(libc::IPPROTO_TCP, libc::TCP_KEEPCNT, probes);
    }
    if interval > 0 {
        opt(libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, interval);
    }
}

/// Feeds input held back by flow control, in the slices it was read in
/// (the rest of the interrupted one, then `chunk`-sized ones).  Returns
/// true when all of it was used and the connection is still there.
unsafe fn replay_pending(wsi: *mut lws, chunk: usize) -> bool {
    unsafe {
        let mut data = core::mem::take(&mut *(*wsi).c.rx_pending.borrow_mut());
        let n = data.len();
        let mut off = (*wsi).c.rx_pending_off.replace(0);
        let mut end = (*wsi).c.rx_pending_end.replace(0).clamp(off, n);
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
                (*wsi).c.rx_pending_off.set(off);
                (*wsi).c.rx_pending_end.set(end);
                *(*wsi).c.rx_pending.borrow_mut() = data;
                return false;
            }
        }
        data.clear();
        *(*wsi).c.rx_pending.borrow_mut() = data;
        true
    }
}

/// Processes one chunk of input; returns how many bytes were used (less
/// than all only when rx flow control stopped delivery).
unsafe fn process(wsi: *mut lws, buf: &mut [u8]) -> usize {
    unsafe {
        let mut off = 0;
        while off < buf.len() {
            if (*wsi).c.close_req.get() || (*wsi).c.closed.get() {
                return buf.len();
            }
            match (*wsi).c.mode.get() {
                Mode::HttpHead => {
                    if off > 0 {
                        // a request pipelined behind one answered from
                        // this same read: the oracle refuses it with a 403
                        // page and closes
                        let _ = send_raw(wsi, &status_page(true, 403, b""));
                        request_close(wsi);
                        return buf.len();
                    }
                    let r = {
                        let mut g = (*wsi).c.h1.borrow_mut();
                        g.get_or_insert_with(|| h1_parser((*wsi).context)).feed(&buf[off..])
                    };
                    match r {
                        Ok(h1::Progress::NeedMore) => return buf.len(),
                        Ok(h1::Progress::Done { consumed }) => {
                            let body = with_request(wsi, |r| {
                                core::str::from_utf8(&r.value(h1::parse::CONTENT_LENGTH))
                                    .ok()
                                    .and_then(|v| v.trim().parse::<usize>().ok())
                            })
                            .flatten()
                            .unwrap_or(0);
                            off += consumed;
                            crate::core::wsi::set_timeout(wsi, 0, 0);
                            if !head_done(wsi) {
                                return buf.len();
                            }
                            // the request body (not handled yet) is not a
                            // pipelined request
                            if (*wsi).c.mode.get() == Mode::HttpHead {
                                off += body.min(buf.len() - off);
                            }
                        }
                        Err(e) => {
                            if e.status().is_some() {
                                let _ = send_raw(wsi, h1::FORBIDDEN_RESPONSE);
                            }
                            // the oracle sends CLOSED_HTTP for these
                            request_close(wsi);
                            return buf.len();
                        }
                    }
                }
                // request bodies are not handled yet: dropped
                Mode::Http => return buf.len(),
                // after a protocol error the oracle keeps parsing frames
                // (ignoring them) until the peer's close
                Mode::Ws | Mode::WsAwaitAck | Mode::WsFailed => {
                    if (*wsi).c.rxflow_bitmap.get() != 0 {
                        return off;
                    }
                    off += ws_rx(wsi, &mut buf[off..]);
                    if (*wsi).c.rxflow_bitmap.get() != 0 {
                        return off;
                    }
                }
            }
        }
        off
    }
}

/// Marks the connection for closing (done by `finish`/`close` when no
/// callback runs on it).
pub unsafe fn request_close(wsi: *mut lws) {
    unsafe { (*wsi).c.close_req.set(true) };
}

// ---------------------------------------------------------------- HTTP head

/// The head is complete: upgrade or plain HTTP.  False if closing.
unsafe fn head_done(wsi: *mut lws) -> bool {
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
fn keep_alive(http11: bool, connection: Vec<u8>) -> bool {
    let has = |w: &[u8]| connection.split(|&b| b == b',').any(|t| t.trim_ascii().eq_ignore_ascii_case(w));
    if http11 { !has(b"close") } else { has(b"keep-alive") }
}

unsafe fn alloc_pss(wsi: *mut lws, prot: *const crate::api::protocols_plugins::lws_protocols) {
    unsafe {
        (*wsi).protocol.set(prot);
        let sz = (*prot).per_session_data_size;
        if sz > 0 && (*wsi).user_space.get().is_null() {
            (*wsi).user_space.set(libc::calloc(1, sz));
            (*wsi).c.pss_owned.set(true);
        }
    }
}

unsafe fn http_request(wsi: *mut lws, vh: *mut lws_vhost) -> bool {
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

unsafe fn ws_upgrade(wsi: *mut lws, vh: *mut lws_vhost) -> bool {
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

// ---------------------------------------------------------------- ws rx

/// Feeds `buf` to the frame parser, delivering events; returns the bytes
/// used (all, unless rx flow control was switched off by a callback).
unsafe fn ws_rx(wsi: *mut lws, buf: &mut [u8]) -> usize {
    unsafe {
        let Some(mut parser) = (*wsi).c.ws.borrow_mut().take() else { return buf.len() };
        let mut used = buf.len();
        {
            let mut feed = parser.feed(buf);
            loop {
                let ev = feed.next();
                let Some(ev) = ev else { break };
                let stop = ws_event(wsi, ev);
                if stop || (*wsi).c.close_req.get() {
                    break;
                }
                if (*wsi).c.rxflow_bitmap.get() != 0 {
                    used = feed.consumed();
                    break;
                }
            }
        }
        if (*wsi).c.mode.get() == Mode::WsFailed && parser.error().is_some() {
            // the rest of this chunk is dropped; the next one starts a frame
            parser = Box::new(ws::frame::Parser::new(parser.config().clone()));
        }
        *(*wsi).c.ws.borrow_mut() = Some(parser);
        used
    }
}

/// Handles one parser event; true to stop parsing this chunk.
unsafe fn ws_event(wsi: *mut lws, ev: Result<Event<'_>, ProtocolError>) -> bool {
    unsafe {
        let c = &(*wsi).c;
        let open = c.mode.get() == Mode::Ws;
        match ev {
            Ok(Event::Data { data, piece }) => {
                if !open {
                    return false;
                }
                c.p_first.set(piece.first);
                c.p_final.set(piece.last);
                c.p_binary.set(piece.binary);
                (*wsi).rx_packet_remaining.set(piece.remaining as usize);
                if cb(wsi, R::LWS_CALLBACK_RECEIVE, data.as_mut_ptr() as *mut c_void, data.len()) != 0 {
                    user_close(wsi);
                    return true;
                }
                false
            }
            Ok(Event::Ping(p)) => {
                if open {
                    let _ = send_control(wsi, ws::OpCode::Pong as u8, p);
                    // the oracle answers from its writeable handler, which
                    // then gives the user a WRITEABLE too
                    c.want_writable.set(true);
                    make_ripe(wsi);
                }
                false
            }
            Ok(Event::Pong(p)) => {
                if !open {
                    return false;
                }
                c.p_first.set(false);
                c.p_final.set(true);
                (*wsi).rx_packet_remaining.set(0);
                if cb(wsi, R::LWS_CALLBACK_RECEIVE_PONG, p.as_mut_ptr() as *mut c_void, p.len()) != 0 {
                    user_close(wsi);
                    return true;
                }
                false
            }
            Ok(Event::Close(p)) => {
                if open {
                    c.p_first.set(false);
                    c.p_final.set(true);
                    (*wsi).rx_packet_remaining.set(0);
                    cb(wsi, R::LWS_CALLBACK_WS_PEER_INITIATED_CLOSE, p.as_mut_ptr() as *mut c_void, p.len());
                    let _ = send_control(wsi, ws::OpCode::Close as u8, p);
                }
                request_close(wsi);
                true
            }
            Err(e) => {
                if !open {
                    request_close(wsi);
                    return true;
                }
                if e.sends_close() {
                    // as a user close with a reason: the protocol is
                    // dropped now, and the user gets one more WRITEABLE
                    drop_protocol(wsi);
                    let pl = ClosePayload::new(e.code(), e.reason());
                    let _ = send_control(wsi, ws::OpCode::Close as u8, pl.as_bytes());
                    c.mode.set(Mode::WsFailed);
                    crate::core::wsi::set_timeout(wsi, TO_CLOSE_ACK, 5);
                    c.want_writable.set(true);
                    if c.sock_writable.get() && !has_partial(wsi) {
                        make_ripe(wsi);
                    }
                    // Then FIN: the peer learns at once that we are done
                    // (RFC 6455 7.1.7, Autobahn 3.x-6.x want the server
                    // to close TCP).  Input is still read and ignored, so
                    // the close on its EOF (or the timeout) stays a FIN.
                    // The oracle only drops after 5 s, or earlier when its
                    // desynchronised parser happens to see the peer's close.
                    half_close_when_flushed(wsi);
                } else {
                    if e == ProtocolError::ControlTooLong {
                        lwsl_warn!("Control frame with xtended length is illegal\n");
                    }
                    request_close(wsi);
                }
                true
            }
        }
    }
}

/// The user asked to close (callback returned nonzero).  With a close
/// reason set, the oracle sends the close frame and waits for the peer's;
/// without, it drops the connection.
unsafe fn user_close(wsi: *mut lws) {
    unsafe {
        let c = &(*wsi).c;
        if c.mode.get() == Mode::Ws {
            if let Some(pl) = c.close_reason.take() {
                drop_protocol(wsi);
                c.mode.set(Mode::WsAwaitAck);
                crate::core::wsi::set_timeout(wsi, TO_CLOSE_ACK, 5);
                let _ = send_control(wsi, ws::OpCode::Close as u8, pl.as_bytes());
                // the oracle then gives the user one more WRITEABLE
                c.want_writable.set(true);
                if c.sock_writable.get() && !has_partial(wsi) {
                    make_ripe(wsi);
                }
                return;
            }
        }
        request_close(wsi);
    }
}

unsafe fn drop_protocol(wsi: *mut lws) {
    unsafe {
        // as the oracle: never for a wsi without user space (a protocol
        // with per_session_data_size 0, unless lws_set_wsi_user set one)
        if (*wsi).c.bound.get() == Bound::Ws
            && !(*wsi).user_space.get().is_null()
            && !(*wsi).c.dropped.replace(true)
        {
            cb(wsi, R::LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL, core::ptr::null_mut(), 0);
        }
    }
}

// ---------------------------------------------------------------- tx

/// Sends `data`, buffering what the kernel does not take.  Err on a dead
/// socket.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn send_raw(wsi: *mut lws, data: &[u8]) -> Result<(), SendError> {
    unsafe {
        let c = &(*wsi).c;
        if c.fd.get() < 0 {
            return Err(SendError);
        }
        if has_partial(wsi) {
            c.out.borrow_mut().extend_from_slice(data);
            return Ok(());
        }
        // the oracle sends at most this much per write and buffers the rest
        let limit = data.len().min(wsi_send_cap(wsi));
        let mut sent = 0usize;
        while sent < limit {
            let n = libc::send(
                c.fd.get(),
                data.as_ptr().add(sent) as *const c_void,
                limit - sent,
                libc::MSG_NOSIGNAL,
            );
            if n < 0 {
                match std::io::Error::last_os_error().raw_os_error() {
                    Some(libc::EINTR) => continue,
                    Some(libc::EAGAIN) => break,
                    _ => return Err(SendError),
                }
            }
            sent += n as usize;
        }
        if sent < data.len() {
            if sent < limit {
                c.sock_writable.set(false);
            } else {
                // still writable: drain at the next pass
                make_ripe(wsi);
            }
            let mut o = c.out.borrow_mut();
            o.clear();
            o.extend_from_slice(&data[sent..]);
            c.out_off.set(0);
        }
        Ok(())
    }
}

/// Most bytes the oracle puts on the socket per write: the protocol's
/// `tx_packet_size`, else its `rx_buffer_size`, else `pt_serv_buf_size`,
/// plus `LWS_PRE` and 4 (measured: 4112-byte binary frame in one write
/// with the defaults, 4113 buffered; 216 / 217 with tx_packet_size 200).
fn send_cap(tx_packet_size: usize, rx_buffer_size: usize, pt_serv_buf_size: usize) -> usize {
    let sz = if tx_packet_size != 0 {
        tx_packet_size
    } else if rx_buffer_size != 0 {
        rx_buffer_size
    } else {
        pt_serv_buf_size
    };
    sz.saturating_add(ws::LWS_PRE + 4)
}

unsafe fn wsi_send_cap(wsi: *mut lws) -> usize {
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
unsafe fn flush(wsi: *mut lws) -> Result<bool, SendError> {
    unsafe {
        let c = &(*wsi).c;
        let mut o = c.out.borrow_mut();
        let mut off = c.out_off.get();
        while off < o.len() {
            let n = libc::send(c.fd.get(), o.as_ptr().add(off) as *const c_void, o.len() - off, libc::MSG_NOSIGNAL);
            if n < 0 {
                match std::io::Error::last_os_error().raw_os_error() {
                    Some(libc::EINTR) => continue,
                    Some(libc::EAGAIN) => {
                        c.sock_writable.set(false);
                        c.out_off.set(off);
                        return Ok(false);
                    }
                    _ => return Err(SendError),
                }
            }
            off += n as usize;
        }
        o.clear();
        if o.capacity() > 256 * 1024 {
            o.shrink_to(0);
        }
        c.out_off.set(0);
        c.writeable_after_drain.set(true);
        drop(o);
        if c.close_frame_pending.get() {
            c.close_frame_pending.set(false);
        }
        if c.shut_wr_after_flush.replace(false) {
            libc::shutdown(c.fd.get(), libc::SHUT_WR);
        }
        Ok(true)
    }
}

/// Shuts our sending side (FIN) now, or once the pending output drained.
unsafe fn half_close_when_flushed(wsi: *mut lws) {
    unsafe {
        let c = &(*wsi).c;
        if has_partial(wsi) {
            c.shut_wr_after_flush.set(true);
        } else if c.fd.get() >= 0 {
            libc::shutdown(c.fd.get(), libc::SHUT_WR);
        }
    }
}

unsafe fn send_control(wsi: *mut lws, op: u8, payload: &[u8]) -> Result<(), SendError> {
    unsafe {
        let mut f = [0u8; 2 + ws::MAX_CONTROL_PAYLOAD];
        let n = payload.len().min(ws::MAX_CONTROL_PAYLOAD);
        f[0] = 0x80 | op;
        f[1] = n as u8;
        f[2..2 + n].copy_from_slice(&payload[..n]);
        send_raw(wsi, &f[..2 + n])
    }
}

/// `lws_write`.
///
/// # Safety
/// `wsi` valid; `buf` has `LWS_PRE` writable bytes before it and `len`
/// after.
pub unsafe fn write(wsi: *mut lws, buf: *mut u8, len: usize, wp: c_int) -> c_int {
    unsafe {
        let c = &(*wsi).c;
        if c.fd.get() < 0 || c.closed.get() {
            return -1;
        }
        let base = (wp & 0x1f) as u32;
        if matches!(base, 3 | 7 | 8 | 9) || !matches!(c.mode.get(), Mode::Ws | Mode::WsAwaitAck) {
            // HTTP (or raw) data goes out as is
            if c.mode.get() == Mode::Ws && !matches!(base, 3 | 7 | 8 | 9) {
                return -1;
            }
            let data = if len == 0 { &[][..] } else { core::slice::from_raw_parts(buf, len) };
            return match send_raw(wsi, data) {
                Ok(()) => len as c_int,
                Err(SendError) => {
                    request_close(wsi);
                    -1
                }
            };
        }
        if c.mode.get() != Mode::Ws {
            return -1;
        }
        let Some((op, fin)) = ws::encode::opcode_for_write(wp as u32) else { return -1 };
        if op.is_control() && len > ws::MAX_CONTROL_PAYLOAD {
            return -1;
        }
        let mut h = [0u8; 14];
        let hl = ws::encode::encode_header(&mut h, op, fin, len, None);
        let start = buf.sub(hl);
        core::ptr::copy_nonoverlapping(h.as_ptr(), start, hl);
        let frame = core::slice::from_raw_parts(start, hl + len);
        match send_raw(wsi, frame) {
            // the oracle counts the header of a PING/PONG in its answer
            Ok(()) => write_result(op.is_control(), hl, len),
            Err(SendError) => {
                request_close(wsi);
                -1
            }
        }
    }
}

/// What `lws_write` returns for a sent frame: the payload length, plus
/// the header for control frames (as the oracle).
fn write_result(control: bool, header: usize, len: usize) -> c_int {
    (if control { header + len } else { len }) as c_int
}

/// `lws_callback_on_writable`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn callback_on_writable(wsi: *mut lws) -> c_int {
    unsafe {
        let c = &(*wsi).c;
        if (*wsi).fake || c.fd.get() < 0 || c.closed.get() {
            return -1;
        }
        c.want_writable.set(true);
        if c.sock_writable.get() && !has_partial(wsi) {
            make_ripe(wsi);
        }
        1
    }
}

/// `lws_send_pipe_choked`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn pipe_choked(wsi: *mut lws) -> c_int {
    unsafe {
        let fd = (*wsi).c.fd.get();
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
pub fn partial_buffered(wsi: *mut lws) -> c_int {
    has_partial(wsi) as c_int
}

/// `lws_rx_flow_control`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn rx_flow_control(wsi: *mut lws, enable: c_int) -> c_int {
    unsafe {
        let c = &(*wsi).c;
        let before = c.rxflow_bitmap.get();
        let after = rxflow_apply(before, enable);
        c.rxflow_bitmap.set(after);
        if before != 0 && after == 0 && c.fd.get() >= 0 {
            // deliver what was held back, then read the socket again
            c.read_more.set(true);
            make_ripe(wsi);
        }
        0
    }
}

// ---------------------------------------------------------------- close

/// Closes the connection now (or marks it if a callback on it runs):
/// the callbacks the oracle sends, then the socket and memory go.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn close(wsi: *mut lws) {
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() {
            return;
        }
        if c.in_cb.get() > 0 {
            c.close_req.set(true);
            return;
        }
        c.closed.set(true);
        let ctx = (*wsi).context;
        match c.bound.get() {
            Bound::Ws => {
                drop_protocol(wsi);
                cb(wsi, R::LWS_CALLBACK_CLOSED, core::ptr::null_mut(), 0);
            }
            Bound::Http => {
                if c.http_txn.get() {
                    cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, core::ptr::null_mut(), 0);
                }
                cb(wsi, R::LWS_CALLBACK_CLOSED_HTTP, core::ptr::null_mut(), 0);
            }
            Bound::None => {
                if c.http_role.get() {
                    cb(wsi, R::LWS_CALLBACK_CLOSED_HTTP, core::ptr::null_mut(), 0);
                }
            }
        }
        cb(wsi, R::LWS_CALLBACK_WSI_DESTROY, core::ptr::null_mut(), 0);
        crate::core::sul::cancel((*wsi).sul_timeout.get());
        crate::core::sul::cancel((*wsi).sul_hrtimer.get());
        if has_partial(wsi) {
            // what the per-write cap held back, as far as the kernel takes it
            let _ = flush(wsi);
        }
        let fd = c.fd.replace(-1);
        if fd >= 0 {
            let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
            // discard input already received, so the close is a FIN, not
            // a reset that could destroy what we sent last
            let buf = &mut *(*ctx).net.rxbuf.get();
            for _ in 0..64 {
                if libc::recv(fd, buf.as_mut_ptr() as *mut c_void, buf.len(), libc::MSG_DONTWAIT) <= 0 {
                    break;
                }
            }
            libc::shutdown(fd, libc::SHUT_WR);
            libc::close(fd);
        }
        (*ctx).net.release_slot(c.token.get());
        if c.on_ripe.get() {
            (*ctx).net.ripe.borrow_mut().retain(|&w| w != wsi);
            // it may also wait in the list being served right now
            for w in (*ctx).net.ripe_run.borrow_mut().iter_mut() {
                if *w == wsi {
                    *w = core::ptr::null_mut();
                }
            }
        }
        if c.pss_owned.get() {
            libc::free((*wsi).user_space.get());
        }
        drop(Box::from_raw(wsi));
    }
}

/// Closes every connection of `vh` (context or vhost destruction).
///
/// # Safety
/// `ctx` valid.
pub unsafe fn close_all(ctx: *mut lws_context, vh: *mut lws_vhost) {
    unsafe {
        // newest first, as the oracle
        for wsi in (*ctx).net.conns().into_iter().rev() {
            if vh.is_null() || (*wsi).vhost.get() == vh {
                (*wsi).c.in_cb.set(0);
                close(wsi);
            }
        }
    }
}

/// A timeout expired.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn timeout_close(wsi: *mut lws) {
    unsafe {
        if (*wsi).c.fd.get() < 0 {
            return;
        }
        close(wsi);
    }
}

/// Calls LWS_CALLBACK_TIMER, closing on nonzero.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn timer_fired(wsi: *mut lws) {
    unsafe {
        if cb(wsi, R::LWS_CALLBACK_TIMER, core::ptr::null_mut(), 0) != 0 {
            user_close(wsi);
        }
        finish(wsi);
    }
}

/// Request headers, while they exist.
///
/// # Safety
/// `wsi` NULL or valid.
pub unsafe fn with_request<T>(wsi: *mut lws, f: impl FnOnce(&h1::Request) -> T) -> Option<T> {
    if wsi.is_null() {
        return None;
    }
    unsafe {
        let g = (*wsi).c.h1.try_borrow().ok()?;
        match g.as_ref() {
            Some(p) => Some(f(p.request())),
            // accepted, nothing read yet: answer as an empty request
            None if !(*wsi).fake && (*wsi).c.mode.get() == Mode::HttpHead && !(*wsi).c.closed.get() => {
                Some(f(h1_parser((*wsi).context).request()))
            }
            None => None,
        }
    }
}

/// A fresh HTTP request parser.  Made lazily, when a connection's first
/// bytes arrive: an accepted connection that has sent nothing yet holds no
/// parser (its header tables are most of the memory of a connection in
/// handshake, and a burst of accepts would otherwise hold one each; the
/// heap keeps that high-water mark as resident memory).
///
/// # Safety
/// `ctx` valid.
unsafe fn h1_parser(ctx: *mut lws_context) -> Box<h1::Parser> {
    unsafe {
        Box::new(h1::Parser::new(h1::Limits {
            max_header_data: (*ctx).net.max_http_header_data,
            ..Default::default()
        }))
    }
}

/// Whether `wsi` runs `prot`: the same pointer into its vhost's copy of
/// the protocols table, as the oracle compares (the application's own
/// table entry does not match).
///
/// # Safety
/// `wsi` valid, `prot` NULL or valid.
pub unsafe fn same_protocol(wsi: *mut lws, prot: *const crate::api::protocols_plugins::lws_protocols) -> bool {
    unsafe { !prot.is_null() && (*wsi).protocol.get() == prot }
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

/// Calls `reason` on `wsi`; nonzero closes it (as a user close).
///
/// # Safety
/// `wsi` valid, a live connection.
pub unsafe fn call_and_maybe_close(wsi: *mut lws, reason: c_int, argp: *mut c_void, len: usize) {
    unsafe {
        let c = &(*wsi).c;
        c.in_cb.set(c.in_cb.get() + 1);
        let r = crate::core::wsi::call_protocol_raw(wsi, (*wsi).protocol.get(), reason, (*wsi).user_space.get(), argp, len);
        c.in_cb.set(c.in_cb.get() - 1);
        if r != 0 {
            user_close(wsi);
        }
        finish(wsi);
    }
}

/// The socket is dead (send failed with something else than EAGAIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendError;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rxflow_bool_and_reasons() {
        assert_eq!(rxflow_apply(0, 0), 1);
        assert_eq!(rxflow_apply(1, 1), 0);
        // a reason bit keeps rx off until it is cleared too
        let b = rxflow_apply(0, (1 << 14) | (1 << 6));
        assert_eq!(b, 1 << 6);
        let b = rxflow_apply(b, 0);
        assert_eq!(b, (1 << 6) | 1);
        let b = rxflow_apply(b, 1);
        assert_eq!(b, 1 << 6);
        assert_eq!(rxflow_apply(b, (1 << 14) | (1 << 13) | (1 << 6)), 0);
    }

    #[test]
    fn send_cap_as_the_oracle() {
        assert_eq!(send_cap(0, 0, 4096), 4116);
        assert_eq!(send_cap(200, 0, 4096), 220);
        assert_eq!(send_cap(0, 16, 4096), 36);
        assert_eq!(send_cap(200, 16, 4096), 220);
    }

    #[test]
    fn ping_pong_write_counts_the_header() {
        assert_eq!(write_result(true, 2, 8), 10);
        assert_eq!(write_result(true, 2, 0), 2);
        assert_eq!(write_result(false, 4, 200), 200);
    }

    #[test]
    fn keep_alive_as_the_oracle() {
        assert!(keep_alive(true, Vec::new()));
        assert!(!keep_alive(true, b"Close".to_vec()));
        assert!(!keep_alive(false, Vec::new()));
        assert!(keep_alive(false, b"Keep-Alive".to_vec()));
        assert!(!keep_alive(false, b"close".to_vec()));
    }

    #[test]
    fn status_page_matches_the_oracle_404_and_403() {
        let p = status_page(true, 404, b"");
        let want: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: 173\r\n\r\n<html><head><meta charset=utf-8 http-equiv=\"Content-Language\" content=\"en\"/><link rel=\"stylesheet\" type=\"text/css\" href=\"/error.css\"/></head><body><h1>404</h1></body></html>";
        assert_eq!(p, want);
        assert_eq!(status_page(false, 403, b""), h1::FORBIDDEN_RESPONSE);
    }

    // ------------------------------------------------------------------
    // End-to-end: a context on an ephemeral port, a plain TCP client in
    // the same thread, the loop pumped by hand.  Each test reproduces an
    // Autobahn case (examples-c/ws-echo-server setup: pvo "default" on the
    // echo protocol, VALIDATE_UTF8).

    use crate::api::context_vhost::{lws_context_creation_info, lws_create_context, lws_context_destroy, lws_get_vhost_port};
    use crate::api::protocols_plugins::{lws_protocol_vhost_options, lws_protocols};
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    unsafe extern "C" fn http_cb(_: *mut lws, _: c_int, _: *mut c_void, _: *mut c_void, _: usize) -> c_int {
        0
    }

    /// Echoes each RECEIVE piece at once as a whole text/binary frame.
    unsafe extern "C" fn echo_cb(wsi: *mut lws, reason: c_int, _: *mut c_void, in_: *mut c_void, len: usize) -> c_int {
        if reason != R::LWS_CALLBACK_RECEIVE as c_int {
            return 0;
        }
        let mut b = vec![0u8; ws::LWS_PRE + len];
        unsafe {
            if len > 0 {
                core::ptr::copy_nonoverlapping(in_ as *const u8, b.as_mut_ptr().add(ws::LWS_PRE), len);
            }
            let wp = (*wsi).c.p_binary.get() as c_int; // LWS_WRITE_BINARY : LWS_WRITE_TEXT
            crate::api::write::lws_write(wsi, b.as_mut_ptr().add(ws::LWS_PRE), len, wp);
        }
        0
    }

    struct Server {
        ctx: *mut lws_context,
        port: u16,
        _prots: Box<[lws_protocols; 3]>,
        _pvo: Box<[lws_protocol_vhost_options; 2]>,
    }

    impl Server {
        fn start() -> Server {
            let z = lws_protocols {
                name: core::ptr::null(),
                callback: None,
                per_session_data_size: 0,
                rx_buffer_size: 0,
                id: 0,
                user: core::ptr::null_mut(),
                tx_packet_size: 0,
            };
            let prots = Box::new([
                lws_protocols { name: c"http".as_ptr(), callback: Some(http_cb), ..z },
                lws_protocols { name: c"lws-echo".as_ptr(), callback: Some(echo_cb), ..z },
                z,
            ]);
            let mut pvo = Box::new([
                lws_protocol_vhost_options {
                    next: core::ptr::null(),
                    options: core::ptr::null(),
                    name: c"default".as_ptr(),
                    value: c"1".as_ptr(),
                },
                lws_protocol_vhost_options {
                    next: core::ptr::null(),
                    options: core::ptr::null(),
                    name: c"lws-echo".as_ptr(),
                    value: c"".as_ptr(),
                },
            ]);
            pvo[1].options = &pvo[0];
            let mut info: lws_context_creation_info = unsafe { core::mem::zeroed() };
            info.port = 0;
            info.protocols = prots.as_ptr();
            info.pvo = &pvo[1];
            info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
            let ctx = unsafe { lws_create_context(&info) };
            assert!(!ctx.is_null());
            let vh = unsafe { (*ctx).vhosts.borrow()[0] };
            let port = unsafe { lws_get_vhost_port(vh) } as u16;
            Server { ctx, port, _prots: prots, _pvo: pvo }
        }

        /// One loop pass that does not sleep (lws_service's timeout is
        /// ignored, as upstream's; a cancel makes the wait return).
        fn service(&self) {
            unsafe {
                crate::api::service::lws_cancel_service(self.ctx);
                crate::api::service::lws_service(self.ctx, 0);
            }
        }

        /// Connects and upgrades without a subprotocol.
        fn client(&self) -> std::net::TcpStream {
            let mut c = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            c.set_nonblocking(true).unwrap();
            c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").unwrap();
            let (head, _) = self.read_until(&mut c, |b| b.windows(4).any(|w| w == b"\r\n\r\n"), Duration::from_secs(3));
            assert!(head.starts_with(b"HTTP/1.1 101 "), "{}", String::from_utf8_lossy(&head));
            assert!(!head.windows(22).any(|w| w == b"Sec-WebSocket-Protocol"));
            c
        }

        /// Pumps the loop and reads until `done` or EOF or the deadline;
        /// returns the bytes and whether EOF was seen.
        fn read_until(&self, c: &mut std::net::TcpStream, done: impl Fn(&[u8]) -> bool, limit: Duration) -> (Vec<u8>, bool) {
            let t0 = Instant::now();
            let mut got = Vec::new();
            let mut b = [0u8; 4096];
            while t0.elapsed() < limit {
                self.service();
                match c.read(&mut b) {
                    Ok(0) => return (got, true),
                    Ok(n) => got.extend_from_slice(&b[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(1)),
                    Err(_) => return (got, true),
                }
                if done(&got) {
                    return (got, false);
                }
            }
            (got, false)
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            unsafe { lws_context_destroy(self.ctx) };
        }
    }

    /// Masked client frame (mask 0: payload unchanged on the wire).
    fn frame(b0: u8, payload: &[u8]) -> Vec<u8> {
        assert!(payload.len() < 126);
        let mut f = vec![b0, 0x80 | payload.len() as u8, 0, 0, 0, 0];
        f.extend_from_slice(payload);
        f
    }

    /// Autobahn 1.1.1 and friends: no subprotocol asked, the pvo "default"
    /// protocol (not protocols[0]) must serve the connection.
    #[test]
    fn e2e_default_protocol_echoes() {
        let s = Server::start();
        let mut c = s.client();
        c.write_all(&frame(0x81, b"hi")).unwrap();
        let (got, _) = s.read_until(&mut c, |b| b.len() >= 4, Duration::from_secs(3));
        assert_eq!(got, b"\x81\x02hi");
    }

    /// Autobahn 3.1 (and every "fail the connection" case of 3.x-6.x): after
    /// the 1002 close the server must close TCP itself, without waiting for
    /// anything from the client (which Autobahn gives 1 s).
    #[test]
    fn e2e_protocol_error_closes_tcp_promptly() {
        let s = Server::start();
        let mut c = s.client();
        c.write_all(&frame(0x81 | 0x40, b"Hello, world!")).unwrap();
        let (got, eof) = s.read_until(&mut c, |_| false, Duration::from_millis(900));
        assert_eq!(got, b"\x88\x0a\x03\xearsv bits");
        assert!(eof, "no FIN from the server within 0.9 s");
        // the client's close reply afterwards is harmless
        let _ = c.write_all(&frame(0x88, b"\x03\xe8"));
        s.read_until(&mut c, |_| false, Duration::from_millis(50));
    }

    /// Autobahn 6.3.1: invalid UTF-8 gets 1007, then the server closes TCP.
    #[test]
    fn e2e_bad_utf8_closes_tcp_promptly() {
        let s = Server::start();
        let mut c = s.client();
        c.write_all(&frame(0x81, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited")).unwrap();
        let (got, eof) = s.read_until(&mut c, |_| false, Duration::from_millis(900));
        assert_eq!(got, b"\x88\x0a\x03\xefbad utf8");
        assert!(eof);
    }

    /// Autobahn 7.3.2: a 1-byte close payload is a protocol error: 1002.
    #[test]
    fn e2e_one_byte_close_gets_1002() {
        let s = Server::start();
        let mut c = s.client();
        c.write_all(&frame(0x88, b"a")).unwrap();
        let (got, eof) = s.read_until(&mut c, |_| false, Duration::from_millis(900));
        assert_eq!(got, b"\x88\x02\x03\xea");
        assert!(eof);
    }

    /// Autobahn 2.10/2.11: every one of several queued pings is answered,
    /// in order (Debian's library answers only the last).
    #[test]
    fn e2e_every_ping_answered() {
        let s = Server::start();
        let mut c = s.client();
        let mut all = Vec::new();
        let mut want = Vec::new();
        for i in 0..10u8 {
            let p = [b'p', b'0' + i];
            all.extend_from_slice(&frame(0x89, &p));
            want.extend_from_slice(&[0x8a, 2, p[0], p[1]]);
        }
        c.write_all(&all).unwrap();
        let (got, _) = s.read_until(&mut c, |b| b.len() >= 40, Duration::from_secs(3));
        assert_eq!(got, want);
    }
}
