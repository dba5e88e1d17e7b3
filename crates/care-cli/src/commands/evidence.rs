//! `care test --coverage` and `care test --mutate`: the evidence that a policy's fixtures pin its
//! decisions down. The measures are `care_eval::coverage` and `care_eval::mutation`; this module
//! holds their flags and renders their reports. See `docs/evidence.md`.

use crate::exit;
use care_eval::coverage::{self, Coverage};
use care_eval::engine::Engine;
use care_eval::fixtures::Fixture;
use care_eval::mutation::{self, Accepted, Fate};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Default)]
#[group(id = "evidence")]
pub struct Args {
    /// Also measure what the fixtures exercise: rules (passed and failed), table rows, branches
    /// and objectives
    #[arg(long)]
    coverage: bool,
    /// The coverage report's format (lcov: for an editor to shade the lines of the .care files)
    #[arg(long, value_enum, default_value_t = CoverageFormat::Human, value_name = "FORMAT")]
    coverage_format: CoverageFormat,
    /// Write the coverage report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    coverage_output: Option<PathBuf>,
    /// Fail (exit 1) when rules or table rows are covered below this percentage (implies
    /// --coverage)
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    coverage_min: Option<u8>,
    /// Also change the policy one place at a time (in memory) and list the changes no fixture
    /// catches; fails (exit 1) on a survivor not explained in tests/mutants-accepted.txt
    #[arg(long)]
    mutate: bool,
    /// The mutation report's format (json: every mutant with its place and fate, for tools)
    #[arg(long, value_enum, default_value_t = MutateFormat::Human, value_name = "FORMAT")]
    mutate_format: MutateFormat,
    /// Write the mutation report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    mutate_output: Option<PathBuf>,
}

#[derive(Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
enum MutateFormat {
    #[default]
    Human,
    Json,
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
enum CoverageFormat {
    #[default]
    Human,
    Json,
    Lcov,
}

impl Args {
    pub fn wanted(&self) -> bool {
        self.coverage || self.coverage_min.is_some() || self.mutate
    }
}

/// Runs what was asked after the fixtures ran (`fixtures_passed`: all of them); the exit code.
pub fn run(
    args: &Args,
    policy: &Path,
    engine: &Engine,
    fixtures: &[Fixture],
    fixtures_passed: bool,
) -> i32 {
    let mut code = exit::OK;
    if args.coverage || args.coverage_min.is_some() {
        code = code.max(coverage(args, policy, engine, fixtures));
    }
    if args.mutate {
        if !fixtures_passed {
            errln!("{}", crate::ui::error("cli-mutate-failing", &[]));
            return exit::FINDINGS.max(code);
        }
        code = code.max(mutate(args, policy, fixtures));
    }
    code
}

fn coverage(args: &Args, policy: &Path, engine: &Engine, fixtures: &[Fixture]) -> i32 {
    let cov = coverage::measure(engine, fixtures);
    let name = policy.display().to_string();
    let text = match args.coverage_format {
        CoverageFormat::Human => coverage::human(&cov, &name),
        CoverageFormat::Json => {
            let mut doc = coverage::json(&cov);
            if let Some(m) = doc.as_object_mut() {
                m.insert("policy".into(), serde_json::Value::String(name.clone()));
            }
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => s + "\n",
                Err(e) => {
                    errln!(
                        "{}",
                        crate::ui::error("cli-cannot-render", &[("reason", &e.to_string())])
                    );
                    return exit::IO;
                }
            }
        }
        CoverageFormat::Lcov => coverage::lcov(&cov),
    };
    match &args.coverage_output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                report_write_error("cli-cannot-write-coverage", path, &e);
                return exit::IO;
            }
        }
        None => {
            crate::output::out("\n");
            crate::output::out(&text);
        }
    }
    below_minimum(&cov, args.coverage_min)
}

