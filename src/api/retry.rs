//! C API of `libwebsockets/lws-retry.h`: retry / backoff policies.
#![deny(clippy::undocumented_unsafe_blocks)]

use core::ffi::{c_char, c_int, c_uint};
pub use crate::abi::retry::*;

use crate::api::timeout_timer::{lws_sorted_usec_list_t, sul_cb_t};
use crate::core::{lws, lws_context};


/// Delay for the next retry; updates `*ctry` and sets `*conceal` to 1 if
/// the retry should still be hidden from the user.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_retry_get_delay_ms(
    context: *mut lws_context,
    retry: *const lws_retry_bo_t,
    ctry: *mut u16,
    conceal: *mut c_char,
) -> c_uint {
    ffi_guard!(0, {
        let _ = context;
        if retry.is_null() {
            return 0;
        }
        // SAFETY: a non-NULL policy is the application's, valid (the C
        // contract, api/mod.rs), here and for its table below.
        let r = unsafe { &*retry };
        let table: &[u32] = if r.retry_ms_table.is_null() || r.retry_ms_table_count == 0 {
            &[]
        } else {
            // SAFETY: the table has `retry_ms_table_count` entries.
            unsafe { core::slice::from_raw_parts(r.retry_ms_table, r.retry_ms_table_count as usize) }
        };
        let mut local = 0u16;
        // SAFETY: a non-NULL `ctry` is the caller's counter (the C
        // contract), not otherwise used during the call.
        let ctry: &mut u16 = if ctry.is_null() { &mut local } else { unsafe { &mut *ctry } };
        let mut rnd = [0u8; 4];
        crate::core::random::fill(&mut rnd);
        let d = crate::core::retry::delay_ms(table, r.conceal_count, r.jitter_percent, ctry, u32::from_ne_bytes(rnd));
        if !conceal.is_null() {
            // SAFETY: a non-NULL out pointer (the C contract).
            unsafe { *conceal = d.1 as c_char };
        }
        d.0
    })
}

/// Schedules `sul` for the next retry; returns 1 (without scheduling) when
/// the retries are exhausted, else 0.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_retry_sul_schedule(
    context: *mut lws_context,
    tid: c_int,
    sul: *mut lws_sorted_usec_list_t,
    retry: *const lws_retry_bo_t,
    cb: sul_cb_t,
    ctry: *mut u16,
) -> c_int {
    ffi_guard!(1, {
        if context.is_null() || sul.is_null() || retry.is_null() {
            return 1;
        }
        let mut conceal: c_char = 0;
        // SAFETY: the arguments are the caller's, under the same contract.
        let ms = unsafe { lws_retry_get_delay_ms(context, retry, ctry, &mut conceal) };
        if conceal == 0 {
            return 1;
        }
        // SAFETY: `context` and `sul` are not NULL, so valid (the C
        // contract).
        unsafe { crate::api::timeout_timer::lws_sul_schedule(context, tid, sul, cb, ms as i64 * 1000) };
        0
    })
}

/// Like `lws_retry_sul_schedule`, with the context and retry policy of
/// the connection `wsi`.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn lws_retry_sul_schedule_retry_wsi(
    wsi: *mut lws,
    sul: *mut lws_sorted_usec_list_t,
    cb: sul_cb_t,
    ctry: *mut u16,
) -> c_int {
    ffi_guard!(1, {
        if wsi.is_null() {
            return 1;
        }
        // SAFETY: a non-NULL wsi is a live connection (the C contract).
        let (ctx, retry) = unsafe { crate::core::wsi::context_and_retry(wsi) };
        // SAFETY: its context and policy, and the caller's sul and counter.
        unsafe { lws_retry_sul_schedule(ctx, 0, sul, retry, cb, ctry) }
    })
}
