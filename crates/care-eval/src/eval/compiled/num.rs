//! Numbers in their machine form: an integer expression compiles to a closure that returns an
//! `i64`, a money, decimal or share expression to one that returns a `Decimal` (`None`: absent).
//! Arithmetic, sums and minimums over them make no [`Value`] and dispatch on no variant: the
//! static types chose the operation when compiling. The value is made once, where the number
//! leaves for the rest of the compiled form.
//!
//! Each operation is the one [`ops::arith`] and the aggregates apply to values of these types,
//! operands evaluated left first, absent when an operand is; the differential tests
//! (`tests/compiled.rs`) compare the two forms on every policy.

use super::column::Column;
use super::cond::cond;
use super::cond::Operand;
use super::expr::code;
use super::loops::{inside, walk, Source};
use super::read::read;
use super::{Code, Cond, Cx};
use crate::eval::error::EvalResult;
use crate::eval::machine::{internal, no_row, Machine};
use crate::eval::{constant_value, ops};
use crate::value::Value;
use care_check::ir::{self, Builtin, CompOp, Expr, ExprKind, RoundMode};
use care_check::types::Type;
use care_syntax::ast::BinaryOp;
use rust_decimal::Decimal;

/// A compiled number of machine type `T`: `None` where it is absent.
type NumCode<T> = Box<dyn Fn(&mut Machine<'_>) -> EvalResult<Option<T>> + Send + Sync>;
type IntCode = NumCode<i64>;
type DecCode = NumCode<Decimal>;

/// The kind of number of a static type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Num {
    Int,
    Money,
    /// A decimal or a share.
    Dec,
}

fn num(ty: &Type) -> Option<Num> {
    match ty.required() {
        Type::Int => Some(Num::Int),
        Type::Money => Some(Num::Money),
        Type::Decimal | Type::Share => Some(Num::Dec),
        _ => None,
    }
}

/// A number compiled to its machine form.
enum Typed {
    Int(IntCode),
    Dec(DecCode),
}

/// The compiled value of `e`, if `e` is arithmetic, a sum or a minimum or maximum that the
/// machine form computes.
pub(super) fn value(e: &Expr, cx: &mut Cx) -> Option<Code> {
    let out = num(&e.ty)?;
    Some(match (typed(e, cx)?, out) {
        (Typed::Int(c), _) => Box::new(move |m| Ok(c(m)?.map_or(Value::Absent, Value::Int))),
        (Typed::Dec(c), Num::Money) => {
            Box::new(move |m| Ok(c(m)?.map_or(Value::Absent, Value::Money)))
        }
        (Typed::Dec(c), _) => Box::new(move |m| Ok(c(m)?.map_or(Value::Absent, Value::Decimal))),
    })
}

/// The machine form of an operation on numbers, if it has one.
fn typed(e: &Expr, cx: &mut Cx) -> Option<Typed> {
    match &e.kind {
        ExprKind::Binary { op, lhs, rhs } => binary(*op, lhs, rhs, e, cx),
        ExprKind::Comprehension {
            op: CompOp::Sum,
            slot,
            source,
            filter,
            body,
        } => sum(*slot, source, filter.as_deref(), body.as_deref(), e, cx),
        ExprKind::Builtin {
            func: func @ (Builtin::MinOf | Builtin::MaxOf),
            args,
        } => best_of(*func, args, e, cx),
        ExprKind::Builtin {
            func: Builtin::Round(mode),
            args,
        } => round(*mode, args, cx),
        _ => None,
    }
}

/// `e` (of an integer type) in machine form.
fn int(e: &Expr, cx: &mut Cx) -> IntCode {
    number(e, cx, int_of, |t, origin| match t {
        Typed::Int(c) => c,
        Typed::Dec(_) => Box::new(move |_| Err(internal(origin))), // not of an integer type
    })
}

/// `e` (of a number type) in machine form, as a decimal.
fn dec(e: &Expr, cx: &mut Cx) -> DecCode {
    number(e, cx, dec_of, |t, _| match t {
        Typed::Dec(c) => c,
        // An integer where a decimal is computed, as `ops::decimal` reads it.
        Typed::Int(c) => Box::new(move |m| Ok(c(m)?.map(Decimal::from))),
    })
}

