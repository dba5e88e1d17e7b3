//! The real policies of the repository: they check clean, a garbage line inserted anywhere in one
//! of their files costs exactly one syntax error at that line (the rest of the file is still
//! checked, with the same diagnostics and the same declarations), and a file cut anywhere gives
//! diagnostics, never a panic.

// Test helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use care_check::ir::Policy;
use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_syntax::diagnostic::render_short;
use care_syntax::{Diagnostic, Sources};
use common::enter_repo_root;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const POLICY: &str = "policies/essms-poc";

/// The `.care` files of the policy folder, relative to the repository root, in the order a check
/// of the folder reads them.
fn policy_files() -> Vec<PathBuf> {
    let root = enter_repo_root();
    let files: Vec<PathBuf> = common::care_files(&root.join(POLICY))
        .into_iter()
        .map(|p| p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(p))
        .collect();
    assert!(files.len() >= 3, "policy files: {files:?}");
    files
}

struct Outcome {
    diagnostics: Vec<Diagnostic>,
    policies: Vec<Arc<Policy>>,
    sources: Sources,
}

/// Checks the policy folder with `text` in place of the file `changed`.
fn check_with(changed: &Path, text: &str) -> Outcome {
    let mut ws = Workspace::new();
    let mut roots = Vec::new();
    for f in policy_files() {
        if f == changed {
            roots.push(ws.add_text(&f, text.to_string()));
        } else {
            roots.push(ws.load(&f).expect("policy file"));
        }
    }
    let (diagnostics, policies) = check_workspace(&mut ws, &roots);
    Outcome {
        diagnostics,
        policies,
        sources: std::mem::take(&mut ws.sources),
    }
}

/// A diagnostic as `(code, file, line, column, message)`, with `shift(file, line)` applied to its
/// line, so that diagnostics of two texts that differ by inserted lines can be compared.
fn located(
    d: &Diagnostic,
    sources: &Sources,
    shift: impl Fn(&str, usize) -> usize,
) -> (String, String, usize, usize, String) {
    let (file, line, col) = d
        .primary()
        .and_then(|l| {
            let f = sources.get(l.file)?;
            let (line, col) = f.line_col(l.span.start);
            Some((f.path.clone(), line, col))
        })
        .unwrap_or_default();
    let line = shift(&file, line);
    let silenced = d
        .silenced
        .as_ref()
        .map(|r| format!(" (silenced: {r})"))
        .unwrap_or_default();
    (
        d.code.to_string(),
        file,
        line,
        col,
        format!("{}{silenced}", d.message),
    )
}

/// What a version's checked form holds, to tell that no declaration was lost.
fn shape(policies: &[Arc<Policy>]) -> Vec<String> {
    policies
        .iter()
        .map(|p| {
            format!(
                "{} {}: {} tracks, {} objectives, {} rules, {} tables, {} functions, {} values, {} outputs",
                p.id,
                p.version,
                p.tracks.len(),
                p.objectives.len(),
                p.rules.len(),
                p.tables.len(),
                p.functions.len(),
                p.values.len(),
                p.outputs.len()
            )
        })
        .collect()
}

#[test]
fn policies_check_clean() {
    enter_repo_root();
    let report = care_check::check_paths(&[PathBuf::from("policies")]).expect("policies/");
    let blocking: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_blocking())
        .map(|d| render_short(d, &report.sources))
        .collect();
    assert!(
        blocking.is_empty(),
        "`care check policies/` is not clean:\n{}",
        blocking.join("\n")
    );
    let versions = report
        .files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .lines()
                .any(|l| l.starts_with("policy "))
        })
        .count();
    assert_eq!(
        report.policies.len(),
        versions,
        "every version checks into a policy"
    );
}

const GARBAGE: &[&str] = &["  §§ ligne parasite ??", "ceci n'est pas du care"];

