//! The OS random number generator.

/// Fills `buf` from the OS RNG (getrandom(2), /dev/urandom fallback).
/// Returns the number of bytes written.
pub fn fill(buf: &mut [u8]) -> usize {
    let mut done = 0;
    while done < buf.len() {
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
