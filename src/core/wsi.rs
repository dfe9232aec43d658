//! `struct lws`: one connection ("wsi").

/// A connection (opaque to C).
pub struct lws {
    _private: (),
}
