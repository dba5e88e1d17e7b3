//! `care`: the command line of the care toolkit. Each command lives in its own module under
//! `commands/`; this file only parses arguments and maps outcomes to exit codes.

// Every write goes through `output` (closed pipes, full disks): the `print!` family is denied.
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
mod output;
mod ci;
mod commands;
mod exit;
mod summary;
mod ui;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a decoded dossier is a few dozen small
/// allocations, and glibc's `malloc`/`free` were an eighth of a batch's instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux for ordinary 4 KiB pages instead of transparent huge pages. mimalloc asks for
/// huge pages on its arenas; on a kernel that compacts memory to find them (`defrag` set to
/// `madvise`, a common default) a batch of 100,000 dossiers now and then spent 0.1 to 0.2 s of
/// system time zeroing and compacting, and used 38 MB where 15 MB do, with no gain in user time.
fn small_pages() {
    #[cfg(target_os = "linux")]
    {
        // Only a kernel without the call refuses it, and then there is nothing to change.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

#[derive(Parser)]
#[command(
    name = "care",
    version,
    about = "Policy-as-code for calls for projects: check, format, evaluate and test .care policies, and compare their versions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to use colours (`auto`: on a terminal, unless NO_COLOR is set or CLICOLOR_FORCE asks)
    #[arg(long, value_enum, global = true, default_value_t = ui::ColorChoice::Auto)]
    color: ui::ColorChoice,
    /// Print only errors and results: no summary, no progress bar, no warnings about the data
    #[arg(long, short, global = true)]
    quiet: bool,
    /// The language of diagnostics (default: French when LC_ALL, LC_MESSAGES or LANG, the first
    /// one set, starts with `fr`; else English)
    #[arg(long, value_enum, global = true)]
    lang: Option<ui::LangChoice>,
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
    /// Create the skeleton of a new policy: a version, its input module, a rule, a fixture
    Init(commands::init::Args),
    /// Show what a version of a policy changes: objectives, tracks, tables, functions, inputs, rules
    Diff(commands::diff::Args),
    /// Show a table or a function of a policy over a range, per track or enum value
    Table(commands::table::Args),
    /// Evaluate a cohort of dossiers under two versions: the decisions that change, the totals
    Simulate(commands::simulate::Args),
    /// Generate random dossiers that a version of a policy accepts, from its declared inputs
    Sample(commands::sample::Args),
    /// Print the JSON Schema of a policy version's input, to validate dossiers before sending them
    Schema(commands::schema::Args),
    /// Print the shell completions of `care` (bash, zsh, fish, powershell, elvish)
    #[command(
        after_help = "Examples:\n  care completions bash > ~/.local/share/bash-completion/completions/care\n  care completions zsh > \"${fpath[1]}/_care\"\n  care completions fish > ~/.config/fish/completions/care.fish"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Start the language server (LSP over standard input and output) for editors
    #[command(disable_version_flag = true)]
    Lsp(commands::lsp::Args),
}

fn main() -> ExitCode {
    small_pages();
    let cli = Cli::parse();
    ui::init(cli.color, cli.quiet, cli.lang);
    let code = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Test(args) => commands::test::run(args),
        Command::Sample(args) => commands::sample::run(args),
        Command::Schema(args) => commands::schema::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Table(args) => commands::table::run(args),
        Command::Simulate(args) => commands::simulate::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "care", &mut output::Stdout);
            exit::OK
        }
        Command::Lsp(args) => commands::lsp::run(args),
    };
    ExitCode::from(output::finish(code) as u8)
}
