//! The `cap_never_binds` lint: a `min(amount, cap)` whose amount can never exceed the cap.
//!
//! An interval analysis over the checked expressions. Parameters of a finite type (tracks, enum
//! variants, booleans) are tried one value at a time, since amounts and caps usually both depend
//! on them (a table row per track); other parameters are unknown. A sum over `a..n` with `n`
//! unknown is split at the boundaries of the range tables its body looks up, so that a degressive
//! rate table ending in `13.. | 0 %` gives a finite maximum.

use crate::ir::{self, Builtin, CompOp, Constant, ExprKind, Key};
use crate::lints::Lints;
use crate::types::Type;
use care_syntax::ast::BinaryOp;
use care_syntax::Diagnostic;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Most value combinations of finite parameters tried for one function.
const MAX_CASES: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Interval {
    lo: Option<Decimal>,
    hi: Option<Decimal>,
}

impl Interval {
    const UNKNOWN: Interval = Interval { lo: None, hi: None };

    fn exact(v: Decimal) -> Self {
        Interval {
            lo: Some(v),
            hi: Some(v),
        }
    }

    fn hull(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo.zip(o.lo).map(|(a, b)| a.min(b)),
            hi: self.hi.zip(o.hi).map(|(a, b)| a.max(b)),
        }
    }
}

/// What a local slot stands for during the analysis.
#[derive(Clone)]
enum Slot<'e> {
    Known(Constant),
    Expr(&'e ir::Expr),
    Range(Interval),
}

struct Analysis<'p> {
    /// The checked tables, by index (all present: `caps` does not run with a broken table).
    tables: &'p [Option<ir::Table>],
    /// The checked functions, whose calls the analysis follows.
    functions: &'p [ir::Function],
    slots: HashMap<u32, Slot<'p>>,
}

pub fn caps(cx: &mut Lints, functions: &[ir::Function]) {
    if cx.tables.iter().any(Option::is_none) {
        return; // a broken table: its errors come first
    }
    // Found with shared borrows of the checked tables, reported (and maybe silenced) after.
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let mut undecided: Vec<usize> = Vec::new();
    let tables = &cx.tables;
    for (i, f) in functions.iter().enumerate() {
        for call in caps_in(&f.body) {
            let cases = param_cases(cx, &f.params);
            if cases.is_empty() {
                continue;
            }
            // Per case: `Some(true)` the cap never binds, `Some(false)` it may, `None` undecided.
            let verdicts: Vec<Option<bool>> = cases
                .iter()
                .map(|case| {
                    let mut a = Analysis {
                        tables,
                        functions,
                        slots: HashMap::new(),
                    };
                    for (slot, value) in case {
                        a.slots.insert(*slot, value.clone());
                    }
                    for (slot, _, e) in &f.body.lets {
                        a.slots.insert(*slot, Slot::Expr(e));
                    }
                    let ExprKind::Builtin { args, .. } = &call.kind else {
                        return None;
                    };
                    let (Some(amount), Some(cap)) = (args.first(), args.get(1)) else {
                        return None;
                    };
                    let amount = a.bound(amount, 0);
                    let cap = a.bound(cap, 0);
                    match (amount.hi, cap.lo, amount.lo, cap.hi) {
                        (Some(h), Some(l), _, _) if h <= l => Some(true),
                        // The amount can exceed the cap: it binds.
                        (_, _, Some(l), Some(h)) if l > h => Some(false),
                        (Some(_), Some(_), _, _) => Some(false),
                        _ => None,
                    }
                })
                .collect();
            if verdicts.iter().any(Option::is_none) && !verdicts.contains(&Some(false)) {
                // Undecided: an `@allow` written for this lint is kept, never called unused.
                undecided.push(i);
            }
            let never = verdicts.iter().all(|v| *v == Some(true));
            if never {
                let finite: Vec<String> = f
                    .params
                    .iter()
                    .filter(|(_, t)| finite(t))
                    .map(|(n, _)| format!("`{n}`"))
                    .collect();
                let (help_key, cases) = if finite.is_empty() {
                    ("W0004-never-binds-help", String::new())
                } else {
                    (
                        "W0004-never-binds-cases-help",
                        format!("for every value of {}, ", finite.join(", ")),
                    )
                };
                let d = Diagnostic::warning("W0004", "cap_never_binds", "this cap never binds: the amount never exceeds it")
                    .with_key("W0004-never-binds")
                    .with_arg("params", finite.join(", "))
                    .with_label(call.origin.file, call.origin.span, "the first argument is never above the second")
                    .with_help_key(help_key, format!("{cases}the largest amount is at most the cap; a cap that never applies usually means a table or the cap is wrong"));
                found.push((i, d));
            }
        }
    }
    for i in undecided {
        if let Some(f) = cx.decls.functions.get(i) {
            let allows: Vec<_> = f
                .allows
                .iter()
                .filter(|a| a.node.lint.node == "cap_never_binds")
                .map(|a| (a.file, a.node.span))
                .collect();
            cx.keep_allows(allows);
        }
    }
    for (i, d) in found {
        let allows = cx
            .decls
            .functions
            .get(i)
            .map(|f| f.allows.clone())
            .unwrap_or_default();
        cx.warn(d, &allows);
    }
}

