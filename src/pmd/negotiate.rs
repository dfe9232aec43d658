//! Negotiation of permessage-deflate over `Sec-WebSocket-Extensions`
//! header values (RFC 7692 section 5 and 7.1), both sides, as pure
//! functions: header text in, header text and an [`Agreed`] configuration
//! out.
//!
//! Two parsers live here on purpose:
//! - [`parse_extensions`] and [`PmdParams::from_extension`] are the strict
//!   RFC 6455 section 9.1 / RFC 7692 grammar (quoted strings, duplicate,
//!   unknown and out-of-range parameters rejected).  The client checks the
//!   server's answer with them.
//! - [`server_answer`] reproduces what Debian's libwebsockets 4.1.6 server
//!   answers, byte for byte, because the project mirrors the oracle.  That
//!   server is lenient where the RFC says "decline": it accepts an offer
//!   with unknown or out-of-range parameters, echoes only the two
//!   `*_no_context_takeover` parameters (duplicates included) and never
//!   answers a window size.  The recorded answers are in the tests below.

use super::{Settings, NAME};
use crate::pmd::codec::{Deflater, Inflater};

/// One element of an extensions header: `name; param[=value]; ...`, the
/// values unquoted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub params: Vec<(String, Option<String>)>,
}

/// Why an offer or an answer is not usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NegotiationError {
    /// The header element does not follow the extension grammar.
    Syntax,
    /// A parameter given twice.
    Duplicate(String),
    /// A parameter permessage-deflate does not define.
    Unknown(String),
    /// A parameter with a missing, superfluous or out-of-range value.
    BadValue(String),
    /// The server's answer names an extension the client did not offer, or
    /// names permessage-deflate more than once.
    Unexpected,
    /// The answer has a parameter the offer did not allow.
    NotOffered(String),
    /// The oracle's server refuses the handshake when the client names
    /// permessage-deflate twice, the first time without parameters.
    MentionedTwice,
    /// The oracle's server refuses the handshake when the extensions
    /// header is [`ORACLE_MAX_HEADER`] bytes or longer.
    TooLong,
}

/// The shortest `Sec-WebSocket-Extensions` value the oracle's server
/// refuses outright (it answers 254 bytes, closes on 255).
pub const ORACLE_MAX_HEADER: usize = 255;

/// `client_max_window_bits` in an offer may come without a value ("I can
/// honour a limit"); in an answer it always has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClientBits {
    #[default]
    Absent,
    NoValue,
    Bits(u8),
}

/// The permessage-deflate parameters of one offer or answer, validated.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PmdParams {
    pub server_no_context_takeover: bool,
    pub client_no_context_takeover: bool,
    pub server_max_window_bits: Option<u8>,
    pub client_max_window_bits: ClientBits,
}

/// What both ends agreed on: the window and the context takeover of each
/// direction, plus the local knobs the codec needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreed {
    pub server_no_context_takeover: bool,
    pub client_no_context_takeover: bool,
    pub server_max_window_bits: u8,
    pub client_max_window_bits: u8,
    pub compression_level: u32,
    pub rx_buf_size: usize,
}

/// The server's answer: the value of its `Sec-WebSocket-Extensions`
/// response header and the configuration it implies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerAnswer {
    pub header_value: String,
    pub agreed: Agreed,
}

impl Agreed {
    /// The compressor of this side's outgoing messages.
    pub fn deflater(&self, is_server: bool) -> Deflater {
        let (bits, reset) = if is_server {
            (self.server_max_window_bits, self.server_no_context_takeover)
        } else {
            (self.client_max_window_bits, self.client_no_context_takeover)
        };
        Deflater::new(self.compression_level, bits, reset)
    }

    /// The decompressor of the peer's messages, inflating one message to at
    /// most `max_message` bytes.
    ///
    /// It keeps its window across messages even when the peer agreed to
    /// `*_no_context_takeover`: a peer that does reset never refers back, so
    /// keeping the history costs nothing but memory, while the oracle's
    /// server answers `server_no_context_takeover` and then goes on
    /// referring to its previous messages (recorded in the tests).
    pub fn inflater(&self, is_server: bool, max_message: usize) -> Inflater {
        let bits = if is_server {
            self.client_max_window_bits
        } else {
            self.server_max_window_bits
        };
        Inflater::new(bits, false, max_message)
    }
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_tchar)
}

