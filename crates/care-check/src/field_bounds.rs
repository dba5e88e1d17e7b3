//! Bounds on the data of a record field (`amount: money at_least 0 € at_most 300000 €`): checked
//! here against the field's type and default, enforced by decoding. Money is never negative
//! unless the field says how negative it may be: a negative amount that the platform cannot send
//! would otherwise turn a ceiling check around.

use crate::ctx::Ctx;
use crate::model::{Bound, BoundValue, Bounds, DefaultValue};
use crate::types::Type;
use care_syntax::ast::{BoundKind, FieldBound, Literal};
use care_syntax::{FileId, Node};
use rust_decimal::Decimal;

/// The scalar type bounds apply to: the field's type without `?` and `list of`.
fn scalar(ty: &Type) -> &Type {
    match ty {
        Type::Optional(t) | Type::List(t) => scalar(t),
        t => t,
    }
}

/// The bounds of a field of type `ty`, each written bound checked; the implicit minimum of money.
pub fn field_bounds(
    cx: &mut Ctx,
    file: FileId,
    field: &str,
    ty: &Type,
    written: &[Node<FieldBound>],
) -> Bounds {
    let scalar_ty = scalar(ty).clone();
    let mut bounds = Bounds::default();
    for b in written {
        let Some(value) = bound_value(cx, file, field, &scalar_ty, &b.node.value) else {
            continue;
        };
        let slot = match b.node.kind {
            BoundKind::AtMost => &mut bounds.max,
            _ => &mut bounds.min,
        };
        if slot.is_some() {
            cx.error(
                "E0316",
                format!("`{field}` has two `{}` bounds", b.node.kind.keyword()),
                file,
                b.span,
                "a second bound of the same kind",
            )
            .keyed(
                "E0316-two-bounds",
                &[("field", field), ("bound", b.node.kind.keyword())],
            );
            cx.help(
                "E0316-two-bounds-help",
                &[],
                "keep one: the data must lie between one minimum and one maximum",
            );
            continue;
        }
        *slot = Some(Bound {
            value,
            implicit: false,
        });
    }
    if let (Some(min), Some(max)) = (&bounds.min, &bounds.max) {
        if less(&max.value, &min.value) {
            let span = written.last().map(|b| b.span).unwrap_or_default();
            cx.error(
                "E0316",
                format!(
                    "no value of `{field}` is at least {} and at most {}",
                    min.value, max.value
                ),
                file,
                span,
                "the maximum is below the minimum",
            )
            .keyed(
                "E0316-empty",
                &[
                    ("field", field),
                    ("min", &min.value.to_string()),
                    ("max", &max.value.to_string()),
                ],
            );
            cx.help("E0316-empty-help", &[], "swap the two bounds");
        }
    }
    if bounds.min.is_none() && scalar_ty == Type::Money {
        bounds.min = Some(Bound {
            value: BoundValue::Decimal(Decimal::ZERO),
            implicit: true,
        });
    }
    bounds
}

/// A written bound's value in the unit of the field, or the error that it has none.
fn bound_value(
    cx: &mut Ctx,
    file: FileId,
    field: &str,
    ty: &Type,
    lit: &Node<Literal>,
) -> Option<BoundValue> {
    let value = match (ty, &lit.node) {
        (Type::Int, Literal::Int(i)) => Some(BoundValue::Int(*i)),
        (Type::Decimal, Literal::Int(i)) => Some(BoundValue::Decimal(Decimal::from(*i))),
        (Type::Decimal | Type::Share, Literal::Decimal(d)) => Some(BoundValue::Decimal(*d)),
        (Type::Share, Literal::Percent(p)) => p
            .checked_div(Decimal::ONE_HUNDRED)
            .map(|d| BoundValue::Decimal(d.normalize())),
        (Type::Money, Literal::Money(d)) => Some(BoundValue::Decimal(*d)),
        (Type::Date, Literal::Date(d)) => Some(BoundValue::Date(*d)),
        _ => None,
    };
    if value.is_none() {
        let ordered = matches!(
            ty,
            Type::Int | Type::Decimal | Type::Share | Type::Money | Type::Date | Type::Error
        );
        let type_name = cx.type_name(ty);
        if !ordered {
            cx.error(
                "E0316",
                format!(
                    "`{field}` of type `{}` cannot have bounds",
                    cx.type_name(ty)
                ),
                file,
                lit.span,
                "a bound on a value that has no order",
            )
            .keyed("E0316-unordered", &[("field", field), ("type", &type_name)]);
            cx.help(
                "E0316-unordered-help",
                &[],
                "bounds apply to fields of type int, decimal, share, money and date",
            );
        } else if *ty != Type::Error {
            let written = crate::typeck::literal_type(&lit.node);
            let written_name = cx.type_name(&written);
            cx.error(
                "E0201",
                format!(
                    "bound of type `{}` for a field of type `{}`",
                    cx.type_name(&written),
                    cx.type_name(ty)
                ),
                file,
                lit.span,
                "wrong type",
            )
            .keyed(
                "E0201-bound-type",
                &[("found", &written_name), ("expected", &type_name)],
            );
            let (key, help) = match ty {
                Type::Money => (
                    "E0201-bound-money-help",
                    "write an amount: `0 €`, `300000.00 €`",
                ),
                Type::Share => (
                    "E0201-bound-share-help",
                    "write a percentage (`90 %`) or a decimal (`0.9`)",
                ),
                Type::Date => ("E0201-bound-date-help", "write a date: `2026-01-01`"),
                Type::Int => ("E0201-bound-int-help", "write an integer: `1`"),
                _ => ("E0201-bound-number-help", "write a number: `0.5`"),
            };
            cx.help(key, &[], help);
        }
    }
    value
}

fn less(a: &BoundValue, b: &BoundValue) -> bool {
    match (a, b) {
        (BoundValue::Int(x), BoundValue::Int(y)) => x < y,
        (BoundValue::Decimal(x), BoundValue::Decimal(y)) => x < y,
        (BoundValue::Date(x), BoundValue::Date(y)) => x < y,
        _ => false,
    }
}

/// Whether a literal default lies within the bounds (it is the field's value when the data has
/// none, so it must be a value the data could have).
pub fn default_within(default: &DefaultValue, bounds: &Bounds) -> Option<String> {
    let DefaultValue::Literal(lit) = default else {
        return None;
    };
    let value = match lit {
        Literal::Int(i) => BoundValue::Int(*i),
        Literal::Decimal(d) | Literal::Money(d) => BoundValue::Decimal(*d),
        Literal::Percent(p) => BoundValue::Decimal(p.checked_div(Decimal::ONE_HUNDRED)?),
        Literal::Date(d) => BoundValue::Date(*d),
        _ => return None,
    };
    // An int default of a decimal field compares as a decimal.
    let value = match (&value, bounds.min.as_ref().or(bounds.max.as_ref())) {
        (
            BoundValue::Int(i),
            Some(Bound {
                value: BoundValue::Decimal(_),
                ..
            }),
        ) => BoundValue::Decimal(Decimal::from(*i)),
        _ => value,
    };
    if let Some(min) = &bounds.min {
        if less(&value, &min.value) {
            return Some(format!("below the minimum {}", min.value));
        }
    }
    if let Some(max) = &bounds.max {
        if less(&max.value, &value) {
            return Some(format!("above the maximum {}", max.value));
        }
    }
    None
}
