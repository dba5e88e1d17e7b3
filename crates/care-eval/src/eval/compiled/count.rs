//! `count(…)` of lists that need not be made: a pure read's length, the items `distinct` or
//! `intersection` with known codes would keep, counted where they are
//! (`count(distinct(intersection(dossier.a_la_carte, dossier.parcours.a_la_carte)))`).

use super::cond::Operand;
use super::expr::code;
use super::member::KnownCodes;
use super::read::read;
use super::{Code, Cx};
use crate::eval::machine::count_distinct;
use crate::value::Value;
use care_check::ir::{self, Builtin, Expr, ExprKind};

/// `count(arg)` without making the list `arg` is, where its shape allows.
pub(super) fn count(arg: &Expr, origin: ir::Origin, cx: &mut Cx) -> Option<Code> {
    if let Some(r) = read(arg, cx) {
        return Some(Box::new(move |m| {
            Ok(int(r
                .get(m)
                .and_then(Value::as_list)
                .map_or(0, <[Value]>::len)))
        }));
    }
    match builtin(arg) {
        // The items of a list with no two equal are all distinct.
        Some((Builtin::Distinct, [inner])) if has_no_duplicates(inner) => count(inner, origin, cx),
        Some((Builtin::Distinct, [inner])) => {
            Some(Operand::new(inner, cx).over_list(origin, |items| int(count_distinct(items))))
        }
        Some((Builtin::Intersection, [first, second])) => {
            if let Some(known) = super::expr::known_first(first, cx) {
                return Some(
                    Operand::new(second, cx)
                        .over_list(origin, move |items| int(known.count_among(items))),
                );
            }
            let codes = KnownCodes::new(second, cx)?;
            // The list first, as the builtin evaluates its arguments (the track's set may
            // need the machine).
            let list = code(first, cx);
            Some(Box::new(move |m| {
                let v = list(m)?;
                let items = v.as_list().unwrap_or(&[]);
                codes.with(m, origin, |set| int(set.count_common(items)))
            }))
        }
        _ => None,
    }
}

fn builtin(e: &Expr) -> Option<(Builtin, &[Expr])> {
    match &e.kind {
        ExprKind::Builtin { func, args } => Some((*func, args.as_slice())),
        _ => None,
    }
}

/// Whether the builtin making `e` keeps each item once (`distinct`, `intersection`,
/// `difference` and `union` do).
fn has_no_duplicates(e: &Expr) -> bool {
    matches!(
        builtin(e),
        Some((
            Builtin::Distinct | Builtin::Intersection | Builtin::Difference | Builtin::Union,
            _
        ))
    )
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}
