//! C API of `libwebsockets/lws-vfs.h`: the file-operations abstraction
//! (`struct lws_plat_file_ops`) through which lws reads files it serves,
//! plus the POSIX implementation of those operations.
//!
//! A chain of fops starts with the platform fops; further entries claim
//! paths containing one of their signatures (for example `.zip/`) followed
//! by a slash, and get the part of the path after it as `vpath`.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::vfs::*;
use core::ptr::null_mut;

use crate::api::base::{lws_fileofs_t, lws_filepos_t, lws_fop_flags_t};
use crate::core::lws_context;





/// The POSIX platform fops, for the context to store (upstream's context
/// embeds a copy and `lws_get_fops` returns a pointer to it).
pub fn platform_fops() -> lws_plat_file_ops {
    lws_plat_file_ops {
        open: Some(_lws_plat_file_open),
        close: Some(_lws_plat_file_close),
        seek_cur: Some(_lws_plat_file_seek_cur),
        read: Some(_lws_plat_file_read),
        write: Some(_lws_plat_file_write),
        fi: [lws_fops_index { sig: core::ptr::null(), len: 0 }; 3],
        next: core::ptr::null(),
    }
}

/// Returns the context's fops chain.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_get_fops(context: *mut lws_context) -> *mut lws_plat_file_ops {
    ffi_guard!(null_mut(), {
        if context.is_null() {
            return null_mut();
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        unsafe { (*context).fops.get() as *mut lws_plat_file_ops }
    })
}

/// Replaces the context's fops chain.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_set_fops(context: *mut lws_context, fops: *const lws_plat_file_ops) {
    ffi_guard!((), {
        if context.is_null() || fops.is_null() {
            return;
        }
        // SAFETY: a non-NULL context is alive (the C contract, api/mod.rs).
        // The chain `fops` must stay valid while set (the C contract).
        unsafe { (*context).fops.set(fops) };
    })
}

/// Current position in the file.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vfs_tell(fop_fd: lws_fop_fd_t) -> lws_filepos_t {
    // SAFETY: a non-NULL file handle is a live lws_fop_fd (the C contract).
    ffi_guard!(0, { unsafe { fop_fd.as_ref() }.map_or(0, |f| f.pos) })
}

/// Length of the file.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vfs_get_length(fop_fd: lws_fop_fd_t) -> lws_filepos_t {
    // SAFETY: a non-NULL file handle is a live lws_fop_fd (the C contract).
    ffi_guard!(0, { unsafe { fop_fd.as_ref() }.map_or(0, |f| f.len) })
}

/// Modification time of the file (valid with `LWS_FOP_FLAG_MOD_TIME_VALID`).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vfs_get_mod_time(fop_fd: lws_fop_fd_t) -> u32 {
    // SAFETY: a non-NULL file handle is a live lws_fop_fd (the C contract).
    ffi_guard!(0, { unsafe { fop_fd.as_ref() }.map_or(0, |f| f.mod_time) })
}

/// The seek operation of a file's fops.
///
/// # Safety
/// `fop_fd` NULL or a live file, its `fops` NULL or valid.
unsafe fn seek_cur_of(fop_fd: lws_fop_fd_t) -> Option<unsafe extern "C-unwind" fn(lws_fop_fd_t, lws_fileofs_t) -> lws_fileofs_t> {
    // SAFETY: NULL or a live file (caller).
    let f = unsafe { fop_fd.as_ref() }?;
    // SAFETY: NULL or the valid fops the file was opened with (caller).
    unsafe { f.fops.as_ref() }?.seek_cur
}

/// Seeks to `offset` from the start.  Returns the new position, or -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vfs_file_seek_set(fop_fd: lws_fop_fd_t, offset: lws_fileofs_t) -> lws_fileofs_t {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL file handle is a live file of valid fops (the C
        // contract), here and below; `seek` is its operation, called through
        // call_out with it.
        let Some(seek) = (unsafe { seek_cur_of(fop_fd) }) else { return -1 };
        // SAFETY: see above (not NULL: seek_cur_of found its fops).
        let rel = offset.wrapping_sub(unsafe { (*fop_fd).pos } as lws_fileofs_t);
        // SAFETY: see above.
        crate::cancel::call_out(|| unsafe { seek(fop_fd, rel) })
    })
}

