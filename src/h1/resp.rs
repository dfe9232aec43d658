//! Writing an HTTP/1 response head into a caller's buffer the way the
//! oracle's `lws_add_http_header_*` / `lws_finalize_http_header` do on an
//! HTTP/1 connection.  Every function works on `buf[*p..end]`, advances
//! `*p` past what it wrote and returns `Err(Full)` (the C functions' 1)
//! when room runs out -- possibly after a partial write, exactly where the
//! oracle leaves one.

use crate::http::tokens;

/// The buffer end was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Full;

/// Reason phrase the oracle puts after a status code ("" when it has none).
pub fn reason(code: u32) -> &'static str {
    match code {
        100 => "Continue",
        200 => "OK",
        300..=303 | 305..=399 => "Redirect",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Auth Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request URI too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn end_of(buf: &[u8], end: usize) -> usize {
    end.min(buf.len())
}

/// `lws_add_http_header_status`: "HTTP/1.x CODE REASON\r\n".  Nothing is
/// written unless the line plus 2 bytes fits; after writing, fewer than 3
/// bytes left is still a failure (the line stays written).
pub fn add_status(buf: &mut [u8], p: &mut usize, end: usize, http11: bool, code: u32) -> Result<(), Full> {
    add_status_line(buf, p, end, http11, code)?;
    room_check(p, end_of(buf, end))
}

/// The status line alone (the first half of [`add_status`]); the extra
/// headers the oracle adds go between it and [`room_check`].
pub fn add_status_line(buf: &mut [u8], p: &mut usize, end: usize, http11: bool, code: u32) -> Result<(), Full> {
    let end = end_of(buf, end);
    let line = format!("HTTP/1.{} {} {}\r\n", u8::from(http11), code, reason(code));
    let line = line.as_bytes();
    if *p > end || end - *p < line.len() + 2 {
        return Err(Full);
    }
    buf[*p..*p + line.len()].copy_from_slice(line);
    *p += line.len();
    Ok(())
}

/// The check closing `lws_add_http_header_status`: fewer than 3 bytes
/// left is a failure.
pub fn room_check(p: &usize, end: usize) -> Result<(), Full> {
    if end < *p || end - *p < 3 {
        return Err(Full);
    }
    Ok(())
}

/// Already formatted header lines (`name: value\r\n`...), each added as
/// [`add_header_by_name`] would.
pub fn add_raw(buf: &mut [u8], p: &mut usize, end: usize, lines: &[u8]) -> Result<(), Full> {
    for l in lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        let sp = l.iter().position(|&b| b == b' ').unwrap_or(l.len());
        add_header_by_name(buf, p, end, &l[..sp], l.get(sp + 1..).unwrap_or(b""))?;
    }
    Ok(())
}

/// Whether the URL argument fragment `arg` is the one `lws_get_urlarg_by_name`
/// looks for with `name` (a plain prefix match, as the oracle).
pub fn urlarg_matches(arg: &[u8], name: &[u8]) -> bool {
    arg.starts_with(name)
}

/// `lws_add_http_header_by_name`: `name` is written as given (the caller
/// includes the colon), then ' ', value, CRLF.  The name and the space go
/// out byte by byte while room lasts; the value only if value + 3 bytes
/// fit.
pub fn add_header_by_name(buf: &mut [u8], p: &mut usize, end: usize, name: &[u8], value: &[u8]) -> Result<(), Full> {
    let end = end_of(buf, end);
    for &c in name {
        if *p >= end {
            return Err(Full);
        }
        buf[*p] = c;
        *p += 1;
    }
    if *p >= end {
        return Err(Full);
    }
    buf[*p] = b' ';
    *p += 1;
    if *p + value.len() + 3 >= end {
        return Err(Full);
    }
    buf[*p..*p + value.len()].copy_from_slice(value);
    *p += value.len();
    buf[*p] = b'\r';
    buf[*p + 1] = b'\n';
    *p += 2;
    Ok(())
}

/// `lws_add_http_header_by_token`: the token's wire name (lowercase, with
/// its colon; method tokens keep their trailing space, so GET gives
/// "get  x").  An index without a name fails without writing.
pub fn add_header_by_token(buf: &mut [u8], p: &mut usize, end: usize, token: i32, value: &[u8]) -> Result<(), Full> {
    match tokens::name(token) {
        Some(n) if usize::try_from(token).is_ok_and(|t| t < super::parse::NAMED_TOKENS - 1) => {
            add_header_by_name(buf, p, end, n, value)
        }
        _ => Err(Full),
    }
}

/// `lws_add_http_header_content_length`: "content-length: N\r\n".
pub fn add_content_length(buf: &mut [u8], p: &mut usize, end: usize, len: u64) -> Result<(), Full> {
    add_header_by_name(buf, p, end, b"content-length:", len.to_string().as_bytes())
}

/// `lws_finalize_http_header`: the blank line; needs 3 bytes of room.
pub fn finalize(buf: &mut [u8], p: &mut usize, end: usize) -> Result<(), Full> {
    let end = end_of(buf, end);
    if *p + 2 >= end {
        return Err(Full);
    }
    buf[*p] = b'\r';
    buf[*p + 1] = b'\n';
    *p += 2;
    Ok(())
}

/// `lws_add_http_common_headers` on HTTP/1: status, content-type, then
/// content-length, or "connection: close" when `content_len` is `None`
/// (LWS_ILLEGAL_HTTP_CONTENT_LEN).
pub fn add_common_headers(
    buf: &mut [u8],
    p: &mut usize,
    end: usize,
    http11: bool,
    code: u32,
    content_type: &[u8],
    content_len: Option<u64>,
) -> Result<(), Full> {
    add_status(buf, p, end, http11, code)?;
    add_header_by_name(buf, p, end, b"content-type:", content_type)?;
    match content_len {
        Some(n) => add_content_length(buf, p, end, n),
        None => add_header_by_name(buf, p, end, b"connection:", b"close"),
    }
}
