//! Thread cancellation and `pthread_exit` through the library.
//!
//! A C application may end a thread that is inside libwebsockets with
//! `pthread_cancel` (driftnet stops its web display thread, blocked in
//! `lws_service`, that way) or by calling `pthread_exit` from a callback.
//! glibc implements both as a forced unwind, which must pass through our
//! entry points as it passes through C, while Rust code must never be
//! unwound by it (Rust's `catch_unwind` aborts on a foreign exception, and
//! calls through the `libc` crate are `nounwind`).  The mechanism (see
//! docs/architecture.md, "Entry points"):
//!
//! - [`Entry`] (created by `ffi_guard!`): library code runs with
//!   cancellation disabled; the application's state is restored on return.
//!   An export called by library code (inside another guard) leaves the
//!   state alone; the outermost guard is the boundary ([`in_library`]).
//! - [`call_out`]: every call into application code goes through the C
//!   shim `lws_shim_call_cancellable`, which restores the application's
//!   cancellation state for the call and registers a cancellation buffer
//!   (as `pthread_cleanup_push` does), so an unwind stops there by
//!   `longjmp`, before any Rust frame.  Rust then unwinds its own frames
//!   with the panic payload [`ForcedUnwind`] (drop guards restore state).
//! - [`epoll_wait_cancellable`]: the wait of the event loop, a
//!   cancellation point as upstream's `poll()` is.
//! - `ffi_guard!` recognises [`ForcedUnwind`] and, from the entry point's
//!   own frame, resumes glibc's unwind ([`continue_unwind`]).

#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_int, c_void};
use std::cell::Cell;

/// Panic payload meaning "the thread is being cancelled or exits".
pub struct ForcedUnwind;

unsafe extern "C" {
    fn lws_shim_call_cancellable(f: unsafe extern "C-unwind" fn(*mut c_void), arg: *mut c_void, state: c_int) -> c_int;
    fn lws_shim_epoll_wait_cancellable(
        epfd: c_int,
        ev: *mut libc::epoll_event,
        max: c_int,
        timeout_ms: c_int,
        state: c_int,
    ) -> c_int;
}
unsafe extern "C-unwind" {
    fn lws_shim_continue_unwind() -> !;
}
unsafe extern "C" {
    fn pthread_setcancelstate(state: c_int, oldstate: *mut c_int) -> c_int;
}
const PTHREAD_CANCEL_ENABLE: c_int = 0;
const PTHREAD_CANCEL_DISABLE: c_int = 1;

thread_local! {
    /// The application's cancellation state at the innermost entry point
    /// of this thread (restored around calls into application code).
    static APP_STATE: Cell<c_int> = const { Cell::new(PTHREAD_CANCEL_ENABLE) };
    /// Whether this thread runs library code (between an [`Entry`] and its
    /// drop, outside [`call_out`]'s call into the application).
    static IN_LIBRARY: Cell<bool> = const { Cell::new(false) };
}

/// Whether an entry point is being called from library code (an export
/// calling another export directly) rather than from C.  The outermost
/// guard is then the boundary: a nested [`Entry`] leaves the cancellation
/// state alone (else it would record the library's "disabled" as the
/// application's, and callbacks and the wait under it would run
/// uncancellable), and a nested guard hands a [`ForcedUnwind`] on to the
/// outer one as a Rust unwind (resuming glibc's unwind from the inner
/// export's frame would meet the outer one's `catch_unwind`, which aborts).
#[inline]
pub fn in_library() -> bool {
    IN_LIBRARY.get()
}

/// One entry point's stay in the library: cancellation is disabled until
/// it is dropped.
pub struct Entry {
    prev_app: c_int,
    prev_in_library: bool,
    nested: bool,
}

impl Entry {
    /// Disables cancellation, remembering the application's state; does
    /// nothing when already inside the library (see [`in_library`]).
    #[inline]
    pub fn enter() -> Entry {
        if IN_LIBRARY.get() {
            return Entry { prev_app: 0, prev_in_library: true, nested: true };
        }
        let mut old: c_int = 0;
        // SAFETY: plain libc call with a valid out pointer.
        unsafe { pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &mut old) };
        Entry { prev_app: APP_STATE.replace(old), prev_in_library: IN_LIBRARY.replace(true), nested: false }
    }

    /// Whether this entry is inside another one (see [`in_library`]).
    #[inline]
    pub fn nested(&self) -> bool {
        self.nested
    }
}

impl Drop for Entry {
    #[inline]
    fn drop(&mut self) {
        if self.nested {
            return;
        }
        IN_LIBRARY.set(self.prev_in_library);
        let app = APP_STATE.replace(self.prev_app);
        let mut old: c_int = 0;
        // SAFETY: plain libc call with a valid out pointer.
        unsafe { pthread_setcancelstate(app, &mut old) };
    }
}

/// Whether a caught panic payload is a cancellation / `pthread_exit`.
pub fn is_forced_unwind(p: &(dyn std::any::Any + Send)) -> bool {
    p.is::<ForcedUnwind>()
}

