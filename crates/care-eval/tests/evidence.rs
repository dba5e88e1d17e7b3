#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! `care test --coverage` and `--mutate` on a small policy, as data: `tests/evidence/petite/`
//! (a policy and its fixtures) and beside it what its coverage (JSON, LCOV) and its mutation run
//! must give. `CARE_UPDATE_EXPECTED=1` rewrites the expected files (review the diff).

use care_eval::coverage;
use care_eval::engine::Engine;
use care_eval::fixtures::{discover, Fixture};
use care_eval::mutation::{self, Accepted, Fate};
use std::path::Path;

const POLICY: &str = "tests/evidence/petite";

fn load() -> (care_check::CheckReport, Engine, Vec<Fixture>) {
    let report = care_check::check_paths(&[POLICY.into()]).unwrap();
    assert!(report.diagnostics.iter().all(|d| !d.is_error()));
    let engine = Engine::new(report.policies.clone()).unwrap();
    let fixtures = discover(&Path::new(POLICY).join("tests")).ok().unwrap();
    (report, engine, fixtures)
}

fn expect(name: &str, actual: &str) {
    let path = Path::new("tests/evidence").join(name);
    if std::env::var_os("CARE_UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(actual, expected, "{} differs", path.display());
}

#[test]
fn coverage_as_expected() {
    let (_, engine, fixtures) = load();
    let cov = coverage::measure(&engine, &fixtures);
    let json = serde_json::to_string_pretty(&coverage::json(&cov)).unwrap() + "\n";
    expect("petite.coverage.json", &json);
    expect("petite.lcov", &coverage::lcov(&cov));
    expect("petite.coverage.txt", &coverage::human(&cov, POLICY));
    assert!(cov.rules_ratio().complete());
    assert!(!cov.rows_ratio().complete());
}

#[test]
fn coverage_of_one_fixture_misses_the_other_arms() {
    let (_, engine, fixtures) = load();
    let one: Vec<Fixture> = fixtures
        .into_iter()
        .filter(|f| f.file.ends_with("ok-un-site.json"))
        .collect();
    let cov = coverage::measure(&engine, &one);
    assert_eq!(cov.evaluated, 1);
    // A dossier that passes every rule makes none fail, and takes one arm of each branch.
    assert_eq!(cov.rules_ratio().covered, 0);
    assert_eq!(cov.branches_ratio().covered, 0);
    assert!(cov
        .branches
        .iter()
        .all(|b| b.arms.iter().any(|(_, n)| *n == 1)));
}

fn files(report: &care_check::CheckReport) -> mutation::Files {
    report
        .sources
        .iter()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect()
}

fn fate_word(f: &Fate) -> String {
    match f {
        Fate::Caught(by) => format!(
            "caught by {}",
            Path::new(by).file_name().unwrap().to_string_lossy()
        ),
        Fate::Refused => "refused".into(),
        Fate::Survived => "SURVIVED".into(),
        Fate::Accepted(r) => format!("accepted ({r})"),
    }
}

#[test]
fn mutants_as_expected() {
    let (report, _, fixtures) = load();
    let accepted = Accepted::read(Path::new(POLICY)).unwrap();
    let run = mutation::run(
        Path::new(POLICY),
        &files(&report),
        &report.policies,
        &fixtures,
        &accepted,
    );
    let mut text = String::new();
    for r in &run.results {
        text.push_str(&format!(
            "{} ({}): {}\n",
            r.mutant.describe(),
            r.mutant.place(),
            fate_word(&r.fate)
        ));
    }
    expect("petite.mutants.txt", &text);
    assert!(run.stale.is_empty());
    // Never the user's files: the policy on disk is as it was.
    let again = care_check::check_paths(&[POLICY.into()]).unwrap();
    assert_eq!(files(&again), files(&report));
}

#[test]
fn mutation_order_is_stable_and_stale_lines_are_reported() {
    let (report, _, fixtures) = load();
    let accepted =
        Accepted::parse("2026-01-01.care, value x: `x` -> `y`: plus rien ne survit ici\n").unwrap();
    let a = mutation::run(
        Path::new(POLICY),
        &files(&report),
        &report.policies,
        &fixtures,
        &accepted,
    );
    let b = mutation::run(
        Path::new(POLICY),
        &files(&report),
        &report.policies,
        &fixtures,
        &accepted,
    );
    let words = |r: &mutation::Run| -> Vec<String> {
        r.results
            .iter()
            .map(|m| format!("{} {:?}", m.mutant.describe(), m.fate))
            .collect()
    };
    assert_eq!(words(&a), words(&b));
    assert_eq!(a.stale, ["2026-01-01.care, value x: `x` -> `y`"]);
    assert!(a.survivors().count() > 0);
}
