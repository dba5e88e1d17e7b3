//! What a rule compared, in words: each side of a comparison named by what the policy calls it
//! (a field's label, a value's or a function's label, a `let`'s name, `nombre` of a list…), the
//! operator as French says it, per type (`au plus`, `avant le`).

use care_check::ir::{Builtin, Expr, ExprKind, Origin, Policy, Rule, RuleStep, TrackField};
use care_check::types::Type;
use care_syntax::ast::BinaryOp;

/// The expression written at `origin` in a rule's steps.
pub fn find(rule: &Rule, origin: Origin) -> Option<&Expr> {
    rule.steps.iter().find_map(|s| match s {
        RuleStep::When(e) | RuleStep::Require(e) => find_in(e, origin),
        RuleStep::ForEach { list, .. } => find_in(list, origin),
        RuleStep::Let { value, .. } => find_in(value, origin),
    })
}

/// Whether the expression written at `origin` sits under an odd number of `not`s in the rule's
/// conditions: what was required of it is then the opposite of what it says.
pub fn negated(rule: &Rule, origin: Origin) -> bool {
    rule.steps.iter().any(|s| match s {
        RuleStep::When(e) | RuleStep::Require(e) => nots_to(e, origin).is_some_and(|n| n % 2 == 1),
        _ => false,
    })
}

/// How many `not`s lie between `e` and the expression written at `origin`, if it is in `e`.
fn nots_to(e: &Expr, origin: Origin) -> Option<usize> {
    if e.origin == origin {
        return Some(0);
    }
    let span = e.origin.span;
    if e.origin.file != origin.file || origin.span.start < span.start || origin.span.end > span.end
    {
        return None;
    }
    let here = usize::from(matches!(e.kind, ExprKind::Not(_)));
    e.children()
        .into_iter()
        .find_map(|c| nots_to(c, origin))
        .map(|n| n + here)
}

/// The comparison that holds exactly when `op` does not: what a comparison under `not`
/// requires.
pub fn opposite(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Ge,
        BinaryOp::Le => BinaryOp::Gt,
        BinaryOp::Gt => BinaryOp::Le,
        BinaryOp::Ge => BinaryOp::Lt,
        BinaryOp::Eq => BinaryOp::Ne,
        BinaryOp::Ne => BinaryOp::Eq,
        BinaryOp::In => BinaryOp::NotIn,
        BinaryOp::NotIn => BinaryOp::In,
        other => other,
    }
}

/// `a op b` as `b op' a` says it (`3 < x` is `x > 3`); `None` for a membership test.
pub fn mirrored(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        BinaryOp::Eq | BinaryOp::Ne => op,
        _ => return None,
    })
}

fn find_in(e: &Expr, origin: Origin) -> Option<&Expr> {
    if e.origin == origin {
        return Some(e);
    }
    let span = e.origin.span;
    if e.origin.file != origin.file || origin.span.start < span.start || origin.span.end > span.end
    {
        return None;
    }
    e.children().into_iter().find_map(|c| find_in(c, origin))
}

