//! Conditions and comparisons, and the operands of binary operators.

use super::expr::code;
use super::read::read;
use super::{Code, Cond, Cx, Read};
use crate::eval::error::EvalResult;
use crate::eval::machine::{internal, is_test, ordered, test_at, Machine, Status};
use crate::eval::ops;
use crate::value::Value;
use care_check::ir::{self, Expr, ExprKind};
use care_check::types::Type;
use care_syntax::ast::BinaryOp;

/// An operand: borrowed where it is a pure read, a constant kept by the closure, or evaluated.
pub(super) enum Operand {
    Read(Read),
    Const(Value),
    Code(Code),
}

impl Operand {
    pub(super) fn new(e: &Expr, cx: &mut Cx) -> Operand {
        if let ExprKind::Const(c) = &e.kind {
            if !super::read::may_convert(&e.ty) {
                let v = cx
                    .folded_value(e)
                    .unwrap_or_else(|| crate::eval::constant_value(c));
                return Operand::Const(v);
            }
        }
        match read(e, cx) {
            Some(r) => Operand::Read(r),
            None => Operand::Code(code(e, cx)),
        }
    }

    #[inline(always)]
    pub(super) fn owned(&self, m: &mut Machine<'_>) -> EvalResult<Option<Value>> {
        match self {
            Operand::Code(c) => c(m).map(Some),
            _ => Ok(None),
        }
    }

    /// The value of `f` over the list this operand is (an absent list as the empty one),
    /// borrowed where the operand is a read: `all_or_none`, `intersection` and `count` of
    /// builtins over the dossier's lists. Inlined into its callers: out of line, the closure it
    /// makes cost about 50 instructions an evaluation more (measured).
    #[inline(always)]
    pub(super) fn over_list(
        self,
        origin: ir::Origin,
        f: impl Fn(&[Value]) -> Value + Send + Sync + 'static,
    ) -> Code {
        Box::new(move |m| {
            let owned = self.owned(m)?;
            let items = self.get(&owned, m, origin)?.as_list().unwrap_or(&[]);
            Ok(f(items))
        })
    }

    #[inline(always)]
    pub(super) fn get<'a>(
        &'a self,
        owned: &'a Option<Value>,
        m: &'a Machine<'_>,
        origin: ir::Origin,
    ) -> EvalResult<&'a Value> {
        match (self, owned) {
            (_, Some(v)) => Ok(v),
            (Operand::Const(v), None) => Ok(v),
            (Operand::Read(r), None) => r.get(m).ok_or_else(|| internal(origin)),
            (Operand::Code(_), None) => Err(internal(origin)),
        }
    }
}

