//! The compiled form of a checked policy: every expression becomes a closure, built once per
//! program, that does what its node and its static type need and nothing else. A closure calls
//! its children's closures directly: no match on the kind of node, no test for explanations or
//! coverage, no conversion check where the type cannot need one, pure reads borrowed, constants
//! captured.
//!
//! Decisions run on this form. Explanations and coverage walk the checked expressions
//! ([`super::Machine`]'s tree walk), which records what each step read; the walk is also the
//! reference that the differential tests (`tests/compiled.rs`) compare this form with, on every
//! fixture and on generated dossiers of every policy, output by output and rule by rule.
//!
//! Both forms share the state of a [`Machine`] (locals, memo tables, step budget, call cache)
//! and the operators ([`super::ops`], builtins, aggregates), so that they differ only in how they
//! get from one node to the next.

mod column;
mod cond;
mod count;
mod expr;
mod hoist;
mod inline;
mod loops;
mod member;
mod num;
mod read;
mod shared;

use super::error::EvalResult;
use super::fold::Folded;
use super::machine::{Machine, Status};
use super::program::Table;
use crate::value::Value;
use care_check::ir::{self, Body, Expr, Policy, RuleStep};
use std::collections::HashMap;

/// A compiled expression: its value.
pub(crate) type Code = Box<dyn Fn(&mut Machine<'_>) -> EvalResult<Value> + Send + Sync>;

/// A compiled condition: whether it holds (an absent comparison does not).
pub(crate) type Cond = Box<dyn Fn(&mut Machine<'_>) -> EvalResult<bool> + Send + Sync>;

/// A compiled pure read (a local, the input, a folded constant, a field of one of those),
/// borrowed from the machine ([`read::Read::get`]).
pub(crate) use read::Read;

/// A compiled rule, its steps run in the rule's frame: the two shapes most rules have without
/// the loop over steps (nor a call of a closure around the condition).
pub(crate) enum RuleCode {
    /// `require c`.
    Require(Cond),
    /// `when w`, then `require c`.
    WhenRequire(Cond, Cond),
    Steps(Vec<StepCode>),
}

impl RuleCode {
    /// The rule's status for this dossier.
    #[inline]
    pub(crate) fn status(&self, m: &mut Machine<'_>) -> EvalResult<Status> {
        match self {
            RuleCode::Require(c) => Ok(required(c(m)?)),
            RuleCode::WhenRequire(w, c) => {
                if !w(m)? {
                    return Ok(Status::NotApplicable);
                }
                Ok(required(c(m)?))
            }
            RuleCode::Steps(steps) => run_steps(m, steps),
        }
    }
}

/// A step of a rule, compiled.
pub(crate) enum StepCode {
    When(Cond),
    Let(u32, Code),
    Require(Cond),
    ForEach {
        slot: u32,
        list: Code,
        origin: ir::Origin,
    },
}

/// A policy's declarations, compiled, by index.
pub(crate) struct Compiled {
    /// Bodies (their `let`s and their expression) of values, outputs and functions.
    pub values: Vec<Code>,
    pub outputs: Vec<Code>,
    /// The value each output that is only a value's name (`counted_sites` is `nombre_eg`)
    /// gives back: read from the value's memo, with no memo of its own.
    pub output_values: Vec<Option<u32>>,
    pub functions: Vec<Code>,
    pub rules: Vec<RuleCode>,
    /// The `achieved when` condition of each objective (over its scope), if it has one.
    pub objectives: Vec<Option<Cond>>,
    /// The header's `chosen_objectives`, if it has one (the checklist of an explanation).
    pub chosen: Option<Code>,
    /// Folded constants that reads borrow, by the index a read captured.
    pub consts: Vec<Value>,
    /// How many loop-invariant lookups keep their value during a loop ([`hoist`]).
    pub hoisted: usize,
    /// How many places keep the values of expressions written more than once ([`shared`]).
    pub shared: usize,
    /// How many calls were compiled in place ([`inline`]).
    pub inlined: usize,
    /// How many lookups read a column laid out by key ([`column`]).
    pub laid_out: usize,
}

/// What compiling needs to know besides the expression.
pub(super) struct Cx<'a> {
    folded: &'a Folded,
    /// The policy: its functions, for calls compiled in place ([`inline`]), its tracks' codes,
    /// for membership in them ([`member`]).
    policy: &'a Policy,
    /// The program's tables, for columns laid out by key ([`column`]).
    tables: &'a [Table],
    consts: Vec<Value>,
    /// Index in `consts` by the address of the folded expression.
    const_index: HashMap<usize, usize>,
    /// The comprehensions being compiled, innermost last: the binder of each, and the invariant
    /// lookups it forgets when it starts.
    loops: Vec<(u32, Vec<usize>)>,
    /// Compiling the inside of an invariant lookup (kept whole, not again in parts).
    hoisting: bool,
    hoisted: usize,
    inlined: usize,
    laid_out: usize,
    /// The expressions written more than once, by shape ([`shared`]).
    shared: HashMap<String, usize>,
}

impl<'a> Cx<'a> {
    /// The folded value of `e`, if it was folded.
    fn folded_value(&self, e: &Expr) -> Option<Value> {
        self.folded.get(&super::fold::key(e)).cloned()
    }

    /// The list `e` is when it is known before the dossier: a list written out, or a value
    /// whose body is one (`objectifs_sauvegarde_p3`: the same list at every dossier, computed
    /// with no step and no error, so that reading it is reading the list).
    fn known_list(&self, e: &Expr) -> Option<std::sync::Arc<[Value]>> {
        match self.folded_value(self.constant_body(e).unwrap_or(e))? {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The body of the value `e` names, if it is one expression with no `let`: where that
    /// expression is folded, reading the value is reading the constant.
    fn constant_body(&self, e: &Expr) -> Option<&'a Expr> {
        let ir::ExprKind::Value(i) = &e.kind else {
            return None;
        };
        let body = &self.policy.values.get(*i as usize)?.body;
        body.lets.is_empty().then_some(&body.expr)
    }

    /// The index of the folded value of `e` among the constants reads borrow.
    fn folded_index(&mut self, e: &Expr) -> Option<usize> {
        let key = super::fold::key(e);
        if let Some(i) = self.const_index.get(&key) {
            return Some(*i);
        }
        let v = self.folded.get(&key)?.clone();
        let i = self.consts.len();
        self.consts.push(v);
        self.const_index.insert(key, i);
        Some(i)
    }
}

/// Compiles every declaration of `policy`.
pub(super) fn compile(policy: &Policy, folded: &Folded, tables: &[Table]) -> Compiled {
    let mut cx = Cx {
        folded,
        policy,
        tables,
        consts: Vec::new(),
        const_index: HashMap::new(),
        loops: Vec::new(),
        hoisting: false,
        hoisted: 0,
        inlined: 0,
        laid_out: 0,
        shared: shared::census(policy),
    };
    let values = policy
        .values
        .iter()
        .map(|v| body(&v.body, &mut cx))
        .collect();
    let outputs = policy
        .outputs
        .iter()
        .map(|o| body(&o.body, &mut cx))
        .collect();
    let output_values = policy
        .outputs
        .iter()
        .map(|o| match o.body.expr.kind {
            ir::ExprKind::Value(v) if o.body.lets.is_empty() => Some(v),
            _ => None,
        })
        .collect();
    let functions = policy
        .functions
        .iter()
        .map(|f| body(&f.body, &mut cx))
        .collect();
    let rules = policy.rules.iter().map(|r| rule(r, &mut cx)).collect();
    let objectives = policy
        .objectives
        .iter()
        .map(|o| o.achieved.as_ref().map(|c| objective(o, c, &mut cx)))
        .collect();
    let chosen = policy.chosen_objectives.as_ref().map(|b| body(b, &mut cx));
    Compiled {
        values,
        outputs,
        output_values,
        functions,
        rules,
        objectives,
        chosen,
        consts: cx.consts,
        hoisted: cx.hoisted,
        shared: shared::places(cx.shared.len()),
        inlined: cx.inlined,
        laid_out: cx.laid_out,
    }
}

/// A body: its `let`s in order, then its expression, in the frame the caller set up.
fn body(b: &Body, cx: &mut Cx) -> Code {
    let expr = expr::code(&b.expr, cx);
    if b.lets.is_empty() {
        return expr;
    }
    let lets: Vec<(u32, Code)> = b
        .lets
        .iter()
        .map(|(slot, _, e)| (*slot, expr::code(e, cx)))
        .collect();
    Box::new(move |m| {
        for (slot, c) in &lets {
            let v = c(m)?;
            m.set(*slot, v);
        }
        expr(m)
    })
}

/// A rule's steps, the two shapes most rules have (`require`, `when` then `require`) apart.
fn rule(r: &ir::Rule, cx: &mut Cx) -> RuleCode {
    let steps: Vec<StepCode> = r.steps.iter().map(|s| step(s, cx)).collect();
    let steps = match <[StepCode; 1]>::try_from(steps) {
        Ok([StepCode::Require(c)]) => return RuleCode::Require(c),
        Ok(one) => Vec::from(one),
        Err(steps) => steps,
    };
    match <[StepCode; 2]>::try_from(steps) {
        Ok([StepCode::When(w), StepCode::Require(c)]) => RuleCode::WhenRequire(w, c),
        Ok(two) => RuleCode::Steps(Vec::from(two)),
        Err(steps) => RuleCode::Steps(steps),
    }
}

/// The status of a rule whose last `require` holds or not.
#[inline]
fn required(holds: bool) -> Status {
    if holds {
        Status::Passed
    } else {
        Status::Failed
    }
}

fn step(s: &RuleStep, cx: &mut Cx) -> StepCode {
    match s {
        RuleStep::When(c) => StepCode::When(cond::cond(c, cx)),
        RuleStep::Require(c) => StepCode::Require(cond::cond(c, cx)),
        RuleStep::Let { slot, value, .. } => StepCode::Let(*slot, expr::code(value, cx)),
        RuleStep::ForEach { slot, list, .. } => StepCode::ForEach {
            slot: *slot,
            list: expr::code(list, cx),
            origin: list.origin,
        },
    }
}

/// Runs a rule's steps in the rule's frame: `for each` runs the steps after it for each item,
/// and the first failing item decides.
fn run_steps(m: &mut Machine<'_>, steps: &[StepCode]) -> EvalResult<Status> {
    for (k, s) in steps.iter().enumerate() {
        match s {
            StepCode::When(c) => {
                if !c(m)? {
                    return Ok(Status::NotApplicable);
                }
            }
            StepCode::Let(slot, c) => {
                let v = c(m)?;
                m.set(*slot, v);
            }
            StepCode::Require(c) => {
                if !c(m)? {
                    return Ok(Status::Failed);
                }
            }
            StepCode::ForEach { slot, list, origin } => {
                let rest = steps.get(k + 1..).unwrap_or(&[]);
                let Value::List(items) = list(m)? else {
                    return Ok(Status::Passed);
                };
                let mut failed = false;
                m.each_item(items, *slot, *origin, |m| {
                    failed = run_steps(m, rest)? == Status::Failed;
                    Ok(failed)
                })?;
                return Ok(if failed {
                    Status::Failed
                } else {
                    Status::Passed
                });
            }
        }
    }
    Ok(Status::Passed)
}

/// An objective's `achieved when`, over each item of its scope if it has one.
fn objective(o: &ir::Objective, achieved: &Expr, cx: &mut Cx) -> Cond {
    let c = cond::cond(achieved, cx);
    let Some((slot, list)) = &o.scope else {
        return c;
    };
    let (slot, origin) = (*slot, achieved.origin);
    let list = expr::code(list, cx);
    Box::new(move |m| {
        let Value::List(items) = list(m)? else {
            return Ok(true);
        };
        for item in items.iter() {
            m.tick(1, origin)?;
            m.set(slot, item.clone());
            if !c(m)? {
                return Ok(false);
            }
        }
        Ok(true)
    })
}
