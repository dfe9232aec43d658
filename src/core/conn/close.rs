//! Closing connections: the oracle's callbacks, then socket and memory.
//!
//! A wsi is a `Box` leaked when the connection is made.  It is freed here
//! only, by `free_wsi`: at the end of its close when no callback of it is
//! on the stack (`in_cb` 0), else later as a zombie (`free_zombies`, with
//! no callback in progress).  So while a callback of a connection runs,
//! and in the code that called it, the wsi stays allocated.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Closes the connection now (or marks it if a callback on it runs):
/// the callbacks the oracle sends, then the socket and memory go.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn close(wsi: *mut lws) {
    // SAFETY: the caller's contract is close_inner's.
    unsafe { close_inner(wsi, false) }
}

/// Closes the connection now even if a callback of it is on the stack
/// (its vhost or context goes, its parent closes): the closing callbacks
/// and the socket now; the memory (wsi and session data, which that
/// callback may still use) at the end of the service pass.
///
/// # Safety
/// `wsi` valid, a connection.
pub unsafe fn close_force(wsi: *mut lws) {
    // SAFETY: the caller's contract is close_inner's.
    unsafe { close_inner(wsi, true) }
}

/// The closing callbacks that the protocol bound to the connection
/// decides (every role but a client that never got its response head):
/// a ws protocol gets CLOSED (CLIENT_CLOSED on a client), an HTTP one
/// CLOSED_HTTP (a client's CLOSED_CLIENT_HTTP), and a server connection
/// with none bound CLOSED_HTTP once its TLS was up, as the oracle.
///
/// # Safety
/// `wsi` valid, a connection being closed.
pub(crate) unsafe fn closing_by_binding(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller) and kept allocated through the
    // callbacks by the invoker's in_cb count.
    unsafe {
        let c = &(*wsi).c;
        match c.bound.get() {
            Bound::Ws => {
                drop_protocol(wsi);
                let reason = if c.client.get() { R::LWS_CALLBACK_CLIENT_CLOSED } else { R::LWS_CALLBACK_CLOSED };
                cb(wsi, reason, core::ptr::null_mut(), 0);
            }
            Bound::Http if c.client.get() => {
                client_drop_protocol(wsi);
                cb(wsi, R::LWS_CALLBACK_CLOSED_CLIENT_HTTP, core::ptr::null_mut(), 0);
            }
            Bound::Http => {
                // the oracle unbinds only a protocol with session data (in
                // a transaction or between two on a keep-alive connection)
                if !(*wsi).user_space.get().is_null() {
                    cb(wsi, R::LWS_CALLBACK_HTTP_DROP_PROTOCOL, DROP_ON_CLOSE.as_ptr() as *mut c_void, 0);
                }
                cb(wsi, R::LWS_CALLBACK_CLOSED_HTTP, core::ptr::null_mut(), 0);
            }
            Bound::None => {
                if c.http.http_role.get() && io::tls_established(c) {
                    cb(wsi, R::LWS_CALLBACK_CLOSED_HTTP, core::ptr::null_mut(), 0);
                }
            }
        }
    }
}

