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

/// The subject's commonName (the first one), as text.
pub fn subject_cn(der: &[u8]) -> Option<String> {
    let (_, _, subject) = tbs_fields(der)?;
    let mut rdns = subject;
    while !rdns.is_empty() {
        let (_, set, rest) = tlv(rdns)?;
        rdns = rest;
        let mut atvs = set;
        while !atvs.is_empty() {
            let (_, atv, rest) = tlv(atvs)?;
            atvs = rest;
            let (tag, oid, val) = tlv(atv)?;
            if tag == 0x06 && oid == [0x55, 0x04, 0x03] {
                let (_, v, _) = tlv(val)?;
                return Some(String::from_utf8_lossy(v).into_owned());
            }
        }
    }
    None
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
    fn fields_of_a_real_certificate() {
        let d = std::env::temp_dir().join(format!("lws-der-test-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let ok = std::process::Command::new("sh")
            .arg("-c")
            .arg("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem -out c.der -outform der -days 10 -subj /O=org/CN=der-test 2>/dev/null")
            .current_dir(&d)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("openssl CLI unavailable: skipped");
            return;
        }
        let der = std::fs::read(d.join("c.der")).unwrap();
        let _ = std::fs::remove_dir_all(&d);
        assert_eq!(subject_cn(&der).as_deref(), Some("der-test"));
        assert!(self_issued(&der));
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let left = not_after(&der).unwrap() - now;
        assert!((10 * 86400 - 60..=10 * 86400).contains(&left), "{}", left);
        assert_eq!(subject_cn(&der[..der.len() / 2]), None);
        assert!(!self_issued(b"\x30\x03\x02\x01\x00"));
    }

    #[test]
    fn times() {
        assert_eq!(time(0x17, b"700101000000Z"), Some(0));
        assert_eq!(time(0x17, b"260101000000Z"), Some(1767225600));
        assert_eq!(time(0x18, b"20491231235959Z"), Some(2524607999));
        assert_eq!(time(0x17, b"2601"), None);
        assert_eq!(time(0x17, b"270103191548Z"), Some(1799003748));
    }
}
