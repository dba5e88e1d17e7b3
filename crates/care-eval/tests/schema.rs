//! `care schema`: the JSON Schema of a version's inputs accepts the dossiers care accepts and
//! refuses the ones care refuses as invalid data — checked on every fixture dossier of the ESSMS
//! policy with an independent JSON Schema validator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use serde_json::Value as Json;
use std::path::Path;

fn policy_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc")
}

#[test]
fn the_schema_agrees_with_care_on_every_fixture() {
    let report = care_check::check_paths(&[policy_dir()]).unwrap();
    assert!(report.is_clean());
    let mut tried = (0, 0);
    for policy in &report.policies {
        let schema = care_eval::schema::json_schema(&policy.schema, "essai");
        let validator = jsonschema::draft202012::new(&schema).expect("a valid JSON Schema");
        let mut entries: Vec<_> = std::fs::read_dir(policy_dir().join("tests"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.ends_with(".json") && !name.ends_with(".expected.json")
            })
            .collect();
        entries.sort();
        for dossier in entries {
            let Ok(data) =
                serde_json::from_str::<Json>(&std::fs::read_to_string(&dossier).unwrap())
            else {
                continue; // not JSON at all: a JSON Schema has nothing to say
            };
            let expected_path = dossier.with_extension("expected.json");
            let expected: Json =
                serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
            let refused_by_care =
                expected.get("error").and_then(Json::as_str) == Some("invalid_data");
            let errors: Vec<String> = validator
                .iter_errors(&data)
                .map(|e| format!("{}: {e}", e.instance_path))
                .collect();
            let name = dossier.file_name().unwrap().to_string_lossy().to_string();
            if refused_by_care {
                tried.0 += 1;
                assert!(
                    !errors.is_empty(),
                    "{} {name}: care refuses it, the schema accepts it",
                    policy.version
                );
            } else {
                tried.1 += 1;
                assert!(
                    errors.is_empty(),
                    "{} {name}: care accepts it, the schema refuses it: {errors:#?}",
                    policy.version
                );
            }
        }
    }
    assert!(tried.0 >= 5 && tried.1 >= 30, "{tried:?}");
}

#[test]
fn the_schema_states_the_contract_in_its_fields() {
    let report = care_check::check_paths(&[policy_dir()]).unwrap();
    let policy = report.policies.last().unwrap();
    let schema = care_eval::schema::json_schema(&policy.schema, "essai");
    let defs = &schema["$defs"];
    let aid = &defs["AideMinimis"]["properties"];
    assert_eq!(aid["amount"]["pattern"], r"^[0-9]+(\.[0-9]{1,2})?$");
    assert_eq!(aid["granted_on"]["format"], "date");
    assert_eq!(
        defs["ActiviteEJ"]["enum"],
        serde_json::json!(["medico_social", "hybrid", "sanitaire"])
    );
    assert_eq!(
        defs["Candidature"]["properties"]["parcours"]["enum"],
        serde_json::json!([1, 2, 3])
    );
    assert_eq!(defs["Candidature"]["additionalProperties"], true);
    let required = defs["Candidature"]["required"].as_array().unwrap();
    assert!(required.contains(&Json::from("submitted_at")));
}

#[test]
fn bounds_become_minimum_maximum_patterns_or_words() {
    use care_check::loader::check_workspace;
    use care_check::workspace::Workspace;
    let text = r#"policy b "Bornes" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depot
}

record Dossier {
  depot: date at_least 2026-01-27
  sites: int at_least 1 at_most 12
  solde: money at_least -5000 €
  montant: money? "Montant"
}

input dossier: Dossier
"#;
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("/b/2026-01-01.care"), text.to_string());
    let (_, policies) = check_workspace(&mut ws, &[id]);
    let schema = care_eval::schema::json_schema(&policies[0].schema, "b");
    let props = &schema["$defs"]["Dossier"]["properties"];
    assert_eq!(props["sites"]["minimum"], 1);
    assert_eq!(props["sites"]["maximum"], 12);
    assert_eq!(props["solde"]["pattern"], r"^-?[0-9]+(\.[0-9]{1,2})?$");
    assert_eq!(props["depot"]["description"], "Valeur au moins 2026-01-27.");
    assert_eq!(props["montant"]["anyOf"][1]["type"], "null");
    let required = schema["$defs"]["Dossier"]["required"].as_array().unwrap();
    assert!(!required.contains(&Json::from("montant")));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let ok =
        serde_json::json!({"depot": "2026-02-01", "sites": 12, "solde": "-10.50", "montant": null});
    assert!(validator.is_valid(&ok));
    let bad = serde_json::json!({"depot": "2026-02-01", "sites": 13, "solde": "-10.505"});
    assert_eq!(validator.iter_errors(&bad).count(), 2);
}