/// [`close`] / [`close_force`].
///
/// # Safety
/// `wsi` valid, a connection.
unsafe fn close_inner(wsi: *mut lws, force: bool) {
    // SAFETY: `wsi` is valid (caller) and stays allocated through the
    // closing callbacks: `cb` and the two direct calls count themselves
    // in `in_cb` (the invoker does), and it is freed only at the end (or
    // as a zombie).  Its
    // children and parent are live while linked (a wsi unlinks itself
    // from its parent before it is freed).  The context is valid while
    // the wsi is; the read buffer lease gives `recv` a buffer of its
    // length that nobody else uses meanwhile.
    unsafe {
        let c = &(*wsi).c;
        if c.closed.get() {
            return;
        }
        if c.in_cb.get() > 0 && !force {
            c.close_req.set(true);
            return;
        }
        c.closed.set(true);
        lwsl_info!("close: wsi {:p} (fd {})\n", wsi, c.t.fd.get());
        let ctx = (*wsi).context;
        // children (connect_info.parent_wsi) go first, newest first
        loop {
            let ch = (*wsi).child_list.get();
            if ch.is_null() {
                break;
            }
            close_force(ch);
            if (*wsi).child_list.get() == ch {
                // not unlinked (already closing): skip it
                (*wsi).child_list.set((*ch).sibling_list.get());
            }
        }
        // the role's closing callbacks (conn::role)
        match c.role.get() {
            Role::H1Client(stage) => client::h1_client_closing(wsi, stage),
            Role::H1Server(_) | Role::Ws => closing_by_binding(wsi),
        }
        let parent = (*wsi).parent.get();
        if !parent.is_null() {
            // as the oracle: CHILD_CLOSING on the child (in = the child),
            // then it leaves its parent's list before WSI_DESTROY
            // (through the parent's protocol, with the parent's user)
            crate::core::wsi::call_protocol(
                wsi,
                (*parent).protocol.get(),
                R::LWS_CALLBACK_CHILD_CLOSING,
                (*parent).user_space.get(),
                wsi as *mut c_void,
                0,
            );
            unlink_child(parent, wsi);
            (*wsi).parent.set(core::ptr::null_mut());
        }
        // the socket goes before WSI_DESTROY (lws_get_socket_fd is -1
        // there), as the oracle's
        if has_partial(wsi) {
            // what the per-write cap held back, as far as the kernel takes it
            let _ = flush(wsi);
        }
        io::close_notify(wsi);
        let fd = c.t.fd.replace(-1);
        if fd >= 0 {
            let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
            // discard input already received, so the close is a FIN, not
            // a reset that could destroy what we sent last; through a
            // lease of the read buffer: it may hold the bytes a callback
            // further up the stack is reading (its close of this
            // connection is why we are here), and then gets a buffer of
            // its own
            let lease = RxLease::take(ctx);
            let buf = &mut *lease.buf;
            for _ in 0..64 {
                if libc::recv(fd, buf.as_mut_ptr() as *mut c_void, buf.len(), libc::MSG_DONTWAIT) <= 0 {
                    break;
                }
            }
            drop(lease);
            libc::shutdown(fd, libc::SHUT_WR);
            libc::close(fd);
        }
        // as the oracle: every connection's WSI_DESTROY (server or client,
        // ws or HTTP, established or not) goes to the vhost's first
        // protocol's callback, with the session's user pointer, while
        // lws_get_protocol still answers the bound protocol
        let vh = (*wsi).vhost.get();
        let p0 = if !vh.is_null() && (*vh).count_protocols > 0 {
            (*vh).protocols.as_ptr()
        } else {
            (*wsi).protocol.get()
        };
        crate::core::wsi::call_protocol(
            wsi,
            p0,
            R::LWS_CALLBACK_WSI_DESTROY,
            (*wsi).user_space.get(),
            core::ptr::null_mut(),
            0,
        );
        (*ctx).net.release_slot(c.t.token.get());
        if c.in_cb.get() > 0 {
            // a callback of it is still on the stack (a forced close)
            (*ctx).net.zombies.borrow_mut().push(wsi);
            unhook(wsi);
            return;
        }
        free_wsi(wsi);
    }
}

/// Takes a closed (or never connected, about to be freed) wsi out of
/// everything that could still reach it: its timers, the ripe lists, the
/// header-slot queue.
///
/// # Safety
/// `wsi` valid, closed or about to be freed.
pub(crate) unsafe fn unhook(wsi: *mut lws) {
    // SAFETY: `wsi` and its context valid (caller); the ripe-list borrows
    // end within the statements, no callback runs here.
    unsafe {
        let ctx = (*wsi).context;
        let c = &(*wsi).c;
        crate::core::sul::cancel((*wsi).sul_timeout.get());
        crate::core::sul::cancel((*wsi).sul_hrtimer.get());
        crate::core::sul::cancel((*wsi).sul_validity.get());
        ah_forget(wsi);
        if c.t.on_ripe.get() {
            (*ctx).net.ripe.borrow_mut().retain(|&w| w != wsi);
            // it may also wait in the list being served right now
            for w in (*ctx).net.ripe_run.borrow_mut().iter_mut() {
                if *w == wsi {
                    *w = core::ptr::null_mut();
                }
            }
        }
    }
}

/// Frees a closed wsi and its session data.
///
/// # Safety
/// `wsi` valid, closed, with no callback of it on the stack; not used
/// afterwards.
unsafe fn free_wsi(wsi: *mut lws) {
    // SAFETY: as the caller guarantees; unhook removes every reference
    // the library keeps (timers, ripe lists, header slot) and the socket
    // slot was released by the close, so nothing reaches the wsi after
    // the Box is dropped; session data the library allocated
    // (`pss_owned`) is malloc'd, freed once with it.
    unsafe {
        unhook(wsi);
        if (*wsi).c.pss_owned.get() {
            libc::free((*wsi).user_space.get());
        }
        drop(Box::from_raw(wsi));
    }
}

