//! `care sample --policy DIR`: random dossiers that a version of the policy accepts, varied from
//! its fixture dossiers or generated from its declared inputs (`care_eval::sample`), to try a
//! version on many dossiers.

use crate::exit;
use care_eval::engine::Engine;
use care_eval::sample::{fixture_bases, Sampler};
use std::io::Write as _;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care sample --policy policies/essms-poc -n 5000 --seed 1 > cohorte.jsonl
  care sample --policy policies/essms-poc --version 2026-03-31 -n 3 --format json
  care sample --policy policies/ara-ms-2023 -n 1 --format yaml > dossier.yaml
  care sample --policy policies/essms-poc -n 100000 | care eval --policy policies/essms-poc --dossiers -
  care sample --policy policies/essms-poc -n 300 > cohorte.jsonl
  care simulate --policy policies/essms-poc --from 2026-03-31 --to 2026-04-15 --dossiers cohorte.jsonl
  care sample --policy policies/essms-poc -n 300 --from schema > aleatoire.jsonl

Every dossier is valid data for the version (types, enums, track keys, bounds, optional fields)
and dated in its period in force, so that this version judges it. The same policy, version and
seed give the same dossiers.

Where the dossiers come from (`--from`):
  fixtures  (default when the policy's `tests/` folder has fixture dossiers that the version
            judges) each dossier is one of those fixtures, picked at random, then varied within
            the schema and its bounds: numbers and amounts up or down, dates and instants shifted
            by days (the reference date stays in the version's period), booleans flipped now and
            then, list items dropped or duplicated, enum values swapped. Fixtures of invalid data
            or of another version are not used. The cohort holds both decisions.
  schema    every dossier drawn from the declared inputs alone: fields that the rules compare
            with a constant take it, or a value just beside it, about half of the time; codes
            come from the codes the policy declares; everything else is at random. Few such
            dossiers are eligible; the default when there are no fixtures.

Formats: `jsonl` (default) one dossier a line; `json` a JSON array; `yaml` documents separated
by `---`.

Exit: 0 written, 2 usage (unknown version, `--from fixtures` and no fixture the version judges),
3 the policy does not check, 6 a file could not be read or the output could not be written.")]
pub struct Args {
    /// The policy folder
    #[arg(long)]
    policy: PathBuf,
    /// The version (its date; default: the latest)
    #[arg(long)]
    version: Option<String>,
    /// How many dossiers
    #[arg(long, short = 'n', default_value_t = 10)]
    count: u64,
    /// The seed: the same seed gives the same dossiers
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Vary the fixture dossiers or draw from the schema (default: fixtures when the version
    /// judges some)
    #[arg(long, value_enum)]
    from: Option<From>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum From {
    Fixtures,
    Schema,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Jsonl,
    Json,
    Yaml,
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
    let Some(version) = folder.versions.get(index) else {
        let path = args.policy.display().to_string();
        errln!("{}", crate::ui::error("cli-no-version", &[("path", &path)]));
        return exit::USAGE;
    };
    let bases = match args.from {
        Some(From::Schema) => Vec::new(),
        Some(From::Fixtures) | None => bases(&folder, &version.policy),
    };
    if args.from == Some(From::Fixtures) && bases.is_empty() {
        let path = folder.dir.join("tests").display().to_string();
        let v = version.policy.version.to_string();
        errln!(
            "{}",
            crate::ui::error("cli-sample-no-base", &[("path", &path), ("version", &v)])
        );
        let help = crate::ui::text("cli-sample-no-base-help", &[]);
        errln!("{}", crate::ui::text("cli-help", &[("message", &help)]));
        return exit::USAGE;
    }
    let mut sampler = Sampler::from_fixtures(&version.policy, args.seed, bases);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, crate::output::Stdout);
    let mut text = String::with_capacity(1 << 16);
    if args.format == Format::Json {
        text.push('[');
    }
    for i in 0..args.count {
        match args.format {
            Format::Jsonl => {
                sampler.write_json(&mut text);
                text.push('\n');
            }
            Format::Json => {
                text.push_str(if i == 0 { "\n  " } else { ",\n  " });
                sampler.write_json(&mut text);
            }
            Format::Yaml => {
                text.push_str("---\n");
                sampler.write_yaml(&mut text);
            }
        }
        if text.len() >= 1 << 16 {
            if out.write_all(text.as_bytes()).is_err() {
                return exit::IO;
            }
            text.clear();
        }
    }
    if args.format == Format::Json {
        text.push_str(if args.count == 0 { "]\n" } else { "\n]\n" });
    }
    if out.write_all(text.as_bytes()).is_err() || out.flush().is_err() {
        return exit::IO;
    }
    exit::OK
}

/// The fixture dossiers of the folder's `tests/` that `policy` (one of its versions) judges.
fn bases(
    folder: &care_publish::load::Folder,
    policy: &std::sync::Arc<care_check::ir::Policy>,
) -> Vec<care_eval::Value> {
    let all = folder.versions.iter().map(|v| v.policy.clone()).collect();
    let Ok(engine) = Engine::new(all) else {
        return Vec::new();
    };
    match engine
        .versions()
        .iter()
        .position(|p| p.version == policy.version)
    {
        Some(i) => fixture_bases(&engine, i, &folder.dir.join("tests")),
        None => Vec::new(),
    }
}
