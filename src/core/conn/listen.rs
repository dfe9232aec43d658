//! Listening sockets and accepting connections.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

const LISTEN_RETRY_US: i64 = 30 * 1_000_000;

/// Opens the listening socket of `vh` (port 0: ephemeral) and registers it.
/// Returns false (after logging) on failure.  An `iface` that does not exist
/// (or has no usable address) yet is not a failure, unless the vhost asks
/// for `LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND`: as on the oracle, the
/// vhost is created without a listener and the listen is retried every
/// 30 s until the interface appears.
///
/// # Safety
/// `vh` valid, its context valid.
pub unsafe fn listen(vh: *mut lws_vhost, port: c_int) -> bool {
    // SAFETY: the caller's contract is listen_inner's.
    unsafe { listen_inner(vh, port, true) }
}

unsafe extern "C-unwind" fn listen_retry_cb(sul: *mut crate::abi::timeout_timer::lws_sorted_usec_list_t) {
    let off = core::mem::offset_of!(lws_vhost, sul_listen_retry);
    // SAFETY: `sul` is the `sul_listen_retry` field of a live vhost: the
    // sul is cancelled before the vhost is freed (`unlisten`).
    let vh = unsafe { (sul as *mut u8).sub(off) } as *mut lws_vhost;
    // called by C (the timer list): a boundary like an entry point
    crate::ffi_guard!((), {
        // SAFETY: `vh` is live (above) and its context with it.
        unsafe {
            if (*vh).being_destroyed.get() {
                return;
            }
            lwsl_debug!("deferred iface: checking if on vh {}\n", (*vh).name.to_string_lossy());
            if listen_inner(vh, (*vh).listen_port.get(), false) {
                lwsl_notice!("vh {}: became connected\n", (*vh).name.to_string_lossy());
            } else {
                crate::core::sul::schedule_rel((*vh).context, 0, sul, Some(listen_retry_cb), LISTEN_RETRY_US);
            }
        }
    })
}