/// `e` in machine form: a constant, a number from a table, an operation of this module, a pure
/// read, or else the value of its compiled form; `of` reads a value as a `T`, `from` makes a
/// `T` of an operation's result.
fn number<T: Copy + Send + Sync + 'static>(
    e: &Expr,
    cx: &mut Cx,
    of: fn(&Value, ir::Origin) -> EvalResult<Option<T>>,
    from: fn(Typed, ir::Origin) -> NumCode<T>,
) -> NumCode<T> {
    let origin = e.origin;
    if let ExprKind::Const(c) = &e.kind {
        let v = cx.folded_value(e).unwrap_or_else(|| constant_value(c));
        if let Ok(n) = of(&v, origin) {
            return Box::new(move |_| Ok(n));
        }
    }
    if let Some(c) = looked_up(e, cx, of) {
        return c;
    }
    if let Some(t) = typed(e, cx) {
        return from(t, origin);
    }
    if let Some(r) = read(e, cx) {
        return Box::new(move |m| of(r.get(m).ok_or_else(|| internal(origin))?, origin));
    }
    let c = code(e, cx);
    Box::new(move |m| of(&c(m)?, origin))
}

/// A number read from a table (`taux(g.rang)`, `montants(p).plafond`), without copying the row:
/// from the column laid out by key where the table indexes its keys directly ([`Column`]), else
/// kept by the loop it does not depend on ([`super::hoist`]), else found in the table.
fn looked_up<T: Copy + Send + Sync + 'static>(
    e: &Expr,
    cx: &mut Cx,
    of: fn(&Value, ir::Origin) -> EvalResult<Option<T>>,
) -> Option<NumCode<T>> {
    let origin = e.origin;
    // The lookup, and the column read from its row if there are several.
    let shape = match &e.kind {
        ExprKind::Lookup { .. } => Some((e, None)),
        ExprKind::Field { base, index } if matches!(base.kind, ExprKind::Lookup { .. }) => {
            Some((&**base, Some(*index as usize)))
        }
        _ => None,
    };
    let shape = shape.and_then(|(lookup, column)| match &lookup.kind {
        ExprKind::Lookup { table, key } => Some((*table, &**key, column, lookup.origin)),
        _ => None,
    });
    let laid_out = shape.and_then(|(table, _, column, _)| {
        let t = cx.tables.get(table as usize)?;
        Column::new(t, |r| from_row(r, column, of, origin).ok())
    });
    // Indexing the laid-out column costs less than keeping its value for the loop.
    if laid_out.is_none() {
        if let Some(c) = super::hoist::site(e, cx) {
            return Some(Box::new(move |m| of(&c(m)?, origin)));
        }
    }
    let (table, key, column, at) = shape?;
    if laid_out.is_some() {
        cx.laid_out += 1;
    }
    let key = Operand::new(key, cx);
    Some(Box::new(move |m| {
        let owned = key.owned(m)?;
        let k = key.get(&owned, m, at)?;
        if let Some(n) = laid_out.as_ref().and_then(|c| c.get(k)) {
            return Ok(n);
        }
        let prog = m.prog;
        let row = prog
            .row(table, k)
            .ok_or_else(|| no_row(prog, table, k, at))?;
        let result = prog
            .table_result(table, row)
            .ok_or_else(|| internal(origin))?;
        from_row(result, column, of, origin)
    }))
}

/// The number a lookup reads from its row's result: the table's single column, or column `i`
/// of the record of its columns.
fn from_row<T>(
    result: &Value,
    column: Option<usize>,
    of: fn(&Value, ir::Origin) -> EvalResult<Option<T>>,
    origin: ir::Origin,
) -> EvalResult<Option<T>> {
    match (column, result) {
        (None, v) => of(v, origin),
        (Some(_), Value::Absent) => Ok(None),
        (Some(i), Value::Record(fields)) => {
            of(fields.get(i).ok_or_else(|| internal(origin))?, origin)
        }
        (Some(_), _) => Err(internal(origin)),
    }
}

#[inline]
fn int_of(v: &Value, origin: ir::Origin) -> EvalResult<Option<i64>> {
    match v {
        Value::Int(n) => Ok(Some(*n)),
        Value::Absent => Ok(None),
        _ => Err(internal(origin)),
    }
}

/// A number as a decimal, as [`ops::decimal`] reads it.
#[inline]
fn dec_of(v: &Value, origin: ir::Origin) -> EvalResult<Option<Decimal>> {
    match v {
        Value::Decimal(d) | Value::Money(d) => Ok(Some(*d)),
        Value::Int(n) => Ok(Some(Decimal::from(*n))),
        Value::Absent => Ok(None),
        _ => Err(internal(origin)),
    }
}

