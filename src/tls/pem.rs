//! Certificates and keys from PEM or DER, in files or memory.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

fn is_pem(b: &[u8]) -> bool {
    b.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Reads a whole file.
pub fn read_file(path: &[u8]) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    std::fs::read(std::ffi::OsStr::from_bytes(path)).ok()
}

/// Reads a whole file; on failure logs `<what> '<path>': <reason>` (the
/// OS's words: "No such file or directory", "Permission denied", ...).
pub fn load(path: &[u8], what: &str) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    match std::fs::read(std::ffi::OsStr::from_bytes(path)) {
        Ok(b) => Some(b),
        Err(e) => {
            lwsl_err!("{} '{}': {}\n", what, String::from_utf8_lossy(path), e);
            None
        }
    }
}

/// Where a certificate or key came from, for messages.
pub fn origin(path: Option<&[u8]>) -> String {
    match path {
        Some(p) => format!("'{}'", String::from_utf8_lossy(p)),
        None => "(from memory)".into(),
    }
}

/// A rustls error about one of our own certificates or keys in words that
/// do not blame the peer (rustls says "invalid peer certificate" for any
/// certificate it cannot read).
pub fn own_cert_error(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => format!("not a usable X.509 certificate ({c:?})"),
        e => e.to_string(),
    }
}

/// Certificates (a chain, leaf first) from PEM, or one DER certificate.
pub fn certs(b: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    if is_pem(b) {
        let v: Vec<_> = CertificateDer::pem_slice_iter(b).filter_map(|c| c.ok()).collect();
        if v.is_empty() {
            return None;
        }
        return Some(v);
    }
    // a C string's terminating NUL may be counted in the length
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    if b.is_empty() {
        return None;
    }
    Some(vec![CertificateDer::from(b.to_vec())])
}

/// A private key (PKCS#8, PKCS#1 RSA or SEC1 EC) from PEM or DER.
pub fn key(b: &[u8]) -> Option<PrivateKeyDer<'static>> {
    if is_pem(b) {
        return PrivateKeyDer::from_pem_slice(b).ok();
    }
    let b = b.strip_suffix(&[0]).unwrap_or(b);
    PrivateKeyDer::try_from(b.to_vec()).ok()
}

/// A root store from PEM/DER certificates; None if none could be added.
pub fn roots(b: &[u8]) -> Option<rustls::RootCertStore> {
    let mut rs = rustls::RootCertStore::empty();
    let (ok, _) = rs.add_parsable_certificates(certs(b)?);
    if ok == 0 {
        return None;
    }
    Some(rs)
}

/// Logs, naming `from` (a quoted path or "(from memory)"), a CA file or
/// blob that holds no certificate a root store can take: the vhost is still
/// made, as on the oracle, but nothing will verify against it, and without
/// the line an operator only sees handshakes fail later.
pub fn check_ca(b: &[u8], from: &str, what: &str) {
    if roots(b).is_none() {
        lwsl_err!("{} {}: no usable PEM or DER certificate in it: nothing will verify against it\n", what, from);
    }
}

/// The system CA store: every certificate under `/etc/ssl/certs` (the
/// bundle file, else the hashed directory).
pub fn system_roots() -> rustls::RootCertStore {
    let mut rs = rustls::RootCertStore::empty();
    if let Some(b) = read_file(b"/etc/ssl/certs/ca-certificates.crt") {
        if let Some(c) = certs(&b) {
            rs.add_parsable_certificates(c);
        }
    }
    if rs.is_empty() {
        if let Ok(d) = std::fs::read_dir("/etc/ssl/certs") {
            for e in d.flatten() {
                if let Ok(b) = std::fs::read(e.path()) {
                    if let Some(c) = certs(&b) {
                        rs.add_parsable_certificates(c);
                    }
                }
            }
        }
    }
    rs
}
