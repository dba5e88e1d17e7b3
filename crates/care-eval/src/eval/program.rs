//! A checked policy prepared for evaluation: table rows and track lists turned into values once,
//! so that evaluating a dossier converts nothing.

use crate::value::{Duration, Value};
use care_check::ir::{self, Constant, Key, Policy};
use std::sync::Arc;

/// A program is shared by the threads of a batch.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Program>();
};

pub struct Program {
    pub policy: Arc<Policy>,
    pub(crate) tables: Vec<Table>,
    pub(crate) tracks: Vec<TrackValues>,
    /// Rule and objective indices by code (a code computed at evaluation, the chosen objectives of
    /// an explanation), hashed cheaply: codes are short.
    pub(super) rule_codes: std::collections::HashMap<String, u32, super::machine::FastHash>,
    pub(super) objective_codes: std::collections::HashMap<String, u32, super::machine::FastHash>,
    /// Field names of the input's records, for explanation paths.
    pub(crate) schema_fields: super::trace::SchemaFields,
    /// By function: whether it reads only its parameters and constants (neither the dossier nor
    /// a value, output, rule or objective), so that its result depends on its arguments alone.
    pure: Vec<bool>,
    /// Constant folding: the value of each list literal whose items are constants (`o in ["A",
    /// "B"]`) and of each text constant, built once, by the address of its expression in the
    /// policy (which the program keeps alive): evaluating one borrows it, allocates nothing.
    pub(crate) folded: super::fold::Folded,
    /// The closures decisions run on ([`super::compiled`]).
    pub(crate) compiled: super::compiled::Compiled,
}

pub(crate) struct Table {
    /// Integer ranges, sorted by start: (start, end included, row index).
    pub ranges: Vec<(i64, Option<i64>, usize)>,
    pub exact: Vec<(Value, usize)>,
    /// Decimal ranges and rows of several keys, tried in order (the checker saw to it that at
    /// most one matches).
    pub general: Vec<(Key, usize)>,
    /// Exact keys that are tracks or enum variants, by their index: a direct index, no search
    /// (the first row of a key, as the search finds).
    pub direct: Vec<Option<usize>>,
    /// The value a lookup returns, per row: the single column, or a record of the columns.
    pub results: Vec<Value>,
    /// Integer keys from `dense_from` on, the row their range selects (`None`: no range does,
    /// the exact keys are tried), for tables whose ranges span few integers (ranks, years).
    pub dense: Vec<Option<usize>>,
    pub dense_from: i64,
}

/// Most integers a table's ranges are indexed over ([`Table::dense`]).
const DENSE_SPAN: i64 = 1024;

impl Table {
    /// The row of the range holding `k`, if any: ranges are sorted and do not overlap (the
    /// checker saw to it), so the last range starting at or before `k` is the only candidate.
    fn range_row(&self, k: i64) -> Option<usize> {
        let i = self.ranges.partition_point(|(s, _, _)| *s <= k);
        let (_, end, row) = *self.ranges.get(i.checked_sub(1)?)?;
        end.is_none_or(|e| k <= e).then_some(row)
    }

    /// The dense index of the ranges, over the integers from the first start to the last bound
    /// written (past it, only an open last range can hold a key: the search finds it).
    fn index_ranges(&mut self) {
        let Some(&(from, _, _)) = self.ranges.first() else {
            return;
        };
        let last = self
            .ranges
            .iter()
            .map(|(s, e, _)| e.unwrap_or(*s))
            .max()
            .unwrap_or(from);
        if last.checked_sub(from).is_none_or(|span| span >= DENSE_SPAN) {
            return;
        }
        self.dense = (from..=last).map(|k| self.range_row(k)).collect();
        self.dense_from = from;
    }

    fn int_row(&self, k: i64) -> Option<usize> {
        match k
            .checked_sub(self.dense_from)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.dense.get(i))
        {
            Some(row) => *row,
            None => self.range_row(k),
        }
    }

    /// The row a key selects, if any: a track or an enum variant by the direct index, an
    /// integer by the dense index of the ranges, then the exact keys, then the others in order.
    pub(crate) fn row_of(&self, key: &Value) -> Option<usize> {
        if let Value::Track(i) | Value::Enum(i) = key {
            if let Some(row) = self.direct.get(*i as usize) {
                return *row;
            }
        }
        if let Value::Int(k) = key {
            if let Some(row) = self.int_row(*k) {
                return Some(row);
            }
        }
        self.exact
            .iter()
            .find(|(v, _)| super::ops::equal(v, key))
            .map(|(_, r)| *r)
            .or_else(|| {
                self.general
                    .iter()
                    .find(|(k, _)| key_matches(k, key))
                    .map(|(_, r)| *r)
            })
    }
}

pub(crate) struct TrackValues {
    pub key: Value,
    pub label: Value,
    pub mandatory: Value,
    pub a_la_carte: Value,
    pub objectives: Value,
    pub at_least: Value,
    pub at_most: Value,
}

