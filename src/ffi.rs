//! Helpers shared by every `extern "C"` entry point.
//!
//! Rules for an entry point (see docs/architecture.md):
//! - the body runs inside [`ffi_guard!`], so a Rust panic never crosses into
//!   C: it is logged and turned into the function's documented failure value;
//! - NULL and out-of-range arguments from C get the documented failure value,
//!   never a crash;
//! - no Rust reference into library state is held across a call into C
//!   (callbacks re-enter the library);
//! - a function exported but not implemented yet uses [`not_implemented!`]:
//!   it logs an error at `LLL_ERR` naming itself and returns the failure
//!   value.  `tools/gen-compat.py` finds these markers to build
//!   docs/compat.md, so always write the symbol name as the first literal.
#![deny(clippy::undocumented_unsafe_blocks)]

/// Runs `$body`, converting a panic into `$fail` (after logging it).
///
/// The body runs with thread cancellation disabled (the caller's state is
/// restored on return).  A cancellation or `pthread_exit` in application
/// code called from the body (see [`crate::cancel`]) unwinds the body's
/// Rust frames with the payload `ForcedUnwind`; it is not an error: the
/// guard resumes glibc's unwind from the entry point's frame, which must
/// therefore be `extern "C-unwind"`.
///
/// Called by library code inside another guard (an export calling an
/// export directly), the guard leaves the cancellation state alone and
/// hands a forced unwind on to the outer guard as a Rust unwind: the
/// outermost guard is the boundary (see [`crate::cancel::in_library`]).
/// A Rust panic still becomes this guard's failure value.
///
/// `ffi_guard!(leaf, fail, { .. })` is for a body that only reads or writes
/// library memory (an accessor): no system call, no log line, no call into
/// application code.  It skips the cancellation-state switch, which
/// otherwise costs two `pthread_setcancelstate` calls per entry.
#[macro_export]
macro_rules! ffi_guard {
    (leaf, $fail:expr, $body:block) => {{
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(v) => v,
            Err(e) => {
                $crate::ffi::caught_unwind(e, $crate::cancel::in_library());
                $fail
            }
        }
    }};
    ($fail:expr, $body:block) => {{
        let entry = $crate::cancel::Entry::enter();
        let nested = entry.nested();
        let r = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body));
        drop(entry);
        match r {
            Ok(v) => v,
            Err(e) => {
                $crate::ffi::caught_unwind(e, nested);
                $fail
            }
        }
    }};
}

/// What `ffi_guard!` does with what its `catch_unwind` caught: a thread
/// cancellation (or `pthread_exit`) seen in application code goes on
/// unwinding through the entry point into C (this never returns), or,
/// when the guard is `nested` in another one, on through the Rust frames
/// up to that guard; a Rust panic is logged, and the entry point then
/// returns its failure value.
#[doc(hidden)]
pub fn caught_unwind(e: Box<dyn std::any::Any + Send>, nested: bool) {
    if crate::cancel::is_forced_unwind(&*e) {
        if nested {
            std::panic::resume_unwind(e);
        }
        drop(e);
        crate::cancel::continue_unwind();
    }
    drop(e);
    crate::log::log_str(crate::log::LLL_ERR, "libwebsockets: internal error (Rust panic) caught at the C API boundary\n");
}

/// Marks an exported function as not implemented yet: logs an error naming
/// the symbol and evaluates to the documented failure value.
#[macro_export]
macro_rules! not_implemented {
    ($sym:literal, $fail:expr) => {{
        $crate::log::log_str(
            $crate::log::LLL_ERR,
            concat!($sym, ": not implemented by this libwebsockets replacement (see docs/compat.md)\n"),
        );
        $fail
    }};
    ($sym:literal) => {
        $crate::not_implemented!($sym, ())
    };
}

/// Exports a variadic C function implemented in `csrc/`.
///
/// Stable Rust cannot define C variadic functions, and a Rust cdylib only
/// exports symbols Rust defines, so the exported symbol is a naked Rust
/// function that tail-jumps to the C implementation.  A jump leaves every
/// argument register (and `%al`, the vector-register count of the System V
/// variadic convention) untouched, so the C function sees the caller's
/// arguments exactly.
#[macro_export]
macro_rules! c_variadic_export {
    ($exported:ident => $cimpl:ident) => {
        unsafe extern "C" {
            fn $cimpl();
        }
        #[unsafe(naked)]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $exported() {
            #[cfg(target_arch = "x86_64")]
            core::arch::naked_asm!("jmp {}", sym $cimpl);
            #[cfg(target_arch = "aarch64")]
            core::arch::naked_asm!("b {}", sym $cimpl);
        }
    };
}

use core::ffi::{c_char, CStr};

/// Borrows a C string as bytes; `None` for NULL.
///
/// # Safety
/// `p` must be NULL or point to a NUL-terminated string valid for `'a`.
pub unsafe fn cstr_bytes<'a>(p: *const c_char) -> Option<&'a [u8]> {
    if p.is_null() {
        None
    } else {
        // SAFETY: not NULL, so a C string valid for `'a` (caller).
        Some(unsafe { CStr::from_ptr(p) }.to_bytes())
    }
}

/// Copies `src` into the C buffer `dst` of `len` bytes, always
/// NUL-terminating when `len > 0`.  Returns the number of bytes copied
/// (without the NUL).
///
/// # Safety
/// `dst` must be NULL or valid for `len` bytes of writes, and not overlap
/// `src`.
pub unsafe fn copy_to_c_buf(dst: *mut c_char, len: usize, src: &[u8]) -> usize {
    if dst.is_null() || len == 0 {
        return 0;
    }
    let n = src.len().min(len - 1);
    // SAFETY: `n + 1 <= len` bytes are written to `dst`, writable for
    // `len` and apart from `src` (caller); `n <= src.len()`.
    unsafe {
        core::ptr::copy_nonoverlapping(src.as_ptr(), dst as *mut u8, n);
        *dst.add(n) = 0;
    }
    n
}

/// Emits its items unchanged.  cbindgen does not expand macros, so an item
/// wrapped in `rust_only!` is invisible to the header generator: used for
/// the Rust view of a struct whose C view (with bitfields) is written under
/// `#[cfg(cbindgen)]`.  See docs/architecture.md.
#[macro_export]
macro_rules! rust_only {
    ($($item:item)*) => { $($item)* };
}

/// OpenSSL's handle types, which appear in a few signatures
/// (`lws_get_ssl`).  TLS here is rustls, so no value of these types ever
/// exists: they are only named.  build.rs maps them to OpenSSL's typedef
/// names in the headers.
pub struct SSL {
    _private: [u8; 0],
}
/// See [`SSL`].
pub struct SSL_CTX {
    _private: [u8; 0],
}
