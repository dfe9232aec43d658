//! Incremental HTTP/1 request-head parser storing headers the way the
//! oracle's `lws_hdr_*` accessors expose them.  Behaviour pinned in
//! `docs/oracle-http1.md`.

use crate::http::tokens;

/// Token indexes the header store holds (`WSI_TOKEN_COUNT`): the header
/// tokens, then a client connection's stash (`_WSI_TOKEN_CLIENT_*`).
pub const TOKEN_COUNT: usize = 95;
/// Indexes with a name in the oracle's token table (the last, 87, has an
/// empty name); the stash tokens after them have none.
pub const NAMED_TOKENS: usize = 88;

pub const GET_URI: i32 = 0;
pub const POST_URI: i32 = 1;
pub const OPTIONS_URI: i32 = 2;
pub const HOST: i32 = 3;
pub const CONNECTION: i32 = 4;
pub const UPGRADE: i32 = 5;
pub const ORIGIN: i32 = 6;
pub const EXTENSIONS: i32 = 9;
pub const PROTOCOL: i32 = 12;
pub const HTTP: i32 = 15;
pub const COOKIE: i32 = 26;
pub const CONTENT_LENGTH: i32 = 27;
pub const KEY: i32 = 32;
pub const VERSION: i32 = 33;
pub const PATCH_URI: i32 = 73;
pub const PUT_URI: i32 = 74;
pub const DELETE_URI: i32 = 75;
pub const URI_ARGS: i32 = 76;
pub const X_FORWARDED_FOR: i32 = 80;
pub const CONNECT: i32 = 81;
pub const HEAD_URI: i32 = 82;
/// `WSI_TOKEN_HTTP1_0`: an HTTP/1.0 response's status text (`WSI_TOKEN_HTTP`
/// holds an HTTP/1.1 one).
pub const HTTP1_0: i32 = 79;
/// `_WSI_TOKEN_CLIENT_SENT_PROTOCOLS` .. `_WSI_TOKEN_CLIENT_ALPN`: what a
/// client connection was asked to use, kept beside its response headers.
pub const CLIENT_SENT_PROTOCOLS: i32 = 87;
pub const CLIENT_PEER_ADDRESS: i32 = 88;
pub const CLIENT_URI: i32 = 89;
pub const CLIENT_HOST: i32 = 90;
pub const CLIENT_ORIGIN: i32 = 91;
pub const CLIENT_METHOD: i32 = 92;
pub const CLIENT_IFACE: i32 = 93;
pub const CLIENT_ALPN: i32 = 94;

/// The method tokens, in the order the oracle checks them.
pub const METHODS: [i32; 8] =
    [GET_URI, POST_URI, OPTIONS_URI, PUT_URI, PATCH_URI, DELETE_URI, CONNECT, HEAD_URI];

/// Bytes of `max_http_header_data` the oracle never lets the stored
/// fragments use.
const DATA_SLACK: usize = 19;
/// Extra cost of one custom header beyond its name (with colon) and value.
const CUSTOM_OVERHEAD: usize = 8;

/// Parser limits (context options).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// `max_http_header_data` (0 means the default, 4096).
    pub max_header_data: usize,
    /// Fragment slots (URI, version, each header occurrence, each argument).
    pub max_frags: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_header_data: 4096, max_frags: 94 }
    }
}

/// Why a request head is refused, and how the oracle answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Answer [`FORBIDDEN_RESPONSE`] then close: unknown method, a URI not
    /// starting with '/', a bad %-escape.
    Forbidden,
    /// Close without answering: header data or fragment limits exceeded,
    /// %00 in the URI, a second request line, blank lines before the
    /// request line.
    Close,
}

impl ParseError {
    /// The status the oracle answers with, if any.
    pub fn status(self) -> Option<u16> {
        match self {
            ParseError::Forbidden => Some(403),
            ParseError::Close => None,
        }
    }
}