/// Resumes glibc's forced unwind stopped by [`call_out`] or
/// [`epoll_wait_cancellable`].  Call it only from an `extern "C-unwind"` entry
/// point's own frame, outside any `catch_unwind`, with no Rust value that
/// needs dropping alive.
#[inline(never)]
pub fn continue_unwind() -> ! {
    // SAFETY: the thread is being cancelled / exits (a shim saw glibc's
    // unwind); the frames above are C or `extern "C-unwind"` entry points.
    unsafe { lws_shim_continue_unwind() }
}

unsafe extern "C-unwind" fn trampoline<F: FnMut()>(p: *mut c_void) {
    // SAFETY: `p` is the `&mut F` passed by `call_out`.
    unsafe { (*(p as *mut F))() }
}

/// Runs `f`, a call into application code, with the application's
/// cancellation state.  If the thread is cancelled or calls `pthread_exit`
/// inside, unwinds the Rust frames with [`ForcedUnwind`] (never returns).
///
/// `f` must call the C function through an `extern "C-unwind"` pointer
/// (see [`CUnwind`]).  No Rust panic may leave `f`: it would unwind
/// through the shim's frame and leave glibc's list of cancellation buffers
/// pointing at it, so every Rust function that C can call (entry points,
/// our own callbacks stored as C function pointers) runs its body in
/// `ffi_guard!`; a panic that gets here anyway aborts.
#[inline]
pub fn call_out<R>(f: impl FnOnce() -> R) -> R {
    let mut f = Some(f);
    let mut r: Option<R> = None;
    let mut g = || {
        if let Some(f) = f.take() {
            r = Some(f());
        }
    };
    let state = APP_STATE.get();
    let no_panic = NoPanicThrough;
    // the application may call entry points: they are the boundary again
    let in_library = IN_LIBRARY.replace(false);
    // SAFETY: the trampoline gets a pointer to `g`, alive for the call.
    let unwound = unsafe { lws_shim_call_cancellable(trampoline_for(&g), &raw mut g as *mut c_void, state) };
    IN_LIBRARY.set(in_library);
    core::mem::forget(no_panic);
    if unwound != 0 {
        std::panic::resume_unwind(Box::new(ForcedUnwind));
    }
    match r {
        Some(v) => v,
        None => unreachable!(),
    }
}

/// Dropped only if a Rust panic came out of the application call.
struct NoPanicThrough;

impl Drop for NoPanicThrough {
    fn drop(&mut self) {
        crate::log::log_str(crate::log::LLL_ERR, "libwebsockets: Rust panic through a callback frame\n");
        std::process::abort();
    }
}

fn trampoline_for<F: FnMut()>(_: &F) -> unsafe extern "C-unwind" fn(*mut c_void) {
    trampoline::<F>
}

/// `epoll_wait` on the event loop's epoll fd, as a cancellation point.
/// Unwinds with [`ForcedUnwind`] if the thread is cancelled meanwhile.
/// On success the first `n` entries of `buf` are initialised.
pub fn epoll_wait_cancellable(
    epfd: c_int,
    buf: &mut [core::mem::MaybeUninit<libc::epoll_event>],
    timeout_ms: c_int,
) -> std::io::Result<usize> {
    let state = APP_STATE.get();
    let max = buf.len().min(c_int::MAX as usize) as c_int;
    // SAFETY: `buf` is valid for `max` events.
    let r = unsafe { lws_shim_epoll_wait_cancellable(epfd, buf.as_mut_ptr() as *mut libc::epoll_event, max, timeout_ms, state) };
    match r {
        -2 => std::panic::resume_unwind(Box::new(ForcedUnwind)),
        r if r < 0 => Err(std::io::Error::last_os_error()),
        r => Ok(r as usize),
    }
}

/// Views a C function pointer as `extern "C-unwind"`, so that a call made
/// through it inside [`call_out`] may be unwound by glibc.
pub trait CUnwind {
    /// The same pointer with the `"C-unwind"` ABI.
    type U;
    /// Converts.
    fn unwind(self) -> Self::U;
}

macro_rules! impl_c_unwind {
    ($($a:ident),*) => {
        impl<R, $($a),*> CUnwind for unsafe extern "C" fn($($a),*) -> R {
            type U = unsafe extern "C-unwind" fn($($a),*) -> R;
            #[inline(always)]
            fn unwind(self) -> Self::U {
                // SAFETY: same signature; "C-unwind" only allows unwinding.
                unsafe { core::mem::transmute::<Self, Self::U>(self) }
            }
        }
    };
}
impl_c_unwind!();
impl_c_unwind!(A);
impl_c_unwind!(A, B);
impl_c_unwind!(A, B, C);
impl_c_unwind!(A, B, C, D);
impl_c_unwind!(A, B, C, D, E);
impl_c_unwind!(A, B, C, D, E, F);
impl_c_unwind!(A, B, C, D, E, F, G);

