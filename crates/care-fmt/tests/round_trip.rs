//! Every `.care` file of the repository (policies and test fixtures) that parses: formatting it
//! keeps its syntax tree and its comments, and formatting twice changes nothing.

#![allow(clippy::unwrap_used, clippy::panic)] // test code

use care_syntax::{parse, FileId};
use std::path::{Path, PathBuf};

fn care_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            care_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "care") {
            out.push(path);
        }
    }
}

pub fn comment_texts(text: &str) -> Vec<String> {
    let mut texts: Vec<String> = care_syntax::lex::comments(text)
        .iter()
        .map(|c| text[c.span.start..c.span.end].trim_end().to_string())
        .collect();
    texts.sort();
    texts
}

/// Formats `text` and checks every property the formatter promises; returns the output.
pub fn check_round_trip(name: &str, text: &str) -> String {
    let before = parse(text, FileId(0));
    assert!(before.errors.is_empty(), "{name} does not parse");
    let formatted = care_fmt::format(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let after = parse(&formatted, FileId(0));
    assert!(
        after.errors.is_empty(),
        "{name}: the formatted text does not parse: {:?}\n{formatted}",
        after.errors
    );
    assert_eq!(
        after.file, before.file,
        "{name}: formatting changed the syntax tree\n{formatted}"
    );
    assert_eq!(
        comment_texts(&formatted),
        comment_texts(text),
        "{name}: formatting lost or duplicated comments\n{formatted}"
    );
    let again = care_fmt::format(&formatted).unwrap();
    assert_eq!(again, formatted, "{name}: formatting is not idempotent");
    formatted
}

#[test]
fn repository_files_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["policies", "tests/fixtures", "crates/care-fmt/tests/cases"] {
        care_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut checked = 0;
    for file in &files {
        // A fixture that is not UTF-8 on purpose (E0003) is never formatted.
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if !parse(&text, FileId(0)).errors.is_empty() {
            // Broken on purpose (a test of error recovery), or being written right now.
            continue;
        }
        check_round_trip(&file.display().to_string(), &text);
        checked += 1;
    }
    assert!(checked > 0, "no .care file found under {}", root.display());
    eprintln!("{checked} files round-tripped");
}

/// `text` with a comment inserted on a line of its own before line `own` and at the end of line
/// `trailing` (either may be absent); `None` when that lands inside a string or does not parse.
fn with_comments(text: &str, own: Option<usize>, trailing: Option<usize>) -> Option<String> {
    let mut out = String::new();
    let mut added = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if own == Some(i) {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            out.push_str(&format!("{indent}// own line {i}\n"));
            added += 1;
        }
        if trailing == Some(i) && !line.contains("//") && !line.trim().is_empty() {
            out.push_str(line.trim_end_matches('\n'));
            out.push_str(&format!(" // trailing {i}\n"));
            added += 1;
        } else {
            out.push_str(line);
        }
    }
    let count = |t: &str| care_syntax::lex::comments(t).len();
    (count(&out) == count(text) + added && parse(&out, FileId(0)).errors.is_empty()).then_some(out)
}

fn parsing_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["policies", "tests/fixtures", "crates/care-fmt/tests/cases"] {
        care_files(&root.join(dir), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|f| Some((f.display().to_string(), std::fs::read_to_string(&f).ok()?)))
        .filter(|(_, text)| parse(text, FileId(0)).errors.is_empty())
        .collect()
}

/// A comment anywhere a line allows one is kept, once, and the tree does not change.
#[test]
fn comments_inserted_anywhere_are_kept() {
    for (name, text) in parsing_files() {
        let lines = text.lines().count();
        // Every line at once: a comment before it and one after it.
        let mut all = String::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            all.push_str(&format!("{indent}// before {i}\n"));
            if line.contains("//") || line.trim().is_empty() {
                all.push_str(line);
            } else {
                all.push_str(&format!("{} // after {i}\n", line.trim_end_matches('\n')));
            }
        }
        if parse(&all, FileId(0)).errors.is_empty() {
            check_round_trip(&format!("{name} with comments on every line"), &all);
        }
        // One line at a time (a comment before it and one after it): every line of the files
        // made to show every construct, a sample of the others (parsing is slow in debug builds).
        let every_line = name.ends_with("tour.care") || name.ends_with("comments.care");
        let step = if every_line { 1 } else { (lines / 10).max(1) };
        for i in (0..=lines).step_by(step) {
            if let Some(t) = with_comments(&text, Some(i), Some(i)) {
                check_round_trip(&format!("{name} with comments at line {i}"), &t);
            }
        }
    }
}
