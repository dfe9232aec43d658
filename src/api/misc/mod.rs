//! C API of `libwebsockets/lws-misc.h`: the pure helpers (buflists,
//! string and number helpers, URI parsing, humanize, directory walking...).
//! The functions of that header that take a `struct lws *` or
//! `struct lws_context *` are in `api::misc_wsi`.
//!
//! `lws_snprintf` and `lws_open` are variadic: `csrc/logs.c`.
//!
//! One file per concern; build.rs makes one header, gen/lws-misc.h, of
//! the whole directory.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_ulong, c_void, CStr};
pub use crate::abi::misc::*;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::buflist::lws_buflist;
use crate::ffi::cstr_bytes;
use crate::http::url::parse_uri;
use crate::api::context_vhost::lws_context_creation_info;

c_variadic_export!(lws_snprintf => lws_shim_lws_snprintf);
c_variadic_export!(lws_open => lws_shim_lws_open);

mod buflist;
mod strings;
mod uri;
mod cmdline;
mod time;
mod alloc;
mod humanize;
mod serialize;
mod daemon;
mod dir;
pub use buflist::*;
pub use strings::*;
pub use uri::*;
pub use cmdline::*;
pub use time::*;
pub use alloc::*;
pub use humanize::*;
pub use serialize::*;
pub use daemon::*;
pub use dir::*;

#[cfg(test)]
// test code: buffers and strings of the test's own
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    #[test]
    fn cmdline_matches_oracle() {
        let a: Vec<&[u8]> = vec![b"prog", b"-dx", b"-d", b"-p", b"--x", b"5", b"-v"];
        assert_eq!(cmdline_option(&a, b"-d"), Some((3, 0)));
        assert_eq!(cmdline_option(&a, b"-dx"), Some((2, 0)));
        assert_eq!(cmdline_option(&a, b"-v"), Some((6, 2)));
        assert_eq!(cmdline_option(&a, b"-"), Some((6, 1)));
        assert_eq!(cmdline_option(&a, b"prog"), None);
        let a: Vec<&[u8]> = vec![b"prog", b"--port=80", b"--por"];
        assert_eq!(cmdline_option(&a, b"--port"), Some((1, 7)));
        assert_eq!(cmdline_option(&a, b"--port="), Some((1, 7)));
    }

    #[test]
    fn json_simple_matches_oracle() {
        let js = br#"{"a":"xyz", "bb": 123 , "c":true,"d":"q\"r","e":  "" ,"f":[1,2]}"#;
        assert_eq!(json_simple_find(js, br#""a":"#), Some((6, 3)));
        assert_eq!(json_simple_find(js, br#""bb":"#), Some((18, 4)));
        assert_eq!(json_simple_find(js, br#""d":"#), Some((38, 4)));
        assert_eq!(json_simple_find(js, br#""e":"#), Some((51, 0)));
        assert_eq!(json_simple_find(js, br#""f":"#), Some((58, 2)));
        assert_eq!(json_simple_find(js, b"a"), Some((4, 1)));
        assert_eq!(json_simple_find(br#"{"a":"#, br#""a":"#), None);
        assert_eq!(json_simple_find(b"{\"a\":\n12}", br#""a":"#), Some((5, 3)));
        assert_eq!(json_simple_strcmp(js, br#""a":"#, b"xyz"), 0);
        assert_eq!(json_simple_strcmp(js, br#""a":"#, b"xy"), -1);
        assert_eq!(json_simple_strcmp(js, br#""a":"#, b"abc"), 23);
    }

    #[test]
    fn humanize_matches_oracle() {
        let si: Vec<(&[u8], u64)> = vec![(b"Ki ", 1024), (b"   ", 1)];
        let h = |v| {
            let (mut a, b) = humanize(v, &si).unwrap();
            a.extend(b);
            String::from_utf8(a).unwrap()
        };
        assert_eq!(h(0), "            ");
        assert_eq!(h(999), "  999       ");
        assert_eq!(h(1500), "    1.476Ki ");
        assert_eq!(h(2047), "    1.!23Ki ");
        assert_eq!(h(999999), "  976.575Ki ");
        let pi: Vec<(&[u8], u64)> = vec![(b"Pi ", 1 << 50)];
        let (n, _) = humanize(u64::MAX, &pi).unwrap();
        assert_eq!(n, b" !383.!00");
    }

    #[test]
    fn vbi_matches_oracle() {
        let mut b = [0u8; 4];
        assert_eq!(vbi_encode(127, &mut b), Some(1));
        assert_eq!(vbi_encode(16383, &mut b), Some(2));
        assert_eq!(b[..2], [0xff, 0x7f]);
        assert_eq!(vbi_encode(268435456, &mut b), None);
        assert_eq!(vbi_decode(&[0x01]), (0, None));
        assert_eq!(vbi_decode(&[0x80, 0x01]), (0, Some(0)));
        assert_eq!(vbi_decode(&[0x01, 0x82]), (1, Some(0x101)));
    }

    #[test]
    fn glob() {
        assert!(glob_match(b"a.jpg", b"*.jpg"));
        assert!(!glob_match(b"a.png", b"*.jpg"));
        assert!(glob_match(b"ab.jpg", b"a*.jpg"));
        assert!(!glob_match(b"abc", b"abc"));
    }

    #[test]
    fn nstrstr_edges() {
        assert_eq!(nstrstr(b"abcabc", b""), None);
        assert_eq!(nstrstr(b"abc", b"c"), Some(2));
        assert_eq!(nstrstr(b"ab", b"c"), None);
    }
}
