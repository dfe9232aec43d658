//! `struct lws_buflist`: a FIFO of owned byte segments, used to hold data
//! that could not be processed or sent yet.  C only ever holds a pointer to
//! the head segment.
#![deny(clippy::undocumented_unsafe_blocks)]

/// One segment (opaque to C).
pub struct lws_buflist {
    pub(crate) next: *mut lws_buflist,
    pub(crate) data: Box<[u8]>,
    /// How much of `data` has been consumed.
    pub(crate) pos: usize,
}

impl lws_buflist {
    pub(crate) fn new(data: &[u8]) -> *mut lws_buflist {
        Box::into_raw(Box::new(lws_buflist { next: core::ptr::null_mut(), data: data.into(), pos: 0 }))
    }
}
