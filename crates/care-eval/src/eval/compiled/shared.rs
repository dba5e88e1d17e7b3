//! Sub-expressions written more than once: a comprehension, a builtin or a call that reads no
//! local from outside itself, written the same at two places of a policy (`any(ej in
//! dossier.legal_entities: ej.finess == dossier.porteur)` decides one rule and is the `when` of
//! the next), is computed once per dossier and its value given to the other places.
//!
//! Such an expression reads only the dossier, values, outputs, rules' statuses and constants,
//! which do not change during a dossier, so every place would compute the same value. A value
//! found kept still counts the steps its computation took ([`Machine::tick`]), so that a dossier
//! stops at the same step as the tree walk; where the steps left are too few, the expression is
//! computed again, to stop where the walk stops. An error is not kept: it ends the evaluation.

use super::{Code, Cond, Cx};
use crate::eval::machine::Machine;
use crate::value::Value;
use care_check::ir::{Expr, ExprKind, Policy, RuleStep};
use std::collections::HashMap;
use std::fmt::Write;

/// The expressions written more than once in `policy`, by their [`shape`], each with the index
/// of its place in the machine's table.
pub(super) fn census(policy: &Policy) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut count = |e: &Expr| visit(e, &mut counts);
    for r in &policy.rules {
        for s in &r.steps {
            match s {
                RuleStep::When(e) | RuleStep::Require(e) => count(e),
                RuleStep::Let { value, .. } => count(value),
                RuleStep::ForEach { list, .. } => count(list),
            }
        }
    }
    let bodies = policy
        .values
        .iter()
        .map(|v| &v.body)
        .chain(policy.outputs.iter().map(|o| &o.body));
    for b in bodies {
        for (_, _, e) in &b.lets {
            count(e);
        }
        count(&b.expr);
    }
    for o in &policy.objectives {
        if let Some(e) = &o.achieved {
            count(e);
        }
    }
    let mut shared: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(s, _)| s)
        .collect();
    shared.sort(); // the same indices from one compilation to the next
    shared
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s, i))
        .collect()
}

/// Counts the shape of `e` and of every expression inside it that may be shared.
fn visit(e: &Expr, counts: &mut HashMap<String, usize>) {
    if let Some(s) = candidate(e) {
        *counts.entry(s).or_default() += 1;
    }
    for c in e.children() {
        visit(c, counts);
    }
}

/// The shape of `e` if it is worth keeping (a comprehension, a builtin, a call) and reads no
/// local bound outside it.
fn candidate(e: &Expr) -> Option<String> {
    if !matches!(
        e.kind,
        ExprKind::Comprehension { .. } | ExprKind::Builtin { .. } | ExprKind::Call { .. }
    ) {
        return None;
    }
    let mut out = String::new();
    shape(e, &mut Vec::new(), &mut out).then_some(out)
}

/// Writes `e` to `out` as it computes (kinds, operators, indices, constants and types, not where
/// it is written); false if it reads a local not among `bound` (the binders of comprehensions
/// around it, inside the expression shaped).
fn shape(e: &Expr, bound: &mut Vec<u32>, out: &mut String) -> bool {
    let _ = write!(out, "{:?}:", e.ty);
    match &e.kind {
        ExprKind::Local(s) => {
            let _ = write!(out, "L{s}");
            return bound.contains(s);
        }
        ExprKind::Comprehension {
            op,
            slot,
            source,
            filter,
            body,
        } => {
            let _ = write!(out, "C{op:?}{slot}(");
            if !shape(source, bound, out) {
                return false;
            }
            bound.push(*slot);
            let inside = [filter, body].into_iter().all(|x| {
                out.push(';');
                x.as_deref().is_none_or(|x| shape(x, bound, out))
            });
            bound.pop();
            out.push(')');
            return inside;
        }
        ExprKind::Const(c) => {
            let _ = write!(out, "K{c:?}");
        }
        ExprKind::Input => out.push('I'),
        ExprKind::Value(i) => {
            let _ = write!(out, "V{i}");
        }
        ExprKind::Output(i) => {
            let _ = write!(out, "O{i}");
        }
        ExprKind::Field { index, .. } => {
            let _ = write!(out, "F{index}");
        }
        ExprKind::TrackField { field, .. } => {
            let _ = write!(out, "T{field:?}");
        }
        ExprKind::Builtin { func, .. } => {
            let _ = write!(out, "B{func:?}");
        }
        ExprKind::Call { func, .. } => {
            let _ = write!(out, "X{func}");
        }
        ExprKind::Lookup { table, .. } => {
            let _ = write!(out, "U{table}");
        }
        ExprKind::Not(_) => out.push('!'),
        ExprKind::Neg(_) => out.push('-'),
        ExprKind::Binary { op, .. } => {
            let _ = write!(out, "b{op:?}");
        }
        ExprKind::If { .. } => out.push('?'),
        ExprKind::List(_) => out.push('['),
        ExprKind::Struct(_) => out.push('{'),
        ExprKind::Range { .. } => out.push('~'),
        ExprKind::Passed(r) => {
            let _ = write!(out, "P{r}");
        }
        ExprKind::AllRulesPassed => out.push('A'),
        ExprKind::Achieved(o) => {
            let _ = write!(out, "a{o}");
        }
        ExprKind::PassedCode(_) => out.push('p'),
        ExprKind::AchievedCode(_) => out.push('q'),
    }
    out.push('(');
    for c in e.children() {
        if !shape(c, bound, out) {
            return false;
        }
        out.push(',');
    }
    out.push(')');
    true
}

/// How many places the machine keeps for `n` shared expressions: one for the value of each,
/// one for it as a condition (where an absent value does not hold, so that the two differ).
pub(super) fn places(n: usize) -> usize {
    2 * n
}

/// The place of `e`'s value among the shared expressions, if it is one.
pub(super) fn value_place(e: &Expr, cx: &Cx) -> Option<usize> {
    if cx.shared.is_empty() {
        return None;
    }
    cx.shared.get(&candidate(e)?).map(|i| 2 * i)
}

/// The place of `e` as a condition, if it is a shared expression.
pub(super) fn cond_place(e: &Expr, cx: &Cx) -> Option<usize> {
    value_place(e, cx).map(|i| i + 1)
}

/// `c`, the compiled value of shared expression `i`, kept for the dossier.
pub(super) fn code(i: usize, c: Code) -> Code {
    Box::new(move |m| {
        if let Some(v) = kept(m, i) {
            return Ok(v);
        }
        let before = m.steps_left();
        let v = c(m)?;
        keep(m, i, &v, before);
        Ok(v)
    })
}

/// `c`, the compiled condition of shared expression `i`, kept for the dossier.
pub(super) fn cond(i: usize, c: Cond) -> Cond {
    Box::new(move |m| {
        if let Some(v) = kept(m, i) {
            return Ok(matches!(v, Value::Bool(true)));
        }
        let before = m.steps_left();
        let holds = c(m)?;
        keep(m, i, &Value::Bool(holds), before);
        Ok(holds)
    })
}

/// The value kept for expression `i`, its steps counted, if it is kept and the steps are left.
#[inline]
fn kept(m: &mut Machine<'_>, i: usize) -> Option<Value> {
    let (v, steps) = m.shared.get(i)?.as_ref()?;
    let v = v.clone();
    m.take_steps(*steps).then_some(v)
}

#[inline]
fn keep(m: &mut Machine<'_>, i: usize, v: &Value, before: u64) {
    let steps = before.saturating_sub(m.steps_left());
    if let Some(slot) = m.shared.get_mut(i) {
        *slot = Some((v.clone(), steps));
    }
}
