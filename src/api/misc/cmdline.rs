//! `lws_cmdline_option` and `lws_cmdline_option_handle_builtin`.
#![deny(clippy::undocumented_unsafe_blocks)]

use super::*;

/// Finds option `val` in `argv[1..argc]`, scanning from the end.  Returns
/// the text after `val=`, the rest of the argument if `val` is only its
/// prefix, the following argument, or "" if it is the last one.
pub fn cmdline_option(args: &[&[u8]], val: &[u8]) -> Option<(usize, usize)> {
    for c in (1..args.len()).rev() {
        let a = args[c];
        if a.len() >= val.len() && &a[..val.len()] == val {
            if a.len() == val.len() && c < args.len() - 1 {
                return Some((c + 1, 0));
            }
            if a.get(val.len()) == Some(&b'=') {
                return Some((c, val.len() + 1));
            }
            return Some((c, val.len()));
        }
    }
    None
}

/// The arguments as byte slices (None if one is NULL).
///
/// # Safety
/// `argv` NULL or `argc` entries, each NULL or a C string alive for `'a`.
unsafe fn argv_slices<'a>(argc: c_int, argv: *const *const c_char) -> Option<Vec<&'a [u8]>> {
    if argv.is_null() || argc <= 0 {
        return None;
    }
    let mut v = Vec::with_capacity(argc as usize);
    for i in 0..argc as usize {
        // SAFETY: `argv` has `argc` entries, each NULL or a C string (the C
        // contract of a main()'s argv).
        v.push(unsafe { cstr_bytes(*argv.add(i)) }?);
    }
    Some(v)
}

#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_cmdline_option(argc: c_int, argv: *mut *const c_char, val: *const c_char) -> *const c_char {
    ffi_guard!(core::ptr::null(), {
        // SAFETY: NULL or a C string (the C contract, api/mod.rs).
        let Some(v) = (unsafe { cstr_bytes(val) }) else { return core::ptr::null() };
        // SAFETY: the caller's argc / argv (the C contract).
        let Some(args) = (unsafe { argv_slices(argc, argv) }) else { return core::ptr::null() };
        match cmdline_option(&args, v) {
            // SAFETY: `o` is within argument `i` (cmdline_option's answer).
            Some((i, o)) => unsafe { (*argv.add(i)).add(o) },
            None => core::ptr::null(),
        }
    })
}

extern "C" fn ignore_signal(_sig: c_int) {}

/// Applies the options every lws example understands: `-d <mask>` (log
/// level, default errors+warnings+notices+user), `--udp-tx-loss <pc>`,
/// `--udp-rx-loss <pc>` and `--ignore-sigterm`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_cmdline_option_handle_builtin(
    argc: c_int,
    argv: *mut *const c_char,
    info: *mut lws_context_creation_info,
) {
    ffi_guard!((), {
        use crate::log::*;
        let mut logs = LLL_USER | LLL_ERR | LLL_WARN | LLL_NOTICE;
        // SAFETY: the caller's argc / argv, and a C string.
        let opt = |name: &CStr| unsafe { lws_cmdline_option(argc, argv, name.as_ptr()) };
        // SAFETY: `p` is a C string lws_cmdline_option found in argv.
        let num = |p: *const c_char| unsafe { libc::strtol(p, core::ptr::null_mut(), 10) };
        let p = opt(c"-d");
        if !p.is_null() {
            logs = num(p) as c_int;
        }
        if !info.is_null() {
            let p = opt(c"--udp-tx-loss");
            if !p.is_null() {
                // SAFETY: a non-NULL info is the caller's (the C contract).
                unsafe { (*info).udp_loss_sim_tx_pc = num(p) as u8 };
            }
            let p = opt(c"--udp-rx-loss");
            if !p.is_null() {
                // SAFETY: as above.
                unsafe { (*info).udp_loss_sim_rx_pc = num(p) as u8 };
            }
        }
        if !opt(c"--ignore-sigterm").is_null() {
            let h: extern "C" fn(c_int) = ignore_signal;
            // SAFETY: installs a handler that does nothing (async-signal-safe).
            unsafe { libc::signal(libc::SIGTERM, h as libc::sighandler_t) };
        }
        // SAFETY: no emitter is given, only the level.
        unsafe { crate::api::logs::lws_set_log_level(logs, None) };
    })
}
