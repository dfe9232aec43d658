//! The client side of HTTP/1 without sockets: the request head, the end
//! and status of the response head (its headers go into the store with
//! [`super::parse::parse_response`]), the checks of a WebSocket upgrade
//! answer, and chunked response bodies.  `core::conn::client` drives these
//! from the connection; the oracle's behaviour they follow is in
//! docs/oracle-client.md.

use core::ffi::CStr;


/// What the request head says.
pub struct RequestHead<'a> {
    pub method: &'a [u8],
    pub path: &'a [u8],
    pub host: &'a [u8],
    pub origin: Option<&'a [u8]>,
    /// A multipart/form-data body with this boundary.
    pub boundary: Option<&'a str>,
    /// `LCCSCF_*` flags of the connect info.
    pub ssl_flags: crate::abi::client::ClientFlags,
    /// A WebSocket upgrade: the key and the subprotocols asked for.
    pub ws: Option<(&'a str, Option<&'a [u8]>)>,
    /// A request after a redirect goes without "connection: close".
    pub redirected: bool,
}

/// The request head, without its final empty line (the user may append
/// headers in CLIENT_APPEND_HANDSHAKE_HEADER), in the oracle's order and
/// spelling.
pub fn request_head(r: &RequestHead) -> Vec<u8> {
    let mut h = Vec::with_capacity(512);
    h.extend_from_slice(r.method);
    h.push(b' ');
    h.extend_from_slice(r.path);
    h.extend_from_slice(b" HTTP/1.1\r\nPragma: no-cache\r\nCache-Control: no-cache\r\nHost: ");
    h.extend_from_slice(r.host);
    h.extend_from_slice(b"\r\n");
    if let Some(o) = r.origin {
        h.extend_from_slice(b"Origin: ");
        if !o.windows(3).any(|w| w == b"://") {
            h.extend_from_slice(b"http://");
        }
        h.extend_from_slice(o);
        h.extend_from_slice(b"\r\n");
    }
    if let Some(b) = r.boundary {
        h.extend_from_slice(b"content-type: multipart/form-data; boundary=\"");
        h.extend_from_slice(b.as_bytes());
        h.extend_from_slice(b"\"\r\n");
    } else if r.ws.is_none() && r.ssl_flags.contains(crate::abi::client::ClientFlags::HTTP_X_WWW_FORM_URLENCODED) {
        h.extend_from_slice(b"content-type: application/x-www-form-urlencoded\r\n");
    }
    match r.ws {
        Some((key, protocol)) => {
            h.extend_from_slice(b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ");
            h.extend_from_slice(key.as_bytes());
            h.extend_from_slice(b"\r\n");
            if let Some(p) = protocol {
                h.extend_from_slice(b"Sec-WebSocket-Protocol: ");
                h.extend_from_slice(p);
                h.extend_from_slice(b"\r\n");
            }
            h.extend_from_slice(b"Sec-WebSocket-Version: 13\r\n");
        }
        None if !r.redirected => h.extend_from_slice(b"connection: close\r\n"),
        None => {}
    }
    h
}

/// Most response head bytes kept while looking for its end (the oracle
/// fails a longer head with "problems parsing header").
pub const MAX_RESPONSE_HEAD: usize = 4096;

/// Where a response head ends: after its first empty line (CRLF or bare
/// LF line ends, as the oracle's parser reads them), searching from byte
/// `from`.
pub fn response_head_end(h: &[u8], from: usize) -> Option<usize> {
    let mut i = from.min(h.len());
    while let Some(n) = h[i..].iter().position(|&b| b == b'\n') {
        let nl = i + n;
        match (h.get(nl + 1), h.get(nl + 2)) {
            (Some(b'\n'), _) => return Some(nl + 2),
            (Some(b'\r'), Some(b'\n')) => return Some(nl + 3),
            _ => i = nl + 1,
        }
    }
    None
}

/// The status code of a response head's first line ("HTTP/<v> <code>
/// ..."), None when the line is not a status line.
pub fn response_status(head: &[u8]) -> Option<u32> {
    let line = &head[..head.iter().position(|&b| b == b'\n').unwrap_or(head.len())];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if !line.starts_with(b"HTTP/") {
        return None;
    }
    let code = line.split(|&b| b == b' ').nth(1)?;
    core::str::from_utf8(code).ok()?.parse::<u32>().ok()
}

/// Why a WebSocket upgrade answer is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum UpgradeRefused {
    NotSwitching(u32),
    UpgradeMissing,
    UpgradeMalformed,
    ConnectionMissing,
    ConnectionMalformed,
    AcceptMissing,
    AcceptWrong { got: Vec<u8>, want: String },
}

