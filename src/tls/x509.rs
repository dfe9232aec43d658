//! Certificate information (`lws-x509.h`) from DER certificates parsed by
//! the `x509-cert` crate, in the forms Debian's OpenSSL build returns
//! (measured by capi-tests/t_tls_cert_info.c, see docs/oracle-tls.md):
//!
//! - names as `X509_NAME_oneline` writes them (`/C=GB/O=x/CN=y`, a `+`
//!   before the further members of a multi-valued RDN, `/` and `+` in
//!   values escaped with `\`, bytes outside 0x20..0x7e as `\xHH`), entries
//!   that do not fit the buffer dropped whole; the common name is what
//!   follows the first `/CN=` (so later attributes come along);
//! - times through `mktime()` (local time) with the day of month one too
//!   low, a UTCTime's year always 20YY and a GeneralizedTime's year added
//!   to 1900 (upstream's conversion, kept bit for bit);
//! - key usage as the first two bytes of the extension's bit string
//!   (0xffffffff without the extension);
//! - the public key as the DER SubjectPublicKeyInfo.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::c_int;

use x509_cert::der::asn1::BitString;
use x509_cert::der::{Decode, Encode};
use x509_cert::name::Name;
use x509_cert::Certificate;

use crate::abi::x509::lws_tls_cert_info_results;

/// `enum lws_tls_cert_info` values.
pub const VALIDITY_FROM: c_int = 0;
pub const VALIDITY_TO: c_int = 1;
pub const COMMON_NAME: c_int = 2;
pub const ISSUER_NAME: c_int = 3;
pub const USAGE: c_int = 4;
pub const VERIFIED: c_int = 5;
pub const OPAQUE_PUBLIC_KEY: c_int = 6;

/// Parses one DER certificate.
pub fn parse(der: &[u8]) -> Option<Certificate> {
    Certificate::from_der(der).ok()
}

/// Whether a DER certificate names itself as its issuer (subject ==
/// issuer): OpenSSL's "self-signed" in verification errors.
pub fn self_issued(der: &[u8]) -> bool {
    parse(der).is_some_and(|c| c.tbs_certificate.issuer == c.tbs_certificate.subject)
}

/// The first certificate of a PEM text (as `PEM_read_bio_X509`: DER is
/// not accepted).
pub fn parse_pem(b: &[u8]) -> Option<Certificate> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let first = CertificateDer::pem_slice_iter(b).next()?.ok()?;
    parse(&first)
}

/// OpenSSL's short names of the attribute types names usually carry.
fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "name",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.45" => "x500UniqueIdentifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.72" => "role",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    })
}

/// `X509_NAME_oneline(name, buf, size)`: None when `size` is 0 (OpenSSL
/// then writes nothing); else the text without its NUL, at most `size - 1`
/// bytes (entries that would not fit are left out, with all after them).
pub fn oneline(name: &Name, size: c_int) -> Option<Vec<u8>> {
    if size == 0 {
        return None;
    }
    let room = size as i64 - 1;
    let mut out: Vec<u8> = Vec::new();
    'rdns: for (set_i, rdn) in name.0.iter().enumerate() {
        for (k, atv) in rdn.0.iter().enumerate() {
            let oid = atv.oid.to_string();
            let sn: String = short_name(&oid).map(str::to_string).unwrap_or(oid);
            let q = atv.value.value();
            // a GeneralString whose length is a multiple of 4 with only
            // every fourth byte set is printed as those bytes (UCS-4)
            let mut doit = [true; 4];
            if x509_cert::der::Tagged::tag(&atv.value).octet() == 0x1b && q.len() % 4 == 0 {
                let mut seen = [false; 4];
                for (j, &c) in q.iter().enumerate() {
                    if c != 0 {
                        seen[j & 3] = true;
                    }
                }
                if !(seen[0] | seen[1] | seen[2]) {
                    doit = [false, false, false, true];
                }
            }
            let mut v: Vec<u8> = Vec::new();
            for (j, &c) in q.iter().enumerate() {
                if !doit[j & 3] {
                    continue;
                }
                if !(b' '..=b'~').contains(&c) {
                    v.extend_from_slice(format!("\\x{:02X}", c).as_bytes());
                } else {
                    if c == b'/' || c == b'+' {
                        v.push(b'\\');
                    }
                    v.push(c);
                }
            }
            let add = 1 + sn.len() + 1 + v.len();
            if out.len() as i64 + add as i64 > room {
                break 'rdns;
            }
            let _ = set_i;
            out.push(if k == 0 { b'/' } else { b'+' });
            out.extend_from_slice(sn.as_bytes());
            out.push(b'=');
            out.extend_from_slice(&v);
        }
    }
    Some(out)
}

