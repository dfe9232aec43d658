//! `struct lws_context`: the library instance created by
//! `lws_create_context`.

/// The context (opaque to C).
pub struct lws_context {
    _private: (),
}
