//! Backoff arithmetic of `lws_retry_get_delay_ms`.
#![deny(clippy::undocumented_unsafe_blocks)]

/// Jitter used when a policy says 0%.
pub const DEFAULT_JITTER_PERCENT: u32 = 30;

/// Computes the delay for retry number `*ctry` (then increments it,
/// saturating at 0xffff) and whether the failure is still concealed.
///
/// The delay is `table[min(ctry, len - 1)]` (0 with an empty table) plus a
/// random jitter in `[0, delay * jitter% / 100)`; `rnd` is the random input.
pub fn delay_ms(table: &[u32], conceal_count: u16, jitter_percent: u8, ctry: &mut u16, rnd: u32) -> (u32, bool) {
    let base = if table.is_empty() {
        0
    } else {
        table[(*ctry as usize).min(table.len() - 1)]
    };
    *ctry = ctry.saturating_add(1);
    let conceal = *ctry <= conceal_count;
    let pct = if jitter_percent == 0 { DEFAULT_JITTER_PERCENT } else { jitter_percent as u32 };
    let range = (base as u64 * pct as u64 / 100) as u32;
    let jitter = if range == 0 { 0 } else { rnd % range };
    (base.wrapping_add(jitter), conceal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_walk_and_conceal() {
        let t = [100, 200, 500];
        let mut ctry = 0;
        let mut seen = vec![];
        for _ in 0..7 {
            seen.push(delay_ms(&t, 5, 1, &mut ctry, 0));
        }
        assert_eq!(seen.iter().map(|x| x.0).collect::<Vec<_>>(), [100, 200, 500, 500, 500, 500, 500]);
        assert_eq!(seen.iter().map(|x| x.1).collect::<Vec<_>>(), [true, true, true, true, true, false, false]);
        assert_eq!(ctry, 7);
    }

    #[test]
    fn conceal_always_and_saturation() {
        let mut ctry = 65534;
        assert!(delay_ms(&[1], 0xffff, 1, &mut ctry, 0).1);
        assert_eq!(ctry, 0xffff);
        assert!(delay_ms(&[1], 0xffff, 1, &mut ctry, 0).1);
        assert_eq!(ctry, 0xffff);
        let mut ctry = 0xffff;
        assert!(!delay_ms(&[1], 1000, 1, &mut ctry, 0).1);
        let mut ctry = 0;
        assert!(!delay_ms(&[1], 0, 1, &mut ctry, 0).1);
    }

    #[test]
    fn jitter_bounds() {
        let mut c = 0;
        assert_eq!(delay_ms(&[1000], 9, 0, &mut c, 299).0, 1299);
        c = 0;
        assert_eq!(delay_ms(&[1000], 9, 0, &mut c, 300).0, 1000);
        c = 0;
        assert_eq!(delay_ms(&[100], 9, 20, &mut c, u32::MAX).0, 100 + u32::MAX % 20);
        c = 0;
        assert_eq!(delay_ms(&[3], 9, 0, &mut c, 12345).0, 3);
        c = 0;
        assert_eq!(delay_ms(&[], 9, 0, &mut c, 12345), (0, true));
    }
}
