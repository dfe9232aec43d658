//! Incremental HTTP/1 head parser (the request line by hand, the header
//! lines by `httparse`) storing headers the way the
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

impl Limits {
    /// `max_header_data` with its default applied.
    fn header_data(&self) -> usize {
        if self.max_header_data == 0 {
            4096
        } else {
            self.max_header_data
        }
    }
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
    /// The token's next fragment ([`NO_FRAG`]: none).
    next: u8,
}

/// "No fragment" in the fragment links (there are at most `max_frags`,
/// 94, fragments).
const NO_FRAG: u8 = u8::MAX;

/// A parsed request head.
#[derive(Clone, Debug)]
pub struct Request {
    data: Vec<u8>,
    frags: Vec<Frag>,
    /// Each token's first and last fragment ([`NO_FRAG`]: none).
    first: [u8; TOKEN_COUNT],
    last: [u8; TOKEN_COUNT],
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
            data: Vec::new(),
            frags: Vec::new(),
            first: [NO_FRAG; TOKEN_COUNT],
            last: [NO_FRAG; TOKEN_COUNT],
            custom: Vec::new(),
            method: None,
            used: 0,
            relative_uri: false,
        }
    }

    /// The method token (`GET_URI`, `POST_URI`, ...).
    pub fn method(&self) -> Option<i32> {
        self.method
    }

    fn frag_chain(&self, h: i32) -> impl Iterator<Item = &Frag> + '_ {
        let mut cur = idx(h).map_or(NO_FRAG, |i| self.first[i]);
        core::iter::from_fn(move || {
            let f = self.frags.get(usize::from(cur))?;
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
        idx(h).is_some_and(|i| self.first[i] != NO_FRAG)
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
        // below NO_FRAG: max_frags is at most 94 (Limits)
        let n8 = u8::try_from(n).ok().filter(|&v| v != NO_FRAG).ok_or(ParseError::Close)?;
        self.frags.push(Frag { off: self.data.len(), len: 0, next: NO_FRAG });
        match self.last[i] {
            NO_FRAG => self.first[i] = n8,
            l => self.frags[usize::from(l)].next = n8,
        }
        self.last[i] = n8;
        Ok(())
    }

    fn charge(&mut self, n: usize, limits: &Limits) -> Result<(), ParseError> {
        self.used += n;
        if self.used > limits.header_data().saturating_sub(DATA_SLACK) {
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

    /// Appends `v` to the newest fragment.
    fn push_slice(&mut self, v: &[u8], limits: &Limits) -> Result<(), ParseError> {
        self.charge(v.len(), limits)?;
        self.data.extend_from_slice(v);
        let n = self.frags.len() - 1;
        self.frags[n].len += v.len();
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
    /// The request line is read: header lines are collected whole until
    /// the blank line, then parsed at once ([`Parser::header_block`]).
    Headers,
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
    /// The header lines received so far (from the line after the request
    /// line), kept until the blank line ends them.
    raw: Vec<u8>,
    /// Where the header line being received starts in `raw`, and how far
    /// `raw` has been searched for its end.
    line_start: usize,
    scanned: usize,
    pct: u8,
    pct_hi: u8,
    ps: PathState,
    in_args: bool,
    literal_eq: bool,
}

/// A header name lowercased with its colon, on the stack when short.
#[derive(Default)]
struct NameBuf {
    short: [u8; 32],
    len: usize,
    long: Vec<u8>,
}

impl NameBuf {
    fn set(&mut self, name: &[u8]) {
        self.len = name.len() + 1;
        let dst = if self.len <= self.short.len() {
            &mut self.short[..self.len]
        } else {
            self.long.resize(self.len, 0);
            &mut self.long[..]
        };
        for (d, s) in dst.iter_mut().zip(name) {
            *d = s.to_ascii_lowercase();
        }
        dst[name.len()] = b':';
    }

    fn get(&self) -> &[u8] {
        if self.len <= self.short.len() {
            &self.short[..self.len]
        } else {
            &self.long
        }
    }
}

fn trim_start(v: &[u8], blank: impl Fn(u8) -> bool) -> &[u8] {
    &v[v.iter().position(|&b| !blank(b)).unwrap_or(v.len())..]
}

/// Most bytes of header lines held while waiting for the blank line: the
/// header data limit, plus room for the names of known headers, which the
/// store does not keep (94 fragments at most, none longer than 36 bytes
/// with its line end).  The oracle counts only stored bytes, as they
/// arrive; the stored bytes are counted the same way here once the lines
/// are complete.
fn raw_head_cap(l: &Limits) -> usize {
    l.header_data() + l.max_frags * 40
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The wire names of the tokens, sorted, with their index.
fn sorted_names() -> &'static [(&'static [u8], i32)] {
    static NAMES: std::sync::OnceLock<Vec<(&'static [u8], i32)>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut v: Vec<_> = (0..NAMED_TOKENS as i32).filter_map(|t| Some((tokens::name(t)?, t))).collect();
        v.sort_unstable();
        v
    })
}

/// Token whose wire name equals `name` (lowercase, colon included), for
/// ordinary headers.
fn header_token(name: &[u8]) -> Option<i32> {
    let names = sorted_names();
    names.binary_search_by(|(n, _)| (*n).cmp(name)).ok().map(|i| names[i].1)
}

/// Whether `name` (without colon) is a strict prefix of some wire name:
/// the oracle then drops this line and the next.
fn is_strict_prefix(name: &[u8]) -> bool {
    let names = sorted_names();
    // the names starting with `name` follow each other from the first
    // one not below it
    let from = names.partition_point(|(n, _)| *n < name);
    names[from..].iter().take_while(|(n, _)| n.starts_with(name)).any(|(n, _)| n.len() > name.len())
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
            raw: Vec::new(),
            line_start: 0,
            scanned: 0,
            pct: 0,
            pct_hi: 0,
            ps: PathState::Idle,
            in_args: false,
            literal_eq: false,
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
            if self.state == State::Headers {
                return Ok(match self.headers(&data[i..])? {
                    Some(n) => Progress::Done { consumed: i + n },
                    None => Progress::NeedMore,
                });
            }
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
                    self.state = if c == b'\r' { State::LineEnd } else { State::Headers };
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
                    self.state = State::Headers;
                }
            }
            // feed hands header bytes to `headers` in bulk
            State::Headers => unreachable!("header bytes go to Parser::headers"),
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

    /// The head is complete: the last fragment gets its NUL (see
    /// `Request::new_frag`).
    fn finish(&mut self) {
        self.req.data.push(0);
        self.state = State::Done;
    }

    /// Collects header lines until the blank line that ends them; then
    /// parses them ([`Parser::header_block`]).  `Some(n)`: the head ended
    /// after `n` bytes of `data`.
    fn headers(&mut self, data: &[u8]) -> Result<Option<usize>, ParseError> {
        let before = self.raw.len();
        self.raw.extend_from_slice(data);
        loop {
            let Some(nl) = memchr::memchr(b'\n', &self.raw[self.scanned..]) else {
                self.scanned = self.raw.len();
                break;
            };
            let nl = self.scanned + nl;
            // the oracle ignores a '\r' where a header name would start,
            // so a line of nothing but '\r's is the blank line
            if self.raw[self.line_start..nl].iter().all(|&b| b == b'\r') {
                let block_end = self.line_start;
                let consumed = nl + 1 - before;
                let mut raw = core::mem::take(&mut self.raw);
                raw.truncate(block_end);
                self.header_block(&mut raw)?;
                self.finish();
                return Ok(Some(consumed));
            }
            self.line_start = nl + 1;
            self.scanned = nl + 1;
        }
        if self.raw.len() > raw_head_cap(&self.limits) {
            crate::lwsl_err!("Ran out of header data space\n");
            return Err(ParseError::Close);
        }
        Ok(None)
    }

    /// Parses complete header lines (each ending in LF or CRLF, no blank
    /// line) with `httparse`, then stores them as the oracle does:
    /// known names under their token (a fragment per occurrence), the others
    /// as custom headers, each value as it was on the wire but for the
    /// blanks the oracle skips, within the header data limit.
    fn header_block(&mut self, raw: &mut Vec<u8>) -> Result<(), ParseError> {
        if raw.is_empty() {
            return Ok(());
        }
        let lines = memchr::memchr_iter(b'\n', raw).count();
        // the blank line httparse needs to see the block end
        raw.push(b'\n');
        let mut slots = vec![httparse::EMPTY_HEADER; lines];
        let headers = match httparse::parse_headers(raw, &mut slots) {
            Ok(httparse::Status::Complete((_, h))) => h,
            Ok(httparse::Status::Partial) | Err(_) => {
                // a line without a colon, blanks or controls in a name, a
                // control byte in a value, a folded line, a pseudo-header
                // (":path"), a second request line
                crate::lwsl_warn!("request head: a header line that is not one\n");
                return Err(ParseError::Close);
            }
        };
        self.store_headers(raw, headers)
    }

    /// Stores the header lines httparse found in `raw` (their slices point
    /// into it) as the oracle stores them.
    fn store_headers(&mut self, raw: &[u8], headers: &[httparse::Header<'_>]) -> Result<(), ParseError> {
        let l = self.limits;
        let base = raw.as_ptr() as usize;
        let mut skip_next = false;
        for (i, h) in headers.iter().enumerate() {
            if core::mem::take(&mut skip_next) {
                continue;
            }
            // the value as received: from after the colon (a response may
            // have blanks before it) to the line end (a value holds no CR
            // or LF but for a response's folded lines, which end it)
            let after_name = &raw[h.name.as_ptr() as usize - base + h.name.len()..];
            let colon = memchr::memchr(b':', after_name).unwrap_or(0);
            let rest = &after_name[colon + 1..];
            let value = &rest[..memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len())];
            let mut name = NameBuf::default();
            name.set(h.name.as_bytes());
            let name = name.get();
            match header_token(name) {
                Some(t) => {
                    let had = self.req.has(t);
                    let nonempty = self.req.total_length(t) > 0;
                    self.req.new_frag(t, &l)?;
                    if nonempty {
                        self.req.push(b' ', &l)?;
                    }
                    // leading spaces (not tabs) skipped, on a first
                    // occurrence only
                    let v = if had { value } else { trim_start(value, |b| b == b' ') };
                    self.req.push_slice(v, &l)?;
                }
                None if is_strict_prefix(&name[..name.len() - 1]) => {
                    // the oracle's name table is still matching when the
                    // colon comes: it drops this line and the next one,
                    // and when the next is the blank line it never sees the
                    // head end (it waits until its timeout closes)
                    if i + 1 == headers.len() {
                        crate::lwsl_warn!("request head: a blank line dropped after a partial header name\n");
                        return Err(ParseError::Close);
                    }
                    skip_next = true;
                }
                None => {
                    let v = trim_start(value, |b| b == b' ' || b == b'\t');
                    self.req.charge(name.len() + CUSTOM_OVERHEAD + v.len(), &l)?;
                    self.req.custom.push((name.to_vec(), v.to_vec()));
                }
            }
        }
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
                _ => State::Headers,
            };
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
        p.req.push_slice(v, &limits)?;
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
        p.req.push_slice(trim_start(&line[9..], |b| b == b' '), &limits)?;
    }
    // httparse as RFC 9112 lets a client read a response: blanks before a
    // colon and folded lines are taken, other lines that are not headers
    // skipped (the oracle keeps them as odd custom headers)
    let lines = memchr::memchr_iter(b'\n', head).count();
    let mut slots = vec![httparse::EMPTY_HEADER; lines];
    let mut resp = httparse::Response::new(&mut slots);
    let parsed = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .ignore_invalid_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .parse_response(&mut resp, head);
    match parsed {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) | Err(_) => {
            crate::lwsl_warn!("response head: not an HTTP/1 response head\n");
            return Err(ParseError::Close);
        }
    }
    p.store_headers(head, resp.headers)?;
    p.finish();
    Ok(p)
}

/// Parses a complete head in one go (test and fuzz helper).
pub fn parse_all(data: &[u8], limits: Limits) -> Result<(Request, usize), ParseError> {
    let mut p = Parser::new(limits);
    match p.feed(data)? {
        Progress::Done { consumed } => Ok((p.into_request(), consumed)),
        Progress::NeedMore => Err(ParseError::Close),
    }
}
