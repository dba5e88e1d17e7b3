//! Narrowing after a presence test: in `present(x) and …`, `not present(x) or …`,
//! `if present(x) then … else …` and after `when present(x)`, `x` is known to be there, so it has
//! the type without `?` and needs no `otherwise` placeholder.
//!
//! A path is a local (by its slot, so that a binder of the same name inside does not inherit the
//! fact) or a global name, followed by field names: `#3.crisis_exercise_on`,
//! `dossier.silene_subscribed_on`. Evaluation needs nothing: a value known present is already the
//! plain value.

use crate::env::Env;
use care_syntax::ast::{BinaryOp, Expr, UnaryOp};
use care_syntax::Node;

/// The path an expression reads, when it is a name or a chain of fields on one.
pub fn path(e: &Node<Expr>, env: &Env) -> Option<String> {
    match &e.node {
        Expr::Name(n) => Some(match env.lookup(n) {
            Some((slot, _)) => format!("#{slot}"),
            None => n.clone(),
        }),
        Expr::Field { base, field } => Some(format!("{}.{}", path(base, env)?, field.node)),
        _ => None,
    }
}

/// The paths that are present when `cond` evaluates to `holds`.
pub fn facts(cond: &Node<Expr>, holds: bool, env: &Env) -> Vec<String> {
    let mut out = Vec::new();
    collect(cond, holds, env, &mut out);
    out
}

fn collect(cond: &Node<Expr>, holds: bool, env: &Env, out: &mut Vec<String>) {
    match &cond.node {
        Expr::Call { func, args } if holds && func.node == "present" && args.len() == 1 => {
            out.extend(path(&args[0], env));
        }
        Expr::Unary {
            op: UnaryOp::Not,
            expr,
        } => collect(expr, !holds, env, out),
        // `a and b` holds: both hold. `a or b` fails: both fail.
        Expr::Binary { op, lhs, rhs }
            if (*op == BinaryOp::And && holds) || (*op == BinaryOp::Or && !holds) =>
        {
            collect(lhs, holds, env, out);
            collect(rhs, holds, env, out);
        }
        _ => {}
    }
}
