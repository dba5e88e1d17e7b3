//! What CI reads from `care check`: SARIF 2.1.0 (validated against the OASIS schema, copied in
//! `tests/fixtures/ci/`), GitHub workflow commands; and the paths `care check` refuses or reads
//! from standard input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

const BROKEN: &str = "tests/fixtures/check/e0101_unknown_name.care";

fn sarif(paths: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--format", "sarif"];
    args.extend(paths);
    let r = care(&args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let schema = read_json(&root().join("tests/fixtures/ci/sarif-schema-2.1.0.json"));
    let validator = jsonschema::draft7::new(&schema).expect("the SARIF schema compiles");
    // Every fixture of the checker: every code, related locations in other files, silenced
    // warnings (with --show-silenced).
    for log in [
        sarif(&["tests/fixtures/check"]),
        sarif(&["--show-silenced", "tests/fixtures/check"]),
        sarif(&["policies/"]),
    ] {
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn sarif_results_name_their_rule_and_region() {
    let log = sarif(&[BROKEN]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let first = &results[0];
    assert_eq!(first["ruleId"], "E0101");
    assert_eq!(first["level"], "error");
    let rule = &rules[first["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "E0101");
    assert_eq!(rule["shortDescription"]["text"], "unknown name");
    assert!(rule["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("docs/diagnostics.md#e0101--unknown-name"));
    let loc = &first["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], BROKEN);
    assert_eq!(loc["region"]["startLine"], 36);
    assert_eq!(loc["region"]["startColumn"], 5);
    assert_eq!(loc["region"]["endColumn"], 11);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    // The help text travels in the message.
    assert!(results[2]["message"]["text"]
        .as_str()
        .unwrap()
        .ends_with("help: did you mean `plafond`?"));
    // Every documented code is a rule, with its level.
    let w2 = rules.iter().find(|r| r["id"] == "W0002").unwrap();
    assert_eq!(w2["defaultConfiguration"]["level"], "warning");
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let r = care(["check", "--format", "github", BROKEN]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    assert_eq!(
        lines[2],
        "::error file=tests/fixtures/check/e0101_unknown_name.care,line=42,col=30,endLine=42,\
         endColumn=36,title=E0101::unknown name `plafon`%0Ahelp: did you mean `plafond`?"
    );
    // A file name with the separators of properties; messages of several lines stay one line.
    let dir = scratch("github-escape");
    let file = dir.join("a,b:c.care");
    std::fs::write(
        &file,
        "policy X \"t\" {\n  version 2026-01-01\n}\n100% nonsense\n",
    )
    .unwrap();
    let r = care([
        "check".as_ref(),
        "--format".as_ref(),
        "github".as_ref(),
        file.as_os_str(),
    ]);
    let line = r.stdout.lines().next().unwrap();
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains("a%2Cb%3Ac.care,line=1,col=1"), "{line}");
    assert!(line.ends_with("declares no time zone%0Ahelp: dates and deadlines are read in the policy's time zone: `timezone \"Europe/Paris\"`"), "{line}");
    assert!(
        r.stdout.lines().all(|l| l.starts_with("::error ")),
        "{}",
        r.stdout
    );
}

#[test]
fn paths_that_cannot_be_meant_are_named() {
    let r = care(["check", "nonexistent.care"]);
    assert_eq!(r.code, 6);
    assert_eq!(r.stderr, "error: `nonexistent.care` does not exist\n");
    let r = care(["check", "README.md"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`README.md` is not a `.care` file"),
        "{}",
        r.stderr
    );
    let empty = scratch("empty-folder");
    let r = care(["check".as_ref(), empty.as_os_str()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: no `.care` file in the folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_module_alone_is_checked_through_the_version_that_includes_it() {
    let r = care(["check", "policies/essms-poc/donnees.care"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("W0002"), "{}", r.stderr);
    assert_eq!(r.stderr, "1 file checked: 0 errors, 0 warnings\n");
    // Its errors are still found, and only its own are shown.
    let dir = scratch("module-alone");
    let policy = copy_policy(&dir);
    let module = policy.join("donnees.care");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replacen(": money", ": monee", 1)).unwrap();
    let r = care(["check".as_ref(), module.as_os_str()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("error[E0106]: unknown type `monee`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.ends_with("1 file checked: 1 error, 0 warnings\n"),
        "{}",
        r.stderr
    );
    // A module that no version includes is still reported.
    let lone = dir.join("lone.care");
    std::fs::write(&lone, "record R \"r\" {\n  a: int \"a\"\n}\n").unwrap();
    let r = care(["check".as_ref(), lone.as_os_str()]);
    assert!(r.stderr.contains("W0002"), "{}", r.stderr);
}

fn check_stdin(args: &[&str], text: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    Run::of(child.wait_with_output().unwrap())
}

#[test]
fn standard_input_with_a_name_and_its_folder() {
    let broken = std::fs::read_to_string(root().join(BROKEN)).unwrap();
    let r = check_stdin(&["check", "-"], &broken);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("╭─[<stdin>:36:5]"), "{}", r.stderr);
    let r = check_stdin(&["check", "-", "--stdin-filename", "mine.care"], &broken);
    assert!(r.stderr.contains("╭─[mine.care:36:5]"), "{}", r.stderr);
    // Named inside its policy's folder, its includes are read there (unsaved editor buffer).
    let version = "policies/essms-poc/2026-04-15.care";
    let text = std::fs::read_to_string(root().join(version)).unwrap();
    let r = check_stdin(&["check", "-", "--stdin-filename", version], &text);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = check_stdin(
        &["check", "-", "--stdin-filename", version],
        &text.replacen("dossier.", "dossier.zzz_", 1),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(&format!("╭─[{version}:")), "{}", r.stderr);
    // The name without `-` means nothing.
    let r = care(["check", "--stdin-filename", "x.care", BROKEN]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("give `-` among the paths"),
        "{}",
        r.stderr
    );
}
