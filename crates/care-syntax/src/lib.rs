//! The syntax layer of care: the `.care` grammar (in `grammar/care.pest`), a spanned AST, and a
//! parser that never fails — it returns a tree and the syntax errors it recovered from.
//!
//! Also home to what every layer shares: spans, source files and diagnostics.

pub mod ast;
pub mod diagnostic;
pub mod doc_links;
pub mod keywords;
pub mod lex;
mod parser;
mod recover;
pub mod shift;
pub mod source;
pub mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use parser::{escape, unescape, MAX_EXPR_DEPTH, MAX_LIST_ITEMS};
pub use recover::{parse, parse_expr, parse_reusing, Parse, Reuse, EXPECTED_ITEMS};
pub use source::{FileId, SourceFile, Sources};
pub use span::{LineIndex, Node, Span};

pub use keywords::{
    french_keyword, french_keyword_help, EXPR_KEYWORDS, FRENCH_KEYWORDS, ITEM_KEYWORDS, KEYWORDS,
    RESERVED,
};