/// `lhs op rhs` where the static types say which operation of [`ops::arith`] applies.
fn binary(op: BinaryOp, lhs: &Expr, rhs: &Expr, e: &Expr, cx: &mut Cx) -> Option<Typed> {
    use Num::{Dec, Int, Money};
    if !matches!(
        op,
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div
    ) {
        return None;
    }
    let origin = e.origin;
    let (l, r, out) = (num(&lhs.ty)?, num(&rhs.ty)?, num(&e.ty)?);
    let plain = |n: Num| n != Money;
    // Whether the amount is on the right (`taux * montant`): `ops::arith` multiplies the amount
    // by the other operand.
    let swapped = match (op, l, r, out) {
        (BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul, Int, Int, Int) => {
            let (a, b) = (int(lhs, cx), int(rhs, cx));
            return Some(Typed::Int(Box::new(move |m| {
                let x = a(m)?;
                let y = b(m)?;
                match (x, y) {
                    (Some(x), Some(y)) => ops::int(op, x, y, origin).map(Some),
                    _ => Ok(None),
                }
            })));
        }
        (BinaryOp::Add | BinaryOp::Sub, Money, Money, Money)
        | (BinaryOp::Mul | BinaryOp::Div, Money, _, Money)
        | (BinaryOp::Div, Money, Money, Dec) => false,
        (BinaryOp::Mul, _, Money, Money) if plain(l) => true,
        (_, _, _, Dec)
            if plain(l) && plain(r) && !(l == Int && r == Int && op != BinaryOp::Div) =>
        {
            false
        }
        _ => return None,
    };
    if (op == BinaryOp::Mul || op == BinaryOp::Div) && out == Money && !swapped && !plain(r) {
        return None; // an amount times an amount: not an operation the checker lets through
    }
    let (a, b) = (dec(lhs, cx), dec(rhs, cx));
    Some(Typed::Dec(Box::new(move |m| {
        let x = a(m)?;
        let y = b(m)?;
        match (x, y) {
            (Some(x), Some(y)) if swapped => ops::dec(op, y, x, origin).map(Some),
            (Some(x), Some(y)) => ops::dec(op, x, y, origin).map(Some),
            _ => Ok(None),
        }
    })))
}

/// `round(x, digits)` of an amount or a decimal, as `apply_builtin` rounds, with no list of
/// arguments made (an integer is left to the general form, which gives it back as it is).
/// Dividing and rounding in one step on the mantissas was tried: `i128` division costs more
/// than rust_decimal's quotient by a small divisor (docs/performance.md).
fn round(mode: RoundMode, args: &[Expr], cx: &mut Cx) -> Option<Typed> {
    let [x, digits] = args else {
        return None;
    };
    if num(&x.ty)? == Num::Int {
        return None;
    }
    let strategy = ops::rounding(mode);
    let (a, n) = (dec(x, cx), int(digits, cx));
    Some(Typed::Dec(Box::new(move |m| {
        let x = a(m)?;
        let n = ops::round_digits(n(m)?.unwrap_or(0));
        Ok(x.map(|x| x.round_dp_with_strategy(n, strategy)))
    })))
}

/// `sum(x in source where filter: body)` of integers or amounts, added as they come; absent
/// items add nothing, and an empty sum is zero.
fn sum(
    slot: u32,
    source: &Expr,
    filter: Option<&Expr>,
    body: Option<&Expr>,
    e: &Expr,
    cx: &mut Cx,
) -> Option<Typed> {
    let out = num(&e.ty)?;
    // The items have the sum's type (no integer items summed to a decimal).
    let item_ty = match body {
        Some(b) => num(&b.ty)?,
        None => match source.ty.required() {
            Type::List(t) => num(t)?,
            _ => return None,
        },
    };
    if item_ty != out {
        return None;
    }
    let origin = e.origin;
    let src = Source::new(source, cx);
    Some(match out {
        Num::Int => {
            let ((filter, body), sites) = inside(slot, cx, |cx| {
                (filter.map(|f| cond(f, cx)), body.map(|b| int(b, cx)))
            });
            Typed::Int(summed(src, slot, origin, filter, body, sites))
        }
        Num::Money | Num::Dec => {
            let ((filter, body), sites) = inside(slot, cx, |cx| {
                (filter.map(|f| cond(f, cx)), body.map(|b| dec(b, cx)))
            });
            Typed::Dec(summed(src, slot, origin, filter, body, sites))
        }
    })
}

