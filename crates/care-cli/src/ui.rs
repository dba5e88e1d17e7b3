//! How the command talks to the terminal: colours and quietness, set once from the global options
//! and the environment, read by every command.
//!
//! Colours follow the conventions of the tools around (<https://no-color.org>,
//! <https://bixense.com/clicolors/>): `--color always|never` wins; else `NO_COLOR` (any value)
//! turns them off and `CLICOLOR_FORCE` (any value but `0`) on; else they are on for a terminal.

use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colours on a terminal (and as NO_COLOR / CLICOLOR_FORCE say)
    #[default]
    Auto,
    Always,
    Never,
}

struct Settings {
    color: ColorChoice,
    quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Sets the options once, at start.
pub fn init(color: ColorChoice, quiet: bool) {
    let _ = SETTINGS.set(Settings { color, quiet });
}

fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        color: ColorChoice::Auto,
        quiet: false,
    })
}

/// Whether output to a stream that is (or is not) a terminal gets colours.
fn colors(is_terminal: bool) -> bool {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match settings().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some() {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                is_terminal
            }
        }
    }
}

/// Colours on standard error (diagnostics).
pub fn color_stderr() -> bool {
    colors(std::io::stderr().is_terminal())
}

/// Colours on standard output (the terminal report).
pub fn color_stdout() -> bool {
    colors(std::io::stdout().is_terminal())
}

/// `--quiet`: no summaries, no progress, no warnings about the data; errors and results only.
pub fn quiet() -> bool {
    settings().quiet
}