impl TrackValues {
    /// The value of `track.field`.
    pub fn field(&self, field: ir::TrackField) -> &Value {
        match field {
            ir::TrackField::Key => &self.key,
            ir::TrackField::Label => &self.label,
            ir::TrackField::Mandatory => &self.mandatory,
            ir::TrackField::ALaCarte => &self.a_la_carte,
            ir::TrackField::Objectives => &self.objectives,
            ir::TrackField::AtLeast => &self.at_least,
            ir::TrackField::AtMost => &self.at_most,
        }
    }
}

pub fn constant(c: &Constant) -> Value {
    match c {
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(n) => Value::Int(*n),
        Constant::Decimal(d) => Value::Decimal(*d),
        Constant::Money(d) => Value::Money(*d),
        Constant::Date(d) => Value::Date(*d),
        Constant::Instant(t) => Value::Instant(*t),
        Constant::Duration { amount, unit } => Value::Duration(Duration::new(*amount, *unit)),
        Constant::Text(t) | Constant::Code(t) => Value::Text(t.clone()),
        Constant::Track(i) => Value::Track(*i),
        Constant::Enum(_, v) => Value::Enum(*v),
        Constant::Absent => Value::Absent,
    }
}

impl Program {
    pub fn new(policy: Arc<Policy>) -> Program {
        let tables: Vec<Table> = policy
            .tables
            .iter()
            .map(|t| {
                let mut ranges = Vec::new();
                let mut exact = Vec::new();
                let mut general = Vec::new();
                let mut results = Vec::new();
                for (i, row) in t.rows.iter().enumerate() {
                    match &row.key {
                        Key::Range { start, end } => ranges.push((*start, *end, i)),
                        Key::Exact(c) => exact.push((constant(c), i)),
                        k @ (Key::Between { .. } | Key::Tuple(_)) => general.push((k.clone(), i)),
                    }
                    let values: Vec<Value> = row.values.iter().map(constant).collect();
                    results.push(match values.as_slice() {
                        [single] => single.clone(),
                        _ => Value::record(values),
                    });
                }
                ranges.sort_by_key(|r| r.0);
                let mut direct = Vec::new();
                for (v, row) in &exact {
                    if let Value::Track(i) | Value::Enum(i) = v {
                        let i = *i as usize;
                        if i < 4096 {
                            if direct.len() <= i {
                                direct.resize(i + 1, None);
                            }
                            direct[i].get_or_insert(*row);
                        }
                    }
                }
                let mut table = Table {
                    ranges,
                    exact,
                    general,
                    direct,
                    results,
                    dense: Vec::new(),
                    dense_from: 0,
                };
                table.index_ranges();
                table
            })
            .collect();
        let code_list = |ids: &[u32]| -> Value {
            Value::list(
                ids.iter()
                    .filter_map(|o| policy.objectives.get(*o as usize))
                    .map(|o| Value::text(&o.code))
                    .collect(),
            )
        };
        let tracks = policy
            .tracks
            .iter()
            .map(|t| {
                let all: Vec<u32> = t
                    .mandatory
                    .iter()
                    .chain(t.a_la_carte.iter())
                    .copied()
                    .collect();
                TrackValues {
                    key: Value::Int(t.key),
                    label: Value::text(&t.label),
                    mandatory: code_list(&t.mandatory),
                    a_la_carte: code_list(&t.a_la_carte),
                    objectives: code_list(&all),
                    at_least: Value::Int(t.at_least),
                    at_most: t.at_most.map_or(Value::Absent, Value::Int),
                }
            })
            .collect();
        let index = |codes: Vec<&String>| {
            codes
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
                .collect()
        };
        let rule_codes = index(policy.rules.iter().map(|r| &r.code).collect());
        let objective_codes = index(policy.objectives.iter().map(|o| &o.code).collect());
        let pure = pure_functions(&policy);
        let schema_fields = super::trace::schema_fields(&policy.schema);
        let folded = super::fold::fold(&policy);
        let compiled = super::compiled::compile(&policy, &folded, &tables);
        Program {
            compiled,
            folded,
            policy,
            tables,
            tracks,
            rule_codes,
            objective_codes,
            pure,
            schema_fields,
        }
    }

    /// How many table lookups inside loops the compiled form keeps for the rest of a loop's run,
    /// their key reading no local (the differential tests check that some policy has them).
    pub fn invariant_lookups(&self) -> usize {
        self.compiled.hoisted
    }

    /// How many calls of small functions the compiled form runs in place (the differential
    /// tests check that some policy has them).
    pub fn inlined_calls(&self) -> usize {
        self.compiled.inlined
    }

    /// How many lookups of numbers the compiled form reads from a table's column laid out by
    /// key (the differential tests check that some policy has them).
    pub fn laid_out_lookups(&self) -> usize {
        self.compiled.laid_out
    }

    /// How many expressions written more than once the compiled form computes once per dossier
    /// (`compiled/shared.rs`).
    pub fn shared_expressions(&self) -> usize {
        self.compiled.shared / 2
    }