/// Applies `f` to the values of two operands, evaluated left first (reads have no effect, so
/// only evaluated operands are ordered).
#[inline]
pub(super) fn pair<R>(
    m: &mut Machine<'_>,
    a: &Operand,
    b: &Operand,
    origin: ir::Origin,
    f: impl FnOnce(&Machine<'_>, &Value, &Value) -> EvalResult<R>,
) -> EvalResult<R> {
    let x = a.owned(m)?;
    let y = b.owned(m)?;
    let x = a.get(&x, m, origin)?;
    let y = b.get(&y, m, origin)?;
    f(m, x, y)
}

/// A condition: a bool computed without making a value where it can be, once per dossier for
/// an expression written more than once ([`super::shared`]).
pub(super) fn cond(e: &Expr, cx: &mut Cx) -> Cond {
    match super::shared::cond_place(e, cx) {
        Some(i) => super::shared::cond(i, unshared(e, cx)),
        None => unshared(e, cx),
    }
}

fn unshared(e: &Expr, cx: &mut Cx) -> Cond {
    let origin = e.origin;
    // A small function's body in place, as a condition (`where dans_perimetre(ej)`).
    if let ExprKind::Call { func, args } = &e.kind {
        if let Some(c) = super::inline::condition(*func, args, origin, cx) {
            return c;
        }
    }
    match &e.kind {
        ExprKind::Binary { op, lhs, rhs } if matches!(op, BinaryOp::And | BinaryOp::Or) => {
            connective(*op, lhs, rhs, None, cx)
        }
        // Decided as a `bool` where it is compared: an absent comparison does not hold.
        ExprKind::Binary { op, lhs, rhs } if is_test(*op) => tri::<bool>(*op, lhs, rhs, origin, cx),
        ExprKind::Not(x) => {
            let c = cond(x, cx);
            Box::new(move |m| Ok(!c(m)?))
        }
        ExprKind::Passed(r) => {
            let r = *r;
            Box::new(move |m| Ok(m.rule(r)? != Status::Failed))
        }
        ExprKind::Achieved(o) => {
            let o = *o;
            Box::new(move |m| m.objective(o))
        }
        _ => match read(e, cx) {
            Some(r) => Box::new(move |m| match r.get(m) {
                Some(Value::Bool(b)) => Ok(*b),
                Some(Value::Absent) => Ok(false),
                _ => Err(internal(origin)),
            }),
            None => {
                let c = code(e, cx);
                Box::new(move |m| match c(m)? {
                    Value::Bool(b) => Ok(b),
                    // An absent condition (a comparison with missing data) does not hold.
                    Value::Absent => Ok(false),
                    _ => Err(internal(origin)),
                })
            }
        },
    }
}

/// `lhs and rhs` or `lhs or rhs` (`op`), the right side only when the left does not decide;
/// with `step`, counting first the step of the call whose body it is (a small function
/// compiled in place, [`super::inline`]), in the same closure.
pub(super) fn connective(
    op: BinaryOp,
    lhs: &Expr,
    rhs: &Expr,
    step: Option<ir::Origin>,
    cx: &mut Cx,
) -> Cond {
    let (a, b) = (cond(lhs, cx), cond(rhs, cx));
    match (op == BinaryOp::And, step) {
        (true, None) => Box::new(move |m| Ok(a(m)? && b(m)?)),
        (false, None) => Box::new(move |m| Ok(a(m)? || b(m)?)),
        (true, Some(origin)) => Box::new(move |m| {
            m.tick(1, origin)?;
            Ok(a(m)? && b(m)?)
        }),
        (false, Some(origin)) => Box::new(move |m| {
            m.tick(1, origin)?;
            Ok(a(m)? || b(m)?)
        }),
    }
}

/// What a comparison gives its user, made where the comparison is decided (no closure around
/// the comparison to convert it) from whether it holds, `None` when it compares with an absent
/// value: a condition's `bool` (an absent comparison does not hold), or an expression's value.
pub(super) trait TestOut: Send + Sync + 'static {
    fn of(t: Option<bool>) -> Self;
}

impl TestOut for bool {
    #[inline]
    fn of(t: Option<bool>) -> Self {
        t.unwrap_or(false)
    }
}

impl TestOut for Value {
    #[inline]
    fn of(t: Option<bool>) -> Self {
        match t {
            Some(b) => Value::Bool(b),
            None => Value::Absent,
        }
    }
}