/// Exact bytes the oracle sends for [`ParseError::Forbidden`] (it then
/// closes the connection).
pub const FORBIDDEN_RESPONSE: &[u8] = b"HTTP/1.0 403 Forbidden\r\ncontent-type: text/html\r\ncontent-length: 173\r\n\r\n<html><head><meta charset=utf-8 http-equiv=\"Content-Language\" content=\"en\"/><link rel=\"stylesheet\" type=\"text/css\" href=\"/error.css\"/></head><body><h1>403</h1></body></html>";

/// Outcome of [`Parser::feed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// All bytes consumed, head not complete yet.
    NeedMore,
    /// Head complete; `consumed` bytes of this call belong to it, the rest
    /// is body or the next request.
    Done { consumed: usize },
}

#[derive(Clone, Copy, Debug)]
struct Frag {
    off: usize,
    len: usize,
    next: Option<usize>,
}

/// A parsed request head.
#[derive(Clone, Debug, Default)]
pub struct Request {
    data: Vec<u8>,
    frags: Vec<Frag>,
    first: Vec<Option<usize>>,
    last: Vec<Option<usize>>,
    custom: Vec<(Vec<u8>, Vec<u8>)>,
    method: Option<i32>,
    used: usize,
    relative_uri: bool,
}

fn idx(h: i32) -> Option<usize> {
    usize::try_from(h).ok().filter(|&i| i < TOKEN_COUNT)
}

impl Request {
    fn new() -> Self {
        Request {
            first: vec![None; TOKEN_COUNT],
            last: vec![None; TOKEN_COUNT],
            ..Default::default()
        }
    }

    /// The method token (`GET_URI`, `POST_URI`, ...).
    pub fn method(&self) -> Option<i32> {
        self.method
    }

