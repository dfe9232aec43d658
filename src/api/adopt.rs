//! C API of `libwebsockets/lws-adopt.h` (types and functions; see the hand-written
//! header of the same name for its macros and inline helpers).
