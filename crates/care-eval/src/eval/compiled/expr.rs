//! Expressions that make a value.

use super::cond::{cond, pair, tri, Operand};
use super::read::{field, may_convert, read};
use super::{Code, Cx};
use crate::eval::error::EvalResult;
use crate::eval::machine::{
    apply_builtin, internal, is_test, needs_decimal, no_row, range_bounds, to_decimal, Machine,
    Status, ABSENT,
};
use crate::eval::{constant_value, ops};
use crate::value::Value;
use care_check::ir::{self, Builtin, Expr, ExprKind, TrackField};
use care_check::types::Type;
use care_syntax::ast::BinaryOp;

/// The value of `e`; where its type is a decimal, an integer value (`min(x, 5)`, an `else 0`, an
/// empty sum) becomes a decimal, as in the tree walk, so that values have their static type.
pub(super) fn code(e: &Expr, cx: &mut Cx) -> Code {
    let c = raw(e, cx);
    if !may_convert(&e.ty) {
        return c;
    }
    let ty = e.ty.clone();
    Box::new(move |m| {
        let v = c(m)?;
        Ok(if needs_decimal(&v, &ty) {
            to_decimal(&v)
        } else {
            v
        })
    })
}

pub(super) fn raw(e: &Expr, cx: &mut Cx) -> Code {
    if let Some(c) = super::hoist::site(e, cx) {
        return c;
    }
    match super::shared::value_place(e, cx) {
        Some(i) => super::shared::code(i, unshared(e, cx)),
        None => unshared(e, cx),
    }
}

/// [`raw`] of an expression computed at each place it is written.
fn unshared(e: &Expr, cx: &mut Cx) -> Code {
    let origin = e.origin;
    match &e.kind {
        ExprKind::Const(c) => {
            let v = cx.folded_value(e).unwrap_or_else(|| constant_value(c));
            Box::new(move |_| Ok(v.clone()))
        }
        ExprKind::Local(s) => {
            let s = *s;
            Box::new(move |m| m.slot(s).cloned().ok_or_else(|| internal(origin)))
        }
        ExprKind::Input => Box::new(|m| Ok(m.input.clone())),
        ExprKind::Value(i) => {
            let i = *i;
            Box::new(move |m| m.value(i))
        }
        ExprKind::Output(i) => {
            let i = *i;
            Box::new(move |m| m.output(i))
        }
        ExprKind::Field { base, index } => field_of(e, base, *index, cx),
        ExprKind::TrackField { base, field } => track_field(base, *field, origin, cx),
        ExprKind::Builtin { func, args } => builtin(*func, args, e, cx),
        ExprKind::Call { func, args } => call(*func, args, origin, cx),
        ExprKind::Lookup { table, key } => {
            let (table, key) = (*table, code(key, cx));
            Box::new(move |m| {
                let row = lookup(m, table, &key, origin)?;
                m.prog
                    .table_result(table, row)
                    .cloned()
                    .ok_or_else(|| internal(origin))
            })
        }
        ExprKind::Comprehension {
            op,
            slot,
            source,
            filter,
            body,
        } => super::num::value(e, cx).unwrap_or_else(|| {
            super::loops::comprehension(
                *op,
                *slot,
                source,
                filter.as_deref(),
                body.as_deref(),
                e,
                cx,
            )
        }),
        ExprKind::Not(x) => {
            let c = cond(x, cx);
            Box::new(move |m| Ok(Value::Bool(!c(m)?)))
        }
        ExprKind::Neg(x) => {
            let c = code(x, cx);
            Box::new(move |m| {
                let v = c(m)?;
                if v.is_absent() {
                    return Ok(Value::Absent);
                }
                ops::negate(&v, origin)
            })
        }
        ExprKind::Binary { op, lhs, rhs } => binary(*op, lhs, rhs, e, cx),
        ExprKind::If { cond: c, then, els } => {
            let (c, then, els) = (cond(c, cx), code(then, cx), code(els, cx));
            Box::new(move |m| if c(m)? { then(m) } else { els(m) })
        }
        ExprKind::List(items) => {
            if let Some(v) = cx.folded_value(e) {
                return Box::new(move |_| Ok(v.clone()));
            }
            let items: Vec<Code> = items.iter().map(|i| code(i, cx)).collect();
            Box::new(move |m| all(m, &items).map(Value::list))
        }
        ExprKind::Struct(items) => {
            let items: Vec<Code> = items.iter().map(|i| code(i, cx)).collect();
            Box::new(move |m| all(m, &items).map(Value::record))
        }
        ExprKind::Range { start, end } => {
            let (a, b) = (code(start, cx), code(end, cx));
            let start_origin = start.origin;
            let end_origin = end.origin;
            Box::new(move |m| {
                let (a, b) = int_range(m, &a, &b, start_origin, end_origin)?;
                m.range_list(a, b, start_origin, origin)
            })
        }
        ExprKind::Passed(r) => {
            let r = *r;
            Box::new(move |m| Ok(Value::Bool(m.rule(r)? != Status::Failed)))
        }
        ExprKind::AllRulesPassed => Box::new(|m| m.all_rules_passed().map(Value::Bool)),
        ExprKind::Achieved(o) => {
            let o = *o;
            Box::new(move |m| Ok(Value::Bool(m.objective(o)?)))
        }
        ExprKind::PassedCode(c) | ExprKind::AchievedCode(c) => {
            let passed = matches!(e.kind, ExprKind::PassedCode(_));
            let code_origin = c.origin;
            let c = code(c, cx);
            Box::new(move |m| {
                let v = c(m)?;
                m.by_code_text(passed, v.as_text().unwrap_or_default(), code_origin)
            })
        }
    }
}