impl UpgradeRefused {
    /// The reason the oracle gives in CLIENT_CONNECTION_ERROR's `in`.
    pub fn reason(&self) -> &'static CStr {
        match self {
            UpgradeRefused::NotSwitching(_) => c"HS: ws upgrade response not 101",
            UpgradeRefused::UpgradeMissing => c"HS: UPGRADE missing",
            // the oracle says UPGRADE for a wrong Connection too
            UpgradeRefused::UpgradeMalformed | UpgradeRefused::ConnectionMalformed => c"HS: UPGRADE malformed",
            UpgradeRefused::ConnectionMissing => c"HS: CONNECTION missing",
            UpgradeRefused::AcceptMissing => c"HS: ACCEPT missing",
            UpgradeRefused::AcceptWrong { .. } => c"HS: Accept hash wrong",
        }
    }
}

/// The oracle's checks of the answer to a WebSocket upgrade, in its
/// order: the status, Upgrade, Connection, then Sec-WebSocket-Accept
/// against the key sent.
pub fn check_upgrade(
    status: u32,
    upgrade: Option<&[u8]>,
    connection: Option<&[u8]>,
    accept: Option<&[u8]>,
    key: &[u8],
) -> Result<(), UpgradeRefused> {
    if status != 101 {
        return Err(UpgradeRefused::NotSwitching(status));
    }
    match upgrade {
        None => return Err(UpgradeRefused::UpgradeMissing),
        Some(u) if !u.eq_ignore_ascii_case(b"websocket") => return Err(UpgradeRefused::UpgradeMalformed),
        _ => {}
    }
    match connection {
        None => return Err(UpgradeRefused::ConnectionMissing),
        Some(c) if !c.eq_ignore_ascii_case(b"upgrade") => return Err(UpgradeRefused::ConnectionMalformed),
        _ => {}
    }
    let Some(got) = accept else { return Err(UpgradeRefused::AcceptMissing) };
    let want = super::ws::accept_key(key);
    if got != want.as_bytes() {
        return Err(UpgradeRefused::AcceptWrong { got: got.to_vec(), want });
    }
    Ok(())
}

/// Chunked transfer decoding.  As strict as the oracle's decoder: a size
/// line is hex digits then CRLF (no extensions), each chunk's data is
/// followed by CRLF, and the last chunk (size 0) by an empty line (no
/// trailers); anything else fails the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk {
    Size(u64),
    SizeLf(u64),
    Data(u64),
    DataCr,
    DataLf,
    EndCr,
    EndLf,
    Done,
    Bad,
}

impl Default for Chunk {
    fn default() -> Self {
        Chunk::Size(0)
    }
}

/// What [`Chunk::feed`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dechunked {
    /// All input used, the body goes on.
    More,
    /// The last chunk ended the body.
    Done,
    /// Malformed framing at byte `at`; `after_data` when the fault came
    /// after a chunk's data (the oracle then dumps what is left).
    Bad { at: usize, after_data: bool },
}

impl Chunk {
    /// Decodes `buf`, handing each piece of chunk data to `data`.
    pub fn feed(&mut self, buf: &[u8], mut data: impl FnMut(&[u8])) -> Dechunked {
        let hex = |b: u8| (b as char).to_digit(16).map(u64::from);
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            let was = *self;
            *self = match *self {
                Chunk::Size(n) => match (b, hex(b)) {
                    (_, Some(d)) if n < 1 << 56 => Chunk::Size(n * 16 + d),
                    (b'\r', None) => Chunk::SizeLf(n),
                    _ => Chunk::Bad,
                },
                Chunk::SizeLf(n) => match (b, n) {
                    (b'\n', 0) => Chunk::EndCr,
                    (b'\n', n) => Chunk::Data(n),
                    _ => Chunk::Bad,
                },
                Chunk::Data(n) => {
                    let take = (n as usize).min(buf.len() - i);
                    data(&buf[i..i + take]);
                    i += take;
                    let left = n - take as u64;
                    *self = if left == 0 { Chunk::DataCr } else { Chunk::Data(left) };
                    continue;
                }
                Chunk::DataCr if b == b'\r' => Chunk::DataLf,
                Chunk::DataLf if b == b'\n' => Chunk::Size(0),
                Chunk::EndCr if b == b'\r' => Chunk::EndLf,
                Chunk::EndLf if b == b'\n' => Chunk::Done,
                Chunk::Done => Chunk::Done,
                _ => Chunk::Bad,
            };
            match *self {
                Chunk::Done => return Dechunked::Done,
                Chunk::Bad => {
                    return Dechunked::Bad {
                        at: i,
                        after_data: matches!(was, Chunk::DataCr | Chunk::EndCr | Chunk::EndLf),
                    }
                }
                _ => i += 1,
            }
        }
        Dechunked::More
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(src: &[u8], splits: &[usize]) -> (Vec<u8>, Dechunked) {
        let mut c = Chunk::default();
        let mut out = Vec::new();
        let mut last = Dechunked::More;
        let mut from = 0;
        for &to in splits.iter().chain(core::iter::once(&src.len())) {
            last = c.feed(&src[from..to], |d| out.extend_from_slice(d));
            from = to;
            if last != Dechunked::More {
                break;
            }
        }
        (out, last)
    }

