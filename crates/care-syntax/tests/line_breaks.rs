#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! LF, CRLF and a lone CR all end a line: for the grammar (a `//` comment stops there), for line
//! and column numbers, and for the rendered snippet of a diagnostic.

use care_syntax::diagnostic::{render_human, to_json};
use care_syntax::{parse, FileId, Sources};

const TEXT: &str = "// commentaire\nrecord D { d: date }\noutput x: int { 1 + }\n";

#[test]
fn a_comment_ends_at_any_line_break() {
    for newline in ["\n", "\r\n", "\r"] {
        let text = TEXT.replace('\n', newline);
        let p = parse(&text, FileId(0));
        // The comment did not swallow the declarations after it: the record parsed.
        assert_eq!(p.errors.len(), 1, "{newline:?}: {:?}", p.errors);
    }
}

#[test]
fn diagnostics_point_at_the_same_line_and_column_whatever_the_line_breaks() {
    for newline in ["\n", "\r\n", "\r"] {
        let text = TEXT.replace('\n', newline);
        let p = parse(&text, FileId(0));
        let mut sources = Sources::new();
        sources.add("t.care".to_string(), text.clone());
        let d = &p.errors[0];
        let j = to_json(d, &sources);
        assert_eq!((j.line, j.column), (Some(3), Some(21)), "{newline:?}");
        let shown = render_human(d, &sources, false);
        assert!(shown.contains("[t.care:3:21]"), "{newline:?}:\n{shown}");
        assert!(
            shown.contains(" 3 │ output x: int { 1 + }"),
            "{newline:?}:\n{shown}"
        );
        assert!(!shown.contains("record D { d: date }output"), "{shown}");
    }
}

#[test]
fn a_byte_order_mark_is_not_text() {
    let p = parse(&format!("\u{feff}{TEXT}"), FileId(0));
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].code, "E0001");
    let p = parse("\u{feff}record D { d: date }\n", FileId(0));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
}