/// The two integer bounds of a range, as the tree walk checks them.
pub(super) fn int_range(
    m: &mut Machine<'_>,
    start: &Code,
    end: &Code,
    start_origin: ir::Origin,
    end_origin: ir::Origin,
) -> EvalResult<(i64, i64)> {
    let a = start(m)?;
    let b = end(m)?;
    range_bounds(&a, &b, start_origin, end_origin)
}

/// The values of `items`, in order.
fn all(m: &mut Machine<'_>, items: &[Code]) -> EvalResult<Vec<Value>> {
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        out.push(i(m)?);
    }
    Ok(out)
}

/// The row of `table` that the key selects.
#[inline]
fn lookup(m: &mut Machine<'_>, table: u32, key: &Code, origin: ir::Origin) -> EvalResult<usize> {
    let k = key(m)?;
    m.prog
        .row(table, &k)
        .ok_or_else(|| no_row(m.prog, table, &k, origin))
}

fn field_of(e: &Expr, base: &Expr, index: u32, cx: &mut Cx) -> Code {
    let origin = e.origin;
    if let Some(r) = read(e, cx) {
        return Box::new(move |m| r.get(m).cloned().ok_or_else(|| internal(origin)));
    }
    let i = index as usize;
    if let ExprKind::Lookup { table, key } = &base.kind {
        // A column of a looked-up row, read without copying the row.
        let (table, key, key_origin) = (*table, code(key, cx), base.origin);
        return Box::new(move |m| {
            let row = lookup(m, table, &key, key_origin)?;
            match m.prog.table_result(table, row) {
                Some(Value::Record(fields)) => {
                    fields.get(i).cloned().ok_or_else(|| internal(origin))
                }
                Some(Value::Absent) => Ok(Value::Absent),
                _ => Err(internal(origin)),
            }
        });
    }
    let b = code(base, cx);
    Box::new(move |m| {
        let v = b(m)?;
        field(&v, i).cloned().ok_or_else(|| internal(origin))
    })
}

