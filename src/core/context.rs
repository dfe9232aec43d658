//! `struct lws_context`: the library instance created by
//! `lws_create_context`.
//!
//! A context is a `Box` leaked by [`create`] and freed by [`destroy`]; in
//! between, the pointer is valid and used by one service thread (plus
//! `lws_cancel_service`, which only touches the atomic flag and the mio
//! waker, both `Sync`).  The vhosts on `vhosts` are live: a destroyed one
//! leaves the list first and is freed by [`free_pending`] once no callback
//! is in progress.
#![deny(clippy::undocumented_unsafe_blocks)]

use crate::abi::vfs::lws_plat_file_ops;
use core::cell::{Cell, RefCell, UnsafeCell};
use core::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::abi::context_vhost::{lws_context_creation_info, lws_reload_func};
use crate::abi::dll2::lws_dll2_owner;
use crate::abi::retry::lws_retry_bo_t;
use crate::abi::state::{lws_state_manager, lws_state_manager_t, lws_state_notify_link};
use crate::abi::system::lws_system_ops_t;
use crate::core::sul::LWS_COUNT_PT_SUL_OWNERS;
use crate::core::system::{Blob, BLOB_COUNT};
use crate::core::lws_vhost;

use crate::abi::context_vhost::ServerOptions;
pub const LWSSMDCL_SYSTEM_STATE: u32 = 1 << 1;
pub const LWS_SYSTATE_CONTEXT_CREATED: c_int = 1;
pub const LWS_SYSTATE_POLICY_VALID: c_int = 8;
pub const LWS_SYSTATE_OPERATIONAL: c_int = 12;
pub const LWS_SYSTATE_POLICY_INVALID: c_int = 13;

/// The mio token of the cancel waker.
pub const WAKER_TOKEN: mio::Token = mio::Token(0);

struct StateNames([*const c_char; 14]);
// SAFETY: pointers to immutable static C strings.
unsafe impl Sync for StateNames {}
static SYSTEM_STATE_NAMES: StateNames = StateNames([
    c"undef".as_ptr(),
    c"CONTEXT_CREATED".as_ptr(),
    c"INITIALIZED".as_ptr(),
    c"IFACE_COLDPLUG".as_ptr(),
    c"DHCP".as_ptr(),
    c"CPD_PRE_TIME".as_ptr(),
    c"TIME_VALID".as_ptr(),
    c"CPD_POST_TIME".as_ptr(),
    c"POLICY_VALID".as_ptr(),
    c"REGISTERED".as_ptr(),
    c"AUTH1".as_ptr(),
    c"AUTH2".as_ptr(),
    c"OPERATIONAL".as_ptr(),
    c"POLICY_INVALID".as_ptr(),
]);

/// The name `lws_canonical_hostname` returns, NUL-terminated (as the
/// oracle: `gethostname`, or "unknown" when the option says to skip it).
fn canonical_hostname(options: ServerOptions) -> [core::ffi::c_char; 128] {
    let mut b = [0 as core::ffi::c_char; 128];
    let skip = options.contains(ServerOptions::SKIP_SERVER_CANONICAL_NAME);
    // SAFETY: the buffer is writable for its length minus the kept NUL.
    if skip || unsafe { libc::gethostname(b.as_mut_ptr(), b.len() - 1) } != 0 {
        b = [0; 128];
        for (d, s) in b.iter_mut().zip(b"unknown") {
            *d = *s as core::ffi::c_char;
        }
    }
    b[127] = 0;
    b
}