    fn frag_chain(&self, h: i32) -> impl Iterator<Item = &Frag> + '_ {
        let mut cur = idx(h).and_then(|i| self.first[i]);
        core::iter::from_fn(move || {
            let f = &self.frags[cur?];
            cur = f.next;
            Some(f)
        })
    }

    fn frag_bytes(&self, f: &Frag) -> &[u8] {
        &self.data[f.off..f.off + f.len]
    }

    /// Fragments of a token, in arrival order.
    pub fn fragments(&self, h: i32) -> Vec<&[u8]> {
        self.frag_chain(h).map(|f| self.frag_bytes(f)).collect()
    }

    /// The first fragment of `h`, NUL-terminated in place (once the head
    /// is complete), as `lws_hdr_simple_ptr` gives it.
    pub fn first_frag_ptr(&self, h: i32) -> Option<*const u8> {
        let f = self.frag_chain(h).next()?;
        Some(self.data[f.off..].as_ptr())
    }

    /// Whether a fragment exists for `h` (even an empty one).
    pub fn has(&self, h: i32) -> bool {
        idx(h).is_some_and(|i| self.first[i].is_some())
    }

    /// `lws_hdr_total_length`: fragment lengths plus one separator between
    /// fragments (none for Cookie).
    pub fn total_length(&self, h: i32) -> i32 {
        let mut n = 0usize;
        let mut count = 0usize;
        for f in self.frag_chain(h) {
            n += f.len;
            count += 1;
        }
        if count > 1 && h != COOKIE {
            n += count - 1;
        }
        n as i32
    }

    /// All fragments joined as `lws_hdr_copy` joins them: ',' between
    /// fragments, nothing for Cookie.
    pub fn value(&self, h: i32) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, f) in self.frag_chain(h).enumerate() {
            if i > 0 && h != COOKIE {
                out.push(b',');
            }
            out.extend_from_slice(self.frag_bytes(f));
        }
        out
    }

    /// `lws_hdr_copy` into `dst` (NUL-terminated): the length, or -1 when
    /// `dst` cannot hold the value and its NUL.
    pub fn copy(&self, dst: &mut [u8], h: i32) -> i32 {
        put(dst, &self.value(h))
    }

    /// `lws_hdr_fragment_length`.
    pub fn fragment_length(&self, h: i32, n: usize) -> i32 {
        self.frag_chain(h).nth(n).map_or(0, |f| f.len as i32)
    }

    /// `lws_hdr_copy_fragment`: the length, or -1 if the fragment does not
    /// exist or does not fit with its NUL.
    pub fn copy_fragment(&self, dst: &mut [u8], h: i32, n: usize) -> i32 {
        match self.frag_chain(h).nth(n) {
            Some(f) => put(dst, self.frag_bytes(f)),
            None => -1,
        }
    }

    /// Value of the first custom header whose stored name (lowercase, with
    /// colon, e.g. `x-foo:`) equals `name` exactly.
    pub fn custom(&self, name: &[u8]) -> Option<&[u8]> {
        self.custom.iter().find(|(n, _)| n == name).map(|(_, v)| &v[..])
    }

    /// `lws_hdr_custom_length`: -1 when absent.
    pub fn custom_length(&self, name: &[u8]) -> i32 {
        self.custom(name).map_or(-1, |v| v.len() as i32)
    }

    /// `lws_hdr_custom_copy`: -1 when absent or too long for `dst`.
    pub fn custom_copy(&self, dst: &mut [u8], name: &[u8]) -> i32 {
        match self.custom(name) {
            Some(v) => put(dst, v),
            None => -1,
        }
    }

    /// The custom headers in arrival order (name with colon, value).
    pub fn customs(&self) -> &[(Vec<u8>, Vec<u8>)] {
        &self.custom
    }

    /// The URI path (the method token's value).
    pub fn path(&self) -> Vec<u8> {
        self.method.map(|m| self.value(m)).unwrap_or_default()
    }

    /// The URI did not start with '/': the oracle upgrades such a request
    /// but refuses it (403) as plain HTTP.
    pub fn uri_not_absolute(&self) -> bool {
        self.relative_uri
    }

    /// HTTP/1.1 as the oracle decides it: the version token is 8 or 9 bytes
    /// long with '1' at offsets 5 and 7; anything else is HTTP/1.0.
    pub fn is_http11(&self) -> bool {
        let v = self.value(HTTP);
        (8..=9).contains(&v.len()) && v[5] == b'1' && v[7] == b'1'
    }

    fn new_frag(&mut self, h: i32, limits: &Limits) -> Result<(), ParseError> {
        if self.frags.len() >= limits.max_frags {
            crate::lwsl_warn!("request head: more header fragments than the table holds\n");
            return Err(ParseError::Close);
        }
        self.charge(1, limits)?;
        let i = idx(h).expect("token index");
        let n = self.frags.len();
        if n > 0 {
            // a finished fragment is NUL-terminated in place (C gets
            // pointers to it: lws_http_get_uri_and_method)
            self.data.push(0);
        }
        self.frags.push(Frag { off: self.data.len(), len: 0, next: None });
        match self.last[i] {
            Some(l) => self.frags[l].next = Some(n),
            None => self.first[i] = Some(n),
        }
        self.last[i] = Some(n);
        Ok(())
    }

    fn charge(&mut self, n: usize, limits: &Limits) -> Result<(), ParseError> {
        self.used += n;
        let max = if limits.max_header_data == 0 { 4096 } else { limits.max_header_data };
        if self.used > max.saturating_sub(DATA_SLACK) {
            // operators grep for the oracle's wording of this one
            crate::lwsl_err!("Ran out of header data space\n");
            return Err(ParseError::Close);
        }
        Ok(())
    }

    /// Appends to the newest fragment (which is the last of its token).
    fn push(&mut self, c: u8, limits: &Limits) -> Result<(), ParseError> {
        self.charge(1, limits)?;
        self.data.push(c);
        let n = self.frags.len() - 1;
        self.frags[n].len += 1;
        Ok(())
    }

    fn cur_len(&self) -> usize {
        self.frags.last().map_or(0, |f| f.len)
    }

    fn pop(&mut self) {
        let n = self.frags.len() - 1;
        if self.frags[n].len > 0 {
            self.frags[n].len -= 1;
            self.data.pop();
        }
    }

    fn last_byte(&self) -> Option<u8> {
        let f = self.frags.last()?;
        (f.len > 0).then(|| self.data[f.off + f.len - 1])
    }
}

