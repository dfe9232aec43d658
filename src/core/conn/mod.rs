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
//! - All socket I/O goes through [`io`] (`io::recv` / `io::send`): a plain
//!   `recv`/`send` behind one flag test, or rustls (TLS) with the
//!   handshake driven from the same read/write events.  Records rustls
//!   still holds for the socket count as pending output (`has_partial`).
//!   Code that calls `libc::send`/`recv` on a connection's fd directly
//!   bypasses TLS: don't.
//! - A connection is never freed while a callback on it runs: closing from
//!   inside a callback (return -1, `LWS_TO_KILL_SYNC`) only marks it; the
//!   caller finishes the close once the callback has returned.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::cell::{Cell, RefCell};
use core::ffi::{c_int, c_void};

use crate::abi::callbacks::lws_callback_reasons as R;
use crate::core::wsi::call_protocol;
use crate::core::{lws, lws_context, lws_vhost};
use crate::h1;
use crate::ws;
use crate::ws::close::{CloseAction, ClosePayload, CloseState};
use crate::ws::frame::{Event, ProtocolError};

mod body;
mod client;
mod close;
mod role;
mod http;
pub mod io;
mod listen;
pub(crate) mod pmd;
mod send;
mod service;
pub(crate) mod threadid;
mod validity;
mod wsconn;
#[cfg(test)]
// test code: pointers to the test's own contexts and connections
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests;

pub(crate) use body::*;
pub(crate) use client::{connect as client_connect, http_client_read, is_client, set_body_pending, status as client_status, redirected_to_get, multipart as client_multipart, client_is_ssl, reset as client_reset};
pub(crate) use close::*;
pub(crate) use http::*;
pub(crate) use listen::*;
pub(crate) use send::*;
pub(crate) use service::*;
pub(crate) use validity::*;
pub(crate) use wsconn::*;

pub(crate) use crate::abi::context_vhost::ServerOptions;
/// `PENDING_TIMEOUT_HTTP_KEEPALIVE_IDLE`-like reason used for the handshake.
pub(crate) const TO_HANDSHAKE: c_int = 13;
/// `PENDING_TIMEOUT_HTTP_CONTENT`: an HTTP transaction in progress.
pub(crate) const TO_HTTP_CONTENT: c_int = 10;
/// `PENDING_TIMEOUT_HTTP_KEEPALIVE_IDLE`: between keep-alive transactions.
pub(crate) const TO_KEEPALIVE_IDLE: c_int = 15;
/// `PENDING_TIMEOUT_CLOSE_ACK`.
pub(crate) const TO_CLOSE_ACK: c_int = 3;
/// Most chunks (of the oracle's read size) read from one connection in one
/// service pass.
pub(crate) const MAX_READS_PER_PASS: usize = 64;
/// Size of the shared read buffer at least: one `recv` in WebSocket mode
/// takes this much (in whole chunks).
pub(crate) const BIG_READ: usize = 64 * 1024;

/// What a mio token designates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Listener(*mut lws_vhost),
    Conn(*mut lws),
}

/// One entry of the slab behind the mio tokens: what it designates now,
/// and its generation, bumped each time the entry is released.
#[derive(Clone, Copy)]
pub struct SlotEntry {
    pub gen: u32,
    pub slot: Option<Slot>,
}

/// A token names a slab entry and its generation (index in the low 32
/// bits): a token kept past its connection's close (an event harvested
/// before the close, a writeable request queued by another thread) no
/// longer matches once the entry is released, even after the entry is
/// reused, so a stale handle is detected instead of reaching a freed or
/// a different connection.
pub const fn make_token(index: usize, gen: u32) -> usize {
    (index & 0xffff_ffff) | ((gen as usize) << 32)
}

fn token_parts(token: usize) -> (usize, u32) {
    (token & 0xffff_ffff, (token >> 32) as u32)
}