fn track_field(base: &Expr, f: TrackField, origin: ir::Origin, cx: &mut Cx) -> Code {
    let b = Operand::new(base, cx);
    Box::new(move |m| {
        let owned = b.owned(m)?;
        let Value::Track(t) = b.get(&owned, m, origin)? else {
            return Ok(Value::Absent);
        };
        let tv = m
            .prog
            .tracks
            .get(*t as usize)
            .ok_or_else(|| internal(origin))?;
        Ok(tv.field(f).clone())
    })
}

fn binary(op: BinaryOp, lhs: &Expr, rhs: &Expr, e: &Expr, cx: &mut Cx) -> Code {
    let origin = e.origin;
    match op {
        BinaryOp::And | BinaryOp::Or => {
            let c = cond(e, cx);
            return Box::new(move |m| Ok(Value::Bool(c(m)?)));
        }
        BinaryOp::Otherwise => {
            let (a, b) = (code(lhs, cx), code(rhs, cx));
            return Box::new(move |m| {
                let v = a(m)?;
                if v.is_absent() {
                    b(m)
                } else {
                    Ok(v)
                }
            });
        }
        _ => {}
    }
    if let Some(c) = super::num::value(e, cx) {
        return c;
    }
    if is_test(op) {
        // `true`, `false`, or absent where it compares with an absent value.
        return tri::<Value>(op, lhs, rhs, origin, cx);
    }
    let (a, b) = (Operand::new(lhs, cx), Operand::new(rhs, cx));
    Box::new(move |m| {
        pair(m, &a, &b, origin, |m, x, y| {
            if x.is_absent() || y.is_absent() {
                return Ok(Value::Absent);
            }
            // The common case first, as `ops::arith` computes it (which reports the overflow).
            if let (BinaryOp::Add, Value::Int(p), Value::Int(q)) = (op, x, y) {
                if let Some(sum) = p.checked_add(*q) {
                    return Ok(Value::Int(sum));
                }
            }
            ops::arith(op, x, y, &m.prog.policy.tz, origin)
        })
    })
}

fn builtin(func: Builtin, args: &[Expr], e: &Expr, cx: &mut Cx) -> Code {
    if let Some(c) = super::num::value(e, cx) {
        return c;
    }
    let origin = e.origin;
    let ty: Type = e.ty.clone();
    if let (Builtin::Count, [arg]) = (func, args) {
        if let Some(c) = super::count::count(arg, origin, cx) {
            return c;
        }
    }
    if let Some(c) = with_known_codes(func, args, origin, cx) {
        return c;
    }
    if let Some(c) = distinct_texts(func, args, &ty, origin, cx) {
        return c;
    }
    // Arguments that are reads of the dossier or of locals are borrowed, not copied: a copy of
    // a list or a text is an atomic count up and down.
    let args: Vec<Operand> = args.iter().map(|a| Operand::new(a, cx)).collect();
    if args.len() > 3 {
        return Box::new(move |m| {
            let mut owned = Vec::with_capacity(args.len());
            for a in &args {
                owned.push(a.owned(m)?);
            }
            let mut vals = Vec::with_capacity(args.len());
            for (a, o) in args.iter().zip(&owned) {
                vals.push(a.get(o, m, origin)?);
            }
            apply_builtin(func, &vals, &ty, origin, &m.prog.policy.tz).map(|(v, _)| v)
        });
    }
    Box::new(move |m| {
        // Evaluated arguments first (reads have no effect), then every argument borrowed.
        let mut owned: [Option<Value>; 3] = [None, None, None];
        for (slot, a) in owned.iter_mut().zip(&args) {
            *slot = a.owned(m)?;
        }
        let mut vals: [&Value; 3] = [&ABSENT; 3];
        for ((slot, a), o) in vals.iter_mut().zip(&args).zip(&owned) {
            *slot = a.get(o, m, origin)?;
        }
        let vals = vals.get(..args.len()).unwrap_or(&[]);
        apply_builtin(func, vals, &ty, origin, &m.prog.policy.tz).map(|(v, _)| v)
    })
}

