//! Placeholder for the `lws-misc.h` functions taking a `struct lws *` or `struct lws_context *` (written by the core helper).