fn finite(t: &Type) -> bool {
    matches!(t, Type::Track | Type::Bool | Type::Enum(_))
}

/// Every combination of values of the finite parameters; the others stay unknown.
fn param_cases(cx: &Lints, params: &[(String, Type)]) -> Vec<Vec<(u32, Slot<'static>)>> {
    let mut cases: Vec<Vec<(u32, Slot<'static>)>> = vec![Vec::new()];
    for (i, (_, t)) in params.iter().enumerate() {
        let slot = u32::try_from(i).unwrap_or(0);
        let values: Vec<Constant> = match t {
            Type::Track => (0..cx.decls.tracks.len())
                .map(|k| Constant::Track(u32::try_from(k).unwrap_or(0)))
                .collect(),
            Type::Bool => vec![Constant::Bool(false), Constant::Bool(true)],
            Type::Enum(id) => {
                let n = cx
                    .names
                    .schema
                    .enum_def(*id)
                    .map_or(0, |e| e.variants.len());
                (0..n)
                    .map(|v| Constant::Enum(*id, u32::try_from(v).unwrap_or(0)))
                    .collect()
            }
            _ => continue,
        };
        let mut next = Vec::new();
        for case in &cases {
            for v in &values {
                let mut c = case.clone();
                c.push((slot, Slot::Known(v.clone())));
                next.push(c);
            }
        }
        if next.len() > MAX_CASES {
            return Vec::new();
        }
        cases = next;
    }
    cases
}

/// The two-argument `min(…, …)` calls of a body.
fn caps_in(body: &ir::Body) -> Vec<&ir::Expr> {
    let mut out = Vec::new();
    for (_, _, e) in &body.lets {
        walk(e, &mut out);
    }
    walk(&body.expr, &mut out);
    out
}

fn walk<'e>(e: &'e ir::Expr, out: &mut Vec<&'e ir::Expr>) {
    if let ExprKind::Builtin {
        func: Builtin::MinOf,
        args,
    } = &e.kind
    {
        if args.len() == 2 && matches!(e.ty, Type::Money | Type::Int | Type::Decimal) {
            out.push(e);
        }
    }
    match &e.kind {
        ExprKind::Builtin { args, .. }
        | ExprKind::Call { args, .. }
        | ExprKind::List(args)
        | ExprKind::Struct(args) => args.iter().for_each(|a| walk(a, out)),
        ExprKind::Binary { lhs, rhs, .. } => {
            walk(lhs, out);
            walk(rhs, out);
        }
        ExprKind::If { cond, then, els } => {
            walk(cond, out);
            walk(then, out);
            walk(els, out);
        }
        ExprKind::Not(x) | ExprKind::Neg(x) => walk(x, out),
        _ => {}
    }
}

fn number(c: &Constant) -> Option<Decimal> {
    match c {
        Constant::Int(n) => Some(Decimal::from(*n)),
        Constant::Decimal(d) | Constant::Money(d) => Some(*d),
        _ => None,
    }
}

