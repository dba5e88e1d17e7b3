//! A hostile policy cannot make the checker's work grow faster than its size: many unknown
//! names, many declarations, long lines of diagnostics. These tests assert the mechanism that
//! keeps the work linear (a budget, a window), not a time: timings are in the benchmarks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_syntax::diagnostic::render_human;
use care_syntax::Diagnostic;
use std::path::Path;

pub const HEADER: &str = r#"policy s "Échelle" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depot
}

document CDC "Cahier"

record Dossier {
  depot: date
}

input dossier: Dossier
"#;

fn check(text: String) -> (Vec<Diagnostic>, Workspace) {
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("/nulle-part/s/2026-01-01.care"), text);
    let (diags, _) = check_workspace(&mut ws, &[id]);
    (diags, ws)
}

/// 1,200 values and 1,200 unknown names, each close to a value: every unknown name is
/// reported, the first ones with their "did you mean", and past the budget of comparisons
/// (`MAX_SUGGESTION_WORK`, a million) the rest with the general help.
#[test]
fn did_you_mean_has_a_budget() {
    let n = 1200;
    let mut text = HEADER.to_string();
    for i in 0..n {
        text.push_str(&format!(
            "value v{i}: int \"V\" {{\n  source CDC §1\n  u{i} + 1\n}}\n"
        ));
    }
    let (diags, ws) = check(text);
    let unknown: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "E0101").collect();
    assert_eq!(unknown.len(), n, "every unknown name is reported");
    assert_eq!(unknown[0].message, "unknown name `u0`");
    assert_eq!(unknown[0].help.as_deref(), Some("did you mean `v0`?"));
    let suggested = unknown
        .iter()
        .filter(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean"))
        })
        .count();
    assert!(
        (500..1000).contains(&suggested),
        "{suggested} suggestions: the budget allows some 800 comparisons of 1,200 candidates"
    );
    let last = unknown[n - 1];
    assert!(
        last.help.as_deref().unwrap().starts_with("names are"),
        "{last:?}"
    );
    // Every one renders, each from the lines around it (no scan from the start of the file).
    let last_rendered = render_human(last, &ws.sources, false);
    assert!(
        last_rendered.contains(&format!("u{} + 1", n - 1)),
        "{last_rendered}"
    );
    let line = HEADER.lines().count() + 4 * (n - 1) + 3;
    assert!(
        last_rendered.contains(&format!(":{line}:3]")),
        "{last_rendered}"
    );
}

/// Duplicates are found by a hash of the names declared so far (a linear search of every
/// earlier declaration made 300,000 declarations quadratic): a name taken thousands of
/// declarations earlier, in any namespace, is still reported with its first place.
#[test]
fn duplicates_among_many_declarations_are_found() {
    let n = 3000;
    let mut text = HEADER.to_string();
    for i in 0..n {
        text.push_str(&format!(
            "value v{i}: int \"V\" {{\n  source CDC §1\n  {i}\n}}\n"
        ));
    }
    text.push_str("function v7(x: int): int \"F\" {\n  source CDC §1\n  x\n}\n");
    text.push_str("document CDC \"Encore\"\n");
    text.push_str("rule R.1 \"Une\" {\n  source CDC §1\n  require true\n}\n");
    text.push_str("rule R.1 \"Deux\" {\n  source CDC §1\n  require true\n}\n");
    let (diags, _) = check(text);
    let messages: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        messages,
        [
            ("E0102", "`v7` is declared twice"),
            ("E0102", "`CDC` is declared twice"),
            ("E0102", "`R.1` is declared twice"),
        ]
    );
    let first = &diags[0].labels[1];
    assert_eq!(first.message, "first declared here");
    assert!(
        first.span.start > HEADER.len(),
        "points at value v7, not elsewhere"
    );
}