/// A compiled comparison giving `R` (or any compiled code giving it: [`Code`] is `Test<Value>`,
/// [`Cond`] `Test<bool>`).
pub(super) type Test<R> = Box<dyn Fn(&mut Machine<'_>) -> EvalResult<R> + Send + Sync>;

/// A comparison or a membership test.
pub(super) fn tri<R: TestOut>(
    op: BinaryOp,
    lhs: &Expr,
    rhs: &Expr,
    origin: ir::Origin,
    cx: &mut Cx,
) -> Test<R> {
    if let Some(t) = in_known_codes(op, lhs, rhs, origin, cx) {
        return t;
    }
    let a = Operand::new(lhs, cx);
    let b = Operand::new(rhs, cx);
    // An integer against a constant (`count(…) >= 3`, a rank) without the general dispatch.
    let int_const = match (&b, lhs.ty.required()) {
        (Operand::Const(Value::Int(k)), Type::Int)
            if matches!(
                op,
                BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Eq
            ) =>
        {
            Some(*k)
        }
        _ => None,
    };
    let a = match (a, int_const) {
        (Operand::Code(ca), Some(k)) => return int_test(op, ca, k, origin),
        (a, _) => a,
    };
    if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
        let texts = [lhs, rhs]
            .iter()
            .all(|e| matches!(e.ty.required(), Type::Text | Type::Code));
        return match (a, b) {
            (Operand::Read(x), Operand::Read(y)) if texts => {
                text_equality(op == BinaryOp::Eq, x, y, origin)
            }
            (a, b) => equality(op == BinaryOp::Eq, a, b, origin),
        };
    }
    // Dates against dates (`a.granted_on > debut_periode`): compared in place.
    let dates = [lhs, rhs]
        .iter()
        .all(|e| matches!(e.ty.required(), Type::Date));
    let (a, b) = match (a, b) {
        (Operand::Read(x), Operand::Read(y)) if dates && is_order(op) => {
            return date_order(op, x, y, origin)
        }
        other => other,
    };
    // Reads against reads or constants, the most common tests (`ej.finess == dossier.porteur`,
    // `o.code in codes`), without the operands' general fetch.
    let order = is_order(op);
    match (a, b) {
        (Operand::Read(x), Operand::Read(y)) => Box::new(move |m| {
            let (Some(x), Some(y)) = (x.get(m), y.get(m)) else {
                return Err(internal(origin));
            };
            test(order, op, x, y, origin).map(R::of)
        }),
        (Operand::Read(x), Operand::Const(k)) => Box::new(move |m| match x.get(m) {
            Some(x) => test(order, op, x, &k, origin).map(R::of),
            None => Err(internal(origin)),
        }),
        (Operand::Const(k), Operand::Read(y)) => Box::new(move |m| match y.get(m) {
            Some(y) => test(order, op, &k, y, origin).map(R::of),
            None => Err(internal(origin)),
        }),
        (a, b) => Box::new(move |m| {
            pair(m, &a, &b, origin, |_, x, y| {
                test(order, op, x, y, origin).map(R::of)
            })
        }),
    }
}

/// [`test_at`], with an order (`order`: `op` is `<`, `<=`, `>` or `>=`) of two integers or two
/// amounts decided in place (`count(…) >= dossier.parcours.at_least`, `aides + part <= 300000
/// €`), as [`crate::eval::ops::compare`] orders them.
#[inline(always)]
fn test(
    order: bool,
    op: BinaryOp,
    x: &Value,
    y: &Value,
    origin: ir::Origin,
) -> EvalResult<Option<bool>> {
    match (order, x, y) {
        (true, Value::Int(p), Value::Int(q)) => Ok(Some(ordered(op, p.cmp(q)))),
        (true, Value::Money(p), Value::Money(q)) => Ok(Some(ordered(op, p.cmp(q)))),
        _ => test_at(op, x, y, origin),
    }
}

