//! `care table --policy DIR NAME`: a table or a function of the policy over a range, one column
//! per value of its track or enum parameters.

use crate::exit;
use care_publish::table::{render_csv, render_text, tabulate_version, Range};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care table --policy policies/essms-poc forfait --range 1..13      # the flat amount for 1 to 13 sites, per track
  care table --policy policies/essms-poc taux_par_rang               # the rate of each rank, 1 to 20
  care table --policy policies/essms-poc montants_par_parcours --format csv
  care table --policy policies/essms-poc forfait --version 2026-03-31 --format json

A function is called with each integer of the range for its `int` parameter and each value of its
`track`, enum and `bool` parameters (one column each); a table keyed by ranks is read for each
integer of the range, and so is a table keyed by a track (or enum) and a rank, one column per
track that has rows; a table keyed otherwise is shown row by row.

Exit: 0 written, 2 usage (unknown name or version, a function that cannot be tabulated), 3 the
policy does not check, 6 a file could not be read.")]
pub struct Args {
    /// The policy folder
    #[arg(long)]
    policy: PathBuf,
    /// The table or function
    name: String,
    /// The integers to tabulate over (both ends included)
    #[arg(long, default_value = "1..20")]
    range: Range,
    /// The version (its date; default: the latest)
    #[arg(long)]
    version: Option<String>,
    /// Output format (default: human)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Csv,
    Json,
}

pub fn run(args: Args) -> i32 {
    let folder = match super::diff::open_folder(&args.policy) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let index = match folder.pick(args.version.as_deref()) {
        Ok(i) => i,
        Err(e) => return super::diff::report(&args.policy, &e),
    };
    let t = match tabulate_version(&folder.versions[index], &args.name, args.range) {
        Ok(t) => t,
        Err(e) => {
            errln!("{}", crate::ui::error_text(&e.to_string()));
            return exit::USAGE;
        }
    };
    match args.format {
        Format::Human => out!("{}", render_text(&t)),
        Format::Csv => out!("{}", render_csv(&t)),
        Format::Json => match serde_json::to_string_pretty(&t) {
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
    exit::OK
}
