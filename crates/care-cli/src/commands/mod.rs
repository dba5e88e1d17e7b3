pub mod check;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod test;
