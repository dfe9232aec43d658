//! HTTP building blocks that need no connection: header token names,
//! URL encoding and decoding, file-extension mimetypes.

pub mod mime;
pub mod spa;
pub mod tokens;
pub mod url;