/// Split `s` at `sep` where it is not inside a quoted string.
fn split_unquoted(s: &str, sep: char) -> Result<Vec<&str>, NegotiationError> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + 1;
        }
    }
    if quoted {
        return Err(NegotiationError::Syntax);
    }
    parts.push(&s[start..]);
    Ok(parts)
}

fn ows(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// A parameter value: a token or a quoted string (RFC 6455 section 9.1
/// says the unquoted text must then be a token too).
fn param_value(v: &str) -> Result<String, NegotiationError> {
    let v = ows(v);
    let text = if let Some(inner) = v.strip_prefix('"') {
        let inner = inner.strip_suffix('"').ok_or(NegotiationError::Syntax)?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            out.push(if c == '\\' {
                chars.next().ok_or(NegotiationError::Syntax)?
            } else {
                c
            });
        }
        out
    } else {
        v.to_string()
    };
    if is_token(&text) {
        Ok(text)
    } else {
        Err(NegotiationError::Syntax)
    }
}

fn parse_one(element: &str) -> Result<Extension, NegotiationError> {
    let mut parts = split_unquoted(element, ';')?.into_iter();
    let name = ows(parts.next().unwrap_or_default());
    if !is_token(name) {
        return Err(NegotiationError::Syntax);
    }
    let mut params = Vec::new();
    for p in parts {
        let (pname, value) = match p.split_once('=') {
            Some((n, v)) => (ows(n), Some(param_value(v)?)),
            None => (ows(p), None),
        };
        if !is_token(pname) {
            return Err(NegotiationError::Syntax);
        }
        params.push((pname.to_string(), value));
    }
    Ok(Extension {
        name: name.to_string(),
        params,
    })
}

/// Parse a `Sec-WebSocket-Extensions` value into its comma-separated
/// elements, in order; an element that breaks the grammar is an `Err` in
/// its place, so a caller can skip just that offer.  Empty list elements
/// (`a,,b`) are dropped, as HTTP lists allow.
pub fn parse_extensions(value: &str) -> Vec<Result<Extension, NegotiationError>> {
    match split_unquoted(value, ',') {
        Ok(elements) => elements
            .into_iter()
            .filter(|e| !ows(e).is_empty())
            .map(parse_one)
            .collect(),
        Err(e) => vec![Err(e)],
    }
}

/// `8..=15` written as 1*DIGIT without a leading zero.
fn window_bits(name: &str, v: &str) -> Result<u8, NegotiationError> {
    let bad = || NegotiationError::BadValue(name.to_string());
    if v.starts_with('0') || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match v.parse::<u8>() {
        Ok(b @ 8..=15) => Ok(b),
        _ => Err(bad()),
    }
}

impl PmdParams {
    /// Validate the parameters of a permessage-deflate element (RFC 7692
    /// section 7.1).  `answer` says it is the server's answer, where
    /// `client_max_window_bits` needs a value.
    pub fn from_extension(ext: &Extension, answer: bool) -> Result<PmdParams, NegotiationError> {
        let mut p = PmdParams::default();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in &ext.params {
            if seen.contains(&name.as_str()) {
                return Err(NegotiationError::Duplicate(name.clone()));
            }
            seen.push(name);
            let bad = || NegotiationError::BadValue(name.clone());
            match (name.as_str(), value.as_deref()) {
                ("server_no_context_takeover", None) => p.server_no_context_takeover = true,
                ("client_no_context_takeover", None) => p.client_no_context_takeover = true,
                ("server_max_window_bits", Some(v)) => {
                    p.server_max_window_bits = Some(window_bits(name, v)?)
                }
                ("client_max_window_bits", Some(v)) => {
                    p.client_max_window_bits = ClientBits::Bits(window_bits(name, v)?)
                }
                ("client_max_window_bits", None) if !answer => {
                    p.client_max_window_bits = ClientBits::NoValue
                }
                (
                    "server_no_context_takeover"
                    | "client_no_context_takeover"
                    | "server_max_window_bits"
                    | "client_max_window_bits",
                    _,
                ) => return Err(bad()),
                _ => return Err(NegotiationError::Unknown(name.clone())),
            }
        }
        Ok(p)
    }