    #[test]
    fn dechunk_split_anywhere() {
        let src = b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        for split in 0..src.len() {
            assert_eq!(body(src, &[split]), (b"hello world".to_vec(), Dechunked::Done), "split {split}");
        }
    }

    #[test]
    fn dechunk_as_strict_as_the_oracle() {
        // extensions, trailers, bare LFs, a missing CRLF, no hex: all fail,
        // after the chunks before the fault
        for (src, before, after_data) in [
            (&b"zz\r\nhello\r\n0\r\n\r\n"[..], &b""[..], false),
            (b"5;x=1\r\nhello\r\n0\r\n\r\n", b"", false),
            (b"5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n", b"hello", true),
            (b"5\nhello\n0\n\n", b"", false),
            (b"5\r\nhelloXY0\r\n\r\n", b"hello", true),
            (b"fffffffffffffffff\r\n", b"", false),
        ] {
            let (out, r) = body(src, &[]);
            assert!(matches!(r, Dechunked::Bad { after_data: a, .. } if a == after_data), "{src:?} {r:?}");
            assert_eq!(out, before, "{src:?}");
        }
    }

    #[test]
    fn head_end_and_status() {
        assert_eq!(response_head_end(b"HTTP/1.1 200 OK\r\n\r\nbody", 0), Some(19));
        assert_eq!(response_head_end(b"HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody", 0), Some(25));
        assert_eq!(response_head_end(b"HTTP/1.1 200 OK\nA: b\n\nbody", 0), Some(22));
        assert_eq!(response_head_end(b"HTTP/1.1 200 OK\r\n", 0), None);
        assert_eq!(response_status(b"HTTP/1.1 201\r\n\r\n"), Some(201));
        assert_eq!(response_status(b"HTTP/1.0 404 Not Found\n\n"), Some(404));
        assert_eq!(response_status(b"SSH-2.0-x\r\n"), None);
        assert_eq!(response_status(b"HTTP/1.1 abc\r\n"), None);
    }

    #[test]
    fn request_heads() {
        let ws = request_head(&RequestHead {
            method: b"GET",
            path: b"/",
            host: b"h",
            origin: Some(b"o"),
            boundary: None,
            ssl_flags: crate::abi::client::ClientFlags::empty(),
            ws: Some(("k", None)),
            redirected: false,
        });
        assert!(ws.starts_with(b"GET / HTTP/1.1\r\nPragma: no-cache\r\n"));
        assert!(ws.windows(17).any(|w| w == b"Origin: http://o\r"));
        assert!(ws.ends_with(b"Sec-WebSocket-Key: k\r\nSec-WebSocket-Version: 13\r\n"));
        let post = request_head(&RequestHead {
            method: b"POST",
            path: b"/f",
            host: b"h",
            origin: None,
            boundary: None,
            ssl_flags: crate::abi::client::ClientFlags::HTTP_X_WWW_FORM_URLENCODED,
            ws: None,
            redirected: false,
        });
        assert!(post.ends_with(b"content-type: application/x-www-form-urlencoded\r\nconnection: close\r\n"));
    }

    #[test]
    fn upgrade_checks_in_the_oracle_order() {
        let key = b"dGhlIHNhbXBsZSBub25jZQ==";
        let acc = b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
        let ok = |s, u: Option<&[u8]>, c: Option<&[u8]>, a: Option<&[u8]>| check_upgrade(s, u, c, a, key);
        assert_eq!(ok(101, Some(b"WebSocket"), Some(b"Upgrade"), Some(acc)), Ok(()));
        assert_eq!(ok(200, None, None, None), Err(UpgradeRefused::NotSwitching(200)));
        assert_eq!(ok(101, None, Some(b"x"), None), Err(UpgradeRefused::UpgradeMissing));
        assert_eq!(ok(101, Some(b"h2c"), None, None), Err(UpgradeRefused::UpgradeMalformed));
        assert_eq!(ok(101, Some(b"websocket"), None, None), Err(UpgradeRefused::ConnectionMissing));
        assert_eq!(
            ok(101, Some(b"websocket"), Some(b"keep-alive"), None).unwrap_err().reason(),
            c"HS: UPGRADE malformed"
        );
        assert_eq!(ok(101, Some(b"websocket"), Some(b"upgrade"), None), Err(UpgradeRefused::AcceptMissing));
        assert!(matches!(
            ok(101, Some(b"websocket"), Some(b"upgrade"), Some(b"nope")),
            Err(UpgradeRefused::AcceptWrong { .. })
        ));
    }
}
