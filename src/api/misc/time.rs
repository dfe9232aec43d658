//! `lws_now_secs`, `lws_now_usecs`.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Wall-clock seconds since the epoch.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_now_secs() -> c_ulong {
    // leaf: gettimeofday is no cancellation point and logs nothing
    ffi_guard!(leaf, 0, {
        let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
        // SAFETY: a local out struct.
        unsafe { libc::gettimeofday(&mut tv, core::ptr::null_mut()) };
        tv.tv_sec as c_ulong
    })
}

/// Monotonic time in microseconds.
pub fn now_usecs() -> i64 {
    // one time base for the whole library: the timers' monotonic clock
    crate::core::sul::now_us()
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_now_usecs() -> crate::api::base::lws_usec_t {
    // leaf: clock_gettime is no cancellation point and logs nothing
    ffi_guard!(leaf, 0, { now_usecs() })
}
