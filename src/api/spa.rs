//! C API of `libwebsockets/lws-spa.h`: the stateful POST argument parser
//! (urlencoded and multipart form bodies, with file-upload streaming).
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_void};
pub use crate::abi::spa::*;
use core::ptr::{null, null_mut};

use crate::core::lws;
use crate::api::lwsac::lwsac;



/// A POST argument parser (opaque to C).
pub struct lws_spa {
    p: crate::http::spa::Spa,
    opt_cb: lws_spa_fileupload_cb,
    opt_data: *mut c_void,
    ac: *mut *mut lwsac,
    ac_chunk_size: usize,
    wsi: *mut lws,
}


struct Hooks {
    opt_cb: lws_spa_fileupload_cb,
    opt_data: *mut c_void,
    ac: *mut *mut lwsac,
    ac_chunk_size: usize,
    wsi: *mut lws,
}

// SAFETY: ac_alloc answers NULL or lwsac_use's fresh `len + 1` bytes of
// the spa's own lwsac, which lives as long as the parser's values.
unsafe impl crate::http::spa::Hooks for Hooks {
    fn file(&mut self, name: *const u8, filename: *const u8, buf: *mut u8, len: c_int, state: c_int) -> c_int {
        match self.opt_cb {
            // SAFETY: the application's upload callback with its own data and the
            // parser's NUL-terminated names and buffer, through call_out.
            Some(f) => crate::cancel::call_out(|| unsafe {
                crate::cancel::CUnwind::unwind(f)(self.opt_data, name as *const c_char, filename as *const c_char, buf as *mut c_char, len, state)
            }),
            None => 0,
        }
    }
    fn has_file_cb(&self) -> bool {
        self.opt_cb.is_some()
    }
    fn ac_alloc(&mut self, len: usize) -> *mut u8 {
        // SAFETY: the spa's lwsac head (the application's `ac`, valid while the
        // spa is: lws_spa_create_info's contract).
        unsafe { crate::api::lwsac::lwsac_use(self.ac, len + 1, self.ac_chunk_size) as *mut u8 }
    }
    fn uses_ac(&self) -> bool {
        !self.ac.is_null()
    }
    fn completed(&mut self) {
        // the multipart end marker: the rest of the body counts as received
        if !self.wsi.is_null() {
            // SAFETY: the spa's wsi, the live connection whose body this is (the C
            // contract: a spa lives within its transaction).
            unsafe { crate::core::conn::body_received(self.wsi) };
        }
    }
}

/// Runs `f` on the parser with its hooks.  The parser is moved out of the
/// spa meanwhile, so a callback into C holds no Rust reference to it.
///
/// # Safety
/// `spa` valid, and not destroyed by a callback `f` makes.
unsafe fn with_parser<T>(spa: *mut lws_spa, f: impl FnOnce(&mut crate::http::spa::Spa, &mut Hooks) -> T) -> T {
    // SAFETY: `spa` valid (caller); the parser is moved out for the call and
    // back after, so the callbacks inside see no borrowed parser.
    unsafe {
        let mut h = Hooks {
            opt_cb: (*spa).opt_cb,
            opt_data: (*spa).opt_data,
            ac: (*spa).ac,
            ac_chunk_size: (*spa).ac_chunk_size,
            wsi: (*spa).wsi,
        };
        let mut p = core::mem::replace(&mut (*spa).p, crate::http::spa::Spa::new(Vec::new(), 1, None));
        let r = f(&mut p, &mut h);
        (*spa).p = p;
        r
    }
}

/// Creates a parser for the body of `wsi`'s POST.  NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_create(
    wsi: *mut lws,
    param_names: *const *const c_char,
    count_params: c_int,
    max_storage: c_int,
    opt_cb: lws_spa_fileupload_cb,
    opt_data: *mut c_void,
) -> *mut lws_spa {
    ffi_guard!(null_mut(), {
        let i = lws_spa_create_info {
            param_names,
            count_params,
            max_storage,
            opt_cb,
            opt_data,
            param_names_stride: 0,
            ac: null_mut(),
            ac_chunk_size: 0,
        };
        // SAFETY: the caller's arguments, in a local info.
        unsafe { lws_spa_create_via_info(wsi, &i) }
    })
}

