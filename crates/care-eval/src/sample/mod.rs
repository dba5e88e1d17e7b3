//! Random dossiers for a policy version, generated from what the version declares and nothing
//! else (`care sample`, benchmarks, load tests): its input schema (records, enums, tracks,
//! optional fields, lists, defaults, bounds), the window it is in force, and the constants its
//! rules compare the data with.
//!
//! Every dossier decodes without error against the version, and its reference date falls in the
//! version's window, so the version judges it. The values are varied on purpose: a field the
//! policy compares with a constant (`activity != sanitaire`, `amount <= 300000 €`, a deadline)
//! takes that constant, or one step on either side of it, about half of the time; a text field
//! compared with another field shares a small pool of identifiers with it, so that the two match
//! now and then; a code comes from the codes the policy declares. Nothing here knows a call.
//!
//! When the policy has fixture dossiers, [`Sampler::from_fixtures`] varies them instead (see
//! [`vary`]): a cohort then holds dossiers on both sides of the decision.
//!
//! The same policy and seed give the same dossiers on every platform (SplitMix64, no floating
//! point).

use std::collections::HashMap;
use std::fmt::Write as _;

use care_check::ir::{self, Constant, ExprKind, Policy};
use care_check::model::{BoundValue, Bounds, FieldDef};
use care_check::types::{RecordId, Type};
use care_syntax::ast::BinaryOp;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::engine::Engine;
use crate::render::push_json_string;
use crate::value::Value;

mod vary;
pub use vary::fixture_bases;

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// An index into a slice of `len` items.
    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// A number in `lo..=hi` (`lo` when the range is empty).
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.saturating_add_unsigned(self.below(span))
    }
}

/// A generated value, written as JSON or YAML.
#[derive(Clone, Debug)]
enum Gen {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Gen>),
    /// Fields in declaration order; an omitted field is not in the list.
    Obj(Vec<(String, Gen)>),
}

/// The constants a field is compared with, found in the policy's expressions.
#[derive(Default, Debug)]
struct Pools {
    /// By record and field index: the constants compared with it.
    constants: HashMap<(u32, u32), Vec<Constant>>,
    /// By record and field index: text fields compared with another field.
    linked: HashMap<(u32, u32), ()>,
    /// Every instant and date the policy writes (deadlines, cut-off dates).
    instants: Vec<jiff::Timestamp>,
    dates: Vec<Date>,
    /// The codes the policy declares (objectives, rules) or writes.
    codes: Vec<String>,
}

/// The record field an expression reads, when it is one (`ej.activity`: record, field).
fn field_of(e: &ir::Expr) -> Option<(u32, u32)> {
    match &e.kind {
        ExprKind::Field { base, index } => match base.ty.required() {
            Type::Record(RecordId(r)) => Some((*r, *index)),
            _ => None,
        },
        _ => None,
    }
}

