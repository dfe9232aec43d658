//! Placeholders for types owned by other groups, used by pointer only in
//! utilA's groups.  The lead replaces them with the real types at merge.

/// Owned by the core helper (lws-context-vhost.h).
pub struct lws_context_creation_info {
    _p: [u8; 0],
}
