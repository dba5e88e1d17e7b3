//! Evaluation: a checked policy and a decoded dossier give outputs, rule outcomes and, on demand,
//! the trace that explanations are made of.

mod compiled;
mod error;
mod fold;
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

/// Most steps the evaluation of one dossier takes: items of the loops (`all`, `sum`, `for each`,
/// …) and of the ranges built, and calls of functions. Past it, evaluation stops with an error
/// rather than hang on a loop nested in a loop over the dossier's numbers (docs/limits.md).
pub const MAX_STEPS: u64 = 10_000_000;

/// Most items of a range built as a list (`1..n` as a value, not walked by a loop): 24 MB.
pub const MAX_RANGE_ITEMS: u64 = 1_000_000;

/// Where evaluation went, for `care test --coverage` (see [`Machine::coverage`]): a branching
/// expression (its file and span) with the [`Arm`] taken, or a table (its index) with the row read.
pub type Hits = std::collections::HashSet<(Probe, u32)>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Probe {
    Branch(u32, usize, usize),
    Row(u32),
}

/// The arm of a branching expression: `if` (then, else), `and`/`or` (left alone decided, right
/// evaluated), `otherwise` (left kept, right used as the fallback).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arm {
    Then = 0,
    Else = 1,
    Left = 2,
    Right = 3,
}

/// The result of evaluating one dossier.
#[derive(Debug)]
pub struct Evaluation {
    /// By output index.
    pub outputs: Vec<Value>,
    /// By rule index: every rule is evaluated.
    pub rules: Vec<Status>,
    /// With explanations: what each rule and output read, and the steps of computations.
    pub trace: Option<Box<trace::Trace>>,
    /// With explanations: the objectives the dossier commits to (indices), for its checklist.
    pub chosen: Vec<u32>,
}

impl Program {
    /// Calls one of the policy's functions with arguments (for tabulating a function, as
    /// `care table` or an editor's hover does, and for property tests). Functions only read their
    /// parameters and constants, never the dossier.
    pub fn call(&self, function: &str, args: Vec<Value>) -> EvalResult<Value> {
        let Some(f) = self
            .policy
            .functions
            .iter()
            .position(|f| f.name == function)
        else {
            return Err(EvalError::new(
                format!("no function `{function}`"),
                self.policy.origin,
            ));
        };
        let mut m = Machine::new(self);
        m.reset(Value::Absent, false);
        m.call(u32::try_from(f).unwrap_or(u32::MAX), args)
    }

    /// Evaluates one dossier (already decoded against this policy's schema).
    pub fn evaluate(&self, input: Value, explain: bool) -> EvalResult<Evaluation> {
        let mut m = Machine::new(self);
        self.evaluate_with(&mut m, input, explain)
    }

    /// The objectives the dossier chose, in declaration order, each once; codes that name no
    /// objective are left out (a rule says whether the choice is valid). Found by code, not by
    /// a scan of every objective. Out of line: explanations only.
    #[inline(never)]
    fn chosen(&self, m: &mut Machine<'_>) -> EvalResult<Vec<u32>> {
        let Some(Value::List(codes)) = m.chosen_for_checklist()? else {
            return Ok(Vec::new());
        };
        let mut chosen: Vec<u32> = codes
            .iter()
            .filter_map(|c| self.objective_codes.get(c.as_text()?).copied())
            .collect();
        chosen.sort_unstable();
        chosen.dedup();
        Ok(chosen)
    }

    /// Evaluates with a machine reused across dossiers (no per-dossier set-up).
    pub fn evaluate_with(
        &self,
        m: &mut Machine<'_>,
        input: Value,
        explain: bool,
    ) -> EvalResult<Evaluation> {
        m.reset(input, explain);
        // The lists of the last evaluation given back ([`Machine::recycle`]), else new ones.
        let mut rules = std::mem::take(&mut m.spare_rules);
        rules.reserve(self.policy.rules.len());
        m.all_rules(&mut rules)?;
        let mut outputs = std::mem::take(&mut m.spare_outputs);
        outputs.reserve(self.policy.outputs.len());
        for o in 0..self.policy.outputs.len() {
            outputs.push(m.output(u32::try_from(o).unwrap_or(u32::MAX))?);
        }
        let chosen = if explain { self.chosen(m)? } else { Vec::new() };
        Ok(Evaluation {
            outputs,
            rules,
            trace: if explain { m.trace.take() } else { None },
            chosen,
        })
    }
}
