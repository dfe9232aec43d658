//! Incremental UTF-8 validation for WebSocket text messages and close
//! reasons.
//!
//! The state survives across pieces and frames of one message, and a
//! sequence is rejected at the first byte that makes it impossible to be
//! valid UTF-8 (overlong forms, UTF-16 surrogates, code points above
//! U+10FFFF, stray continuation bytes), which is what "fail fast" in the
//! Autobahn 6.x cases demands.

/// Validator state: how many continuation bytes are still owed and the
/// permitted range of the next one (the range is narrower than 0x80..=0xBF
/// only right after a lead byte E0, ED, F0 or F4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utf8Validator {
    need: u8,
    lo: u8,
    hi: u8,
}

impl Default for Utf8Validator {
    fn default() -> Self {
        Self::new()
    }
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

impl Utf8Validator {
    pub const fn new() -> Self {
        Utf8Validator {
            need: 0,
            lo: 0x80,
            hi: 0xbf,
        }
    }

    /// Forget any partial sequence (start of a new message).
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// True when the bytes fed so far end on a code point boundary.
    pub fn is_complete(&self) -> bool {
        self.need == 0
    }

    /// Feed more bytes.  `Err(i)` gives the index in `data` of the first
    /// byte that cannot be part of valid UTF-8; the validator is then left
    /// in an unspecified state (the message is dead anyway).
    pub fn feed(&mut self, data: &[u8]) -> Result<(), usize> {
        let mut i = 0;
        let n = data.len();
        while i < n {
            if self.need == 0 {
                // ASCII fast path, 8 bytes at a time.
                while i + 8 <= n {
                    let w = u64::from_ne_bytes(data[i..i + 8].try_into().unwrap());
                    if w & HIGH_BITS != 0 {
                        break;
                    }
                    i += 8;
                }
                while i < n && data[i] < 0x80 {
                    i += 1;
                }
                if i == n {
                    return Ok(());
                }
                let b = data[i];
                match b {
                    0xc2..=0xdf => {
                        self.need = 1;
                        self.lo = 0x80;
                        self.hi = 0xbf;
                    }
                    0xe0 => {
                        self.need = 2;
                        self.lo = 0xa0;
                        self.hi = 0xbf;
                    }
                    0xe1..=0xec | 0xee..=0xef => {
                        self.need = 2;
                        self.lo = 0x80;
                        self.hi = 0xbf;
                    }
                    0xed => {
                        self.need = 2;
                        self.lo = 0x80;
                        self.hi = 0x9f;
                    }
                    0xf0 => {
                        self.need = 3;
                        self.lo = 0x90;
                        self.hi = 0xbf;
                    }
                    0xf1..=0xf3 => {
                        self.need = 3;
                        self.lo = 0x80;
                        self.hi = 0xbf;
                    }
                    0xf4 => {
                        self.need = 3;
                        self.lo = 0x80;
                        self.hi = 0x8f;
                    }
                    // 0x80..=0xc1 (continuation / overlong 2-byte lead),
                    // 0xf5..=0xff (beyond U+10FFFF or never valid)
                    _ => return Err(i),
                }
                i += 1;
            } else {
                let b = data[i];
                if b < self.lo || b > self.hi {
                    return Err(i);
                }
                self.need -= 1;
                self.lo = 0x80;
                self.hi = 0xbf;
                i += 1;
            }
        }
        Ok(())
    }
}

/// Whole-buffer check: valid and complete UTF-8.
pub fn is_valid(data: &[u8]) -> bool {
    let mut v = Utf8Validator::new();
    v.feed(data).is_ok() && v.is_complete()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_against_std(data: &[u8]) {
        let std_ok = std::str::from_utf8(data).is_ok();
        assert_eq!(is_valid(data), std_ok, "{data:x?}");
        // Fed byte by byte, the first error must be where std's
        // valid_up_to() ends plus the offending byte, unless the input is
        // merely truncated.
        let mut v = Utf8Validator::new();
        let mut err = None;
        for (i, b) in data.iter().enumerate() {
            if v.feed(std::slice::from_ref(b)).is_err() {
                err = Some(i);
                break;
            }
        }
        match std::str::from_utf8(data) {
            Ok(_) => assert!(err.is_none() && v.is_complete()),
            Err(e) => match e.error_len() {
                // Invalid sequence: we fail within that sequence (fail-fast
                // may flag the byte after valid_up_to or a later one in the
                // same sequence).
                Some(l) => {
                    let at = err.expect("must fail");
                    assert!(at >= e.valid_up_to() && at < e.valid_up_to() + l.max(1) + 1);
                }
                None => assert!(err.is_none() && !v.is_complete()),
            },
        }
    }

    #[test]
    fn ascii_and_multibyte() {
        assert!(is_valid(b""));
        assert!(is_valid(b"hello world, this is plain ascii text"));
        assert!(is_valid("κόσμε".as_bytes()));
        assert!(is_valid("\u{10ffff}\u{ffff}\u{800}\u{80}\u{7f}".as_bytes()));
        assert!(is_valid("𝄞 music".as_bytes()));
    }

    #[test]
    fn fail_fast_positions() {
        // overlong 2-byte
        assert_eq!(Utf8Validator::new().feed(b"ab\xc0\xaf"), Err(2));
        // surrogate U+D800: ED A0 80 -> fails at A0
        assert_eq!(Utf8Validator::new().feed(b"\xed\xa0\x80"), Err(1));
        // > U+10FFFF: F4 90 -> fails at 90
        assert_eq!(Utf8Validator::new().feed(b"\xf4\x90\x80\x80"), Err(1));
        assert_eq!(Utf8Validator::new().feed(b"x\xf5"), Err(1));
        // overlong 3-byte E0 80 80
        assert_eq!(Utf8Validator::new().feed(b"\xe0\x80\x80"), Err(1));
        // overlong 4-byte F0 80
        assert_eq!(Utf8Validator::new().feed(b"\xf0\x8f\xbf\xbf"), Err(1));
        // stray continuation
        assert_eq!(Utf8Validator::new().feed(b"abcdefghij\x80"), Err(10));
        // Autobahn 6.4.x style: valid prefix then bad byte split in pieces
        let mut v = Utf8Validator::new();
        assert!(v.feed("κόσμε".as_bytes()).is_ok());
        assert!(v.feed(b"\xf4\x90").is_err());
    }

    #[test]
    fn incremental_across_pieces() {
        let s = "aé€𝄞z".as_bytes();
        for cut in 0..=s.len() {
            let mut v = Utf8Validator::new();
            v.feed(&s[..cut]).unwrap();
            v.feed(&s[cut..]).unwrap();
            assert!(v.is_complete());
        }
        let mut v = Utf8Validator::new();
        v.feed(b"ab\xce").unwrap();
        assert!(!v.is_complete());
        v.feed(b"\xba").unwrap();
        assert!(v.is_complete());
    }

    #[test]
    fn exhaustive_short_sequences_match_std() {
        // all 1- and 2-byte inputs, 3-byte inputs with interesting leads
        for a in 0..=255u8 {
            check_against_std(&[a]);
            for b in 0..=255u8 {
                check_against_std(&[a, b]);
            }
        }
        let leads = [
            0xe0u8, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5,
        ];
        for &a in &leads {
            for b in 0x70..=0xc5u8 {
                for c in [0x00u8, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0] {
                    check_against_std(&[a, b, c]);
                    check_against_std(&[a, b, c, 0x80]);
                    check_against_std(&[b'x', a, b, c, 0xbf]);
                }
            }
        }
    }

    #[test]
    fn pseudo_random_matches_std() {
        let mut x: u64 = 0x1234_5678_9abc_def0;
        for _ in 0..20000 {
            let mut buf = [0u8; 24];
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 24) as usize;
            for b in buf.iter_mut().take(len) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // bias toward interesting bytes
                *b = match x % 4 {
                    0 => (x >> 8) as u8 & 0x7f,
                    1 => 0x80 | ((x >> 8) as u8 & 0x3f),
                    _ => (x >> 8) as u8,
                };
            }
            check_against_std(&buf[..len]);
        }
    }
}
