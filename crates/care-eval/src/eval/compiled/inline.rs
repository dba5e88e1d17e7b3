//! Calls of small functions compiled in place: `dans_perimetre(ej)`, whose body is one
//! condition on its parameter, becomes that condition on the caller's `ej`, with no frame, no
//! argument copied and no call. Only where nothing can tell: the body has no `let` and binds no
//! local (its locals are its parameters), each argument is a read of the caller's data of the
//! parameter's type (reading it twice costs nothing and changes nothing), and the body holds no
//! list literal (those are folded by their place in the policy). The call still counts its step.

use super::cond::Test;
use super::{Code, Cond, Cx};
use care_check::ir::{self, Expr, ExprKind};

/// The inlined call of `func` with `args`, if it qualifies.
pub(super) fn call(func: u32, args: &[Expr], origin: ir::Origin, cx: &mut Cx) -> Option<Code> {
    let inlined = inlined(func, args, cx)?;
    Some(counted(origin, super::expr::code(&inlined, cx), cx))
}

/// The inlined call of a function returning a `bool`, used as a condition
/// (`where dans_perimetre(ej)`): its body compiled as a condition, without making a value.
pub(super) fn condition(func: u32, args: &[Expr], origin: ir::Origin, cx: &mut Cx) -> Option<Cond> {
    let inlined = inlined(func, args, cx)?;
    // A body that is `a and b` (`dans_perimetre`) or `a or b` counts the call's step in its own
    // closure, one call fewer than around it; where it is kept for the dossier (shared), the
    // wrapper keeps it as the body is.
    if let ExprKind::Binary { op, lhs, rhs } = &inlined.kind {
        let both = matches!(
            op,
            care_syntax::ast::BinaryOp::And | care_syntax::ast::BinaryOp::Or
        );
        if both && super::shared::cond_place(&inlined, cx).is_none() {
            cx.inlined += 1;
            return Some(super::cond::connective(*op, lhs, rhs, Some(origin), cx));
        }
    }
    Some(counted(origin, super::cond::cond(&inlined, cx), cx))
}

/// The body compiled in place of the call, which still counts its step.
fn counted<T: 'static>(origin: ir::Origin, body: Test<T>, cx: &mut Cx) -> Test<T> {
    cx.inlined += 1;
    Box::new(move |m| {
        m.tick(1, origin)?;
        body(m)
    })
}

/// The body of `func` over `args`, if the call qualifies.
fn inlined(func: u32, args: &[Expr], cx: &Cx) -> Option<Expr> {
    let f = cx.policy.functions.get(func as usize)?;
    let body = &f.body;
    if !body.lets.is_empty()
        || body.locals as usize != f.params.len()
        || args.len() != f.params.len()
    {
        return None;
    }
    let typed_reads = args
        .iter()
        .zip(&f.params)
        .all(|(a, (_, ty))| is_read(a) && a.ty == *ty);
    if !typed_reads {
        return None;
    }
    substitute(&body.expr, args)
}

/// A read of a local, the input or their fields: no step, no error, no allocation.
fn is_read(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Local(_) | ExprKind::Input => true,
        ExprKind::Field { base, .. } => is_read(base),
        _ => false,
    }
}

/// `e` with parameter `i` replaced by `args[i]`, if `e` is made only of what inlines.
fn substitute(e: &Expr, args: &[Expr]) -> Option<Expr> {
    let sub = |x: &Expr| substitute(x, args).map(Box::new);
    let all = |xs: &[Expr]| {
        xs.iter()
            .map(|x| substitute(x, args))
            .collect::<Option<Vec<_>>>()
    };
    let kind = match &e.kind {
        ExprKind::Local(i) => return args.get(*i as usize).cloned(),
        k @ (ExprKind::Const(_)
        | ExprKind::Input
        | ExprKind::Value(_)
        | ExprKind::Output(_)
        | ExprKind::Passed(_)
        | ExprKind::AllRulesPassed
        | ExprKind::Achieved(_)) => k.clone(),
        ExprKind::Field { base, index } => ExprKind::Field {
            base: sub(base)?,
            index: *index,
        },
        ExprKind::TrackField { base, field } => ExprKind::TrackField {
            base: sub(base)?,
            field: *field,
        },
        ExprKind::Builtin { func, args: xs } => ExprKind::Builtin {
            func: *func,
            args: all(xs)?,
        },
        ExprKind::Call { func, args: xs } => ExprKind::Call {
            func: *func,
            args: all(xs)?,
        },
        ExprKind::Lookup { table, key } => ExprKind::Lookup {
            table: *table,
            key: sub(key)?,
        },
        ExprKind::Not(x) => ExprKind::Not(sub(x)?),
        ExprKind::Neg(x) => ExprKind::Neg(sub(x)?),
        ExprKind::Binary { op, lhs, rhs } => ExprKind::Binary {
            op: *op,
            lhs: sub(lhs)?,
            rhs: sub(rhs)?,
        },
        ExprKind::If { cond, then, els } => ExprKind::If {
            cond: sub(cond)?,
            then: sub(then)?,
            els: sub(els)?,
        },
        // Binders, list literals (folded by their place) and the rest: called, not inlined.
        _ => return None,
    };
    Some(Expr {
        kind,
        ty: e.ty.clone(),
        origin: e.origin,
    })
}
