//! Wire names of the header token indexes (`enum lws_token_indexes`).

use core::ffi::{c_int, CStr};

/// Name of each index from `WSI_TOKEN_GET_URI` (0) upwards, NUL-terminated
/// for C.  Methods and the status line keep their trailing space, headers
/// their colon; index 8 (`WSI_TOKEN_CHALLENGE`) is the blank line; the last
/// entry (index 87, `_WSI_TOKEN_CLIENT_SENT_PROTOCOLS`) is empty.  Indexes
/// past the table have no name.
static NAMES: [&CStr; 88] = [
    c"get ",
    c"post ",
    c"options ",
    c"host:",
    c"connection:",
    c"upgrade:",
    c"origin:",
    c"sec-websocket-draft:",
    c"\r\n",
    c"sec-websocket-extensions:",
    c"sec-websocket-key1:",
    c"sec-websocket-key2:",
    c"sec-websocket-protocol:",
    c"sec-websocket-accept:",
    c"sec-websocket-nonce:",
    c"http/1.1 ",
    c"http2-settings:",
    c"accept:",
    c"access-control-request-headers:",
    c"if-modified-since:",
    c"if-none-match:",
    c"accept-encoding:",
    c"accept-language:",
    c"pragma:",
    c"cache-control:",
    c"authorization:",
    c"cookie:",
    c"content-length:",
    c"content-type:",
    c"date:",
    c"range:",
    c"referer:",
    c"sec-websocket-key:",
    c"sec-websocket-version:",
    c"sec-websocket-origin:",
    c":authority",
    c":method",
    c":path",
    c":scheme",
    c":status",
    c"accept-charset:",
    c"accept-ranges:",
    c"access-control-allow-origin:",
    c"age:",
    c"allow:",
    c"content-disposition:",
    c"content-encoding:",
    c"content-language:",
    c"content-location:",
    c"content-range:",
    c"etag:",
    c"expect:",
    c"expires:",
    c"from:",
    c"if-match:",
    c"if-range:",
    c"if-unmodified-since:",
    c"last-modified:",
    c"link:",
    c"location:",
    c"max-forwards:",
    c"proxy-authenticate:",
    c"proxy-authorization:",
    c"refresh:",
    c"retry-after:",
    c"server:",
    c"set-cookie:",
    c"strict-transport-security:",
    c"transfer-encoding:",
    c"user-agent:",
    c"vary:",
    c"via:",
    c"www-authenticate:",
    c"patch",
    c"put",
    c"delete",
    c"uri-args",
    c"proxy ",
    c"x-real-ip:",
    c"http/1.0 ",
    c"x-forwarded-for:",
    c"connect ",
    c"head ",
    c"te:",
    c"replay-nonce:",
    c":protocol",
    c"x-auth-token:",
    c"",
];

/// The name of token index `t`, if it has one.
pub fn name_cstr(t: c_int) -> Option<&'static CStr> {
    usize::try_from(t).ok().and_then(|i| NAMES.get(i)).copied()
}

/// The name of token index `t` as bytes (no NUL), if it has one.
pub fn name(t: c_int) -> Option<&'static [u8]> {
    name_cstr(t).map(CStr::to_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_edges() {
        assert_eq!(name(0), Some(&b"get "[..]));
        assert_eq!(name(82), Some(&b"head "[..]));
        assert_eq!(name(87), Some(&b""[..]));
        assert_eq!(name(88), None);
        assert_eq!(name(-5), None);
    }
}