/// Per-context network state.
pub struct Net {
    /// The slab of listeners and connections (entry 0 stays empty: token
    /// 0 is the cancel waker's).
    pub slots: RefCell<Vec<SlotEntry>>,
    /// Freed slot indexes, reusable from the next pass on.
    pub free_slots: RefCell<Vec<usize>>,
    pub freed_this_pass: RefCell<Vec<usize>>,
    /// Connections with work to do without a socket event.
    pub ripe: RefCell<Vec<*mut lws>>,
    /// The ripe list being served (swapped with `ripe` each pass, so
    /// neither is reallocated); a connection closed meanwhile is nulled.
    pub ripe_run: RefCell<Vec<*mut lws>>,
    /// Service passes so far: the oracle's work that waits for the next
    /// poll (a close frame asked for in a callback) is timed by it.
    pub pass_no: Cell<u64>,
    /// The shared read buffer (`pt_serv_buf_size`, at least [`BIG_READ`]).
    pub rxbuf: core::cell::UnsafeCell<Box<[u8]>>,
    /// A reader holds `rxbuf` (its bytes may be a callback's `in`).
    pub rxbuf_leased: Cell<bool>,
    /// Closed wsis whose memory waits for their callback to return
    /// (`close_force`); freed by `free_zombies`.
    pub zombies: RefCell<Vec<*mut lws>>,
    pub pt_serv_buf_size: usize,
    pub ah_idle_secs: c_int,
    pub max_http_header_data: usize,
    /// Scratch list of events of one pass (reused).
    pub evlist: RefCell<Vec<(usize, bool, bool, bool)>>,
    /// TCP keepalive of accepted sockets from the creation info: `ka_time`
    /// (idle seconds, 0 = off), `ka_probes`, `ka_interval`.
    pub ka: Cell<(c_int, c_int, c_int)>,
    /// `timeout_secs` of the creation info (default 5): how long an HTTP
    /// transaction may take from its head on, re-armed by each piece of
    /// request body.
    pub timeout_secs: Cell<c_int>,
    /// `max_http_header_pool` (0: no limit): connections reading a
    /// request head or in a transaction at once; others wait (see body.rs).
    pub ah_pool_max: Cell<usize>,
    /// `server_string` of the creation info: a `server:` header after the
    /// status line's other headers, when set.
    pub server_string: RefCell<Option<Vec<u8>>>,
    pub ah_in_use: Cell<usize>,
    pub ah_waiters: RefCell<Vec<*mut lws>>,
    /// The thread in (or last in) `lws_service` (`pthread_self`, 0 before
    /// the first pass).
    pub service_thread: std::sync::atomic::AtomicUsize,
    /// Connections `lws_callback_on_writable` was called for from another
    /// thread (rtpengine's and kamailio's workers do it while the service
    /// thread is in `lws_service`, as the oracle allows): applied by the
    /// service thread at its next pass.
    pub foreign_writable: std::sync::Mutex<Vec<(usize, usize)>>,
}