#[cfg(test)]
// the tests' unsafe blocks are libc calls on the test's own locals and
// threads
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;
    use crate::abi::dll2::{lws_dll2, lws_dll2_owner};
    use crate::api::dll2::{lws_dll2_add_tail, lws_dll2_foreach_safe};

    unsafe extern "C-unwind" {
        fn pthread_exit(v: *mut c_void) -> !;
    }

    fn cancel_state() -> c_int {
        let mut old = 0;
        let mut was_enable = 0;
        // (writing the second call's answer into `old` too would always
        // answer ENABLE, the state the first call set)
        unsafe {
            pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &mut old);
            pthread_setcancelstate(old, &mut was_enable);
        }
        old
    }

    #[test]
    fn own_panic_is_caught_and_state_restored() {
        assert_eq!(cancel_state(), PTHREAD_CANCEL_ENABLE);
        let r: c_int = crate::ffi_guard!(7, {
            assert_eq!(cancel_state(), PTHREAD_CANCEL_DISABLE);
            if cancel_state() == PTHREAD_CANCEL_DISABLE {
                panic!("deliberate");
            }
            0
        });
        assert_eq!(r, 7);
        assert_eq!(cancel_state(), PTHREAD_CANCEL_ENABLE);
    }

    unsafe extern "C-unwind" fn exit_cb(_d: *mut lws_dll2, user: *mut c_void) -> c_int {
        // runs with the application's state, not the library's
        unsafe { *(user as *mut c_int) = cancel_state() };
        unsafe { pthread_exit(0x77 as *mut c_void) }
    }

    unsafe extern "C-unwind" fn thread_main(arg: *mut c_void) -> *mut c_void {
        let mut o: lws_dll2_owner = unsafe { core::mem::zeroed() };
        let mut d: lws_dll2 = unsafe { core::mem::zeroed() };
        unsafe {
            lws_dll2_add_tail(&mut d, &mut o);
            let cb: unsafe extern "C" fn(*mut lws_dll2, *mut c_void) -> c_int = core::mem::transmute(
                exit_cb as unsafe extern "C-unwind" fn(*mut lws_dll2, *mut c_void) -> c_int,
            );
            lws_dll2_foreach_safe(&mut o, arg, Some(cb));
        }
        core::ptr::null_mut()
    }

    #[test]
    fn nested_panic_is_caught_by_the_inner_guard() {
        let r: c_int = crate::ffi_guard!(7, {
            let inner: c_int = crate::ffi_guard!(5, {
                assert_eq!(cancel_state(), PTHREAD_CANCEL_DISABLE);
                if cancel_state() == PTHREAD_CANCEL_DISABLE {
                    panic!("deliberate");
                }
                0
            });
            // the inner guard left the library's state alone
            assert_eq!(cancel_state(), PTHREAD_CANCEL_DISABLE);
            inner + 1
        });
        assert_eq!(r, 6);
        assert_eq!(cancel_state(), PTHREAD_CANCEL_ENABLE);
        assert!(!in_library());
    }

    unsafe extern "C-unwind" fn nested_thread_main(arg: *mut c_void) -> *mut c_void {
        // an export whose body calls another export directly
        crate::ffi_guard!(core::ptr::null_mut(), { unsafe { thread_main(arg) } })
    }

    #[test]
    fn pthread_exit_in_a_callback_passes_through_nested_entry_points() {
        let mut t: libc::pthread_t = 0;
        let mut state_in_cb: c_int = -1;
        let start: extern "C" fn(*mut c_void) -> *mut c_void =
            unsafe { core::mem::transmute(nested_thread_main as unsafe extern "C-unwind" fn(*mut c_void) -> *mut c_void) };
        let arg = &raw mut state_in_cb as *mut c_void;
        assert_eq!(unsafe { libc::pthread_create(&mut t, core::ptr::null(), start, arg) }, 0);
        let mut ret: *mut c_void = core::ptr::null_mut();
        assert_eq!(unsafe { libc::pthread_join(t, &mut ret) }, 0);
        assert_eq!(ret as usize, 0x77);
        assert_eq!(state_in_cb, PTHREAD_CANCEL_ENABLE);
    }

    #[test]
    fn pthread_exit_in_a_callback_passes_through_an_entry_point() {
        let mut t: libc::pthread_t = 0;
        let mut state_in_cb: c_int = -1;
        let start: extern "C" fn(*mut c_void) -> *mut c_void =
            unsafe { core::mem::transmute(thread_main as unsafe extern "C-unwind" fn(*mut c_void) -> *mut c_void) };
        let arg = &raw mut state_in_cb as *mut c_void;
        assert_eq!(unsafe { libc::pthread_create(&mut t, core::ptr::null(), start, arg) }, 0);
        let mut ret: *mut c_void = core::ptr::null_mut();
        assert_eq!(unsafe { libc::pthread_join(t, &mut ret) }, 0);
        assert_eq!(ret as usize, 0x77);
        assert_eq!(state_in_cb, PTHREAD_CANCEL_ENABLE);
    }
}
