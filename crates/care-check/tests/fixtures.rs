//! Tests as data: each fixture under `tests/fixtures/check/` (a `.care` file, or a folder for the
//! cases that need several files) is checked, and its diagnostics — rendered for people, plus the
//! code and location of each — are compared with a reviewed snapshot in `tests/snapshots/`.
//!
//! `tests/fixtures/check/pending/` holds fixtures whose current output is wrong (a checker bug,
//! or a diagnostic not written yet): they are not snapshotted.
//!
//! To accept new or changed outputs: `cargo insta test -p care-check --test fixtures --review`
//! (or `INSTA_UPDATE=always cargo test …`, then read every changed `.snap`: a snapshot is a claim
//! that this output is right).

// Test helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{enter_repo_root, render_report};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/check";

/// Codes that the documentation lists but no snapshotted fixture shows yet, with the reason.
/// Their fixtures wait in `pending/`.
const NOT_YET_SHOWN: &[(&str, &str)] = &[];

struct Fixture {
    name: String,
    /// Relative to the repository root.
    path: PathBuf,
}

fn fixtures() -> Vec<Fixture> {
    let root = enter_repo_root();
    let mut out: Vec<Fixture> = std::fs::read_dir(root.join(FIXTURES))
        .expect("tests/fixtures/check")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if p.is_dir() {
                name != "pending"
            } else {
                name.ends_with(".care")
            }
        })
        .map(|p| {
            let stem = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let rel = Path::new(FIXTURES).join(p.file_name().unwrap_or_default());
            Fixture {
                name: stem,
                path: rel,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The comment a fixture starts with (for a folder, the one of its first file): what it shows.
fn description(path: &Path) -> String {
    let file = if path.is_dir() {
        common::care_files(path).into_iter().next()
    } else {
        Some(path.to_path_buf())
    };
    // Lossy: a fixture may hold bytes that are not UTF-8 on purpose (E0003).
    let text = file
        .and_then(|f| std::fs::read(f).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    text.lines()
        .take_while(|l| l.starts_with("//"))
        .map(|l| l.trim_start_matches('/').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(path: &Path) -> String {
    let root = enter_repo_root();
    let report = care_check::check_paths(&[path.to_path_buf()])
        .unwrap_or_else(|e| panic!("cannot check {}: {e}", path.display()));
    // The two renderings must agree on where each diagnostic is (a fixture that shows they do
    // not belongs in pending/).
    let mismatches = common::location_mismatches(&report);
    assert!(mismatches.is_empty(), "{}: {mismatches:#?}", path.display());
    // Some messages name a file by its absolute path (a missing include): keep snapshots stable.
    render_report(&report).replace(&format!("{}/", root.display()), "")
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixture under {FIXTURES}");
    let mut failed = Vec::new();
    for f in &fixtures {
        let output = check(&f.path);
        let description = description(&f.path);
        assert!(
            !description.is_empty(),
            "{}: a fixture starts with a comment saying what it shows",
            f.path.display()
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_description(description);
        settings.set_info(&f.path.display().to_string());
        settings.set_omit_expression(true);
        settings.set_prepend_module_to_snapshot(false);
        let name = f.name.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name, output));
        }));
        if outcome.is_err() {
            failed.push(f.path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "snapshots differ for: {failed:#?}");
}

/// The codes that a heading of `docs/diagnostics.md` names (`## E0201 …`).
fn documented_codes() -> BTreeSet<String> {
    let root = enter_repo_root();
    let doc =
        std::fs::read_to_string(root.join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    doc.lines()
        .filter(|l| l.starts_with("## "))
        .flat_map(|l| codes_in(l).into_iter())
        .collect()
}

/// Every `E0123` / `W0123` token of a text.
fn codes_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..bytes.len().saturating_sub(4) {
        let is_code = matches!(bytes[i], b'E' | b'W')
            && bytes[i + 1..i + 5].iter().all(u8::is_ascii_digit)
            && bytes.get(i + 5).is_none_or(|b| !b.is_ascii_alphanumeric())
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if is_code {
            out.push(text[i..i + 5].to_string());
        }
    }
    out
}

#[test]
fn every_documented_code_has_a_fixture() {
    let documented = documented_codes();
    assert!(
        documented.len() > 30,
        "docs/diagnostics.md lists only {documented:?}"
    );
    let mut shown = BTreeSet::new();
    for f in fixtures() {
        let output = check(&f.path);
        for code in &documented {
            if output.contains(&format!("[{code}]")) {
                shown.insert(code.clone());
            }
        }
    }
    let missing: Vec<&String> = documented
        .iter()
        .filter(|c| !shown.contains(*c) && !NOT_YET_SHOWN.iter().any(|(n, _)| n == c))
        .collect();
    assert!(
        missing.is_empty(),
        "documented codes that no fixture shows: {missing:?}"
    );
    let stale: Vec<&str> = NOT_YET_SHOWN
        .iter()
        .filter(|(code, _)| shown.contains(*code))
        .map(|(code, _)| *code)
        .collect();
    assert!(
        stale.is_empty(),
        "now shown by a fixture, remove from NOT_YET_SHOWN: {stale:?}"
    );
}

/// Every code the parser or the checker can report (a `"E0123"` literal in their sources) has
/// its section in `docs/diagnostics.md`.
#[test]
fn every_emitted_code_is_documented() {
    let root = enter_repo_root();
    let documented = documented_codes();
    let mut emitted = BTreeSet::new();
    for dir in ["crates/care-syntax/src", "crates/care-check/src"] {
        for file in rust_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for code in codes_in(&text) {
                if text.contains(&format!("\"{code}\"")) {
                    emitted.insert(code);
                }
            }
        }
    }
    assert!(!emitted.is_empty());
    let undocumented: Vec<&String> = emitted.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/diagnostics.md: {undocumented:?}"
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out
}
