//! `care eval --dossiers`: the batch mode from the outside (input order, bad dossiers, formats,
//! summary, exit codes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;
use serde_json::Value as Json;
use std::io::Write;
use std::process::{Command, Stdio};

const P: &str = "policies/essms-poc";

fn batch(input: &str, extra: &[&str]) -> Run {
    let mut args = vec!["eval", "--policy", P, "--dossiers", input];
    args.extend_from_slice(extra);
    care(args)
}

fn json_lines(stdout: &str) -> Vec<Json> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Generated dossiers as JSON Lines, with `bad` put in place of some lines.
fn jsonl_file(dir: &std::path::Path, n: usize, bad: &[(usize, &str)]) -> String {
    let sampled = String::from_utf8(essms_jsonl(42, n)).unwrap();
    let mut text = String::new();
    for (i, good) in (1..=n).zip(sampled.lines()) {
        match bad.iter().find(|(at, _)| *at == i) {
            Some((_, line)) => text.push_str(line),
            None => text.push_str(good),
        }
        text.push('\n');
    }
    let path = dir.join("dossiers.jsonl");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_jsonl_batch_keeps_input_order_and_reports_bad_lines() {
    let dir = scratch("batch-jsonl");
    let input = jsonl_file(&dir, 500, &[(250, "{\"id\": oops"), (251, "[1, 2]")]);
    let run = batch(&input, &["--jobs", "4"]);
    assert_eq!(run.code, 8, "some dossiers not evaluated: {}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 500);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["dossier"], i + 1);
    }
    assert_eq!(lines[249]["error"]["kind"], "invalid_data");
    let message = lines[249]["error"]["messages"][0].as_str().unwrap();
    assert!(message.starts_with("invalid json"), "{message}");
    assert_eq!(lines[250]["error"]["kind"], "invalid_data");
    assert_eq!(lines[0]["policy"]["id"], "essms-poc");
    assert!(lines[0]["outputs"]["grant"].is_string());
    assert!(lines[0].get("explanation").is_none());
    assert!(
        run.stderr
            .starts_with("counted: 500 dossiers (498 evaluated, 2 with errors)\neligible: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\nerrors: invalid_data 2\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_batch_in_csv() {
    let examples = contract_essms();
    let run = batch(examples.to_str().unwrap(), &["--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        rows[0],
        "id,dossier,version,status,error,failed,eligible,grant,counted_sites,flat_amount,excluded_entities"
    );
    let id = read_json(&examples.join("late-submission.json"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        rows[1],
        format!("{id},late-submission.json,2026-04-15,ok,,POC.DEPOT,false,0.00,2,34000.00,")
    );
    assert_eq!(rows.len(), 5);
    assert_eq!(
        run.stderr,
        "counted: 4 dossiers (4 evaluated, 0 with errors)\neligible: 2\ngrant (sum): 108000.00\n\
         flat_amount (sum): 176000.00\nerrors: none\n"
    );
}

#[test]
fn explanations_on_demand() {
    let examples = contract_essms();
    let run = batch(examples.to_str().unwrap(), &["--explain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    let entries = lines[0]["explanation"].as_array().unwrap();
    assert!(entries
        .iter()
        .any(|e| e["code"] == "POC.DEPOT" && e["status"] == "failed"));
}

#[test]
fn standard_input_is_read_as_json_lines() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_care"))
        .args([
            "eval",
            "--policy",
            P,
            "--dossiers",
            "-",
            "--version",
            "2026-03-31",
        ])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = essms_jsonl(9, 20);
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lines.len(), 20);
    assert!(lines.iter().all(|l| l["policy"]["version"] == "2026-03-31"));
}

#[test]
fn exit_codes() {
    let dir = scratch("batch-exit");
    // Unreadable input.
    let missing = dir.join("missing.jsonl");
    let run = batch(missing.to_str().unwrap(), &[]);
    assert_eq!(run.code, 6);
    assert!(
        run.stderr.starts_with("error: cannot read the dossiers `"),
        "{}",
        run.stderr
    );
    // A policy that does not check.
    let policy = copy_policy(&dir);
    std::fs::write(
        policy.join("2026-04-15.care"),
        "policy essms-poc \"x\" { version 2026-04-15 amends 2026-03-31 }\nrule {",
    )
    .unwrap();
    let input = jsonl_file(&dir, 3, &[]);
    let run = care([
        "eval",
        "--policy",
        policy.to_str().unwrap(),
        "--dossiers",
        &input,
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    // Usage errors.
    let run = batch(&input, &["--format", "human"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: a batch is written as `--format jsonl` (the default), `--format csv` or `--format csv-fr`\n"
    );
    let run = batch(&input, &["--format", "csv", "--explain"]);
    assert_eq!(run.code, 2);
    let run = batch(&input, &["--version", "2020-01-01"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: no version `2020-01-01`; versions: `2026-03-31`, `2026-04-15`\n"
    );
    let run = care([
        "eval",
        "--policy",
        P,
        "--dossier",
        &input,
        "--dossiers",
        &input,
    ]);
    assert_eq!(run.code, 2);
    // A dossier that could not be evaluated: in the output and the summary, and exit 8 (all
    // evaluated is 0).
    let input = jsonl_file(&dir, 3, &[(2, "{}")]);
    let run = batch(&input, &[]);
    assert_eq!(run.code, 8);
    assert_eq!(json_lines(&run.stdout)[1]["error"]["kind"], "invalid_data");
    assert_eq!(json_lines(&run.stdout).len(), 3);
    let run = batch(&jsonl_file(&dir, 3, &[]), &[]);
    assert_eq!(run.code, 0);
    // --jobs means nothing for one dossier; --explain is explained.
    let one = essms().join("tests/p1-single-site.json");
    let one = one.to_str().unwrap();
    let run = care(["eval", "--policy", P, "--dossier", one, "--jobs", "2"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: `--jobs` sets the threads of a batch"),
        "{}",
        run.stderr
    );
    let run = care([
        "eval",
        "--policy",
        P,
        "--dossier",
        one,
        "--explain",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .starts_with("note: one dossier is always explained"),
        "{}",
        run.stderr
    );
}

#[test]
fn french_csv_of_the_fixtures() {
    let run = batch(
        essms().join("tests").to_str().unwrap(),
        &["--format", "csv-fr"],
    );
    assert_eq!(
        run.code, 8,
        "the folder has invalid dossiers on purpose: {}",
        run.stderr
    );
    assert!(run
        .stdout
        .starts_with("\u{FEFF}id;dossier;version;status;error;failed;eligible;grant;"));
    let row = run
        .stdout
        .lines()
        .find(|l| l.contains(";p1-single-site.json;"))
        .unwrap();
    assert!(row.contains(";ok;;;oui;9400,00;"), "{row}");
    assert!(row.starts_with("ESSMS-"), "{row}");
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
