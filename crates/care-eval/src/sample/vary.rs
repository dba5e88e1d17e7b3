//! Samples made by varying the policy's fixture dossiers (`care sample --from fixtures`): a
//! fixture the version judges is picked, then nudged within the schema and its bounds — numbers
//! and amounts a little up or down, dates and instants shifted by days (the reference date kept
//! in the version's window), booleans flipped now and then, list items dropped or duplicated,
//! enum values swapped. A fixture is a dossier an author wrote for a reason, often on the edge
//! of a rule, so its variations fall on both sides of the decision, where random data from the
//! schema alone is almost never eligible.
//!
//! How much a sample moves from its base is drawn per sample (from not at all to a lot), so the
//! cohort holds near copies of the fixtures as well as dossiers far from them. A variation that
//! does not decode, or that the version would not judge, is drawn again, and after a few tries
//! the base itself is written.

use std::path::Path;

use care_check::model::{BoundValue, Bounds};
use care_check::types::{RecordId, Type};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Gen, Sampler, MAX_DEPTH};
use crate::engine::Engine;
use crate::fixtures::{discover, dossier_format, FixtureKind};
use crate::value::Value;

/// How often, per thousand, a value of a sample changes: one rate per sample, from a near copy
/// of its base to a dossier far from it.
const RATES: [u64; 5] = [0, 30, 80, 150, 300];

/// How many variations of a base are tried before the base itself is written.
const TRIES: usize = 8;

/// The fixture dossiers of `tests` (a policy's `tests/` folder) that version `version` of
/// `engine` judges: they decode against its inputs and it is the version in force for them. A
/// fixture of invalid data, or one for another version, is not a base. Sorted by file name.
pub fn fixture_bases(engine: &Engine, version: usize, tests: &Path) -> Vec<Value> {
    let Ok(found) = discover(tests) else {
        return Vec::new();
    };
    let mut bases = Vec::new();
    for f in found {
        if !matches!(f.kind, FixtureKind::Dossier { .. }) {
            continue;
        }
        let name = crate::fixtures::file_name(&f.file);
        let Some(format) = dossier_format(&name) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&f.file) else {
            continue;
        };
        if engine.select(&bytes, format, None).ok() != Some(version) {
            continue;
        }
        let Some(decoder) = engine.decoder(version) else {
            continue;
        };
        if let Ok(decoded) = decoder.decode(format, &bytes) {
            bases.push(decoded.value);
        }
    }
    bases
}

