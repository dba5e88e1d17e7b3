//! `care`: the command line of the care toolkit. Each command lives in its own module under
//! `commands/`; this file only parses arguments and maps outcomes to exit codes.

mod commands;
mod exit;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "care",
    version,
    about = "Policy-as-code for calls for projects: check, format, evaluate and test .care policies"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check policies: syntax, names, types and lints
    Check(commands::check::Args),
    /// Format policies in the canonical layout
    Fmt(commands::fmt::Args),
    /// Evaluate a dossier against a policy and explain the decision
    Eval(commands::eval::Args),
    /// Run a policy's fixture dossiers and compare them with their expected files
    Test(commands::test::Args),
    /// Start the language server (LSP over standard input and output) for editors
    #[command(disable_version_flag = true)]
    Lsp(commands::lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Test(args) => commands::test::run(args),
        Command::Lsp(args) => commands::lsp::run(args),
    };
    ExitCode::from(code as u8)
}
