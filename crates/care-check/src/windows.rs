//! Date windows that no date can fall in: `d >= 2026-06-01 and d <= 2026-05-01`. Conjunctions
//! are searched for bounds on the same expression (compared by its text) by date or instant
//! constants; a lower bound after an upper bound is an error (E0304).

use crate::ir::{self, Constant, Expr, ExprKind, RuleStep};
use care_syntax::ast::BinaryOp;
use care_syntax::{Diagnostic, SourceFile};
use std::cmp::Ordering;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum Point {
    Date(jiff::civil::Date),
    Instant(jiff::Timestamp),
}

struct Bound<'e> {
    subject: String,
    lower: bool,
    inclusive: bool,
    at: Point,
    expr: &'e Expr,
}

/// The empty windows of these rules and bodies.
pub fn check<'b>(
    files: &[Option<Arc<SourceFile>>],
    rules: &[ir::Rule],
    bodies: impl Iterator<Item = &'b ir::Body>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut exprs: Vec<&Expr> = Vec::new();
    for r in rules {
        for s in &r.steps {
            match s {
                RuleStep::When(e) | RuleStep::Require(e) => exprs.push(e),
                RuleStep::Let { value, .. } => exprs.push(value),
                RuleStep::ForEach { list, .. } => exprs.push(list),
            }
        }
    }
    for b in bodies {
        exprs.extend(b.lets.iter().map(|(_, _, e)| e));
        exprs.push(&b.expr);
    }
    for e in exprs {
        walk(&mut found, files, e);
    }
    found
}

fn walk(found: &mut Vec<Diagnostic>, files: &[Option<Arc<SourceFile>>], e: &Expr) {
    if let ExprKind::Binary {
        op: BinaryOp::And, ..
    } = &e.kind
    {
        let mut conjuncts = Vec::new();
        flatten(e, &mut conjuncts);
        let bounds: Vec<Bound> = conjuncts.iter().filter_map(|c| bound(files, c)).collect();
        for (i, lo) in bounds.iter().enumerate().filter(|(_, b)| b.lower) {
            for hi in bounds[i + 1..]
                .iter()
                .chain(bounds[..i].iter())
                .filter(|b| !b.lower && b.subject == lo.subject)
            {
                let empty = match lo.at.partial_cmp(&hi.at) {
                    Some(Ordering::Greater) => true,
                    Some(Ordering::Equal) => !(lo.inclusive && hi.inclusive),
                    _ => false,
                };
                if empty {
                    found.push(
                        Diagnostic::error("E0304", format!("no value of `{}` can fall in this window", lo.subject))
                            .with_key("E0304-empty-window")
                            .with_arg("subject", lo.subject.to_string())
                            .with_label(lo.expr.origin.file, lo.expr.origin.span, "starts here")
                            .with_label(hi.expr.origin.file, hi.expr.origin.span, "ends here")
                            .with_help_key("E0304-empty-window-help", "the lower bound is not before the upper bound: swap the dates or the comparisons"),
                    );
                    return;
                }
            }
        }
    }
    for child in e.children() {
        walk(found, files, child);
    }
}

fn flatten<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => {
            flatten(lhs, out);
            flatten(rhs, out);
        }
        _ => out.push(e),
    }
}

fn point(e: &Expr) -> Option<Point> {
    match &e.kind {
        ExprKind::Const(Constant::Date(d)) => Some(Point::Date(*d)),
        ExprKind::Const(Constant::Instant(t)) => Some(Point::Instant(*t)),
        _ => None,
    }
}

fn text(files: &[Option<Arc<SourceFile>>], e: &Expr) -> Option<String> {
    let f = files.get(e.origin.file.0 as usize)?.as_ref()?;
    let t = f.text.get(e.origin.span.start..e.origin.span.end)?;
    Some(t.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn bound<'e>(files: &[Option<Arc<SourceFile>>], e: &'e Expr) -> Option<Bound<'e>> {
    let ExprKind::Binary { op, lhs, rhs } = &e.kind else {
        return None;
    };
    // `x OP constant`, or `constant OP x` turned around.
    let (subject, at, op) = match (point(lhs), point(rhs)) {
        (None, Some(p)) => (lhs, p, *op),
        (Some(p), None) => (
            rhs,
            p,
            match op {
                BinaryOp::Lt => BinaryOp::Gt,
                BinaryOp::Le => BinaryOp::Ge,
                BinaryOp::Gt => BinaryOp::Lt,
                BinaryOp::Ge => BinaryOp::Le,
                other => *other,
            },
        ),
        _ => return None,
    };
    let (lower, inclusive) = match op {
        BinaryOp::Gt => (true, false),
        BinaryOp::Ge => (true, true),
        BinaryOp::Lt => (false, false),
        BinaryOp::Le => (false, true),
        _ => return None,
    };
    Some(Bound {
        subject: text(files, subject)?,
        lower,
        inclusive,
        at,
        expr: e,
    })
}
