//! The nesting limit of expressions (`care_syntax::MAX_EXPR_DEPTH`) keeps every pass over a tree
//! off the end of the stack: an expression at the limit, of every kind of nesting, is checked and
//! evaluated (with and without explanations) on a thread with a 2 MiB stack — the size of the
//! threads of the test harness and of rayon's workers — and one level more is E0004, not a crash.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_eval::eval::Program;
use care_eval::Decoder;
use care_syntax::MAX_EXPR_DEPTH;
use std::path::Path;

const HEADER: &str = r#"policy s "Limites" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depot
}

document CDC "Cahier"

record Dossier {
  depot: date
  n: int
}

input dossier: Dossier
"#;

/// Expressions nested `levels` levels deep, each of one kind, all of type int.
fn nested(levels: usize) -> Vec<(&'static str, String)> {
    let ops = levels - 1; // the expression itself is one level
    vec![
        (
            "parentheses",
            format!("{}dossier.n{}", "(".repeat(ops), ")".repeat(ops)),
        ),
        ("sum", vec!["dossier.n"; ops + 1].join(" + ")),
        ("negations", format!("{}dossier.n", "- ".repeat(ops))),
        (
            "not",
            format!("if {}true then 1 else 0", "not ".repeat(ops - 1)),
        ),
        (
            "if",
            format!(
                "{}dossier.n{}",
                "if dossier.n > 0 then 1 else ".repeat(ops),
                ""
            ),
        ),
        (
            "calls",
            format!("{}dossier.n{}", "max(1, ".repeat(ops), ")".repeat(ops)),
        ),
        (
            "lists",
            format!("count({}1{})", "[".repeat(ops - 1), "]".repeat(ops - 1)),
        ),
    ]
}

fn policy(expr: &str) -> String {
    format!("{HEADER}\noutput r: int {{\n  source CDC §1\n  {expr}\n}}\n")
}

/// Checks and evaluates on a thread with a small stack; the codes of the errors.
fn run_small_stack(text: String) -> Vec<String> {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut ws = Workspace::new();
            let id = ws.add_text(Path::new("/s/2026-01-01.care"), text);
            let (diags, policies) = check_workspace(&mut ws, &[id]);
            let errors: Vec<String> = diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code.to_string())
                .collect();
            if let Some(policy) = policies.first() {
                let value = Decoder::new(&policy.schema)
                    .unwrap()
                    .decode_json(br#"{"depot": "2026-02-01", "n": 3}"#)
                    .unwrap()
                    .value;
                let program = Program::new(policy.clone());
                for explain in [false, true] {
                    program.evaluate(value.clone(), explain).unwrap();
                }
            }
            errors
        })
        .unwrap()
        .join()
        .expect("no panic")
}

#[test]
fn expressions_up_to_the_limit_check_and_evaluate_on_a_small_stack() {
    // Around the limit, each nesting either checks clean and evaluates, or is E0004 alone; the
    // deepest one accepted is within a few levels of the limit (leaves and field accesses count).
    for kind in 0..nested(MAX_EXPR_DEPTH).len() {
        let mut deepest = None;
        for levels in MAX_EXPR_DEPTH - 4..=MAX_EXPR_DEPTH + 1 {
            let (name, expr) = nested(levels).swap_remove(kind);
            let errors = run_small_stack(policy(&expr));
            match errors.as_slice() {
                [] => deepest = Some(levels),
                [e] if e == "E0004" => {}
                other => panic!("{name} at {levels} levels: {other:?}"),
            }
        }
        let name = nested(MAX_EXPR_DEPTH)[kind].0;
        assert!(
            deepest.is_some_and(|d| d + 4 >= MAX_EXPR_DEPTH && d <= MAX_EXPR_DEPTH),
            "{name}: deepest accepted {deepest:?}"
        );
    }
}

#[test]
fn far_beyond_the_limit_is_one_error() {
    for (kind, expr) in nested(10_000) {
        let errors = run_small_stack(policy(&expr));
        assert_eq!(errors, vec!["E0004".to_string()], "{kind}");
    }
}