/// The context (opaque to C).
pub struct lws_context {
    pub user: *mut c_void,
    pub options: crate::abi::context_vhost::ServerOptions,
    pub uid: c_int,
    pub gid: c_int,
    pub system_ops: *const lws_system_ops_t,
    pub retry_policy: *const lws_retry_bo_t,
    pub pcontext: *mut *mut lws_context,
    /// `lws_canonical_hostname`: the machine's name at creation, or
    /// "unknown" with LWS_SERVER_OPTION_SKIP_SERVER_CANONICAL_NAME.
    pub canonical_hostname: [core::ffi::c_char; 128],
    /// Live vhosts, in creation order.
    pub vhosts: RefCell<Vec<*mut lws_vhost>>,
    /// Destroyed vhosts waiting for the callback in progress to return.
    pub pending_free: RefCell<Vec<*mut lws_vhost>>,
    sul_owners: UnsafeCell<[lws_dll2_owner; LWS_COUNT_PT_SUL_OWNERS]>,
    /// The daily TLS certificate lifetime check (tls::server).
    pub sul_tls: UnsafeCell<crate::abi::timeout_timer::lws_sorted_usec_list_t>,
    mgr_system: UnsafeCell<lws_state_manager>,
    internal_notifier: UnsafeCell<lws_state_notify_link>,
    blobs: Box<[Blob]>,
    pub protocol_init_done: Cell<bool>,
    pub system_started: Cell<bool>,
    pub tid_detected: Cell<bool>,
    /// What protocols[0] answered to GET_THREAD_ID at the first pass.
    /// Atomic: another thread's `lws_callback_on_writable` reads it.
    pub service_tid: core::sync::atomic::AtomicI32,
    pub deprecated: Cell<bool>,
    pub deprecate_cb: Cell<lws_reload_func>,
    pub destroying: Cell<bool>,
    /// `lws_context_destroy` was called by a callback of the running
    /// service pass: the pass finishes first, then destroys the context.
    pub destroy_deferred: Cell<bool>,
    pub in_service: Cell<bool>,
    pub cpd_state: Cell<c_int>,
    /// Nesting depth of user callbacks in progress.
    pub cb_depth: Cell<u32>,
    /// Set by `lws_cancel_service` (any thread), consumed by the service.
    pub cancel_pending: AtomicBool,
    pub waker: mio::Waker,
    pub poll: RefCell<mio::Poll>,
    /// The POSIX file operations, first in the fops chain; `next` points at
    /// `info->fops` when the user gave one.
    pub fops_platform: UnsafeCell<lws_plat_file_ops>,
    /// Head of the fops chain (`lws_get_fops`); `lws_set_fops` replaces it.
    pub fops: Cell<*const lws_plat_file_ops>,
    /// Listeners, connections, the shared read buffer.
    pub net: crate::core::conn::Net,
    /// The GSource on the program's GMainLoop (LWS_SERVER_OPTION_GLIB
    /// with foreign_loops), NULL when the context runs on lws_service.
    pub glib_source: Cell<*mut c_void>,
}

impl lws_context {
    /// Owner list `i` of the sorted timers.
    pub fn sul_owner(&self, i: usize) -> *mut lws_dll2_owner {
        // SAFETY: the index is clamped below the array's length, so the
        // pointer stays inside `sul_owners`.
        unsafe { (self.sul_owners.get() as *mut lws_dll2_owner).add(i.min(LWS_COUNT_PT_SUL_OWNERS - 1)) }
    }
    pub fn sul_owners(&self) -> *mut lws_dll2_owner {
        self.sul_owners.get() as *mut lws_dll2_owner
    }
    pub fn mgr_system(&self) -> *mut lws_state_manager_t {
        self.mgr_system.get()
    }
    pub fn blob(&self, type_: c_int, idx: c_int) -> Option<&Blob> {
        let i = type_.checked_add(idx)?;
        if type_ < 0 || idx < 0 {
            return None;
        }
        self.blobs.get(i as usize)
    }
    pub fn vhost_by_name(&self, name: &[u8]) -> *mut lws_vhost {
        for &vh in self.vhosts.borrow().iter() {
            // SAFETY: a vhost on the list is live (module doc).
            let v = unsafe { &*vh };
            if !v.being_destroyed.get() && v.name.as_bytes() == name {
                return vh;
            }
        }
        core::ptr::null_mut()
    }
    /// Wakes the service loop from any thread.
    ///
    /// # Safety
    /// `ctx` valid.
    pub unsafe fn cancel(ctx: *const lws_context) {
        // SAFETY: `ctx` is valid (caller); from another thread only the
        // `Sync` fields are touched (module doc).
        unsafe {
            (*ctx).cancel_pending.store(true, Ordering::SeqCst);
            let _ = (*ctx).waker.wake();
        }
    }
}

