pub mod check;
pub mod eval;
pub mod fmt;
pub mod init;
pub mod lsp;
pub mod schema;
pub mod test;
