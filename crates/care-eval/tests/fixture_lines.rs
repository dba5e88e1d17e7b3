#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

//! What `care test` says of a failing fixture: each line care writes itself has its entry in the
//! catalog, whose English is the line word for word and whose French says it in French.

use care_eval::engine::Engine;
use care_eval::fixtures::{discover, run_case};
use care_i18n::{Catalog, Lang};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One ESSMS dossier with each of `expected` as its expected file.
fn cases(expected: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("care-fixture-lines-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = root().join("policies/essms-poc/tests");
    for (name, text) in expected {
        std::fs::copy(
            src.join("p1-single-site.json"),
            dir.join(format!("{name}.json")),
        )
        .unwrap();
        std::fs::write(dir.join(format!("{name}.expected.json")), text).unwrap();
    }
    // Late: a rule fails that the expected file does not list.
    std::fs::copy(src.join("late-submission.json"), dir.join("tardif.json")).unwrap();
    std::fs::write(dir.join("tardif.expected.json"), r#"{"failed": []}"#).unwrap();
    // Refused: its required fields are missing.
    std::fs::write(
        dir.join("refus.json"),
        r#"{"submitted_at": "2026-05-20T10:00:00+02:00"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("refus.expected.json"), r#"{"grant": "0.00"}"#).unwrap();
    dir
}

#[test]
fn every_line_care_writes_is_said_by_the_catalog_in_both_languages() {
    let report = care_check::check_paths(&[root().join("policies/essms-poc")]).unwrap();
    let engine = Engine::new(report.policies.clone()).unwrap();
    let dir = cases(&[
        ("sortie", r#"{"grant": "9400.10", "counted_sites": 2}"#),
        ("centimes", r#"{"grant": "9400"}"#),
        ("nom", r#"{"grants": "9400.00", "zzz": 1}"#),
        ("regles", r#"{"failed": ["POC.P2", "NOPE"]}"#),
        ("erreur", r#"{"error": "invalid_data"}"#),
        ("version", r#"{"version": "2026-03-31"}"#),
    ]);
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let mut keys = std::collections::BTreeSet::new();
    for fixture in discover(&dir).map_err(|_| "discover").unwrap() {
        let r = run_case(&engine, &fixture);
        assert!(!r.problems.is_empty(), "{} passed", r.name);
        assert_eq!(r.problems.len(), r.said.len(), "{}", r.name);
        let local = r.problems_in(&fr);
        assert_eq!(r.problems_in(&en), r.problems, "English is as written");
        for (k, (line, said)) in r.problems.iter().zip(&r.said).enumerate() {
            let Some(said) = said else {
                // A data error's line, said from its issue, or the lines under it.
                continue;
            };
            let args: Vec<(&str, &str)> = said.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(en.message(said.key, &args).as_deref(), Some(line.as_str()));
            let french = fr.message(said.key, &args).unwrap();
            assert_ne!(&french, line, "{}", said.key);
            assert_eq!(local.get(k), Some(&french), "{}", said.key);
            keys.insert(said.key);
        }
    }
    // Each kind of line was met: outputs, money written short, unknown outputs with and without a
    // close name, rules missing, unknown and unexpected, errors, versions.
    for key in [
        "cli-test-output",
        "cli-test-output-money",
        "cli-test-no-output-closest",
        "cli-test-no-output",
        "cli-test-rule-missing",
        "cli-test-rule-unknown",
        "cli-test-rule-unexpected",
        "cli-test-evaluated",
        "cli-test-judged-by",
        "cli-test-refused",
    ] {
        assert!(keys.contains(key), "{key} not met: {keys:?}");
    }
}
