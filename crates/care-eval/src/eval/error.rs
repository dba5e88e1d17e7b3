//! Evaluation errors: overflow, division by zero, a key no table row covers. Each carries the
//! location of the expression that failed; a policy is total, so these are the only failures.

use care_check::ir::{Origin, Policy};

/// An evaluation error, boxed: every expression of the compiled form returns an
/// [`EvalResult`], and with the error one pointer wide a condition's `Result<bool, EvalError>`
/// fits in two registers instead of being written through memory.
#[derive(Clone, PartialEq)]
pub struct EvalError(Box<ErrorBody>);

/// What an [`EvalError`] says (its fields are read through the error).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBody {
    pub message: String,
    pub origin: Origin,
    pub help: Option<String>,
    /// The message's entry in the catalog (`eval-…`, its help as `.help`) and its arguments, to
    /// say it in another language.
    pub key: Option<&'static str>,
    pub args: Vec<(&'static str, String)>,
}

impl std::ops::Deref for EvalError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for EvalError {
    fn deref_mut(&mut self) -> &mut ErrorBody {
        &mut self.0
    }
}

/// As the unboxed error was printed (tests and messages compare it).
impl std::fmt::Debug for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvalError")
            .field("message", &self.message)
            .field("origin", &self.origin)
            .field("help", &self.help)
            .finish()
    }
}

impl EvalError {
    pub fn new(message: impl Into<String>, origin: Origin) -> Self {
        EvalError(Box::new(ErrorBody {
            message: message.into(),
            origin,
            help: None,
            key: None,
            args: Vec::new(),
        }))
    }

    /// Names the message's entry in the catalog and its arguments.
    pub fn keyed(mut self, key: &'static str, args: &[(&'static str, String)]) -> Self {
        self.key = Some(key);
        self.args = args.to_vec();
        self
    }

    /// [`EvalError::render`] in the catalog's language (English as it is).
    pub fn render_in(&self, policy: &Policy, catalog: &care_i18n::Catalog) -> String {
        let Some(key) = self.key.filter(|_| catalog.lang() != care_i18n::Lang::En) else {
            return self.render(policy);
        };
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (Some(message), Some(prefix)) = (
            catalog.message(key, &args),
            catalog.message("eval-error", &[]),
        ) else {
            return self.render(policy);
        };
        let (path, line, col) = policy.location(self.origin);
        let help = catalog
            .attribute(key, "help", &args)
            .zip(catalog.message("eval-help", &[]))
            .map(|(h, word)| format!("\n  {word} {h}"))
            .unwrap_or_default();
        format!("{path}:{line}:{col}: {prefix} {message}{help}")
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:column: message`
    pub fn render(&self, policy: &Policy) -> String {
        let (path, line, col) = policy.location(self.origin);
        let help = self
            .help
            .as_ref()
            .map(|h| format!("\n  help: {h}"))
            .unwrap_or_default();
        format!(
            "{path}:{line}:{col}: evaluation error: {}{help}",
            self.message
        )
    }
}

pub type EvalResult<T> = Result<T, EvalError>;
