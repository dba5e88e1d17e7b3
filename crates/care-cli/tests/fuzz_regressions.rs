//! Replays every input a fuzz target once failed on (`tests/fixtures/fuzz/TARGET/`) through the
//! fuzz harness itself (`fuzz/src/harness.rs`, the same properties), so that what was fixed
//! stays fixed under `cargo test`. A new finding: copy the input from `fuzz/artifacts/TARGET/`
//! into the target's folder here, under a name that says what it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]
#[path = "../../../fuzz/src/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn policies() -> &'static harness::Policies {
    static POLICIES: OnceLock<harness::Policies> = OnceLock::new();
    POLICIES.get_or_init(|| harness::Policies::load(&root().join("policies")))
}

/// The inputs of one target, in name order (none yet is fine: a target that never failed).
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = root().join("tests/fixtures/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Runs `run` on every input of `target` on a 2 MiB stack (a worker thread's, as the fuzzers
/// run), naming the input that fails.
fn replay(target: &str, run: fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        let name = path.display().to_string();
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || run(&bytes))
            .unwrap()
            .join();
        assert!(outcome.is_ok(), "{name} fails again");
    }
}

#[test]
fn check_file() {
    replay("check_file", harness::check_file);
}

#[test]
fn check_folder() {
    replay("check_folder", harness::check_folder);
}

#[test]
fn fmt_roundtrip() {
    replay("fmt_roundtrip", harness::fmt_roundtrip);
}

#[test]
fn eval_dossier() {
    replay("eval_dossier", |d| harness::eval_dossier(policies(), d));
}

#[test]
fn batch_jsonl() {
    replay("batch_jsonl", |d| harness::batch_jsonl(policies(), d));
}

#[test]
fn decode_json() {
    replay("decode_json", |d| harness::decode_json(policies(), d));
}

#[test]
fn analysis_edits() {
    replay("analysis_edits", harness::analysis_edits);
}

/// The harness itself runs on the seeds it is given: a policy of the repository, checked,
/// formatted, evaluated on a fixture, and edited, passes every property (so a failing replay is
/// a finding, not a broken harness).
#[test]
fn the_harness_passes_on_the_real_policies() {
    let policy = root().join("policies/essms-poc");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&policy)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "care"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut folder = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read(f).unwrap();
        harness::check_file(&text);
        harness::fmt_roundtrip(&text);
        let mut edits = text.clone();
        // Insert a line at offset 300, delete 8 bytes at 40, query at 200.
        edits.extend_from_slice(b"\0\x00\x01\x2cvalue x = 1\n\x01\x0c\x00\x28\x18\x00\xc8");
        harness::analysis_edits(&edits);
        if i > 0 {
            folder.push(0);
        }
        folder.extend_from_slice(f.file_name().unwrap().to_string_lossy().as_bytes());
        folder.push(b'\n');
        folder.extend_from_slice(&text);
    }
    harness::check_folder(&folder);
    let tests = policy.join("tests");
    let mut dossiers: Vec<PathBuf> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.ends_with(".json") && !n.ends_with(".expected.json")
        })
        .collect();
    dossiers.sort();
    let rank = policies()
        .engines
        .iter()
        .position(|(dir, _)| dir.ends_with("essms-poc"))
        .unwrap() as u8;
    for d in dossiers.iter().take(5) {
        let mut input = vec![rank];
        input.extend(std::fs::read(d).unwrap());
        harness::eval_dossier(policies(), &input);
        harness::decode_json(policies(), &input[1..]);
        let mut line: Vec<u8> = vec![rank];
        let v: serde_json::Value = serde_json::from_slice(&input[1..]).unwrap();
        line.extend(serde_json::to_vec(&v).unwrap());
        line.push(b'\n');
        harness::batch_jsonl(policies(), &line);
    }
}
