//! The peers' grant rule (`grant.care`, copied from the shared benchmark) and its dossiers, for
//! the `grant` benchmark and the test of its totals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)] // bench code

pub mod gen;

use care_eval::eval::{Machine, Program};
use care_eval::{Decoder, Value};
use rust_decimal::Decimal;
use std::path::Path;

/// The checked grant rule.
pub fn program() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/grant");
    let report = care_check::check_paths(&[dir]).unwrap();
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        report.diagnostics
    );
    Program::new(report.policies[0].clone())
}

/// The first `n` dossiers of `gen_grant.py`, decoded.
pub fn decoded(program: &Program, n: usize) -> Vec<Value> {
    let decoder = Decoder::new(&program.policy.schema).unwrap();
    gen::dossiers(n)
        .iter()
        .map(|d| decoder.decode_json(d.as_bytes()).unwrap().value)
        .collect()
}

/// (eligible, total of `montant` in euros) over the dossiers.
pub fn totals(program: &Program, dossiers: &[Value]) -> (usize, Decimal) {
    let mut m = Machine::new(program);
    let eligible = program
        .policy
        .outputs
        .iter()
        .position(|o| o.name == "eligible")
        .unwrap();
    let montant = program
        .policy
        .outputs
        .iter()
        .position(|o| o.name == "montant")
        .unwrap();
    let (mut n, mut total) = (0, Decimal::ZERO);
    for d in dossiers {
        let e = program.evaluate_with(&mut m, d.clone(), false).unwrap();
        n += usize::from(e.outputs[eligible] == Value::Bool(true));
        total += e.outputs[montant].as_decimal().unwrap();
    }
    (n, total)
}
