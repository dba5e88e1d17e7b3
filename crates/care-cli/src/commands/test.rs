//! `care test --policy DIR [FIXTURES...]`: every fixture dossier evaluated and compared with its
//! expected file, a readable diff for each failing case, a summary line, JUnit XML for CI.
//!
//! A fixture is `NAME.json` (or `NAME.yaml`, `NAME.yml`) with `NAME.expected.json` beside it.
//! The expected file is a JSON object:
//! - output names with their expected values (only the outputs listed are compared; a name the
//!   version does not declare is a failure);
//! - optionally `"failed"`: the exact set of rule codes that must fail;
//! - or, instead of outputs, `"error"`: `"invalid_data"`, `"no_version"` or `"evaluation_error"`,
//!   with optionally `"paths"`: JSON paths that must be among the data errors.
//!
//! The format is documented in `docs/ci.md`.

use crate::exit;
use care_check::ir::Policy;
use care_check::types::Type;
use care_eval::engine::{Engine, Failure, Outcome};
use care_eval::report::Report;
use care_eval::Format;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care test --policy policies/essms-poc                  its tests/ folder
  care test --policy policies/essms-poc tests/extra/     other fixtures
  care test --policy policies/essms-poc --junit junit.xml

A fixture is NAME.json (or .yaml) with NAME.expected.json beside it: the outputs expected, the
rules expected to fail (\"failed\"), or the error expected (\"error\", \"paths\").

Exit: 0 every fixture passes, 1 one fails, 3 the policy does not check, 6 a file could not be
read or written.")]
pub struct Args {
    /// The policy folder (every version in it; each dossier is judged by the version in force at
    /// its date)
    #[arg(long)]
    policy: PathBuf,
    /// Fixture folders or dossier files (default: the policy folder's `tests/`)
    fixtures: Vec<PathBuf>,
    /// Also write the results as JUnit XML to this file
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    format: OutFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutFormat {
    Human,
    Json,
}

/// The reserved keys of an expected file; every other key names an output.
const FAILED: &str = "failed";
const ERROR: &str = "error";
const PATHS: &str = "paths";

/// The errors an expected file may assert, by their names in expected files.
const ERROR_KINDS: [&str; 3] = ["invalid_data", "no_version", "evaluation_error"];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Passed,
    /// The dossier ran and something differs from the expected file.
    Failed,
    /// The case could not be run: no expected file, an unreadable or malformed file.
    Error,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
        }
    }
}

/// One fixture found: a dossier with the expected file it needs, or a file that is a mistake.
struct Fixture {
    /// Shown in reports: the dossier's path as reached from the arguments.
    file: PathBuf,
    /// The folder given on the command line (JUnit `classname`).
    folder: String,
    kind: FixtureKind,
}

enum FixtureKind {
    Dossier {
        expected: PathBuf,
    },
    /// A file that cannot be a case (an expected file without its dossier, …).
    Stray {
        problem: String,
    },
}

struct CaseResult {
    file: String,
    name: String,
    folder: String,
    version: Option<String>,
    status: Status,
    problems: Vec<String>,
}

pub fn run(args: Args) -> i32 {
    let engine = match crate::commands::eval::load_engine(&args.policy) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let folders = if args.fixtures.is_empty() {
        vec![args.policy.join("tests")]
    } else {
        args.fixtures.clone()
    };
    let mut fixtures = Vec::new();
    for folder in &folders {
        match discover(folder) {
            Ok(found) => fixtures.extend(found),
            Err(Discover::Io(e)) => {
                errln!(
                    "error: cannot read the fixtures `{}`: {e}",
                    folder.display()
                );
                return exit::IO;
            }
            Err(Discover::NotADossier) => {
                errln!(
                    "error: `{}` is not a dossier (`.json`, `.yaml`, `.yml`) nor a folder of fixtures",
                    folder.display()
                );
                return exit::USAGE;
            }
        }
    }
    let results = run_all(&engine, &fixtures);
    let passed = results
        .iter()
        .filter(|r| r.status == Status::Passed)
        .count();
    let failed = results.len() - passed;
    let summary = format!("{passed} passed, {failed} failed");
    let policy_name = args.policy.display().to_string();

    let mut out = String::new();
    match args.format {
        OutFormat::Human => {
            out.push_str(&human(&results));
            out.push_str(&summary);
            out.push('\n');
        }
        OutFormat::Json => {
            let cases: Vec<Json> = results.iter().map(case_json).collect();
            let doc = json!({
                "policy": policy_name,
                "passed": passed,
                "failed": failed,
                "cases": cases,
            });
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => {
                    out.push_str(&s);
                    out.push('\n');
                }
                Err(e) => {
                    errln!("error: cannot render the results: {e}");
                    return exit::IO;
                }
            }
            // The summary stays visible in logs; stdout is for the JSON document only.
            if !crate::ui::quiet() {
                errln!("{summary}");
            }
        }
    }
    if results.is_empty() {
        let list: Vec<String> = folders
            .iter()
            .map(|f| format!("`{}`", f.display()))
            .collect();
        errln!("error: no fixture dossier in {}", list.join(", "));
    }
    crate::output::out(&out);
    if let Some(path) = &args.junit {
        let xml = junit(&policy_name, &results);
        if let Err(e) = std::fs::write(path, xml) {
            errln!(
                "error: cannot write the JUnit report `{}`: {e}",
                path.display()
            );
            return exit::IO;
        }
    }
    if failed > 0 || results.is_empty() {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

enum Discover {
    Io(std::io::Error),
    NotADossier,
}

fn dossier_format(name: &str) -> Option<Format> {
    let (_, ext) = name.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "json" => Some(Format::Json),
        "yaml" | "yml" => Some(Format::Yaml),
        _ => None,
    }
}