    /// The header element these parameters describe, in the order
    /// libwebsockets writes them.
    pub fn to_header(&self) -> String {
        let mut s = String::from(NAME);
        if self.server_no_context_takeover {
            s.push_str("; server_no_context_takeover");
        }
        if self.client_no_context_takeover {
            s.push_str("; client_no_context_takeover");
        }
        if let Some(b) = self.server_max_window_bits {
            s.push_str(&format!("; server_max_window_bits={b}"));
        }
        match self.client_max_window_bits {
            ClientBits::Absent => {}
            ClientBits::NoValue => s.push_str("; client_max_window_bits"),
            ClientBits::Bits(b) => s.push_str(&format!("; client_max_window_bits={b}")),
        }
        s
    }
}

/// The server side, as the oracle does it: answer the first
/// permessage-deflate element of the client's header, or `Ok(None)` when
/// there is none (no extension header in the response).
///
/// The oracle's scan, reproduced: elements end at `,` or TAB; an element's
/// name is what precedes its first `;`, spaces removed, matched case
/// sensitively; unknown names are passed over.  The first
/// permessage-deflate element is taken whatever its parameters; its answer
/// is `permessage-deflate` followed by `; server_no_context_takeover` /
/// `; client_no_context_takeover` for each such parameter it has, in its
/// order, values dropped.  If that element had parameters the rest of the
/// header is not looked at; if it had none, a later permessage-deflate
/// element makes the oracle refuse the handshake
/// ([`NegotiationError::MentionedTwice`]), as does a header whose scan
/// reaches offset 255 ([`NegotiationError::TooLong`]): the scan stops after
/// the first permessage-deflate element with parameters, so a long header
/// that starts with one is answered (Autobahn 13.7 offers 296 bytes so).
///
/// The agreed configuration keeps to what the answer says: the server
/// resets its compressor per message when the client asked it to (or the
/// server's settings want it: the server may always do that unannounced),
/// the client's compressor is reset only when the answer says so, the
/// server compresses with a window no larger than its settings and a
/// valid offered `server_max_window_bits`, and, since the answer never
/// limits the client's window, the server inflates with a 15-bit window.
pub fn server_answer(
    settings: &Settings,
    header: &str,
) -> Result<Option<ServerAnswer>, NegotiationError> {
    let mut answer: Option<ServerAnswer> = None;
    let mut end = 0;
    for element in header.split([',', '\t']) {
        // the oracle scans its copy of the header byte by byte and gives
        // up when it reaches offset 255: so on an element that ends
        // (separator or the string's end) at or beyond it
        end += element.len();
        if end >= ORACLE_MAX_HEADER {
            return Err(NegotiationError::TooLong);
        }
        end += 1;
        let (name_part, args) = match element.split_once(';') {
            Some((n, a)) => (n, Some(a)),
            None => (element, None),
        };
        let name: String = name_part.chars().filter(|&c| c != ' ').collect();
        if name != NAME {
            continue;
        }
        if answer.is_some() {
            return Err(NegotiationError::MentionedTwice);
        }
        let mut header_value = String::from(NAME);
        let mut agreed = Agreed {
            server_no_context_takeover: settings.server_no_context_takeover,
            client_no_context_takeover: false,
            server_max_window_bits: settings.server_max_window_bits,
            client_max_window_bits: 15,
            compression_level: settings.compression_level,
            rx_buf_size: settings.rx_buf_size,
        };
        for arg in args.unwrap_or_default().split(';') {
            let (pname, value) = match arg.split_once('=') {
                Some((n, v)) => (n.trim_matches(' '), Some(v.trim_matches(' '))),
                None => (arg.trim_matches(' '), None),
            };
            match pname {
                "server_no_context_takeover" => agreed.server_no_context_takeover = true,
                "client_no_context_takeover" => agreed.client_no_context_takeover = true,
                "server_max_window_bits" => {
                    if let Some(Ok(b)) = value.map(|v| window_bits(pname, v.trim_matches('"'))) {
                        agreed.server_max_window_bits = agreed.server_max_window_bits.min(b);
                    }
                    continue;
                }
                _ => continue,
            }
            header_value.push_str("; ");
            header_value.push_str(pname);
        }
        answer = Some(ServerAnswer {
            header_value,
            agreed,
        });
        if args.is_some() {
            break;
        }
    }
    Ok(answer)
}

