//! `LWS_SERVER_OPTION_GLIB` with a foreign `GMainLoop` (`foreign_loops[0]`):
//! the context is serviced by the program's glib loop instead of
//! `lws_service`.
//!
//! Debian's build does this with its glib event-library plugin (one GSource
//! per socket plus idle and timer sources).  Ours needs one source: every
//! socket of the context, and the cancel waker, are already registered on
//! the context's epoll instance, whose own descriptor is readable whenever
//! any of them has an event.  So a single custom GSource polls the epoll
//! descriptor, asks for a timeout up to the next lws timer, and dispatches
//! one non-blocking service pass (`lws_service(ctx, -1)`): the same pass a
//! program calling `lws_service` runs, on the loop's thread.
//!
//! glib is not linked: a program that hands us a `GMainLoop` has glib
//! loaded already, so its symbols are looked up in the process
//! (`dlopen(.., RTLD_NOLOAD)`).
//!
//! Threads: Ardour runs the loop on one thread and destroys the context
//! from another.  The source's state lives in a [`Link`] owned by the
//! GSource (freed by glib's finalize), with a mutex held across prepare,
//! check and dispatch; `lws_context_destroy` from another thread takes it,
//! so it waits for a pass in progress to end, and detaches the context
//! before freeing it.  From the loop's own thread (a callback of the pass)
//! the lock is already ours and is not taken again.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_uint, c_void};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::core::lws_context;

type GSource = c_void;
type GBool = c_int;

/// `GSourceFuncs` (glib/gmain.h).
#[repr(C)]
struct GSourceFuncs {
    prepare: Option<unsafe extern "C-unwind" fn(*mut GSource, *mut c_int) -> GBool>,
    check: Option<unsafe extern "C-unwind" fn(*mut GSource) -> GBool>,
    dispatch: Option<unsafe extern "C-unwind" fn(*mut GSource, *mut c_void, *mut c_void) -> GBool>,
    finalize: Option<unsafe extern "C-unwind" fn(*mut GSource)>,
    closure_callback: Option<unsafe extern "C" fn()>,
    closure_marshal: Option<unsafe extern "C" fn()>,
}

/// Size of glib's public `struct _GSource` on LP64 (13 pointer-sized
/// slots: callback data and funcs, source funcs, ref count, context,
/// priority, flags, id, poll fds, prev, next, name, priv).
const GSOURCE_SIZE: usize = 96;

/// Our GSource: glib's header, then a pointer to our state.
#[repr(C)]
struct LwsSource {
    base: [u64; GSOURCE_SIZE / 8],
    link: *mut Link,
}

/// State shared by the loop's thread and whoever destroys the context.
struct Link {
    /// Held for the whole of prepare, check and dispatch.
    lock: Mutex<()>,
    /// The context, NULL once it is being destroyed.
    ctx: AtomicPtr<lws_context>,
    /// The thread inside dispatch (0: none).
    dispatching: AtomicUsize,
    /// `g_source_add_unix_fd`'s tag for the epoll descriptor.
    tag: AtomicPtr<c_void>,
}

const G_IO_IN: c_uint = 1;
const G_IO_ERR: c_uint = 8;
const G_IO_HUP: c_uint = 16;

type LoopGetContextFn = unsafe extern "C" fn(*mut c_void) -> *mut c_void;
type SourceNewFn = unsafe extern "C" fn(*const GSourceFuncs, c_uint) -> *mut GSource;
type AddUnixFdFn = unsafe extern "C" fn(*mut GSource, c_int, c_uint) -> *mut c_void;
type QueryUnixFdFn = unsafe extern "C" fn(*mut GSource, *mut c_void) -> c_uint;
type AttachFn = unsafe extern "C" fn(*mut GSource, *mut c_void) -> c_uint;
type SourceFn = unsafe extern "C" fn(*mut GSource);

/// The glib functions used, resolved once.
struct Glib {
    loop_get_context: LoopGetContextFn,
    source_new: SourceNewFn,
    add_unix_fd: AddUnixFdFn,
    query_unix_fd: QueryUnixFdFn,
    attach: AttachFn,
    destroy: SourceFn,
    unref: SourceFn,
}

static GLIB: OnceLock<Option<Glib>> = OnceLock::new();

fn glib() -> Option<&'static Glib> {
    GLIB.get_or_init(|| {
        // SAFETY: dlopen / dlsym with NUL-terminated names; each symbol
        // is transmuted to the prototype glib's headers give it.
        unsafe {
            let h = libc::dlopen(c"libglib-2.0.so.0".as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD);
            if h.is_null() {
                return None;
            }
            let sym = |name: &core::ffi::CStr| -> Option<*mut c_void> {
                let p = libc::dlsym(h, name.as_ptr() as *const c_char);
                (!p.is_null()).then_some(p)
            };
            Some(Glib {
                loop_get_context: core::mem::transmute::<*mut c_void, LoopGetContextFn>(sym(c"g_main_loop_get_context")?),
                source_new: core::mem::transmute::<*mut c_void, SourceNewFn>(sym(c"g_source_new")?),
                add_unix_fd: core::mem::transmute::<*mut c_void, AddUnixFdFn>(sym(c"g_source_add_unix_fd")?),
                query_unix_fd: core::mem::transmute::<*mut c_void, QueryUnixFdFn>(sym(c"g_source_query_unix_fd")?),
                attach: core::mem::transmute::<*mut c_void, AttachFn>(sym(c"g_source_attach")?),
                destroy: core::mem::transmute::<*mut c_void, SourceFn>(sym(c"g_source_destroy")?),
                unref: core::mem::transmute::<*mut c_void, SourceFn>(sym(c"g_source_unref")?),
            })
        }
    })
    .as_ref()
}