/// [`listen`], or a retry of it (`first` false: no log, no new timer).
///
/// # Safety
/// `vh` valid, its context valid.
unsafe fn listen_inner(vh: *mut lws_vhost, port: c_int, first: bool) -> bool {
    // SAFETY: `vh` and its context are valid (caller), the other vhosts
    // on the list live; `ss` is a sockaddr_storage, large and aligned
    // enough to be viewed as a sockaddr_in or sockaddr_in6 and handed to
    // the socket calls with its length; the option values are locals
    // that outlive the calls; the `poll` borrow is momentary; the listen
    // wsi is a Box owned by the vhost, freed by `unlisten`.
    unsafe {
        let ctx = (*vh).context;
        // vhosts on the same port share the first one's listening socket
        // (TLS connections then pick their vhost by SNI)
        if port > 0 {
            let shared = (*ctx).vhosts.borrow().iter().copied().find(|&v| {
                (*v).listen_fd.get() >= 0 && (*v).listen_port.get() == port && (*v).iface == (*vh).iface
            });
            if let Some(first) = shared {
                (*vh).listen_port.set(port);
                lwsl_notice!(" vhost {} shares the listen socket of vhost {} (port {})\n", (*vh).name.to_string_lossy(), (*first).name.to_string_lossy(), port);
                return true;
            }
        }
        let v6 = !(*vh).options.contains(ServerOptions::DISABLE_IPV6);
        let mut ss: libc::sockaddr_storage = core::mem::zeroed();
        let slen;
        if v6 {
            let s6 = &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in6);
            s6.sin6_family = libc::AF_INET6 as _;
            s6.sin6_port = (port as u16).to_be();
            slen = core::mem::size_of::<libc::sockaddr_in6>();
        } else {
            let s4 = &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in);
            s4.sin_family = libc::AF_INET as _;
            s4.sin_port = (port as u16).to_be();
            slen = core::mem::size_of::<libc::sockaddr_in>();
        }
        if let Some(iface) = &(*vh).iface {
            let r = crate::core::netaddr::interface_to_sa(
                v6 as c_int,
                iface.as_ptr(),
                &mut ss as *mut _ as *mut libc::sockaddr_in,
                slen,
            );
            if r != 0 {
                if !first {
                    return false;
                }
                let what = if r == crate::abi::network_helper::LWS_ITOSA_NOT_USABLE { "NOT USABLE" } else { "DOESN'T EXIST" };
                lwsl_err!("VH {}: iface {} port {} {}\n", (*vh).name.to_string_lossy(), iface.to_string_lossy(), port, what);
                if (*vh).options.contains(ServerOptions::FAIL_UPON_UNABLE_TO_BIND) {
                    return false;
                }
                crate::core::sul::schedule_rel(ctx, 0, (*vh).sul_listen_retry.get(), Some(listen_retry_cb), LISTEN_RETRY_US);
                return true;
            }
            // lws_interface_to_sa leaves the port alone only in some paths
            if v6 {
                (*(&mut ss as *mut _ as *mut libc::sockaddr_in6)).sin6_port = (port as u16).to_be();
            } else {
                (*(&mut ss as *mut _ as *mut libc::sockaddr_in)).sin_port = (port as u16).to_be();
            }
        }
        let fam = if v6 { libc::AF_INET6 } else { libc::AF_INET };
        let fd = libc::socket(fam, libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            lwsl_err!("ERROR opening socket\n");
            return false;
        }
        let one: c_int = 1;
        let zero: c_int = 0;
        let sz = core::mem::size_of::<c_int>() as libc::socklen_t;
        libc::setsockopt(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, &one as *const _ as *const c_void, sz);
        if v6 {
            libc::setsockopt(fd, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, &zero as *const _ as *const c_void, sz);
        }
        if libc::bind(fd, &ss as *const _ as *const libc::sockaddr, slen as libc::socklen_t) < 0 {
            lwsl_err!("ERROR on binding fd {} to port {} ({})\n", fd, port, std::io::Error::last_os_error());
            libc::close(fd);
            return false;
        }
        if libc::listen(fd, libc::SOMAXCONN) < 0 {
            lwsl_err!("listen failed: {}\n", std::io::Error::last_os_error());
            libc::close(fd);
            return false;
        }
        let mut len = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        libc::getsockname(fd, &mut ss as *mut _ as *mut libc::sockaddr, &mut len);
        let actual = if v6 {
            u16::from_be((*(&ss as *const _ as *const libc::sockaddr_in6)).sin6_port)
        } else {
            u16::from_be((*(&ss as *const _ as *const libc::sockaddr_in)).sin_port)
        };
        let token = (*ctx).net.alloc_slot(Slot::Listener(vh));
        let reg = (*ctx).poll.borrow().registry().register(
            &mut mio::unix::SourceFd(&fd),
            mio::Token(token),
            mio::Interest::READABLE,
        );
        if reg.is_err() {
            (*ctx).net.release_slot(token);
            libc::close(fd);
            return false;
        }
        (*vh).listen_fd.set(fd);
        (*vh).listen_token.set(token);
        let lw = Box::into_raw(Box::new(lws::new(ctx, vh, (*vh).protocols.as_ptr(), true)));
        (*lw).c.t.fd.set(fd);
        (*vh).listen_wsi.set(lw);
        (*vh).listen_port.set(actual as c_int);
        lwsl_info!(" Listening on port {}\n", actual);
        true
    }
}

