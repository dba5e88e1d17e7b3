#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

use care_syntax::{parse, FileId};

#[test]
fn tour_parses() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/syntax/tour.care"
    ))
    .unwrap();
    let p = parse(&text, FileId(0));
    for e in &p.errors {
        let (l, c) = care_syntax::LineIndex::new(&text).line_col(&text, e.labels[0].span.start);
        eprintln!("{l}:{c} {} {:?}", e.message, e.labels[0].message);
    }
    assert!(p.errors.is_empty());
    assert_eq!(p.file.items.len(), 21);
    if std::env::var("DUMP").is_ok() {
        eprintln!("{:#?}", p.file.items[7]);
        eprintln!("{:#?}", p.file.items[14]);
        eprintln!("{:#?}", p.file.items[16]);
    }
}

fn tour() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/syntax/tour.care"
    ))
    .unwrap()
}

#[test]
fn garbage_line_is_reported_at_its_line_and_rest_is_kept() {
    let text = tour();
    let clean = parse(&text, FileId(0));
    let lines: Vec<&str> = text.lines().collect();
    for at in [3usize, 20, 40, 60, 70, 100] {
        let mut broken: Vec<&str> = lines.clone();
        broken.insert(at, "  §§ garbage here ??");
        let broken = broken.join("\n");
        let p = parse(&broken, FileId(0));
        assert_eq!(p.errors.len(), 1, "at {at}: {:?}", p.errors);
        let idx = care_syntax::LineIndex::new(&broken);
        let (line, _) = idx.line_col(&broken, p.errors[0].labels[0].span.start);
        assert_eq!(line, at + 1);
        assert_eq!(p.file.items.len(), clean.file.items.len(), "at {at}");
    }
}

#[test]
fn truncated_file_gives_errors_not_panics() {
    let text = tour();
    for cut in (0..text.len()).step_by(7) {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let p = parse(&text[..cut], FileId(0));
        let _ = p;
    }
    let p = parse(&text[..text.len() / 2], FileId(0));
    assert!(!p.errors.is_empty());
    assert!(!p.file.items.is_empty());
}
