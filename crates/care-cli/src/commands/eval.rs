//! `care eval --policy DIR --dossier FILE`: one dossier, its decision and its explanation.
//! `care eval --policy DIR --dossiers DIR_OR_JSONL`: a batch, one result line per dossier.

use crate::{exit, ui};
use care_eval::batch::{
    Batch, BatchError, BatchOptions, CsvDialect, FolderSource, JsonlSource, OutputFormat, Progress,
    Source,
};
use care_eval::engine::{Engine, Failure};
use care_eval::report::Report;
use care_eval::view::text::Style;
use care_eval::view::{Audience, View};
use care_eval::Format;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care eval --policy policies/essms-poc --dossier dossier.json
  care eval --policy policies/essms-poc --dossier dossier.yaml --format markdown > rapport.md
  care eval --policy policies/essms-poc --dossier dossier.json --format html --audience candidat > rapport.html
  care eval --policy policies/essms-poc --dossier - --format json < dossier.json
  care eval --policy policies/essms-poc --dossiers dossiers.jsonl > resultats.jsonl
  care eval --policy policies/essms-poc --dossiers dossiers/ --format csv > resultats.csv
  care eval --policy policies/essms-poc --dossiers dossiers/ --format csv-fr > resultats.csv

Exit: 0 evaluated, 2 usage, 3 the policy does not check, 4 invalid data, 5 no version in force,
6 a file could not be read or written, 7 evaluation stopped; a batch: 0 every dossier
evaluated, 8 some could not be (their lines say why).")]
pub struct Args {
    /// The policy folder (every version in it; the one in force at the dossier's date is used)
    #[arg(long)]
    policy: PathBuf,
    /// The dossier, JSON or YAML (by its extension, else by its content; `-`: standard input)
    #[arg(
        long,
        required_unless_present = "dossiers",
        conflicts_with = "dossiers"
    )]
    dossier: Option<PathBuf>,
    /// A batch: a folder of dossiers (its `*.json`, `*.yaml`, `*.yml` files but
    /// `*.expected.json`, by name) or a JSON Lines file (`-`: standard input); one result line per
    /// dossier, in input order, and a summary on stderr
    #[arg(long)]
    dossiers: Option<PathBuf>,
    /// Use this version (its date) instead of the one in force at the dossier's date
    #[arg(long)]
    version: Option<String>,
    /// Output format: `json`, `human`, `markdown` or `html` (one self-contained page, printable
    /// to PDF) for one dossier (default: human on a terminal, json otherwise); `jsonl`, `csv` or
    /// `csv-fr` (a spreadsheet set to French: `;`, decimal comma, UTF-8 byte order mark) for a
    /// batch (default: jsonl)
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// Who reads the report (human, markdown, html): `instructeur` (the default) sees where each
    /// rule is written in the policy; `candidat` gets the report to send, without them
    #[arg(long, value_enum)]
    audience: Option<AudienceArg>,
    /// A batch: add each dossier's explanation to its line (json lines only); one dossier is
    /// always explained
    #[arg(long)]
    explain: bool,
    /// A batch: worker threads (default: one per core)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutFormat {
    Json,
    Human,
    Markdown,
    Html,
    Jsonl,
    Csv,
    CsvFr,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AudienceArg {
    #[value(alias = "instructor")]
    Instructeur,
    #[value(alias = "candidate")]
    Candidat,
}

/// Loads and checks a policy folder; on failure, prints its diagnostics and returns the exit code.
pub fn load_engine(policy: &PathBuf) -> Result<Engine, i32> {
    let report = match care_check::check_paths(std::slice::from_ref(policy)) {
        Ok(r) => r,
        Err(e) => {
            let (path, reason) = (policy.display().to_string(), ui::io_reason(&e));
            errln!(
                "{}",
                ui::error(
                    "cli-cannot-read-policy",
                    &[("path", &path), ("reason", &reason)]
                )
            );
            return Err(exit::IO);
        }
    };
    let path = policy.display().to_string();
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() || report.policies.is_empty() {
        let color = ui::color_stderr();
        let catalog = care_i18n::Catalog::new(ui::lang());
        for d in &errors {
            err!(
                "{}",
                care_i18n::render_human(&catalog, d, &report.sources, color)
            );
        }
        if report.policies.is_empty() && errors.is_empty() {
            errln!("{}", ui::error("cli-no-version", &[("path", &path)]));
        } else {
            errln!(
                "{}",
                ui::error("cli-policy-does-not-check", &[("path", &path)])
            );
        }
        return Err(exit::INVALID_POLICY);
    }
    Engine::new(report.policies.clone()).map_err(|e| {
        // The checker accepts only what the decoder can build: this is a bug of care.
        errln!(
            "{}",
            ui::error("cli-internal", &[("reason", &e.to_string())])
        );
        errln!("{}", ui::help("cli-internal-help", &[]));
        exit::INVALID_POLICY
    })
}