impl Sampler<'_> {
    /// The next dossier varied from a base, `None` when no variation nor the base itself passes
    /// (the caller then generates one from the schema).
    pub(super) fn next_varied(&mut self) -> Option<Gen> {
        if self.bases.is_empty() {
            return None;
        }
        let base = self.rng.index(self.bases.len());
        let rate = RATES.get(self.rng.index(RATES.len())).copied().unwrap_or(0);
        for attempt in 0..=TRIES {
            let rate = if attempt == TRIES { 0 } else { rate };
            let value = self.bases.get(base)?.clone();
            let root = self.policy.schema.root.clone();
            let g = self.vary(&value, &root, &Bounds::default(), None, 0, rate, true);
            if self.accepts(&g) {
                return Some(g);
            }
        }
        None
    }

    /// Whether the version decodes and judges a sample.
    fn accepts(&self, g: &Gen) -> bool {
        let Some(engine) = &self.judge else {
            return true;
        };
        let mut json = String::new();
        super::write_json(&mut json, g);
        let bytes = json.as_bytes();
        engine.select(bytes, crate::Format::Json, None).is_ok()
            && engine
                .decoder(0)
                .is_some_and(|d| d.decode_json(bytes).is_ok())
    }

    /// `v` (of type `ty`), changed `rate` times in a thousand.
    #[allow(clippy::too_many_arguments)]
    fn vary(
        &mut self,
        v: &Value,
        ty: &Type,
        bounds: &Bounds,
        field: Option<(u32, u32)>,
        depth: usize,
        rate: u64,
        root: bool,
    ) -> Gen {
        if let Type::Optional(inner) = ty {
            if matches!(v, Value::Absent) {
                // Now and then a value where the fixture has none.
                return if rate > 0 && self.rng.chance(rate / 3) {
                    self.value(inner.required(), bounds, field, depth)
                } else {
                    Gen::Null
                };
            }
            if self.rng.chance(rate / 5) {
                return Gen::Null;
            }
            return self.vary(v, inner, bounds, field, depth, rate, root);
        }
        match (ty, v) {
            (Type::Bool, Value::Bool(b)) => Gen::Bool(*b != self.rng.chance(rate / 2)),
            (Type::Int, Value::Int(i)) => Gen::Int(self.vary_int(*i, bounds, field, rate)),
            (Type::Decimal | Type::Share | Type::Money, Value::Decimal(d) | Value::Money(d)) => {
                Gen::Str(self.vary_decimal(*d, ty, bounds, field, rate))
            }
            (Type::Date, Value::Date(d)) => {
                let d = self.shift(*d, rate);
                Gen::Str(clamp_date(d, bounds).to_string())
            }
            (Type::Instant, Value::Instant(t)) => {
                let t = self.shift_instant(*t, rate);
                Gen::Str(
                    t.to_zoned(self.policy.tz.clone())
                        .strftime("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string(),
                )
            }
            (Type::Duration, Value::Duration(d)) => {
                let mut d = *d;
                if self.rng.chance(rate) {
                    d.amount = d.amount.saturating_add(self.rng.between(-3, 3)).max(0);
                }
                Gen::Str(d.to_string())
            }
            (Type::Text | Type::Code, Value::Text(s)) => {
                if self.rng.chance(rate / 2) {
                    let linked = field.is_some_and(|k| self.pools.linked.contains_key(&k));
                    let near = field
                        .and_then(|k| self.pools.constants.get(&k))
                        .cloned()
                        .unwrap_or_default();
                    Gen::Str(self.text(ty, &near, linked))
                } else {
                    Gen::Str(s.to_string())
                }
            }
            (Type::Enum(id), Value::Enum(i)) => {
                if self.rng.chance(rate / 2) {
                    self.value(ty, bounds, field, depth)
                } else {
                    self.policy
                        .schema
                        .enum_def(*id)
                        .and_then(|e| e.variants.get(*i as usize))
                        .map_or(Gen::Null, |v| Gen::Str(v.name.clone()))
                }
            }
            (Type::Track, Value::Track(i)) => {
                if self.rng.chance(rate / 2) {
                    self.value(ty, bounds, field, depth)
                } else {
                    self.policy
                        .schema
                        .track_keys
                        .get(*i as usize)
                        .map_or(Gen::Null, |k| Gen::Int(*k))
                }
            }
            (Type::Record(id), Value::Record(fields)) => {
                self.vary_record(*id, fields, depth, rate, root)
            }
            (Type::List(item), Value::List(items)) => {
                let mut out = Vec::with_capacity(items.len() + 1);
                for it in items.iter() {
                    if self.rng.chance(rate / 3) {
                        continue; // dropped
                    }
                    let g = self.vary(it, item, bounds, field, depth, rate, false);
                    if self.rng.chance(rate / 3) {
                        out.push(g.clone()); // duplicated
                    }
                    out.push(g);
                }
                Gen::List(out)
            }
            // A value the fixture does not have in this type: one from the schema.
            _ => self.value(ty.required(), bounds, field, depth),
        }
    }

    fn vary_record(
        &mut self,
        id: RecordId,
        values: &[Value],
        depth: usize,
        rate: u64,
        root: bool,
    ) -> Gen {
        let Some(def) = self.policy.schema.record(id) else {
            return Gen::Null;
        };
        if depth > MAX_DEPTH {
            return Gen::Null;
        }
        let fields = def.fields.clone();
        let mut out = Vec::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let v = values.get(i).cloned().unwrap_or_default();
            let g = if root && Some(index) == self.reference {
                self.vary_reference(&v, f.ty.required(), rate)
            } else {
                self.vary(
                    &v,
                    &f.ty,
                    &f.bounds,
                    Some((id.0, index)),
                    depth + 1,
                    rate,
                    false,
                )
            };
            if matches!(g, Gen::Null) && matches!(v, Value::Absent) {
                continue;
            }
            out.push((f.name.clone(), g));
        }
        Gen::Obj(out)
    }

    /// The reference date or instant, shifted by days but kept in the version's window.
    fn vary_reference(&mut self, v: &Value, ty: &Type, rate: u64) -> Gen {
        match v {
            Value::Date(d) => {
                let d = self.shift(*d, rate).clamp(self.from, self.until);
                Gen::Str(d.to_string())
            }
            Value::Instant(t) => {
                let shifted = self.shift_instant(*t, rate);
                let tz = self.policy.tz.clone();
                let day = shifted.to_zoned(tz.clone()).date();
                let t = if (self.from..=self.until).contains(&day) {
                    shifted
                } else {
                    *t
                };
                Gen::Str(t.to_zoned(tz).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
            }
            _ => self.reference_value(ty),
        }
    }

    fn vary_int(&mut self, i: i64, bounds: &Bounds, field: Option<(u32, u32)>, rate: u64) -> i64 {
        if !self.rng.chance(rate) {
            return i;
        }
        let near = field
            .and_then(|k| self.pools.constants.get(&k))
            .cloned()
            .unwrap_or_default();
        if !near.is_empty() && self.rng.chance(300) {
            return self.int(bounds, &near);
        }
        let step = (i.unsigned_abs() / 5).max(1);
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let v = i.saturating_add(self.rng.between(-step, step));
        let lo = match bounds.min.as_ref().map(|b| &b.value) {
            Some(BoundValue::Int(i)) => Some(*i),
            _ => None,
        };
        let hi = match bounds.max.as_ref().map(|b| &b.value) {
            Some(BoundValue::Int(i)) => Some(*i),
            _ => None,
        };
        super::clamp(v, lo, hi)
    }

    fn vary_decimal(
        &mut self,
        d: Decimal,
        ty: &Type,
        bounds: &Bounds,
        field: Option<(u32, u32)>,
        rate: u64,
    ) -> String {
        let near = field
            .and_then(|k| self.pools.constants.get(&k))
            .cloned()
            .unwrap_or_default();
        if self.rng.chance(rate) {
            if !near.is_empty() && self.rng.chance(300) {
                return self.decimal(ty, bounds, &near);
            }
            // Up to a fifth up or down, in hundredths, then within the bounds as the schema
            // generator does.
            let percent = Decimal::from(self.rng.between(-20, 20));
            let moved = d
                .checked_mul(percent)
                .and_then(|x| x.checked_div(Decimal::from(100)))
                .and_then(|x| d.checked_add(x))
                .unwrap_or(d)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
            return clamp_decimal(moved, ty, bounds);
        }
        d.normalize().to_string()
    }

    fn shift(&mut self, d: Date, rate: u64) -> Date {
        if !self.rng.chance(rate) {
            return d;
        }
        let days = self.rng.between(-30, 30);
        d.checked_add(jiff::Span::new().days(days)).unwrap_or(d)
    }

    fn shift_instant(&mut self, t: jiff::Timestamp, rate: u64) -> jiff::Timestamp {
        if !self.rng.chance(rate) {
            return t;
        }
        let secs = self.rng.between(-30, 30) * 86_400 + self.rng.between(-6 * 3600, 6 * 3600);
        t.checked_add(jiff::SignedDuration::from_secs(secs))
            .unwrap_or(t)
    }
}

/// `v` within the bounds of its field (and of a share), in hundredths as the schema generator
/// writes it.
fn clamp_decimal(v: Decimal, ty: &Type, bounds: &Bounds) -> String {
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
    let mut v = v;
    if let Some(lo) = lo {
        v = v.max(lo);
    }
    if let Some(hi) = hi {
        v = v.min(hi);
    }
    let mut v = v.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
    if lo.is_some_and(|lo| v < lo) {
        v = v.checked_add(Decimal::new(1, 2)).unwrap_or(v);
    }
    v.normalize().to_string()
}

fn clamp_date(d: Date, bounds: &Bounds) -> Date {
    let lo = match bounds.min.as_ref().map(|b| &b.value) {
        Some(BoundValue::Date(d)) => Some(*d),
        _ => None,
    };
    let hi = match bounds.max.as_ref().map(|b| &b.value) {
        Some(BoundValue::Date(d)) => Some(*d),
        _ => None,
    };
    match (lo, hi) {
        (Some(lo), _) if d < lo => lo,
        (_, Some(hi)) if d > hi => hi,
        _ => d,
    }
}
