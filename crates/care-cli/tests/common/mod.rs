//! Helpers for the command-line tests: run the `care` binary from the repository root, make
//! scratch folders, copy the ESSMS policy.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod lsp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: relative paths in the tests are from there.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn essms() -> PathBuf {
    root().join("policies/essms-poc")
}

/// The data-error fixtures of the ESSMS policy (kept here until the evaluator's own fixture test
/// accepts `error` expectations).
/// The folder of the ESSMS fixtures, where the data-error ones are named `donnees-*`.
pub fn donnees() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc/tests")
}

/// The data-error fixture dossiers of the ESSMS policy (`donnees-*`, not their expected files).
pub fn donnees_dossiers() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(donnees())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("donnees-") && !name.contains(".expected.")
        })
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

/// The example dossiers of the data contract, copied into the project.
pub fn contract_essms() -> PathBuf {
    root().join("tests/fixtures/dossiers/essms-poc")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// What a finished `care` process said.
    pub fn of(out: Output) -> Run {
        Run {
            code: out.status.code().expect("exit code"),
            stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
        }
    }
}

/// `care` with these arguments, from the repository root, in English whatever the locale of the
/// machine running the tests.
pub fn care<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    care_env(args, &[])
}

/// [`care`], then with the environment variables `env` set (`LANG` for a locale).
pub fn care_env<I, S>(args: I, env: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out: Output = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .envs(env.iter().copied())
        .output()
        .expect("run care");
    Run::of(out)
}

/// An empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("care-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// A copy of the ESSMS policy's `.care` files in `dir/essms-poc` (no fixtures); its path.
pub fn copy_policy(dir: &Path) -> PathBuf {
    let dst = dir.join("essms-poc");
    std::fs::create_dir_all(dst.join("tests")).expect("create policy copy");
    for entry in std::fs::read_dir(essms()).expect("read policy") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "care") {
            std::fs::copy(&path, dst.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    dst
}

/// Copies the fixture `name` (dossier and expected file) of the ESSMS policy into `tests`.
pub fn copy_fixture(name: &str, tests: &Path) {
    for file in [format!("{name}.json"), format!("{name}.expected.json")] {
        std::fs::copy(essms().join("tests").join(&file), tests.join(&file)).expect("copy fixture");
    }
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read json")).expect("parse json")
}

pub fn write_json(path: &Path, value: &serde_json::Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).expect("json")).expect("write json");
}