/// Seeks relative to the end.  Like Debian's library, the relative move
/// handed to the fops is `len + pos + offset` (the POSIX fops clamp it to
/// the end of the file, so from any position but 0 this lands at the end).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vfs_file_seek_end(fop_fd: lws_fop_fd_t, offset: lws_fileofs_t) -> lws_fileofs_t {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL file handle is a live file of valid fops (the C
        // contract), here and below; `seek` is its operation, called through
        // call_out with it.
        let Some(seek) = (unsafe { seek_cur_of(fop_fd) }) else { return -1 };
        // SAFETY: see above (not NULL: seek_cur_of found its fops).
        let f = unsafe { &*fop_fd };
        let rel = (f.len as lws_fileofs_t).wrapping_add(f.pos as lws_fileofs_t).wrapping_add(offset);
        // SAFETY: see above.
        crate::cancel::call_out(|| unsafe { seek(fop_fd, rel) })
    })
}

/// Picks the fops in the chain whose signature, followed by '/', appears in
/// `vfs_path`; sets `*vpath` to what follows.  The first entry (the
/// platform fops) is the default.
///
/// # Safety
/// `fops` a valid chain whose signatures have `len` bytes; `vfs_path`
/// NULL or a C string.
unsafe fn select_fops(fops: *const lws_plat_file_ops, vfs_path: *const c_char, vpath: &mut *const c_char) -> *const lws_plat_file_ops {
    *vpath = core::ptr::null();
    // SAFETY: a valid chain (caller), here and for each `next` below.
    let head = unsafe { &*fops };
    if head.next.is_null() {
        return fops;
    }
    // SAFETY: NULL or a C string (caller).
    let Some(path) = (unsafe { crate::ffi::cstr_bytes(vfs_path) }) else { return fops };
    for (i, &c) in path.iter().enumerate() {
        if c != b'/' {
            continue;
        }
        let mut pf = head.next;
        // SAFETY: NULL or the next entry of the valid chain (caller).
        while let Some(p) = unsafe { pf.as_ref() } {
            for fi in p.fi.iter() {
                if fi.sig.is_null() {
                    break;
                }
                let len = fi.len as usize;
                if len == 0 || i < len {
                    continue;
                }
                // compare the len - 1 bytes ending at the slash (exclusive)
                // SAFETY: a signature has `len` bytes (caller); `len >= 1`.
                let sig = unsafe { core::slice::from_raw_parts(fi.sig as *const u8, len - 1) };
                let start = i + 1 - len;
                if &path[start..i] == sig {
                    // SAFETY: `i` indexes `path`, so `i + 1` is at most its NUL.
                    *vpath = unsafe { vfs_path.add(i + 1) };
                    return pf;
                }
            }
            pf = p.next;
        }
    }
    fops
}

/// Opens `vfs_path` with the fops of `fops`'s chain that claims it.
/// Returns NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_vfs_file_open(
    fops: *const lws_plat_file_ops,
    vfs_path: *const c_char,
    flags: *mut lws_fop_flags_t,
) -> lws_fop_fd_t {
    ffi_guard!(null_mut(), {
        if fops.is_null() || vfs_path.is_null() || flags.is_null() {
            return null_mut();
        }
        let mut vpath = core::ptr::null();
        // SAFETY: non-NULL, so a valid chain and a C string (the C contract).
        let selected = unsafe { select_fops(fops, vfs_path, &mut vpath) };
        // SAFETY: an entry of that chain.
        let Some(open) = (unsafe { (*selected).open }) else { return null_mut() };
        // Debian's library hands the head of the chain, not the selected
        // entry, to the open callback.
        // SAFETY: the application's (or our) open operation, with the
        // arguments it is documented with, through call_out.
        crate::cancel::call_out(|| unsafe { open(fops, vfs_path, vpath, flags) })
    })
}

/// POSIX open: `open()` with the low bits of `*flags`, mode 0664.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_file_open(
    fops: *const lws_plat_file_ops,
    filename: *const c_char,
    vpath: *const c_char,
    flags: *mut lws_fop_flags_t,
) -> lws_fop_fd_t {
    ffi_guard!(null_mut(), {
        let _ = vpath;
        if filename.is_null() || flags.is_null() {
            return null_mut();
        }
        // SAFETY: non-NULL, the caller's flags (the C contract).
        let fl = unsafe { *flags };
        // SAFETY: `filename` is a non-NULL C string (the C contract).
        let fd = unsafe { libc::open(filename, (fl & LWS_FOP_FLAGS_MASK) as c_int, 0o664 as libc::c_uint) };
        if fd < 0 {
            return null_mut();
        }
        // SAFETY: an all-zero struct stat is valid.
        let mut st: libc::stat = unsafe { core::mem::zeroed() };
        // SAFETY: our fd and a local out struct.
        if unsafe { libc::fstat(fd, &mut st) } < 0 {
            // SAFETY: the fd this call opened, closed once on this failure path.
            unsafe { libc::close(fd) };
            return null_mut();
        }
        // malloc'd, like upstream, so C fops wrappers may free it
        // SAFETY: plain malloc; NULL is checked.
        let p = unsafe { libc::malloc(core::mem::size_of::<lws_fop_fd>()) } as lws_fop_fd_t;
        if p.is_null() {
            // SAFETY: the fd this call opened, closed once on this failure path.
            unsafe { libc::close(fd) };
            return null_mut();
        }
        // SAFETY: `p` is a fresh malloc of one lws_fop_fd (not NULL), so
        // writing a whole value initialises it.
        unsafe {
            p.write(lws_fop_fd {
                fd,
                fops,
                filesystem_priv: null_mut(),
                pos: 0,
                len: st.st_size as lws_filepos_t,
                flags: fl,
                mod_time: 0,
            });
        }
        p
    })
}