/// The constants of an expression: itself, or the items of a list literal.
fn constants_of(e: &ir::Expr) -> Vec<Constant> {
    match &e.kind {
        ExprKind::Const(c) => vec![c.clone()],
        ExprKind::List(items) => items
            .iter()
            .filter_map(|i| match &i.kind {
                ExprKind::Const(c) => Some(c.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl Pools {
    fn of(policy: &Policy) -> Pools {
        let mut pools = Pools::default();
        let mut stack: Vec<&ir::Expr> = Vec::new();
        for r in &policy.rules {
            for s in &r.steps {
                match s {
                    ir::RuleStep::When(e) | ir::RuleStep::Require(e) => stack.push(e),
                    ir::RuleStep::ForEach { list, .. } => stack.push(list),
                    ir::RuleStep::Let { value, .. } => stack.push(value),
                }
            }
        }
        for f in &policy.functions {
            stack.extend(body(&f.body));
        }
        for v in &policy.values {
            stack.extend(body(&v.body));
        }
        for o in &policy.outputs {
            stack.extend(body(&o.body));
        }
        for o in &policy.objectives {
            stack.extend(o.scope.as_ref().map(|(_, e)| e));
            stack.extend(o.achieved.as_ref());
        }
        if let Some(b) = &policy.chosen_objectives {
            stack.extend(body(b));
        }
        while let Some(e) = stack.pop() {
            match &e.kind {
                ExprKind::Const(Constant::Instant(t)) => pools.instants.push(*t),
                ExprKind::Const(Constant::Date(d)) => pools.dates.push(*d),
                ExprKind::Const(Constant::Code(c)) => pools.codes.push(c.to_string()),
                ExprKind::Binary { op, lhs, rhs } if is_comparison(*op) => {
                    for (field, other) in [(lhs, rhs), (rhs, lhs)] {
                        let Some(key) = field_of(field) else {
                            continue;
                        };
                        let found = constants_of(other);
                        if !found.is_empty() {
                            pools.constants.entry(key).or_default().extend(found);
                        } else if field_of(other).is_some()
                            || matches!(&other.kind, ExprKind::Comprehension { .. })
                        {
                            pools.linked.insert(key, ());
                        }
                    }
                }
                _ => {}
            }
            stack.extend(e.children());
        }
        pools
            .codes
            .extend(policy.objectives.iter().map(|o| o.code.clone()));
        pools.codes.sort();
        pools.codes.dedup();
        pools.instants.sort();
        pools.instants.dedup();
        pools.dates.sort();
        pools.dates.dedup();
        pools
    }
}

fn body(b: &ir::Body) -> Vec<&ir::Expr> {
    let mut v: Vec<&ir::Expr> = b.lets.iter().map(|(_, _, e)| e).collect();
    v.push(&b.expr);
    v
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::NotIn
    )
}

/// Deepest nesting of records generated; a list of records deeper than this is left empty.
const MAX_DEPTH: usize = 6;

/// Generates dossiers for one version of a policy.
pub struct Sampler<'p> {
    policy: &'p Policy,
    pools: Pools,
    rng: Rng,
    /// The window dates are drawn from: the version's period in force (the reference date falls
    /// in it), and for other dates a year before and after.
    from: Date,
    until: Date,
    /// The root field holding the reference date.
    reference: Option<u32>,
    count: u64,
    /// Fixture dossiers to vary (empty: every dossier from the schema).
    bases: Vec<Value>,
    /// The version alone, to check that a variation decodes and is judged by it.
    judge: Option<Engine>,
}

impl<'p> Sampler<'p> {
    pub fn new(policy: &'p Policy, seed: u64) -> Sampler<'p> {
        let from = policy.in_force_from;
        let until = policy
            .in_force_until
            .unwrap_or_else(|| from.checked_add(jiff::Span::new().days(90)).unwrap_or(from));
        let reference = policy.reference.as_ref().and_then(|e| match &e.kind {
            ExprKind::Field { base, index } if matches!(base.kind, ExprKind::Input) => Some(*index),
            _ => None,
        });
        Sampler {
            policy,
            pools: Pools::of(policy),
            rng: Rng(seed),
            from,
            until,
            reference,
            count: 0,
            bases: Vec::new(),
            judge: None,
        }
    }

    /// A sampler that varies `bases` (fixture dossiers the version judges, see
    /// [`fixture_bases`]); from the schema alone when there are none.
    pub fn from_fixtures(
        policy: &'p std::sync::Arc<Policy>,
        seed: u64,
        bases: Vec<Value>,
    ) -> Sampler<'p> {
        let mut s = Sampler::new(policy, seed);
        if let Ok(engine) = Engine::new(vec![policy.clone()]) {
            s.bases = bases;
            s.judge = Some(engine);
        }
        s
    }

    /// How many fixture dossiers are varied (0: the samples come from the schema).
    pub fn bases(&self) -> usize {
        self.bases.len()
    }

    /// How many dossiers were generated.
    pub fn count(&self) -> u64 {
        self.count
    }

    fn next_value(&mut self) -> Gen {
        self.count += 1;
        if let Some(g) = self.next_varied() {
            return g;
        }
        let root = self.policy.schema.root.clone();
        match root {
            Type::Record(id) => self.record(id, 0, true),
            other => self.value(&other, &Bounds::default(), None, 0),
        }
    }

    /// Appends the next dossier as compact JSON (one line, no line ending).
    pub fn write_json(&mut self, out: &mut String) {
        let v = self.next_value();
        write_json(out, &v);
    }

    /// Appends the next dossier as a YAML document (block style, ending with a line break).
    pub fn write_yaml(&mut self, out: &mut String) {
        let v = self.next_value();
        match &v {
            Gen::Obj(fields) if !fields.is_empty() => write_yaml_fields(out, fields, 0),
            other => {
                write_json(out, other);
                out.push('\n');
            }
        }
    }

    fn record(&mut self, id: RecordId, depth: usize, root: bool) -> Gen {
        let Some(def) = self.policy.schema.record(id) else {
            return Gen::Null;
        };
        let fields: Vec<FieldDef> = def.fields.clone();
        let mut out = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            if root && Some(index) == self.reference {
                out.push((f.name.clone(), self.reference_value(f.ty.required())));
                continue;
            }
            let optional = matches!(f.ty, Type::Optional(_)) || f.default.is_some();
            if optional && self.rng.chance(200) {
                // Absent, or null: the same for an optional field or one with a default.
                if self.rng.chance(500) {
                    out.push((f.name.clone(), Gen::Null));
                }
                continue;
            }
            let v = self.value(f.ty.required(), &f.bounds, Some((id.0, index)), depth);
            out.push((f.name.clone(), v));
        }
        Gen::Obj(out)
    }

    /// The reference date: in the version's window, so that the version judges the dossier.
    fn reference_value(&mut self, ty: &Type) -> Gen {
        let day = self.day_in(self.from, self.until);
        match ty {
            Type::Instant => Gen::Str(self.instant_on(day)),
            _ => Gen::Str(day.to_string()),
        }
    }

    fn value(
        &mut self,
        ty: &Type,
        bounds: &Bounds,
        field: Option<(u32, u32)>,
        depth: usize,
    ) -> Gen {
        let near: Vec<Constant> = field
            .and_then(|k| self.pools.constants.get(&k))
            .cloned()
            .unwrap_or_default();
        let linked = field.is_some_and(|k| self.pools.linked.contains_key(&k));
        match ty {
            // Mostly true: a flag of a dossier is usually a box the candidate ticked.
            Type::Bool => Gen::Bool(self.rng.chance(800)),
            Type::Int => Gen::Int(self.int(bounds, &near)),
            Type::Decimal | Type::Share | Type::Money => Gen::Str(self.decimal(ty, bounds, &near)),
            Type::Date => Gen::Str(self.date(bounds, &near).to_string()),
            Type::Instant => {
                let t = self.near_instant(&near);
                Gen::Str(t)
            }
            Type::Duration => Gen::Str(format!("{} days", self.rng.between(0, 120))),
            Type::Text | Type::Code => Gen::Str(self.text(ty, &near, linked)),
            Type::Track => {
                let keys = &self.policy.schema.track_keys;
                match keys.get(self.rng.index(keys.len())) {
                    Some(k) => Gen::Int(*k),
                    None => Gen::Null,
                }
            }
            Type::Enum(id) => {
                let variants: Vec<String> = self
                    .policy
                    .schema
                    .enum_def(*id)
                    .map(|e| e.variants.iter().map(|v| v.name.clone()).collect())
                    .unwrap_or_default();
                let written: Vec<u32> = near
                    .iter()
                    .filter_map(|c| match c {
                        Constant::Enum(e, v) if e == id => Some(*v),
                        _ => None,
                    })
                    .collect();
                let pick = if !written.is_empty() && self.rng.chance(500) {
                    written
                        .get(self.rng.index(written.len()))
                        .map_or(0, |v| *v as usize)
                } else {
                    self.rng.index(variants.len())
                };
                variants.get(pick).cloned().map_or(Gen::Null, Gen::Str)
            }
            Type::Record(id) => {
                if depth >= MAX_DEPTH {
                    Gen::Null
                } else {
                    self.record(*id, depth + 1, false)
                }
            }
            Type::List(item) => {
                let is_record = matches!(item.required(), Type::Record(_));
                let most = if is_record { 4 } else { 5 };
                let n = if is_record && depth + 1 >= MAX_DEPTH {
                    0
                } else {
                    // Mostly short lists, now and then a longer one.
                    match self.rng.below(10) {
                        0 => 0,
                        1..=7 => self.rng.between(1, most),
                        _ => self.rng.between(most, most * 3),
                    }
                };
                let mut items = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
                for _ in 0..n {
                    let it = match item.as_ref() {
                        Type::Optional(t) if self.rng.chance(100) => {
                            let _ = t;
                            Gen::Null
                        }
                        t => self.value(t.required(), bounds, field, depth),
                    };
                    items.push(it);
                }
                Gen::List(items)
            }
            Type::Optional(t) => self.value(t, bounds, field, depth),
            Type::Struct(_) | Type::Error => Gen::Null,
        }
    }

    fn int(&mut self, bounds: &Bounds, near: &[Constant]) -> i64 {
        let lo = match bounds.min.as_ref().map(|b| &b.value) {
            Some(BoundValue::Int(i)) => Some(*i),
            _ => None,
        };
        let hi = match bounds.max.as_ref().map(|b| &b.value) {
            Some(BoundValue::Int(i)) => Some(*i),
            _ => None,
        };
        let written: Vec<i64> = near
            .iter()
            .filter_map(|c| match c {
                Constant::Int(i) => Some(*i),
                _ => None,
            })
            .collect();
        let v = if !written.is_empty() && self.rng.chance(500) {
            let c = written
                .get(self.rng.index(written.len()))
                .copied()
                .unwrap_or(0);
            c.saturating_add(self.rng.between(-1, 1))
        } else {
            let lo = lo.unwrap_or(0);
            let hi = hi
                .unwrap_or(lo.saturating_add(20))
                .min(lo.saturating_add(10_000));
            self.rng.between(lo, hi)
        };
        clamp(v, lo, hi)
    }

    fn decimal(&mut self, ty: &Type, bounds: &Bounds, near: &[Constant]) -> String {
        let dec = |b: Option<&care_check::model::Bound>| match b.map(|b| &b.value) {
            Some(BoundValue::Decimal(d)) => Some(*d),
            Some(BoundValue::Int(i)) => Some(Decimal::from(*i)),
            _ => None,
        };
        let (mut lo, mut hi) = (dec(bounds.min.as_ref()), dec(bounds.max.as_ref()));
        if matches!(ty, Type::Share) {
            lo = Some(lo.unwrap_or(Decimal::ZERO).max(Decimal::ZERO));
            hi = Some(hi.unwrap_or(Decimal::ONE).min(Decimal::ONE));
        }
        // Hundredths: money has at most two decimals as written, and shares read well so.
        let scale = 2;
        let step = Decimal::new(1, scale);
        let written: Vec<Decimal> = near
            .iter()
            .filter_map(|c| match c {
                Constant::Decimal(d) | Constant::Money(d) => Some(*d),
                Constant::Int(i) => Some(Decimal::from(*i)),
                _ => None,
            })
            .collect();
        let mut v = if !written.is_empty() && self.rng.chance(500) {
            let c = written
                .get(self.rng.index(written.len()))
                .copied()
                .unwrap_or_default();
            let nudge = Decimal::from(self.rng.between(-1, 1)) * step;
            c.round_dp(2).checked_add(nudge).unwrap_or(c)
        } else {
            let low = lo.unwrap_or(Decimal::ZERO);
            let high = hi.unwrap_or_else(|| {
                low.checked_add(Decimal::from(match ty {
                    Type::Money => 200_000,
                    _ => 100,
                }))
                .unwrap_or(low)
            });
            // In hundredths, as an integer draw between the two bounds.
            let a = (low * Decimal::from(100)).ceil();
            let b = (high * Decimal::from(100)).floor();
            let (a, b) = (i64::try_from(a).unwrap_or(0), i64::try_from(b).unwrap_or(0));
            Decimal::new(self.rng.between(a, b), scale)
        };
        if let Some(lo) = lo {
            if v < lo {
                v = lo;
            }
        }
        if let Some(hi) = hi {
            if v > hi {
                v = hi;
            }
        }
        let mut v = v.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        if lo.is_some_and(|lo| v < lo) {
            v = v.checked_add(step).unwrap_or(v);
        }
        if matches!(ty, Type::Money) {
            v.rescale(2);
        }
        v.normalize().to_string()
    }

    /// A day in `from..=until`.
    fn day_in(&mut self, from: Date, until: Date) -> Date {
        let days = from.until(until).map(|s| s.get_days()).unwrap_or(0);
        let d = self.rng.between(0, i64::from(days.max(0)));
        from.checked_add(jiff::Span::new().days(d)).unwrap_or(from)
    }

    fn date(&mut self, bounds: &Bounds, near: &[Constant]) -> Date {
        let lo = match bounds.min.as_ref().map(|b| &b.value) {
            Some(BoundValue::Date(d)) => Some(*d),
            _ => None,
        };
        let hi = match bounds.max.as_ref().map(|b| &b.value) {
            Some(BoundValue::Date(d)) => Some(*d),
            _ => None,
        };
        let mut written: Vec<Date> = near
            .iter()
            .filter_map(|c| match c {
                Constant::Date(d) => Some(*d),
                _ => None,
            })
            .collect();
        if written.is_empty() {
            written = self.pools.dates.clone();
        }
        let d = if !written.is_empty() && self.rng.chance(300) {
            let c = written
                .get(self.rng.index(written.len()))
                .copied()
                .unwrap_or(self.from);
            let nudge = self.rng.between(-2, 2);
            c.checked_add(jiff::Span::new().days(nudge)).unwrap_or(c)
        } else {
            let year = jiff::Span::new().days(365);
            let start = self.from.checked_sub(year).unwrap_or(self.from);
            let end = self.until;
            self.day_in(
                lo.unwrap_or(start).max(start.min(hi.unwrap_or(start))),
                hi.unwrap_or(end).max(lo.unwrap_or(end)),
            )
        };
        match (lo, hi) {
            (Some(lo), _) if d < lo => lo,
            (_, Some(hi)) if d > hi => hi,
            _ => d,
        }
    }

    /// An instant on `day` in the policy's time zone, with its offset.
    fn instant_on(&mut self, day: Date) -> String {
        let hour = i8::try_from(self.rng.between(7, 19)).unwrap_or(12);
        let minute = i8::try_from(self.rng.between(0, 59)).unwrap_or(0);
        let second = i8::try_from(self.rng.between(0, 59)).unwrap_or(0);
        let dt = day.at(hour, minute, second, 0);
        match dt.to_zoned(self.policy.tz.clone()) {
            Ok(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            Err(_) => format!("{day}T12:00:00Z"),
        }
    }

    fn near_instant(&mut self, near: &[Constant]) -> String {
        let mut written: Vec<jiff::Timestamp> = near
            .iter()
            .filter_map(|c| match c {
                Constant::Instant(t) => Some(*t),
                _ => None,
            })
            .collect();
        if written.is_empty() {
            written = self.pools.instants.clone();
        }
        if !written.is_empty() && self.rng.chance(300) {
            let t = written
                .get(self.rng.index(written.len()))
                .copied()
                .unwrap_or_default();
            // Within a few hours of the deadline, on either side.
            let secs = self.rng.between(-6 * 3600, 6 * 3600);
            let t = t
                .checked_add(jiff::SignedDuration::from_secs(secs))
                .unwrap_or(t);
            return t
                .to_zoned(self.policy.tz.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string();
        }
        let day = self.day_in(self.from, self.until);
        self.instant_on(day)
    }

    fn text(&mut self, ty: &Type, near: &[Constant], linked: bool) -> String {
        let written: Vec<String> = near
            .iter()
            .filter_map(|c| match c {
                Constant::Text(s) | Constant::Code(s) => Some(s.to_string()),
                _ => None,
            })
            .collect();
        if !written.is_empty() && self.rng.chance(600) {
            return written
                .get(self.rng.index(written.len()))
                .cloned()
                .unwrap_or_default();
        }
        if matches!(ty, Type::Code) && !self.pools.codes.is_empty() {
            let i = self.rng.index(self.pools.codes.len());
            return self.pools.codes.get(i).cloned().unwrap_or_default();
        }
        if linked {
            // A small pool shared by the fields compared with each other, so that they match
            // now and then.
            return format!("{:09}", 100_000_000 + self.rng.below(12));
        }
        format!("{}-{:06}", self.policy.id, self.rng.below(1_000_000))
    }
}

fn clamp(v: i64, lo: Option<i64>, hi: Option<i64>) -> i64 {
    let v = lo.map_or(v, |lo| v.max(lo));
    hi.map_or(v, |hi| v.min(hi))
}

fn write_json(out: &mut String, v: &Gen) {
    match v {
        Gen::Null => out.push_str("null"),
        Gen::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Gen::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Gen::Str(s) => push_json_string(out, s),
        Gen::List(items) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, it);
            }
            out.push(']');
        }
        Gen::Obj(fields) => {
            out.push('{');
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(out, k);
                out.push(':');
                write_json(out, v);
            }
            out.push('}');
        }
    }
}