impl<'p> Analysis<'p> {
    /// Bounds of a numeric expression; `depth` guards against deep let chains.
    fn bound(&mut self, e: &'p ir::Expr, depth: u32) -> Interval {
        if depth > 64 {
            return Interval::UNKNOWN;
        }
        match &e.kind {
            ExprKind::Const(c) => number(c).map_or(Interval::UNKNOWN, Interval::exact),
            ExprKind::Local(s) => match self.slots.get(s).cloned() {
                Some(Slot::Known(c)) => number(&c).map_or(Interval::UNKNOWN, Interval::exact),
                Some(Slot::Expr(x)) => self.bound(x, depth + 1),
                Some(Slot::Range(i)) => i,
                None => Interval::UNKNOWN,
            },
            ExprKind::Lookup { table, key } => self.lookup(*table, key, None),
            ExprKind::Field { base, index } => match &base.kind {
                ExprKind::Lookup { table, key } => self.lookup(*table, key, Some(*index as usize)),
                _ => Interval::UNKNOWN,
            },
            ExprKind::Binary { op, lhs, rhs } => {
                let (a, b) = (self.bound(lhs, depth + 1), self.bound(rhs, depth + 1));
                match op {
                    BinaryOp::Add => Interval {
                        lo: add(a.lo, b.lo),
                        hi: add(a.hi, b.hi),
                    },
                    BinaryOp::Sub => Interval {
                        lo: sub(a.lo, b.hi),
                        hi: sub(a.hi, b.lo),
                    },
                    BinaryOp::Mul => mul(a, b),
                    _ => Interval::UNKNOWN,
                }
            }
            ExprKind::Builtin {
                func: Builtin::MinOf,
                args,
            } => {
                let bs: Vec<Interval> = args.iter().map(|a| self.bound(a, depth + 1)).collect();
                Interval {
                    // The least of the lows is a low; the least of the highs (any known one) a high.
                    lo: bs
                        .iter()
                        .try_fold(None::<Decimal>, |acc, b| {
                            b.lo.map(|l| Some(acc.map_or(l, |a| a.min(l))))
                        })
                        .flatten(),
                    hi: bs.iter().filter_map(|b| b.hi).min(),
                }
            }
            ExprKind::Builtin {
                func: Builtin::MaxOf,
                args,
            } => {
                let bs: Vec<Interval> = args.iter().map(|a| self.bound(a, depth + 1)).collect();
                Interval {
                    lo: bs.iter().filter_map(|b| b.lo).max(),
                    hi: bs
                        .iter()
                        .try_fold(None::<Decimal>, |acc, b| {
                            b.hi.map(|h| Some(acc.map_or(h, |a| a.max(h))))
                        })
                        .flatten(),
                }
            }
            // A condition the known parameters decide takes its branch; otherwise both.
            ExprKind::If { cond, then, els } => match self.decide(cond) {
                Some(true) => self.bound(then, depth + 1),
                Some(false) => self.bound(els, depth + 1),
                None => {
                    let (a, b) = (self.bound(then, depth + 1), self.bound(els, depth + 1));
                    a.hull(b)
                }
            },
            // A call of a policy function: its body, with what is known of the arguments.
            ExprKind::Call { func, args } => match self.functions.get(*func as usize) {
                Some(f) if depth < 16 => {
                    let mut inner = Analysis {
                        tables: self.tables,
                        functions: self.functions,
                        slots: HashMap::new(),
                    };
                    for (i, arg) in args.iter().enumerate() {
                        let slot = u32::try_from(i).unwrap_or(0);
                        let known = match &arg.kind {
                            ExprKind::Const(c) => Some(c.clone()),
                            ExprKind::Local(s) => match self.slots.get(s) {
                                Some(Slot::Known(c)) => Some(c.clone()),
                                _ => None,
                            },
                            _ => None,
                        };
                        let value = match known {
                            Some(c) => Slot::Known(c),
                            None => Slot::Range(self.bound(arg, depth + 1)),
                        };
                        inner.slots.insert(slot, value);
                    }
                    for (slot, _, e) in &f.body.lets {
                        inner.slots.insert(*slot, Slot::Expr(e));
                    }
                    inner.bound(&f.body.expr, depth + 4)
                }
                _ => Interval::UNKNOWN,
            },
            ExprKind::Comprehension {
                op: CompOp::Sum,
                slot,
                source,
                filter: None,
                body: Some(body),
            } => self.sum(*slot, source, body, depth),
            _ => Interval::UNKNOWN,
        }
    }

