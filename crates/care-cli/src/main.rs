//! `care`: the command line of the care toolkit. Each command lives in its own module under
//! `commands/`; this file only parses arguments and maps outcomes to exit codes.

// Every write goes through `output` (closed pipes, full disks): the `print!` family is denied.
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
mod output;
mod commands;
mod exit;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Test(args) => commands::test::run(args),
    };
    ExitCode::from(output::finish(code) as u8)
}
