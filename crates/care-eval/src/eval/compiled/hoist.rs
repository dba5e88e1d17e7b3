//! Loop-invariant lookups: a table lookup (or a column of one) inside a comprehension whose key
//! reads none of the loop's binders is computed for the first item of each run of the loop and
//! reused for the others, so that an author writes `sum(i in 1..n: montants(p).unitaire *
//! taux(i))` and the row of `montants` is found once per call, not once per site. A lookup is
//! kept by the outermost loop whose binders, and those of the loops inside it, it does not read.
//! Locals bound outside the loop (parameters, `let`s, outer binders) do not change during a run,
//! and the language has no recursion (E0109), so no other run of the same loop can come between.
//!
//! Computed on first use, not before the loop: an empty list computes nothing, so a lookup that
//! would fail fails exactly where the tree walk fails (the differential tests check it).

use super::{Code, Cx};
use crate::eval::machine::Machine;
use care_check::ir::{Expr, ExprKind};

/// A new run of a loop: the invariant lookups `sites` it keeps may differ from the last run's.
#[inline]
pub(super) fn forget(m: &mut Machine<'_>, sites: &[usize]) {
    for &id in sites {
        if let Some(s) = m.hoisted.get_mut(id) {
            *s = None;
        }
    }
}

/// The cached form of `e`, if `e` is a lookup worth keeping inside the loop being compiled.
pub(super) fn site(e: &Expr, cx: &mut Cx) -> Option<Code> {
    if cx.hoisting || cx.loops.is_empty() || !is_lookup(e) {
        return None;
    }
    let mut locals = Vec::new();
    if !reads(e, &mut locals) {
        return None;
    }
    // The outermost loop such that neither it nor a loop inside it binds what `e` reads.
    let mut level = cx.loops.len();
    while level > 0
        && cx
            .loops
            .get(level - 1)
            .is_some_and(|(binder, _)| !locals.contains(binder))
    {
        level -= 1;
    }
    if level == cx.loops.len() {
        return None; // reads the binder of the innermost loop
    }
    cx.hoisting = true;
    let c = super::expr::raw(e, cx);
    cx.hoisting = false;
    let id = cx.hoisted;
    cx.hoisted += 1;
    if let Some((_, sites)) = cx.loops.get_mut(level) {
        sites.push(id);
    }
    Some(Box::new(move |m| {
        if let Some(Some(v)) = m.hoisted.get(id) {
            return Ok(v.clone());
        }
        let v = c(m)?;
        if let Some(slot) = m.hoisted.get_mut(id) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }))
}

/// A table lookup, or a column of one.
fn is_lookup(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lookup { .. } => true,
        ExprKind::Field { base, .. } => is_lookup(base),
        _ => false,
    }
}

/// The locals `e` reads, into `out`; false if `e` binds locals itself or calls a function (kept
/// out of lookups worth keeping: a call has its own cache).
fn reads(e: &Expr, out: &mut Vec<u32>) -> bool {
    match &e.kind {
        ExprKind::Local(s) => {
            out.push(*s);
            true
        }
        ExprKind::Comprehension { .. } | ExprKind::Call { .. } => false,
        _ => e.children().into_iter().all(|c| reads(c, out)),
    }
}