impl Net {
    pub fn new(pt_serv_buf_size: usize, ah_idle_secs: c_int, max_http_header_data: usize) -> Net {
        let sz = if pt_serv_buf_size == 0 { ws::frame::DEFAULT_PT_SERV_BUF_SIZE } else { pt_serv_buf_size };
        Net {
            slots: RefCell::new(vec![SlotEntry { gen: 0, slot: None }]),
            free_slots: RefCell::new(Vec::new()),
            freed_this_pass: RefCell::new(Vec::new()),
            ripe: RefCell::new(Vec::new()),
            ripe_run: RefCell::new(Vec::new()),
            pass_no: Cell::new(0),
            rxbuf: core::cell::UnsafeCell::new(vec![0u8; sz.max(BIG_READ)].into_boxed_slice()),
            rxbuf_leased: Cell::new(false),
            zombies: RefCell::new(Vec::new()),
            pt_serv_buf_size: sz,
            ah_idle_secs: if ah_idle_secs <= 0 { 10 } else { ah_idle_secs },
            max_http_header_data: if max_http_header_data == 0 { 4096 } else { max_http_header_data },
            evlist: RefCell::new(Vec::with_capacity(64)),
            ka: Cell::new((0, 0, 0)),
            timeout_secs: Cell::new(5),
            ah_pool_max: Cell::new(0),
            server_string: RefCell::new(None),
            ah_in_use: Cell::new(0),
            ah_waiters: RefCell::new(Vec::new()),
            service_thread: std::sync::atomic::AtomicUsize::new(0),
            foreign_writable: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Takes a slab entry for `s`; returns its token.
    fn alloc_slot(&self, s: Slot) -> usize {
        let mut slots = self.slots.borrow_mut();
        if let Some(i) = self.free_slots.borrow_mut().pop() {
            slots[i].slot = Some(s);
            return make_token(i, slots[i].gen);
        }
        slots.push(SlotEntry { gen: 0, slot: Some(s) });
        make_token(slots.len() - 1, 0)
    }

    /// Releases the entry of `token` (a stale token releases nothing); the
    /// entry is reused from the next pass on, under a new generation.
    fn release_slot(&self, token: usize) {
        let (i, gen) = token_parts(token);
        let mut slots = self.slots.borrow_mut();
        match slots.get_mut(i) {
            Some(e) if e.gen == gen && e.slot.is_some() && i != 0 => {
                e.slot = None;
                e.gen = e.gen.wrapping_add(1);
            }
            _ => return,
        }
        self.freed_this_pass.borrow_mut().push(i);
    }

    /// What `token` designates, None when it is stale or unknown.
    pub fn get(&self, token: usize) -> Option<Slot> {
        let (i, gen) = token_parts(token);
        self.slots.borrow().get(i).filter(|e| e.gen == gen).and_then(|e| e.slot)
    }

    /// End of a service pass: freed slots become reusable.
    pub fn end_pass(&self) {
        let mut f = self.freed_this_pass.borrow_mut();
        self.free_slots.borrow_mut().append(&mut f);
    }

    /// Live connections, in slot order.
    pub fn conns(&self) -> Vec<*mut lws> {
        self.conns_with_tokens().into_iter().map(|(_, w)| w).collect()
    }

    pub fn is_live(&self, token: usize, wsi: *mut lws) -> bool {
        self.get(token) == Some(Slot::Conn(wsi))
    }

    /// Live listeners and connections with their tokens, in slot order.
    pub fn slots_with_tokens(&self) -> Vec<(usize, Slot)> {
        self.slots
            .borrow()
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.slot.map(|s| (make_token(i, e.gen), s)))
            .collect()
    }

    /// Live connections with their tokens, in slot order: for loops whose
    /// callbacks may free a later one (check `is_live(token, wsi)` before
    /// touching it).
    pub fn conns_with_tokens(&self) -> Vec<(usize, *mut lws)> {
        self.slots_with_tokens()
            .into_iter()
            .filter_map(|(t, s)| match s {
                Slot::Conn(w) => Some((t, w)),
                Slot::Listener(_) => None,
            })
            .collect()
    }
}

/// Gives connection `wsi` a slab token (`token`, kept across a client's
/// reconnect, or a new one) and registers its socket `fd` with the poll
/// for reading and writing.  None (the token released) if the poll
/// refuses it; the caller closes the socket.
///
/// # Safety
/// `ctx` and `wsi` valid.
pub(crate) unsafe fn register_conn(ctx: *mut lws_context, wsi: *mut lws, fd: c_int, token: Option<usize>) -> Option<usize> {
    // SAFETY: `ctx` and `wsi` are valid (caller).
    unsafe {
        let token = token.unwrap_or_else(|| (*ctx).net.alloc_slot(Slot::Conn(wsi)));
        (*wsi).c.t.token.set(token);
        let mut src = mio::unix::SourceFd(&fd);
        let interest = mio::Interest::READABLE | mio::Interest::WRITABLE;
        if (*ctx).poll.borrow().registry().register(&mut src, mio::Token(token), interest).is_err() {
            (*ctx).net.release_slot(token);
            return None;
        }
        Some(token)
    }
}

pub use role::{ClientStage, H1Stage, Role, Rx};

/// Which protocol was bound (decides the callbacks sent on close).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    None,
    Http,
    Ws,
}

