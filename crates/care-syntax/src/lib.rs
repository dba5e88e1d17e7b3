//! The syntax layer of care: the `.care` grammar (in `grammar/care.pest`), a spanned AST, and a
//! parser that never fails — it returns a tree and the syntax errors it recovered from.
//!
//! Also home to what every layer shares: spans, source files and diagnostics.

pub mod ast;
pub mod diagnostic;
pub mod doc_links;
pub mod lex;
mod parser;
mod recover;
pub mod shift;
pub mod source;
pub mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use parser::{escape, unescape, MAX_EXPR_DEPTH};
pub use recover::{parse, parse_expr, parse_reusing, Parse, Reuse};
pub use source::{FileId, SourceFile, Sources};
pub use span::{LineIndex, Node, Span};

/// French words a French-speaking author may write for care's keywords, with the keyword meant.
pub const FRENCH_KEYWORDS: &[(&str, &str)] = &[
    ("si", "if"),
    ("alors", "then"),
    ("sinon", "else"),
    ("et", "and"),
    ("ou", "or"),
    ("non", "not"),
];

/// The keyword meant by a French word (`sinon` → `else`).
pub fn french_keyword(word: &str) -> Option<&'static str> {
    FRENCH_KEYWORDS
        .iter()
        .find(|(fr, _)| *fr == word)
        .map(|(_, en)| *en)
}

/// The help of a French keyword (catalog entry `E0001-french-keyword`).
pub fn french_keyword_help(word: &str, english: &str) -> String {
    format!("`{word}` is French: care's keywords are English: `{english}` (`si … alors … sinon` is `if … then … else`, `et` is `and`, `ou` is `or`, `non` is `not`)")
}

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
