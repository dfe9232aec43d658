//! The socket-free HTTP/1 layer: request-head parsing into the token
//! store behind `lws_hdr_*`, the websocket upgrade decision and 101
//! answer, and response-head writers.  Every behaviour is pinned on
//! Debian's libwebsockets 4.1.6; the observations are in
//! `docs/oracle-http1.md`, the
//! probe server in `tools/oracle/h1/`.  Request and response header
//! lines are parsed by `httparse` (docs/architecture.md, "HTTP/1 heads on
//! httparse").
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod body;
pub mod client;
pub mod parse;
pub mod resp;
pub mod ws;

pub use parse::{parse_all, Limits, ParseError, Parser, Progress, Request, FORBIDDEN_RESPONSE};

/// Fuzz entry point: must never panic, whatever the bytes.
pub fn fuzz_parse(data: &[u8]) {
    let limits = Limits { max_header_data: 1 + usize::from(data.first().copied().unwrap_or(0)) * 16, max_frags: 94 };
    for lim in [Limits::default(), limits] {
        let mut p = Parser::new(lim);
        let mut r = Ok(Progress::NeedMore);
        for chunk in data.chunks(3) {
            r = p.feed(chunk);
            if !matches!(r, Ok(Progress::NeedMore)) {
                break;
            }
        }
        let _ = r.map(|_| ());
        let req = p.request();
        let mut buf = [0u8; 64];
        for t in -1..parse::TOKEN_COUNT as i32 + 1 {
            let _ = req.total_length(t);
            let _ = req.copy(&mut buf, t);
            for f in 0..3 {
                let _ = req.fragment_length(t, f);
                let _ = req.copy_fragment(&mut buf, t, f);
            }
        }
        let _ = req.custom_length(b"x-foo:");
        let _ = req.is_http11();
        let _ = ws::upgrade_kind(req);
        let _ = ws::handshake(req, &[b"a", b"chat"]);
    }
}

#[cfg(test)]
mod tests;