/// The connection part of a wsi: its role, what every role has, each
/// role's own state, and the transport it runs on (`t`).
///
/// The role's state is held beside the role tag rather than inside an
/// enum: the C callbacks it makes re-enter the library (they write, close,
/// ask for writeable on this very connection), so nothing may hold a
/// borrow of an enum variant across one.  Every field is a `Cell` or a
/// short-lived `RefCell`, each role's heavy parts are boxed and made when
/// the role needs them (the ws parser at the upgrade, the client state at
/// connect, the request parser at the first byte), and `conn::role` names
/// the module each role's behaviour is in.
pub struct ConnState {
    /// What the connection is (its role) and where that role is at.
    pub role: Cell<Role>,
    /// Which protocol was bound (the closing callbacks follow it).
    pub bound: Cell<Bound>,
    /// An outgoing (client) connection, and the client role's state.
    pub client: Cell<bool>,
    pub cl: RefCell<Option<Box<client::Client>>>,
    /// The HTTP/1 server role's state.
    pub http: HttpState,
    /// The WebSocket role's state.
    pub websocket: WsState,
    pub read_size: Cell<usize>,
    pub want_writable: Cell<bool>,
    pub writeable_after_drain: Cell<bool>,
    /// The validity check is due to send a ping (from the writeable
    /// handler, before the user's WRITEABLE).
    pub validity_ping: Cell<bool>,
    /// The validity timer's next expiry hangs up (else it pings).
    pub validity_hup: Cell<bool>,
    /// Why receiving is off (lws_rx_flow_control), per reason bit.
    pub rxflow_bitmap: Cell<u32>,
    /// Callbacks of this wsi on the stack (the invoker counts them); a
    /// close asked for meanwhile is only marked (`close_req`).
    pub in_cb: Cell<u32>,
    pub close_req: Cell<bool>,
    pub closed: Cell<bool>,
    pub pss_owned: Cell<bool>,
    /// The socket, its TLS session and its buffered input and output: the
    /// transport this connection runs on (its own; an HTTP/2 stream's will
    /// be its parent's, reached through [`network_wsi`]).
    pub t: Transport,
}

/// The WebSocket role's state: the frame parser, the RECEIVE piece
/// being delivered and the close handshake.
pub struct WsState {
    /// WS_SERVER_DROP_PROTOCOL already sent.
    pub dropped: Cell<bool>,
    pub frames: RefCell<Option<Box<ws::frame::Parser>>>,
    /// permessage-deflate, when negotiated (conn::pmd).
    pub pmd: RefCell<Option<Box<pmd::ConnPmd>>>,
    /// The RECEIVE piece being delivered: first, final, binary.
    pub p_first: Cell<bool>,
    pub p_final: Cell<bool>,
    pub p_binary: Cell<bool>,
    /// The WebSocket close handshake (its state and `lws_close_reason`).
    pub ws_close: Cell<ws::close::CloseHandshake>,
    pub close_frame_pending: Cell<bool>,
    /// lws_close_reason + -1: the close frame goes out from the first
    /// writeable event of pass `close_send_at` (0: none), and the user's
    /// extra WRITEABLE not before pass `writeable_not_before`.  Boxed: the
    /// payload is 126 bytes, rarely needed, and every connection has this.
    pub close_to_send: Cell<Option<Box<ClosePayload>>>,
    pub close_send_at: Cell<u64>,
    pub writeable_not_before: Cell<u64>,
}

/// The HTTP/1 server role's state: the request parser and header slot,
/// the transaction, its body and the file being sent, keep-alive.
pub struct HttpState {
    /// Closing before any request: CLOSED_HTTP is sent (as the oracle).
    pub http_role: Cell<bool>,
    pub h1: RefCell<Option<Box<h1::Parser>>>,
    pub http11_keepalive: Cell<bool>,
    /// An HTTP transaction is in progress (head received, not completed):
    /// closing now drops the bound protocol first, as the oracle does.
    pub http_txn: Cell<bool>,
    /// A file body being sent (`lws_serve_http_file`, file mounts).
    pub file: RefCell<Option<Box<crate::core::fileserve::FileTx>>>,
    /// Request body state (see body.rs).
    pub body: Cell<BodyRx>,
    /// The transaction just answered refuses a request pipelined behind it
    /// in the same read (the oracle answers it 403 and closes): set by
    /// `lws_return_http_status` and mount answers.
    pub refuse_pipelined: Cell<bool>,
    /// The last request head on this connection was HTTP/1.1 (a later
    /// parse error's 403 page then says HTTP/1.1).
    pub last_http11: Cell<bool>,
    /// Holds one of the `max_http_header_pool` header slots.
    pub ah_held: Cell<bool>,
    /// Plain HTTP on a TLS port to be answered with a redirect to https.
    pub redirect_https: Cell<bool>,
}

/// The connection whose transport `wsi` runs on (`lws_get_network_wsi`):
/// itself, as every connection owns its socket today; an HTTP/2 stream's
/// will be its network connection.
pub fn network_wsi(wsi: *mut lws) -> *mut lws {
    wsi
}