/// As `lws_spa_create`, with the parameters in `info`.  NULL on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_create_via_info(wsi: *mut lws, info: *const lws_spa_create_info_t) -> *mut lws_spa {
    ffi_guard!(null_mut(), {
        if info.is_null() {
            return null_mut();
        }
        // SAFETY: a non-NULL info is valid (the C contract).
        let i = unsafe { &*info };
        let count = i.count_params.max(0) as usize;
        let mut names = Vec::with_capacity(count);
        if count > 0 && i.param_names.is_null() {
            return null_mut();
        }
        let mut pp = i.param_names as *const u8;
        for _ in 0..count {
            // SAFETY: `param_names` holds `count_params` name pointers, `stride`
            // bytes apart (or packed) (the C contract).
            let np = unsafe { *(pp as *const *const c_char) };
            // SAFETY: each is NULL or a C string (same contract).
            names.push(unsafe { crate::ffi::cstr_bytes(np) }.unwrap_or(b"").to_vec());
            // SAFETY: stepping to the next entry of that array (the last step may
            // land one past its end, never read).
            pp = unsafe {
                if i.param_names_stride != 0 {
                    pp.add(i.param_names_stride)
                } else {
                    pp.add(core::mem::size_of::<*const c_char>())
                }
            };
        }
        // the Content-Type as lws_hdr_copy gives it into a 205-byte buffer
        let mut ct = [0u8; 205];
        let n = if wsi.is_null() {
            -1
        } else {
            // SAFETY: a non-NULL wsi is a live connection (the C contract); `ct` has
            // the length given.
            unsafe {
                crate::api::http::lws_hdr_copy(wsi, ct.as_mut_ptr() as *mut c_char, ct.len() as c_int, 28)
            }
        };
        let ctype = if n > 0 { Some(&ct[..n as usize]) } else { None };
        let p = crate::http::spa::Spa::new(names, i.max_storage, ctype);
        let spa = Box::into_raw(Box::new(lws_spa {
            p,
            opt_cb: i.opt_cb,
            opt_data: i.opt_data,
            ac: i.ac,
            ac_chunk_size: i.ac_chunk_size,
            wsi,
        }));
        lwsl_debug!("lws_spa_create_via_info: Created SPA {:p}\n", spa);
        spa
    })
}

/// Feeds `len` body bytes to the parser.  Returns 0, or -1 on failure
/// (also for a NULL parser, as lws does).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_process(spa: *mut lws_spa, r#in: *const c_char, len: c_int) -> c_int {
    ffi_guard!(-1, {
        if spa.is_null() {
            lwsl_err!("lws_spa_process: NULL spa\n");
            return -1;
        }
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        if unsafe { (*spa).p.finalized } {
            return 0;
        }
        if len <= 0 || r#in.is_null() {
            return 0;
        }
        // SAFETY: `in` has `len` bytes (the C contract).
        let data = unsafe { core::slice::from_raw_parts(r#in as *const u8, len as usize) };
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        match unsafe { with_parser(spa, |p, h| p.process(h, data)) } {
            Ok(()) => 0,
            Err(_) => -1,
        }
    })
}

/// Ends the body.  Returns 0 (also for a NULL parser, as lws does), or
/// nonzero on failure.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_finalize(spa: *mut lws_spa) -> c_int {
    ffi_guard!(-1, {
        if spa.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        let _ = unsafe { with_parser(spa, |p, h| p.end(h)) };
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        unsafe { (*spa).p.finalized = true };
        0
    })
}

/// Length of the value of parameter `n` (0 if absent or no parser).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_get_length(spa: *mut lws_spa, n: c_int) -> c_int {
    ffi_guard!(0, {
        if spa.is_null() || n < 0 {
            return 0;
        }
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        let lengths = unsafe { &(*spa).p.lengths };
        lengths.get(n as usize).copied().unwrap_or(0)
    })
}

/// The value of parameter `n`, or NULL if absent (or no parser).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_get_string(spa: *mut lws_spa, n: c_int) -> *const c_char {
    ffi_guard!(null(), {
        if spa.is_null() || n < 0 {
            return null();
        }
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        unsafe { (*spa).p.string_ptr(n as usize) as *const c_char }
    })
}

/// Frees the parser (and, when it allocated from an lwsac, that lwsac).
/// Returns 0 (nothing to do for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_spa_destroy(spa: *mut lws_spa) -> c_int {
    ffi_guard!(-1, {
        if spa.is_null() {
            return 0;
        }
        lwsl_info!("lws_spa_destroy: destroy spa {:p}\n", spa);
        // SAFETY: a non-NULL spa is lws_spa_create's and not destroyed (the C
        // contract, api/mod.rs).
        // It is freed once, here, and its lwsac with it.
        unsafe {
            if (*spa).p.is_live() {
                let _ = with_parser(spa, |p, h| p.end(h));
            }
            let b = Box::from_raw(spa);
            if !b.ac.is_null() {
                crate::api::lwsac::lwsac_free(b.ac);
            }
        }
        0
    })
}
