//! C-ABI types and constants of `libwebsockets/lws-dll2.h` (layouts and values of
//! Debian's 4.1.6 headers); its functions are in `crate::api::dll2`.


/// A list element, embedded in the caller's object.
#[repr(C)]
#[derive(Debug)]
pub struct lws_dll2 {
    pub prev: *mut lws_dll2,
    pub next: *mut lws_dll2,
    /// The list this element is on, NULL when detached.
    pub owner: *mut lws_dll2_owner,
}

pub type lws_dll2_t = lws_dll2;

/// The list itself.
#[repr(C)]
#[derive(Debug)]
pub struct lws_dll2_owner {
    pub tail: *mut lws_dll2,
    pub head: *mut lws_dll2,
    pub count: u32,
}

pub type lws_dll2_owner_t = lws_dll2_owner;