/// Upstream's ASN.1 time conversion (see the module comment).
fn to_time_t(t: &x509_cert::time::Time) -> libc::time_t {
    let (dt, utc) = match t {
        x509_cert::time::Time::UtcTime(u) => (u.to_date_time(), true),
        x509_cert::time::Time::GeneralTime(g) => (g.to_date_time(), false),
    };
    // SAFETY: all-zero is a valid struct tm.
    let mut tm: libc::tm = unsafe { core::mem::zeroed() };
    tm.tm_year = if utc { (dt.year() % 100) as c_int + 100 } else { dt.year() as c_int };
    tm.tm_mon = dt.month() as c_int - 1;
    tm.tm_mday = dt.day() as c_int - 1;
    tm.tm_hour = dt.hour() as c_int;
    tm.tm_min = dt.minutes() as c_int;
    tm.tm_sec = dt.seconds() as c_int;
    tm.tm_isdst = 0;
    // SAFETY: `tm` is a valid, initialised struct tm.
    unsafe { libc::mktime(&mut tm) }
}

/// notAfter as upstream converts it.
pub fn not_after(c: &Certificate) -> libc::time_t {
    to_time_t(&c.tbs_certificate.validity.not_after)
}

/// The key usage as `X509_get_key_usage` gives it.
pub fn key_usage(c: &Certificate) -> u32 {
    let ku = const_oid_key_usage();
    let Some(exts) = c.tbs_certificate.extensions.as_ref() else { return u32::MAX };
    let Some(e) = exts.iter().find(|e| e.extn_id == ku) else { return u32::MAX };
    let Ok(bits) = BitString::from_der(e.extn_value.as_bytes()) else { return 0 };
    let b = bits.raw_bytes();
    let mut u = b.first().copied().unwrap_or(0) as u32;
    if b.len() > 1 {
        u |= (b[1] as u32) << 8;
    }
    u
}

fn const_oid_key_usage() -> x509_cert::der::oid::ObjectIdentifier {
    x509_cert::der::oid::ObjectIdentifier::new_unwrap("2.5.29.15")
}

/// The bytes of the C string at `p` (at most `max`).
///
/// # Safety
/// `p` readable for `max` bytes, or up to a NUL before that.
unsafe fn c_str_len(p: *const u8, max: usize) -> usize {
    // SAFETY: `i < max`, and the search stops at the first NUL (caller).
    (0..max).find(|&i| unsafe { *p.add(i) } == 0).unwrap_or(max)
}

