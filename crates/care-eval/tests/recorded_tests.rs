#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! With explanations, a rule's `when` and `require` keep the tests that decided it: each
//! comparison with the values of both sides (and of an arithmetic side's operands), in the order
//! evaluated, and the same status as without explanations.

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_eval::eval::trace::Test;
use care_eval::eval::{Program, Status};
use care_eval::value::Value;
use care_eval::Decoder;
use care_syntax::ast::BinaryOp;
use rust_decimal::Decimal;
use std::path::Path;

const POLICY: &str = r#"
policy s "Tests" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depot
}

document CDC "Cahier"

record Dossier {
  depot: date
  aides: money
  part: money
  choix: list of code
  signe: bool
}

input dossier: Dossier

rule R.PLAFOND "Plafond" {
  source CDC §1
  let debut = dossier.depot - 3 years
  require dossier.aides + dossier.part <= 300000 €
}

rule R.NOMBRE "Nombre" {
  source CDC §2
  when dossier.signe or count(dossier.choix) > 0
  require not (count(dossier.choix) < 3) and dossier.signe
}
"#;

type Lets = Vec<(String, Value)>;

fn rules(dossier: &str) -> (Vec<Status>, Vec<Vec<Test>>, Vec<Lets>) {
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("/s/s.care"), POLICY.to_string());
    let (diags, policies) = check_workspace(&mut ws, &[id]);
    assert!(diags.iter().all(|d| !d.is_error()));
    let policy = policies[0].clone();
    let value = Decoder::new(&policy.schema)
        .unwrap()
        .decode_json(dossier.as_bytes())
        .unwrap()
        .value;
    let program = Program::new(policy);
    let plain = program.evaluate(value.clone(), false).unwrap();
    let explained = program.evaluate(value, true).unwrap();
    assert_eq!(plain.rules, explained.rules);
    let trace = explained.trace.unwrap();
    let tests = trace
        .rules
        .iter()
        .map(|r| r.as_ref().unwrap().0.tests.clone())
        .collect();
    let lets = trace
        .rules
        .iter()
        .map(|r| {
            let r = &r.as_ref().unwrap().0;
            r.lets
                .iter()
                .map(|(n, v, _)| (n.clone(), v.clone()))
                .collect()
        })
        .collect();
    (explained.rules, tests, lets)
}

fn money(s: &str) -> Value {
    Value::Money(s.parse::<Decimal>().unwrap())
}

#[test]
fn a_comparison_keeps_both_sides_and_the_operands_of_a_sum() {
    let (status, tests, lets) = rules(
        r#"{"depot": "2026-02-01", "aides": "280000.00", "part": "34000.00", "choix": ["A"], "signe": true}"#,
    );
    assert_eq!(status[0], Status::Failed);
    let [t] = tests[0].as_slice() else {
        panic!("{:?}", tests[0])
    };
    assert!(!t.held && !t.when);
    let (op, lhs, rhs) = t.compare.clone().unwrap();
    assert_eq!(op, BinaryOp::Le);
    assert_eq!(lhs.value, money("314000.00"));
    assert_eq!(
        lhs.parts.iter().map(|p| p.0.clone()).collect::<Vec<_>>(),
        vec![money("280000.00"), money("34000.00")]
    );
    assert_eq!(rhs.value, money("300000"));
    assert!(rhs.parts.is_empty());
    let start = jiff::civil::date(2023, 2, 1);
    assert_eq!(lets[0], vec![("debut".to_string(), Value::Date(start))]);
}

#[test]
fn tests_are_recorded_through_and_or_not_in_evaluation_order() {
    let (status, tests, _) = rules(
        r#"{"depot": "2026-02-01", "aides": "0.00", "part": "0.00", "choix": ["A", "B"], "signe": true}"#,
    );
    assert_eq!(status[1], Status::Failed);
    let seen: Vec<(bool, bool, Option<BinaryOp>)> = tests[1]
        .iter()
        .map(|t| (t.when, t.held, t.compare.as_ref().map(|c| c.0)))
        .collect();
    // `or` stops at its first operand; `not` records the comparison inside it; `and` stops at
    // the first operand that fails.
    assert_eq!(
        seen,
        vec![(true, true, None), (false, true, Some(BinaryOp::Lt))]
    );
    let (_, lhs, rhs) = tests[1][1].compare.clone().unwrap();
    assert_eq!((lhs.value, rhs.value), (Value::Int(2), Value::Int(3)));
}
