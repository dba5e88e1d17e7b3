//! Evaluation is deterministic: a batch gives byte-identical results from one run to the next
//! and whatever the number of worker threads (`--jobs 1` and `--jobs 2`), in JSON Lines with and
//! without explanations, in CSV, and from a folder, bad dossiers included.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::{care, essms, scratch};
use std::path::Path;

/// Every fixture dossier of the ESSMS policy as one JSON Lines line, each many times under a
/// new id, with lines that are not valid data among them: some 2,000 dossiers.
fn jsonl(dir: &Path) -> std::path::PathBuf {
    let mut fixtures: Vec<_> = std::fs::read_dir(essms().join("tests"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".expected.json")
        })
        .collect();
    fixtures.sort();
    let mut dossiers: Vec<serde_json::Value> = Vec::new();
    for path in &fixtures {
        if let Ok(v) = serde_json::from_str(&std::fs::read_to_string(path).unwrap()) {
            dossiers.push(v);
        }
    }
    assert!(dossiers.len() > 30, "fixtures: {}", dossiers.len());
    let mut out = String::new();
    for round in 0..40 {
        for (i, d) in dossiers.iter().enumerate() {
            let mut d = d.clone();
            if d.is_object() {
                d["id"] = format!("R{round}-{i}").into();
            }
            out.push_str(&serde_json::to_string(&d).unwrap());
            out.push('\n');
        }
        out.push_str("{\"id\": \"broken\", \n");
        out.push_str("not json at all\n");
    }
    let path = dir.join("dossiers.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

fn batch(input: &Path, jobs: &str, extra: &[&str]) -> (i32, String) {
    let policy = essms();
    let mut args = vec![
        "eval",
        "--policy",
        policy.to_str().unwrap(),
        "--dossiers",
        input.to_str().unwrap(),
        "--jobs",
        jobs,
    ];
    args.extend_from_slice(extra);
    let run = care(args);
    (run.code, run.stdout)
}

#[test]
fn batches_are_byte_identical_across_runs_and_thread_counts() {
    let dir = scratch("determinism");
    let input = jsonl(&dir);
    let lines = std::fs::read_to_string(&input).unwrap().lines().count();
    for extra in [&[][..], &["--explain"][..], &["--format", "csv"][..]] {
        let first = batch(&input, "1", extra);
        assert!(!first.1.is_empty(), "{extra:?}: no output");
        let header = usize::from(extra.contains(&"csv"));
        assert_eq!(
            first.1.lines().count(),
            lines + header,
            "{extra:?}: a line a dossier"
        );
        for jobs in ["1", "2", "2"] {
            let again = batch(&input, jobs, extra);
            assert_eq!(again.0, first.0, "{extra:?} --jobs {jobs}: exit code");
            assert!(
                again.1 == first.1,
                "{extra:?} --jobs {jobs}: the results differ from --jobs 1"
            );
        }
    }
}

#[test]
fn a_folder_batch_is_byte_identical_across_thread_counts() {
    let folder = essms().join("tests");
    let one = batch(&folder, "1", &["--explain"]);
    assert!(one.1.lines().count() > 30);
    for _ in 0..2 {
        assert_eq!(batch(&folder, "2", &["--explain"]), one);
    }
}
