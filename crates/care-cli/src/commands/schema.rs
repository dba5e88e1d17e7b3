//! `care schema --policy DIR [--version V]`: the JSON Schema of a version's declared inputs.

use crate::exit;
use care_eval::eval::select::named_index;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care schema --policy policies/essms-poc > essms-poc.schema.json
  care schema --policy policies/essms-poc --version 2026-03-31

The schema (JSON Schema 2020-12) refuses what `care eval` refuses wherever JSON Schema can say
it; bounds on amounts and dates are in the fields' descriptions, and `care eval` checks them.

Exit: 0 written, 2 unknown version, 3 the policy does not check, 6 a file could not be read.")]
pub struct Args {
    /// The policy folder
    #[arg(long)]
    policy: PathBuf,
    /// The version (its date; default: the latest)
    #[arg(long)]
    version: Option<String>,
}

pub fn run(args: Args) -> i32 {
    let engine = match super::eval::load_engine(&args.policy) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let versions = engine.versions();
    let index = match &args.version {
        Some(v) => match named_index(versions, v) {
            Ok(i) => i,
            Err(e) => {
                errln!("{}", crate::ui::error_text(&e.to_string()));
                return exit::USAGE;
            }
        },
        None => versions.len().saturating_sub(1),
    };
    let Some(policy) = versions.get(index) else {
        let path = args.policy.display().to_string();
        errln!("{}", crate::ui::error("cli-no-version", &[("path", &path)]));
        return exit::INVALID_POLICY;
    };
    let title = format!(
        "Dossier de candidature — {} « {} », version du {}",
        policy.id, policy.title, policy.version
    );
    let schema = care_eval::schema::json_schema(&policy.schema, &title);
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            outln!("{text}");
            exit::OK
        }
        Err(e) => {
            errln!(
                "{}",
                crate::ui::error("cli-cannot-render", &[("reason", &e.to_string())])
            );
            exit::IO
        }
    }
}
