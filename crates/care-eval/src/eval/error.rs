//! Evaluation errors: overflow, division by zero, a key no table row covers. Each carries the
//! location of the expression that failed; a policy is total, so these are the only failures.

use care_check::ir::{Origin, Policy};

#[derive(Clone, Debug, PartialEq)]
pub struct EvalError {
    pub message: String,
    pub origin: Origin,
    pub help: Option<String>,
}

impl EvalError {
    pub fn new(message: impl Into<String>, origin: Origin) -> Self {
        EvalError {
            message: message.into(),
            origin,
            help: None,
        }
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
