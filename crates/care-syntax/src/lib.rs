//! The syntax layer of care: the `.care` grammar (in `grammar/care.pest`), a spanned AST, and a
//! parser that never fails — it returns a tree and the syntax errors it recovered from.
//!
//! Also home to what every layer shares: spans, source files and diagnostics.

pub mod ast;
pub mod diagnostic;
pub mod lex;
mod parser;
mod recover;
pub mod shift;
pub mod source;
pub mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use parser::{escape, unescape, MAX_EXPR_DEPTH, MAX_LIST_ITEMS};
pub use recover::{parse, parse_expr, parse_reusing, Parse, Reuse};
pub use source::{FileId, SourceFile, Sources};
pub use span::{LineIndex, Node, Span};

/// Words that start a top-level declaration. Recovery cuts a broken file into pieces at lines
/// that begin with one of them.
pub const ITEM_KEYWORDS: &[&str] = &[
    "policy",
    "include",
    "document",
    "enum",
    "record",
    "input",
    "track",
    "objective",
    "rule",
    "prerequisite",
    "table",
    "function",
    "value",
    "output",
    "amend",
    "remove",
    "replace",
];
