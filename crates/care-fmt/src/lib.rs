//! The formatter: one canonical layout for `.care` files.
//!
//! [`format`] parses a file and prints it back from its syntax tree, so that the layout depends
//! only on what the file says, never on how it was laid out; comments, which the tree does not
//! hold, are put back by position (see `layout.rs`). A file that does not parse is never
//! formatted: its syntax errors come back instead.
//!
//! # The canonical layout
//! - Two spaces per level of indentation; one property, member, variant, field or table row per
//!   line; a single space between words, `key value`, `name: type`, and around binary operators.
//! - Top-level declarations start at column 0, separated by exactly one blank line. Inside
//!   blocks, a blank line the author left between two members is kept (runs of blank lines
//!   become one), but never right after `{` nor right before `}`.
//! - A block with no members prints as `{}` on its header line (`rule R "…" {}`), unless a
//!   comment sits on a line of its own inside it. An objective or amendment written without
//!   braces stays without braces; with empty braces, it keeps `{}`.
//! - Expressions get the fewest parentheses that parse back to the same tree (see `expr.rs`),
//!   plus two for the reader: around an `if` used as a condition or a `then` branch. Comparisons
//!   and ranges do not chain, so their operands are parenthesised when they are comparisons or
//!   ranges themselves.
//! - Line width: 100 characters. A longer expression is broken before each `and`/`or` of its
//!   loosest chain (operands one level deeper), before `then` and `else`, or inside the
//!   brackets of a list, a call (one item per line, trailing comma) or a comprehension; what
//!   cannot be broken (a long string, a long header) stays long. An expression with a comment
//!   between its parts stays broken there, so that the comment stays with its part.
//! - Literals: money as `9400.00 €` (the decimals as written; `EUR` becomes `€`), percentages
//!   as `80 %`, durations as `3 years` / `1 year`, strings with `\"`, `\\`, `\n`, `\t` escaped.
//! - Lists as `[a, b]`, records as `{ key: value, … }`, calls as `f(a, b)`.
//! - Table columns aligned: every cell padded to its column's width (counted in characters), so
//!   that every `|` lines up.
//! - Enum variants and record fields without separating commas; `evidence any_of { "a", "b" }`
//!   on one line when it fits, else one piece of evidence per line.
//! - Comments: every one is kept, on its own line or at the end of a line as it was written
//!   (see `layout.rs` for where exactly). A comment inside a construct printed on one line
//!   moves to the line after it.

mod expr;
mod layout;
mod printer;

use care_syntax::{Diagnostic, FileId};

pub use expr::print_expr;

/// Formats a file; its syntax errors (for file id 0) when it does not parse.
pub fn format(text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = care_syntax::parse(text, FileId(0));
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let comments = care_syntax::lex::comments(text);
    let mut printer = printer::Printer::new(text, &comments);
    printer.file(&parsed.file);
    Ok(layout::assemble(text, &printer.lines, &comments))
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn empty_and_comment_only_files() {
        assert_eq!(format("").unwrap(), "");
        assert_eq!(format("\n\n  \n").unwrap(), "");
        assert_eq!(
            format("  // one  \n\n\n   // two\n// three").unwrap(),
            "// one\n\n// two\n// three\n"
        );
    }

    #[test]
    fn windows_line_endings_give_the_same_layout() {
        let unix = "// c\nrule R \"r\" {\n  require a // why\n\n  fix \"f\"\n}\n";
        let windows = unix.replace('\n', "\r\n");
        assert_eq!(format(&windows).unwrap(), format(unix).unwrap());
        assert_eq!(format(unix).unwrap(), unix);
    }

    #[test]
    fn lone_carriage_returns_end_lines_too() {
        let unix = "// c\nrule R \"r\" {\n  require a // why\n\n  fix \"f\"\n}\n";
        let mac = unix.replace('\n', "\r");
        assert_eq!(format(&mac).unwrap(), unix);
        assert_eq!(format(&format!("\u{feff}{unix}")).unwrap(), unix);
    }

    #[test]
    fn a_section_holding_a_url_is_not_a_comment() {
        let text =
            "rule R \"r\" {\n  source CDC §https://esante.gouv.fr/x \"p\" // c\n  require a\n}\n";
        let once = format(text).unwrap();
        assert_eq!(once, text);
        assert_eq!(format(&once).unwrap(), once);
    }

    #[test]
    fn broken_files_give_their_syntax_errors() {
        let errors = format("rule R \"r\" {\n  require ==\n}\n").unwrap_err();
        assert!(!errors.is_empty());
        assert!(errors.iter().all(|e| e.is_error()));
    }

    #[test]
    fn top_level_declarations_get_one_blank_line_between_them() {
        let text = "include \"a.care\"\ninclude \"b.care\"\n\n\n\ninput x: int";
        assert_eq!(
            format(text).unwrap(),
            "include \"a.care\"\n\ninclude \"b.care\"\n\ninput x: int\n"
        );
    }
}
