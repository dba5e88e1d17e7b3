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

/// Chains of 5,000 values (declared in either order) and of 5,000 functions, checked on a
/// 2 MiB stack (a worker thread's): E0110 once, no stack overflow (a chain is followed by
/// recursion in typing and evaluation, so it is bounded by `MAX_DEPENDENCY_DEPTH`).
#[test]
fn long_dependency_chains_are_refused_without_overflow() {
    let n = 5000;
    let value = |i: usize, body: String| {
        format!("value v{i}: int \"V\" {{\n  source CDC §1\n  {body}\n}}\n")
    };
    let mut forward = HEADER.to_string();
    let mut backward = HEADER.to_string();
    let mut functions = HEADER.to_string();
    forward.push_str(&value(0, "1".into()));
    functions.push_str("function f0(x: int): int \"F\" {\n  source CDC §1\n  x\n}\n");
    for i in 1..n {
        forward.push_str(&value(i, format!("v{} + 1", i - 1)));
        backward.push_str(&value(i - 1, format!("v{i} + 1")));
        functions.push_str(&format!(
            "function f{i}(x: int): int \"F\" {{\n  source CDC §1\n  f{}(x) + 1\n}}\n",
            i - 1
        ));
    }
    backward.push_str(&value(n - 1, "1".into()));
    forward.push_str(&format!(
        "output total: int \"T\" {{\n  source CDC §1\n  v{}\n}}\n",
        n - 1
    ));
    functions.push_str(&format!(
        "output total: int \"T\" {{\n  source CDC §1\n  f{}(1)\n}}\n",
        n - 1
    ));
    for (name, text) in [
        ("forward", forward),
        ("backward", backward),
        ("functions", functions),
    ] {
        let codes = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let (diags, _) = check(text);
                diags.iter().map(|d| d.code).collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("{name}: the check overflowed its stack"));
        assert_eq!(codes, ["E0110"], "{name}");
    }
}

/// A chain of 3,000 modules each including the next, checked on a 2 MiB stack: E0313 where it
/// passes 64 levels, no stack overflow.
#[test]
fn a_long_chain_of_includes_is_refused_without_overflow() {
    let codes = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let mut ws = Workspace::in_memory();
            let dir = Path::new("/nulle-part/chaine");
            let root = ws.add_text(
                &dir.join("2026-01-01.care"),
                format!("{HEADER}include \"m0.care\"\n"),
            );
            for i in 0..3000 {
                ws.add_text(
                    &dir.join(format!("m{i}.care")),
                    format!("include \"m{}.care\"\n", i + 1),
                );
            }
            ws.add_text(&dir.join("m3000.care"), String::new());
            let (diags, _) = check_workspace(&mut ws, &[root]);
            diags
                .iter()
                .map(|d| (d.code, d.labels[0].message.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .expect("the check overflowed its stack");
    assert_eq!(
        codes,
        [("E0313", "includes nested more than 64 deep".to_string())]
    );
}