/// `a == b` (`same`) or `a != b`: [`ops::equal`] straight, which tests the common kinds of
/// values first; an enum constant (`s.activity == medico_social`) by its variant alone.
fn equality<R: TestOut>(same: bool, a: Operand, b: Operand, origin: ir::Origin) -> Test<R> {
    match (a, b) {
        (Operand::Read(x), Operand::Const(Value::Enum(k)))
        | (Operand::Const(Value::Enum(k)), Operand::Read(x)) => Box::new(move |m| match x.get(m) {
            Some(Value::Enum(v)) => Ok(R::of(Some((*v == k) == same))),
            Some(_) => Ok(R::of(Some(!same))), // an absent value equals no variant
            None => Err(internal(origin)),
        }),
        (Operand::Read(x), Operand::Read(y)) => Box::new(move |m| match (x.get(m), y.get(m)) {
            (Some(x), Some(y)) => Ok(R::of(Some(ops::equal(x, y) == same))),
            _ => Err(internal(origin)),
        }),
        (Operand::Read(x), Operand::Const(k)) | (Operand::Const(k), Operand::Read(x)) => {
            Box::new(move |m| match x.get(m) {
                Some(x) => Ok(R::of(Some(ops::equal(x, &k) == same))),
                None => Err(internal(origin)),
            })
        }
        (a, b) => Box::new(move |m| {
            pair(m, &a, &b, origin, |_, x, y| {
                Ok(R::of(Some(ops::equal(x, y) == same)))
            })
        }),
    }
}

/// `a == b` of two texts read (`ej.finess == dossier.porteur`): compared in place
/// ([`ops::same_text`], inlined), as [`ops::equal`] compares texts; anything else (an absent
/// value) as it does.
fn text_equality<R: TestOut>(same: bool, x: Read, y: Read, origin: ir::Origin) -> Test<R> {
    Box::new(move |m| match (x.get(m), y.get(m)) {
        (Some(Value::Text(p)), Some(Value::Text(q))) => {
            Ok(R::of(Some(ops::same_text(p, q) == same)))
        }
        (Some(p), Some(q)) => Ok(R::of(Some(ops::equal(p, q) == same))),
        _ => Err(internal(origin)),
    })
}

fn is_order(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

/// `x < y` (or `<=`, `>`, `>=`) of two dates read, as [`test_at`] orders them: absent against
/// anything is no answer; other values (none, for checked dates) go to it.
fn date_order<R: TestOut>(op: BinaryOp, x: Read, y: Read, origin: ir::Origin) -> Test<R> {
    Box::new(move |m| match (x.get(m), y.get(m)) {
        (Some(Value::Date(p)), Some(Value::Date(q))) => Ok(R::of(Some(ordered(op, p.cmp(q))))),
        (Some(p), Some(q)) => test_at(op, p, q, origin).map(R::of),
        _ => Err(internal(origin)),
    })
}

/// `x in codes` (or `not in`) where the codes are known before the dossier (written out, or a
/// list of the dossier's track): a set prepared once.
fn in_known_codes<R: TestOut>(
    op: BinaryOp,
    lhs: &Expr,
    rhs: &Expr,
    origin: ir::Origin,
    cx: &mut Cx,
) -> Option<Test<R>> {
    if !matches!(op, BinaryOp::In | BinaryOp::NotIn) {
        return None;
    }
    let codes = super::member::KnownCodes::new(rhs, cx)?;
    let found = op == BinaryOp::In;
    let a = Operand::new(lhs, cx);
    if let super::member::KnownCodes::Written(set) = codes {
        return Some(match a {
            Operand::Read(x) => Box::new(move |m| match x.get(m) {
                Some(x) => Ok(R::of(Some(set.contains(x) == found))),
                None => Err(internal(origin)),
            }),
            a => Box::new(move |m| {
                let owned = a.owned(m)?;
                let x = a.get(&owned, m, origin)?;
                Ok(R::of(Some(set.contains(x) == found)))
            }),
        });
    }
    Some(Box::new(move |m| {
        let owned = a.owned(m)?;
        // Copied (a count of references) to leave the machine to the track's operand.
        let x = a.get(&owned, m, origin)?.clone();
        codes.with(m, origin, |set| R::of(Some(set.contains(&x) == found)))
    }))
}

fn int_test<R: TestOut>(op: BinaryOp, a: Code, k: i64, origin: ir::Origin) -> Test<R> {
    Box::new(move |m| match a(m)? {
        Value::Int(n) => Ok(R::of(Some(ordered(op, n.cmp(&k))))),
        other => test_at(op, &other, &Value::Int(k), origin).map(R::of),
    })
}
