//! `care test --coverage` and `--mutate` from the outside: the ESSMS policy reaches 100 % of
//! rules and table rows and has no unexplained survivor; the small test policy of care-eval
//! (`crates/care-eval/tests/evidence/petite`) falls below the minimum and has survivors; the
//! LCOV report goes to its file; nothing of the policy is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;

const PETITE: &str = "crates/care-eval/tests/evidence/petite";

#[test]
fn essms_is_fully_covered() {
    let run = care([
        "test",
        "--policy",
        "policies/essms-poc",
        "--coverage",
        "--coverage-min",
        "100",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("rules "), "{}", run.stdout);
    assert!(!run.stdout.contains("not covered"), "{}", run.stdout);
}

#[test]
fn below_the_minimum_fails_and_says_what() {
    let run = care(["test", "--policy", PETITE, "--coverage-min", "100"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("error: table rows covered 50% (1/2), below the minimum of 100%"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("table taux row `3..` never read"),
        "{}",
        run.stdout
    );
    // 50 % passes a minimum of 50.
    let run = care(["test", "--policy", PETITE, "--coverage-min", "50"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn lcov_and_json_reports_go_to_their_file() {
    let dir = scratch("evidence-lcov");
    let lcov = dir.join("lcov.info");
    let run = care([
        "test",
        "--policy",
        PETITE,
        "--coverage",
        "--coverage-format",
        "lcov",
        "--coverage-output",
        lcov.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(&lcov).unwrap();
    assert!(text.starts_with("TN:\nSF:crates/care-eval/tests/evidence/petite/2026-01-01.care\n"));
    assert!(text.contains("DA:57,0\n"), "{text}");
    assert!(!run.stdout.contains("SF:"));
    let json = dir.join("coverage.json");
    let run = care([
        "test",
        "--policy",
        PETITE,
        "--coverage",
        "--coverage-format",
        "json",
        "--coverage-output",
        json.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc = read_json(&json);
    assert_eq!(doc["policy"], PETITE);
    assert_eq!(doc["summary"]["table_rows"]["percent"], "50%");
}

#[test]
fn survivors_fail_the_run_and_are_listed() {
    let run = care(["test", "--policy", PETITE, "--mutate"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "SURVIVED {PETITE}/2026-01-01.care:50:47 `<=` -> `<`\n"
        )),
        "{}",
        run.stdout
    );
    // The line that would accept it names its declaration, not its line.
    assert!(
        run.stdout
            .contains("  accept with: 2026-01-01.care, rule R.SITES: `<=` -> `<`: <raison>\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("accepted "), "{}", run.stdout);
    assert!(
        run.stderr.contains("error: 6 mutants survive"),
        "{}",
        run.stderr
    );
}

#[test]
fn mutation_report_as_json() {
    let out = std::env::temp_dir().join(format!("care-mutants-{}.json", std::process::id()));
    let run = care([
        "test",
        "--policy",
        PETITE,
        "--mutate",
        "--mutate-format",
        "json",
        "--mutate-output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let doc = read_json(&out);
    std::fs::remove_file(&out).ok();
    let mutants = doc["mutants"].as_array().unwrap();
    let survived = mutants.iter().filter(|m| m["fate"] == "survived").count();
    assert_eq!(doc["summary"]["survived"], survived);
    assert_eq!(doc["summary"]["total"], mutants.len());
    let accepted = mutants.iter().find(|m| m["fate"] == "accepted").unwrap();
    assert_eq!(accepted["place"], "table taux [3.., taux]");
    assert_eq!(
        accepted["key"],
        "2026-01-01.care, table taux [3.., taux]: `50 %` -> `60 %`"
    );
    assert!(accepted["reason"].as_str().unwrap().starts_with("exemple"));
    let caught = mutants.iter().find(|m| m["fate"] == "caught").unwrap();
    assert!(caught["caught_by"].as_str().unwrap().ends_with(".json"));
}

#[test]
fn essms_has_no_unexplained_survivor() {
    let before = std::fs::read_to_string(essms().join("2026-03-31.care")).unwrap();
    let run = care(["test", "--policy", "policies/essms-poc", "--mutate"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(" 0 survived\n"), "{}", run.stdout);
    // The mutants live in memory only.
    assert_eq!(
        std::fs::read_to_string(essms().join("2026-03-31.care")).unwrap(),
        before
    );
}

#[test]
fn mutants_need_passing_fixtures_first() {
    let dir = scratch("evidence-failing");
    let policy = copy_policy(&dir);
    copy_fixture("p1-single-site", &policy.join("tests"));
    let expected = policy.join("tests/p1-single-site.expected.json");
    let mut e = read_json(&expected);
    e["grant"] = serde_json::json!("1.00");
    write_json(&expected, &e);
    let run = care(["test", "--policy", policy.to_str().unwrap(), "--mutate"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("every fixture must pass before mutants are run"),
        "{}",
        run.stderr
    );
}
