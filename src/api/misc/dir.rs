//! Directory walking: `lws_dir`, `lws_dir_rm_rf_cb`, `lws_dir_glob_cb`.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Callback of `lws_dir()`: nonzero stops the walk.  (C declares
/// `lws_dir_callback_function` as a function type, in lws-misc.h.)
pub(crate) type DirCb =
    Option<unsafe extern "C" fn(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int>;

fn dtype_to_ldot(t: u8) -> lws_dir_obj_type_t {
    use lws_dir_obj_type::*;
    match t {
        libc::DT_BLK => LDOT_BLOCK,
        libc::DT_CHR => LDOT_CHAR,
        libc::DT_DIR => LDOT_DIR,
        libc::DT_FIFO => LDOT_FIFO,
        libc::DT_LNK => LDOT_LINK,
        libc::DT_REG => LDOT_FILE,
        libc::DT_SOCK => LDOTT_SOCKET,
        _ => LDOT_UNKNOWN,
    }
}

/// Calls `cb` for each entry of `dirpath` except "." and "..", in
/// alphabetical order, until it returns nonzero.  Returns 0, or 1 if the
/// directory cannot be opened.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dir(
    dirpath: *const c_char,
    user: *mut c_void,
    cb: Option<unsafe extern "C" fn(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int>,
) -> c_int {
    ffi_guard!(1, {
        let cb: DirCb = cb;
        let Some(cb) = cb else { return 1 };
        // SAFETY: `dirpath` NULL or a C string (the C contract); the callback
        // the application's.
        unsafe { dir_walk(dirpath, user, crate::cancel::CUnwind::unwind(cb)) }
    })
}

/// The body of `lws_dir`, with the callback as `"C-unwind"`.
///
/// # Safety
/// `dirpath` is NULL or a C string; `cb` may be called with `user`.
unsafe fn dir_walk(
    dirpath: *const c_char,
    user: *mut c_void,
    cb: unsafe extern "C-unwind" fn(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int,
) -> c_int {
    if dirpath.is_null() {
        return 1;
    }
    // SAFETY: a non-NULL C string (caller).
    let d = unsafe { libc::opendir(dirpath) };
    if d.is_null() {
        // SAFETY: as above.
        lwsl_info!("lws_dir: cannot open {}\n", unsafe { CStr::from_ptr(dirpath) }.to_string_lossy());
        return 1;
    }
    let mut entries: Vec<(std::ffi::CString, u8)> = Vec::new();
    loop {
        // SAFETY: `d` is the open directory stream, closed once below.
        let e = unsafe { libc::readdir(d) };
        if e.is_null() {
            break;
        }
        // SAFETY: readdir's entry stays valid until the next readdir on `d`;
        // its name is NUL-terminated.
        let name = unsafe { CStr::from_ptr((*e).d_name.as_ptr()) };
        if name.to_bytes() == b"." || name.to_bytes() == b".." {
            continue;
        }
        // SAFETY: as above.
        entries.push((name.to_owned(), unsafe { (*e).d_type }));
    }
    // SAFETY: the stream opendir gave, closed once.
    unsafe { libc::closedir(d) };
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    for (name, t) in &entries {
        let mut lde = lws_dir_entry { name: name.as_ptr(), r#type: dtype_to_ldot(*t) };
        // SAFETY: `cb` with a C string, the caller's user pointer and a local
        // entry, through call_out.
        if crate::cancel::call_out(|| unsafe { cb(dirpath, user, &mut lde) }) != 0 {
            break;
        }
    }
    0
}

/// `dir/name` as a C string.
///
/// # Safety
/// Both NULL or C strings.  (Was a safe fn dereferencing them.)
unsafe fn join_path(dir: *const c_char, name: *const c_char) -> Option<std::ffi::CString> {
    // SAFETY: NULL or a C string (caller).
    let d = unsafe { cstr_bytes(dir) }?;
    // SAFETY: as above.
    let n = unsafe { cstr_bytes(name) }?;
    let mut v = d.to_vec();
    v.push(b'/');
    v.extend_from_slice(n);
    std::ffi::CString::new(v).ok()
}

/// `lws_dir` callback deleting everything below the walked directory
/// (subdirectories recursively; the walked directory itself stays).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dir_rm_rf_cb(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int {
    ffi_guard!(0, {
        if lde.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL entry from lws_dir (the caller is lws_dir).
        let Some(path) = (unsafe { join_path(dirpath, (*lde).name) }) else { return 0 };
        // SAFETY: as above.
        if unsafe { (*lde).r#type } == lws_dir_obj_type::LDOT_DIR {
            // SAFETY: `path` is a C string; the walk recurses into it with our
            // callback; rmdir takes the C string.
            unsafe {
                // the walk itself, not the export `lws_dir`: one guard
                // per call from C (docs/architecture.md, "Entry points")
                dir_walk(path.as_ptr(), user, lws_dir_rm_rf_cb);
                libc::rmdir(path.as_ptr());
            }
        } else {
            // SAFETY: unlink of a C string.
            unsafe { libc::unlink(path.as_ptr()) };
        }
        0
    })
}

/// The glob of `lws_dir_glob_cb`: filter characters must match the name
/// one by one until a '*', after which the rest of the filter must equal
/// the rest of the name at some position.  A filter without '*' never
/// matches.
pub fn glob_match(name: &[u8], filter: &[u8]) -> bool {
    let mut f = 0;
    for i in 0..name.len() {
        if filter.get(f) == Some(&b'*') {
            if name[i..] == filter[f + 1..] {
                return true;
            }
        } else {
            if filter.get(f) != Some(&name[i]) {
                return false;
            }
            f += 1;
        }
    }
    false
}

/// `lws_dir` callback: for each non-directory entry matching the filter
/// of the `lws_dir_glob_t` passed as `user`, calls its `cb` with the path.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_dir_glob_cb(dirpath: *const c_char, user: *mut c_void, lde: *mut lws_dir_entry) -> c_int {
    ffi_guard!(0, {
        if user.is_null() || lde.is_null() {
            return 0;
        }
        let g = user as *const lws_dir_glob;
        // SAFETY: a non-NULL entry from lws_dir (the caller is lws_dir).
        let name_p = unsafe { (*lde).name };
        // SAFETY: an entry's name is a C string.
        let Some(name) = (unsafe { cstr_bytes(name_p) }) else { return 0 };
        // SAFETY: as above.
        if name == b"." || name == b".." || unsafe { (*lde).r#type } == lws_dir_obj_type::LDOT_DIR {
            return 0;
        }
        // SAFETY: `user` is the application's lws_dir_glob (its contract as
        // lws_dir_glob_cb's user), whose filter is NULL or a C string.
        let Some(filter) = (unsafe { cstr_bytes((*g).filter) }) else { return 0 };
        if glob_match(name, filter) {
            // SAFETY: as above.
            if let (Some(cb), Some(path)) = (unsafe { (*g).cb }, unsafe { join_path(dirpath, name_p) }) {
                // SAFETY: the application's callback with its own user pointer and a C
                // string, through call_out.
                crate::cancel::call_out(|| unsafe { crate::cancel::CUnwind::unwind(cb)((*g).user, path.as_ptr()) });
            }
        }
        0
    })
}