/// POSIX close: frees the file object, sets `*fop_fd` to NULL and returns
/// what `close()` returned.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_file_close(fop_fd: *mut lws_fop_fd_t) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: a non-NULL `fop_fd` points to the caller's handle (the C
        // contract).
        if fop_fd.is_null() || unsafe { (*fop_fd).is_null() } {
            return -1;
        }
        // SAFETY: the handle is a live file malloc'd by our open (these are
        // the platform fops), freed once: the caller's handle is NULLed.
        unsafe {
            let fd = (**fop_fd).fd;
            libc::free(*fop_fd as *mut c_void);
            *fop_fd = null_mut();
            libc::close(fd)
        }
    })
}

/// POSIX relative seek, clamped to the file: returns the new position or
/// -1.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_file_seek_cur(fop_fd: lws_fop_fd_t, offset: lws_fileofs_t) -> lws_fileofs_t {
    ffi_guard!(-1, {
        // SAFETY: NULL or a live file, used by nothing else during the call
        // (the C contract).
        let Some(f) = (unsafe { fop_fd.as_mut() }) else { return -1 };
        let mut offset = offset;
        let remain = (f.len as lws_fileofs_t).wrapping_sub(f.pos as lws_fileofs_t);
        if offset > 0 && offset > remain {
            offset = remain;
        }
        if (f.pos as lws_fileofs_t).wrapping_add(offset) < 0 {
            offset = -(f.pos as lws_fileofs_t);
        }
        // SAFETY: plain lseek on the file's fd.
        let r = unsafe { libc::lseek(f.fd, offset as libc::off_t, libc::SEEK_CUR) } as lws_fileofs_t;
        if r >= 0 {
            f.pos = r as lws_filepos_t;
        } else {
            lwsl_err!("error seeking from cur {}, offset {}\n", f.pos, offset);
        }
        r
    })
}

/// POSIX read of up to `len` bytes: 0 with `*amount` set, or -1 (with
/// `*amount` 0).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_file_read(
    fop_fd: lws_fop_fd_t,
    amount: *mut lws_filepos_t,
    buf: *mut u8,
    len: lws_filepos_t,
) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a live file, used by nothing else during the call
        // (the C contract).
        let Some(f) = (unsafe { fop_fd.as_mut() }) else { return -1 };
        // SAFETY: `buf` has `len` writable bytes (the C contract).
        let n = unsafe { libc::read(f.fd, buf as *mut c_void, len as usize) };
        // SAFETY: `amount` NULL or the caller's out count (the C contract).
        unsafe { finish_io(f, amount, n) }
    })
}

/// POSIX write of `len` bytes: 0 with `*amount` set, or -1 (with `*amount`
/// 0).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn _lws_plat_file_write(
    fop_fd: lws_fop_fd_t,
    amount: *mut lws_filepos_t,
    buf: *mut u8,
    len: lws_filepos_t,
) -> c_int {
    ffi_guard!(-1, {
        // SAFETY: NULL or a live file, used by nothing else during the call
        // (the C contract).
        let Some(f) = (unsafe { fop_fd.as_mut() }) else { return -1 };
        // SAFETY: `buf` has `len` readable bytes (the C contract).
        let n = unsafe { libc::write(f.fd, buf as *const c_void, len as usize) };
        // SAFETY: `amount` NULL or the caller's out count (the C contract).
        unsafe { finish_io(f, amount, n) }
    })
}

/// Accounts a read or write of `n` bytes (negative: failed).
///
/// # Safety
/// `amount` NULL or writable.  (Was a safe fn writing through it.)
unsafe fn finish_io(f: &mut lws_fop_fd, amount: *mut lws_filepos_t, n: isize) -> c_int {
    let (ret, amt) = if n < 0 { (-1, 0) } else { (0, n as lws_filepos_t) };
    f.pos = f.pos.wrapping_add(amt);
    if !amount.is_null() {
        // SAFETY: not NULL, so writable (caller).
        unsafe { *amount = amt };
    }
    ret
}

