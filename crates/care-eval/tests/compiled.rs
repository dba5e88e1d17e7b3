//! Differential test of the compiled form: decisions run on closures compiled once per version
//! (`eval/compiled`), explanations and coverage on the tree walk of the checked expressions. The
//! two must agree on every dossier: each output (value and decimal scale), each rule's outcome,
//! and each error (message and place). This runs every policy of `policies/` and
//! `tests/fixtures/policies/` on its fixture dossiers and on dossiers `care sample` varies from
//! them. `tests/semantics.rs` compares the two forms on each of its small policies too.
//!
//! `CARE_COMPILED_DOSSIERS` sets the number of generated dossiers per policy (default 3,000).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_eval::eval::{Evaluation, Machine, Program};
use care_eval::{Decoder, Format};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every policy folder with fixtures.
fn policy_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for parent in ["policies", "tests/fixtures/policies"] {
        for entry in std::fs::read_dir(root().join(parent)).unwrap() {
            let p = entry.unwrap().path();
            if p.join("tests").is_dir() {
                dirs.push(p);
            }
        }
    }
    dirs.sort();
    assert!(dirs.len() >= 4, "policies not found: {dirs:?}");
    dirs
}

/// What an evaluation decided, with the scale of every decimal (`9400.00` and `9400` are equal
/// values but not the same output).
fn decided(r: &Result<Evaluation, care_eval::eval::EvalError>) -> String {
    match r {
        Ok(ev) => format!("{:?} {:?}", ev.outputs, ev.rules),
        Err(e) => format!("error {e:?}"),
    }
}

/// Evaluates each dossier with the compiled form and with the tree walk; returns how many were
/// compared.
fn compare(
    policies: &[Arc<care_check::ir::Policy>],
    dossiers: &[(String, Vec<u8>, Format)],
) -> usize {
    let programs: Vec<(Program, Decoder)> = policies
        .iter()
        .map(|p| (Program::new(p.clone()), Decoder::new(&p.schema).unwrap()))
        .collect();
    let mut compared = 0;
    for (program, decoder) in &programs {
        let mut fast = Machine::new(program);
        let mut walked = Machine::reference(program);
        for (name, bytes, format) in dossiers {
            let Ok(decoded) = decoder.decode(*format, bytes) else {
                continue;
            };
            let a = program.evaluate_with(&mut fast, decoded.value.clone(), false);
            let b = program.evaluate_with(&mut walked, decoded.value.clone(), false);
            assert_eq!(
                decided(&a),
                decided(&b),
                "{name}, version {}: the compiled form and the tree walk disagree",
                program.policy.version
            );
            // An explanation's checklist: the chosen objectives, on the compiled form for a
            // decision's machine, walked for the reference.
            if compared % 8 == 0 {
                let chosen = |m: &mut Machine<'_>| {
                    program
                        .evaluate_with(m, decoded.value.clone(), true)
                        .map(|e| e.chosen)
                        .map_err(|e| format!("{e:?}"))
                };
                assert_eq!(
                    chosen(&mut fast),
                    chosen(&mut walked),
                    "{name}, version {}: the chosen objectives differ",
                    program.policy.version
                );
            }
            compared += 1;
        }
    }
    compared
}

fn fixtures(dir: &Path) -> Vec<(String, Vec<u8>, Format)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir.join("tests")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.contains(".expected.") {
            continue;
        }
        let format = match p.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            Some("yaml" | "yml") => Format::Yaml,
            _ => continue,
        };
        out.push((name, std::fs::read(&p).unwrap(), format));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_policy_agrees_on_fixtures_and_samples() {
    let n: usize = std::env::var("CARE_COMPILED_DOSSIERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let mut laid_out_lookups = 0;
    let mut inlined_calls = 0;
    for dir in policy_dirs() {
        let report = care_check::check_paths(std::slice::from_ref(&dir)).unwrap();
        assert!(report.is_clean(), "{} does not check clean", dir.display());
        let policies = report.policies;
        let mut dossiers = fixtures(&dir);
        let fixture_count = dossiers.len();
        let versions: Vec<&care_check::ir::Policy> = policies.iter().map(|p| &**p).collect();
        let jsonl = care_eval::sample::sample_jsonl_across(&versions, 7, n);
        for (i, line) in jsonl.split(|b| *b == b'\n').enumerate() {
            if !line.is_empty() {
                dossiers.push((
                    format!("sample line {}", i + 1),
                    line.to_vec(),
                    Format::Json,
                ));
            }
        }
        for p in &policies {
            let program = Program::new(p.clone());
            laid_out_lookups += program.laid_out_lookups();
            inlined_calls += program.inlined_calls();
        }
        let compared = compare(&policies, &dossiers);
        assert!(
            compared >= fixture_count.min(1) && compared > n / 2,
            "{}: only {compared} dossiers decoded",
            dir.display()
        );
    }
    // The policies' lookups inside loops read columns laid out by key (tests/semantics.rs
    // has lookups the loop keeps, `lookups_inside_loops_whatever_their_key_depends_on`).
    assert!(
        laid_out_lookups > 0,
        "no policy reads a column laid out by key"
    );
    assert!(inlined_calls > 0, "no policy has a call compiled in place");
}
