//! Pure reads, compiled to borrows: a local, the input, a folded constant, and fields of those
//! are found in the machine without evaluating or copying anything.

use super::Cx;
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

/// A compiled pure read: the shapes policies read most spelled out, so that the code reading
/// finds the value in place, with no call ([`Read::get`] is inlined where it is used).
pub(crate) enum Read {
    Local(u32),
    Input,
    /// A folded constant, by its index among the program's constants.
    Const(usize),
    /// `ej.finess`: field of a local.
    LocalField(u32, usize),
    /// `dossier.porteur`.
    InputField(usize),
    /// `ej.dui.wave`.
    LocalField2(u32, usize, usize),
    /// `dossier.region_orientation.parcours`.
    InputField2(usize, usize),
    /// A field of a deeper read.
    Field(Box<Read>, usize),
}

impl Read {
    /// The value read, borrowed from the machine; `None` where the data does not have the
    /// checked shape.
    #[inline(always)]
    pub(crate) fn get<'a>(&self, m: &'a Machine<'_>) -> Option<&'a Value> {
        match self {
            Read::Local(s) => m.slot(*s),
            Read::Input => Some(&m.input),
            Read::Const(i) => m.prog.compiled.consts.get(*i),
            Read::LocalField(s, i) => field(m.slot(*s)?, *i),
            Read::InputField(i) => field(&m.input, *i),
            Read::LocalField2(s, j, i) => field(field(m.slot(*s)?, *j)?, *i),
            Read::InputField2(j, i) => field(field(&m.input, *j)?, *i),
            Read::Field(base, i) => deeper(base, *i, m),
        }
    }
}

/// A read three fields deep or more: out of line, so that the common shapes stay small enough
/// to be inlined where they are read.
#[inline(never)]
fn deeper<'a>(base: &Read, i: usize, m: &'a Machine<'_>) -> Option<&'a Value> {
    field(base.get(m)?, i)
}

/// The compiled read of `e`, if `e` is a pure read.
pub(super) fn read(e: &Expr, cx: &mut Cx) -> Option<Read> {
    if may_convert(&e.ty) {
        return None;
    }
    match &e.kind {
        ExprKind::Local(s) => Some(Read::Local(*s)),
        ExprKind::Input => Some(Read::Input),
        ExprKind::Const(_) | ExprKind::List(_) => Some(Read::Const(cx.folded_index(e)?)),
        ExprKind::Field { base, index } => {
            let i = *index as usize;
            Some(match read(base, cx)? {
                Read::Local(s) => Read::LocalField(s, i),
                Read::Input => Read::InputField(i),
                Read::LocalField(s, j) => Read::LocalField2(s, j, i),
                Read::InputField(j) => Read::InputField2(j, i),
                deeper => Read::Field(Box::new(deeper), i),
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
