//! Bounds on the data (`at_least`, `at_most`), from a policy's text to decoding: values outside
//! are invalid data with their JSON path, in JSON and YAML alike; money is never negative unless
//! the field declares its floor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_eval::{decode_json, decode_yaml, DataErrors};
use std::path::Path;

const POLICY: &str = r#"policy essai "Essai" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depose_le
}

record Aide {
  montant: money
  part: share at_most 90 %
}

record Dossier {
  depose_le: date at_least 2026-01-27 at_most 2026-12-31
  sites: int at_least 1 at_most 12
  solde: money at_least -5000 €
  plafond: money? at_most 300000 €
  aides: list of Aide
  notes: list of decimal at_least 0.5
}

input dossier: Dossier
"#;

fn schema() -> care_check::model::InputSchema {
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("essai/2026-01-01.care"), POLICY.to_string());
    let (diags, policies) = check_workspace(&mut ws, &[id]);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    policies[0].schema.clone()
}

const VALID: &str = r#"{"depose_le": "2026-01-27", "sites": 12, "solde": "-5000.00",
  "plafond": null, "aides": [{"montant": "0.00", "part": "0.9"}], "notes": ["0.5", "7"]}"#;

fn paths(result: Result<care_eval::Decoded, DataErrors>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e
            .errors
            .iter()
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect(),
    }
}

#[test]
fn values_at_the_bounds_are_valid() {
    let schema = schema();
    assert_eq!(
        paths(decode_json(VALID.as_bytes(), &schema)),
        Vec::<String>::new()
    );
}

#[test]
fn values_outside_are_invalid_data_with_their_path() {
    let schema = schema();
    let dossier = r#"{"depose_le": "2026-01-26", "sites": 13, "solde": "-5000.01",
      "plafond": "300000.01", "aides": [{"montant": "1.00", "part": "0.5"},
      {"montant": "-250000.00", "part": "0.91"}], "notes": ["0.5", "0.49"]}"#;
    let got = paths(decode_json(dossier.as_bytes(), &schema));
    assert_eq!(
        got,
        vec![
            "depose_le: must be at least 2026-01-27, found `\"2026-01-26\"`",
            "sites: must be at most 12, found `13`",
            "solde: must be at least -5000.00, found `\"-5000.01\"`",
            "plafond: must be at most 300000.00, found `\"300000.01\"`",
            "aides[1].montant: money cannot be negative (the policy declares no lower bound for it), found `\"-250000.00\"`",
            "aides[1].part: must be at most 0.9, found `\"0.91\"`",
            "notes[1]: must be at least 0.5, found `\"0.49\"`",
        ]
    );
}

#[test]
fn yaml_is_held_to_the_same_bounds() {
    let schema = schema();
    let dossier = "depose_le: 2026-01-27\nsites: 0\nsolde: -1.00\naides:\n  - montant: -3.00\n    part: 0.1\nnotes: []\n";
    let got = paths(decode_yaml(dossier.as_bytes(), &schema));
    assert_eq!(
        got,
        vec![
            "sites: must be at least 1, found `0`",
            "aides[0].montant: money cannot be negative (the policy declares no lower bound for it), found `-3.00`",
        ]
    );
}
