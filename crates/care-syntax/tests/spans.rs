#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! Spans end where the declaration's text ends (not after the comments that follow it), and an
//! objective has braces only when it is written with them.

use care_syntax::ast::ItemKind;
use care_syntax::{parse, FileId};

#[test]
fn objective_braces_are_read_from_the_tokens() {
    let text = "objective A.B \"x\" // un commentaire qui finit par }\n\nobjective A.C \"y\" {}\n";
    let p = parse(text, FileId(0));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let props: Vec<bool> = p
        .file
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Objective(o) => o.props.is_some(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(props, [false, true]);
}

#[test]
fn spans_stop_before_trailing_comments_and_blanks() {
    let text = "objective A.B \"x\"   // c\n   // d\n\nrule R \"r\" { require true }\n";
    let p = parse(text, FileId(0));
    let first = &p.file.items[0];
    assert_eq!(
        &text[first.span.start..first.span.end],
        "objective A.B \"x\""
    );
    let second = &p.file.items[1];
    assert_eq!(
        &text[second.span.start..second.span.end],
        "rule R \"r\" { require true }"
    );
}

#[test]
fn a_string_holding_slashes_is_not_a_comment() {
    let text = "objective A.B \"http://exemple.fr\"\n";
    let p = parse(text, FileId(0));
    let first = &p.file.items[0];
    assert_eq!(
        &text[first.span.start..first.span.end],
        "objective A.B \"http://exemple.fr\""
    );
}
