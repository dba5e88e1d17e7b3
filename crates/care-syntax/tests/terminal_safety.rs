#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! What a diagnostic prints is safe for a terminal: a bidi override or an escape sequence in the
//! policy's text (a comment, a label) is shown as a visible character under the diagnostic, never
//! passed through to reorder the line or move the cursor; the column stays that of the file.

use care_syntax::diagnostic::{render_human, render_short, to_json};
use care_syntax::{parse, FileId, Sources};

#[test]
fn snippets_and_messages_show_controls_as_visible_characters() {
    // A comment with a right-to-left override and an escape sequence, then a syntax error.
    let text = "// note \u{202E}esrever\u{1b}[2J\noutput x: int { 1 + }\n";
    let p = parse(text, FileId(0));
    let mut sources = Sources::new();
    sources.add("t.care".to_string(), text.to_string());
    let d = &p.errors[0];
    let j = to_json(d, &sources);
    assert_eq!((j.line, j.column), (Some(2), Some(21)));
    for shown in [render_human(d, &sources, false), render_short(d, &sources)] {
        assert!(!shown.contains('\u{202E}'), "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown}");
    }
    let human = render_human(d, &sources, false);
    assert!(human.contains("[t.care:2:21]"), "{human}");
    assert!(human.contains("// note \u{FFFD}esrever?[2J"), "{human}");
}