/// Exit 1 when rules or table rows are below the minimum, saying which.
fn below_minimum(cov: &Coverage, min: Option<u8>) -> i32 {
    let Some(min) = min else { return exit::OK };
    let mut code = exit::OK;
    for (what, r) in [
        ("cli-coverage-rules-below", cov.rules_ratio()),
        ("cli-coverage-rows-below", cov.rows_ratio()),
    ] {
        if r.per_mille() < usize::from(min) * 10 {
            let args = [
                ("percent", r.percent()),
                ("covered", r.covered.to_string()),
                ("total", r.total.to_string()),
                ("min", min.to_string()),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
            errln!("{}", crate::ui::error(what, &args));
            code = exit::FINDINGS;
        }
    }
    code
}

fn mutate(args: &Args, policy: &Path, fixtures: &[Fixture]) -> i32 {
    let report = match care_check::check_paths(&[policy.to_path_buf()]) {
        Ok(r) => r,
        Err(e) => {
            let (path, reason) = (policy.display().to_string(), crate::ui::io_reason(&e));
            errln!(
                "{}",
                crate::ui::error(
                    "cli-cannot-read-policy",
                    &[("path", &path), ("reason", &reason)]
                )
            );
            return exit::IO;
        }
    };
    let files: mutation::Files = report
        .sources
        .iter()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect();
    let accepted = match Accepted::read(policy) {
        Ok(a) => a,
        Err(e) => {
            errln!("{}", crate::ui::error_text(&e.to_string()));
            return exit::USAGE;
        }
    };
    let started = std::time::Instant::now();
    let run = mutation::run(policy, &files, &report.policies, fixtures, &accepted);
    let elapsed = started.elapsed();
    let survived = run.count(|f| *f == Fate::Survived);
    let text = match args.mutate_format {
        MutateFormat::Human => mutants_human(&run, policy),
        MutateFormat::Json => match serde_json::to_string_pretty(&mutants_json(&run, policy)) {
            Ok(s) => s + "\n",
            Err(e) => {
                errln!(
                    "{}",
                    crate::ui::error("cli-cannot-render", &[("reason", &e.to_string())])
                );
                return exit::IO;
            }
        },
    };
    match &args.mutate_output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                report_write_error("cli-cannot-write-mutation", path, &e);
                return exit::IO;
            }
        }
        None => crate::output::out(&text),
    }
    // The time on standard error: standard output stays the same from one run to the next.
    if !crate::ui::quiet() {
        let seconds = format!("{:.1}", elapsed.as_secs_f64());
        let seconds = if crate::ui::lang() == care_i18n::Lang::Fr {
            seconds.replace('.', ",")
        } else {
            seconds
        };
        errln!(
            "{}",
            crate::ui::text("cli-mutate-time", &[("seconds", &seconds)])
        );
    }
    if survived > 0 {
        let file = policy
            .join("tests")
            .join("mutants-accepted.txt")
            .display()
            .to_string();
        let count = survived.to_string();
        errln!(
            "{}",
            crate::ui::error("cli-mutants-survive", &[("count", &count), ("file", &file)])
        );
        return exit::FINDINGS;
    }
    if !run.stale.is_empty() {
        errln!("{}", crate::ui::error("cli-mutants-stale", &[]));
        return exit::FINDINGS;
    }
    exit::OK
}

/// Survivors (with the line that accepts them), accepted mutants, stale lines and the totals.
fn mutants_human(run: &mutation::Run, policy: &Path) -> String {
    let mut out = String::from("\n");
    for r in &run.results {
        match &r.fate {
            Fate::Survived => {
                out.push_str(&format!(
                    "SURVIVED {}\n  accept with: {}: <raison>\n",
                    r.mutant.describe(),
                    r.mutant.key_in(policy)
                ));
            }
            Fate::Accepted(reason) => {
                out.push_str(&format!(
                    "accepted {} ({})\n  {reason}\n",
                    r.mutant.describe(),
                    r.mutant.place()
                ));
            }
            _ => {}
        }
    }
    for s in &run.stale {
        out.push_str(&format!(
            "STALE    {s}: in mutants-accepted.txt but no such mutant survives; remove the line\n"
        ));
    }
    out.push_str(&format!(
        "mutants: {} in all, {} caught by a fixture, {} refused by the checker, {} accepted, {} survived\n",
        run.results.len(),
        run.count(|f| matches!(f, Fate::Caught(_))),
        run.count(|f| *f == Fate::Refused),
        run.count(|f| matches!(f, Fate::Accepted(_))),
        run.count(|f| *f == Fate::Survived),
    ));
    out
}

/// Every mutant with its place, change and fate; the stale lines; the totals.
fn mutants_json(run: &mutation::Run, policy: &Path) -> serde_json::Value {
    use serde_json::json;
    let mutants: Vec<serde_json::Value> = run
        .results
        .iter()
        .map(|r| {
            let m = &r.mutant;
            let mut o = json!({
                "file": m.file,
                "line": m.line,
                "column": m.column,
                "place": m.place(),
                "key": m.key_in(policy),
                "original": m.original,
                "replacement": m.replacement,
            });
            let (fate, detail) = match &r.fate {
                Fate::Caught(by) => ("caught", Some(("caught_by", by.as_str()))),
                Fate::Refused => ("refused", None),
                Fate::Survived => ("survived", None),
                Fate::Accepted(reason) => ("accepted", Some(("reason", reason.as_str()))),
            };
            if let Some(map) = o.as_object_mut() {
                map.insert("fate".into(), fate.into());
                if let Some((k, v)) = detail {
                    map.insert(k.into(), v.into());
                }
            }
            o
        })
        .collect();
    json!({
        "policy": policy.display().to_string(),
        "mutants": mutants,
        "stale": run.stale,
        "summary": {
            "total": run.results.len(),
            "caught": run.count(|f| matches!(f, Fate::Caught(_))),
            "refused": run.count(|f| *f == Fate::Refused),
            "accepted": run.count(|f| matches!(f, Fate::Accepted(_))),
            "survived": run.count(|f| *f == Fate::Survived),
        },
    })
}

/// A report (`--coverage-output`, `--mutate-output`) that could not be written.
fn report_write_error(id: &str, path: &Path, e: &std::io::Error) {
    let (path, reason) = (path.display().to_string(), crate::ui::io_reason(e));
    errln!(
        "{}",
        crate::ui::error(id, &[("path", &path), ("reason", &reason)])
    );
}
