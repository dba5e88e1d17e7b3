//! The command line as the tools around it behave: completions, colours (`--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`), `--quiet`, standard input, `care schema`, `care init`, help with examples.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `care` with `env` set (and NO_COLOR unset unless given), `stdin` on standard input.
fn run(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_care"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run care");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    Run::of(child.wait_with_output().unwrap())
}

const BROKEN: &str = "tests/fixtures/check/e0101_unknown_name.care";

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef care"),
        ("fish", "complete -c care"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = run(&["completions", shell], &[], b"");
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}");
        assert!(
            r.stdout.contains("schema") && r.stdout.contains("init"),
            "{shell}"
        );
    }
}

#[test]
fn colours_follow_the_option_then_the_environment() {
    let colored = |r: &Run| r.stderr.contains('\u{1b}');
    // Not a terminal: no colours unless asked.
    assert!(!colored(&run(&["check", BROKEN], &[], b"")));
    assert!(colored(&run(
        &["check", BROKEN],
        &[("CLICOLOR_FORCE", "1")],
        b""
    )));
    assert!(!colored(&run(
        &["check", BROKEN],
        &[("CLICOLOR_FORCE", "0")],
        b""
    )));
    assert!(colored(&run(
        &["check", "--color", "always", BROKEN],
        &[],
        b""
    )));
    assert!(!colored(&run(
        &["check", "--color", "never", BROKEN],
        &[("CLICOLOR_FORCE", "1")],
        b""
    )));
    // NO_COLOR wins over CLICOLOR_FORCE, the option over both.
    assert!(!colored(&run(
        &["check", BROKEN],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
        b""
    )));
    assert!(colored(&run(
        &["--color", "always", "check", BROKEN],
        &[("NO_COLOR", "1")],
        b""
    )));
}

#[test]
fn quiet_keeps_errors_and_results_only() {
    let r = run(&["check", "--quiet", "policies"], &[], b"");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = run(&["check", "-q", BROKEN], &[], b"");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("E0101") && !r.stderr.contains("file checked"),
        "{}",
        r.stderr
    );
    let r = run(
        &["test", "--quiet", "--policy", "policies/essms-poc"],
        &[],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
}

#[test]
fn fmt_reads_standard_input_for_editors() {
    let r = run(&["fmt", "-"], &[], b"rule   R \"r\" {   require a }\n");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "rule R \"r\" {\n  require a\n}\n")
    );
    let r = run(
        &["fmt", "--check", "-"],
        &[],
        b"rule R \"r\" {\n  require a\n}\n",
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let r = run(
        &["fmt", "--check", "-"],
        &[],
        b"rule   R \"r\" { require a }\n",
    );
    assert_eq!(r.code, 1);
    let r = run(&["fmt", "-"], &[], b"rule R \"r\" { require == }\n");
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(r.stderr.contains("<stdin>:1:22"), "{}", r.stderr);
    let r = run(&["fmt", "-", "policies"], &[], b"");
    assert_eq!(r.code, 2);
}

#[test]
fn eval_reads_a_dossier_from_standard_input() {
    let dossier = std::fs::read(essms().join("tests/p1-single-site.json")).unwrap();
    let r = run(
        &[
            "eval",
            "--policy",
            "policies/essms-poc",
            "--dossier",
            "-",
            "--format",
            "json",
        ],
        &[],
        &dossier,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["outputs"]["eligible"], true);
}

#[test]
fn schema_of_a_version_and_of_an_unknown_one() {
    let r = run(&["schema", "--policy", "policies/essms-poc"], &[], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(schema["title"].as_str().unwrap().contains("2026-04-15"));
    let r = run(
        &[
            "schema",
            "--policy",
            "policies/essms-poc",
            "--version",
            "2026-03-31",
        ],
        &[],
        b"",
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("2026-03-31"));
    let r = run(
        &[
            "schema",
            "--policy",
            "policies/essms-poc",
            "--version",
            "2020-01-01",
        ],
        &[],
        b"",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn init_makes_a_policy_that_checks_and_tests_clean() {
    let dir = scratch("init").join("appel-2027");
    let d = dir.display().to_string();
    let r = run(
        &[
            "init",
            &d,
            "--title",
            "Appel à projets 2027",
            "--version",
            "2027-01-15",
        ],
        &[],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.join("2027-01-15.care").is_file());
    assert_eq!(run(&["check", &d], &[], b"").code, 0);
    assert_eq!(run(&["fmt", "--check", &d], &[], b"").code, 0);
    let t = run(&["test", "--policy", &d], &[], b"");
    assert_eq!(t.code, 0, "{}{}", t.stdout, t.stderr);
    assert!(t.stdout.contains("1 passed, 0 failed"), "{}", t.stdout);
    // Never over existing files.
    let again = run(&["init", &d], &[], b"");
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
    let bad = run(&["init", &format!("{d}-x"), "--id", "2027"], &[], b"");
    assert_eq!(bad.code, 2);
}

#[test]
fn every_command_has_examples_in_its_help() {
    for command in [
        "check",
        "fmt",
        "eval",
        "test",
        "schema",
        "init",
        "completions",
    ] {
        let r = run(&[command, "--help"], &[], b"");
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("Examples:"), "{command}");
        assert!(r.stdout.contains("care "), "{command}");
    }
}
