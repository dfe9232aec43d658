//! The few X.509 fields the log lines need, read straight from the DER
//! (issuer == subject for "self-signed", notAfter for the expiry notice).

/// The tag and content of the DER TLV at the start of `b`, and what
/// follows it.
pub fn tlv(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, r) = b.split_first()?;
    let (&l0, r) = r.split_first()?;
    let (len, r) = if l0 < 0x80 {
        (l0 as usize, r)
    } else {
        let n = (l0 & 0x7f) as usize;
        if n == 0 || n > 4 || r.len() < n {
            return None;
        }
        (r[..n].iter().fold(0usize, |a, &x| (a << 8) | x as usize), &r[n..])
    };
    if r.len() < len {
        return None;
    }
    Some((tag, &r[..len], &r[len..]))
}

/// (issuer, validity, subject) of a certificate's tbsCertificate.
fn tbs_fields(der: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (_, cert, _) = tlv(der)?;
    let (_, tbs, _) = tlv(cert)?;
    let mut r = tbs;
    if r.first() == Some(&0xa0) {
        r = tlv(r)?.2; // version
    }
    let r = tlv(r)?.2; // serial
    let r = tlv(r)?.2; // signature algorithm
    let (_, issuer, r) = tlv(r)?;
    let (_, validity, r) = tlv(r)?;
    let (_, subject, _) = tlv(r)?;
    Some((issuer, validity, subject))
}

/// Whether a certificate names itself as its issuer.
pub fn self_issued(der: &[u8]) -> bool {
    tbs_fields(der).is_some_and(|(i, _, s)| i == s)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// A UTCTime (tag 0x17) or GeneralizedTime (0x18) as Unix seconds.
fn time(tag: u8, v: &[u8]) -> Option<i64> {
    let digits = |s: &[u8]| -> Option<i64> {
        s.iter().try_fold(0i64, |a, &c| c.is_ascii_digit().then(|| a * 10 + (c - b'0') as i64))
    };
    let (y, rest) = match tag {
        0x17 if v.len() >= 12 => {
            let y = digits(&v[..2])?;
            (if y < 50 { 2000 + y } else { 1900 + y }, &v[2..])
        }
        0x18 if v.len() >= 14 => (digits(&v[..4])?, &v[4..]),
        _ => return None,
    };
    let f = |i: usize| digits(&rest[i..i + 2]);
    let days = days_from_civil(y, f(0)?, f(2)?);
    Some(days * 86400 + f(4)? * 3600 + f(6)? * 60 + f(8)?)
}

/// The notAfter of a certificate, as Unix seconds.
pub fn not_after(der: &[u8]) -> Option<i64> {
    let (_, validity, _) = tbs_fields(der)?;
    let (_, _, r) = tlv(validity)?; // notBefore
    let (tag, v, _) = tlv(r)?;
    time(tag, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(time(0x17, b"700101000000Z"), Some(0));
        assert_eq!(time(0x17, b"260101000000Z"), Some(1767225600));
        assert_eq!(time(0x18, b"20491231235959Z"), Some(2524607999));
        assert_eq!(time(0x17, b"2601"), None);
        assert_eq!(time(0x17, b"270103191548Z"), Some(1799003748));
    }
}