pub fn failure_code(f: &Failure) -> i32 {
    match f {
        Failure::Select(care_eval::eval::select::SelectError::NoVersion { .. }) => exit::NO_VERSION,
        Failure::Select(care_eval::eval::select::SelectError::UnknownVersion { .. }) => exit::USAGE,
        Failure::Select(care_eval::eval::select::SelectError::NoReference) => exit::USAGE,
        Failure::Select(
            care_eval::eval::select::SelectError::BadReference { .. }
            | care_eval::eval::select::SelectError::Malformed { .. },
        )
        | Failure::Data { .. } => exit::INVALID_DATA,
        Failure::Eval { .. } => exit::EVAL_ERROR,
    }
}

pub fn run(args: Args) -> i32 {
    if let Some(input) = &args.dossiers {
        return run_batch(&args, input);
    }
    let Some(dossier) = &args.dossier else {
        errln!("{}", ui::error("cli-eval-no-dossier", &[]));
        return exit::USAGE;
    };
    if matches!(
        args.format,
        Some(OutFormat::Jsonl | OutFormat::Csv | OutFormat::CsvFr)
    ) {
        errln!("{}", ui::error("cli-eval-batch-format", &[]));
        return exit::USAGE;
    }
    if args.jobs.is_some() {
        errln!("{}", ui::error("cli-eval-jobs", &[]));
        return exit::USAGE;
    }
    if args.explain && !ui::quiet() {
        let note = ui::text("cli-eval-explain", &[]);
        errln!("{}", ui::text("cli-note", &[("message", &note)]));
    }
    let engine = match load_engine(&args.policy) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let read = if dossier.as_os_str() == "-" {
        read_stdin()
    } else {
        std::fs::File::open(dossier).and_then(|f| {
            let mut bytes = Vec::new();
            if care_eval::read_dossier(f, &mut bytes)? {
                Ok(bytes)
            } else {
                Err(too_large())
            }
        })
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            let (path, reason) = (dossier.display().to_string(), ui::io_reason(&e));
            errln!(
                "{}",
                ui::error(
                    "cli-cannot-read-dossier",
                    &[("path", &path), ("reason", &reason)]
                )
            );
            return exit::IO;
        }
    };
    let format = Format::detect(dossier, &bytes);
    let outcome = match engine.run(&bytes, format, args.version.as_deref(), true) {
        Ok(o) => o,
        Err(f) => {
            let id = match &f {
                Failure::Data { .. }
                | Failure::Select(care_eval::eval::select::SelectError::Malformed { .. }) => {
                    "cli-eval-invalid-data"
                }
                Failure::Select(_) => "cli-eval-no-version",
                Failure::Eval { .. } => "cli-eval-failed",
            };
            let path = dossier.display().to_string();
            errln!("{}", ui::error(id, &[("path", &path)]));
            for line in ui::failure_lines(&f) {
                errln!("  {line}");
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
    let audience = match args.audience {
        None | Some(AudienceArg::Instructeur) => Audience::Instructor,
        Some(AudienceArg::Candidat) => Audience::Candidate,
    };
    match format {
        OutFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => outln!("{s}"),
            Err(e) => {
                errln!(
                    "{}",
                    ui::error("cli-cannot-render", &[("reason", &e.to_string())])
                );
                return exit::IO;
            }
        },
        OutFormat::Human => {
            let style = Style::Terminal {
                color: ui::color_stdout(),
            };
            out!("{}", View::new(&outcome, audience).text(style));
        }
        OutFormat::Markdown | OutFormat::Jsonl | OutFormat::Csv | OutFormat::CsvFr => {
            out!("{}", View::new(&outcome, audience).text(Style::Markdown));
        }
        OutFormat::Html => out!("{}", View::new(&outcome, audience).html()),
    }
    for w in outcome.warnings.iter().filter(|_| !ui::quiet()) {
        let catalog = care_i18n::Catalog::new(ui::lang());
        let line = care_eval::engine::issue_line_in(&catalog, w);
        errln!("{}", ui::text("cli-warning", &[("message", &line)]));
    }
    exit::OK
}

/// Standard input, whole, up to the largest dossier read.
fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if care_eval::read_dossier(std::io::stdin().lock(), &mut bytes)? {
        Ok(bytes)
    } else {
        Err(too_large())
    }
}

fn too_large() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "larger than {} MiB, the largest dossier read",
            care_eval::MAX_DOSSIER_BYTES >> 20
        ),
    )
}

