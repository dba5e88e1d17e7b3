//! `care eval --policy DIR --dossier FILE`: one dossier, its decision and its explanation.
//! `care eval --policy DIR --dossiers DIR_OR_JSONL`: a batch, one result line per dossier.

use crate::exit;
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
            errln!("error: cannot read the policy `{}`: {e}", policy.display());
            return Err(exit::IO);
        }
    };
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() || report.policies.is_empty() {
        let color = crate::ui::color_stderr();
        for d in &errors {
            err!(
                "{}",
                care_syntax::diagnostic::render_human(d, &report.sources, color)
            );
        }
        if report.policies.is_empty() && errors.is_empty() {
            errln!("error: no policy version in `{}`", policy.display());
        } else {
            errln!(
                "error: the policy `{}` does not check: run `care check {}`",
                policy.display(),
                policy.display()
            );
        }
        return Err(exit::INVALID_POLICY);
    }
    Engine::new(report.policies.clone()).map_err(|e| {
        // The checker accepts only what the decoder can build: this is a bug of care.
        errln!("error: internal: the policy checks but {e}\n  help: please report this with the policy");
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
        errln!("error: give a dossier with `--dossier FILE`, or a batch with `--dossiers DIR_OR_JSONL`");
        return exit::USAGE;
    };
    if matches!(
        args.format,
        Some(OutFormat::Jsonl | OutFormat::Csv | OutFormat::CsvFr)
    ) {
        errln!("error: `--format jsonl`, `csv` and `csv-fr` are for a batch (`--dossiers`); one dossier is written as `json`, `human`, `markdown` or `html`");
        return exit::USAGE;
    }
    if args.jobs.is_some() {
        errln!("error: `--jobs` sets the threads of a batch (`--dossiers`); one dossier is evaluated on one");
        return exit::USAGE;
    }
    if args.explain && !crate::ui::quiet() {
        errln!("note: one dossier is always explained; `--explain` adds explanations to a batch's lines");
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
            errln!(
                "error: cannot read the dossier `{}`: {e}",
                dossier.display()
            );
            return exit::IO;
        }
    };
    let format = Format::detect(dossier, &bytes);
    let outcome = match engine.run(&bytes, format, args.version.as_deref(), true) {
        Ok(o) => o,
        Err(f) => {
            let what = match &f {
                Failure::Data { .. }
                | Failure::Select(care_eval::eval::select::SelectError::Malformed { .. }) => {
                    "invalid data"
                }
                Failure::Select(_) => "cannot choose a version",
                Failure::Eval { .. } => "evaluation failed",
            };
            errln!("error: {what} in `{}`", dossier.display());
            for line in crate::ui::failure_lines(&f) {
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
                errln!("error: cannot render the report: {e}");
                return exit::IO;
            }
        },
        OutFormat::Human => {
            let style = Style::Terminal {
                color: crate::ui::color_stdout(),
            };
            out!("{}", View::new(&outcome, audience).text(style));
        }
        OutFormat::Markdown | OutFormat::Jsonl | OutFormat::Csv | OutFormat::CsvFr => {
            out!("{}", View::new(&outcome, audience).text(Style::Markdown));
        }
        OutFormat::Html => out!("{}", View::new(&outcome, audience).html()),
    }
    for w in outcome.warnings.iter().filter(|_| !crate::ui::quiet()) {
        errln!("warning: {}", care_eval::engine::issue_line(w));
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
        errln!("error: `--audience` chooses the reader of one dossier's report (`--dossier`); a batch writes results for machines");
        return exit::USAGE;
    }
    let (format, csv) = match args.format {
        None | Some(OutFormat::Jsonl) => (OutputFormat::Jsonl, CsvDialect::Standard),
        Some(OutFormat::Csv) => (OutputFormat::Csv, CsvDialect::Standard),
        Some(OutFormat::CsvFr) => (OutputFormat::Csv, CsvDialect::French),
        Some(_) => {
            errln!("error: a batch is written as `--format jsonl` (the default), `--format csv` or `--format csv-fr`");
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
            errln!("error: {e}");
            return match e {
                BatchError::Usage(_) => exit::USAGE,
                _ => exit::INVALID_POLICY,
            };
        }
    };
    let tty = std::io::stderr().is_terminal() && !crate::ui::quiet();
    let result = if input.as_os_str() == "-" {
        let bar = progress_bar(tty, Total::Unknown);
        let stdin = std::io::stdin();
        run_source(&batch, JsonlSource::new(stdin.lock()), &bar)
    } else if input.is_dir() {
        let source = match FolderSource::new(input) {
            Ok(s) => s,
            Err(e) => {
                errln!("error: cannot read the folder `{}`: {e}", input.display());
                return exit::IO;
            }
        };
        let bar = progress_bar(tty, Total::Dossiers(source.len() as u64));
        run_source(&batch, source, &bar)
    } else {
        let file = match std::fs::File::open(input) {
            Ok(f) => f,
            Err(e) => {
                errln!("error: cannot read the dossiers `{}`: {e}", input.display());
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
            if !crate::ui::quiet() {
                err!("{summary}");
            }
            if summary.errors_total() > 0 {
                exit::BATCH_INCOMPLETE
            } else {
                exit::OK
            }
        }
        Err(BatchError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e @ BatchError::Usage(_)) => {
            errln!("error: {e}");
            exit::USAGE
        }
        Err(e @ BatchError::Input(_)) => {
            errln!("error: {e} (`{}`)", input.display());
            exit::IO
        }
        Err(e) => {
            errln!("error: {e}");
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
