//! The RFC 6455 upgrade decision and the 101 answer, as the oracle makes
//! them (see docs/oracle-http1.md).

use super::parse::{Request, CONNECTION, HOST, KEY, PROTOCOL, UPGRADE, VERSION};
use base64::Engine as _;
use sha1::{Digest, Sha1};

const GUID: &[u8] = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// What the `Upgrade:` header asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpgradeKind {
    /// No (or empty) Upgrade header: plain HTTP.
    None,
    /// `websocket`, any case.
    WebSocket,
    /// `h2c`, any case (the oracle answers
    /// [`H2C_SWITCHING_RESPONSE`] and switches to HTTP/2).
    H2c,
    /// Anything else: the oracle answers 403 (`FORBIDDEN_RESPONSE`) and
    /// closes.
    Other,
}

/// The oracle's answer to an h2c upgrade (before the HTTP/2 preface).
pub const H2C_SWITCHING_RESPONSE: &[u8] =
    b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";

pub fn upgrade_kind(req: &Request) -> UpgradeKind {
    if !req.has(UPGRADE) || req.total_length(UPGRADE) == 0 {
        return UpgradeKind::None;
    }
    let v = req.value(UPGRADE);
    if v.eq_ignore_ascii_case(b"websocket") {
        UpgradeKind::WebSocket
    } else if v.eq_ignore_ascii_case(b"h2c") {
        UpgradeKind::H2c
    } else {
        UpgradeKind::Other
    }
}

/// Whether the comma-separated `Connection` header carries the `upgrade`
/// token (any case, surrounding spaces ignored).
pub fn connection_has_upgrade(req: &Request) -> bool {
    req.value(CONNECTION)
        .split(|&b| b == b',')
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(b"upgrade"))
}

/// Why a websocket upgrade is refused.  The oracle closes the connection
/// without any answer in every case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WsReject {
    /// `Connection` lacks the `upgrade` token (checked first, before any
    /// protocol filter callback).
    NoConnectionUpgrade,
    /// `Sec-WebSocket-Protocol` names no protocol the server has (checked
    /// before the filter callback).
    NoProtocol,
    /// No `Sec-WebSocket-Key` (checked after the
    /// LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION callback).
    NoKey,
    /// No (or an empty) `Host` header: refused like a missing key, after
    /// the filter callback.
    NoHost,
}

/// Picks the protocol: with no `Sec-WebSocket-Protocol` header the first
/// server protocol (index 0, and no echo in the answer); otherwise the
/// client's names in the client's order (all occurrences joined with ','),
/// each trimmed of spaces, the first one equal (case-sensitive) to a server
/// protocol name wins.  Returns (index, echo the name?).
pub fn select_protocol(req: &Request, names: &[&[u8]]) -> Result<(usize, bool), WsReject> {
    select_protocol_or(req, names, 0)
}

/// [`select_protocol`] for a vhost whose default protocol (the one bound
/// when the client names none, chosen with the pvo "default") is
/// `default`.
pub fn select_protocol_or(req: &Request, names: &[&[u8]], default: usize) -> Result<(usize, bool), WsReject> {
    if !req.has(PROTOCOL) || req.total_length(PROTOCOL) == 0 {
        return if names.is_empty() {
            Err(WsReject::NoProtocol)
        } else {
            Ok((if default < names.len() { default } else { 0 }, false))
        };
    }
    let v = req.value(PROTOCOL);
    for want in v.split(|&b| b == b',') {
        let want = want.trim_ascii();
        if let Some(i) = names.iter().position(|n| *n == want) {
            return Ok((i, true));
        }
    }
    Err(WsReject::NoProtocol)
}

/// Logs, as the oracle does at NOTICE, that none of the protocols the
/// client asked for (the header's whole value is quoted) exists here.
pub fn log_no_protocol(req: &Request) {
    crate::lwsl_notice!("No supported protocol \"{}\"\n", String::from_utf8_lossy(&req.value(PROTOCOL)));
}

/// The oracle handles every `Sec-WebSocket-Version` as 13 but says so at
/// NOTICE when it is not 13 (an absent one counts as 0).
pub fn log_version(req: &Request) {
    let v = req.value(VERSION);
    // atoi: the leading digits
    let n = v.iter().skip_while(|b| b.is_ascii_whitespace()).take_while(|b| b.is_ascii_digit()).take(9).fold(0i64, |a, &b| a * 10 + (b - b'0') as i64);
    if n != 13 {
        crate::lwsl_notice!("ws upgrade: unknown client spec version {}, handled as 13\n", n);
    }
}

/// `Sec-WebSocket-Accept` for a key (the key bytes as sent, not validated).
pub fn accept_key(key: &[u8]) -> String {
    let mut h = Sha1::new();
    h.update(key);
    h.update(GUID);
    base64::engine::general_purpose::STANDARD.encode(h.finalize())
}

/// The exact 101 answer.
pub fn response_101(key: &[u8], protocol: Option<&[u8]>) -> Vec<u8> {
    let mut r = Vec::with_capacity(160);
    r.extend_from_slice(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ",
    );
    r.extend_from_slice(accept_key(key).as_bytes());
    r.extend_from_slice(b"\r\n");
    if let Some(p) = protocol {
        r.extend_from_slice(b"Sec-WebSocket-Protocol: ");
        r.extend_from_slice(p);
        r.extend_from_slice(b"\r\n");
    }
    r.extend_from_slice(b"\r\n");
    r
}

/// An accepted upgrade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WsAccept {
    /// Index into the server's protocol list.
    pub protocol: usize,
    /// Bytes to send.
    pub response: Vec<u8>,
}

/// The whole decision for a request whose [`upgrade_kind`] is
/// `WebSocket`.  Version (`Sec-WebSocket-Version`) is not checked by the
/// oracle: 8, 12, 13 and a missing header are all accepted; neither is the
/// method nor the HTTP version.  The event loop runs the filter callback
/// between protocol selection and the key check (see [`WsReject`]).
pub fn handshake(req: &Request, names: &[&[u8]]) -> Result<WsAccept, WsReject> {
    handshake_or(req, names, 0)
}

/// [`handshake`] with the vhost's default protocol index (see
/// [`select_protocol_or`]).
pub fn handshake_or(req: &Request, names: &[&[u8]], default: usize) -> Result<WsAccept, WsReject> {
    if !connection_has_upgrade(req) {
        return Err(WsReject::NoConnectionUpgrade);
    }
    let (i, echo) = select_protocol_or(req, names, default)?;
    if !req.has(HOST) || req.total_length(HOST) == 0 {
        return Err(WsReject::NoHost);
    }
    if !req.has(KEY) || req.total_length(KEY) == 0 {
        return Err(WsReject::NoKey);
    }
    let key = req.value(KEY);
    Ok(WsAccept { protocol: i, response: response_101(&key, echo.then_some(names[i])) })
}