    /// The value of a condition when the known parameters decide it: `p == P4`, `not`, `and`, `or`.
    fn decide(&self, cond: &ir::Expr) -> Option<bool> {
        let known = |e: &ir::Expr| match &e.kind {
            ExprKind::Const(c) => Some(c.clone()),
            ExprKind::Local(s) => match self.slots.get(s) {
                Some(Slot::Known(c)) => Some(c.clone()),
                _ => None,
            },
            _ => None,
        };
        match &cond.kind {
            ExprKind::Const(Constant::Bool(b)) => Some(*b),
            ExprKind::Local(_) => match known(cond)? {
                Constant::Bool(b) => Some(b),
                _ => None,
            },
            ExprKind::Not(e) => self.decide(e).map(|b| !b),
            ExprKind::Binary { op, lhs, rhs } => match op {
                BinaryOp::Eq | BinaryOp::Ne => {
                    let (a, b) = (known(lhs)?, known(rhs)?);
                    let same = match (&a, &b) {
                        (Constant::Track(x), Constant::Track(y)) => x == y,
                        (Constant::Enum(e, x), Constant::Enum(f, y)) => e == f && x == y,
                        (Constant::Bool(x), Constant::Bool(y)) => x == y,
                        _ => return None,
                    };
                    Some(same == (*op == BinaryOp::Eq))
                }
                BinaryOp::And => match (self.decide(lhs), self.decide(rhs)) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                },
                BinaryOp::Or => match (self.decide(lhs), self.decide(rhs)) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// The values a lookup can return, for the keys the key expression can take.
    fn lookup(&mut self, table: u32, key: &'p ir::Expr, column: Option<usize>) -> Interval {
        let Some(t) = self.tables.get(table as usize).and_then(Option::as_ref) else {
            return Interval::UNKNOWN;
        };
        let col = match (column, t.columns.len()) {
            (Some(c), _) => c,
            (None, 1) => 0,
            _ => return Interval::UNKNOWN,
        };
        let rows: Vec<&ir::TableRow> = match (&key.kind, self.key_range(key)) {
            (_, Some(k)) => t
                .rows
                .iter()
                // A range of decimals or a row of several keys may hold any key: kept.
                .filter(|r| match r.key {
                    Key::Range { start, end } => overlaps(start, end, k),
                    Key::Between { .. } | Key::Tuple(_) => true,
                    Key::Exact(_) => false,
                })
                .collect(),
            (ExprKind::Local(s), None) => match self.slots.get(s) {
                Some(Slot::Known(c)) => t
                    .rows
                    .iter()
                    .filter(|r| r.key == Key::Exact(c.clone()))
                    .collect(),
                _ => t.rows.iter().collect(),
            },
            (ExprKind::Const(c), None) => t
                .rows
                .iter()
                .filter(|r| r.key == Key::Exact(c.clone()))
                .collect(),
            _ => t.rows.iter().collect(),
        };
        let mut out: Option<Interval> = None;
        for r in rows {
            let Some(v) = r.values.get(col).and_then(number) else {
                return Interval::UNKNOWN;
            };
            let i = Interval::exact(v);
            out = Some(out.map_or(i, |o| o.hull(i)));
        }
        out.unwrap_or(Interval::UNKNOWN)
    }

    /// The integer keys an int key expression can take, when bounded.
    fn key_range(&mut self, key: &'p ir::Expr) -> Option<(i64, Option<i64>)> {
        if key.ty != Type::Int {
            return None;
        }
        let b = self.bound(key, 0);
        let lo =
            b.lo.and_then(|d| i64::try_from(d.floor()).ok())
                .unwrap_or(i64::MIN);
        let hi = b.hi.and_then(|d| i64::try_from(d.ceil()).ok());
        Some((lo, hi))
    }

    /// `sum(i in a..n: body)`: split the range at the boundaries of the tables the body looks up.
    fn sum(&mut self, slot: u32, source: &'p ir::Expr, body: &'p ir::Expr, depth: u32) -> Interval {
        let ExprKind::Range { start, end } = &source.kind else {
            return Interval::UNKNOWN;
        };
        let (s, e) = (self.bound(start, depth + 1), self.bound(end, depth + 1));
        let Some(first) = s.lo.and_then(|d| i64::try_from(d.ceil()).ok()) else {
            return Interval::UNKNOWN;
        };
        let last = e.hi.and_then(|d| i64::try_from(d.floor()).ok());
        let mut cuts: Vec<i64> = vec![first];
        let mut tables = Vec::new();
        lookups_keyed_by(body, slot, self.functions, 0, &mut tables);
        for t in tables {
            if let Some(table) = self.tables.get(t as usize).and_then(Option::as_ref) {
                for r in &table.rows {
                    if let Key::Range { start, end } = r.key {
                        cuts.push(start);
                        if let Some(e) = end {
                            cuts.push(e.saturating_add(1));
                        }
                    }
                }
            }
        }
        cuts.retain(|c| *c >= first && last.is_none_or(|l| *c <= l));
        cuts.sort_unstable();
        cuts.dedup();
        // The sum runs over a prefix of the range (n is unknown): its highest value adds the
        // positive contributions of every segment, its lowest the negative ones.
        let (mut hi, mut lo) = (Some(Decimal::ZERO), Some(Decimal::ZERO));
        for (i, a) in cuts.iter().enumerate() {
            let b = cuts.get(i + 1).map(|n| n - 1).or(last);
            let width = b.map(|b| Decimal::from(b - a + 1));
            self.slots.insert(
                slot,
                Slot::Range(Interval {
                    lo: Some(Decimal::from(*a)),
                    hi: b.map(Decimal::from),
                }),
            );
            let v = self.bound(body, depth + 1);
            let part_hi = match (v.hi, width) {
                (Some(h), _) if h <= Decimal::ZERO => Some(Decimal::ZERO),
                (Some(h), Some(w)) => h.checked_mul(w),
                _ => None,
            };
            let part_lo = match (v.lo, width) {
                (Some(l), _) if l >= Decimal::ZERO => Some(Decimal::ZERO),
                (Some(l), Some(w)) => l.checked_mul(w),
                _ => None,
            };
            hi = add(hi, part_hi);
            lo = add(lo, part_lo);
        }
        self.slots.remove(&slot);
        Interval { lo, hi }
    }
}

fn overlaps(start: i64, end: Option<i64>, k: (i64, Option<i64>)) -> bool {
    let (lo, hi) = k;
    end.is_none_or(|e| e >= lo) && hi.is_none_or(|h| h >= start)
}

/// The tables looked up by the value of `slot`, also through the policy's functions it is passed to.
fn lookups_keyed_by(
    e: &ir::Expr,
    slot: u32,
    functions: &[ir::Function],
    depth: u32,
    out: &mut Vec<u32>,
) {
    if depth > 16 {
        return;
    }
    let go = |x: &ir::Expr, out: &mut Vec<u32>| lookups_keyed_by(x, slot, functions, depth, out);
    if let ExprKind::Lookup { table, key } = &e.kind {
        if matches!(key.kind, ExprKind::Local(s) if s == slot) {
            out.push(*table);
        }
    }
    if let ExprKind::Call { func, args } = &e.kind {
        if let Some(f) = functions.get(*func as usize) {
            for (i, a) in args.iter().enumerate() {
                if matches!(a.kind, ExprKind::Local(s) if s == slot) {
                    let param = u32::try_from(i).unwrap_or(0);
                    lookups_keyed_by(&f.body.expr, param, functions, depth + 1, out);
                    for (_, _, l) in &f.body.lets {
                        lookups_keyed_by(l, param, functions, depth + 1, out);
                    }
                }
            }
        }
    }
    match &e.kind {
        ExprKind::Builtin { args, .. }
        | ExprKind::Call { args, .. }
        | ExprKind::List(args)
        | ExprKind::Struct(args) => args.iter().for_each(|a| go(a, out)),
        ExprKind::Binary { lhs, rhs, .. } => {
            go(lhs, out);
            go(rhs, out);
        }
        ExprKind::If { cond, then, els } => {
            go(cond, out);
            go(then, out);
            go(els, out);
        }
        ExprKind::Field { base, .. } | ExprKind::Not(base) | ExprKind::Neg(base) => go(base, out),
        _ => {}
    }
}

fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    a?.checked_add(b?)
}

fn sub(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    a?.checked_sub(b?)
}

fn mul(a: Interval, b: Interval) -> Interval {
    match (a.lo, a.hi, b.lo, b.hi) {
        (Some(al), Some(ah), Some(bl), Some(bh)) => {
            let products: Option<Vec<Decimal>> = [(al, bl), (al, bh), (ah, bl), (ah, bh)]
                .iter()
                .map(|(x, y)| x.checked_mul(*y))
                .collect();
            match products {
                Some(p) => Interval {
                    lo: p.iter().min().copied(),
                    hi: p.iter().max().copied(),
                },
                None => Interval::UNKNOWN,
            }
        }
        (Some(al), ah, Some(bl), bh) if al >= Decimal::ZERO && bl >= Decimal::ZERO => Interval {
            lo: al.checked_mul(bl),
            hi: ah.zip(bh).and_then(|(x, y)| x.checked_mul(y)),
        },
        _ => Interval::UNKNOWN,
    }
}
