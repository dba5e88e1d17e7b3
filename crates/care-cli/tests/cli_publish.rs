//! `care diff`, `care table`, `care sample` and `care simulate` from the outside: arguments, formats, exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;

const P: &str = "policies/essms-poc";

/// The ESSMS policy with the fixture amendment of `care-publish` beside it.
fn amended(name: &str) -> std::path::PathBuf {
    let dir = copy_policy(&scratch(name));
    let fixture = root().join("crates/care-publish/tests/fixtures/amendement/2026-09-01.care");
    std::fs::copy(fixture, dir.join("2026-09-01.care")).unwrap();
    dir
}

#[test]
fn diff_names_the_change_of_poc_p3_o4_c_in_every_format() {
    let r = care(["diff", "--policy", P]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("POC.P3.O4.C — modifié"), "{}", r.stdout);
    assert!(r.stdout.contains("2026-04-15.care:17:29"), "{}", r.stdout);
    let r = care([
        "diff",
        "--policy",
        P,
        "--from",
        "2026-03-31",
        "--to",
        "2026-04-15",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let c = j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "POC.P3.O4.C" && c["aspect"] == "label")
        .unwrap();
    assert_eq!(c["from"]["file"], "2026-03-31.care");
    assert_eq!(c["to"]["file"], "2026-04-15.care");
    let r = care(["diff", "--policy", P, "--format", "markdown"]);
    assert!(r
        .stdout
        .starts_with("# Différences de la politique `essms-poc`"));
    // Two folders: the same policy twice has no difference.
    let r = care(["diff", P, P]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Aucune différence."), "{}", r.stdout);
}

#[test]
fn diff_and_table_refuse_what_they_cannot_do() {
    let r = care(["diff", "--policy", P, "--from", "2025-01-01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no version `2025-01-01`"), "{}", r.stderr);
    let r = care(["diff"]);
    assert_eq!(r.code, 2);
    let r = care(["diff", "--policy", "nowhere"]);
    assert_eq!(r.code, 6, "{}", r.stderr);
    let broken = scratch("diff-broken");
    std::fs::write(broken.join("v.care"), "policy x \"X\" {\n  version 2026-01-01\n  in_force from 2026-01-01\n}\nrule A.B \"b\" {\n  require nope\n}\n").unwrap();
    let r = care(["diff", "--policy", broken.to_str().unwrap()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("does not check"), "{}", r.stderr);
    let r = care(["table", "--policy", P, "forfaits"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no table or function `forfaits`"),
        "{}",
        r.stderr
    );
    let r = care(["table", "--policy", P, "forfait", "--range", "9..3"]);
    assert_eq!(r.code, 2);
}

#[test]
fn table_of_the_flat_amount_per_track() {
    let r = care([
        "table", "--policy", P, "forfait", "--range", "1..13", "--format", "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "n,P1,P2,P3");
    assert_eq!(lines[5], "5,45120.00,81600.00,81600.00");
    assert_eq!(lines.len(), 14);
    let r = care([
        "table",
        "--policy",
        P,
        "taux_par_rang",
        "--version",
        "2026-03-31",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(j["rows"].as_array().unwrap().len(), 20);
    assert_eq!(j["version"], "2026-03-31");
    let r = care(["table", "--policy", P, "taux_par_rang", "--range", "4..5"]);
    assert!(
        r.stdout.contains("4     100 %\n5      80 %\n"),
        "rates as written: {}",
        r.stdout
    );
    let r = care(["table", "--policy", P, "montants_par_parcours"]);
    assert!(r.stdout.contains("63\u{202f}920,00 €"), "{}", r.stdout);
}

#[test]
fn simulate_writes_csv_json_and_a_self_contained_html_report() {
    let dir = amended("simulate");
    let cohort = scratch("simulate-cohort").join("cohorte.jsonl");
    std::fs::write(&cohort, essms_jsonl(5, 300)).unwrap();
    let (d, c) = (dir.to_str().unwrap(), cohort.to_str().unwrap());
    let r = care([
        "simulate",
        "--policy",
        d,
        "--from",
        "2026-04-15",
        "--dossiers",
        c,
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("dossier,output,before,after,delta\n"));
    assert!(r.stdout.lines().count() > 50, "{}", r.stdout);
    assert!(r.stderr.contains("300 dossiers"), "{}", r.stderr);
    let r = care([
        "simulate",
        "--policy",
        d,
        "--from",
        "2026-04-15",
        "--dossiers",
        c,
        "--format",
        "html",
    ]);
    assert!(r.stdout.contains("<svg") && !r.stdout.contains("http"));
    let r = care([
        "simulate",
        "--policy",
        P,
        "--dossiers",
        c,
        "--format",
        "json",
        "--quiet",
    ]);
    let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(j["changes"], serde_json::json!([]));
    assert_eq!(r.stderr, "");
    // A folder of dossiers, and the human summary.
    let r = care([
        "simulate",
        "--policy",
        d,
        "--from",
        "2026-04-15",
        "--dossiers",
        "policies/essms-poc/tests",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("ESSMS-POC-p1-treize-sites  grant : 63\u{202f}920,00 € → 40\u{202f}000,00 €"),
        "{}",
        r.stdout
    );
    let r = care([
        "simulate",
        "--policy",
        P,
        "--dossiers",
        c,
        "--amount",
        "eligible",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a `money`"), "{}", r.stderr);
}

/// `n` ESSMS dossiers sampled from the policy's declared inputs (`care sample`), alternately for
/// each of its versions, as JSON Lines.
fn essms_jsonl(seed: u64, n: usize) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    let report = care_check::check_paths(&[dir]).unwrap();
    let mut versions = report.policies.clone();
    versions.sort_by_key(|p| p.version);
    let versions: Vec<&care_check::ir::Policy> = versions.iter().map(|p| &**p).collect();
    care_eval::sample::sample_jsonl_across(&versions, seed, n)
}

#[test]
fn sample_writes_dossiers_the_version_accepts_the_same_for_a_seed() {
    let dir = scratch("sample");
    let a = care(["sample", "--policy", P, "-n", "40", "--seed", "3"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout.lines().count(), 40);
    let again = care(["sample", "--policy", P, "-n", "40", "--seed", "3"]);
    assert_eq!(a.stdout, again.stdout);
    let other = care(["sample", "--policy", P, "-n", "40", "--seed", "4"]);
    assert_ne!(a.stdout, other.stdout);
    // Every dossier is judged, none refused, by the latest version (they are dated in its period).
    let cohort = dir.join("cohorte.jsonl");
    std::fs::write(&cohort, &a.stdout).unwrap();
    let eval = care([
        "eval",
        "--policy",
        P,
        "--dossiers",
        cohort.to_str().unwrap(),
    ]);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    assert!(
        eval.stderr
            .contains("counted: 40 dossiers (40 evaluated, 0 with errors)"),
        "{}",
        eval.stderr
    );
    assert!(eval
        .stdout
        .lines()
        .all(|l| l.contains("\"version\":\"2026-04-15\"")));
    // The other formats and an older version.
    let json = care([
        "sample",
        "--policy",
        P,
        "--version",
        "2026-03-31",
        "-n",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let array: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 2);
    let yaml = care(["sample", "--policy", P, "-n", "1", "--format", "yaml"]);
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    let file = dir.join("dossier.yaml");
    std::fs::write(&file, yaml.stdout.trim_start_matches("---\n")).unwrap();
    let one = care([
        "eval",
        "--policy",
        P,
        "--dossier",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    // An unknown version is a usage error.
    let bad = care(["sample", "--policy", P, "--version", "2020-01-01"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