/// `all_distinct` of a list of texts or codes: the texts packed and compared as integers
/// ([`super::member::all_distinct_texts`]), the builtin for what it does not decide.
fn distinct_texts(
    func: Builtin,
    args: &[Expr],
    ty: &Type,
    origin: ir::Origin,
    cx: &mut Cx,
) -> Option<Code> {
    let [list] = args else {
        return None;
    };
    let texts =
        matches!(list.ty.required(), Type::List(t) if matches!(**t, Type::Text | Type::Code));
    if func != Builtin::AllDistinct || !texts {
        return None;
    }
    let list = Operand::new(list, cx);
    let ty = ty.clone();
    Some(Box::new(move |m| {
        let owned = list.owned(m)?;
        let v = list.get(&owned, m, origin)?;
        let packed = v.as_list().and_then(super::member::all_distinct_texts);
        match packed {
            Some(distinct) => Ok(Value::Bool(distinct)),
            None => apply_builtin(func, &[v], &ty, origin, &m.prog.policy.tz).map(|(v, _)| v),
        }
    }))
}

/// Builtins over a list of codes known before the dossier ([`super::member::KnownCodes`]):
/// `all_or_none(["E", "F", "G"], chosen)`, `subset(chosen, dossier.parcours.a_la_carte)`,
/// `intersection(chosen, dossier.parcours.a_la_carte)`.
fn with_known_codes(func: Builtin, args: &[Expr], origin: ir::Origin, cx: &mut Cx) -> Option<Code> {
    use super::member::{KnownCodes, TextSet};
    let [first, second] = args else {
        return None;
    };
    if func == Builtin::AllOrNone {
        let items = cx.known_list(first)?;
        let group = TextSet::new(&items)?;
        return Some(
            Operand::new(second, cx)
                .over_list(origin, move |list| Value::Bool(group.all_or_none_in(list))),
        );
    }
    if func == Builtin::Intersection {
        if let Some(known) = known_first(first, cx) {
            return Some(Operand::new(second, cx).over_list(origin, move |list| known.among(list)));
        }
    }
    let apply: fn(&TextSet, &[Value]) -> Value = match func {
        Builtin::Subset => |set, list| Value::Bool(set.holds_all(list)),
        Builtin::Intersection => TextSet::intersection,
        _ => return None,
    };
    let codes = KnownCodes::new(second, cx)?;
    let list = code(first, cx);
    Some(Box::new(move |m| {
        let v = list(m)?;
        let items = v.as_list().unwrap_or(&[]);
        codes.with(m, origin, |set| apply(set, items))
    }))
}

/// `e` as the known first list of an intersection ([`super::member::KnownFirst`]), if it is a
/// list of texts known before the dossier.
pub(super) fn known_first(e: &Expr, cx: &Cx) -> Option<super::member::KnownFirst> {
    super::member::KnownFirst::new(&cx.known_list(e)?)
}

/// A call of a policy function: the arguments are evaluated straight into the callee's frame,
/// then [`Machine::call_pushed`] runs it (or finds the result kept for a pure function).
fn call(func: u32, args: &[Expr], origin: ir::Origin, cx: &mut Cx) -> Code {
    if let Some(c) = super::inline::call(func, args, origin, cx) {
        return c;
    }
    let args: Vec<Code> = args.iter().map(|a| code(a, cx)).collect();
    Box::new(move |m| {
        let prog = m.prog;
        let f = prog
            .policy
            .functions
            .get(func as usize)
            .ok_or_else(|| internal(origin))?;
        m.tick(1, origin)?;
        let base = m.top;
        for a in &args {
            match a(m) {
                Ok(v) => m.push_local(v),
                Err(err) => {
                    m.top = base;
                    return Err(err);
                }
            }
        }
        m.call_pushed(func, f, base)
    })
}