/// `NAME` of `NAME.expected.EXT`, when the file is an expected file.
fn expected_stem(name: &str) -> Option<(&str, &str)> {
    let (rest, ext) = name.rsplit_once('.')?;
    let stem = rest.strip_suffix(".expected")?;
    Some((stem, ext))
}

/// `NAME` of a dossier file `NAME.EXT`.
fn dossier_stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The fixtures of one command-line argument: a folder (its files, sorted by name, not its
/// subfolders) or one dossier.
fn discover(arg: &Path) -> Result<Vec<Fixture>, Discover> {
    let folder_name = arg.display().to_string();
    let meta = std::fs::metadata(arg).map_err(Discover::Io)?;
    if meta.is_file() {
        let name = file_name(arg);
        if dossier_format(&name).is_none() || expected_stem(&name).is_some() {
            return Err(Discover::NotADossier);
        }
        let folder = arg
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        return Ok(vec![Fixture {
            file: arg.to_path_buf(),
            folder,
            kind: FixtureKind::Dossier {
                expected: arg.with_file_name(format!("{}.expected.json", dossier_stem(&name))),
            },
        }]);
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(arg).map_err(Discover::Io)? {
        let entry = entry.map_err(Discover::Io)?;
        let is_file = entry.file_type().map_err(Discover::Io)?.is_file()
            || std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_file && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    let dossier_stems: BTreeSet<&str> = names
        .iter()
        .filter(|n| dossier_format(n).is_some() && expected_stem(n).is_none())
        .map(|n| dossier_stem(n))
        .collect();
    let mut found = Vec::new();
    for name in &names {
        let path = arg.join(name);
        let kind = if let Some((stem, ext)) = expected_stem(name) {
            if ext != "json" {
                FixtureKind::Stray {
                    problem: format!(
                        "expected files are JSON: rename `{name}` to `{stem}.expected.json`"
                    ),
                }
            } else if dossier_stems.contains(stem) {
                continue;
            } else {
                FixtureKind::Stray {
                    problem: format!(
                        "`{name}` has no dossier beside it (`{stem}.json`, `{stem}.yaml` or `{stem}.yml`)"
                    ),
                }
            }
        } else if dossier_format(name).is_some() {
            FixtureKind::Dossier {
                expected: arg.join(format!("{}.expected.json", dossier_stem(name))),
            }
        } else {
            continue;
        };
        found.push(Fixture {
            file: path,
            folder: folder_name.clone(),
            kind,
        });
    }
    Ok(found)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Runs every case, in parallel when there are several cores; results in the fixtures' order.
fn run_all(engine: &Engine, fixtures: &[Fixture]) -> Vec<CaseResult> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads <= 1 || fixtures.len() < 8 {
        return fixtures.iter().map(|f| run_case(engine, f)).collect();
    }
    let chunk = fixtures.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = fixtures
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().map(|f| run_case(engine, f)).collect::<Vec<_>>())
            })
            .collect();
        let mut results = Vec::with_capacity(fixtures.len());
        for (handle, part) in handles.into_iter().zip(fixtures.chunks(chunk)) {
            match handle.join() {
                Ok(r) => results.extend(r),
                // A panic in a case is a bug; report the cases of that thread as errors.
                Err(_) => results.extend(part.iter().map(|f| {
                    result(
                        f,
                        None,
                        Status::Error,
                        vec!["internal error while running this case".into()],
                    )
                })),
            }
        }
        results
    })
}