/// Reacts to the system state machine: protocols start when the system
/// reaches POLICY_VALID.
///
/// # Safety
/// Called by the state manager only, with the context's own `mgr_system`
/// (the only manager it is registered on).
unsafe extern "C-unwind" fn system_notify(
    mgr: *mut lws_state_manager,
    _link: *mut lws_state_notify_link,
    current: c_int,
    target: c_int,
) -> c_int {
    // called by C (the notifier list): a boundary like an entry point
    crate::ffi_guard!(0, {
        if current != target && target == LWS_SYSTATE_POLICY_VALID {
            // SAFETY: this notifier is only registered on a context's own
            // `mgr_system`, which calls it with that manager.
            let ctx = unsafe { (*mgr).context };
            if !ctx.is_null() {
                // SAFETY: the manager's context, which is alive while its
                // manager notifies.
                unsafe { protocol_init(ctx) };
            }
        }
        0
    })
}

/// `lws_protocol_init`: PROTOCOL_INIT for every vhost not yet initialized.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn protocol_init(ctx: *mut lws_context) -> c_int {
    let mut any_failed = 0;
    // SAFETY: `ctx` is valid (caller) through the callbacks
    // init_protocols makes (so for this block and the ones below on
    // `ctx`); the borrows of `vhosts` end before them.
    unsafe { (*ctx).protocol_init_done.set(true) };
    lwsl_info!("lws_protocol_init\n");
    // SAFETY: see above.
    let list: Vec<*mut lws_vhost> = unsafe { (*ctx).vhosts.borrow().clone() };
    // as upstream: a TLS server vhost among those initialised now starts
    // the certificate lifetime check (LWS_CALLBACK_VHOST_CERT_AGING)
    let mut any_tls = false;
    for vh in list {
        // a callback may have destroyed a later vhost
        // SAFETY: see above.
        if !unsafe { (*ctx).vhosts.borrow().contains(&vh) } {
            continue;
        }
        // SAFETY: `vh` is on the list, so live (module doc).
        let fresh = unsafe { !(*vh).created_protocols.get() && !(*vh).being_destroyed.get() && (*vh).count_protocols > 0 };
        // SAFETY: `vh` is live; one its callbacks destroy is freed only
        // after them (module doc).
        if unsafe { crate::core::vhost::init_protocols(vh) } != 0 {
            any_failed = 1;
        // SAFETY: `vh` is read only if still on the list.
        } else if fresh && unsafe { (*ctx).vhosts.borrow().contains(&vh) && (*vh).tls_src.is_some() } {
            any_tls = true;
        }
    }
    if any_tls && any_failed == 0 {
        // SAFETY: `ctx` is valid (caller).
        unsafe { crate::tls::server::check_all_cert_lifetimes(ctx) };
    }
    any_failed
}

