//! TLS with rustls (crypto provider: `ring`).
//!
//! - [`server`]: a vhost's `rustls::ServerConfig` built from the creation
//!   info (certificates from files or memory, CA and client-certificate
//!   verification, cipher lists, ALPN `http/1.1`), and SNI selection among
//!   the vhosts sharing a listening port.
//! - [`client`]: a `rustls::ClientConfig` from a vhost's client fields and a
//!   connection's `LCCSCF_*` flags, and [`client::client_session`] which the
//!   client connection code calls to wrap its socket.
//! - [`x509`]: certificate information (`lws-x509.h`) from certificates
//!   parsed with the `x509-cert` crate, in the forms the oracle's OpenSSL
//!   build gives; [`peer_cert`] finds a connection's peer certificate.
//! - [`Tls`]: the per-connection state.  The connection core
//!   (`core::conn::io`) drives it non-blockingly from the mio loop: records
//!   are read with `read_tls` when the socket is readable and written with
//!   `write_tls`; nothing ever waits for the peer.
//!
//! There is no OpenSSL object anywhere: `lws_get_ssl` returns NULL.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;
use std::io::{self, Read, Write};
use std::sync::Arc;

pub mod client;
pub mod pem;
pub mod server;
pub mod x509;

/// The crypto provider every config is built with.
pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    use std::sync::OnceLock;
    static P: OnceLock<Arc<rustls::crypto::CryptoProvider>> = OnceLock::new();
    P.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())).clone()
}

/// A nonblocking socket as `Read`/`Write` for rustls (`recv`/`send` on the
/// fd, EAGAIN as `WouldBlock`).
pub struct FdIo(pub c_int);

impl Read for FdIo {
    fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
        // SAFETY: the pointer and length describe `b`, writable.
        let n = unsafe { libc::recv(self.0, b.as_mut_ptr().cast(), b.len(), 0) };
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }
}

impl Write for FdIo {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        // SAFETY: the pointer and length describe `b`, readable.
        let n = unsafe { libc::send(self.0, b.as_ptr().cast(), b.len(), libc::MSG_NOSIGNAL) };
        if n < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What the connection asked rustls for could not be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoErr {
    /// Would block: come back on the next socket event.
    Again,
    /// The connection is unusable (socket error, TLS alert or bad record).
    Dead,
}

/// The TLS state of one connection.
pub struct Tls {
    pub conn: rustls::Connection,
    /// Server with `ALLOW_NON_SSL_ON_SSL_PORT`: the first byte has not been
    /// seen yet (a TLS handshake record starts with 0x16).
    pub sniff: bool,
    /// Handshake failure already logged.
    pub failed: bool,
    /// Why the session failed (TLS alert or protocol error), for a client's
    /// `CLIENT_CONNECTION_ERROR` reason.
    pub error: Option<String>,
}

impl Tls {
    pub fn new(conn: rustls::Connection) -> Box<Tls> {
        Box::new(Tls { conn, sniff: false, failed: false, error: None })
    }

    /// Writes buffered TLS records.  Ok(true) when none is left.
    pub fn flush(&mut self, fd: c_int) -> Result<bool, IoErr> {
        let mut io = FdIo(fd);
        while self.conn.wants_write() {
            match self.conn.write_tls(&mut io) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(_) => return Err(IoErr::Dead),
            }
        }
        Ok(true)
    }

    /// Reads decrypted bytes into `buf`, pulling records from the socket
    /// as needed (and answering handshake messages).  Ok(0) is the end of
    /// the stream.  Fills `buf` as far as the socket allows.
    pub fn recv(&mut self, fd: c_int, buf: &mut [u8]) -> Result<usize, IoErr> {
        let mut got = 0;
        let mut io = FdIo(fd);
        loop {
            if got < buf.len() {
                match self.conn.reader().read(&mut buf[got..]) {
                    Ok(0) => return Ok(got),
                    Ok(n) => {
                        got += n;
                        continue;
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(_) => return if got > 0 { Ok(got) } else { Err(IoErr::Dead) },
                }
            } else {
                return Ok(got);
            }
            if self.conn.wants_write() && self.flush(fd) == Err(IoErr::Dead) {
                return Err(IoErr::Dead);
            }
            match self.conn.read_tls(&mut io) {
                Ok(0) => return Ok(got),
                Ok(_) => {
                    if let Err(e) = self.conn.process_new_packets() {
                        if !self.failed {
                            self.failed = true;
                            lwsl_info!("tls: {}\n", e);
                            self.error = Some(e.to_string());
                        }
                        // the alert, if the socket takes it
                        let _ = self.flush(fd);
                        return if got > 0 { Ok(got) } else { Err(IoErr::Dead) };
                    }
                    if self.conn.wants_write() && self.flush(fd) == Err(IoErr::Dead) {
                        return Err(IoErr::Dead);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    return if got > 0 { Ok(got) } else { Err(IoErr::Again) };
                }
                Err(_) => return if got > 0 { Ok(got) } else { Err(IoErr::Dead) },
            }
        }
    }

    /// Encrypts what rustls accepts of `data` (all of it unless its send
    /// buffer is full) and writes records.  `Again` when older records are
    /// still waiting for the socket: nothing is taken then.
    pub fn send(&mut self, fd: c_int, data: &[u8]) -> Result<usize, IoErr> {
        if !self.flush(fd)? {
            return Err(IoErr::Again);
        }
        let n = self.conn.writer().write(data).map_err(|_| IoErr::Dead)?;
        self.flush(fd)?;
        if n == 0 && !data.is_empty() {
            return Err(IoErr::Again);
        }
        Ok(n)
    }

    /// Records waiting for the socket.
    pub fn pending(&self) -> bool {
        self.conn.wants_write()
    }

    /// Queues close_notify and writes what the socket takes.
    pub fn close_notify(&mut self, fd: c_int) {
        self.conn.send_close_notify();
        let _ = self.flush(fd);
    }
}

/// The peer's certificate (leaf) of a TLS connection whose handshake got
/// that far, and whether it verified: a client only gets here with a
/// server certificate its checks accepted; a server's client certificate
/// may have been accepted by the application's
/// `OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION` answer although it did not
/// verify, so it is checked against the vhost's CA again.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn peer_cert(wsi: *mut crate::core::lws) -> Option<(x509_cert::Certificate, bool)> {
    // SAFETY: `wsi` valid (caller), its vhost NULL or live; the session is
    // borrowed with try_borrow (None while rustls runs).
    unsafe {
        let c = &(*wsi).c;
        if !c.t.is_tls.get() {
            return None;
        }
        let g = c.t.tls.try_borrow().ok()?;
        let t = g.as_ref()?;
        let chain = t.conn.peer_certificates()?;
        let cert = x509::parse(chain.first()?)?;
        let verified = match &t.conn {
            rustls::Connection::Client(_) => true,
            rustls::Connection::Server(_) => {
                let vh = (*wsi).vhost.get();
                !vh.is_null() && (*vh).tls_src.as_ref().is_some_and(|s| s.verifies_client(chain))
            }
        };
        Some((cert, verified))
    }
}