/// `lws_tls_openssl_cert_info`: fills `buf` (whose name part has `len`
/// bytes) with the `type_` information of `c`.  0, or -1 when that
/// information is not available.
///
/// # Safety
/// `buf` NULL or a valid `lws_tls_cert_info_results` whose `ns.name` has
/// `len` bytes (at least its declared 64: "the true length of
/// buf->ns.name[]", lws-x509.h).
pub unsafe fn cert_info(c: &Certificate, type_: c_int, buf: *mut lws_tls_cert_info_results, len: usize) -> c_int {
    if buf.is_null() {
        return -1;
    }
    // SAFETY: `buf` is valid with `max(len, 64)` bytes of name (caller):
    // a name `oneline` builds for `size = len - 1 or 2` is shorter than
    // `size`, so it and its NUL fit; the scan reads at most `max(64, len)`
    // bytes or up to that NUL; the CN move stays inside the first `l`
    // bytes (`ptr::copy`: the ranges overlap); a public key is copied
    // only when it fits in `len`.
    unsafe {
        let name = core::ptr::addr_of_mut!((*buf).ns.name) as *mut u8;
        let nlen = core::ptr::addr_of_mut!((*buf).ns.len);
        let tbs = &c.tbs_certificate;
        match type_ {
            VALIDITY_FROM | VALIDITY_TO => {
                let t = to_time_t(if type_ == VALIDITY_FROM { &tbs.validity.not_before } else { &tbs.validity.not_after });
                (*buf).time = t;
                if t == -1 {
                    return -1;
                }
                0
            }
            COMMON_NAME | ISSUER_NAME => {
                // as upstream: room len - 2 for the subject, len - 1 for
                // the issuer (C int arithmetic)
                let cn = type_ == COMMON_NAME;
                let size = (len as c_int).wrapping_sub(if cn { 2 } else { 1 });
                let n = if cn { &tbs.subject } else { &tbs.issuer };
                if let Some(s) = oneline(n, size) {
                    core::ptr::copy_nonoverlapping(s.as_ptr(), name, s.len());
                    *name.add(s.len()) = 0;
                }
                // (size 0: OpenSSL left the buffer as it was)
                let mut l = c_str_len(name, 64.max(len));
                if cn {
                    let cur = core::slice::from_raw_parts(name, l).to_vec();
                    if let Some(i) = cur.windows(4).position(|w| w == b"/CN=") {
                        let rest = &cur[i + 4..];
                        core::ptr::copy(rest.as_ptr(), name, rest.len());
                        *name.add(rest.len()) = 0;
                        l = rest.len();
                    }
                }
                *nlen = l as c_int;
                0
            }
            USAGE => {
                (*buf).usage = key_usage(c);
                0
            }
            OPAQUE_PUBLIC_KEY => {
                let Ok(k) = tbs.subject_public_key_info.to_der() else { return -1 };
                if k.is_empty() || k.len() > len {
                    return -1;
                }
                *nlen = k.len() as c_int;
                core::ptr::copy_nonoverlapping(k.as_ptr(), name, k.len());
                0
            }
            _ => -1,
        }
    }
}

/// `X509_NAME_cmp` for the names of real certificates: equal encodings, or
/// equal after OpenSSL's canonical form (ASCII case and runs of spaces
/// ignored in string values).
fn names_match(a: &Name, b: &Name) -> bool {
    if a.to_der().ok() == b.to_der().ok() {
        return true;
    }
    fn canon(n: &Name) -> Vec<(String, Vec<u8>)> {
        n.0.iter()
            .flat_map(|r| r.0.iter())
            .map(|atv| {
                let v = atv.value.value();
                let s = String::from_utf8_lossy(v).to_ascii_lowercase();
                let s: Vec<&str> = s.split_ascii_whitespace().collect();
                (atv.oid.to_string(), s.join(" ").into_bytes())
            })
            .collect()
    }
    canon(a) == canon(b)
}

fn ext<'a>(c: &'a Certificate, oid: &str) -> Option<&'a [u8]> {
    let id = x509_cert::der::oid::ObjectIdentifier::new(oid).ok()?;
    c.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id == id).map(|e| e.extn_value.as_bytes())
}

/// The key type a signature algorithm needs: "ec", "rsa", "ed25519",
/// "ed448" or None (unknown: not compared).
fn sig_key_type(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.10045.4.1" | "1.2.840.10045.4.3.1" | "1.2.840.10045.4.3.2" | "1.2.840.10045.4.3.3" | "1.2.840.10045.4.3.4" => "ec",
        "1.2.840.113549.1.1.4" | "1.2.840.113549.1.1.5" | "1.2.840.113549.1.1.11" | "1.2.840.113549.1.1.12" | "1.2.840.113549.1.1.13"
        | "1.2.840.113549.1.1.14" | "1.2.840.113549.1.1.10" => "rsa",
        "1.3.101.112" => "ed25519",
        "1.3.101.113" => "ed448",
        _ => return None,
    })
}

