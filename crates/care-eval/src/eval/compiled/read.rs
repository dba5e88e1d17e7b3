//! Pure reads, compiled to borrows: a local, the input, a folded constant, and fields of those
//! are found in the machine without evaluating or copying anything.

use super::{Cx, Read};
use crate::eval::machine::{Machine, ABSENT};
use crate::value::Value;
use care_check::ir::{Expr, ExprKind};
use care_check::types::Type;

/// Whether a value of static type `ty` may have to be converted to decimals where it is read
/// (an integer passed for a decimal parameter): such expressions are evaluated, not borrowed.
pub(super) fn may_convert(ty: &Type) -> bool {
    match ty.required() {
        Type::Decimal | Type::Share => true,
        Type::List(t) => matches!(**t, Type::Decimal | Type::Share),
        _ => false,
    }
}

/// Helps closure inference to the higher-ranked signature of [`Read`].
fn read_fn<F>(f: F) -> Read
where
    F: for<'a, 'b> Fn(&'a Machine<'b>) -> Option<&'a Value> + Send + Sync + 'static,
{
    Box::new(f)
}

/// The compiled read of `e`, if `e` is a pure read.
pub(super) fn read(e: &Expr, cx: &mut Cx) -> Option<Read> {
    if may_convert(&e.ty) {
        return None;
    }
    match &e.kind {
        ExprKind::Local(s) => {
            let s = *s;
            Some(read_fn(move |m| m.slot(s)))
        }
        ExprKind::Input => Some(read_fn(|m| Some(&m.input))),
        ExprKind::Const(_) | ExprKind::List(_) => {
            let i = cx.folded_index(e)?;
            Some(read_fn(move |m| m.prog.compiled.consts.get(i)))
        }
        ExprKind::Field { base, index } => {
            let i = *index as usize;
            // The shapes policies read most, without a call per level.
            Some(match &base.kind {
                ExprKind::Local(s) => {
                    let s = *s;
                    read_fn(move |m| field(m.slot(s)?, i))
                }
                ExprKind::Input => read_fn(move |m| field(&m.input, i)),
                ExprKind::Field {
                    base: inner,
                    index: j,
                } if matches!(inner.kind, ExprKind::Local(_) | ExprKind::Input) => {
                    let j = *j as usize;
                    let root = read(inner, cx)?;
                    read_fn(move |m| field(field(root(m)?, j)?, i))
                }
                _ => {
                    let b = read(base, cx)?;
                    read_fn(move |m| field(b(m)?, i))
                }
            })
        }
        _ => None,
    }
}

/// Field `i` of a record; absent when the record is an absent optional one.
#[inline]
pub(super) fn field(base: &Value, i: usize) -> Option<&Value> {
    match base {
        Value::Absent => Some(&ABSENT),
        Value::Record(fields) => fields.get(i),
        _ => None,
    }
}
