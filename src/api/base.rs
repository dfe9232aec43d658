//! Basic types that upstream declares in `libwebsockets.h` itself, before
//! any sub-header: descriptor and time types and `struct lws_pollargs`.

pub use crate::abi::base::*;





