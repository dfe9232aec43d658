//! C API of `libwebsockets/lws-spa.h` (types and functions; see the hand-written
//! header of the same name for its macros and inline helpers).