/// Closes the listening socket of `vh` (WSI_DESTROY to protocols[0] as the
/// oracle's listen wsi gets).
///
/// # Safety
/// `vh` valid.
pub unsafe fn unlisten(vh: *mut lws_vhost) {
    // SAFETY: `vh` and its context valid (caller); the listen wsi is the
    // vhost's Box, taken out of its cell before it is freed, so freed
    // once, after its WSI_DESTROY callback returned.
    unsafe {
        crate::core::sul::cancel((*vh).sul_listen_retry.get());
        let fd = (*vh).listen_fd.replace(-1);
        if fd < 0 {
            return;
        }
        let ctx = (*vh).context;
        let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
        (*ctx).net.release_slot((*vh).listen_token.get());
        libc::close(fd);
        // (also when the protocols were never started: a context that was
        // never serviced, or only through lws_service_fd); the socket is
        // closed first, as the oracle's
        let p = (*vh).protocols.as_ptr();
        let lw = (*vh).listen_wsi.replace(core::ptr::null_mut());
        if (*vh).count_protocols > 0 {
            if lw.is_null() {
                crate::core::wsi::call_fake(ctx, vh, p, p, R::LWS_CALLBACK_WSI_DESTROY, core::ptr::null_mut());
            } else {
                (*lw).c.t.fd.set(-1);
                call_protocol(lw, p, R::LWS_CALLBACK_WSI_DESTROY, core::ptr::null_mut(), core::ptr::null_mut(), 0);
            }
        }
        if !lw.is_null() {
            drop(Box::from_raw(lw));
        }
    }
}

/// Accepts every pending connection on `vh`'s listener.
///
/// # Safety
/// `vh` valid.
pub unsafe fn accept_all(vh: *mut lws_vhost) {
    // SAFETY: `vh` valid (caller) and still allocated after new_conn's
    // callbacks (a vhost they destroy is freed once no callback is in
    // progress; `being_destroyed` ends the loop); accept4 writes at most
    // `len` bytes into `ss`.
    unsafe {
        loop {
            let lfd = (*vh).listen_fd.get();
            if lfd < 0 || (*vh).being_destroyed.get() {
                return;
            }
            let mut ss: libc::sockaddr_storage = core::mem::zeroed();
            let mut len = core::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            let fd = libc::accept4(
                lfd,
                &mut ss as *mut _ as *mut libc::sockaddr,
                &mut len,
                libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            );
            if fd < 0 {
                let e = std::io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EINTR) | Some(libc::ECONNABORTED) => continue,
                    _ => return,
                }
            }
            lwsl_debug!("accepted new connection on fd {} (vhost {})\n", fd, (*vh).name.to_string_lossy());
            new_conn(vh, fd, &mut ss, len);
        }
    }
}

/// The layout of C's `struct lws_filter_network_conn_args` (declared in
/// the hand-written lws-callbacks.h), which FILTER_NETWORK_CONNECTION's
/// `user` points to.
#[repr(C)]
struct FilterNetworkConnArgs {
    cli_addr: libc::sockaddr_storage,
    clilen: libc::socklen_t,
    accept_fd: c_int,
}