/// What a client with `settings` offers: always `client_max_window_bits`
/// (with its limit when below 15), so the server may limit the client's
/// window; the server's window only when below 15.
pub fn client_offer_params(settings: &Settings) -> PmdParams {
    PmdParams {
        server_no_context_takeover: settings.server_no_context_takeover,
        client_no_context_takeover: settings.client_no_context_takeover,
        server_max_window_bits: (settings.server_max_window_bits < 15)
            .then_some(settings.server_max_window_bits),
        client_max_window_bits: if settings.client_max_window_bits < 15 {
            ClientBits::Bits(settings.client_max_window_bits)
        } else {
            ClientBits::NoValue
        },
    }
}

/// The client's `Sec-WebSocket-Extensions` request value built from
/// settings.  libwebsockets itself sends the application's
/// `lws_extension.client_offer` string verbatim (its test client's is
/// `permessage-deflate; client_no_context_takeover`, recorded); for that
/// case [`parse_offer`] gives the parameters to check the answer against.
pub fn client_offer(settings: &Settings) -> String {
    client_offer_params(settings).to_header()
}

/// The parameters of an offer string such as an application's
/// `client_offer`: it must be one valid permessage-deflate element.
pub fn parse_offer(offer: &str) -> Result<PmdParams, NegotiationError> {
    match parse_extensions(offer).as_slice() {
        [Ok(ext)] if ext.name == NAME => PmdParams::from_extension(ext, false),
        [Err(e)] => Err(e.clone()),
        _ => Err(NegotiationError::Unexpected),
    }
}

/// The client side: check the server's answer against what was offered
/// (`offer`, from [`client_offer_params`]) and give the configuration.
/// `Ok(None)`: the server did not accept the extension.
///
/// Strict where a mistake would break decoding (one permessage-deflate
/// element and nothing else, valid parameters, `client_max_window_bits`
/// only if offered and no larger than offered, `server_max_window_bits`
/// no larger than offered); lenient where it cannot (a server that does
/// not repeat the offered `server_max_window_bits`, as the oracle does
/// not, is inflated with a 15-bit window, which decodes any stream).
pub fn client_check_response(
    settings: &Settings,
    offer: &PmdParams,
    response: Option<&str>,
) -> Result<Option<Agreed>, NegotiationError> {
    let Some(response) = response else {
        return Ok(None);
    };
    let elements = parse_extensions(response);
    let [element] = elements.as_slice() else {
        return Err(if elements.is_empty() {
            NegotiationError::Syntax
        } else {
            NegotiationError::Unexpected
        });
    };
    let ext = element.as_ref().map_err(Clone::clone)?;
    if ext.name != NAME {
        return Err(NegotiationError::Unexpected);
    }
    let p = PmdParams::from_extension(ext, true)?;
    let client_bits = match (p.client_max_window_bits, offer.client_max_window_bits) {
        (ClientBits::Bits(_), ClientBits::Absent) => {
            return Err(NegotiationError::NotOffered(
                "client_max_window_bits".into(),
            ))
        }
        (ClientBits::Bits(b), ClientBits::Bits(o)) if b > o => {
            return Err(NegotiationError::BadValue("client_max_window_bits".into()))
        }
        (ClientBits::Bits(b), _) => b,
        _ => 15,
    };
    let server_bits = match (p.server_max_window_bits, offer.server_max_window_bits) {
        (Some(b), Some(o)) if b > o => {
            return Err(NegotiationError::BadValue("server_max_window_bits".into()))
        }
        (Some(b), _) => b,
        (None, _) => 15,
    };
    Ok(Some(Agreed {
        server_no_context_takeover: p.server_no_context_takeover,
        client_no_context_takeover: p.client_no_context_takeover
            || settings.client_no_context_takeover,
        server_max_window_bits: server_bits,
        client_max_window_bits: client_bits.min(settings.client_max_window_bits),
        compression_level: settings.compression_level,
        rx_buf_size: settings.rx_buf_size,
    }))
}

#[cfg(test)]
mod tests;
