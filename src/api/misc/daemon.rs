//! `lws_daemonize`.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

fn pid_alive(path: &CStr) -> bool {
    let Ok(s) = std::fs::read_to_string(path.to_string_lossy().as_ref()) else { return false };
    match s.trim().parse::<libc::pid_t>() {
        // SAFETY: kill with signal 0 only checks that the process exists.
        Ok(pid) if pid > 0 => (unsafe { libc::kill(pid, 0) }) == 0,
        _ => false,
    }
}

/// Forks into the background.  The parent exits once the child has
/// written its pid to `_lock_path` (if given); the child starts a new
/// session, moves to "/" and detaches stdio.  Returns 0 in the child, 1 if
/// the lock file names a running process, -1 on error.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_daemonize(_lock_path: *const c_char) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let lock = if _lock_path.is_null() { None } else { Some(unsafe { CStr::from_ptr(_lock_path) }) };
        if let Some(l) = lock {
            if pid_alive(l) {
                lwsl_err!("lws_daemonize: {} names a running process\n", l.to_string_lossy());
                return 1;
            }
        }
        let mut fds: [c_int; 2] = [0; 2];
        // SAFETY: a local array of two fds.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return -1;
        }
        // SAFETY: fork; the child goes on with only this thread, as upstream's
        // lws_daemonize (a program calls it before starting threads).
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            // SAFETY: closing this call's own pipe fds.
            unsafe {
                libc::close(fds[0]);
                libc::close(fds[1]);
            }
            return -1;
        }
        if pid > 0 {
            // Parent: wait until the child is set up, then leave.
            let mut b = 0u8;
            // SAFETY: reads one byte into a local from this call's pipe; exits the
            // parent process.
            unsafe {
                libc::close(fds[1]);
                libc::read(fds[0], &mut b as *mut u8 as *mut c_void, 1);
                libc::_exit(0);
            }
        }
        // SAFETY: plain libc calls on this call's pipe and the process
        // (setsid, umask).
        unsafe {
            libc::close(fds[0]);
            libc::setsid();
            libc::umask(0o022);
        }
        if let Some(l) = lock {
            // SAFETY: plain getpid.
            let pid = unsafe { libc::getpid() };
            if std::fs::write(l.to_string_lossy().as_ref(), format!("{pid}\n")).is_err() {
                lwsl_err!("lws_daemonize: cannot write {}\n", l.to_string_lossy());
            }
        }
        // SAFETY: plain libc calls with C string literals and our own fds:
        // chdir to "/", stdio to /dev/null, then one byte to the parent
        // through this call's pipe, which is closed.
        unsafe {
            let _ = libc::chdir(c"/".as_ptr());
            let fd = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            if fd >= 0 {
                libc::dup2(fd, 0);
                libc::dup2(fd, 1);
                libc::dup2(fd, 2);
                if fd > 2 {
                    libc::close(fd);
                }
            }
            libc::write(fds[1], b"1".as_ptr() as *const c_void, 1);
            libc::close(fds[1]);
        }
        0
    })
}
