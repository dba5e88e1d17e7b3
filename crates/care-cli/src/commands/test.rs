//! `care test --policy DIR [FIXTURES...]`: every fixture dossier evaluated and compared with its
//! expected file, a readable diff for each failing case, a summary line, JUnit XML for CI.
//!
//! Finding, running and comparing the fixtures is `care_eval::fixtures` (the editor's code lens
//! uses the same runner); this module parses the arguments and renders the results. The format
//! of expected files is documented in `docs/ci.md`.

use crate::{exit, ui};
use care_eval::fixtures::{discover, run_all, CaseResult, Discover, Status};
use serde_json::{json, Map, Value as Json};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care test --policy policies/essms-poc                  its tests/ folder
  care test --policy policies/essms-poc tests/extra/     other fixtures
  care test --policy policies/essms-poc --junit junit.xml
  care test --policy policies/essms-poc --filter 'p1-*'    the fixtures whose name matches
  care test --policy policies/essms-poc --update           rewrite the failing expected files
  care test --policy policies/essms-poc --coverage --coverage-min 100
  care test --policy policies/essms-poc --coverage --coverage-format lcov --coverage-output lcov.info
  care test --policy policies/essms-poc --mutate          survivors of one change at a time

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
    /// Only the fixtures whose file name matches: a part of the name (`p1-`), or a pattern with
    /// `*` and `?` (`p1-*.json`)
    #[arg(long, value_name = "PATTERN")]
    filter: Option<String>,
    /// Rewrite the expected file of each failing fixture from what the dossier now gives (only
    /// what the file already asserts); review the changes before committing them
    #[arg(long)]
    update: bool,
    #[command(flatten)]
    evidence: crate::commands::evidence::Args,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutFormat {
    Human,
    Json,
}

pub fn run(args: Args) -> i32 {
    let engine = match crate::commands::eval::load_engine(&args.policy) {
        Ok(e) => e,
        Err(code) => {
            if let (Some(path), exit::INVALID_POLICY) = (&args.junit, code) {
                let xml = policy_junit(&args.policy);
                if let Err(e) = std::fs::write(path, xml) {
                    junit_error(path, &e);
                    return exit::IO;
                }
            }
            return code;
        }
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
                let (path, reason) = (folder.display().to_string(), ui::io_reason(&e));
                errln!(
                    "{}",
                    ui::error(
                        "cli-test-cannot-read-fixtures",
                        &[("path", &path), ("reason", &reason)]
                    )
                );
                return exit::IO;
            }
            Err(Discover::NotADossier) => {
                let path = folder.display().to_string();
                errln!(
                    "{}",
                    ui::error("cli-test-not-a-dossier", &[("path", &path)])
                );
                return exit::USAGE;
            }
        }
    }
    if let Some(pattern) = &args.filter {
        fixtures.retain(|f| matches(pattern, &file_name(&f.file)));
    }
    let mut results = run_all(&engine, &fixtures);
    results.iter_mut().for_each(crate::ui::localize_problems);
    if args.update {
        update(&engine, &fixtures, &mut results);
    }
    let passed = results
        .iter()
        .filter(|r| r.status == Status::Passed)
        .count();
    let failed = results.len() - passed;
    let summary = ui::text(
        "cli-test-summary",
        &[
            ("passed", &passed.to_string()),
            ("failed", &failed.to_string()),
        ],
    );
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
                    errln!(
                        "{}",
                        ui::error("cli-cannot-render", &[("reason", &e.to_string())])
                    );
                    return exit::IO;
                }
            }
            // The summary stays visible in logs; stdout is for the JSON document only.
            if !crate::ui::quiet() {
                errln!("{summary}");
            }
        }
    }
    if results.is_empty() && args.filter.is_some() {
        let pattern = args.filter.as_deref().unwrap_or_default();
        errln!(
            "{}",
            ui::error("cli-test-no-match", &[("pattern", pattern)])
        );
    } else if results.is_empty() {
        let list: Vec<String> = folders
            .iter()
            .map(|f| format!("`{}`", f.display()))
            .collect();
        errln!(
            "{}",
            ui::error("cli-test-no-fixture", &[("folders", &list.join(", "))])
        );
    }
    crate::output::out(&out);
    if let Some(path) = &args.junit {
        let xml = junit(&policy_name, &results);
        if let Err(e) = std::fs::write(path, xml) {
            junit_error(path, &e);
            return exit::IO;
        }
    }
    let evidence = if args.evidence.wanted() {
        let passed_all = failed == 0 && !results.is_empty();
        crate::commands::evidence::run(&args.evidence, &args.policy, &engine, &fixtures, passed_all)
    } else {
        exit::OK
    };
    if failed > 0 || results.is_empty() {
        exit::FINDINGS
    } else {
        evidence
    }
}

