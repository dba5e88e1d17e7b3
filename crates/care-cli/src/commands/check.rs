//! `care check PATH...`

use crate::{exit, ui};
use care_syntax::diagnostic::to_json;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care check policies/                  every version of every policy
  care check policies/essms-poc/2026-04-15.care
  care check --format json policies/    for machines
  care check --show-silenced policies/  also the warnings an @allow silenced
  care check --format sarif policies/ > care.sarif     for code scanning
  care check --format github policies/  annotations on a pull request's lines (GitHub Actions)
  care check - --stdin-filename policies/essms-poc/2026-04-15.care < unsaved.care

Exit: 0 clean, 1 errors or warnings, 2 no .care file to check, 6 a file could not be read.")]
pub struct Args {
    /// Policy files or folders (folders are searched for .care files); `-` reads one file from
    /// standard input
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The name of the file read from standard input (`-`), for messages; its folder is where
    /// its includes and the version it amends are read
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
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
    /// SARIF 2.1.0, for code-scanning services
    Sarif,
    /// GitHub Actions workflow commands: annotations on the lines
    Github,
}

pub fn run(args: Args) -> i32 {
    let stdin = match stdin_text(&args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if let Err(code) = refuse_paths(&paths) {
        return code;
    }
    let report = match care_check::check_input(&paths, stdin) {
        Ok(r) => r,
        Err(e) => {
            errln!(
                "{}",
                ui::error("cli-cannot-read", &[("what", &ui::io_reason(&e))])
            );
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
        Format::Sarif => {
            let log = crate::ci::sarif::log(&shown, &report.sources);
            crate::output::line(&serde_json::to_string_pretty(&log).unwrap_or_default());
        }
        Format::Github => {
            let catalog = care_i18n::Catalog::new(ui::lang());
            for d in &shown {
                let d = catalog.localize(d);
                crate::output::line(&crate::ci::github::command(&d, &report.sources));
            }
        }
        Format::Human => {
            let color = ui::color_stderr();
            let catalog = care_i18n::Catalog::new(ui::lang());
            for d in &shown {
                err!(
                    "{}",
                    care_i18n::render_human(&catalog, d, &report.sources, color)
                );
                errln!();
            }
            let files = report.files.len();
            let counts = [
                ("files", files.to_string()),
                ("errors", errors.to_string()),
                ("warnings", warnings.to_string()),
            ];
            let counts: Vec<(&str, &str)> = counts.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let counted = ui::text("summary", &counts);
            let summary = if silenced > 0 {
                let n = silenced.to_string();
                format!(
                    "{counted} {}",
                    ui::text("cli-check-silenced", &[("count", &n)])
                )
            } else {
                counted
            };
            if !ui::quiet() {
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

/// Standard input's text and the name it goes by, when `-` is among the paths.
fn stdin_text(args: &Args) -> Result<Option<(PathBuf, String)>, i32> {
    let dashes = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if dashes == 0 {
        if args.stdin_filename.is_some() {
            errln!("{}", ui::error("cli-stdin-filename-alone", &[]));
            return Err(exit::USAGE);
        }
        return Ok(None);
    }
    if dashes > 1 {
        errln!("{}", ui::error("cli-stdin-once", &[]));
        return Err(exit::USAGE);
    }
    let mut text = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text) {
        errln!(
            "{}",
            ui::error("cli-cannot-read-stdin", &[("reason", &ui::io_reason(&e))])
        );
        return Err(exit::IO);
    }
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    Ok(Some((name, text)))
}

/// Paths that cannot be what the user meant are named before any check: a missing path, a file
/// that is not `.care`, a folder without any `.care` file.
fn refuse_paths(paths: &[PathBuf]) -> Result<(), i32> {
    for p in paths {
        let Ok(meta) = std::fs::metadata(p) else {
            let path = p.display().to_string();
            errln!("{}", ui::error("cli-no-such-path", &[("path", &path)]));
            return Err(exit::IO);
        };
        if meta.is_file() && p.extension().is_none_or(|x| x != "care") {
            let path = p.display().to_string();
            errln!("{}", ui::error("cli-not-a-care-file", &[("path", &path)]));
            return Err(exit::USAGE);
        }
        if meta.is_dir()
            && care_check::loader::care_files(std::slice::from_ref(p)).is_ok_and(|f| f.is_empty())
        {
            let path = p.display().to_string();
            errln!("{}", ui::error("cli-no-care-file", &[("path", &path)]));
            return Err(exit::USAGE);
        }
    }
    Ok(())
}