/// The policy text of an expression (for the instructor).
pub fn source(policy: &Policy, origin: Origin) -> Option<String> {
    let f = policy.files.get(origin.file.0 as usize)?.as_ref()?;
    let text = f.text.get(origin.span.start..origin.span.end)?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // An acronym (`FINESS`, `DUI`) keeps its capitals.
        Some(_) if c.clone().next().is_some_and(char::is_uppercase) => s.to_string(),
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A side of a comparison in words, when the policy names it; `None` for a constant (the value
/// says it all) or an expression that has no name.
pub fn describe(e: &Expr, rule: &Rule, policy: &Policy) -> Option<String> {
    let label = |l: &Option<String>| l.as_deref().map(crate::printable::prose);
    match &e.kind {
        ExprKind::Const(_) => None,
        ExprKind::Field { base, index } => {
            let record = match base.ty.required() {
                Type::Record(id) => policy.schema.record(*id),
                _ => None,
            }?;
            let f = record.fields.get(*index as usize)?;
            Some(crate::printable::prose(
                f.label.as_deref().unwrap_or(&f.name),
            ))
        }
        ExprKind::Value(i) => label(&policy.values.get(*i as usize)?.label),
        ExprKind::Output(i) => label(&policy.outputs.get(*i as usize)?.label),
        ExprKind::Call { func, .. } => label(&policy.functions.get(*func as usize)?.label),
        // A `let`: what its expression says, else its name.
        ExprKind::Local(slot) => rule.steps.iter().find_map(|s| match s {
            RuleStep::Let {
                slot: s,
                name,
                value,
            } if s == slot => {
                Some(describe(value, rule, policy).unwrap_or_else(|| crate::printable::data(name)))
            }
            RuleStep::ForEach { slot: s, name, .. } if s == slot => {
                Some(crate::printable::data(name))
            }
            _ => None,
        }),
        ExprKind::TrackField { base, field } => {
            let of = describe(base, rule, policy).unwrap_or_else(|| "parcours".into());
            let what = match field {
                TrackField::AtLeast => "minimum requis",
                TrackField::AtMost => "maximum admis",
                TrackField::Key => "numéro",
                TrackField::Label => "libellé",
                TrackField::Mandatory => "objectifs obligatoires",
                TrackField::ALaCarte => "objectifs « à la carte »",
                TrackField::Objectives => "objectifs",
            };
            Some(format!("{what} — {}", lower_first(&of)))
        }
        ExprKind::Builtin { func, args } => {
            let first = args.first().and_then(|a| describe(a, rule, policy));
            match func {
                Builtin::Count => Some(match args.first().map(|a| &a.kind) {
                    Some(ExprKind::Builtin {
                        func: Builtin::Distinct,
                        args: inner,
                    }) => {
                        let x = inner.first().and_then(|a| describe(a, rule, policy))?;
                        format!("{x} (nombre, sans doublon)")
                    }
                    _ => format!("{} (nombre)", first?),
                }),
                Builtin::Distinct => Some(format!("{} (sans doublon)", first?)),
                Builtin::Sum => Some(format!("{} (total)", first?)),
                Builtin::Date => Some(format!("{} (jour)", first?)),
                Builtin::Intersection => {
                    let second = args.get(1).and_then(|a| describe(a, rule, policy))?;
                    Some(format!("{} parmi « {} »", first?, lower_first(&second)))
                }
                Builtin::AllDistinct => Some(format!("{}, sans doublon", first?)),
                Builtin::Subset | Builtin::AllOrNone => {
                    let second = args.get(1).and_then(|a| describe(a, rule, policy))?;
                    let how = if *func == Builtin::Subset {
                        "tous dans"
                    } else {
                        "tous ou aucun dans"
                    };
                    Some(format!("{}, {how} « {} »", first?, lower_first(&second)))
                }
                _ => None,
            }
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let sym = match op {
                BinaryOp::Add => "+",
                BinaryOp::Sub => "−",
                BinaryOp::Mul => "×",
                BinaryOp::Div => "÷",
                _ => return None,
            };
            let l = describe(lhs, rule, policy)?;
            let r = describe(rhs, rule, policy)?;
            Some(format!("{l} {sym} {}", lower_first(&r)))
        }
        _ => None,
    }
}

/// Whether a rule's `require` is an `or`: one of its conditions would be enough.
pub fn alternatives(rule: &Rule) -> bool {
    rule.steps.iter().any(|s| {
        matches!(s, RuleStep::Require(e) if matches!(e.kind, ExprKind::Binary { op: BinaryOp::Or, .. }))
    })
}

/// What a comparison requires, in words: `au plus`, `avant le`, `égal à`.
pub fn requirement(op: BinaryOp, ty: &Type) -> &'static str {
    let time = matches!(ty.required(), Type::Date | Type::Instant);
    match (op, time) {
        (BinaryOp::Lt, true) => "avant le",
        (BinaryOp::Le, true) => "au plus tard le",
        (BinaryOp::Gt, true) => "après le",
        (BinaryOp::Ge, true) => "au plus tôt le",
        (BinaryOp::Lt, false) => "strictement moins de",
        (BinaryOp::Le, false) => "au plus",
        (BinaryOp::Gt, false) => "strictement plus de",
        (BinaryOp::Ge, false) => "au moins",
        (BinaryOp::Eq, _) => "égal à",
        (BinaryOp::Ne, _) => "différent de",
        (BinaryOp::In, _) => "parmi",
        (BinaryOp::NotIn, _) => "hors de",
        _ => "",
    }
}
