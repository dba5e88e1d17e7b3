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

/// `--lang`: the language of diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangChoice {
    /// English
    En,
    /// Français
    Fr,
}

struct Settings {
    color: ColorChoice,
    quiet: bool,
    lang: care_i18n::Lang,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Sets the options once, at start.
pub fn init(color: ColorChoice, quiet: bool, lang: Option<LangChoice>) {
    let lang = match lang {
        Some(LangChoice::En) => care_i18n::Lang::En,
        Some(LangChoice::Fr) => care_i18n::Lang::Fr,
        None => care_i18n::Lang::from_env(),
    };
    let _ = SETTINGS.set(Settings { color, quiet, lang });
}

fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        color: ColorChoice::Auto,
        quiet: false,
        lang: care_i18n::Lang::En,
    })
}

/// The language of diagnostics: `--lang`, else the locale's (see `care_i18n::Lang::from_env`).
pub fn lang() -> care_i18n::Lang {
    settings().lang
}

thread_local! {
    /// The catalog of the chosen language, made once per thread (a Fluent bundle is not `Sync`).
    static CATALOG: care_i18n::Catalog = care_i18n::Catalog::new(lang());
}

/// A line of the command's own (a `cli-…` entry of the catalog) in the language of the messages.
/// A missing entry is a bug the catalog test catches; its identifier is shown rather than nothing.
pub fn text(id: &str, args: &[(&str, &str)]) -> String {
    CATALOG
        .with(|c| c.message(id, args))
        .unwrap_or_else(|| id.to_string())
}

/// `error: …` (`erreur : …`): an entry's text after the word for an error.
pub fn error(id: &str, args: &[(&str, &str)]) -> String {
    error_text(&text(id, args))
}

/// `error: …` around a text already said (another crate's error, in English).
pub fn error_text(message: &str) -> String {
    text("cli-error", &[("message", message)])
}

/// `  help: …` (`  aide : …`): the indented line after an error.
pub fn help(id: &str, args: &[(&str, &str)]) -> String {
    format!("  {}", text("cli-help", &[("message", &text(id, args))]))
}

/// Why a file could not be read or written. English prints the system's text; French says the
/// common reasons from the catalog (`cli-io-…`) after the path care puts first (`` `x`: ``), and
/// keeps the system's text for the others.
pub fn io_reason(e: &std::io::Error) -> String {
    let english = e.to_string();
    if lang() == care_i18n::Lang::En {
        return english;
    }
    use std::io::ErrorKind as K;
    let id = match e.kind() {
        K::NotFound => "cli-io-not-found",
        K::PermissionDenied => "cli-io-permission-denied",
        K::IsADirectory => "cli-io-is-a-directory",
        K::NotADirectory => "cli-io-not-a-directory",
        K::AlreadyExists => "cli-io-already-exists",
        K::StorageFull => "cli-io-storage-full",
        K::ReadOnlyFilesystem => "cli-io-read-only",
        _ => return english,
    };
    let reason = text(id, &[]);
    // care-check's errors name the path first: `` `policies/x.care`: No such file… ``.
    match english.strip_prefix('`').and_then(|r| r.split_once("`: ")) {
        Some((path, _)) => text("cli-io-path", &[("path", path), ("reason", &reason)]),
        None => reason,
    }
}

/// The lines that say why a dossier was refused or its evaluation stopped, in the language of
/// diagnostics.
pub fn failure_lines(failure: &care_eval::engine::Failure) -> Vec<String> {
    let catalog = care_i18n::Catalog::new(lang());
    match failure {
        care_eval::engine::Failure::Data { errors, .. } => errors
            .errors
            .iter()
            .map(|i| care_eval::engine::issue_line_in(&catalog, i))
            .collect(),
        care_eval::engine::Failure::Select(e) => select_lines(e),
        care_eval::engine::Failure::Eval { version, error } => {
            vec![error.render_in(version, &catalog)]
        }
    }
}

/// Why no version could be chosen, in the language of the messages (dates in French as the
/// reports write them: `1er juin 2026`).
fn select_lines(e: &care_eval::eval::select::SelectError) -> Vec<String> {
    use care_eval::eval::select::SelectError as S;
    let date = |d: &jiff::civil::Date| match lang() {
        care_i18n::Lang::En => d.to_string(),
        care_i18n::Lang::Fr => care_eval::view::french::date(*d),
    };
    let line = match e {
        S::Malformed { lines } => return lines.clone(),
        S::NoReference => text("cli-select-no-reference", &[]),
        S::BadReference { field, found: None } => {
            text("cli-select-missing-reference", &[("field", field)])
        }
        S::BadReference {
            field,
            found: Some(v),
        } => text(
            "cli-select-bad-reference",
            &[("field", field), ("found", v)],
        ),
        S::NoVersion {
            date: d,
            first: Some(first),
        } => text(
            "cli-select-no-version-first",
            &[("date", &date(d)), ("first", &date(first))],
        ),
        S::NoVersion {
            date: d,
            first: None,
        } => text("cli-select-no-version", &[("date", &date(d))]),
        S::UnknownVersion { asked, known } => {
            let list: Vec<String> = known.iter().map(|d| format!("`{d}`")).collect();
            text(
                "cli-select-unknown-version",
                &[("asked", asked), ("versions", &list.join(", "))],
            )
        }
    };
    vec![line]
}

/// A fixture's problems, its data errors' lines in the language of diagnostics.
pub fn localize_problems(r: &mut care_eval::fixtures::CaseResult) {
    if lang() != care_i18n::Lang::En {
        r.problems = r.problems_in(&care_i18n::Catalog::new(lang()));
    }
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
