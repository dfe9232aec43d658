//! The OS random number generator.
#![deny(clippy::undocumented_unsafe_blocks)]

/// Fills `buf` from the OS RNG (getrandom(2), /dev/urandom fallback).
/// Returns the number of bytes written.
pub fn fill(buf: &mut [u8]) -> usize {
    let mut done = 0;
    while done < buf.len() {
        // SAFETY: the pointer and length describe `buf[done..]`, writable.
        let r = unsafe { libc::getrandom(buf[done..].as_mut_ptr().cast(), buf.len() - done, 0) };
        if r > 0 {
            done += r as usize;
        } else if r < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        } else {
            break;
        }
    }
    if done < buf.len() {
        use std::io::Read;
        if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
            if f.read_exact(&mut buf[done..]).is_ok() {
                done = buf.len();
            }
        }
    }
    done
}

/// Bytes of OS randomness fetched at once for frame mask keys.
const POOL: usize = 512;

std::thread_local! {
    /// OS random bytes not yet handed out, and how many are used.
    static MASKS: core::cell::RefCell<([u8; POOL], usize)> =
        const { core::cell::RefCell::new(([0; POOL], POOL)) };
}

/// Four bytes from the OS RNG for a client frame's masking key (RFC 6455
/// 5.3: unpredictable, from a strong source).  The OS is asked for a pool at
/// a time, not once per frame: a client echoing small messages otherwise
/// spends a third of its system calls on getrandom.  Every byte handed out
/// is fresh OS randomness, used once.
pub fn mask_key() -> [u8; 4] {
    MASKS
        .try_with(|m| {
            let mut m = m.borrow_mut();
            let (pool, used) = &mut *m;
            if *used + 4 > POOL {
                if fill(&mut pool[..]) != POOL {
                    return None;
                }
                *used = 0;
            }
            let k = [pool[*used], pool[*used + 1], pool[*used + 2], pool[*used + 3]];
            // not kept once handed out
            pool[*used..*used + 4].fill(0);
            *used += 4;
            Some(k)
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            let mut k = [0u8; 4];
            fill(&mut k);
            k
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keys_come_from_the_pool_and_differ() {
        let keys: Vec<[u8; 4]> = (0..POOL).map(|_| mask_key()).collect();
        // 512 keys of 32 random bits: a repeat is vanishingly unlikely
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert!(sorted.len() > POOL - 2);
        assert!(keys.iter().any(|k| *k != [0; 4]));
    }
}