#[cfg(test)]
// test code: our own fops and files
#[allow(clippy::undocumented_unsafe_blocks)]
mod tests {
    use super::*;

    // Expected values from Debian's libwebsockets.so.17.
    #[test]
    fn posix_fops_match_oracle() {
        let dir = std::env::temp_dir().join(format!("lwsrs-vfs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.txt");
        std::fs::write(&path, b"hello world 0123456789\n").unwrap();
        let cpath = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        let plat = platform_fops();
        unsafe {
            let mut fl = libc::O_RDONLY as u32 | LWS_FOP_FLAG_COMPR_ACCEPTABLE_GZIP;
            let mut f = lws_vfs_file_open(&plat, cpath.as_ptr(), &mut fl);
            assert!(!f.is_null());
            assert_eq!((*f).flags, 0x1000000);
            assert_eq!(lws_vfs_get_length(f), 23);
            let mut buf = [0u8; 64];
            let mut amt = 0;
            assert_eq!(_lws_plat_file_read(f, &mut amt, buf.as_mut_ptr(), 5), 0);
            assert_eq!((amt, lws_vfs_tell(f)), (5, 5));
            assert_eq!(_lws_plat_file_seek_cur(f, 3), 8);
            assert_eq!(_lws_plat_file_seek_cur(f, 1000), 23);
            assert_eq!(_lws_plat_file_seek_cur(f, -1000), 0);
            assert_eq!(lws_vfs_file_seek_set(f, 4), 4);
            assert_eq!(lws_vfs_file_seek_end(f, -3), 23);
            assert_eq!(lws_vfs_file_seek_set(f, 0), 0);
            assert_eq!(lws_vfs_file_seek_end(f, -3), 20);
            assert_eq!(_lws_plat_file_read(f, &mut amt, buf.as_mut_ptr(), 64), 0);
            assert_eq!((amt, lws_vfs_tell(f)), (3, 23));
            assert_eq!(_lws_plat_file_write(f, &mut amt, buf.as_mut_ptr(), 3), -1);
            assert_eq!(amt, 0);
            assert_eq!(_lws_plat_file_close(&mut f), 0);
            assert!(f.is_null());
            let mut fl = 0;
            assert!(lws_vfs_file_open(&plat, c"/nonexistent-lws".as_ptr(), &mut fl).is_null());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    static SEEN: std::sync::Mutex<Option<(usize, usize)>> = std::sync::Mutex::new(None);
    unsafe extern "C-unwind" fn myopen(
        fops: *const lws_plat_file_ops,
        fname: *const c_char,
        vpath: *const c_char,
        _fl: *mut lws_fop_flags_t,
    ) -> lws_fop_fd_t {
        let off = if vpath.is_null() { usize::MAX } else { vpath as usize - fname as usize };
        *SEEN.lock().unwrap() = Some((fops as usize, off));
        null_mut()
    }

    #[test]
    fn fops_selection_matches_oracle() {
        let mut plat = platform_fops();
        let mut zip = platform_fops();
        zip.open = Some(myopen);
        zip.fi[0] = lws_fops_index { sig: c".zip/".as_ptr(), len: 5 };
        zip.fi[1] = lws_fops_index { sig: c".tgz/".as_ptr(), len: 5 };
        plat.next = &zip;
        let mut fl = 0;
        unsafe {
            lws_vfs_file_open(&plat, c"/a/b.zip/c/d".as_ptr(), &mut fl);
            assert_eq!(SEEN.lock().unwrap().take(), Some((&plat as *const _ as usize, 9)));
            lws_vfs_file_open(&plat, c"/a/b.tgz/c/d".as_ptr(), &mut fl);
            assert_eq!(SEEN.lock().unwrap().take(), Some((&plat as *const _ as usize, 9)));
            lws_vfs_file_open(&plat, c"x.zip/".as_ptr(), &mut fl);
            assert_eq!(SEEN.lock().unwrap().take(), Some((&plat as *const _ as usize, 6)));
            lws_vfs_file_open(&plat, c".zip/".as_ptr(), &mut fl);
            assert_eq!(SEEN.lock().unwrap().take(), None);
            lws_vfs_file_open(&zip, c"/a/b.zip/c/d".as_ptr(), &mut fl);
            assert_eq!(SEEN.lock().unwrap().take(), Some((&zip as *const _ as usize, usize::MAX)));
        }
    }
}
