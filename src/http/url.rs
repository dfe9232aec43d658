//! URL (form) encoding and URI splitting as lws does them.

use core::ffi::c_int;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes `src` for an output buffer of `len` bytes (NUL included).
/// Alphanumerics pass through, space becomes '+', anything else %XX.
/// An item is emitted only while more than 3 bytes of room remain, so the
/// result always fits with its NUL; nonpositive `len` gives "".
pub fn encode(src: &[u8], len: i32) -> Vec<u8> {
    let mut room = i64::from(len);
    let mut out = Vec::new();
    for &c in src {
        if room <= 3 {
            break;
        }
        if c == b' ' {
            out.push(b'+');
            room -= 1;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            room -= 1;
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            room -= 3;
        }
    }
    out
}

fn hexval(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Decodes `src`, producing at most `len` bytes (a negative `len` means no
/// limit).  '+' is a space; %XX is a byte; a truncated %X at the end is
/// dropped.  Returns the bytes and `false` if a %XX digit was not hex (the
/// bytes decoded before it are still returned: lws leaves them written).
pub fn decode(src: &[u8], len: i32) -> (Vec<u8>, bool) {
    let mut room = i64::from(len);
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() && room != 0 {
        let c = src[i];
        i += 1;
        let b = match c {
            b'%' => {
                let Some(&h) = src.get(i) else { break };
                let Some(hi) = hexval(h) else { return (out, false) };
                i += 1;
                let Some(&l) = src.get(i) else { break };
                let Some(lo) = hexval(l) else { return (out, false) };
                i += 1;
                (hi << 4) | lo
            }
            b'+' => b' ',
            c => c,
        };
        out.push(b);
        room -= 1;
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> (Vec<u8>, UriParts) {
        let mut b = s.as_bytes().to_vec();
        b.push(0);
        let r = parse_uri(&mut b);
        (b, r)
    }

    // Expected values observed on Debian's libwebsockets 4.1.6.
    #[test]
    fn parse_uri_matches_oracle() {
        let (b, r) = uri("http://example.com/path/x?y=1");
        assert_eq!(b, b"http\0//example.com\0path/x?y=1\0");
        assert_eq!(r, UriParts { prot: 0, ads: 7, port: Some(80), path: Some(19) });
        let (b, r) = uri("ws://[::1]:7681/ws");
        assert_eq!(b, b"ws\0//[::1\0\x007681\0ws\0");
        assert_eq!(r, UriParts { prot: 0, ads: 6, port: Some(7681), path: Some(16) });
        let (b, r) = uri("http://user:pw@host.com:81/p");
        assert_eq!(b, b"http\0//user\0pw@host.com:81\0p\0");
        assert_eq!(r, UriParts { prot: 0, ads: 7, port: Some(0), path: Some(27) });
        let (_, r) = uri("example.com/path");
        assert_eq!(r, UriParts { prot: 16, ads: 0, port: None, path: Some(12) });
        let (b, r) = uri("unix:/tmp/sock");
        assert_eq!(b, b"unix\0\0tmp/sock\0");
        assert_eq!(r, UriParts { prot: 14, ads: 0, port: Some(0), path: Some(6) });
        let (_, r) = uri("https://h");
        assert_eq!(r, UriParts { prot: 0, ads: 8, port: Some(443), path: None });
        let (_, r) = uri("HTTP://h");
        assert_eq!(r.port, None);
        let (_, r) = uri("/");
        assert_eq!(r, UriParts { prot: 1, ads: 0, port: None, path: None });
        let (b, r) = uri("http://[2001:db8::1]");
        assert_eq!(b, b"http\0//[2001:db8::1\0\0");
        assert_eq!(r, UriParts { prot: 0, ads: 8, port: Some(80), path: None });
        let (_, r) = uri("x://y:-5/z");
        assert_eq!(r.port, Some(-5));
        let (_, r) = uri("+@unix");
        assert_eq!(r, UriParts { prot: 6, ads: 0, port: None, path: None });
    }


    #[test]
    fn encode_room() {
        assert_eq!(encode(b"hello world", 10), b"hello+w");
        assert_eq!(encode(b"abc%", 7), b"abc%25");
        assert_eq!(encode(b"abc%", 6), b"abc");
        assert_eq!(encode(b"\xc3\x84\xc3\x96", 10), b"%C3%84%C3");
    }

    #[test]
    fn decode_cases() {
        assert_eq!(decode(b"a%20b", 2), (b"a ".to_vec(), true));
        assert_eq!(decode(b"%e2%82%ac", 1), (b"\xe2".to_vec(), true));
        assert_eq!(decode(b"%41%", 10), (b"A".to_vec(), true));
        assert_eq!(decode(b"%A", 10), (b"".to_vec(), true));
        assert_eq!(decode(b"x%zz", 10), (b"x".to_vec(), false));
        assert_eq!(decode(b"x%zz", 1), (b"x".to_vec(), true));
        assert_eq!(decode(b"%FF%fF", 64), (b"\xff\xff".to_vec(), true));
    }
}

/// C `atoi` semantics (leading blanks, optional sign, digits).
pub fn atoi(s: &[u8]) -> c_int {
    // glibc's atoi is (int) strtol: the saturated long, truncated
    crate::h1::body::atoll(s) as c_int
}

/// Result of [`parse_uri`]: offsets into the buffer (`None` for `path`
/// means the static "/"; `prot` may point at the terminating NUL).
#[derive(Debug, PartialEq, Eq)]
pub struct UriParts {
    pub prot: usize,
    pub ads: usize,
    pub port: Option<c_int>,
    pub path: Option<usize>,
}

/// Cuts `buf` (a NUL-terminated URI, the NUL included in the slice) in
/// place, exactly like `lws_parse_uri()`: the ':' of "://" becomes NUL, as
/// do the ']' of an IPv6 literal, the ':' before the port and the '/'
/// before the path.  Without "://" the protocol is the empty string at the
/// end of the buffer.  The port defaults to 80 for "http"/"ws" and 443 for
/// "https"/"wss" (case-sensitive); otherwise it is left untouched unless
/// given.  An address starting with '+' (unix socket) may contain '/'.
pub fn parse_uri(buf: &mut [u8]) -> UriParts {
    let end = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
    let at = |b: &[u8], i: usize| if i < end { b[i] } else { 0 };
    let mut p = 0;
    while p < end && !(buf[p] == b':' && at(buf, p + 1) == b'/' && at(buf, p + 2) == b'/') {
        p += 1;
    }
    let prot;
    if p >= end {
        prot = end;
        p = 0;
    } else {
        prot = 0;
        buf[p] = 0;
        p += 3;
    }
    let unix_skt = at(buf, p) == b'+';
    let mut ads = p;
    let mut port = None;
    let proto = &buf[prot..buf[prot..].iter().position(|&c| c == 0).map_or(end, |n| prot + n)];
    if proto == b"http" || proto == b"ws" {
        port = Some(80);
    } else if proto == b"https" || proto == b"wss" {
        port = Some(443);
    }
    if at(buf, p) == b'[' {
        ads += 1;
        while p < end && buf[p] != b']' {
            p += 1;
        }
        if p < end {
            buf[p] = 0;
            p += 1;
        }
    } else {
        while p < end && buf[p] != b':' && (unix_skt || buf[p] != b'/') {
            p += 1;
        }
    }
    if at(buf, p) == b':' {
        buf[p] = 0;
        p += 1;
        let digits_end = buf[p..end].iter().position(|&c| c == 0).map_or(end, |n| p + n);
        port = Some(atoi(&buf[p..digits_end]));
        while p < end && buf[p] != b'/' {
            p += 1;
        }
    }
    let mut path = None;
    if at(buf, p) != 0 {
        buf[p] = 0;
        p += 1;
        if at(buf, p) != 0 {
            path = Some(p);
        }
    }
    UriParts { prot, ads, port, path }
}