/// Makes a connection of the accepted socket `fd` on `vh`: the filter
/// callback, then the wsi, its registration, TLS and the creation
/// callbacks.  Closes `fd` when refused.
///
/// # Safety
/// `vh` valid, `ss` valid, `fd` an accepted socket.
pub(crate) unsafe fn new_conn(vh: *mut lws_vhost, fd: c_int, ss: *mut libc::sockaddr_storage, sslen: libc::socklen_t) {
    // SAFETY: `vh`, its context and `ss` are valid (caller); the
    // temporary wsi outlives the filter callback; the new wsi is a fresh
    // Box, freed here only on the failure paths before anything else can
    // reach it (its slot released, its fd deregistered), and kept
    // allocated through its own callbacks (`cb` counts itself in
    // `in_cb`).  A filter callback may destroy `vh`: it stays allocated
    // until the end of the pass, and no connection is made on it (before
    // that check one was, and read the freed vhost at its first request:
    // valgrind).
    unsafe {
        let ctx = (*vh).context;
        let p0 = (*vh).protocols.as_ptr();
        // the listen wsi's callback (its fd is the listener's): user =
        // a `struct lws_filter_network_conn_args`, in = the new fd; the
        // same wsi for every connection, as the oracle's listen wsi (a
        // shared port's connections come through the first vhost's); a
        // temporary one (freed also if the callback's thread unwinds) when
        // the listener has none
        let persistent = (*vh).listen_wsi.get();
        let temp = if persistent.is_null() {
            let t = crate::core::wsi::FakeWsi::new(ctx, vh, p0);
            (*t.0).c.t.fd.set((*vh).listen_fd.get());
            Some(t)
        } else {
            None
        };
        let lw = temp.as_ref().map_or(persistent, |t| t.0);
        let mut args = FilterNetworkConnArgs {
            cli_addr: *ss,
            clilen: sslen,
            accept_fd: fd,
        };
        let r = call_protocol(
            lw,
            p0,
            R::LWS_CALLBACK_FILTER_NETWORK_CONNECTION,
            &mut args as *mut FilterNetworkConnArgs as *mut c_void,
            fd as isize as *mut c_void,
            0,
        );
        drop(temp);
        // a filter callback that destroyed the vhost: no connection is made
        // on it (it is freed at the end of the pass, under the connection)
        if r != 0 || (*vh).being_destroyed.get() {
            libc::close(fd);
            return;
        }
        let one: c_int = 1;
        libc::setsockopt(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, &one as *const _ as *const c_void, 4);
        set_keepalive(fd, (*ctx).net.ka.get());
        let wsi = Box::into_raw(Box::new(lws::new(ctx, vh, p0, false)));
        (*wsi).c.t.fd.set(fd);
        let Some(token) = register_conn(ctx, wsi, fd, None) else {
            libc::close(fd);
            drop(Box::from_raw(wsi));
            return;
        };
        if !io::start_server_tls(wsi) {
            (*ctx).net.release_slot(token);
            let _ = (*ctx).poll.borrow().registry().deregister(&mut mio::unix::SourceFd(&fd));
            libc::close(fd);
            drop(Box::from_raw(wsi));
            return;
        }
        // the HTTP parser is made when the first bytes arrive (see h1_parser)
        crate::core::wsi::set_timeout(wsi, TO_HANDSHAKE, (*ctx).net.ah_idle_secs);
        // the oracle makes the wsi without a socket, sends WSI_CREATE and
        // attaches the socket afterwards: lws_get_socket_fd is -1 there
        let created = {
            let _hide = HideFd::new(wsi);
            cb(wsi, R::LWS_CALLBACK_WSI_CREATE, core::ptr::null_mut(), 0) == 0
        };
        if !created || cb(wsi, R::LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED, core::ptr::null_mut(), 0) != 0 {
            close(wsi);
            return;
        }
        finish(wsi);
    }
}


/// Applies the context's TCP keepalive settings (`ka_time` seconds idle
/// before probing, `ka_probes` probes, `ka_interval` seconds apart) to an
/// accepted socket; `ka_time` 0 leaves the system default (off).
///
/// # Safety
/// None beyond `fd` being the caller's socket (setsockopt on a bad fd
/// fails harmlessly).
pub(crate) unsafe fn set_keepalive(fd: c_int, (time, probes, interval): (c_int, c_int, c_int)) {
    if time == 0 {
        return;
    }
    // SAFETY: setsockopt reads one c_int from the closure's local `v`.
    let opt = |level: c_int, name: c_int, v: c_int| unsafe {
        libc::setsockopt(fd, level, name, &v as *const c_int as *const c_void, core::mem::size_of::<c_int>() as libc::socklen_t)
    };
    opt(libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1);
    opt(libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, time);
    if probes > 0 {
        opt(libc::IPPROTO_TCP, libc::TCP_KEEPCNT, probes);
    }
    if interval > 0 {
        opt(libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, interval);
    }
}

/// While alive, `lws_get_socket_fd(wsi)` answers -1; shown again when
/// dropped, also if the callback's thread unwinds.
struct HideFd(*mut lws);

impl HideFd {
    /// # Safety
    /// `wsi` valid for the guard's life.
    unsafe fn new(wsi: *mut lws) -> HideFd {
        // SAFETY: `wsi` valid (caller).
        unsafe { (*wsi).c.t.fd_hidden.set(true) };
        HideFd(wsi)
    }
}

impl Drop for HideFd {
    fn drop(&mut self) {
        // SAFETY: new()'s contract: the wsi outlives the guard
        unsafe { (*self.0).c.t.fd_hidden.set(false) };
    }
}