/// A YAML scalar or an empty collection on one line (strings double-quoted, JSON escapes are
/// YAML's too).
fn yaml_inline(v: &Gen) -> Option<String> {
    match v {
        Gen::List(items) if !items.is_empty() => None,
        Gen::Obj(fields) if !fields.is_empty() => None,
        Gen::Null => Some("null".to_owned()),
        other => {
            let mut s = String::new();
            write_json(&mut s, other);
            Some(s)
        }
    }
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push_str("  ");
    }
}

fn write_yaml_fields(out: &mut String, fields: &[(String, Gen)], depth: usize) {
    for (k, v) in fields {
        indent(out, depth);
        out.push_str(k);
        out.push(':');
        write_yaml_after_key(out, v, depth);
    }
}

/// A value after `key:` or `-`: on the same line when it is a scalar, else on the next lines.
fn write_yaml_after_key(out: &mut String, v: &Gen, depth: usize) {
    if let Some(s) = yaml_inline(v) {
        out.push(' ');
        out.push_str(&s);
        out.push('\n');
        return;
    }
    out.push('\n');
    match v {
        Gen::List(items) => write_yaml_items(out, items, depth + 1),
        Gen::Obj(fields) => write_yaml_fields(out, fields, depth + 1),
        _ => {}
    }
}

