//! `struct lws_vhost`: a virtual host (listen port, protocols, mounts).

/// A vhost (opaque to C).
pub struct lws_vhost {
    _private: (),
}
