//! What follows a request head: the request body framing, as Debian's
//! libwebsockets 4.1.6 decides it (docs/oracle-http1.md, "Request bodies").
//! Socket-free; the connection side is `core::conn::body`.

use super::parse::{Request, CONTENT_LENGTH, PATCH_URI, POST_URI, PUT_URI};

/// How the bytes after a head are framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyPlan {
    /// No body: the next bytes are the next request head.
    None,
    /// `n` bytes of body (Content-Length).  For POST/PUT/PATCH an explicit
    /// 0 still gets an empty HTTP_BODY and HTTP_BODY_COMPLETION.
    Length(u64),
    /// POST/PUT/PATCH without a usable Content-Length (absent, negative,
    /// chunked): every later byte is body, and the body never completes.
    Forever,
}

/// The C library's `atoll` on the joined header value: leading
/// whitespace, an optional sign, digits up to the first non-digit
/// (saturating like glibc).
pub fn atoll(v: &[u8]) -> i64 {
    let mut i = 0;
    while i < v.len() && matches!(v[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let mut neg = false;
    if i < v.len() && (v[i] == b'-' || v[i] == b'+') {
        neg = v[i] == b'-';
        i += 1;
    }
    let mut n: i64 = 0;
    let mut over = false;
    while i < v.len() && v[i].is_ascii_digit() {
        let d = i64::from(v[i] - b'0');
        match n.checked_mul(10).and_then(|x| if neg { x.checked_sub(d) } else { x.checked_add(d) }) {
            Some(x) => n = x,
            None => over = true,
        }
        i += 1;
    }
    if over {
        return if neg { i64::MIN } else { i64::MAX };
    }
    n
}

/// The body framing of `req`.
pub fn plan(req: &Request) -> BodyPlan {
    let bodied = req.has(POST_URI) || req.has(PUT_URI) || req.has(PATCH_URI);
    let cl = if req.has(CONTENT_LENGTH) { Some(atoll(&req.value(CONTENT_LENGTH))) } else { None };
    match cl {
        Some(n) if n >= 0 => {
            if n == 0 && !bodied {
                BodyPlan::None
            } else {
                BodyPlan::Length(n as u64)
            }
        }
        _ if bodied => BodyPlan::Forever,
        _ => BodyPlan::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::h1::{parse_all, Limits};

    fn p(head: &str) -> BodyPlan {
        plan(&parse_all(head.as_bytes(), Limits::default()).unwrap().0)
    }

    #[test]
    fn atoll_like_libc() {
        assert_eq!(atoll(b"5"), 5);
        assert_eq!(atoll(b"  5x"), 5);
        assert_eq!(atoll(b"abc"), 0);
        assert_eq!(atoll(b"-5"), -5);
        assert_eq!(atoll(b"3,  5"), 3);
        assert_eq!(atoll(b"99999999999999999999999"), i64::MAX);
    }

    #[test]
    fn plans() {
        assert_eq!(p("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"), BodyPlan::Length(5));
        assert_eq!(p("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), BodyPlan::Length(0));
        assert_eq!(p("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), BodyPlan::Length(0));
        assert_eq!(p("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"), BodyPlan::Forever);
        assert_eq!(p("POST / HTTP/1.1\r\n\r\n"), BodyPlan::Forever);
        assert_eq!(p("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), BodyPlan::Forever);
        assert_eq!(p("PATCH / HTTP/1.1\r\n\r\n"), BodyPlan::Forever);
        assert_eq!(p("DELETE / HTTP/1.1\r\n\r\n"), BodyPlan::None);
        assert_eq!(p("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), BodyPlan::None);
        assert_eq!(p("GET / HTTP/1.1\r\nContent-Length: 7\r\n\r\n"), BodyPlan::Length(7));
        assert_eq!(p("HEAD / HTTP/1.1\r\nContent-Length: 7\r\n\r\n"), BodyPlan::Length(7));
    }
}