#[test]
fn a_garbage_line_costs_one_error_at_its_line() {
    let mut failures = Vec::new();
    let mut tried = 0;
    for file in policy_files() {
        let text = std::fs::read_to_string(&file).expect("policy file");
        let clean = check_with(&file, &text);
        assert!(
            !clean.diagnostics.iter().any(|d| d.code == "E0001"),
            "{} does not parse",
            file.display()
        );
        let path = file.display().to_string();
        let lines: Vec<&str> = text.lines().collect();
        for (g, garbage) in GARBAGE.iter().enumerate() {
            // Every eighth line (each garbage at other lines), the very start and the very end.
            let mut places: Vec<usize> = (4 * g..=lines.len()).step_by(8).collect();
            places.extend([0, lines.len()]);
            places.sort_unstable();
            places.dedup();
            for &at in &places {
                tried += 1;
                let mut broken = lines.clone();
                broken.insert(at, garbage);
                let broken = broken.join("\n") + "\n";
                let out = check_with(&file, &broken);
                // Line `at + 1` is the garbage; the lines after it moved down by one.
                let expected: Vec<_> = clean
                    .diagnostics
                    .iter()
                    .map(|d| {
                        located(d, &clean.sources, |f, l| {
                            if f == path && l > at {
                                l + 1
                            } else {
                                l
                            }
                        })
                    })
                    .collect();
                let (syntax, rest): (Vec<_>, Vec<_>) = out
                    .diagnostics
                    .iter()
                    .map(|d| located(d, &out.sources, |_, l| l))
                    .partition(|d| d.0 == "E0001");
                let place = format!("{path}, `{garbage}` inserted as line {}", at + 1);
                if syntax.len() != 1 || syntax[0].1 != path || syntax[0].2 != at + 1 {
                    failures.push(format!("{place}: syntax errors {syntax:?}"));
                    continue;
                }
                if rest != expected {
                    failures.push(format!(
                        "{place}: other diagnostics changed\n  before: {expected:?}\n  after:  {rest:?}"
                    ));
                    continue;
                }
                if shape(&out.policies) != shape(&clean.policies) {
                    failures.push(format!(
                        "{place}: declarations lost\n  before: {:?}\n  after:  {:?}",
                        shape(&clean.policies),
                        shape(&out.policies)
                    ));
                }
            }
        }
    }
    assert!(tried > 100, "only {tried} places tried");
    assert!(
        failures.is_empty(),
        "{} of {tried} places:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_truncated_policy_file_never_panics() {
    let mut panics = Vec::new();
    let mut tried = 0;
    for file in policy_files() {
        let text = std::fs::read_to_string(&file).expect("policy file");
        // Every 397th byte, and the end and the middle of every tenth line.
        let mut cuts: Vec<usize> = (0..=text.len()).step_by(397).collect();
        cuts.push(text.len());
        let mut offset = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i % 10 == 0 {
                cuts.push(offset + line.len() / 2);
                cuts.push(offset + line.trim_end().len());
            }
            offset += line.len();
        }
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts {
            let mut cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            tried += 1;
            let truncated = &text[..cut];
            let outcome = std::panic::catch_unwind(|| check_with(&file, truncated));
            match outcome {
                Err(_) => panics.push(format!("{} cut at byte {cut}", file.display())),
                Ok(out) => {
                    // A cut inside a declaration is a syntax error; a cut between two is not, but
                    // then something the rest of the policy needs is usually missing. Either way
                    // every diagnostic points into a file of the check.
                    for d in &out.diagnostics {
                        if let Some(l) = d.primary() {
                            let f = out.sources.get(l.file).expect("diagnostic file");
                            assert!(
                                l.span.start <= l.span.end && l.span.end <= f.text.len(),
                                "{} cut at {cut}: span {:?} outside {}",
                                file.display(),
                                l.span,
                                f.path
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(tried > 200, "only {tried} cuts tried");
    assert!(
        panics.is_empty(),
        "the checker panicked on {} cuts:\n{}",
        panics.len(),
        panics.join("\n")
    );
}

/// Every file of the policy with its line breaks rewritten (`\r` alone, `\r\n`, and a BOM in
/// front): the diagnostics and the checked versions
/// must be those of the file as written.
fn check_with_line_breaks(file: &Path, text: &str, newline: &str, bom: bool) -> Outcome {
    let rewritten = text.replace('\n', newline);
    let rewritten = if bom {
        format!("\u{feff}{rewritten}")
    } else {
        rewritten
    };
    check_with(file, &rewritten)
}

#[test]
fn every_kind_of_line_break_gives_the_same_check() {
    for file in policy_files() {
        let text = std::fs::read_to_string(&file).expect("policy file");
        let clean = check_with(&file, &text);
        let expected: Vec<_> = clean
            .diagnostics
            .iter()
            .map(|d| located(d, &clean.sources, |_, l| l))
            .collect();
        for (newline, bom) in [("\r", false), ("\r\n", false), ("\n", true), ("\r", true)] {
            let out = check_with_line_breaks(&file, &text, newline, bom);
            let got: Vec<_> = out
                .diagnostics
                .iter()
                .map(|d| located(d, &out.sources, |_, l| l))
                .collect();
            let place = format!("{} with {newline:?} (bom: {bom})", file.display());
            assert_eq!(got, expected, "{place}: diagnostics differ");
            assert_eq!(
                shape(&out.policies),
                shape(&clean.policies),
                "{place}: versions differ"
            );
        }
        // With lone CRs, a garbage line is still one error at its own line.
        let mut lines: Vec<&str> = text.lines().collect();
        let at = lines.len() / 2;
        lines.insert(at, GARBAGE[1]);
        let out = check_with(&file, &(lines.join("\r") + "\r"));
        let syntax: Vec<_> = out
            .diagnostics
            .iter()
            .map(|d| located(d, &out.sources, |_, l| l))
            .filter(|d| d.0 == "E0001")
            .collect();
        assert_eq!(syntax.len(), 1, "{}: {syntax:?}", file.display());
        assert_eq!(syntax[0].2, at + 1, "{}: {syntax:?}", file.display());
    }
}
