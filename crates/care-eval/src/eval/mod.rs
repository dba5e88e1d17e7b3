//! Evaluation: a checked policy and a decoded dossier give outputs, rule outcomes and, on demand,
//! the trace that explanations are made of.

mod error;
mod machine;
mod ops;
mod program;
pub mod select;
pub mod trace;

pub use error::{EvalError, EvalResult};
pub use machine::show;
pub use machine::{Machine, Status};
pub use program::{constant as constant_value, Program};

use crate::value::Value;

/// The result of evaluating one dossier.
#[derive(Debug)]
pub struct Evaluation {
    /// By output index.
    pub outputs: Vec<Value>,
    /// By rule index: every rule is evaluated.
    pub rules: Vec<Status>,
    /// With explanations: what each rule and output read, and the steps of computations.
    pub trace: Option<trace::Trace>,
}

impl Program {
    /// Evaluates one dossier (already decoded against this policy's schema).
    pub fn evaluate(&self, input: Value, explain: bool) -> EvalResult<Evaluation> {
        let mut m = Machine::new(self);
        self.evaluate_with(&mut m, input, explain)
    }

    /// Evaluates with a machine reused across dossiers (no per-dossier set-up).
    pub fn evaluate_with(
        &self,
        m: &mut Machine<'_>,
        input: Value,
        explain: bool,
    ) -> EvalResult<Evaluation> {
        m.reset(input, explain);
        let mut rules = Vec::with_capacity(self.policy.rules.len());
        for r in 0..self.policy.rules.len() {
            rules.push(m.rule(u32::try_from(r).unwrap_or(u32::MAX))?);
        }
        let mut outputs = Vec::with_capacity(self.policy.outputs.len());
        for o in 0..self.policy.outputs.len() {
            outputs.push(m.output(u32::try_from(o).unwrap_or(u32::MAX))?);
        }
        Ok(Evaluation {
            outputs,
            rules,
            trace: m.trace.take(),
        })
    }
}
