#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! Every fixture dossier of every policy (`policies/*/tests/NAME.json` with
//! `NAME.expected.json`) gives exactly its expected outputs and failed rules.

use care_eval::eval::select::select;
use care_eval::eval::{Program, Status};
use care_eval::{Decoder, Format};
use serde_json::Value as Json;
use std::path::Path;
use std::sync::Arc;

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_folder(policy_dir: &Path, fixtures: &Path) -> Vec<String> {
    let report = care_check::check_paths(&[policy_dir.to_path_buf()]).unwrap();
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "policy does not check"
    );
    let versions: Vec<Arc<care_check::ir::Policy>> = report.policies.clone();
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut count = 0;
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let expected_path = path.with_file_name(name.replace(".json", ".expected.json"));
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            continue;
        };
        let expected: Json = serde_json::from_str(&expected).unwrap();
        if expected.get("error").is_some() {
            continue; // a fixture asserting a refusal: `care test` runs those
        }
        let bytes = std::fs::read(&path).unwrap();
        let policy = &versions[select(&versions, &bytes, Format::Json, None)
            .unwrap_or_else(|e| panic!("{name}: {e}"))];
        let decoder = Decoder::new(&policy.schema).unwrap();
        let decoded = decoder
            .decode_json(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {:?}", e.errors));
        let program = Program::new(policy.clone());
        let eval = program
            .evaluate(decoded.value, false)
            .unwrap_or_else(|e| panic!("{name}: {}", e.render(policy)));
        count += 1;
        for (key, want) in expected.as_object().unwrap() {
            if key == "version" {
                if want.as_str() != Some(policy.version.to_string().as_str()) {
                    failures.push(format!(
                        "{name}: judged by version {}, expected {want}",
                        policy.version
                    ));
                }
                continue;
            }
            if key == "failed" {
                let mut want: Vec<String> = want
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect();
                let mut got: Vec<String> = policy
                    .rules
                    .iter()
                    .zip(&eval.rules)
                    .filter(|(_, s)| **s == Status::Failed)
                    .map(|(r, _)| r.code.clone())
                    .collect();
                want.sort();
                got.sort();
                if want != got {
                    failures.push(format!("{name}: failed rules {got:?}, expected {want:?}"));
                }
                continue;
            }
            let Some(i) = policy.outputs.iter().position(|o| &o.name == key) else {
                failures.push(format!("{name}: no output `{key}`"));
                continue;
            };
            let got = care_eval::render::to_json_value(
                &eval.outputs[i],
                &policy.outputs[i].ty,
                &policy.schema,
            )
            .unwrap();
            let same = match (&got, want) {
                (Json::String(a), Json::String(b)) => match (
                    a.parse::<rust_decimal::Decimal>(),
                    b.parse::<rust_decimal::Decimal>(),
                ) {
                    (Ok(x), Ok(y)) => {
                        x == y && (policy.outputs[i].ty != care_check::types::Type::Money || a == b)
                    }
                    _ => a == b,
                },
                (a, b) => a == b,
            };
            if !same {
                failures.push(format!("{name}: `{key}` = {got}, expected {want}"));
            }
        }
    }
    assert!(count > 0, "no fixture in {}", fixtures.display());
    failures
}

#[test]
fn essms_poc_fixtures() {
    let dir = root().join("policies/essms-poc");
    let failures = run_folder(&dir, &dir.join("tests"));
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn contract_essms_examples() {
    let examples = root().join("tests/fixtures/dossiers/essms-poc");
    let failures = run_folder(&root().join("policies/essms-poc"), &examples);
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The fixture policy of a per-track schedule written as a table with two key columns (the
/// track and the site's rank) and a table keyed by ranges of shares: each dossier's grant.
#[test]
fn two_key_table_fixtures() {
    let dir = root().join("tests/fixtures/policies/taux-par-parcours");
    let failures = run_folder(&dir, &dir.join("tests"));
    assert!(failures.is_empty(), "{failures:#?}");
}

/// CaRE D1 bis: a GHT commits to D1.O6 (the 5 % discount of the annex is on it) and to its two
/// parts; a private candidate to none of them (rules.md §2.3, §2.4).
#[test]
fn d1bis_chosen_objectives_have_d1_o6_for_a_ght_only() {
    let dir = root().join("policies/care-d1bis");
    let report = care_check::check_paths(std::slice::from_ref(&dir)).unwrap();
    let policy = report.policies[0].clone();
    let chosen = |fixture: &str| -> Vec<String> {
        let bytes = std::fs::read(dir.join("tests").join(fixture)).unwrap();
        let decoded = Decoder::new(&policy.schema)
            .unwrap()
            .decode_json(&bytes)
            .unwrap();
        // The chosen objectives are listed with the explanation (the candidate's checklist).
        let eval = Program::new(policy.clone())
            .evaluate(decoded.value, true)
            .unwrap();
        eval.chosen
            .iter()
            .map(|o| policy.objectives[*o as usize].code.clone())
            .filter(|c| c.starts_with("D1.O6"))
            .collect()
    };
    assert_eq!(
        chosen("ght-tout-atteint.json"),
        ["D1.O6.A", "D1.O6.B", "D1.O6"],
        "in declaration order"
    );
    assert_eq!(chosen("base-es-prive.json"), Vec::<String>::new());
}