/// What a sum needs of a machine number: its zero, reading one from a value, and checked
/// addition (a trait rather than function pointers, so that the loop is compiled for each type
/// with the addition inline).
trait Summed: Copy + Send + Sync + 'static {
    const ZERO: Self;
    fn of(v: &Value, origin: ir::Origin) -> EvalResult<Option<Self>>;
    fn add(self, v: Self, origin: ir::Origin) -> EvalResult<Self>;
}

impl Summed for i64 {
    const ZERO: i64 = 0;
    fn of(v: &Value, origin: ir::Origin) -> EvalResult<Option<i64>> {
        int_of(v, origin)
    }
    #[inline]
    fn add(self, v: i64, origin: ir::Origin) -> EvalResult<i64> {
        ops::int(BinaryOp::Add, self, v, origin)
    }
}

impl Summed for Decimal {
    const ZERO: Decimal = Decimal::ZERO;
    fn of(v: &Value, origin: ir::Origin) -> EvalResult<Option<Decimal>> {
        dec_of(v, origin)
    }
    #[inline]
    fn add(self, v: Decimal, origin: ir::Origin) -> EvalResult<Decimal> {
        ops::dec(BinaryOp::Add, self, v, origin)
    }
}

/// The loop of a sum: each item kept by the filter, its value (`body`, or the item itself)
/// added to the total, the first as it is; zero for an empty sum.
fn summed<T: Summed>(
    src: Source,
    slot: u32,
    origin: ir::Origin,
    filter: Option<Cond>,
    body: Option<NumCode<T>>,
    sites: Vec<usize>,
) -> NumCode<T> {
    Box::new(move |m| {
        super::hoist::forget(m, &sites);
        let mut total: Option<T> = None;
        walk(m, &src, slot, origin, |m| {
            if !kept(m, &filter)? {
                return Ok(false);
            }
            let v = match &body {
                Some(b) => b(m)?,
                None => T::of(m.slot(slot).ok_or_else(|| internal(origin))?, origin)?,
            };
            if let Some(v) = v {
                total = Some(match total {
                    None => v,
                    Some(t) => t.add(v, origin)?,
                });
            }
            Ok(false)
        })?;
        Ok(Some(total.unwrap_or(T::ZERO)))
    })
}

/// Whether the filter keeps the current item.
#[inline]
fn kept(m: &mut Machine<'_>, filter: &Option<Cond>) -> EvalResult<bool> {
    match filter {
        Some(f) => f(m),
        None => Ok(true),
    }
}

/// `min(a, b, …)` or `max(a, b, …)` of integers or of amounts: every argument evaluated, absent
/// if one is, else the first of the smallest (largest).
fn best_of(func: Builtin, args: &[Expr], e: &Expr, cx: &mut Cx) -> Option<Typed> {
    let out = num(&e.ty)?;
    if out == Num::Dec || args.is_empty() || args.iter().any(|a| num(&a.ty) != Some(out)) {
        return None; // decimals may mix with integers, which compare by value
    }
    let min = func == Builtin::MinOf;
    Some(match out {
        Num::Int => Typed::Int(best(args.iter().map(|a| int(a, cx)).collect(), min)),
        _ => Typed::Dec(best(args.iter().map(|a| dec(a, cx)).collect(), min)),
    })
}

/// The first of the smallest (`min`) or largest of `args`, each evaluated; absent if one is.
fn best<T: Ord + Copy + Send + Sync + 'static>(args: Vec<NumCode<T>>, min: bool) -> NumCode<T> {
    Box::new(move |m| {
        let mut best: Option<T> = None;
        let mut absent = false;
        for a in &args {
            match a(m)? {
                None => absent = true,
                Some(v) => best = Some(pick(best, v, min)),
            }
        }
        Ok(if absent { None } else { best })
    })
}

/// The better of the best so far and `v`: a later value replaces it only if strictly better, so
/// that of equal amounts (`7520.00` and `7520`) the first is kept.
#[inline]
fn pick<T: Ord + Copy>(best: Option<T>, v: T, min: bool) -> T {
    match best {
        Some(b) if (min && v >= b) || (!min && v <= b) => b,
        _ => v,
    }
}