/// `--dossiers`: the batch mode.
fn run_batch(args: &Args, input: &Path) -> i32 {
    if args.audience.is_some() {
        errln!("{}", ui::error("cli-eval-audience", &[]));
        return exit::USAGE;
    }
    let (format, csv) = match args.format {
        None | Some(OutFormat::Jsonl) => (OutputFormat::Jsonl, CsvDialect::Standard),
        Some(OutFormat::Csv) => (OutputFormat::Csv, CsvDialect::Standard),
        Some(OutFormat::CsvFr) => (OutputFormat::Csv, CsvDialect::French),
        Some(_) => {
            errln!("{}", ui::error("cli-eval-batch-formats", &[]));
            return exit::USAGE;
        }
    };
    let engine = match load_engine(&args.policy) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let options = BatchOptions {
        format,
        csv,
        explain: args.explain,
        version: args.version.clone(),
        threads: args.jobs.and_then(|j| usize::try_from(j).ok()),
        ..BatchOptions::default()
    };
    let batch = match Batch::new(&engine, options) {
        Ok(b) => b,
        Err(e) => {
            errln!("{}", ui::error_text(&e.to_string()));
            return match e {
                BatchError::Usage(_) => exit::USAGE,
                _ => exit::INVALID_POLICY,
            };
        }
    };
    let tty = std::io::stderr().is_terminal() && !ui::quiet();
    let result = if input.as_os_str() == "-" {
        let bar = progress_bar(tty, Total::Unknown);
        let stdin = std::io::stdin();
        run_source(&batch, JsonlSource::new(stdin.lock()), &bar)
    } else if input.is_dir() {
        let source = match FolderSource::new(input) {
            Ok(s) => s,
            Err(e) => {
                let (path, reason) = (input.display().to_string(), ui::io_reason(&e));
                errln!(
                    "{}",
                    ui::error(
                        "cli-cannot-read-folder",
                        &[("path", &path), ("reason", &reason)]
                    )
                );
                return exit::IO;
            }
        };
        let bar = progress_bar(tty, Total::Dossiers(source.len() as u64));
        run_source(&batch, source, &bar)
    } else {
        let file = match std::fs::File::open(input) {
            Ok(f) => f,
            Err(e) => {
                let (path, reason) = (input.display().to_string(), ui::io_reason(&e));
                errln!(
                    "{}",
                    ui::error(
                        "cli-cannot-read-dossiers",
                        &[("path", &path), ("reason", &reason)]
                    )
                );
                return exit::IO;
            }
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let bar = progress_bar(tty, Total::Bytes(size));
        run_source(
            &batch,
            JsonlSource::new(BufReader::with_capacity(1 << 20, file)),
            &bar,
        )
    };
    match result {
        Ok(summary) => {
            if !ui::quiet() {
                err!("{}", crate::summary::batch(&summary));
            }
            if summary.errors_total() > 0 {
                exit::BATCH_INCOMPLETE
            } else {
                exit::OK
            }
        }
        Err(BatchError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e @ BatchError::Usage(_)) => {
            errln!("{}", ui::error_text(&e.to_string()));
            exit::USAGE
        }
        Err(BatchError::Input(e)) => {
            let (path, reason) = (input.display().to_string(), ui::io_reason(&e));
            errln!(
                "{}",
                ui::error(
                    "cli-batch-stopped-reading",
                    &[("path", &path), ("reason", &reason)]
                )
            );
            exit::IO
        }
        Err(BatchError::Output(e)) => {
            let reason = ui::io_reason(&e);
            errln!(
                "{}",
                ui::error("cli-cannot-write-results", &[("reason", &reason)])
            );
            exit::IO
        }
        Err(e) => {
            errln!("{}", ui::error_text(&e.to_string()));
            exit::IO
        }
    }
}

/// What the progress bar counts to.
enum Total {
    Bytes(u64),
    Dossiers(u64),
    Unknown,
}

/// A progress bar on stderr when it is a terminal, else nothing.
fn progress_bar(tty: bool, total: Total) -> (ProgressBar, bool) {
    if !tty {
        return (ProgressBar::hidden(), false);
    }
    let (bar, template, bytes) = match total {
        Total::Bytes(n) => (
            ProgressBar::new(n),
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg} eta {eta}",
            true,
        ),
        Total::Dossiers(n) => (
            ProgressBar::new(n),
            "{bar:40} {pos}/{len} dossiers {per_sec} eta {eta}",
            false,
        ),
        Total::Unknown => (
            ProgressBar::new_spinner(),
            "{spinner} {pos} dossiers {per_sec}",
            false,
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    (bar, bytes)
}

fn run_source<S: Source>(
    batch: &Batch<'_>,
    source: S,
    (bar, bytes): &(ProgressBar, bool),
) -> Result<care_eval::batch::Summary, BatchError> {
    let stdout = std::io::stdout();
    let result = batch.run(source, stdout.lock(), |p: Progress| {
        if *bytes {
            bar.set_position(p.bytes);
            bar.set_message(format!("({} dossiers)", p.dossiers));
        } else {
            bar.set_position(p.dossiers);
        }
    });
    bar.finish_and_clear();
    result
}
