//! C-ABI types and constants of `libwebsockets/lws-retry.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::retry`.


/// A retry and idle policy.
#[repr(C)]
#[derive(Debug)]
pub struct lws_retry_bo {
    /// Delays in ms for successive retries; the last one repeats.
    pub retry_ms_table: *const u32,
    pub retry_ms_table_count: u16,
    /// Retries to hide from the caller before reporting failure
    /// (`LWS_RETRY_CONCEAL_ALWAYS`: never report).
    pub conceal_count: u16,
    pub secs_since_valid_ping: u16,
    pub secs_since_valid_hangup: u16,
    /// Random extra delay, percent of the table delay (0 = 30%).
    pub jitter_percent: u8,
}

pub type lws_retry_bo_t = lws_retry_bo;