static FUNCS: GSourceFuncs = GSourceFuncs {
    prepare: Some(prepare),
    check: Some(check),
    dispatch: Some(dispatch),
    finalize: Some(finalize),
    closure_callback: None,
    closure_marshal: None,
};

fn this_thread() -> usize {
    // SAFETY: plain libc call.
    unsafe { libc::pthread_self() as usize }
}

/// The link of one of our sources.
///
/// # Safety
/// `src` was made by [`attach`] and not finalized.
unsafe fn link<'a>(src: *mut GSource) -> &'a Link {
    // SAFETY: `attach` allocated `src` as an `LwsSource` and set `link`
    // to a Box that only `finalize` frees (caller: not finalized yet).
    unsafe { &*(*(src as *mut LwsSource)).link }
}

/// Whether a pass has work without waiting: the first pass (protocols
/// start), a cancel, input held for a connection, a writeable request
/// from another thread, or a timer that is due.  Else the delay in ms to
/// the next timer (-1: none).
///
/// # Safety
/// `ctx` valid, on the loop's thread.
unsafe fn ready_or_timeout(ctx: *mut lws_context) -> (bool, c_int) {
    // SAFETY: `ctx` is valid and this is its loop's thread (caller), so
    // its non-`Sync` state is not touched concurrently; its timer owners
    // hold only live suls.
    unsafe {
        if !(*ctx).system_started.get() || crate::core::service::work_pending(ctx) {
            return (true, 0);
        }
        let own = (*ctx).sul_owners();
        match crate::core::sul::earliest(own, crate::core::sul::LWS_COUNT_PT_SUL_OWNERS) {
            None => (false, -1),
            Some(at) => {
                let d = at - crate::core::sul::now_us();
                if d <= 0 {
                    (true, 0)
                } else {
                    let d = d.min(crate::core::service::MAX_WAIT_US);
                    (false, ((d + 999) / 1000) as c_int)
                }
            }
        }
    }
}

/// The link of one of our sources, locked, and its context (NULL once
/// the context is being destroyed).
///
/// # Safety
/// As [`link`].
unsafe fn locked<'a>(src: *mut GSource) -> (&'a Link, std::sync::MutexGuard<'a, ()>, *mut lws_context) {
    // SAFETY: the caller's contract.
    let l = unsafe { link(src) };
    let g = l.lock.lock().unwrap_or_else(|e| e.into_inner());
    let ctx = l.ctx.load(Ordering::Acquire);
    (l, g, ctx)
}

/// `GSourceFuncs.prepare`.
///
/// # Safety
/// Called by glib only: `src` one of our sources (made by [`attach`]),
/// `timeout` a valid out pointer.
unsafe extern "C-unwind" fn prepare(src: *mut GSource, timeout: *mut c_int) -> GBool {
    crate::ffi_guard!(0, {
        // SAFETY: glib calls this only for our live sources.
        let (_l, _g, ctx) = unsafe { locked(src) };
        // SAFETY: a non-NULL `ctx` under the lock is alive: destroy clears
        // it under the lock before freeing the context; glib prepares on
        // the loop's thread.
        let (ready, ms) = if ctx.is_null() { (false, -1) } else { unsafe { ready_or_timeout(ctx) } };
        if !timeout.is_null() {
            // SAFETY: glib passes a valid out pointer.
            unsafe { *timeout = ms };
        }
        ready as GBool
    })
}

/// `GSourceFuncs.check`.
///
/// # Safety
/// Called by glib only: `src` one of our sources (made by [`attach`]).
unsafe extern "C-unwind" fn check(src: *mut GSource) -> GBool {
    crate::ffi_guard!(0, {
        // SAFETY: glib calls this only for our live sources.
        let (l, _g, ctx) = unsafe { locked(src) };
        if ctx.is_null() {
            return 0;
        }
        let Some(g) = glib() else { return 0 };
        // SAFETY: the tag was returned by g_source_add_unix_fd on `src`.
        let revents = unsafe { (g.query_unix_fd)(src, l.tag.load(Ordering::Acquire)) };
        // SAFETY: as in `prepare`: `ctx` is non-NULL under the lock.
        (revents != 0 || unsafe { ready_or_timeout(ctx) }.0) as GBool
    })
}