/// `lws_get_socket_fd`: the socket, or -1 while the oracle would not
/// show it yet (an accepted connection's WSI_CREATE) or there is none.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn visible_socket_fd(wsi: *mut lws) -> c_int {
    // SAFETY: `wsi` valid (caller).
    unsafe {
        if (*network_wsi(wsi)).c.t.fd_hidden.get() {
            return -1;
        }
        socket_fd(wsi)
    }
}

/// Whether `wsi`'s transport is TLS.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn transport_is_tls(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller), its network wsi too (see socket_fd).
    unsafe { (*network_wsi(wsi)).c.t.is_tls.get() }
}

/// The socket `wsi`'s transport runs on, -1 when it has none (a client
/// not connected yet, a closed connection, a fake wsi).
///
/// # Safety
/// `wsi` valid.
pub unsafe fn socket_fd(wsi: *mut lws) -> c_int {
    // SAFETY: `wsi` valid (caller); its network wsi is itself or, for a
    // stream, its parent, which outlives its streams.
    unsafe { (*network_wsi(wsi)).c.t.fd.get() }
}

/// A connection's transport: the socket and what is buffered on it.
pub struct Transport {
    pub fd: Cell<c_int>,
    /// `lws_get_socket_fd` answers -1 (an accepted connection's
    /// WSI_CREATE: the oracle attaches the socket after it).
    pub fd_hidden: Cell<bool>,
    pub token: Cell<usize>,
    /// After a protocol error: half-close (FIN) once the output drained.
    pub shut_wr_after_flush: Cell<bool>,
    pub out: RefCell<Vec<u8>>,
    pub out_off: Cell<usize>,
    pub sock_writable: Cell<bool>,
    /// Bytes sent (each charged [`SEND_OVERHEAD`] more) since the kernel
    /// last reported the socket writable (an EPOLLOUT event or our own
    /// check), and how many may be sent before a WRITEABLE needs a check
    /// (a quarter of the send buffer as last read; 0 before the first
    /// check).  See [`pollout_likely`].
    pub tx_unchecked: Cell<usize>,
    pub tx_credit: Cell<usize>,
    /// The POLLOUT and (inverted) POLLIN bits the oracle's pollfd would
    /// have: see [`threadid`].
    pub emu_out: Cell<bool>,
    pub emu_in_off: Cell<bool>,
    pub rx_pending: RefCell<Vec<u8>>,
    pub rx_pending_off: Cell<usize>,
    /// End of the read slice `rx_pending_off` is in (later slices are one
    /// read size each).
    pub rx_pending_end: Cell<usize>,
    pub on_ripe: Cell<bool>,
    pub read_more: Cell<bool>,
    /// TLS (rustls) under this connection; `is_tls` says so without a
    /// borrow (the plain path tests only that).
    pub is_tls: Cell<bool>,
    pub tls: RefCell<Option<Box<crate::tls::Tls>>>,
}

impl Default for ConnState {
    fn default() -> Self {
        ConnState {
            t: Transport::default(),
            websocket: WsState::default(),
            http: HttpState::default(),
            role: Cell::new(Role::H1Server(H1Stage::Head)),
            bound: Cell::new(Bound::None),
            read_size: Cell::new(0),
            want_writable: Cell::new(false),
            writeable_after_drain: Cell::new(false),
            validity_ping: Cell::new(false),
            validity_hup: Cell::new(false),
            rxflow_bitmap: Cell::new(0),
            in_cb: Cell::new(0),
            close_req: Cell::new(false),
            closed: Cell::new(false),
            pss_owned: Cell::new(false),
            client: Cell::new(false),
            cl: RefCell::new(None),
        }
    }
}

impl Default for WsState {
    fn default() -> Self {
        WsState {
            dropped: Cell::new(false),
            frames: RefCell::new(None),
            pmd: RefCell::new(None),
            p_first: Cell::new(false),
            p_final: Cell::new(false),
            p_binary: Cell::new(false),
            ws_close: Cell::new(ws::close::CloseHandshake::new()),
            close_frame_pending: Cell::new(false),
            close_to_send: Cell::new(None),
            close_send_at: Cell::new(0),
            writeable_not_before: Cell::new(0),
        }
    }
}

