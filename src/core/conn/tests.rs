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

use crate::abi::context_vhost::{lws_context_creation_info};
use crate::api::context_vhost::{lws_create_context, lws_context_destroy, lws_get_vhost_port};
use crate::abi::protocols_plugins::{lws_protocol_vhost_options, lws_protocols};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

unsafe extern "C-unwind" fn http_cb(_: *mut lws, _: c_int, _: *mut c_void, _: *mut c_void, _: usize) -> c_int {
    0
}

/// Echoes each RECEIVE piece at once as a whole text/binary frame.
unsafe extern "C-unwind" fn echo_cb(wsi: *mut lws, reason: c_int, _: *mut c_void, in_: *mut c_void, len: usize) -> c_int {
    if reason != R::LWS_CALLBACK_RECEIVE as c_int {
        return 0;
    }
    let mut b = vec![0u8; ws::LWS_PRE + len];
    unsafe {
        if len > 0 {
            core::ptr::copy_nonoverlapping(in_ as *const u8, b.as_mut_ptr().add(ws::LWS_PRE), len);
        }
        let wp = (*wsi).c.websocket.p_binary.get() as c_int; // LWS_WRITE_BINARY : LWS_WRITE_TEXT
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
        info.options = (ServerOptions::VALIDATE_UTF8 | ServerOptions::DISABLE_IPV6).bits();
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

#[test]
fn slab_tokens_go_stale_when_their_entry_is_released() {
    let net = Net::new(0, 0, 0);
    let a = core::ptr::dangling_mut::<lws>();
    let b = a.wrapping_add(1);
    let ta = net.alloc_slot(Slot::Conn(a));
    assert_ne!(ta, 0, "token 0 is the waker's");
    assert!(net.is_live(ta, a));
    net.release_slot(ta);
    assert_eq!(net.get(ta), None);
    // released twice (a stale token): nothing happens
    net.release_slot(ta);
    // not reused in the same pass
    let tb = net.alloc_slot(Slot::Conn(b));
    assert_ne!(tb & 0xffff_ffff, ta & 0xffff_ffff);
    net.end_pass();
    // reused next pass, under a new generation: the old token stays stale
    let tc = net.alloc_slot(Slot::Conn(b));
    assert_eq!(tc & 0xffff_ffff, ta & 0xffff_ffff);
    assert_ne!(tc, ta);
    assert_eq!(net.get(ta), None);
    assert!(!net.is_live(ta, b));
    assert!(net.is_live(tc, b));
    assert_eq!(net.conns_with_tokens(), vec![(tc, b), (tb, b)]);
}
