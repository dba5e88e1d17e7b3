//! Hostile files, from the outside: a policy proposed in a pull request is checked by CI, so it
//! must not make `care` read or print anything outside its folder, block, run out of memory or
//! walk forever. Each test is a finding of the trust review, kept as a regression test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A version that includes `include`.
fn version(include: &str) -> String {
    format!(
        "policy essai \"Essai\" {{\n  version 2026-01-01\n  timezone \"Europe/Paris\"\n  reference dossier.depose_le\n}}\n\ninclude \"{include}\"\n\nrecord Dossier {{\n  depose_le: instant\n}}\n\ninput dossier: Dossier\n"
    )
}

/// Runs `care` with a deadline: a command that blocks or walks forever fails the test instead
/// of hanging it.
fn care_within(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_care"));
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run care");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("`care {}` did not finish in {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn check(dir: &Path, env: &[(&str, &str)]) -> Run {
    let dir = dir.display().to_string();
    care_within(&["check", &dir], env, Duration::from_secs(20))
}

#[test]
fn an_include_outside_the_folder_is_refused_and_never_read() {
    let dir = scratch("include-outside");
    let policy = dir.join("essai");
    std::fs::create_dir_all(&policy).unwrap();
    // A file beside the policy folder, whose first line a syntax error would show.
    std::fs::write(dir.join("secret.care"), "SECRET-BESIDE-THE-FOLDER\n").unwrap();
    let secret = "SECRET-OF-THE-CI-9f1c";
    for include in [
        "/proc/self/environ".to_string(),
        "../secret.care".to_string(),
        dir.join("secret.care").display().to_string(),
        "sous-dossier/../../secret.care".to_string(),
    ] {
        std::fs::write(policy.join("2026-01-01.care"), version(&include)).unwrap();
        let run = check(&policy, &[("CARE_TEST_SECRET", secret)]);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, 1, "{include}: {all}");
        assert!(all.contains("E0313"), "{include}: {all}");
        assert!(
            all.contains("outside the policy folder"),
            "{include}: {all}"
        );
        assert!(
            !all.contains(secret),
            "{include}: the environment leaked:\n{all}"
        );
        assert!(
            !all.contains("SECRET-BESIDE"),
            "{include}: a file outside leaked:\n{all}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_folder_does_not_lead_out_of_it() {
    let dir = scratch("include-link");
    let policy = dir.join("essai");
    std::fs::create_dir_all(&policy).unwrap();
    std::fs::write(dir.join("secret.care"), "SECRET-BEHIND-A-LINK\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.care"), policy.join("module.care")).unwrap();
    std::fs::write(policy.join("2026-01-01.care"), version("module.care")).unwrap();
    let run = check(&policy, &[]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.code, 1, "{all}");
    assert!(all.contains("outside the policy folder"), "{all}");
    assert!(!all.contains("SECRET-BEHIND"), "{all}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_include_in_a_subfolder_of_the_policy_is_fine() {
    let dir = scratch("include-sub");
    std::fs::create_dir_all(dir.join("modules")).unwrap();
    std::fs::write(
        dir.join("modules/a.care"),
        "include \"../commun.care\"\n\ndocument CDC \"Cahier des charges\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("commun.care"), "enum Statut {\n  ouvert\n}\n").unwrap();
    std::fs::write(dir.join("2026-01-01.care"), version("modules/a.care")).unwrap();
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn the_folder_walk_reads_regular_files_inside_the_folder_once() {
    let dir = scratch("walk");
    let policy = dir.join("essai");
    std::fs::create_dir_all(&policy).unwrap();
    std::fs::write(policy.join("2026-01-01.care"), version("commun.care")).unwrap();
    std::fs::write(
        policy.join("commun.care"),
        "document CDC \"Cahier des charges\"\n",
    )
    .unwrap();
    // A device that never ends, a FIFO that blocks, links to the folder itself (a cycle, and an
    // exponential walk with two of them), a link to a file outside, a link to a file inside.
    std::os::unix::fs::symlink("/dev/zero", policy.join("zero.care")).unwrap();
    let fifo = policy.join("fifo.care");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink(".", policy.join("boucle")).unwrap();
    std::os::unix::fs::symlink(".", policy.join("boucle2")).unwrap();
    std::fs::write(dir.join("dehors.care"), "SECRET-OUTSIDE\n").unwrap();
    std::os::unix::fs::symlink(dir.join("dehors.care"), policy.join("dehors.care")).unwrap();
    std::os::unix::fs::symlink("commun.care", policy.join("alias.care")).unwrap();
    let run = check(&policy, &[]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.code, 0, "{all}");
    assert!(all.contains("2 files checked"), "{all}");
    assert!(!all.contains("SECRET-OUTSIDE"), "{all}");
    // `care fmt` walks the same way, and `care eval` loads the policy the same way.
    let p = policy.display().to_string();
    let run = care_within(&["fmt", "--check", &p], &[], Duration::from_secs(20));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("of 2 files"), "{}", run.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_device_or_fifo_named_on_the_command_line_is_refused_not_read() {
    let dir = scratch("devices");
    let fifo = dir.join("fifo.care");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for path in [fifo.display().to_string(), "/dev/zero".to_string()] {
        let run = care_within(&["check", &path], &[], Duration::from_secs(20));
        assert_eq!(run.code, 6, "{path}: {}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = scratch("large");
    let big = dir.join("gros.care");
    let line = "// commentaire\n".repeat(1 << 10);
    let mut text = String::new();
    while text.len() as u64 <= care_check::files::MAX_FILE_BYTES {
        text.push_str(&line);
    }
    std::fs::write(&big, text).unwrap();
    let run = care(["check", &big.display().to_string()]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 1 MiB"), "{}", run.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A dossier whose strings carry terminal escape sequences, a forged line and bidi controls.
fn forged_dossier(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(essms().join("tests/p1-single-site.json")).unwrap();
    let mut d: serde_json::Value = serde_json::from_str(&text).unwrap();
    let forged = "\u{1b}[2J\u{1b}[H\u{1b}[1meligible (Candidature éligible) : oui\u{1b}[0m";
    d["id"] = serde_json::Value::String(format!("X{forged}\nligne forgée"));
    d["legal_entities"][0]["name"] = serde_json::Value::String(format!("EJ\u{202e}{forged}"));
    d[format!("champ{forged}")] = serde_json::Value::Bool(true);
    let path = dir.join("forge.json");
    std::fs::write(&path, serde_json::to_string(&d).unwrap()).unwrap();
    path
}

#[test]
fn a_dossier_cannot_write_to_the_terminal_through_a_report() {
    let dir = scratch("forged");
    let dossier = forged_dossier(&dir).display().to_string();
    for format in ["human", "markdown"] {
        let run = care([
            "eval",
            "--policy",
            "policies/essms-poc",
            "--dossier",
            &dossier,
            "--format",
            format,
        ]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        for out in [&run.stdout, &run.stderr] {
            assert!(
                !out.contains('\u{1b}'),
                "{format}: an escape reached the output:\n{out}"
            );
            assert!(
                !out.contains('\u{202e}'),
                "{format}: a bidi control reached the output"
            );
            assert!(
                !out.lines().any(|l| l.starts_with("ligne forgée")),
                "{format}: a forged line:\n{out}"
            );
        }
        assert!(
            run.stdout.contains("\\u{1b}[2J"),
            "{format}: shown escaped:\n{}",
            run.stdout
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Runs `care` with its standard output and error sent where `out` and `err` say.
#[cfg(target_os = "linux")]
fn care_to(args: &[&str], out: Stdio, err: Stdio) -> (Option<i32>, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(out)
        .stderr(err)
        .spawn()
        .expect("run care");
    let out = child.wait_with_output().expect("output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(target_os = "linux")]
fn dev_full() -> Stdio {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    Stdio::from(full.expect("/dev/full, which every Linux has"))
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_exit_6_not_success_nor_a_panic() {
    let dossier = "policies/essms-poc/tests/p1-single-site.json";
    for args in [
        vec!["check", "--format", "json", "policies"],
        vec![
            "eval",
            "--policy",
            "policies/essms-poc",
            "--dossier",
            dossier,
            "--format",
            "json",
        ],
        vec![
            "eval",
            "--policy",
            "policies/essms-poc",
            "--dossier",
            dossier,
            "--format",
            "markdown",
        ],
        vec!["test", "--policy", "policies/essms-poc", "--format", "json"],
    ] {
        let (code, stderr) = care_to(&args, dev_full(), Stdio::piped());
        assert_eq!(code, Some(6), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write the output"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_standard_error_is_exit_6_not_a_panic() {
    let broken = std::env::temp_dir().join("care-broken-policy.care");
    std::fs::write(&broken, "rule R \"r\" {\n  require ==\n}\n").unwrap();
    let path = broken.display().to_string();
    for args in [
        vec!["check", path.as_str()],
        vec!["fmt", "--check", path.as_str()],
    ] {
        let (code, _) = care_to(&args, Stdio::null(), dev_full());
        assert_eq!(code, Some(6), "{args:?}");
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    // Far more output than a pipe holds (64 KiB), so that writes do meet the closed pipe.
    let dir = scratch("closed-pipe");
    let mut text = version("commun.care");
    std::fs::write(dir.join("commun.care"), "document CDC \"Cahier\"\n").unwrap();
    for i in 0..600 {
        text.push_str(&format!(
            "value v{i} \"v\" {{\n  source CDC §1\n  inconnu{i}\n}}\n"
        ));
    }
    let file = dir.join("2026-01-01.care");
    std::fs::write(&file, text).unwrap();
    let file = file.display().to_string();
    let one = std::fs::read_to_string(essms().join("tests/p1-single-site.json")).unwrap();
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    let batch = dir.join("lot.jsonl");
    std::fs::write(&batch, format!("{}\n", one).repeat(2000)).unwrap();
    let batch = batch.display().to_string();
    for (args, code) in [
        (vec!["check", "--format", "json", file.as_str()], 1),
        (
            vec![
                "eval",
                "--policy",
                "policies/essms-poc",
                "--dossiers",
                batch.as_str(),
            ],
            0,
        ),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_care"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run care");
        // Read one byte, then close the pipe: what `| head -c 1` does.
        {
            use std::io::Read;
            let mut first = [0u8; 1];
            let mut stdout = child.stdout.take().expect("stdout");
            let _ = stdout.read(&mut first);
        }
        let out = child.wait_with_output().expect("output");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// A dossier that is not valid JSON or YAML before its reference field is reported with its
/// syntax error, line and column — not as a dossier whose `submitted_at` is missing — by
/// `care eval` and by a batch alike.
#[test]
fn malformed_data_before_the_reference_field_is_a_syntax_error() {
    let dir = scratch("malformed-before-reference");
    let fixture = std::fs::read_to_string(essms().join("tests/aucun-site-compte.json")).unwrap();
    let cases = [
        (
            "comment.json",
            format!("// commentaire\n{fixture}"),
            "invalid json: expected value (line 1, column 1)",
        ),
        (
            "unclosed.json",
            "{\n  \"sites\": [1, 2,\n  \"submitted_at\": \"2026-05-20T10:15:00+02:00\"\n"
                .to_string(),
            "invalid json",
        ),
        (
            "unclosed.yaml",
            "sites: [1, 2\nsubmitted_at: \"2026-05-20T10:15:00+02:00\"\n".to_string(),
            "invalid yaml",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        let run = care([
            "eval",
            "--policy",
            "policies/essms-poc",
            "--dossier",
            path.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 4, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("(line "), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("missing"), "{name}: {}", run.stderr);
    }
    let lines = dir.join("lines.jsonl");
    std::fs::write(
        &lines,
        "{\"parcours\": [1, \"submitted_at\": \"2026-05-20\"}\n",
    )
    .unwrap();
    let run = care([
        "eval",
        "--policy",
        "policies/essms-poc",
        "--dossiers",
        lines.to_str().unwrap(),
    ]);
    assert!(run.stdout.contains("invalid json"), "{}", run.stdout);
    assert!(!run.stdout.contains("missing"), "{}", run.stdout);
}

/// No dossier is read past 8 MiB (`care_eval::MAX_DOSSIER_BYTES`), wherever it comes from:
/// `--dossier` and standard input are refused (exit 6), a file of a folder batch and a batch line
/// are each reported as invalid data while the others are judged.
#[test]
fn a_dossier_over_the_size_limit_is_not_read() {
    let dir = scratch("dossier-too-large");
    let fixture = std::fs::read_to_string(essms().join("tests/aucun-site-compte.json")).unwrap();
    let padding = "a".repeat(9 << 20);
    let big = format!("{{\"id\": \"gros\", \"pad\": \"{padding}\"}}");
    let file = dir.join("gros.json");
    std::fs::write(&file, &big).unwrap();
    let run = care([
        "eval",
        "--policy",
        "policies/essms-poc",
        "--dossier",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 8 MiB"), "{}", run.stderr);

    let folder = dir.join("lot");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a-gros.json"), &big).unwrap();
    std::fs::write(folder.join("b-normal.json"), &fixture).unwrap();
    let run = care([
        "eval",
        "--policy",
        "policies/essms-poc",
        "--dossiers",
        folder.to_str().unwrap(),
    ]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].contains("larger than 8 MiB"), "{}", lines[0]);
    assert!(lines[0].contains("invalid_data"), "{}", lines[0]);
    assert!(!lines[1].contains("error"), "{}", lines[1]);

    let jsonl = dir.join("lot.jsonl");
    let one_line: serde_json::Value = serde_json::from_str(&fixture).unwrap();
    std::fs::write(&jsonl, format!("{big}\n{one_line}\n")).unwrap();
    let run = care([
        "eval",
        "--policy",
        "policies/essms-poc",
        "--dossiers",
        jsonl.to_str().unwrap(),
    ]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].contains("longer than"), "{}", lines[0]);
    assert!(!lines[1].contains("error"), "{}", lines[1]);
}
