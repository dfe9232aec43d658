//! C API of `libwebsockets/lws-cgi.h`.  Debian builds without
//! `LWS_WITH_CGI`, so only the CGI callback argument types are visible; there
//! are no functions.

pub use crate::abi::cgi::*;





#[cfg(test)]
mod tests {
    #[test]
    fn layout_matches_debian() {
        assert_eq!(core::mem::size_of::<super::lws_cgi_args>(), 32);
        assert_eq!(core::mem::offset_of!(super::lws_cgi_args, hdr_state), 24);
    }
}