/// `lws_create_context`.  `platform_fops` is the platform's file
/// operations (the API layer's `_lws_plat_file_*`), first in the
/// context's fops chain.
///
/// # Safety
/// `info` valid.
pub unsafe fn create(info: *const lws_context_creation_info, platform_fops: lws_plat_file_ops) -> *mut lws_context {
    // SAFETY: `info` is valid (caller) and not changed during the call.
    let i = unsafe { &*info };
    let opts = ServerOptions::from_bits_retain(i.options);
    if !crate::core::unsupported::check_context(i) {
        return core::ptr::null_mut();
    }
    let poll = match mio::Poll::new() {
        Ok(p) => p,
        Err(e) => {
            lwsl_err!("lws_create_context: unable to create the poll instance: {}\n", e);
            return core::ptr::null_mut();
        }
    };
    let waker = match mio::Waker::new(poll.registry(), WAKER_TOKEN) {
        Ok(w) => w,
        Err(e) => {
            lwsl_err!("lws_create_context: unable to create the cancel waker: {}\n", e);
            return core::ptr::null_mut();
        }
    };
    lwsl_notice!("LWS: 4.1.6-, loglevel {}\n", crate::log::level());
    // the build's feature list, as operators see it on Debian's library
    lwsl_notice!(
        "NET CLI SRV H1 H2 WS {}\n",
        if opts.contains(ServerOptions::DISABLE_IPV6) { "IPV6-off" } else { "IPV6-on" }
    );
    lwsl_info!("lws_create_context: event loop: poll (mio)\n");
    let ctx = Box::into_raw(Box::new(lws_context {
        user: i.user,
        options: opts,
        uid: i.uid,
        gid: i.gid,
        system_ops: i.system_ops,
        retry_policy: i.retry_and_idle_policy,
        pcontext: i.pcontext,
        canonical_hostname: canonical_hostname(opts),
        vhosts: RefCell::new(Vec::new()),
        pending_free: RefCell::new(Vec::new()),
        // SAFETY: all-zero owners / links are the empty / detached state.
        sul_owners: UnsafeCell::new(unsafe { core::mem::zeroed() }),
        // SAFETY: an all-zero sul is the detached state.
        sul_tls: UnsafeCell::new(unsafe { core::mem::zeroed() }),
        // SAFETY: an all-zero manager (empty list, NULL pointers, state
        // 0) is valid; it is filled in below.
        mgr_system: UnsafeCell::new(unsafe { core::mem::zeroed() }),
        // SAFETY: an all-zero link is detached, with no callback (None).
        internal_notifier: UnsafeCell::new(unsafe { core::mem::zeroed() }),
        blobs: (0..BLOB_COUNT).map(|_| Blob::default()).collect(),
        protocol_init_done: Cell::new(false),
        system_started: Cell::new(false),
        tid_detected: Cell::new(false),
        service_tid: core::sync::atomic::AtomicI32::new(0),
        deprecated: Cell::new(false),
        deprecate_cb: Cell::new(None),
        destroying: Cell::new(false),
        destroy_deferred: Cell::new(false),
        in_service: Cell::new(false),
        cpd_state: Cell::new(0),
        cb_depth: Cell::new(0),
        // the first service pass reports EVENT_WAIT_CANCELLED, as upstream
        cancel_pending: AtomicBool::new(true),
        waker,
        poll: RefCell::new(poll),
        fops_platform: UnsafeCell::new(lws_plat_file_ops { next: i.fops, ..platform_fops }),
        fops: Cell::new(core::ptr::null()),
        net: crate::core::conn::Net::new(
            i.pt_serv_buf_size as usize,
            i.timeout_secs_ah_idle as c_int,
            i.max_http_header_data as usize,
        ),
        glib_source: Cell::new(core::ptr::null_mut()),
    }));
    // SAFETY: `ctx` is the fresh Box, valid and used by no one else until
    // it is returned (or destroyed on failure, after which it is not
    // touched); the same holds for each block on `ctx` below.
    unsafe { (*ctx).fops.set((*ctx).fops_platform.get()) };
    lwsl_debug!("lws_create_context: context {:p} ({} bytes)\n", ctx, core::mem::size_of::<lws_context>());
    // SAFETY: see above.
    unsafe { (*ctx).net.ka.set((i.ka_time, i.ka_probes, i.ka_interval)) };
    let pool = if i.max_http_header_pool2 != 0 { i.max_http_header_pool2 as usize } else { i.max_http_header_pool as usize };
    // SAFETY: see above.
    unsafe { (*ctx).net.ah_pool_max.set(pool) };
    // SAFETY: `info->server_string` is NULL or a C string (the API).
    if let Some(ss) = unsafe { crate::ffi::cstr_bytes(i.server_string) } {
        // SAFETY: see above.
        unsafe { *(*ctx).net.server_string.borrow_mut() = Some(ss.to_vec()) };
    }
    if i.timeout_secs != 0 {
        // SAFETY: see above.
        unsafe { (*ctx).net.timeout_secs.set(i.timeout_secs as c_int) };
    }
    // SAFETY: `ctx` as above; `i.register_notifier_list` and `i.pcontext`
    // are NULL or valid (the API's contract for `info`); the internal
    // notifier lives in the context, as long as its manager.
    unsafe {
        let mgr = (*ctx).mgr_system.get();
        (*mgr).context = ctx;
        (*mgr).smd_class = LWSSMDCL_SYSTEM_STATE;
        (*mgr).state_names = SYSTEM_STATE_NAMES.0.as_ptr() as *mut *const c_char;
        (*mgr).name = c"system".as_ptr();
        (*mgr).state = LWS_SYSTATE_CONTEXT_CREATED;
        crate::core::state::reg_notifier_list(mgr, i.register_notifier_list);
        let nl = (*ctx).internal_notifier.get();
        (*nl).notify_cb = Some(system_notify);
        (*nl).name = c"lws-context".as_ptr();
        crate::core::state::reg_notifier(mgr, nl);

        if !i.pcontext.is_null() {
            *i.pcontext = ctx;
        }
        if !opts.contains(ServerOptions::EXPLICIT_VHOSTS) {
            if crate::core::vhost::create(ctx, info).is_null() {
                lwsl_err!("Failed to create default vhost\n");
                destroy(ctx);
                return core::ptr::null_mut();
            }
            if drop_privileges(ctx) != 0 {
                destroy(ctx);
                return core::ptr::null_mut();
            }
        }
        if let Some(main_loop) = crate::core::unsupported::glib_foreign_loop(i) {
            let src = crate::core::glib::attach(ctx, main_loop);
            if src.is_null() {
                destroy(ctx);
                return core::ptr::null_mut();
            }
            (*ctx).glib_source.set(src);
        }
    }
    ctx
}