impl Default for HttpState {
    fn default() -> Self {
        HttpState {
            http_txn: Cell::new(false),
            body: Cell::new(BodyRx::None),
            refuse_pipelined: Cell::new(false),
            last_http11: Cell::new(false),
            ah_held: Cell::new(false),
            http_role: Cell::new(true),
            h1: RefCell::new(None),
            http11_keepalive: Cell::new(false),
            file: RefCell::new(None),
            redirect_https: Cell::new(false),
        }
    }
}

impl Default for Transport {
    fn default() -> Self {
        Transport {
            fd: Cell::new(-1),
            fd_hidden: Cell::new(false),
            token: Cell::new(0),
            shut_wr_after_flush: Cell::new(false),
            out: RefCell::new(Vec::new()),
            out_off: Cell::new(0),
            sock_writable: Cell::new(true),
            tx_unchecked: Cell::new(0),
            tx_credit: Cell::new(0),
            emu_out: Cell::new(false),
            emu_in_off: Cell::new(false),
            rx_pending: RefCell::new(Vec::new()),
            rx_pending_off: Cell::new(0),
            rx_pending_end: Cell::new(0),
            on_ripe: Cell::new(false),
            read_more: Cell::new(false),
            is_tls: Cell::new(false),
            tls: RefCell::new(None),
        }
    }
}

/// Calls the wsi's protocol; marks the connection for closing when the
/// callback returns nonzero and `close_on_fail`.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn cb(wsi: *mut lws, reason: R, in_: *mut c_void, len: usize) -> c_int {
    // SAFETY: `wsi` valid (caller); the invoker counts the callback in
    // `in_cb`, so it stays allocated through it (a close meanwhile only
    // marks it); its protocol and session data are what it needs.
    unsafe { call_protocol(wsi, (*wsi).protocol.get(), reason, (*wsi).user_space.get(), in_, len) }
}

/// Counts a callback of a connection in `in_cb` for as long as it lives
/// (held by the one invoker, `core::wsi::call_protocol_raw`):
/// a close requested meanwhile (`close`, `LWS_TO_KILL_SYNC`) only marks
/// the connection, and the caller completes it once nothing of the
/// connection is in use (`finish`).  Undone also when the callback
/// unwinds (thread cancellation).
pub(crate) struct InCb(*mut lws);

impl InCb {
    /// # Safety
    /// `wsi` valid, a connection, and not freed while the guard lives
    /// (which `in_cb` itself ensures).
    pub(crate) unsafe fn new(wsi: *mut lws) -> InCb {
        // SAFETY: `wsi` valid (caller).
        unsafe {
            let c = &(*wsi).c;
            c.in_cb.set(c.in_cb.get() + 1);
        }
        InCb(wsi)
    }
}

impl Drop for InCb {
    fn drop(&mut self) {
        // SAFETY: a connection whose in_cb is nonzero is not freed
        unsafe {
            let c = &(*self.0).c;
            c.in_cb.set(c.in_cb.get().saturating_sub(1));
        }
    }
}

/// The context's read buffer, or a private one while the context's is in
/// use by a reader further up the stack (whose bytes may be a callback's
/// `in`).
pub(crate) struct RxLease {
    ctx: *mut lws_context,
    pub(crate) buf: *mut Box<[u8]>,
    own: Option<Box<Box<[u8]>>>,
}

impl RxLease {
    /// # Safety
    /// `ctx` valid for the lease's life.
    pub(crate) unsafe fn take(ctx: *mut lws_context) -> RxLease {
        // SAFETY: `ctx` valid (caller).  The context's buffer is handed out
        // only while `rxbuf_leased` was false, so at most one lease points
        // at it and its holder may take `&mut` of it; a nested lease gets a
        // fresh Box, owned by the lease; reading the length makes a
        // momentary shared reference while the outer holder has no borrow
        // live across this call (it is inside a callback it made).
        unsafe {
            let net = &(*ctx).net;
            if !net.rxbuf_leased.replace(true) {
                return RxLease { ctx, buf: net.rxbuf.get(), own: None };
            }
            let len = (&*net.rxbuf.get()).len();
            let mut own = Box::new(vec![0u8; len].into_boxed_slice());
            let buf: *mut Box<[u8]> = &mut *own;
            RxLease { ctx, buf, own: Some(own) }
        }
    }
}