/// `GSourceFuncs.dispatch`.
///
/// # Safety
/// Called by glib only: `src` one of our sources (made by [`attach`]).
unsafe extern "C-unwind" fn dispatch(src: *mut GSource, _cb: *mut c_void, _data: *mut c_void) -> GBool {
    crate::ffi_guard!(0, {
        // SAFETY: glib calls this only for our live sources.
        let (l, _g, ctx) = unsafe { locked(src) };
        if ctx.is_null() {
            return 0;
        }
        struct Dispatching<'a>(&'a Link);
        impl Drop for Dispatching<'_> {
            fn drop(&mut self) {
                self.0.dispatching.store(0, Ordering::Release);
            }
        }
        l.dispatching.store(this_thread(), Ordering::Release);
        let d = Dispatching(l);
        // SAFETY: the context is live while the lock is held and its
        // pointer is set (destroy clears it under the lock first).
        unsafe { crate::core::service::service(ctx, -1) };
        drop(d);
        // a callback of the pass destroyed the context: remove the source
        (!l.ctx.load(Ordering::Acquire).is_null()) as GBool
    })
}

/// `GSourceFuncs.finalize`.
///
/// # Safety
/// Called by glib only: `src` one of our sources, its last reference gone.
unsafe extern "C-unwind" fn finalize(src: *mut GSource) {
    crate::ffi_guard!((), {
        // SAFETY: the last reference is gone: nothing else uses the link.
        unsafe {
            let s = src as *mut LwsSource;
            let l = core::mem::replace(&mut (*s).link, core::ptr::null_mut());
            if !l.is_null() {
                drop(Box::from_raw(l));
            }
        }
    })
}

/// Attaches `ctx` to the foreign `GMainLoop` `main_loop`.  Returns the
/// GSource (kept by the context for [`detach`]), or NULL (logged).
///
/// # Safety
/// `ctx` valid and fully created; `main_loop` a `GMainLoop *`.
pub unsafe fn attach(ctx: *mut lws_context, main_loop: *mut c_void) -> *mut c_void {
    let Some(g) = glib() else {
        lwsl_err!(
            "lws_create_context: LWS_SERVER_OPTION_GLIB with a foreign loop, but glib (libglib-2.0.so.0) is not \
             loaded in this process: refusing to create the context\n"
        );
        return core::ptr::null_mut();
    };
    // SAFETY: `main_loop` is a `GMainLoop *` and `ctx` valid (caller);
    // the glib functions are called with the prototypes of glib's
    // headers; `src` is g_source_new's block of `size_of::<LwsSource>()`
    // bytes, so its `link` field is ours to set; the Link is leaked to
    // the source and freed by `finalize`.  The `poll` borrow is
    // momentary.
    unsafe {
        let gctx = (g.loop_get_context)(main_loop);
        let src = (g.source_new)(&FUNCS, core::mem::size_of::<LwsSource>() as c_uint);
        if src.is_null() {
            lwsl_err!("lws_create_context: g_source_new failed\n");
            return core::ptr::null_mut();
        }
        let l = Box::into_raw(Box::new(Link {
            lock: Mutex::new(()),
            ctx: AtomicPtr::new(ctx),
            dispatching: AtomicUsize::new(0),
            tag: AtomicPtr::new(core::ptr::null_mut()),
        }));
        (*(src as *mut LwsSource)).link = l;
        let epfd = {
            use std::os::fd::AsRawFd;
            (*ctx).poll.borrow().as_raw_fd()
        };
        let tag = (g.add_unix_fd)(src, epfd, G_IO_IN | G_IO_HUP | G_IO_ERR);
        (*l).tag.store(tag, Ordering::Release);
        (g.attach)(src, gctx);
        lwsl_info!("lws_create_context: event loop: the program's GMainLoop {:p} (glib)\n", main_loop);
        src
    }
}

/// Detaches the context from its loop before it is freed: waits for a
/// prepare, check or dispatch in progress on another thread, then removes
/// the source.
///
/// # Safety
/// `src` returned by [`attach`], detached once.
pub unsafe fn detach(src: *mut c_void) {
    let Some(g) = glib() else { return };
    // SAFETY: `src` is attach's and not yet destroyed (caller), so it is
    // not finalized: we still own the reference g_source_new gave, which
    // the unref below drops; after it neither `src` nor `l` is used here.
    // When this runs inside our own dispatch (a callback of the pass),
    // glib holds a reference of its own for the dispatch in progress, so
    // `finalize` (which frees the Link `dispatch` still reads) runs after
    // `dispatch` returns.
    unsafe {
        let l = link(src);
        if l.dispatching.load(Ordering::Acquire) == this_thread() {
            // a callback of our own dispatch: the lock is this thread's
            l.ctx.store(core::ptr::null_mut(), Ordering::Release);
        } else {
            let _g = l.lock.lock().unwrap_or_else(|e| e.into_inner());
            l.ctx.store(core::ptr::null_mut(), Ordering::Release);
        }
        (g.destroy)(src);
        (g.unref)(src);
    }
}