    /// Whether function `f` reads only its parameters and constants.
    pub(crate) fn pure_function(&self, f: u32) -> bool {
        self.pure.get(f as usize).copied().unwrap_or(false)
    }

    /// The row a key selects, if any.
    pub(crate) fn row(&self, table: u32, key: &Value) -> Option<usize> {
        self.tables.get(table as usize)?.row_of(key)
    }

    pub(crate) fn table_result(&self, table: u32, row: usize) -> Option<&Value> {
        self.tables.get(table as usize)?.results.get(row)
    }

    pub fn table(&self, table: u32) -> Option<&ir::Table> {
        self.policy.tables.get(table as usize)
    }
}

/// Does a key of a decimal range or of several columns select the row? Two keys arrive as a
/// record of them, in the order of the columns.
fn key_matches(k: &Key, v: &Value) -> bool {
    match (k, v) {
        (Key::Tuple(keys), Value::Record(parts)) => {
            keys.len() == parts.len()
                && keys
                    .iter()
                    .zip(parts.iter())
                    .all(|(k, v)| key_matches(k, v))
        }
        (Key::Exact(c), v) => super::ops::equal(&constant(c), v),
        (k, Value::Int(n)) => k.covers_number(rust_decimal::Decimal::from(*n)),
        (k, Value::Decimal(d) | Value::Money(d)) => k.covers_number(*d),
        _ => false,
    }
}

/// Which functions read only their parameters and constants: none that reads the dossier, a
/// value, an output, a rule or an objective, or calls a function that does.
fn pure_functions(policy: &Policy) -> Vec<bool> {
    let mut pure = vec![true; policy.functions.len()];
    loop {
        let mut changed = false;
        for (i, f) in policy.functions.iter().enumerate() {
            if pure[i] && !body_is_pure(&f.body, &pure) {
                pure[i] = false;
                changed = true;
            }
        }
        if !changed {
            return pure;
        }
    }
}

fn body_is_pure(b: &ir::Body, pure: &[bool]) -> bool {
    b.lets.iter().all(|(_, _, e)| is_pure(e, pure)) && is_pure(&b.expr, pure)
}

fn is_pure(e: &ir::Expr, pure: &[bool]) -> bool {
    use ir::ExprKind as K;
    let all = |es: &[ir::Expr]| es.iter().all(|x| is_pure(x, pure));
    match &e.kind {
        K::Const(_) | K::Local(_) => true,
        K::Field { base, .. } | K::TrackField { base, .. } => is_pure(base, pure),
        K::Builtin { args, .. } => all(args),
        K::Call { func, args } => pure.get(*func as usize).copied().unwrap_or(false) && all(args),
        K::Lookup { key, .. } => is_pure(key, pure),
        K::Comprehension {
            source,
            filter,
            body,
            ..
        } => {
            is_pure(source, pure)
                && filter.as_deref().is_none_or(|f| is_pure(f, pure))
                && body.as_deref().is_none_or(|b| is_pure(b, pure))
        }
        K::Not(x) | K::Neg(x) => is_pure(x, pure),
        K::Binary { lhs, rhs, .. } => is_pure(lhs, pure) && is_pure(rhs, pure),
        K::If { cond, then, els } => {
            is_pure(cond, pure) && is_pure(then, pure) && is_pure(els, pure)
        }
        K::List(items) | K::Struct(items) => all(items),
        K::Range { start, end } => is_pure(start, pure) && is_pure(end, pure),
        // The dossier, what is computed from it, and anything new.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Table;

    fn table(ranges: Vec<(i64, Option<i64>, usize)>) -> Table {
        let mut t = Table {
            ranges,
            exact: Vec::new(),
            general: Vec::new(),
            direct: Vec::new(),
            results: Vec::new(),
            dense: Vec::new(),
            dense_from: 0,
        };
        t.index_ranges();
        t
    }

    #[test]
    fn the_dense_index_finds_the_rows_the_search_finds() {
        let cases = [
            // Ranks with a gap and an open last range.
            vec![
                (1, Some(4), 0),
                (5, None, 1),
                (6, Some(6), 2),
                (8, Some(12), 3),
            ],
            vec![
                (1, Some(4), 0),
                (5, Some(5), 1),
                (7, Some(7), 2),
                (13, None, 3),
            ],
            // Negative keys, and a span too wide to index.
            vec![(-3, Some(-1), 0), (0, Some(0), 1)],
            vec![(0, Some(10), 0), (5000, Some(6000), 1)],
        ];
        for ranges in cases {
            let mut sorted = ranges.clone();
            sorted.sort_by_key(|r| r.0);
            let t = table(sorted);
            for k in -20..7000 {
                assert_eq!(t.int_row(k), t.range_row(k), "key {k} in {ranges:?}");
            }
        }
        assert!(!table(vec![(1, Some(4), 0), (13, None, 1)]).dense.is_empty());
        assert!(table(vec![(0, Some(10), 0), (5000, Some(6000), 1)])
            .dense
            .is_empty());
    }
}
