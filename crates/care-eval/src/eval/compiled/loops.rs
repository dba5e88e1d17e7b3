//! Comprehensions (`all`, `any`, `none`, `count`, `sum`, … over a list or a range): the filter
//! and the body fused into one loop, with no list built for what is only counted or tested.

use super::cond::cond;
use super::expr::{code, int_range};
use super::{Code, Cond, Cx};
use crate::eval::error::EvalResult;
use crate::eval::machine::{Acc, Machine};
use crate::value::Value;
use care_check::ir::{self, CompOp, Expr, ExprKind};
use std::sync::Arc;

/// What a comprehension walks: a range (walked without building it) or a list.
pub(super) enum Source {
    Range {
        start: Code,
        end: Code,
        start_origin: ir::Origin,
        end_origin: ir::Origin,
    },
    List(Code),
}

impl Source {
    pub(super) fn new(e: &Expr, cx: &mut Cx) -> Source {
        match &e.kind {
            ExprKind::Range { start, end } => Source::Range {
                start: code(start, cx),
                end: code(end, cx),
                start_origin: start.origin,
                end_origin: end.origin,
            },
            _ => Source::List(code(e, cx)),
        }
    }
}

pub(super) fn comprehension(
    op: CompOp,
    slot: u32,
    source: &Expr,
    filter: Option<&Expr>,
    body: Option<&Expr>,
    e: &Expr,
    cx: &mut Cx,
) -> Code {
    let src = Source::new(source, cx);
    let (run, sites) = inside(slot, cx, |cx| fused(op, slot, src, filter, body, e, cx));
    if sites.is_empty() {
        return run;
    }
    // A new run of the loop: the invariant lookups of the last run may differ.
    Box::new(move |m| {
        super::hoist::forget(m, &sites);
        run(m)
    })
}

/// `compile` run inside a loop binding `slot`: what it compiled, and the invariant lookups the
/// loop keeps ([`super::hoist`]), which each run of the loop must forget first.
pub(super) fn inside<T>(
    slot: u32,
    cx: &mut Cx,
    compile: impl FnOnce(&mut Cx) -> T,
) -> (T, Vec<usize>) {
    cx.loops.push((slot, Vec::new()));
    let compiled = compile(cx);
    let sites = cx.loops.pop().map(|(_, s)| s).unwrap_or_default();
    (compiled, sites)
}

/// The loop of a comprehension, its filter and body fused.
fn fused(
    op: CompOp,
    slot: u32,
    src: Source,
    filter: Option<&Expr>,
    body: Option<&Expr>,
    e: &Expr,
    cx: &mut Cx,
) -> Code {
    let origin = e.origin;
    let filter: Option<Cond> = filter.map(|f| cond(f, cx));
    match op {
        CompOp::All | CompOp::Any | CompOp::None => {
            // Without a body, `any` and `none` test that an item is kept by the filter, and
            // `all` reads each item as a bool.
            let test: Cond = match body {
                Some(b) => cond(b, cx),
                None if op != CompOp::All => Box::new(|_| Ok(true)),
                None => Box::new(move |m| Ok(matches!(m.slot(slot), Some(Value::Bool(true))))),
            };
            // `any` and `none` are decided by an item that holds, `all` by one that does not.
            let decides = op != CompOp::All;
            Box::new(move |m| {
                let mut decided = false;
                walk(m, &src, slot, origin, |m| {
                    if let Some(f) = &filter {
                        if !f(m)? {
                            return Ok(false);
                        }
                    }
                    decided = test(m)? == decides;
                    Ok(decided)
                })?;
                Ok(Value::Bool(if op == CompOp::Any {
                    decided
                } else {
                    !decided
                }))
            })
        }
        CompOp::Count => {
            let body = body.map(|b| code(b, cx));
            Box::new(move |m| {
                let mut n: i64 = 0;
                walk(m, &src, slot, origin, |m| {
                    if let Some(f) = &filter {
                        if !f(m)? {
                            return Ok(false);
                        }
                    }
                    if let Some(b) = &body {
                        b(m)?;
                    }
                    n = n.saturating_add(1);
                    Ok(false)
                })?;
                Ok(Value::Int(n))
            })
        }
        CompOp::List => {
            let body = body.map(|b| code(b, cx));
            Box::new(move |m| {
                // The kept items go on the machine's stack of lists being built, above those
                // of the comprehensions this one is inside.
                let base = m.building.len();
                let walked = walk(m, &src, slot, origin, |m| {
                    if let Some(f) = &filter {
                        if !f(m)? {
                            return Ok(false);
                        }
                    }
                    let v = match &body {
                        Some(b) => b(m)?,
                        None => item(m, slot),
                    };
                    m.building.push(v);
                    Ok(false)
                });
                if let Err(err) = walked {
                    m.building.truncate(base);
                    return Err(err);
                }
                if m.building.len() == base {
                    return Ok(Value::List(m.empty_list.clone()));
                }
                let items: Arc<[Value]> = m.building.drain(base..).collect();
                Ok(Value::List(items))
            })
        }
        _ => {
            let body = body.map(|b| code(b, cx));
            let ty = e.ty.clone();
            Box::new(move |m| {
                let mut acc = Acc::new(op, &ty);
                walk(m, &src, slot, origin, |m| {
                    if let Some(f) = &filter {
                        if !f(m)? {
                            return Ok(false);
                        }
                    }
                    let v = match &body {
                        Some(b) => b(m)?,
                        None => item(m, slot),
                    };
                    let it = if op == CompOp::Sort {
                        item(m, slot)
                    } else {
                        Value::Absent
                    };
                    let prog = m.prog;
                    acc.push(it, v, &prog.policy.tz, origin)
                })?;
                acc.finish(origin)
            })
        }
    }
}

/// The item bound to the binder, copied.
fn item(m: &Machine<'_>, slot: u32) -> Value {
    m.slot(slot).cloned().unwrap_or_default()
}

/// Runs `f` for each item of the source bound to `slot`, until `f` says the result is decided.
pub(super) fn walk(
    m: &mut Machine<'_>,
    src: &Source,
    slot: u32,
    origin: ir::Origin,
    mut f: impl FnMut(&mut Machine<'_>) -> EvalResult<bool>,
) -> EvalResult<()> {
    match src {
        Source::Range {
            start,
            end,
            start_origin,
            end_origin,
        } => {
            let (a, b) = int_range(m, start, end, *start_origin, *end_origin)?;
            for i in a..=b {
                m.tick(1, origin)?;
                m.set(slot, Value::Int(i));
                if f(m)? {
                    break;
                }
            }
            Ok(())
        }
        Source::List(c) => match c(m)? {
            Value::List(items) => m.each_item(items, slot, origin, f),
            _ => Ok(()),
        },
    }
}