/// Changes group and user to the ones given at creation (unless 0 or -1).
///
/// # Safety
/// `ctx` valid.
pub unsafe fn drop_privileges(ctx: *mut lws_context) -> c_int {
    // SAFETY: `ctx` is valid (caller).
    let (uid, gid) = unsafe { ((*ctx).uid, (*ctx).gid) };
    // SAFETY: setgid / setuid take plain integers.
    if gid != 0 && gid != -1 && unsafe { libc::setgid(gid as libc::gid_t) } != 0 {
        lwsl_err!("setgid({}) failed: {}\n", gid, std::io::Error::last_os_error());
        return 1;
    }
    // SAFETY: as setgid.
    if uid != 0 && uid != -1 && unsafe { libc::setuid(uid as libc::uid_t) } != 0 {
        lwsl_err!("setuid({}) failed: {}\n", uid, std::io::Error::last_os_error());
        return 1;
    }
    0
}

/// Frees vhosts destroyed from inside callbacks.
///
/// # Safety
/// `ctx` valid; no callback in progress.
pub unsafe fn free_pending(ctx: *mut lws_context) {
    // SAFETY: `ctx` valid and no callback in progress (caller), so no
    // frame still uses a zombie connection.
    unsafe { crate::core::conn::free_zombies(ctx) };
    loop {
        // SAFETY: `ctx` valid; the borrow ends with the statement, before
        // `vhost::free` (which may run callbacks).
        let vh = unsafe { (*ctx).pending_free.borrow_mut().pop() };
        match vh {
            // SAFETY: a pending vhost is off the list and referenced by
            // no callback in progress (caller); it is popped, so freed
            // once.
            Some(vh) => unsafe { crate::core::vhost::free(vh) },
            None => break,
        }
    }
}

/// `lws_context_deprecate`.
///
/// # Safety
/// `ctx` valid.
pub unsafe fn deprecate(ctx: *mut lws_context, cb: lws_reload_func) {
    // SAFETY: `ctx` is valid (caller); `f` is the application's reload
    // callback, taken out of the cell before it is called (through
    // `call_out`), so a re-entrant deprecate cannot call it twice.
    unsafe {
        (*ctx).deprecated.set(true);
        (*ctx).deprecate_cb.set(cb);
        // no listeners or connections exist yet: the last one is gone now
        if let Some(f) = (*ctx).deprecate_cb.take() {
            crate::cancel::call_out(|| crate::cancel::CUnwind::unwind(f)());
        }
    }
}

