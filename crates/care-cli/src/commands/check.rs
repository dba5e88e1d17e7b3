//! `care check PATH...`

use crate::exit;
use care_syntax::diagnostic::{render_human, to_json};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Policy files or folders (folders are searched for .care files)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also show the warnings that `@allow` annotations silenced
    #[arg(long)]
    show_silenced: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

pub fn run(args: Args) -> i32 {
    let report = match care_check::check_paths(&args.paths) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot read {e}");
            return exit::IO;
        }
    };
    let shown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| args.show_silenced || d.silenced.is_none())
        .collect();
    let blocking = report
        .diagnostics
        .iter()
        .filter(|d| d.is_blocking())
        .count();
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = blocking - errors;
    let silenced = report.diagnostics.len() - blocking;
    match args.format {
        Format::Json => {
            let json: Vec<_> = shown.iter().map(|d| to_json(d, &report.sources)).collect();
            let out = serde_json::json!({
                "files": report.files.len(),
                "errors": errors,
                "warnings": warnings,
                "silenced": silenced,
                "clean": blocking == 0,
                "diagnostics": json,
            });
            crate::output::line(&serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            let color = std::io::stderr().is_terminal();
            for d in &shown {
                eprint!("{}", render_human(d, &report.sources, color));
                eprintln!();
            }
            let files = report.files.len();
            let summary = format!(
                "{files} file{} checked: {errors} error{}, {warnings} warning{}{}",
                plural(files),
                plural(errors),
                plural(warnings),
                if silenced > 0 {
                    format!(" ({silenced} silenced)")
                } else {
                    String::new()
                }
            );
            eprintln!("{summary}");
        }
    }
    if blocking == 0 {
        exit::OK
    } else {
        exit::FINDINGS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
