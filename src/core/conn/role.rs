//! The role of a connection: what it is (an accepted HTTP/1 connection, a
//! WebSocket, an outgoing HTTP/1 connection) and the stage its role is at.
//! The per-role behaviour sits in one module per role, reached from the
//! four places that dispatch on [`Role`]: the receive step
//! (`service::process`), the writeable event (`service::handle_writable`:
//! which callback, if any), `lws_write` (`send::write`: how data is
//! framed) and the closing callbacks (`close`):
//!
//! | role | module | receive | writeable | lws_write | closing |
//! |---|---|---|---|---|---|
//! | `H1Server` | `conn::http`, `conn::body` | `h1_server_rx` | HTTP_WRITEABLE in a transaction | `send_as_is` | `closing_by_binding` |
//! | `Ws` | `conn::wsconn` | `ws_conn_rx` | SERVER_ / CLIENT_WRITEABLE | `ws_conn_write` | `closing_by_binding` |
//! | `H1Client` | `conn::client` | `h1_client_rx` | CLIENT_HTTP_WRITEABLE while a body is sent or read | `send_as_is` | `h1_client_closing` |
//!
//! The role is a `Copy` value in a `Cell`: nothing borrows it across a
//! callback, and a callback that changes it (an upgrade, a client
//! redirect) is seen by the next dispatch.  The role's heavy state
//! (parsers, buffers, the client's request) lives in `ConnState` beside
//! it, allocated when the role needs it.
#![deny(clippy::undocumented_unsafe_blocks)]

/// What a role's receive step did with the input from `off` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rx {
    /// Input used up to this offset: go on (with the role as it is now).
    Used(usize),
    /// Stop: the input is used up to this offset (the whole buffer when
    /// the rest is to be dropped, less when rx flow control holds it).
    Stop(usize),
}

/// What a connection is, with the stage its role is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An accepted HTTP/1 connection.
    H1Server(H1Stage),
    /// A WebSocket, server or client side (`ConnState::client`).
    Ws,
    /// An outgoing HTTP/1 connection (a ws client before its upgrade).
    H1Client(ClientStage),
}

/// Where an accepted HTTP/1 connection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum H1Stage {
    /// Reading a request head (the first, or the next on keep-alive).
    Head,
    /// A request was handed to the user; its transaction is open.
    Txn,
}

/// Where an outgoing HTTP/1 connection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientStage {
    /// connect() in progress (or the TLS handshake).
    Connecting,
    /// The request went out; reading the response head.
    Head,
    /// Reading the response body.
    Body,
    /// Failed before it was established (CONNECTION_ERROR was sent).
    Failed,
}

impl Role {
    /// Reading an HTTP/1 request head.
    pub const HTTP_HEAD: Role = Role::H1Server(H1Stage::Head);
    /// An HTTP/1 transaction is open.
    pub const HTTP_TXN: Role = Role::H1Server(H1Stage::Txn);
}
