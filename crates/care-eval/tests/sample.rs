//! `care sample`'s generator: for every version of every policy in `policies/`, what it writes
//! decodes without error (JSON and YAML), is judged by the version it was made for, varies, and
//! is the same for the same seed; so does what it writes by varying the policy's fixtures, and a
//! cohort varied so holds both decisions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_eval::engine::Engine;
use care_eval::sample::{fixture_bases, sample_jsonl, Sampler};
use care_eval::{Decoder, Format};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn policies() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 3, "the real policies are there");
    dirs
}

fn versions(dir: &Path) -> Vec<Arc<care_check::ir::Policy>> {
    let report = care_check::check_paths(&[dir.to_path_buf()]).unwrap();
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "{} does not check",
        dir.display()
    );
    assert!(!report.policies.is_empty());
    report.policies
}

fn all_versions() -> Vec<Arc<care_check::ir::Policy>> {
    policies().iter().flat_map(|d| versions(d)).collect()
}

/// Every version of every policy with the fixtures it judges.
fn all_versions_with_bases() -> Vec<(Arc<care_check::ir::Policy>, Vec<care_eval::Value>)> {
    let mut out = Vec::new();
    for dir in policies() {
        let vs = versions(&dir);
        let engine = Engine::new(vs).unwrap();
        for (i, p) in engine.versions().iter().enumerate() {
            let bases = fixture_bases(&engine, i, &dir.join("tests"));
            out.push((p.clone(), bases));
        }
    }
    out
}

