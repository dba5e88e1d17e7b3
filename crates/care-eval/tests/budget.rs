//! The step budget (`care_eval::eval::MAX_STEPS`) and the bound on ranges built as lists
//! (`MAX_RANGE_ITEMS`): a policy that loops over a dossier's integer in a loop over it, or builds
//! a range of a dossier's integer, stops with a clear evaluation error instead of hanging or
//! exhausting memory, with and without explanations (docs/limits.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_eval::eval::{Program, MAX_RANGE_ITEMS, MAX_STEPS};
use care_eval::{Decoder, Value};
use std::path::Path;

fn program() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/budget");
    let report = care_check::check_paths(&[dir]).unwrap();
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        report.diagnostics
    );
    Program::new(report.policies[0].clone())
}

/// The outputs, or the rendered error, for a dossier with this `n`.
fn run(program: &Program, n: i64, explain: bool) -> Result<Vec<Value>, String> {
    let decoder = Decoder::new(&program.policy.schema).unwrap();
    let json = format!(r#"{{"depot": "2026-03-01", "n": {n}}}"#);
    let input = decoder.decode_json(json.as_bytes()).unwrap().value;
    program
        .evaluate(input, explain)
        .map(|e| e.outputs)
        .map_err(|e| e.render(&program.policy))
}

#[test]
fn small_loops_are_evaluated() {
    let p = program();
    for explain in [false, true] {
        assert_eq!(
            run(&p, 100, explain).unwrap(),
            vec![Value::Int(100), Value::Int(5_050)]
        );
    }
}

#[test]
fn nested_loops_over_a_dossier_integer_stop_at_the_budget() {
    let p = program();
    // 4,000 + 4,000 × 4,000 steps: past the budget, stopped there (not 16 million steps later).
    for explain in [false, true] {
        let err = run(&p, 4_000, explain).unwrap_err();
        assert!(
            err.contains(&format!(
                "evaluation error: evaluation stopped after {MAX_STEPS} steps"
            )),
            "{err}"
        );
        assert!(err.contains("boucles.care:25:"), "{err}");
        assert!(
            err.contains("help: a dossier may take at most 10000000 steps"),
            "{err}"
        );
        assert!(err.contains("docs/limits.md"), "{err}");
    }
}

#[test]
fn a_range_built_as_a_list_is_bounded() {
    let p = program();
    let n = i64::try_from(MAX_RANGE_ITEMS).unwrap() + 1;
    let err = run(&p, n, false).unwrap_err();
    assert!(
        err.contains(&format!("the range `1..{n}` is too long")),
        "{err}"
    );
    assert!(
        err.contains("help: a range may have at most 1000000 items"),
        "{err}"
    );
    // At the bound, it is built.
    let p = program();
    let decoder = Decoder::new(&p.policy.schema).unwrap();
    let json = format!(r#"{{"depot": "2026-03-01", "n": {}}}"#, n - 1);
    let input = decoder.decode_json(json.as_bytes()).unwrap().value;
    let mut m = care_eval::eval::Machine::new(&p);
    m.reset(input, false);
    assert_eq!(m.output(0).unwrap(), Value::Int(n - 1));
}

#[test]
fn a_huge_range_is_refused_before_it_is_walked() {
    let p = program();
    for n in [1_000_000_000_000i64, i64::MAX] {
        let err = run(&p, n, false).unwrap_err();
        assert!(
            err.contains(&format!("the range `1..{n}` is too long")),
            "{err}"
        );
    }
}
