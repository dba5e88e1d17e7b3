//! `care diff`: what a version of a policy changes, compared with another (two versions of one
//! folder, or the versions of two folders).

use crate::exit;
use care_publish::diff::{diff, render_markdown, render_text};
use care_publish::table::Range;
use care_publish::{Folder, LoadError};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care diff --policy policies/essms-poc                      # the latest version against the one before
  care diff --policy policies/essms-poc --from 2026-03-31 --to 2026-04-15
  care diff --policy policies/essms-poc --format markdown > changements.md
  care diff ancienne/essms-poc policies/essms-poc            # two folders: their latest versions

Each change says what changed (label, evidence, scope, a table's row, the values of a function over
`--range`, a field of the inputs, a rule's logic…), before and after, and where it is written in both
versions. Logic is compared on the syntax, not the layout: a reformatted file shows no change.

Exit: 0 compared (with or without changes), 2 usage or unknown version, 3 a policy does not check,
6 a file could not be read.")]
pub struct Args {
    /// Two policy folders to compare, the earlier first (instead of `--policy`)
    #[arg(num_args = 0..=2, value_name = "FOLDER")]
    folders: Vec<PathBuf>,
    /// The policy folder whose versions are compared
    #[arg(long, conflicts_with = "folders")]
    policy: Option<PathBuf>,
    /// The earlier version (its date; default: the version before `--to`, or the latest of the
    /// first folder)
    #[arg(long)]
    from: Option<String>,
    /// The later version (its date; default: the latest)
    #[arg(long)]
    to: Option<String>,
    /// The integers over which functions' values are compared
    #[arg(long, default_value = "1..20")]
    range: Range,
    /// Output format (default: human)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Markdown,
}

/// Opens and checks a policy folder; on failure, says why and gives the exit code.
pub fn open_folder(dir: &Path) -> Result<Folder, i32> {
    Folder::open(dir).map_err(|e| report(dir, &e))
}

/// Prints a load error and returns its exit code.
pub fn report(dir: &Path, e: &LoadError) -> i32 {
    match e {
        LoadError::Io(msg) => {
            errln!("{}", crate::ui::error_text(msg));
            exit::IO
        }
        LoadError::Invalid {
            sources,
            diagnostics,
        } => {
            let color = crate::ui::color_stderr();
            let catalog = care_i18n::Catalog::new(crate::ui::lang());
            for d in diagnostics {
                err!("{}", care_i18n::render_human(&catalog, d, sources, color));
            }
            let path = dir.display().to_string();
            errln!(
                "{}",
                crate::ui::error("cli-policy-does-not-check", &[("path", &path)])
            );
            exit::INVALID_POLICY
        }
        LoadError::Empty(_) => {
            errln!("{}", crate::ui::error_text(&e.to_string()));
            exit::INVALID_POLICY
        }
        LoadError::UnknownVersion { .. } => {
            let path = dir.display().to_string();
            errln!(
                "{}",
                crate::ui::error(
                    "cli-in-folder",
                    &[("message", &e.to_string()), ("path", &path)]
                )
            );
            exit::USAGE
        }
    }
}

/// The two sides of a comparison: one folder and two of its versions, or two folders.
pub struct Sides {
    pub a: Folder,
    pub b: Option<Folder>,
    pub from: usize,
    pub to: usize,
}

impl Sides {
    pub fn second(&self) -> &Folder {
        self.b.as_ref().unwrap_or(&self.a)
    }
}

pub fn sides(
    policy: Option<&PathBuf>,
    folders: &[PathBuf],
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Sides, i32> {
    match (policy, folders) {
        (Some(dir), []) => {
            let a = open_folder(dir)?;
            let (from, to) = a.pair(from, to).map_err(|e| report(dir, &e))?;
            Ok(Sides {
                a,
                b: None,
                from,
                to,
            })
        }
        (None, [x, y]) => {
            let a = open_folder(x)?;
            let b = open_folder(y)?;
            let from = a.pick(from).map_err(|e| report(x, &e))?;
            let to = b.pick(to).map_err(|e| report(y, &e))?;
            Ok(Sides {
                a,
                b: Some(b),
                from,
                to,
            })
        }
        _ => {
            errln!("{}", crate::ui::error("cli-diff-usage", &[]));
            Err(exit::USAGE)
        }
    }
}

pub fn run(args: Args) -> i32 {
    let s = match sides(
        args.policy.as_ref(),
        &args.folders,
        args.from.as_deref(),
        args.to.as_deref(),
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let d = diff(&s.a, s.from, s.second(), s.to, args.range);
    match args.format {
        Format::Human => out!("{}", render_text(&d)),
        Format::Markdown => out!("{}", render_markdown(&d)),
        Format::Json => match serde_json::to_string_pretty(&d) {
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