impl Drop for RxLease {
    fn drop(&mut self) {
        if self.own.is_none() {
            // SAFETY: the context outlives the read that took the lease.
            unsafe { (*self.ctx).net.rxbuf_leased.set(false) };
        }
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
    // SAFETY: `wsi` valid (caller), its context with it; the parser is
    // borrowed with try_borrow (None while it is being fed) for `f` only.
    unsafe {
        let g = (*wsi).c.http.h1.try_borrow().ok()?;
        match g.as_ref() {
            Some(p) => Some(f(p.request())),
            // accepted, nothing read yet: answer as an empty request
            None if !(*wsi).fake && (*wsi).c.role.get() == Role::HTTP_HEAD && !(*wsi).c.closed.get() => {
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
pub(crate) unsafe fn h1_parser(ctx: *mut lws_context) -> Box<h1::Parser> {
    // SAFETY: `ctx` valid (caller).
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
pub unsafe fn same_protocol(wsi: *mut lws, prot: *const crate::abi::protocols_plugins::lws_protocols) -> bool {
    // SAFETY: `wsi` valid (caller); `prot` is only compared.
    unsafe { !prot.is_null() && (*wsi).protocol.get() == prot }
}

/// Calls `reason` on `wsi`; nonzero closes it (as a user close).
///
/// # Safety
/// `wsi` valid, a live connection.
pub unsafe fn call_and_maybe_close(wsi: *mut lws, reason: c_int, argp: *mut c_void, len: usize) {
    // SAFETY: `wsi` live (caller); the invoker's in_cb count keeps it
    // allocated through the callback, also if the thread unwinds in it.
    unsafe {
        let r = crate::core::wsi::call_protocol_raw(wsi, (*wsi).protocol.get(), reason, (*wsi).user_space.get(), argp, len);
        if r != 0 {
            user_close(wsi);
        }
        finish(wsi);
    }
}

/// The socket is dead (send failed with something else than EAGAIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendError;

/// Puts `wsi` on the ripe list (served next pass without waiting).
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn make_ripe(wsi: *mut lws) {
    // SAFETY: `wsi` and its context valid (caller); a wsi on the list is
    // taken off it before it is freed (close's unhook).
    unsafe {
        if (*wsi).c.closed.get() || (*wsi).c.t.on_ripe.replace(true) {
            return;
        }
        (*(*wsi).context).net.ripe.borrow_mut().push(wsi);
    }
}

/// Output the kernel has not taken yet (plain or TLS records).
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn has_partial(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); the borrow is momentary.
    unsafe { (*wsi).c.t.out_off.get() < (*wsi).c.t.out.borrow().len() || io::tls_pending(&(*wsi).c) }
}

/// Input held back by rx flow control.
///
/// # Safety
/// `wsi` valid.  (Was a safe fn dereferencing its raw argument.)
pub(crate) unsafe fn has_rx_pending(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); the borrow is momentary.
    unsafe { (*wsi).c.t.rx_pending_off.get() < (*wsi).c.t.rx_pending.borrow().len() }
}

/// After callbacks: completes a requested close.  Returns false if the
/// connection is gone.
///
/// # Safety
/// `wsi` valid, a connection; not used after a false answer.
pub(crate) unsafe fn finish(wsi: *mut lws) -> bool {
    // SAFETY: `wsi` valid (caller); not read after `close`.
    unsafe {
        if (*wsi).c.close_req.get() && (*wsi).c.in_cb.get() == 0 {
            close(wsi);
            return false;
        }
        !(*wsi).c.closed.get()
    }
}

/// The connection answers its request as HTTP itself (a file, a
/// redirect: the API's response helpers), whatever stage it was at.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn answering_http(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller).
    unsafe { (*wsi).c.role.set(Role::HTTP_TXN) };
}

/// No pipelined request is served after the response in progress (a
/// status page ends the connection's HTTP/1 exchange).
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn end_after_response(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller).
    unsafe { (*wsi).c.http.refuse_pipelined.set(true) };
}

/// Marks the connection for closing (done by `finish`/`close` when no
/// callback runs on it).
///
/// # Safety
/// `wsi` valid.
pub unsafe fn request_close(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller).
    unsafe { (*wsi).c.close_req.set(true) };
}