fn write_yaml_items(out: &mut String, items: &[Gen], depth: usize) {
    for it in items {
        indent(out, depth);
        out.push('-');
        match it {
            Gen::Obj(fields) if !fields.is_empty() => {
                // `- first: …` then the other fields under it.
                let mut first = true;
                for (k, v) in fields {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, depth + 1);
                    }
                    out.push_str(k);
                    out.push(':');
                    write_yaml_after_key(out, v, depth + 1);
                }
            }
            other => write_yaml_after_key(out, other, depth),
        }
    }
}

/// `n` dossiers for `policy` from `seed`, as JSON Lines (each line ends with `\n`).
pub fn sample_jsonl(policy: &Policy, seed: u64, n: usize) -> Vec<u8> {
    sample_jsonl_across(&[policy], seed, n)
}

/// `n` dossiers from `seed`, as JSON Lines, for each of `versions` in turn (one sampler per
/// version, each seeded with `seed`): a cohort that every version of a folder judges.
pub fn sample_jsonl_across(versions: &[&Policy], seed: u64, n: usize) -> Vec<u8> {
    let mut samplers: Vec<Sampler<'_>> = versions.iter().map(|p| Sampler::new(p, seed)).collect();
    let mut out = String::with_capacity(n.saturating_mul(1024));
    if samplers.is_empty() {
        return out.into_bytes();
    }
    for i in 0..n {
        let k = i % samplers.len();
        if let Some(s) = samplers.get_mut(k) {
            s.write_json(&mut out);
        }
        out.push('\n');
    }
    out.into_bytes()
}
