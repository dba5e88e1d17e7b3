//! `care eval` from the outside: outputs, renderings, exit codes and the error messages that go
//! with them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};

const P: &str = "policies/essms-poc";

fn fixture(name: &str) -> PathBuf {
    essms().join("tests").join(name)
}

fn eval(dossier: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "eval".to_string(),
        "--policy".into(),
        P.into(),
        "--dossier".into(),
        dossier.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    care(args)
}

fn eval_json(dossier: &Path) -> Json {
    let run = eval(dossier, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("json report")
}

/// A dossier written from the single-site fixture, changed by `edit`.
fn variant(dir: &Path, name: &str, edit: impl FnOnce(&mut Json)) -> PathBuf {
    let mut d = read_json(&fixture("p1-single-site.json"));
    edit(&mut d);
    let path = dir.join(name);
    write_json(&path, &d);
    path
}

#[test]
fn contract_examples_give_their_expected_outputs_and_failed_rules() {
    let folder = contract_essms();
    for name in [
        "p1-single-site",
        "late-submission",
        "p3-backup-split",
        "p3-group-seven-sites",
    ] {
        let report = eval_json(&folder.join(format!("{name}.json")));
        let expected = read_json(&folder.join(format!("{name}.expected.json")));
        for (key, want) in expected.as_object().unwrap() {
            if key == "failed" {
                continue;
            }
            // Exactly as written: money with its two decimals.
            assert_eq!(&report["outputs"][key], want, "{name}: `{key}`");
        }
        // The policy's own fixture of the same name says which rules fail.
        let own = read_json(&fixture(&format!("{name}.expected.json")));
        let mut want: Vec<&str> = own["failed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut got: Vec<&str> = report["failed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}: failed rules");
    }
}

#[test]
fn json_report_has_policy_dossier_outputs_and_explanation() {
    let report = eval_json(&fixture("p1-single-site.json"));
    assert_eq!(report["policy"]["id"], "essms-poc");
    assert_eq!(report["policy"]["version"], "2026-04-15");
    assert_eq!(report["dossier"], "ESSMS-POC-p1-single-site");
    assert_eq!(report["outputs"]["grant"], "9400.00");
    assert_eq!(report["failed"], json!([]));
    assert!(report["explanation"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
}

#[test]
fn markdown_report_has_the_french_headings() {
    let run = eval(&fixture("late-submission.json"), &["--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for heading in [
        "# Dossier ESSMS-POC-late-submission",
        "## Résultats",
        "## Ce qui manque",
        "## Règles",
        "## Calculs",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == heading),
            "no heading `{heading}` in:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("POC.DEPOT"), "{}", run.stdout);
}

#[test]
fn truncated_json_is_invalid_data_with_line_and_column() {
    let dir = scratch("eval-truncated");
    let text = std::fs::read_to_string(fixture("p1-single-site.json")).unwrap();
    let path = dir.join("truncated.json");
    std::fs::write(&path, &text[..300]).unwrap();
    let run = eval(&path, &["--format", "json"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing evaluated: {}", run.stdout);
    assert!(run.stderr.contains("line "), "{}", run.stderr);
    assert!(run.stderr.contains("column "), "{}", run.stderr);
}

#[test]
fn unknown_enum_value_is_invalid_data_naming_its_path() {
    let dir = scratch("eval-enum");
    let path = variant(&dir, "clinic.json", |d| {
        d["legal_entities"][0]["activity"] = json!("clinic");
    });
    let run = eval(&path, &["--format", "json"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("`legal_entities[0].activity`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("clinic"), "{}", run.stderr);
}

#[test]
fn every_data_error_is_reported_at_once() {
    let dir = scratch("eval-several");
    let path = variant(&dir, "several.json", |d| {
        d["parcours"] = json!(4);
        d["porteur"] = json!(750000001);
        d["legal_entities"][0]["sites"][0]["activity"] = json!("clinic");
        d["legal_entities"][0]["de_minimis"] = json!([
            { "granted_on": "2024-09-01", "amount": "25000.005", "authority": "Région" }
        ]);
        d["direction_commitment"]
            .as_object_mut()
            .unwrap()
            .remove("signed");
    });
    let run = eval(&path, &["--format", "json"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    for p in [
        "`parcours`",
        "`porteur`",
        "`legal_entities[0].sites[0].activity`",
        "`legal_entities[0].de_minimis[0].amount`",
        "`direction_commitment.signed`",
    ] {
        assert!(run.stderr.contains(p), "no {p} in:\n{}", run.stderr);
    }
}

#[test]
fn yaml_dossier_keeps_unquoted_finess_as_text() {
    let path = donnees().join("donnees-finess-yaml.yaml");
    let report = eval_json(&path);
    assert_eq!(report["outputs"]["eligible"], true, "{report:#}");
    assert_eq!(report["outputs"]["grant"], "9400.00");
    assert_eq!(report["failed"], json!([]));
    // The leading zero is kept: the FINESS is text, not the number 10000001.
    let text = report.to_string();
    assert!(text.contains("\"010000001\""), "{text}");
}

#[test]
fn dossier_before_the_first_version_has_no_version() {
    let dir = scratch("eval-early");
    let path = variant(&dir, "early.json", |d| {
        d["submitted_at"] = json!("2025-05-20T10:15:00+02:00");
    });
    let run = eval(&path, &["--format", "json"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("2026-03-31"), "{}", run.stderr);
}

#[test]
fn missing_reference_date_is_invalid_data() {
    let dir = scratch("eval-no-date");
    let path = variant(&dir, "no-date.json", |d| {
        d.as_object_mut().unwrap().remove("submitted_at");
    });
    let run = eval(&path, &["--format", "json"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("`submitted_at`"), "{}", run.stderr);
}

#[test]
fn broken_policy_is_exit_3() {
    let dir = scratch("eval-broken-policy");
    let policy = copy_policy(&dir);
    let version = policy.join("2026-03-31.care");
    let mut text = std::fs::read_to_string(&version).unwrap();
    text.push_str("\noutput oops \"Sortie cassée\": money = inconnu + 1\n");
    std::fs::write(&version, text).unwrap();
    let run = care([
        "eval",
        "--policy",
        policy.to_str().unwrap(),
        "--dossier",
        fixture("p1-single-site.json").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("does not check"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn missing_dossier_is_exit_6() {
    let run = eval(
        Path::new("policies/essms-poc/tests/no-such-dossier.json"),
        &[],
    );
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("no-such-dossier.json"),
        "{}",
        run.stderr
    );
}

#[test]
fn version_option_forces_the_version() {
    let dossier = fixture("p1-single-site.json");
    assert_eq!(eval_json(&dossier)["policy"]["version"], "2026-04-15");
    let run = eval(&dossier, &["--version", "2026-03-31", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Json = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["policy"]["version"], "2026-03-31");
    let unknown = eval(&dossier, &["--version", "1999-01-01", "--format", "json"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("`1999-01-01`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn output_is_byte_identical_from_one_run_to_the_next() {
    for format in ["json", "markdown", "human"] {
        let dossier = fixture("plusieurs-manquements.json");
        let a = eval(&dossier, &["--format", format]);
        let b = eval(&dossier, &["--format", format]);
        assert_eq!(a.code, 0, "{}", a.stderr);
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "--format {format}");
    }
}

#[test]
fn html_report_is_one_page_with_the_decision_first() {
    let run = eval(&fixture("late-submission.json"), &["--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("<!DOCTYPE html>"), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("</html>"));
    let banner = run.stdout.find("id=\"decision\"").unwrap();
    let missing = run.stdout.find("id=\"manque\"").unwrap();
    assert!(banner < missing);
    assert!(run.stdout[missing..].contains("POC.DEPOT"));
}

#[test]
fn the_candidate_sees_no_policy_location_the_instructor_does() {
    let dossier = fixture("late-submission.json");
    for format in ["human", "markdown", "html"] {
        let instructor = eval(&dossier, &["--format", format]);
        let candidate = eval(&dossier, &["--format", format, "--audience", "candidat"]);
        let english = eval(&dossier, &["--format", format, "--audience", "candidate"]);
        assert_eq!(candidate.code, 0, "{}", candidate.stderr);
        assert!(
            instructor.stdout.contains("2026-03-31.care:123"),
            "{format}"
        );
        assert!(
            !candidate.stdout.contains(".care"),
            "{format}: {}",
            candidate.stdout
        );
        assert_eq!(candidate.stdout, english.stdout);
    }
    let unknown = eval(&dossier, &["--audience", "jury"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    let folder = essms().join("tests").display().to_string();
    let batch = care([
        "eval",
        "--policy",
        P,
        "--dossiers",
        folder.as_str(),
        "--audience",
        "candidat",
    ]);
    assert_eq!(batch.code, 2, "{}", batch.stderr);
    assert!(batch.stderr.contains("`--audience`"), "{}", batch.stderr);
}

#[test]
fn the_audience_does_not_change_the_json_contract() {
    let dossier = fixture("p3-group-seven-sites.json");
    let a = eval(&dossier, &["--format", "json"]);
    let b = eval(&dossier, &["--format", "json", "--audience", "candidat"]);
    assert_eq!(a.code, 0);
    assert_eq!(a.stdout, b.stdout);
}