fn put(dst: &mut [u8], v: &[u8]) -> i32 {
    if v.len() + 1 > dst.len() {
        return -1;
    }
    dst[..v.len()].copy_from_slice(v);
    dst[v.len()] = 0;
    v.len() as i32
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PathState {
    Idle,
    Slash,
    SlashDot,
    SlashDotDot,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Method,
    /// A '\r' as the head's first byte.
    MethodCr,
    UriStart,
    Uri,
    VersionStart,
    Version,
    LineEnd,
    Name,
    Value { token: Option<i32>, skip: bool },
    SkipLines(u8),
    /// A header line where the request line should be: the head is read
    /// as headers and dropped (no answer) at its blank line.
    DropAtHeadEnd { line_start: bool },
    Done,
}

/// The incremental parser: feed bytes as they arrive.
#[derive(Clone, Debug)]
pub struct Parser {
    limits: Limits,
    state: State,
    req: Request,
    word: Vec<u8>,
    name_raw: Vec<u8>,
    pct: u8,
    pct_hi: u8,
    ps: PathState,
    in_args: bool,
    literal_eq: bool,
    custom_name: Vec<u8>,
    custom_val: Vec<u8>,
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Token whose wire name equals `name` (lowercase, colon included), for
/// ordinary headers.
fn header_token(name: &[u8]) -> Option<i32> {
    (0..NAMED_TOKENS as i32).find(|&t| tokens::name(t) == Some(name))
}

/// Whether `name` (without colon) is a strict prefix of some wire name:
/// the oracle then drops this line and the next.
fn is_strict_prefix(name: &[u8]) -> bool {
    (0..NAMED_TOKENS as i32).any(|t| {
        tokens::name(t).is_some_and(|n| n.len() > name.len() && n.starts_with(name))
    })
}

/// A head that ended without a request line (a blank line first, or only
/// header lines).  The oracle looks for the method and URI twice on such a
/// head, once for a mount redirect and once to serve it, and each look
/// logs this line (operators grep for it): so it comes twice, then the
/// connection is dropped without an answer.
fn missing_uri() {
    for _ in 0..2 {
        crate::lwsl_warn!("Missing URI in HTTP request\n");
    }
}

impl Parser {
    pub fn new(limits: Limits) -> Self {
        Parser {
            limits,
            state: State::Method,
            req: Request::new(),
            word: Vec::new(),
            name_raw: Vec::new(),
            pct: 0,
            pct_hi: 0,
            ps: PathState::Idle,
            in_args: false,
            literal_eq: false,
            custom_name: Vec::new(),
            custom_val: Vec::new(),
        }
    }

    pub fn request(&self) -> &Request {
        &self.req
    }

    pub fn into_request(self) -> Request {
        self.req
    }

    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Feeds bytes; call again with more bytes after `NeedMore`.  After an
    /// error or `Done` the parser must not be fed again (it keeps
    /// answering the same way).
    pub fn feed(&mut self, data: &[u8]) -> Result<Progress, ParseError> {
        if self.state == State::Done {
            return Ok(Progress::Done { consumed: 0 });
        }
        for (i, &c) in data.iter().enumerate() {
            self.byte(c)?;
            if self.state == State::Done {
                return Ok(Progress::Done { consumed: i + 1 });
            }
        }
        Ok(Progress::NeedMore)
    }

    fn byte(&mut self, c: u8) -> Result<(), ParseError> {
        let l = self.limits;
        match self.state.clone() {
            State::Method => {
                if c == b' ' {
                    let m = match &self.word[..] {
                        b"get" => GET_URI,
                        b"post" => POST_URI,
                        b"options" => OPTIONS_URI,
                        b"put" => PUT_URI,
                        b"patch" => PATCH_URI,
                        b"delete" => DELETE_URI,
                        b"head" => HEAD_URI,
                        b"connect" => return Err(ParseError::Close),
                        _ => return Err(ParseError::Forbidden),
                    };
                    self.req.method = Some(m);
                    self.req.new_frag(m, &l)?;
                    self.state = State::UriStart;
                } else if self.word.is_empty() && c == b'\n' {
                    // a blank line first: the head ends there
                    missing_uri();
                    return Err(ParseError::Close);
                } else if self.word.is_empty() && c == b'\r' {
                    self.state = State::MethodCr;
                } else if c == b'\r' || c == b'\n' {
                    return Err(ParseError::Forbidden);
                } else {
                    self.word.push(c.to_ascii_lowercase());
                    // the oracle matches the request line with its header
                    // name table: it refuses as soon as no name can match
                    let w = &self.word[..];
                    const METHOD_NAMES: [&[u8]; 8] =
                        [b"get", b"post", b"options", b"put", b"patch", b"delete", b"head", b"connect"];
                    let any = METHOD_NAMES.iter().any(|n| n.starts_with(w))
                        || (0..NAMED_TOKENS as i32).filter_map(crate::http::tokens::name).any(|n| n.starts_with(w));
                    if !any {
                        return Err(ParseError::Forbidden);
                    }
                    // a whole header name where the method should be
                    // (`x-forwarded-for:`): dropped without an answer at
                    // the end of the head
                    if c == b':'
                        && (0..NAMED_TOKENS as i32).filter_map(crate::http::tokens::name).any(|n| n == &self.word[..])
                    {
                        self.state = State::DropAtHeadEnd { line_start: false };
                    }
                }
            }
            // "\r\n" ends the head; "\r" then anything else is an
            // unknown method to the oracle (403)
            State::MethodCr => {
                if c == b'\n' {
                    missing_uri();
                    return Err(ParseError::Close);
                }
                return Err(ParseError::Forbidden);
            }
            State::UriStart => match c {
                b' ' => {}
                b'/' => {
                    self.req.push(b'/', &l)?;
                    self.ps = PathState::Slash;
                    self.state = State::Uri;
                }
                _ => {
                    // refused later, and only if not an upgrade
                    self.req.relative_uri = true;
                    self.ps = PathState::Idle;
                    self.state = State::Uri;
                    return self.uri_byte(c);
                }
            },
            State::Uri => self.uri_byte(c)?,
            State::VersionStart | State::Version => {
                if c == b'\r' || c == b'\n' {
                    self.state = if c == b'\r' { State::LineEnd } else { State::Name };
                    self.name_raw.clear();
                } else if self.state == State::VersionStart {
                    if c != b' ' {
                        self.req.new_frag(HTTP, &l)?;
                        self.req.push(c, &l)?;
                        self.state = State::Version;
                    }
                } else {
                    self.req.push(c, &l)?;
                }
            }
            State::LineEnd => {
                if c == b'\n' {
                    self.state = State::Name;
                    self.name_raw.clear();
                }
            }
            State::Name => self.name_byte(c)?,
            State::Value { token, skip } => {
                if c == b'\r' || c == b'\n' {
                    if token.is_none() {
                        let name = core::mem::take(&mut self.custom_name);
                        let val = core::mem::take(&mut self.custom_val);
                        self.req.custom.push((name, val));
                    }
                    self.state = if c == b'\r' { State::LineEnd } else { State::Name };
                    self.name_raw.clear();
                } else if skip && (c == b' ' || (c == b'\t' && token.is_none())) {
                    // the oracle skips leading blanks; a known header
                    // keeps a leading tab, an unknown one drops it
                } else {
                    self.state = State::Value { token, skip: false };
                    match token {
                        Some(_) => self.req.push(c, &l)?,
                        None => {
                            self.req.charge(1, &l)?;
                            self.custom_val.push(c);
                        }
                    }
                }
            }
            State::SkipLines(n) => {
                if c == b'\n' {
                    self.state = if n > 1 { State::SkipLines(n - 1) } else { State::Name };
                    self.name_raw.clear();
                }
            }
            State::DropAtHeadEnd { line_start } => {
                if c == b'\n' {
                    if line_start {
                        missing_uri();
                        return Err(ParseError::Close);
                    }
                    self.state = State::DropAtHeadEnd { line_start: true };
                } else if c != b'\r' {
                    self.state = State::DropAtHeadEnd { line_start: false };
                }
            }
            State::Done => {}
        }
        Ok(())
    }

    fn name_byte(&mut self, c: u8) -> Result<(), ParseError> {
        let l = self.limits;
        if self.name_raw.is_empty() {
            if c == b'\r' {
                return Ok(());
            }
            if c == b'\n' {
                self.state = State::Done;
                // the last fragment's NUL (see new_frag)
                self.req.data.push(0);
                return Ok(());
            }
            if c == b':' {
                // pseudo-header (":path") in an HTTP/1 head
                return Err(ParseError::Close);
            }
        }
        if c != b':' {
            self.name_raw.push(c.to_ascii_lowercase());
            if matches!(&self.name_raw[..], b"get " | b"post " | b"options " | b"head " | b"connect ") {
                // a second request line
                crate::lwsl_warn!("request head: a second method\n");
                return Err(ParseError::Close);
            }
            let max = if l.max_header_data == 0 { 4096 } else { l.max_header_data };
            if self.req.used + self.name_raw.len() + CUSTOM_OVERHEAD > max.saturating_sub(DATA_SLACK) {
                crate::lwsl_err!("Ran out of header data space\n");
                return Err(ParseError::Close);
            }
            return Ok(());
        }
        let mut name = core::mem::take(&mut self.name_raw);
        name.push(b':');
        let known = header_token(&name);
        if known.is_none() && is_strict_prefix(&name[..name.len() - 1]) {
            self.state = State::SkipLines(2);
            return Ok(());
        }
        if let Some(t) = known {
            let had = self.req.has(t);
            let nonempty = self.req.total_length(t) > 0;
            self.req.new_frag(t, &l)?;
            if nonempty {
                self.req.push(b' ', &l)?;
            }
            self.state = State::Value { token: Some(t), skip: !had };
            return Ok(());
        }
        // a pseudo-header name in header position ends the talk
        if name.first() == Some(&b':') {
            return Err(ParseError::Close);
        }
        let stored: Vec<u8> = name.into_iter().filter(|&b| b >= 0x20).collect();
        self.req.charge(stored.len() + CUSTOM_OVERHEAD, &l)?;
        self.custom_name = stored;
        self.custom_val.clear();
        self.state = State::Value { token: None, skip: true };
        Ok(())
    }

    fn end_uri(&mut self) -> Result<(), ParseError> {
        let l = self.limits;
        if self.pct != 0 {
            return Err(ParseError::Forbidden);
        }
        if !self.in_args && self.ps == PathState::SlashDotDot {
            self.backup();
        }
        if self.req.cur_len() == 0 {
            self.req.push(b'/', &l)?;
        }
        Ok(())
    }

    fn backup(&mut self) {
        if self.req.cur_len() > 1 {
            self.req.pop();
            while self.req.cur_len() > 1 && self.req.last_byte() != Some(b'/') {
                self.req.pop();
            }
            if self.req.cur_len() > 1 {
                self.req.pop();
            }
        }
    }

    fn uri_byte(&mut self, raw: u8) -> Result<(), ParseError> {
        let l = self.limits;
        if matches!(raw, b' ' | b'\r' | b'\n') {
            self.end_uri()?;
            self.state = match raw {
                b' ' => State::VersionStart,
                b'\r' => State::LineEnd,
                _ => State::Name,
            };
            self.name_raw.clear();
            return Ok(());
        }
        let (mut c, enc) = match self.pct {
            0 if raw == b'%' => {
                self.pct = 1;
                return Ok(());
            }
            0 => (raw, false),
            1 => {
                self.pct_hi = hex(raw).ok_or(ParseError::Forbidden)?;
                self.pct = 2;
                return Ok(());
            }
            _ => {
                let lo = hex(raw).ok_or(ParseError::Forbidden)?;
                self.pct = 0;
                ((self.pct_hi << 4) | lo, true)
            }
        };
        if c == 0 {
            return Err(ParseError::Close);
        }
        if c == b'+' && !enc {
            c = b' ';
        }
        if self.in_args {
            if c == b'&' && !enc {
                self.req.new_frag(URI_ARGS, &l)?;
                self.literal_eq = false;
                return Ok(());
            }
            if c == b'=' {
                if !enc {
                    self.literal_eq = true;
                } else if !self.literal_eq {
                    c = b'_';
                }
            }
            return self.req.push(c, &l);
        }
        let is_q = c == b'?' && !enc;
        match self.ps {
            PathState::Idle => {}
            PathState::Slash => {
                if c == b'/' {
                    return Ok(());
                }
                if c == b'.' {
                    self.ps = PathState::SlashDot;
                    return Ok(());
                }
                self.ps = PathState::Idle;
            }
            PathState::SlashDot => {
                if c == b'.' {
                    self.ps = PathState::SlashDotDot;
                    return Ok(());
                }
                if c == b'/' {
                    self.ps = PathState::Slash;
                    return Ok(());
                }
                self.ps = PathState::Idle;
                self.req.push(b'.', &l)?;
            }
            PathState::SlashDotDot => {
                if c == b'/' || is_q {
                    self.backup();
                    self.ps = PathState::Slash;
                    if self.req.cur_len() <= 1 {
                        return Ok(());
                    }
                    if c == b'/' {
                        return self.req.push(b'/', &l);
                    }
                } else {
                    self.req.push(b'.', &l)?;
                    self.req.push(b'.', &l)?;
                    self.ps = PathState::Idle;
                }
            }
        }
        if is_q {
            self.in_args = true;
            self.literal_eq = false;
            return self.req.new_frag(URI_ARGS, &l);
        }
        if c == b'/' {
            self.ps = PathState::Slash;
        }
        self.req.push(c, &l)
    }
}

/// Parses a complete response head (status line, headers, blank line;
/// CRLF or bare LF line ends) into the header store, as the oracle's
/// client does with its one header parser: first the connection's
/// `stash` (`CLIENT_*` tokens), then the status line's text after
/// "HTTP/1.1 " under [`HTTP`] (after "HTTP/1.0 " under [`HTTP1_0`]; any
/// other first line stores nothing), then the headers with the request
/// rules (names, repeats, blanks, the header data limit).  The status
/// code itself is the caller's to read from the line.
pub fn parse_response(head: &[u8], limits: Limits, stash: &[(i32, Vec<u8>)]) -> Result<Parser, ParseError> {
    let mut p = Parser::new(limits);
    for (t, v) in stash {
        p.req.new_frag(*t, &limits)?;
        for &b in v {
            p.req.push(b, &limits)?;
        }
    }
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let line = &head[..line_end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let token = match line.get(..9).map(|v| v.to_ascii_lowercase()).as_deref() {
        Some(b"http/1.1 ") => Some(HTTP),
        Some(b"http/1.0 ") => Some(HTTP1_0),
        _ => None,
    };
    if let Some(t) = token {
        p.req.new_frag(t, &limits)?;
        for &b in line[9..].iter().skip_while(|&&b| b == b' ') {
            p.req.push(b, &limits)?;
        }
    }
    p.state = State::Name;
    p.name_raw.clear();
    match p.feed(&head[(line_end + 1).min(head.len())..])? {
        Progress::Done { .. } => Ok(p),
        Progress::NeedMore => Err(ParseError::Close),
    }
}

/// Parses a complete head in one go (test and fuzz helper).
pub fn parse_all(data: &[u8], limits: Limits) -> Result<(Request, usize), ParseError> {
    let mut p = Parser::new(limits);
    match p.feed(data)? {
        Progress::Done { consumed } => Ok((p.into_request(), consumed)),
        Progress::NeedMore => Err(ParseError::Close),
    }
}
