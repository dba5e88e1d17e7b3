//! Constant folding, once per program: list literals whose items are all constants, and text
//! constants, become values kept by the program, so that evaluating them borrows (or clones an
//! `Arc`) instead of building a list and its texts on every dossier, every item of a loop.

use super::machine::{needs_decimal, to_decimal};
use super::program::constant;
use crate::value::Value;
use care_check::ir::{Body, Expr, ExprKind, Policy, RuleStep};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Folded values by the address of their expression.
pub(crate) type Folded = HashMap<usize, Value, BuildHasherDefault<AddressHasher>>;

/// Addresses are already spread: one multiply is a good enough hash.
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The address an expression is folded under.
#[inline]
pub(crate) fn key(e: &Expr) -> usize {
    std::ptr::from_ref(e) as usize
}

pub(crate) fn fold(policy: &Policy) -> Folded {
    let mut out = Folded::default();
    let body = |b: &Body, out: &mut Folded| {
        for (_, _, e) in &b.lets {
            visit(e, out);
        }
        visit(&b.expr, out);
    };
    for v in &policy.values {
        body(&v.body, &mut out);
    }
    for o in &policy.outputs {
        body(&o.body, &mut out);
    }
    for f in &policy.functions {
        body(&f.body, &mut out);
    }
    if let Some(b) = &policy.chosen_objectives {
        body(b, &mut out);
    }
    for r in &policy.rules {
        for s in &r.steps {
            match s {
                RuleStep::When(e) | RuleStep::Require(e) => visit(e, &mut out),
                RuleStep::ForEach { list: e, .. } | RuleStep::Let { value: e, .. } => {
                    visit(e, &mut out);
                }
            }
        }
    }
    for o in &policy.objectives {
        if let Some((_, e)) = &o.scope {
            visit(e, &mut out);
        }
        if let Some(e) = &o.achieved {
            visit(e, &mut out);
        }
    }
    out
}

/// The value of a constant expression as evaluation gives it (with its integers as decimals
/// where its type is a decimal).
fn as_evaluated(v: Value, e: &Expr) -> Value {
    if needs_decimal(&v, &e.ty) {
        to_decimal(&v)
    } else {
        v
    }
}

fn visit(e: &Expr, out: &mut Folded) {
    match &e.kind {
        ExprKind::Const(c) => {
            let v = constant(c);
            if matches!(v, Value::Text(_)) {
                out.insert(key(e), as_evaluated(v, e));
            }
        }
        ExprKind::List(items) => {
            items.iter().for_each(|i| visit(i, out));
            let consts: Option<Vec<Value>> = items
                .iter()
                .map(|i| match &i.kind {
                    ExprKind::Const(c) => Some(as_evaluated(constant(c), i)),
                    _ => None,
                })
                .collect();
            if let Some(items) = consts {
                out.insert(key(e), as_evaluated(Value::list(items), e));
            }
        }
        ExprKind::Field { base, .. } | ExprKind::TrackField { base, .. } => visit(base, out),
        ExprKind::Builtin { args, .. } | ExprKind::Call { args, .. } => {
            args.iter().for_each(|a| visit(a, out));
        }
        ExprKind::Struct(items) => items.iter().for_each(|i| visit(i, out)),
        ExprKind::Lookup { key, .. } => visit(key, out),
        ExprKind::Comprehension {
            source,
            filter,
            body,
            ..
        } => {
            visit(source, out);
            if let Some(f) = filter {
                visit(f, out);
            }
            if let Some(b) = body {
                visit(b, out);
            }
        }
        ExprKind::Not(x)
        | ExprKind::Neg(x)
        | ExprKind::PassedCode(x)
        | ExprKind::AchievedCode(x) => {
            visit(x, out);
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            visit(lhs, out);
            visit(rhs, out);
        }
        ExprKind::If { cond, then, els } => {
            visit(cond, out);
            visit(then, out);
            visit(els, out);
        }
        ExprKind::Range { start, end } => {
            visit(start, out);
            visit(end, out);
        }
        ExprKind::Local(_)
        | ExprKind::Input
        | ExprKind::Value(_)
        | ExprKind::Output(_)
        | ExprKind::Passed(_)
        | ExprKind::AllRulesPassed
        | ExprKind::Achieved(_) => {}
    }
}
