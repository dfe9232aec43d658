//! Mimetypes lws knows by file extension.

use core::ffi::CStr;

/// Built-in extension -> mimetype table.
static BUILTIN: &[(&[u8], &CStr)] = &[
    (b".ico", c"image/x-icon"),
    (b".gif", c"image/gif"),
    (b".js", c"text/javascript"),
    (b".png", c"image/png"),
    (b".jpg", c"image/jpeg"),
    (b".jpeg", c"image/jpeg"),
    (b".gz", c"application/gzip"),
    (b".html", c"text/html"),
    (b".htm", c"text/html"),
    (b".css", c"text/css"),
    (b".txt", c"text/plain"),
    (b".svg", c"image/svg+xml"),
    (b".ttf", c"application/x-font-ttf"),
    (b".otf", c"application/font-woff"),
    (b".woff", c"application/font-woff"),
    (b".woff2", c"application/font-woff2"),
    (b".xml", c"application/xml"),
    (b".json", c"application/json"),
];

/// True if `file` ends with `ext` (ASCII case-insensitive) and has at
/// least one byte before it: a bare ".js" is not a JavaScript file.
pub fn ext_matches(file: &[u8], ext: &[u8]) -> bool {
    file.len() > ext.len() && file[file.len() - ext.len()..].eq_ignore_ascii_case(ext)
}

/// The built-in mimetype for `file`, if its extension is known.
pub fn builtin(file: &[u8]) -> Option<&'static CStr> {
    BUILTIN.iter().find(|(e, _)| ext_matches(file, e)).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(builtin(b"/x/y.CSS"), Some(c"text/css"));
        assert_eq!(builtin(b"a.woff"), Some(c"application/font-woff"));
        assert_eq!(builtin(b".gz"), None);
        assert_eq!(builtin(b""), None);
    }
}
