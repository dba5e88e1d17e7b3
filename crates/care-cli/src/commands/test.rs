//! `care test --policy DIR [FIXTURES...]`: every fixture dossier evaluated and compared with its
//! expected file, a readable diff for each failing case, a summary line, JUnit XML for CI.
//!
//! Finding, running and comparing the fixtures is `care_eval::fixtures` (the editor's code lens
//! uses the same runner); this module parses the arguments and renders the results. The format
//! of expected files is documented in `docs/ci.md`.

use crate::exit;
use care_eval::fixtures::{discover, run_all, CaseResult, Discover, Status};
use serde_json::{json, Map, Value as Json};
use std::path::PathBuf;

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
}