/// Frees the wsis closed by force while one of their callbacks ran (the
/// end of a service pass, context destruction).
///
/// # Safety
/// `ctx` valid; no callback in progress.
pub unsafe fn free_zombies(ctx: *mut lws_context) {
    loop {
        // SAFETY: `ctx` valid (caller); the borrow ends with the statement.
        let w = unsafe { (*ctx).net.zombies.borrow_mut().pop() };
        match w {
            // what the callback did on its way out (a timer, a writeable
            // turn) is undone again by free_wsi's unhook
            // SAFETY: a zombie is closed, popped (so freed once), and no
            // callback is in progress (caller), so none of it either.
            Some(w) => unsafe { free_wsi(w) },
            None => break,
        }
    }
}

/// A DROP_PROTOCOL's `in` when a connection closes: as the oracle, the
/// name of the function that unbinds (every unbind passes a reason).
pub(crate) const DROP_ON_CLOSE: &core::ffi::CStr = c"__lws_close_free_wsi";

/// As measured on the oracle: a client with a user pointer (session data
/// or connect_info.userdata) that is an HTTP client, or a ws client not yet
/// established, gets CLIENT_HTTP_DROP_PROTOCOL when it closes (before
/// CLOSED_CLIENT_HTTP, or after CLIENT_CONNECTION_ERROR).  An established
/// ws client gets WS_CLIENT_DROP_PROTOCOL instead (`drop_protocol`).
///
/// # Safety
/// `wsi` valid, a connection.
pub(crate) unsafe fn client_drop_protocol(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller); `in` is a static C string.
    unsafe {
        if !(*wsi).user_space.get().is_null() {
            cb(wsi, R::LWS_CALLBACK_CLIENT_HTTP_DROP_PROTOCOL, DROP_ON_CLOSE.as_ptr() as *mut c_void, 0);
        }
    }
}

/// Takes `wsi` out of `parent`'s child list.
///
/// # Safety
/// `parent` valid; its children live (module doc).
unsafe fn unlink_child(parent: *mut lws, wsi: *mut lws) {
    // SAFETY: every wsi on `parent`'s child list is live (it unlinks
    // itself before it is freed), so each `sibling_list` cell read is.
    unsafe {
        let mut link = &(*parent).child_list;
        loop {
            let w = link.get();
            if w.is_null() {
                return;
            }
            if w == wsi {
                link.set((*w).sibling_list.get());
                (*w).sibling_list.set(core::ptr::null_mut());
                return;
            }
            link = &(*w).sibling_list;
        }
    }
}

/// Links a new connection under `parent` (connect_info.parent_wsi):
/// `lws_get_child` then answers the newest child.
///
/// # Safety
/// Both valid.
pub unsafe fn link_child(parent: *mut lws, wsi: *mut lws) {
    // SAFETY: both valid (caller).
    unsafe {
        (*wsi).parent.set(parent);
        (*wsi).sibling_list.set((*parent).child_list.get());
        (*parent).child_list.set(wsi);
    }
}

/// Closes every connection of `vh` (context or vhost destruction).
///
/// # Safety
/// `ctx` valid.
pub unsafe fn close_all(ctx: *mut lws_context, vh: *mut lws_vhost) {
    // SAFETY: `ctx` valid (caller); a wsi of the snapshot is read only while
    // its slot still holds it: closing one connection may free others of
    // the snapshot (its children, or one a closing callback kills with
    // LWS_TO_KILL_SYNC), and a freed slot is not reused before the end of
    // the pass (`Net::conns_with_tokens`).  Before this check such a wsi
    // was read after it was freed (valgrind, during lws_context_destroy).
    unsafe {
        // newest first, as the oracle
        for (tok, wsi) in (*ctx).net.conns_with_tokens().into_iter().rev() {
            if !(*ctx).net.is_live(tok, wsi) {
                continue;
            }
            if vh.is_null() || (*wsi).vhost.get() == vh {
                close_force(wsi);
            }
        }
    }
}

/// A timeout expired.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn timeout_close(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller); not used after client_timeout or
    // close, which may free it.
    unsafe {
        if (*wsi).c.t.fd.get() < 0 {
            return;
        }
        lwsl_info!("wsi {:p}: timed out (fd {})\n", wsi, (*wsi).c.t.fd.get());
        if client::client_timeout(wsi) {
            return;
        }
        close(wsi);
    }
}

/// Calls LWS_CALLBACK_TIMER, closing on nonzero.
///
/// # Safety
/// `wsi` valid.
pub unsafe fn timer_fired(wsi: *mut lws) {
    // SAFETY: `wsi` valid (caller) and allocated after its own TIMER
    // callback (module doc), for user_close and finish.
    unsafe {
        if cb(wsi, R::LWS_CALLBACK_TIMER, core::ptr::null_mut(), 0) != 0 {
            user_close(wsi);
        }
        finish(wsi);
    }
}
