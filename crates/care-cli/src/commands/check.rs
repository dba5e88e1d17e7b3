//! `care check PATH...`

use crate::exit;
use care_syntax::diagnostic::{render_human, to_json};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care check policies/                  every version of every policy
  care check policies/essms-poc/2026-04-15.care
  care check --format json policies/    for machines
  care check --show-silenced policies/  also the warnings an @allow silenced

Exit: 0 clean, 1 errors or warnings, 6 a file could not be read.")]
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
            errln!("error: cannot read {e}");
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
            let color = crate::ui::color_stderr();
            for d in &shown {
                err!("{}", render_human(d, &report.sources, color));
                errln!();
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
            if !crate::ui::quiet() {
                errln!("{summary}");
            }
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