/// A sampler over the fixtures of the latest version of a policy: its output as JSON Lines.
fn varied_jsonl(
    policy: &Arc<care_check::ir::Policy>,
    bases: &[care_eval::Value],
    seed: u64,
    n: usize,
) -> Vec<String> {
    let mut s = Sampler::from_fixtures(policy, seed, bases.to_vec());
    (0..n)
        .map(|_| {
            let mut json = String::new();
            s.write_json(&mut json);
            json
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_sample_decodes_against_its_version(seed in any::<u64>()) {
        for policy in all_versions() {
            let decoder = Decoder::new(&policy.schema).unwrap();
            let engine = Engine::new(vec![policy.clone()]).unwrap();
            let mut s = Sampler::new(&policy, seed);
            for _ in 0..20 {
                let mut json = String::new();
                s.write_json(&mut json);
                if let Err(e) = decoder.decode_json(json.as_bytes()) {
                    panic!("{} {}: {json}\n{:?}", policy.id, policy.version, e.errors);
                }
                let mut yaml = String::new();
                s.write_yaml(&mut yaml);
                if let Err(e) = decoder.decode_yaml(yaml.as_bytes()) {
                    panic!("{} {}: {yaml}\n{:?}", policy.id, policy.version, e.errors);
                }
                // The version it was made for judges it: its reference date is in force.
                if policy.reference.is_some() {
                    let v = engine.select(json.as_bytes(), Format::Json, None);
                    prop_assert!(v.is_ok(), "{} {}: {json}", policy.id, policy.version);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn every_varied_fixture_decodes_against_its_version(seed in any::<u64>()) {
        for (policy, bases) in all_versions_with_bases() {
            let decoder = Decoder::new(&policy.schema).unwrap();
            let engine = Engine::new(vec![policy.clone()]).unwrap();
            let mut s = Sampler::from_fixtures(&policy, seed, bases);
            for _ in 0..20 {
                let mut json = String::new();
                s.write_json(&mut json);
                if let Err(e) = decoder.decode_json(json.as_bytes()) {
                    panic!("{} {}: {json}\n{:?}", policy.id, policy.version, e.errors);
                }
                let mut yaml = String::new();
                s.write_yaml(&mut yaml);
                if let Err(e) = decoder.decode_yaml(yaml.as_bytes()) {
                    panic!("{} {}: {yaml}\n{:?}", policy.id, policy.version, e.errors);
                }
                if policy.reference.is_some() {
                    let v = engine.select(json.as_bytes(), Format::Json, None);
                    prop_assert!(v.is_ok(), "{} {}: {json}", policy.id, policy.version);
                }
            }
        }
    }
}

/// Only fixtures the version judges are bases: the invalid-data fixtures (`donnees-*`, whose
/// expected result is an error) are not, and every real policy has some valid ones.
#[test]
fn invalid_fixtures_are_not_bases() {
    for dir in policies() {
        let vs = versions(&dir);
        let engine = Engine::new(vs).unwrap();
        let latest = engine.versions().len() - 1;
        let bases = fixture_bases(&engine, latest, &dir.join("tests"));
        assert!(!bases.is_empty(), "{}", dir.display());
        let dossiers = std::fs::read_dir(dir.join("tests"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| (n.ends_with(".json") || n.ends_with(".yaml")) && !n.contains(".expected."))
            .count();
        assert!(
            bases.len() < dossiers,
            "{}: {} of {dossiers}",
            dir.display(),
            bases.len()
        );
    }
}

#[test]
fn varied_fixtures_same_seed_same_dossiers() {
    for (policy, bases) in all_versions_with_bases() {
        assert_eq!(
            varied_jsonl(&policy, &bases, 7, 30),
            varied_jsonl(&policy, &bases, 7, 30)
        );
        if !bases.is_empty() {
            assert_ne!(
                varied_jsonl(&policy, &bases, 7, 30),
                varied_jsonl(&policy, &bases, 8, 30)
            );
        }
    }
}

/// The point of varying fixtures: a cohort of the latest version of each policy that declares a
/// `decision` output has both decisions, each in at least a tenth of the dossiers (from the
/// schema alone, almost none is eligible).
#[test]
fn a_varied_cohort_has_both_decisions_in_proportion() {
    const N: usize = 400;
    for dir in policies() {
        let vs = versions(&dir);
        let engine = Engine::new(vs).unwrap();
        let latest = engine.versions().len() - 1;
        let policy = engine.versions()[latest].clone();
        let Some(decision) = policy.decision else {
            continue;
        };
        let bases = fixture_bases(&engine, latest, &dir.join("tests"));
        let mut yes = 0;
        for json in varied_jsonl(&policy, &bases, 3, N) {
            let outcome = engine
                .run(json.as_bytes(), Format::Json, None, false)
                .unwrap();
            match outcome.evaluation.outputs[decision as usize] {
                care_eval::Value::Bool(true) => yes += 1,
                care_eval::Value::Bool(false) => {}
                ref other => panic!("{}: decision {other:?}", policy.id),
            }
        }
        eprintln!("{}: {yes} of {N} eligible", policy.id);
        assert!(
            yes * 10 >= N && (N - yes) * 10 >= N,
            "{}: {yes} of {N} eligible",
            policy.id
        );
    }
}

#[test]
fn same_seed_same_dossiers_other_seed_others() {
    for policy in all_versions() {
        assert_eq!(sample_jsonl(&policy, 7, 30), sample_jsonl(&policy, 7, 30));
        assert_ne!(sample_jsonl(&policy, 7, 30), sample_jsonl(&policy, 8, 30));
    }
}

/// Samples vary where the policy decides: over a cohort, some rule of each policy passes on
/// some dossiers and fails on others (a generator that always wrote the same dossier would be of
/// no use to try a version), and every dossier is evaluated.
#[test]
fn a_cohort_has_both_decisions() {
    for dir in policies() {
        let vs = versions(&dir);
        let engine = Engine::new(vs.clone()).unwrap();
        let latest = vs.iter().max_by_key(|p| p.version).unwrap();
        let cohort = sample_jsonl(latest, 1, 500);
        let mut failed = vec![0usize; latest.rules.len()];
        let mut evaluated = 0;
        for line in cohort.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let outcome = engine.run(line, Format::Json, None, false).unwrap();
            evaluated += 1;
            for (i, s) in outcome.evaluation.rules.iter().enumerate() {
                if *s == care_eval::eval::Status::Failed {
                    failed[i] += 1;
                }
            }
        }
        assert_eq!(evaluated, 500);
        let varied = failed.iter().filter(|n| **n > 0 && **n < 500).count();
        assert!(
            varied * 2 >= latest.rules.len(),
            "{}: {failed:?}",
            latest.id
        );
    }
}
