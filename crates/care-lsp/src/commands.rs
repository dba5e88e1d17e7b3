//! The commands of the contract with editors (`docs/lsp.md`): `care.evaluate` (one dossier's
//! report), `care.runFixtures` (the policy's fixtures, as `care test` runs them) and the
//! `care/fileInfo` request (for a status bar).

use crate::convert::uri_of;
use care_analysis::folder::FolderAnalysis;
use care_analysis::Analysis;
use care_eval::engine::{Engine, Failure};
use care_eval::fixtures::{self, CaseResult, Status, Subject};
use care_eval::report::Report;
use care_eval::view::text::Style;
use care_eval::view::{Audience, View};
use care_eval::Format;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The CLI's exit codes for each outcome (README), which the contract returns as `exit`.
pub mod exit {
    pub const OK: i32 = 0;
    pub const INVALID_POLICY: i32 = 3;
    pub const INVALID_DATA: i32 = 4;
    pub const NO_VERSION: i32 = 5;
    pub const IO: i32 = 6;
    pub const EVAL_ERROR: i32 = 7;
}

/// A policy folder's engine, when every version in it checks.
pub fn engine(folder: &FolderAnalysis) -> Result<Engine, String> {
    let has_errors = folder.diagnostics.iter().any(|d| d.is_error());
    let policies: Vec<Arc<care_check::ir::Policy>> = folder
        .versions
        .iter()
        .filter_map(|v| v.policy.clone())
        .collect();
    if has_errors || policies.is_empty() {
        return Err(if policies.is_empty() && !has_errors {
            format!(
                "Aucune version de politique dans `{}`.",
                folder.dir.display()
            )
        } else {
            format!(
                "La politique `{}` comporte des erreurs : elle ne peut pas être évaluée. Corrigez les diagnostics (`care check {}`).",
                folder.dir.display(),
                folder.dir.display()
            )
        });
    }
    Engine::new(policies).map_err(|e| {
        format!("Les données déclarées par la politique ne peuvent pas être lues : {e:?}")
    })
}