/// Rewrites the expected files of the failing cases and runs them again, so that the summary
/// tells what still fails (a refused update, a case that could not run).
fn update(
    engine: &care_eval::engine::Engine,
    fixtures: &[care_eval::fixtures::Fixture],
    results: &mut [CaseResult],
) {
    use care_eval::fixtures::{run_case, update_expected, Update};
    let mut rewritten = 0;
    for (fixture, result) in fixtures.iter().zip(results.iter_mut()) {
        if result.status != Status::Failed {
            continue;
        }
        match update_expected(engine, fixture) {
            Update::Rewritten => {
                rewritten += 1;
                if !crate::ui::quiet() {
                    let file = expected_name(fixture);
                    errln!("{}", ui::text("cli-test-updated", &[("file", &file)]));
                }
                *result = run_case(engine, fixture);
            }
            Update::Unchanged => {}
            Update::Refused(why) => {
                let file = expected_name(fixture);
                errln!(
                    "{}",
                    ui::text("cli-test-not-updated", &[("file", &file), ("reason", &why)])
                );
            }
        }
    }
    if !crate::ui::quiet() {
        let count = rewritten.to_string();
        errln!("{}", ui::text("cli-test-rewritten", &[("count", &count)]));
    }
}

fn junit_error(path: &std::path::Path, e: &std::io::Error) {
    let (path, reason) = (path.display().to_string(), ui::io_reason(e));
    errln!(
        "{}",
        ui::error(
            "cli-test-cannot-write-junit",
            &[("path", &path), ("reason", &reason)]
        )
    );
}

fn expected_name(f: &care_eval::fixtures::Fixture) -> String {
    match &f.kind {
        care_eval::fixtures::FixtureKind::Dossier { expected } => expected.display().to_string(),
        _ => f.file.display().to_string(),
    }
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `--filter`: a glob (`*`, `?`) against the whole file name, or else a part of it.
fn matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return name.contains(pattern);
    }
    fn glob(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('*', rest)) => (0..=n.len()).any(|i| glob(rest, &n[i..])),
            Some(('?', rest)) => !n.is_empty() && glob(rest, &n[1..]),
            Some((c, rest)) => n.first() == Some(c) && glob(rest, &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob(&p, &n)
}

/// The JUnit report of a policy that does not check: one failing case naming its errors, so that
/// a CI test reporter shows why nothing ran.
fn policy_junit(policy: &std::path::Path) -> String {
    let name = policy.display().to_string();
    let mut lines = Vec::new();
    if let Ok(report) = care_check::check_paths(&[policy.to_path_buf()]) {
        for d in report.diagnostics.iter().filter(|d| d.is_error()) {
            lines.push(care_syntax::diagnostic::render_short(d, &report.sources));
        }
    }
    if lines.is_empty() {
        lines.push(format!("no policy version in `{name}`"));
    }
    let message = format!(
        "the policy does not check: {} error{}",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" }
    );
    let mut body = lines.join("\n");
    body.push('\n');
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"care test\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"0\">\n  \
         <testsuite name=\"{n}\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0\">\n    \
         <testcase name=\"care check\" classname=\"{n}\" time=\"0\">\n      \
         <failure message=\"{m}\" type=\"policy\">{b}</failure>\n    </testcase>\n  </testsuite>\n</testsuites>\n",
        n = escape(&name, true),
        m = escape(&message, true),
        b = escape(&body, false),
    )
}

fn human(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results.iter().filter(|r| r.status != Status::Passed) {
        let id = match r.status {
            Status::Error => "cli-test-error",
            _ => "cli-test-fail",
        };
        out.push_str(&ui::text(id, &[("file", &r.file)]));
        if let Some(v) = &r.version {
            out.push(' ');
            out.push_str(&ui::text("cli-test-version", &[("version", v)]));
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
/// that could not run. `time` in seconds: each case's, and their sum for the suite.
fn junit(policy: &str, results: &[CaseResult]) -> String {
    let count = |s: Status| results.iter().filter(|r| r.status == s).count();
    let (tests, failures, errors) = (results.len(), count(Status::Failed), count(Status::Error));
    let total: std::time::Duration = results.iter().map(|r| r.duration).sum();
    let time = seconds(total);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites name=\"care test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{time}\">\n"
    ));
    x.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time}\">\n",
        escape(policy, true)
    ));
    for r in results {
        x.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
            escape(&r.name, true),
            escape(&r.folder, true),
            seconds(r.duration)
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

/// Seconds with millisecond precision, as JUnit readers expect (`0.012`).
fn seconds(d: std::time::Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
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
    fn filters_by_name() {
        assert!(matches("p1-", "p1-single-site.json"));
        assert!(matches("p1-*.json", "p1-single-site.json"));
        assert!(!matches("p1-*.yaml", "p1-single-site.json"));
        assert!(matches("?1-single*", "p1-single-site.json"));
        assert!(!matches("late", "p1-single-site.json"));
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\n", true),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;"
        );
        assert_eq!(escape("x\ny\u{1}", false), "x\ny\u{FFFD}");
    }
}
