//! URL (form) encoding as lws does it.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes `src` for an output buffer of `len` bytes (NUL included).
/// Alphanumerics pass through, space becomes '+', anything else %XX.
/// An item is emitted only while more than 3 bytes of room remain, so the
/// result always fits with its NUL; nonpositive `len` gives "".
pub fn encode(src: &[u8], len: i32) -> Vec<u8> {
    let mut room = i64::from(len);
    let mut out = Vec::new();
    for &c in src {
        if room <= 3 {
            break;
        }
        if c == b' ' {
            out.push(b'+');
            room -= 1;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            room -= 1;
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            room -= 3;
        }
    }
    out
}

fn hexval(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Decodes `src`, producing at most `len` bytes (a negative `len` means no
/// limit).  '+' is a space; %XX is a byte; a truncated %X at the end is
/// dropped.  Returns the bytes and `false` if a %XX digit was not hex (the
/// bytes decoded before it are still returned: lws leaves them written).
pub fn decode(src: &[u8], len: i32) -> (Vec<u8>, bool) {
    let mut room = i64::from(len);
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() && room != 0 {
        let c = src[i];
        i += 1;
        let b = match c {
            b'%' => {
                let Some(&h) = src.get(i) else { break };
                let Some(hi) = hexval(h) else { return (out, false) };
                i += 1;
                let Some(&l) = src.get(i) else { break };
                let Some(lo) = hexval(l) else { return (out, false) };
                i += 1;
                (hi << 4) | lo
            }
            b'+' => b' ',
            c => c,
        };
        out.push(b);
        room -= 1;
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_room() {
        assert_eq!(encode(b"hello world", 10), b"hello+w");
        assert_eq!(encode(b"abc%", 7), b"abc%25");
        assert_eq!(encode(b"abc%", 6), b"abc");
        assert_eq!(encode(b"\xc3\x84\xc3\x96", 10), b"%C3%84%C3");
    }

    #[test]
    fn decode_cases() {
        assert_eq!(decode(b"a%20b", 2), (b"a ".to_vec(), true));
        assert_eq!(decode(b"%e2%82%ac", 1), (b"\xe2".to_vec(), true));
        assert_eq!(decode(b"%41%", 10), (b"A".to_vec(), true));
        assert_eq!(decode(b"%A", 10), (b"".to_vec(), true));
        assert_eq!(decode(b"x%zz", 10), (b"x".to_vec(), false));
        assert_eq!(decode(b"x%zz", 1), (b"x".to_vec(), true));
        assert_eq!(decode(b"%FF%fF", 64), (b"\xff\xff".to_vec(), true));
    }
}