/// The policy folder for a URI: a folder, or the folder of a `.care` file.
pub fn policy_dir(path: &Path) -> PathBuf {
    if path.extension().is_some_and(|e| e == "care") {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}

/// The policy folder a dossier belongs to: the nearest folder at or above it that holds `.care`
/// files the host knows.
pub fn policy_of_dossier(analysis: &Analysis, dossier: &Path) -> Option<PathBuf> {
    let mut dir = dossier.parent();
    while let Some(d) = dir {
        if analysis.files().any(|f| f.path.parent() == Some(d)) {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

#[derive(Deserialize)]
pub struct EvaluateArgs {
    pub dossier: String,
    pub policy: Option<String>,
    pub version: Option<String>,
}

#[derive(Serialize)]
pub struct EvaluateResult {
    pub ok: bool,
    pub title: String,
    pub markdown: String,
    pub report: Option<Json>,
    pub version: Option<String>,
    pub exit: i32,
}

fn refused(title: &str, markdown: String, version: Option<String>, exit: i32) -> EvaluateResult {
    EvaluateResult {
        ok: false,
        title: title.to_string(),
        markdown,
        report: None,
        version,
        exit,
    }
}

/// `care.evaluate`: the same report as `care eval --format markdown` (and `--format json`).
pub fn evaluate(
    folder: Option<&FolderAnalysis>,
    dossier: &Path,
    bytes: std::io::Result<Vec<u8>>,
    version: Option<&str>,
) -> EvaluateResult {
    let name = dossier
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = format!("Rapport — {name}");
    let Some(folder) = folder else {
        return refused(
            &title,
            format!("Aucune politique trouvée pour le dossier `{name}`."),
            None,
            exit::INVALID_POLICY,
        );
    };
    let engine = match engine(folder) {
        Ok(e) => e,
        Err(why) => return refused(&title, why, None, exit::INVALID_POLICY),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            return refused(
                &title,
                format!("Le dossier `{name}` ne peut pas être lu : {e}."),
                None,
                exit::IO,
            )
        }
    };
    let format = Format::detect(dossier, &bytes);
    match engine.run(&bytes, format, version, true) {
        Ok(outcome) => {
            let report = Report::new(&outcome);
            let markdown = View::new(&outcome, Audience::Instructor).text(Style::Markdown);
            let title = match &outcome.dossier() {
                Some(id) => format!("Rapport — {id}"),
                None => title,
            };
            EvaluateResult {
                ok: true,
                title,
                markdown,
                report: serde_json::to_value(&report).ok(),
                version: Some(outcome.policy.version.to_string()),
                exit: exit::OK,
            }
        }
        Err(f) => {
            let (what, code) = match &f {
                Failure::Data { .. } => ("Données invalides", exit::INVALID_DATA),
                Failure::Select(care_eval::eval::select::SelectError::NoVersion { .. }) => (
                    "Aucune version en vigueur à la date du dossier",
                    exit::NO_VERSION,
                ),
                Failure::Select(
                    care_eval::eval::select::SelectError::BadReference { .. }
                    | care_eval::eval::select::SelectError::Malformed { .. },
                ) => ("Données invalides", exit::INVALID_DATA),
                // No reference date, or a version that does not exist: the CLI's usage error.
                Failure::Select(_) => ("Version introuvable", 2),
                Failure::Eval { .. } => ("Évaluation interrompue", exit::EVAL_ERROR),
            };
            let mut md = format!("# {what} — `{name}`\n\n");
            for line in f.lines() {
                md.push_str(&format!("- {line}\n"));
            }
            refused(&title, md, f.version().map(|v| v.version.to_string()), code)
        }
    }
}

#[derive(Deserialize)]
pub struct RunFixturesArgs {
    pub policy: String,
    pub filter: Option<String>,
}

/// The fixtures of a policy folder's `tests/`, run (the same runner as `care test`).
pub fn run_fixtures(
    folder: &FolderAnalysis,
    filter: Option<&str>,
) -> Result<Vec<CaseResult>, String> {
    let tests = folder.dir.join("tests");
    let engine = engine(folder)?;
    let found = match fixtures::discover(&tests) {
        Ok(f) => f,
        Err(fixtures::Discover::Io(_)) => Vec::new(),
        Err(fixtures::Discover::NotADossier) => Vec::new(),
    };
    let found: Vec<_> = found
        .into_iter()
        .filter(|f| {
            filter.is_none_or(|s| {
                f.file
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(s))
            })
        })
        .collect();
    Ok(fixtures::run_all(&engine, &found))
}

/// The contract's JSON form of a fixture run; its messages in the client's language.
pub fn fixtures_json(dir: &Path, results: &[CaseResult], lang: care_i18n::Lang) -> Json {
    let catalog = care_i18n::Catalog::new(lang);
    let cases: Vec<Json> = results
        .iter()
        .map(|r| {
            let file = PathBuf::from(&r.file);
            let stem = fixtures::dossier_stem(&r.name).to_string();
            let expected = file.with_file_name(format!("{stem}.expected.json"));
            let mut failures: Vec<Json> = Vec::new();
            let rules: Vec<&fixtures::Check> = r
                .checks
                .iter()
                .filter(|c| matches!(c.subject, Subject::Rule(_)))
                .collect();
            for c in r.checks.iter().filter(|c| !c.passed) {
                if !matches!(c.subject, Subject::Rule(_)) {
                    failures.push(json!({ "what": c.what(), "expected": c.expected, "actual": c.actual }));
                }
            }
            if rules.iter().any(|c| !c.passed) {
                let list = |pick: fn(&fixtures::Check) -> &str| {
                    rules
                        .iter()
                        .filter(|c| pick(c) == "fails")
                        .map(|c| match &c.subject {
                            Subject::Rule(code) => code.clone(),
                            _ => String::new(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                failures.push(json!({
                    "what": "failed rules",
                    "expected": list(|c| c.expected.as_str()),
                    "actual": list(|c| c.actual.as_str()),
                }));
            }
            let message = (!r.problems.is_empty()).then(|| r.problems_in(&catalog).join("\n"));
            json!({
                "name": stem,
                "uri": uri_of(&file).map(|u| u.as_str().to_string()),
                "expectedUri": expected.is_file().then(|| uri_of(&expected).map(|u| u.as_str().to_string())).flatten(),
                "status": r.status.word(),
                "version": r.version,
                "message": message,
                "failures": failures,
            })
        })
        .collect();
    json!({
        "policy": uri_of(dir).map(|u| u.as_str().to_string()),
        "fixtures": cases,
    })
}

/// Per rule or output name, how many fixtures agree and disagree with it.
pub fn tally(results: &[CaseResult]) -> std::collections::HashMap<String, (usize, usize)> {
    let mut out: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for r in results {
        if r.status == Status::Error {
            continue;
        }
        for c in &r.checks {
            let name = match &c.subject {
                Subject::Output(n) | Subject::Rule(n) => n.clone(),
                Subject::Outcome | Subject::Version => continue,
            };
            let e = out.entry(name).or_default();
            if c.passed {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    out
}

/// `care/fileInfo`: the policy, its title and the version(s) a file belongs to.
pub fn file_info(analysis: &Analysis, path: &Path) -> Json {
    let other = json!({ "policy": null, "title": null, "version": null, "kind": "other" });
    if path.extension().is_none_or(|e| e != "care") {
        return other;
    }
    let Some(folder) = analysis.folder(path) else {
        return other;
    };
    let Some(id) = folder.id_of(path) else {
        return other;
    };
    if let Some(v) = folder.versions.iter().find(|v| v.file == id) {
        let h = &v.decls.header;
        return json!({
            "policy": h.id.as_ref().map(|n| n.node.clone()),
            "title": h.title.as_ref().map(|n| n.node.clone()),
            "version": h.version.as_ref().map(|d| d.node.to_string()),
            "kind": "version",
        });
    }
    let users: Vec<&care_check::loader::VersionCheck> = folder
        .versions
        .iter()
        .filter(|v| v.decls.files.contains(&id))
        .collect();
    let first = users.first().map(|v| &v.decls.header);
    let mut dates: Vec<String> = users
        .iter()
        .filter_map(|v| v.decls.header.version.as_ref().map(|d| d.node.to_string()))
        .collect();
    dates.sort();
    json!({
        "policy": first.and_then(|h| h.id.as_ref().map(|n| n.node.clone())),
        "title": first.and_then(|h| h.title.as_ref().map(|n| n.node.clone())),
        "version": (!dates.is_empty()).then(|| dates.join(", ")),
        "kind": "module",
    })
}