/// Whether `destroy` must wait for the end of the running pass: it was
/// called by a callback of a pass on the service thread.  Marks the
/// context then; the pass (`core::service`) destroys it when it ends.
///
/// # Safety
/// `ctx` valid.
unsafe fn defer_destroy(ctx: *mut lws_context) -> bool {
    // SAFETY: `ctx` valid (caller); `in_service` is only set on the
    // service thread, which the comparison makes this one.
    unsafe {
        if !(*ctx).in_service.get() || (*ctx).destroying.get() {
            return false;
        }
        let me = libc::pthread_self() as usize;
        if (*ctx).net.service_thread.load(core::sync::atomic::Ordering::Acquire) != me {
            return false;
        }
        if !(*ctx).destroy_deferred.replace(true) {
            lwsl_info!("lws_context_destroy: ctx {:p}: from a callback of the pass, done when it ends\n", ctx);
        }
        true
    }
}

/// Detaches every element of `own`, about to be freed.
///
/// # Safety
/// `own` valid, its elements alive.
unsafe fn detach_list(own: *mut lws_dll2_owner) {
    // SAFETY: the caller's contract is detach_all's.
    unsafe { crate::core::sul::detach_all(own) }
}

/// `lws_context_destroy`.  Called by a callback of a service pass on the
/// service thread, it only marks the context: the pass finishes (the
/// callback returns, the connection it ran on is served to the end) and
/// then destroys it, before `lws_service` returns -1, as the oracle does.
///
/// # Safety
/// `ctx` valid; not used afterwards by the caller.
pub unsafe fn destroy(ctx: *mut lws_context) {
    // SAFETY: `ctx` valid (caller); a deferred destroy only sets a flag.
    if unsafe { defer_destroy(ctx) } {
        return;
    }
    // SAFETY: `ctx` is valid (caller) until the Box is dropped at the
    // end, after which only its address is logged.  No service pass is
    // in progress on this thread (a callback of one was deferred above),
    // so nothing up the stack uses the context after this returns.  The
    // vhost pointers were on the list, and are freed only by free_pending
    // here, after the calls that use them.  The elements of the timer and
    // notifier lists are the application's (or the context's own)
    // memory, alive while listed; detaching them keeps a later
    // lws_sul_cancel on them from touching the freed owners.  NOT SOUND
    // still when called from a callback outside any service pass (during
    // lws_create_vhost's PROTOCOL_INIT, or a client connect's immediate
    // CONNECTION_ERROR): the library call that made the callback goes on
    // with the freed context.
    unsafe {
        // first: a glib loop on another thread may be in a pass
        let src = (*ctx).glib_source.replace(core::ptr::null_mut());
        if !src.is_null() {
            crate::core::glib::detach(src);
        }
        if (*ctx).destroying.replace(true) {
            return;
        }
        lwsl_info!("lws_context_destroy: ctx {:p}\n", ctx);
        let mgr = (*ctx).mgr_system.get();
        if (*mgr).state == LWS_SYSTATE_OPERATIONAL {
            crate::core::state::transition(mgr, LWS_SYSTATE_POLICY_INVALID);
        }
        let list: Vec<*mut lws_vhost> = (*ctx).vhosts.borrow().clone();
        for vh in &list {
            crate::core::vhost::destroy1(*vh);
        }
        crate::core::conn::close_all(ctx, core::ptr::null_mut());
        for vh in &list {
            crate::core::conn::unlisten(*vh);
        }
        for vh in &list {
            crate::core::vhost::destroy_protocols(*vh);
        }
        let list: Vec<*mut lws_vhost> = core::mem::take(&mut *(*ctx).vhosts.borrow_mut());
        (*ctx).pending_free.borrow_mut().extend(list.into_iter().rev());
        free_pending(ctx);
        for n in 0..LWS_COUNT_PT_SUL_OWNERS {
            detach_list((*ctx).sul_owner(n));
        }
        detach_list(&raw mut (*mgr).notify_list);
        if !(*ctx).pcontext.is_null() && *(*ctx).pcontext == ctx {
            *(*ctx).pcontext = core::ptr::null_mut();
        }
        drop(Box::from_raw(ctx));
        lwsl_debug!("lws_context_destroy: ctx {:p} freed\n", ctx);
    }
}

