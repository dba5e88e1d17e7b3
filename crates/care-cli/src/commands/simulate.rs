//! `care simulate`: a cohort of dossiers under two versions of a policy — the decisions that
//! change and the totals before and after.

use crate::exit;
use care_publish::simulate::{
    read_folder, read_jsonl, render_csv, render_html, render_text, simulate, Options,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care simulate --policy policies/essms-poc --dossiers candidatures-2026.jsonl
  care simulate --policy policies/essms-poc --from 2026-04-15 --to 2026-09-01 --dossiers cohorte/ --format html > impact.html
  care simulate --policy policies/essms-poc --dossiers cohorte.jsonl --format csv > changements.csv
  care simulate ancienne/essms-poc policies/essms-poc --dossiers - --format json < cohorte.jsonl

Every dossier is judged by both versions, whatever its date. `human` (the default) prints the totals
and the changes; `csv` one line per change (dossier, output, before, after, delta); `json`
everything; `html` a self-contained report (no network) with its charts in SVG: the mean amount by
`--by` per track under each version, the changes per output, the distribution of the amount's
changes.

Exit: 0 simulated, 2 usage or unknown version or output, 3 a policy does not check, 6 a file could
not be read or written.")]
pub struct Args {
    /// Two policy folders, the earlier first (instead of `--policy`)
    #[arg(num_args = 0..=2, value_name = "FOLDER")]
    folders: Vec<PathBuf>,
    /// The policy folder whose versions are compared
    #[arg(long, conflicts_with = "folders")]
    policy: Option<PathBuf>,
    /// The earlier version (default: the version before `--to`)
    #[arg(long)]
    from: Option<String>,
    /// The later version (default: the latest)
    #[arg(long)]
    to: Option<String>,
    /// The cohort: a folder of dossiers (JSON or YAML, `*.expected.json` left out) or a JSON
    /// Lines file (`-`: standard input)
    #[arg(long)]
    dossiers: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The `bool` output that decides (default: the policy header's `decision` output when it
    /// declares one, else the first `bool` output)
    #[arg(long)]
    decision: Option<String>,
    /// The `money` output the charts show (default: the first `money` output)
    #[arg(long)]
    amount: Option<String>,
    /// The `int` output dossiers are grouped by in the charts (default: the first `int` output)
    #[arg(long)]
    by: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Csv,
    Json,
    Html,
}

pub fn run(args: Args) -> i32 {
    let s = match super::diff::sides(
        args.policy.as_ref(),
        &args.folders,
        args.from.as_deref(),
        args.to.as_deref(),
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let input = &args.dossiers;
    let read = if input.as_os_str() == "-" {
        read_jsonl(std::io::stdin().lock())
    } else if input.is_dir() {
        read_folder(input)
    } else {
        std::fs::File::open(input).and_then(|f| read_jsonl(std::io::BufReader::new(f)))
    };
    let dossiers = match read {
        Ok(d) => d,
        Err(e) => {
            let (path, reason) = (input.display().to_string(), crate::ui::io_reason(&e));
            errln!(
                "{}",
                crate::ui::error(
                    "cli-cannot-read-dossiers",
                    &[("path", &path), ("reason", &reason)]
                )
            );
            return exit::IO;
        }
    };
    let options = Options {
        decision: args.decision.clone(),
        amount: args.amount.clone(),
        by: args.by.clone(),
        chunk: None,
    };
    let bar = if std::io::stderr().is_terminal() && !crate::ui::quiet() {
        let bar = ProgressBar::new(dossiers.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} dossiers {per_sec} eta {eta}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let from = &s.a.versions[s.from];
    let to = &s.second().versions[s.to];
    let result = simulate(from, to, &dossiers, &options, &mut |done| {
        bar.set_position(done)
    });
    bar.finish_and_clear();
    let sim = match result {
        Ok(sim) => sim,
        Err(e) => {
            errln!("{}", crate::ui::error_text(&e.to_string()));
            return exit::USAGE;
        }
    };
    match args.format {
        Format::Human => out!("{}", render_text(&sim)),
        Format::Csv => out!("{}", render_csv(&sim)),
        Format::Html => out!("{}", render_html(&sim)),
        Format::Json => match serde_json::to_string_pretty(&sim) {
            Ok(j) => outln!("{j}"),
            Err(e) => {
                errln!(
                    "{}",
                    crate::ui::error("cli-cannot-render", &[("reason", &e.to_string())])
                );
                return exit::IO;
            }
        },
    }
    if args.format != Format::Human && !crate::ui::quiet() {
        let (dossiers, changed, changes) = (
            sim.dossiers.to_string(),
            sim.changed_dossiers.to_string(),
            sim.changes.len().to_string(),
        );
        errln!(
            "{}",
            crate::ui::text(
                "cli-simulate-summary",
                &[
                    ("dossiers", &dossiers),
                    ("changed", &changed),
                    ("changes", &changes)
                ]
            )
        );
    }
    exit::OK
}