fn result(
    fixture: &Fixture,
    version: Option<String>,
    status: Status,
    problems: Vec<String>,
) -> CaseResult {
    CaseResult {
        file: fixture.file.display().to_string(),
        name: file_name(&fixture.file),
        folder: fixture.folder.clone(),
        version,
        status,
        problems,
    }
}

/// What an expected file asserts.
struct Expectation {
    outputs: Vec<(String, Json)>,
    failed: Option<Vec<String>>,
    error: Option<String>,
    paths: Vec<String>,
}

/// Reads an expected file; the problems of a malformed one.
fn read_expected(path: &Path) -> Result<Expectation, Vec<String>> {
    let name = file_name(path);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![format!(
                "no expected file `{name}` beside the dossier"
            )])
        }
        Err(e) => return Err(vec![format!("cannot read `{name}`: {e}")]),
    };
    let json: Json = serde_json::from_str(&text)
        .map_err(|e| vec![format!("`{name}` is not valid JSON: {e}")])?;
    let Json::Object(map) = json else {
        return Err(vec![format!(
            "`{name}` must be a JSON object (outputs, `failed`, or `error`)"
        )]);
    };
    let mut problems = Vec::new();
    let mut exp = Expectation {
        outputs: Vec::new(),
        failed: None,
        error: None,
        paths: Vec::new(),
    };
    for (key, value) in map {
        match key.as_str() {
            FAILED => match strings(&value) {
                Some(codes) => exp.failed = Some(codes),
                None => problems.push(format!(
                    "`{name}`: `failed` must be a list of rule codes (strings)"
                )),
            },
            ERROR => match value.as_str() {
                Some(kind) if ERROR_KINDS.contains(&kind) => exp.error = Some(kind.to_string()),
                _ => problems.push(format!(
                    "`{name}`: `error` must be one of {}",
                    quoted_list(&ERROR_KINDS)
                )),
            },
            PATHS => match strings(&value) {
                Some(paths) => exp.paths = paths,
                None => problems.push(format!(
                    "`{name}`: `paths` must be a list of JSON paths (strings)"
                )),
            },
            _ => exp.outputs.push((key, value)),
        }
    }
    match exp.error.as_deref() {
        Some(kind) => {
            if !exp.outputs.is_empty() || exp.failed.is_some() {
                problems.push(format!(
                    "`{name}`: an expected error lists no outputs and no `failed` rules"
                ));
            }
            if !exp.paths.is_empty() && kind != "invalid_data" {
                problems.push(format!(
                    "`{name}`: `paths` goes with `\"error\": \"invalid_data\"` only"
                ));
            }
        }
        None => {
            if !exp.paths.is_empty() {
                problems.push(format!(
                    "`{name}`: `paths` goes with `\"error\": \"invalid_data\"`"
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(exp)
    } else {
        Err(problems)
    }
}

fn strings(v: &Json) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn run_case(engine: &Engine, fixture: &Fixture) -> CaseResult {
    let expected_path = match &fixture.kind {
        FixtureKind::Stray { problem } => {
            return result(fixture, None, Status::Error, vec![problem.clone()])
        }
        FixtureKind::Dossier { expected } => expected,
    };
    let expected = match read_expected(expected_path) {
        Ok(e) => e,
        Err(problems) => return result(fixture, None, Status::Error, problems),
    };
    let bytes = match std::fs::read(&fixture.file) {
        Ok(b) => b,
        Err(e) => {
            return result(
                fixture,
                None,
                Status::Error,
                vec![format!("cannot read the dossier: {e}")],
            )
        }
    };
    let format = Format::detect(&fixture.file, &bytes);
    let (version, problems) = match engine.run(&bytes, format, None, false) {
        Ok(outcome) => (
            Some(outcome.policy.version.to_string()),
            compare_outcome(&expected, &outcome),
        ),
        Err(failure) => (
            failure_version(&failure),
            compare_failure(&expected, &failure),
        ),
    };
    let status = if problems.is_empty() {
        Status::Passed
    } else {
        Status::Failed
    };
    result(fixture, version, status, problems)
}

fn failure_version(f: &Failure) -> Option<String> {
    f.version().map(|v| v.version.to_string())
}

/// The name an expected file gives this failure, and the JSON paths of its data errors. `care
/// test` takes no `--version`, so a `usage` failure can only mean no version applies.
fn failure_kind(f: &Failure) -> (&'static str, Vec<String>) {
    match f.kind() {
        "usage" => ("no_version", Vec::new()),
        kind => (kind, f.paths()),
    }
}

fn compare_failure(expected: &Expectation, failure: &Failure) -> Vec<String> {
    let (kind, paths) = failure_kind(failure);
    let details = || failure.lines().into_iter().map(|l| format!("  {l}"));
    let mut problems = Vec::new();
    match expected.error.as_deref() {
        None => {
            problems.push(format!(
                "the dossier was refused (`{kind}`), outputs were expected"
            ));
            problems.extend(details());
        }
        Some(want) if want != kind => {
            problems.push(format!("error: expected `{want}`, got `{kind}`"));
            problems.extend(details());
        }
        Some(_) => {
            let missing: Vec<&String> = expected
                .paths
                .iter()
                .filter(|p| !paths.contains(p))
                .collect();
            if !missing.is_empty() {
                for p in missing {
                    problems.push(format!("paths: expected an error at `{p}`, got none"));
                }
                problems.push("the errors were:".into());
                problems.extend(details());
            }
        }
    }
    problems
}

fn compare_outcome(expected: &Expectation, outcome: &Outcome<'_>) -> Vec<String> {
    let policy: &Policy = outcome.policy;
    let report = Report::new(outcome);
    let mut problems = Vec::new();
    if let Some(want) = &expected.error {
        let shown: Vec<String> = report
            .outputs
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        problems.push(format!(
            "error: expected `{want}`, but the dossier was evaluated ({})",
            shown.join(", ")
        ));
        return problems;
    }
    for (name, want) in &expected.outputs {
        let Some(output) = policy.outputs.iter().find(|o| &o.name == name) else {
            let known: Vec<&str> = policy.outputs.iter().map(|o| o.name.as_str()).collect();
            let hint = closest(name, &known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            problems.push(format!(
                "{name}: no such output in version {} ({hint}outputs: {})",
                policy.version,
                quoted_list(&known)
            ));
            continue;
        };
        let got = report.outputs.get(name).cloned().unwrap_or(Json::Null);
        if !same(want, &got, &output.ty, policy) {
            let mut line = format!("{name}: expected {want}, got {got}");
            if money_form_only(want, &got, &output.ty) {
                line.push_str(" (money is written with exactly two decimals)");
            }
            problems.push(line);
        }
    }
    if let Some(want) = &expected.failed {
        let known: BTreeSet<&str> = policy.rules.iter().map(|r| r.code.as_str()).collect();
        let want: BTreeSet<&str> = want.iter().map(String::as_str).collect();
        let got: BTreeSet<&str> = report.failed.iter().map(String::as_str).collect();
        let label = |code: &str| {
            policy
                .rules
                .iter()
                .find(|r| r.code == code)
                .map(|r| format!(" ({})", r.label))
                .unwrap_or_default()
        };
        for code in want.difference(&got) {
            if known.contains(code) {
                problems.push(format!("failed rules: missing `{code}`{}", label(code)));
            } else {
                problems.push(format!(
                    "failed rules: `{code}` is not a rule of version {}",
                    policy.version
                ));
            }
        }
        for code in got.difference(&want) {
            problems.push(format!("failed rules: unexpected `{code}`{}", label(code)));
        }
    }
    problems
}

/// Whether `got` (the report's rendering) is what `want` asserts, for a value of type `ty`:
/// decimals by value, money also written exactly, instants by value, the rest as JSON.
fn same(want: &Json, got: &Json, ty: &Type, policy: &Policy) -> bool {
    match (ty, want, got) {
        (Type::Optional(t), _, _) => {
            if want.is_null() || got.is_null() {
                want.is_null() && got.is_null()
            } else {
                same(want, got, t, policy)
            }
        }
        (Type::Money, Json::String(a), Json::String(b)) => a == b,
        (Type::Decimal | Type::Share, Json::String(a), Json::String(b)) => {
            match (
                care_eval::scalar::parse_decimal(a),
                care_eval::scalar::parse_decimal(b),
            ) {
                (Some(x), Some(y)) => x == y,
                _ => a == b,
            }
        }
        (Type::Instant, Json::String(a), Json::String(b)) => {
            match (
                care_eval::scalar::parse_instant(a),
                care_eval::scalar::parse_instant(b),
            ) {
                (Some(x), Some(y)) => x == y,
                _ => a == b,
            }
        }
        (Type::List(t), Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y, t, policy))
        }
        (Type::Record(id), Json::Object(a), Json::Object(b)) => match policy.schema.record(*id) {
            Some(rec) => same_fields(
                a,
                b,
                rec.fields.iter().map(|f| (f.name.as_str(), &f.ty)),
                policy,
            ),
            None => want == got,
        },
        (Type::Struct(fields), Json::Object(a), Json::Object(b)) => {
            same_fields(a, b, fields.iter().map(|(n, t)| (n.as_str(), t)), policy)
        }
        _ => want == got,
    }
}

fn same_fields<'t>(
    want: &Map<String, Json>,
    got: &Map<String, Json>,
    fields: impl Iterator<Item = (&'t str, &'t Type)>,
    policy: &Policy,
) -> bool {
    if want.len() != got.len() || want.keys().any(|k| !got.contains_key(k)) {
        return false;
    }
    let fields: Vec<(&str, &Type)> = fields.collect();
    want.iter().all(|(k, w)| {
        let g = got.get(k).unwrap_or(&Json::Null);
        match fields.iter().find(|(n, _)| *n == k) {
            Some((_, t)) => same(w, g, t, policy),
            None => w == g,
        }
    })
}

/// Money that differs only in how it is written (`"9400"` for `"9400.00"`).
fn money_form_only(want: &Json, got: &Json, ty: &Type) -> bool {
    match (ty.required(), want, got) {
        (Type::Money, Json::String(a), Json::String(b)) => {
            a != b
                && matches!(
                    (care_eval::scalar::parse_decimal(a), care_eval::scalar::parse_decimal(b)),
                    (Some(x), Some(y)) if x == y
                )
        }
        _ => false,
    }
}

/// The known name nearest to a misspelt one, when it is near enough to be a typo.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn human(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results.iter().filter(|r| r.status != Status::Passed) {
        let word = match r.status {
            Status::Error => "ERROR",
            _ => "FAIL",
        };
        out.push_str(&format!("{word} {}", r.file));
        if let Some(v) = &r.version {
            out.push_str(&format!(" (version {v})"));
        }
        out.push('\n');
        for p in &r.problems {
            out.push_str("  ");
            out.push_str(p);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

fn case_json(r: &CaseResult) -> Json {
    let mut m = Map::new();
    m.insert("file".into(), Json::String(r.file.clone()));
    m.insert("status".into(), Json::String(r.status.word().into()));
    if let Some(v) = &r.version {
        m.insert("version".into(), Json::String(v.clone()));
    }
    if !r.problems.is_empty() {
        m.insert(
            "problems".into(),
            Json::Array(r.problems.iter().cloned().map(Json::String).collect()),
        );
    }
    Json::Object(m)
}

/// The results as JUnit XML: one `testsuite` (the policy folder), one `testcase` per fixture
/// (`classname`: its folder; `name`: its file name), `failure` for differences, `error` for cases
/// that could not run. No timings, so that the file is the same from one run to the next.
fn junit(policy: &str, results: &[CaseResult]) -> String {
    let count = |s: Status| results.iter().filter(|r| r.status == s).count();
    let (tests, failures, errors) = (results.len(), count(Status::Failed), count(Status::Error));
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites name=\"care test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    ));
    x.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n",
        escape(policy, true)
    ));
    for r in results {
        x.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\"",
            escape(&r.name, true),
            escape(&r.folder, true)
        ));
        let tag = match r.status {
            Status::Passed => {
                x.push_str("/>\n");
                continue;
            }
            Status::Failed => "failure",
            Status::Error => "error",
        };
        let message = r.problems.first().map(String::as_str).unwrap_or(tag);
        let mut body = String::new();
        if let Some(v) = &r.version {
            body.push_str(&format!("version {v}\n"));
        }
        for p in &r.problems {
            body.push_str(p);
            body.push('\n');
        }
        x.push_str(&format!(
            ">\n      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n    </testcase>\n",
            escape(message, true),
            if tag == "failure" {
                "mismatch"
            } else {
                "error"
            },
            escape(&body, false)
        ));
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// Text made safe for XML 1.0: markup characters escaped; in attributes, line breaks and tabs
/// too (parsers would fold them into spaces); characters XML cannot hold become U+FFFD.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\n", true),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;"
        );
        assert_eq!(escape("x\ny\u{1}", false), "x\ny\u{FFFD}");
    }

    #[test]
    fn suggests_near_names() {
        let known = ["eligible", "grant", "counted_sites"];
        assert_eq!(closest("countedsites", &known), Some("counted_sites"));
        assert_eq!(closest("grnat", &known), Some("grant"));
        assert_eq!(closest("amount", &known), None);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn names() {
        assert_eq!(expected_stem("a.expected.json"), Some(("a", "json")));
        assert_eq!(expected_stem("a.json"), None);
        assert_eq!(dossier_stem("a.b.yaml"), "a.b");
        assert!(dossier_format("A.YML").is_some());
        assert!(dossier_format("notes.md").is_none());
    }
}
