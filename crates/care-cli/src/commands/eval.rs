//! `care eval --policy DIR --dossier FILE`: one dossier, its decision and its explanation.

use crate::exit;
use care_eval::engine::{Engine, Failure};
use care_eval::report::Report;
use care_eval::report_text::{render, Style};
use care_eval::Format;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The policy folder (every version in it; the one in force at the dossier's date is used)
    #[arg(long)]
    policy: PathBuf,
    /// The dossier, JSON or YAML (by its extension, else by its content)
    #[arg(long)]
    dossier: PathBuf,
    /// Use this version (its date) instead of the one in force at the dossier's date
    #[arg(long)]
    version: Option<String>,
    /// Output format (default: human on a terminal, json otherwise)
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutFormat {
    Json,
    Human,
    Markdown,
}

/// Loads and checks a policy folder; on failure, prints its diagnostics and returns the exit code.
pub fn load_engine(policy: &PathBuf) -> Result<Engine, i32> {
    let report = match care_check::check_paths(std::slice::from_ref(policy)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot read the policy `{}`: {e}", policy.display());
            return Err(exit::IO);
        }
    };
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() || report.policies.is_empty() {
        let color = std::io::stderr().is_terminal();
        for d in &errors {
            eprint!(
                "{}",
                care_syntax::diagnostic::render_human(d, &report.sources, color)
            );
        }
        if report.policies.is_empty() && errors.is_empty() {
            eprintln!("error: no policy version in `{}`", policy.display());
        } else {
            eprintln!(
                "error: the policy `{}` does not check: run `care check {}`",
                policy.display(),
                policy.display()
            );
        }
        return Err(exit::INVALID_POLICY);
    }
    Engine::new(report.policies.clone()).map_err(|e| {
        eprintln!("error: the policy's inputs cannot be read: {e:?}");
        exit::INVALID_POLICY
    })
}

pub fn failure_code(f: &Failure) -> i32 {
    match f {
        Failure::Select(care_eval::eval::select::SelectError::NoVersion { .. }) => exit::NO_VERSION,
        Failure::Select(care_eval::eval::select::SelectError::UnknownVersion { .. }) => exit::USAGE,
        Failure::Select(care_eval::eval::select::SelectError::NoReference) => exit::USAGE,
        Failure::Select(care_eval::eval::select::SelectError::BadReference { .. })
        | Failure::Data { .. } => exit::INVALID_DATA,
        Failure::Eval { .. } => exit::EVAL_ERROR,
    }
}

pub fn run(args: Args) -> i32 {
    let engine = match load_engine(&args.policy) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let bytes = match std::fs::read(&args.dossier) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "error: cannot read the dossier `{}`: {e}",
                args.dossier.display()
            );
            return exit::IO;
        }
    };
    let format = Format::detect(&args.dossier, &bytes);
    let outcome = match engine.run(&bytes, format, args.version.as_deref(), true) {
        Ok(o) => o,
        Err(f) => {
            let what = match &f {
                Failure::Data { .. } => "invalid data",
                Failure::Select(_) => "cannot choose a version",
                Failure::Eval { .. } => "evaluation failed",
            };
            eprintln!("error: {what} in `{}`", args.dossier.display());
            for line in f.lines() {
                eprintln!("  {line}");
            }
            return failure_code(&f);
        }
    };
    let report = Report::new(&outcome);
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        OutFormat::Human
    } else {
        OutFormat::Json
    });
    let labels: Vec<(String, Option<String>, bool)> = outcome
        .policy
        .outputs
        .iter()
        .map(|o| {
            (
                o.name.clone(),
                o.label.clone(),
                *o.ty.required() == care_check::types::Type::Money,
            )
        })
        .collect();
    match format {
        OutFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: cannot render the report: {e}");
                return exit::IO;
            }
        },
        OutFormat::Human => print!(
            "{}",
            render(&report, &labels, Style::Terminal { color: stdout_tty })
        ),
        OutFormat::Markdown => print!("{}", render(&report, &labels, Style::Markdown)),
    }
    for w in &outcome.warnings {
        eprintln!("warning: {}", care_eval::engine::issue_line(w));
    }
    exit::OK
}