fn key_type(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.10045.2.1" => "ec",
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => "rsa",
        "1.3.101.112" => "ed25519",
        "1.3.101.113" => "ed448",
        _ => return None,
    })
}

/// The contents of the DER element with tag `tag` at the start of `b`.
fn tlv(b: &[u8], tag: u8) -> Option<&[u8]> {
    if *b.first()? != tag {
        return None;
    }
    let l0 = *b.get(1)? as usize;
    let (len, off) = if l0 < 0x80 {
        (l0, 2)
    } else {
        let n = l0 & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *b.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    b.get(off..off.checked_add(len)?)
}

/// An AuthorityKeyIdentifier's keyIdentifier (`[0] IMPLICIT OCTET
/// STRING`, optional): None if malformed, Some(None) if absent.
fn akid_key_id(b: &[u8]) -> Option<Option<&[u8]>> {
    let body = tlv(b, 0x30)?;
    if body.first() != Some(&0x80) {
        return Some(None);
    }
    Some(Some(tlv(body, 0x80)?))
}

/// `X509_check_issued(issuer, subject) == X509_V_OK` as OpenSSL 3 decides
/// it: the issuer's subject is the subject's issuer, the subject's
/// authority key id (if any) names the issuer's subject key id (if any),
/// the subject's signature algorithm fits the issuer's key type, and the
/// issuer's key usage (if any) allows certificate signing.  As there, the
/// signature itself is not checked.
pub fn check_issued(issuer: &Certificate, subject: &Certificate) -> bool {
    if !names_match(&issuer.tbs_certificate.subject, &subject.tbs_certificate.issuer) {
        return false;
    }
    if let (Some(akid), Some(skid)) = (ext(subject, "2.5.29.35"), ext(issuer, "2.5.29.14")) {
        // read by hand: the crate's AuthorityKeyIdentifier decoder brings
        // every GeneralName form along (size)
        let (Some(a), Some(s)) = (akid_key_id(akid), tlv(skid, 0x04)) else { return false };
        if let Some(k) = a {
            if k != s {
                return false;
            }
        }
    }
    let sig = subject.signature_algorithm.oid.to_string();
    let key = issuer.tbs_certificate.subject_public_key_info.algorithm.oid.to_string();
    if let (Some(s), Some(k)) = (sig_key_type(&sig), key_type(&key)) {
        if s != k {
            return false;
        }
    }
    let ku = key_usage(issuer);
    if ku != u32::MAX && ku & 0x04 == 0 {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_identifiers() {
        assert_eq!(tlv(&[0x04, 2, 1, 2], 0x04), Some(&[1u8, 2][..]));
        assert_eq!(tlv(&[0x04, 3, 1, 2], 0x04), None);
        assert_eq!(tlv(&[0x04, 0x81, 2, 7, 8], 0x04), Some(&[7u8, 8][..]));
        assert_eq!(akid_key_id(&[0x30, 4, 0x80, 2, 9, 9]), Some(Some(&[9u8, 9][..])));
        assert_eq!(akid_key_id(&[0x30, 0]), Some(None));
        assert_eq!(akid_key_id(&[0x31, 0]), None);
    }

    #[test]
    fn oneline_of_a_name() {
        use core::str::FromStr;
        let n = Name::from_str("CN=x/y,O=a+OU=b,C=GB").unwrap();
        let full = oneline(&n, 100).unwrap();
        // RFC 4514 strings list the RDNs last first
        assert_eq!(String::from_utf8(full).unwrap(), "/C=GB/O=a+OU=b/CN=x\\/y");
        assert_eq!(String::from_utf8(oneline(&n, 15).unwrap()).unwrap(), "/C=GB/O=a+OU=b");
        assert_eq!(oneline(&n, 14).unwrap(), b"/C=GB/O=a");
        assert_eq!(oneline(&n, 0), None);
        assert_eq!(oneline(&n, -3).unwrap(), b"");
    }
}
