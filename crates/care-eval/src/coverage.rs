//! `care test --coverage`: what the fixtures exercise of a policy, by place in its `.care` files.
//!
//! Four measures, every version of the folder together (a declaration an amending version
//! inherits is one place, counted once):
//! - a **rule** is covered when some fixture makes it pass and some fixture makes it fail (a rule
//!   no fixture makes fail is not tested: deleting it would change no expected file);
//! - a **table row** is covered when some fixture reads it;
//! - a **branch** (`if`, `and`, `or`, `otherwise`) is covered when both its arms were taken: then
//!   and else; for `and`/`or` the left side deciding alone and the right side evaluated; for
//!   `otherwise` the left value kept and the fallback used;
//! - an **objective** is covered when some fixture chooses it.
//!
//! Only dossiers that reach evaluation count (a fixture expecting invalid data exercises the
//! decoder, not the rules). The evaluator records branches and rows through
//! [`crate::eval::Machine::coverage`].

use crate::engine::Engine;
use crate::eval::{Arm, Hits, Machine, Probe, Status};
use crate::fixtures::{Fixture, FixtureKind};
use crate::{Decoder, Format};
use care_check::ir::{Body, Expr, ExprKind, Key, Policy, RuleStep};
use care_syntax::ast::BinaryOp;
use std::collections::{BTreeMap, HashMap};

/// A place in a `.care` file (line and column from 1).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Clone, Debug)]
pub struct RuleCoverage {
    pub code: String,
    pub label: String,
    pub at: Place,
    pub passed: usize,
    pub failed: usize,
    pub not_applicable: usize,
}

impl RuleCoverage {
    pub fn covered(&self) -> bool {
        self.passed > 0 && self.failed > 0
    }
}

#[derive(Clone, Debug)]
pub struct RowCoverage {
    pub table: String,
    /// The key as written (`1..4`, `13..`, `P1`).
    pub key: String,
    pub at: Place,
    pub reads: usize,
}

/// `if`, `and`, `or` or `otherwise`.
#[derive(Clone, Debug)]
pub struct BranchCoverage {
    pub kind: &'static str,
    pub at: Place,
    /// The two arms: name and the number of dossiers that took it.
    pub arms: [(&'static str, usize); 2],
}

impl BranchCoverage {
    pub fn covered(&self) -> bool {
        self.arms.iter().all(|(_, n)| *n > 0)
    }
}

#[derive(Clone, Debug)]
pub struct ObjectiveCoverage {
    pub code: String,
    pub at: Place,
    pub chosen: usize,
}

/// What the fixtures exercise, in the order of the files (by path, line, column).
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Fixture dossiers run, and those among them that reached evaluation.
    pub dossiers: usize,
    pub evaluated: usize,
    pub rules: Vec<RuleCoverage>,
    pub rows: Vec<RowCoverage>,
    pub branches: Vec<BranchCoverage>,
    pub objectives: Vec<ObjectiveCoverage>,
}

/// Covered and total of one measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub covered: usize,
    pub total: usize,
}

impl Ratio {
    fn of<T>(items: &[T], covered: impl Fn(&T) -> bool) -> Ratio {
        Ratio {
            covered: items.iter().filter(|i| covered(i)).count(),
            total: items.len(),
        }
    }

    /// Tenths of a percent, rounded down (nothing to cover is 100 %).
    pub fn per_mille(self) -> usize {
        (self.covered * 1000)
            .checked_div(self.total)
            .unwrap_or(1000)
    }

    /// `87.5%`, `100%`.
    pub fn percent(self) -> String {
        let p = self.per_mille();
        if p.is_multiple_of(10) {
            format!("{}%", p / 10)
        } else {
            format!("{}.{}%", p / 10, p % 10)
        }
    }

    pub fn complete(self) -> bool {
        self.covered == self.total
    }
}

impl Coverage {
    pub fn rules_ratio(&self) -> Ratio {
        Ratio::of(&self.rules, RuleCoverage::covered)
    }
    pub fn rows_ratio(&self) -> Ratio {
        Ratio::of(&self.rows, |r| r.reads > 0)
    }
    pub fn branches_ratio(&self) -> Ratio {
        Ratio::of(&self.branches, BranchCoverage::covered)
    }
    pub fn objectives_ratio(&self) -> Ratio {
        Ratio::of(&self.objectives, |o| o.chosen > 0)
    }
}

/// Identity of a place across versions: file path and span.
type SpanKey = (String, usize, usize);

#[derive(Default)]
struct Tally {
    rules: BTreeMap<SpanKey, RuleCoverage>,
    rows: BTreeMap<(SpanKey, usize), RowCoverage>,
    branches: BTreeMap<SpanKey, BranchCoverage>,
    objectives: BTreeMap<SpanKey, ObjectiveCoverage>,
}

fn span_key(p: &Policy, origin: care_check::ir::Origin) -> SpanKey {
    let path = p
        .files
        .get(origin.file.0 as usize)
        .and_then(Option::as_ref)
        .map(|f| f.path.clone())
        .unwrap_or_default();
    (path, origin.span.start, origin.span.end)
}

fn place(p: &Policy, origin: care_check::ir::Origin) -> Place {
    let (file, line, column) = p.location(origin);
    Place { file, line, column }
}

fn key_text(k: &Key, columns: &str) -> String {
    let columns: Vec<&str> = columns.split(", ").collect();
    k.text(&columns, &|c, _| {
        crate::eval::show(&crate::eval::constant_value(c))
    })
}

/// Every expression of a version, each once (an explicit stack: no recursion).
pub(crate) fn expressions(p: &Policy) -> Vec<&Expr> {
    let mut roots: Vec<&Expr> = Vec::new();
    fn add_body<'a>(b: &'a Body, roots: &mut Vec<&'a Expr>) {
        roots.extend(b.lets.iter().map(|(_, _, e)| e));
        roots.push(&b.expr);
    }
    roots.extend(p.reference.iter());
    if let Some(b) = &p.chosen_objectives {
        add_body(b, &mut roots);
    }
    for o in &p.objectives {
        roots.extend(o.scope.iter().map(|(_, e)| e));
        roots.extend(o.achieved.iter());
    }
    for r in &p.rules {
        for s in &r.steps {
            roots.push(match s {
                RuleStep::When(e) | RuleStep::Require(e) => e,
                RuleStep::ForEach { list, .. } => list,
                RuleStep::Let { value, .. } => value,
            });
        }
    }
    for f in &p.functions {
        add_body(&f.body, &mut roots);
    }
    for v in &p.values {
        add_body(&v.body, &mut roots);
    }
    for o in &p.outputs {
        add_body(&o.body, &mut roots);
    }
    let mut out = Vec::new();
    let mut stack = roots;
    while let Some(e) = stack.pop() {
        out.push(e);
        match &e.kind {
            ExprKind::Field { base, .. } | ExprKind::TrackField { base, .. } => stack.push(base),
            ExprKind::Builtin { args, .. } | ExprKind::Call { args, .. } => stack.extend(args),
            ExprKind::List(items) | ExprKind::Struct(items) => stack.extend(items),
            ExprKind::Lookup { key, .. } => stack.push(key),
            ExprKind::Comprehension {
                source,
                filter,
                body,
                ..
            } => {
                stack.push(source);
                stack.extend(filter.as_deref());
                stack.extend(body.as_deref());
            }
            ExprKind::Not(x)
            | ExprKind::Neg(x)
            | ExprKind::PassedCode(x)
            | ExprKind::AchievedCode(x) => stack.push(x),
            ExprKind::Binary { lhs, rhs, .. } => {
                stack.push(lhs);
                stack.push(rhs);
            }
            ExprKind::If { cond, then, els } => {
                stack.push(cond);
                stack.push(then);
                stack.push(els);
            }
            ExprKind::Range { start, end } => {
                stack.push(start);
                stack.push(end);
            }
            ExprKind::Const(_)
            | ExprKind::Local(_)
            | ExprKind::Input
            | ExprKind::Value(_)
            | ExprKind::Output(_)
            | ExprKind::Passed(_)
            | ExprKind::AllRulesPassed
            | ExprKind::Achieved(_) => {}
        }
    }
    out
}

/// The branching expressions of a version: key, kind and arm names.
fn branch_points(p: &Policy) -> Vec<(SpanKey, Place, &'static str, [&'static str; 2])> {
    expressions(p)
        .into_iter()
        .filter_map(|e| {
            let (kind, arms) = match &e.kind {
                ExprKind::If { .. } => ("if", ["then", "else"]),
                ExprKind::Binary {
                    op: BinaryOp::And, ..
                } => ("and", ["left false", "right evaluated"]),
                ExprKind::Binary {
                    op: BinaryOp::Or, ..
                } => ("or", ["left true", "right evaluated"]),
                ExprKind::Binary {
                    op: BinaryOp::Otherwise,
                    ..
                } => ("otherwise", ["left kept", "fallback used"]),
                _ => return None,
            };
            Some((span_key(p, e.origin), place(p, e.origin), kind, arms))
        })
        .collect()
}

fn arm_index(arm: u32) -> usize {
    // `Then` and `Left` are the first arm, `Else` and `Right` the second.
    usize::from(arm == Arm::Else as u32 || arm == Arm::Right as u32)
}

impl Tally {
    /// Every place of a version, with nothing counted yet.
    fn declare(&mut self, p: &Policy) {
        for r in &p.rules {
            self.rules
                .entry(span_key(p, r.origin))
                .or_insert_with(|| RuleCoverage {
                    code: r.code.clone(),
                    label: r.label.clone(),
                    at: place(p, r.origin),
                    passed: 0,
                    failed: 0,
                    not_applicable: 0,
                });
        }
        for t in &p.tables {
            for (i, row) in t.rows.iter().enumerate() {
                self.rows
                    .entry((span_key(p, t.origin), i))
                    .or_insert_with(|| RowCoverage {
                        table: t.name.clone(),
                        key: key_text(&row.key, &t.key_column),
                        at: place(p, row.origin),
                        reads: 0,
                    });
            }
        }
        for (key, at, kind, arms) in branch_points(p) {
            self.branches.entry(key).or_insert(BranchCoverage {
                kind,
                at,
                arms: [(arms[0], 0), (arms[1], 0)],
            });
        }
        for o in &p.objectives {
            self.objectives
                .entry(span_key(p, o.origin))
                .or_insert_with(|| ObjectiveCoverage {
                    code: o.code.clone(),
                    at: place(p, o.origin),
                    chosen: 0,
                });
        }
    }

    fn count(&mut self, p: &Policy, rules: &[Status], chosen: &[u32], hits: &Hits) {
        for (r, s) in p.rules.iter().zip(rules) {
            if let Some(c) = self.rules.get_mut(&span_key(p, r.origin)) {
                match s {
                    Status::Passed => c.passed += 1,
                    Status::Failed => c.failed += 1,
                    Status::NotApplicable => c.not_applicable += 1,
                }
            }
        }
        for o in chosen {
            if let Some(o) = p.objectives.get(*o as usize) {
                if let Some(c) = self.objectives.get_mut(&span_key(p, o.origin)) {
                    c.chosen += 1;
                }
            }
        }
        for (probe, n) in hits {
            match *probe {
                Probe::Row(t) => {
                    if let Some(t) = p.tables.get(t as usize) {
                        if let Some(c) = self.rows.get_mut(&(span_key(p, t.origin), *n as usize)) {
                            c.reads += 1;
                        }
                    }
                }
                Probe::Branch(file, start, end) => {
                    let origin = care_check::ir::Origin {
                        file: care_syntax::FileId(file),
                        span: care_syntax::Span::new(start, end),
                    };
                    if let Some(c) = self.branches.get_mut(&span_key(p, origin)) {
                        c.arms[arm_index(*n)].1 += 1;
                    }
                }
            }
        }
    }
}

/// Runs every fixture dossier with coverage on, and tallies what they exercised.
pub fn measure(engine: &Engine, fixtures: &[Fixture]) -> Coverage {
    let mut tally = Tally::default();
    for p in engine.versions() {
        tally.declare(p);
    }
    let mut decoders: HashMap<usize, Option<Decoder>> = HashMap::new();
    let (mut dossiers, mut evaluated) = (0, 0);
    for f in fixtures {
        if !matches!(f.kind, FixtureKind::Dossier { .. }) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&f.file) else {
            continue;
        };
        dossiers += 1;
        let format = Format::detect(&f.file, &bytes);
        let Ok(version) = engine.select(&bytes, format, None) else {
            continue;
        };
        let (Some(policy), Some(program)) =
            (engine.versions().get(version), engine.program(version))
        else {
            continue;
        };
        let decoder = decoders
            .entry(version)
            .or_insert_with(|| Decoder::new(&policy.schema).ok());
        let Some(Ok(decoded)) = decoder.as_ref().map(|d| d.decode(format, &bytes)) else {
            continue;
        };
        let mut m = Machine::new(program);
        m.coverage = Some(Hits::default());
        let result = program.evaluate_with(&mut m, decoded.value, true);
        evaluated += 1;
        let hits = m.coverage.take().unwrap_or_default();
        match result {
            Ok(ev) => tally.count(policy, &ev.rules, &ev.chosen, &hits),
            // An evaluation error still went somewhere.
            Err(_) => tally.count(policy, &[], &[], &hits),
        }
    }
    let mut cov = Coverage {
        dossiers,
        evaluated,
        rules: tally.rules.into_values().collect(),
        rows: tally.rows.into_values().collect(),
        branches: tally.branches.into_values().collect(),
        objectives: tally.objectives.into_values().collect(),
    };
    cov.rules.sort_by(|a, b| a.at.cmp(&b.at));
    cov.rows.sort_by(|a, b| a.at.cmp(&b.at));
    cov.branches
        .sort_by(|a, b| a.at.cmp(&b.at).then(a.kind.cmp(b.kind)));
    cov.objectives.sort_by(|a, b| a.at.cmp(&b.at));
    cov
}

/// The human report: the four measures, then every place not covered.
pub fn human(cov: &Coverage, policy: &str) -> String {
    let mut out = format!(
        "coverage of `{policy}`: {} fixture dossiers, {} evaluated\n",
        cov.dossiers, cov.evaluated
    );
    let line = |name: &str, r: Ratio, what: &str| {
        format!(
            "  {name:<11} {:>4}/{:<4} {:>6}  {what}\n",
            r.covered,
            r.total,
            r.percent()
        )
    };
    out.push_str(&line(
        "rules",
        cov.rules_ratio(),
        "passed in one fixture and failed in another",
    ));
    out.push_str(&line("table rows", cov.rows_ratio(), "read"));
    out.push_str(&line(
        "branches",
        cov.branches_ratio(),
        "both arms taken (if, and, or, otherwise)",
    ));
    out.push_str(&line("objectives", cov.objectives_ratio(), "chosen"));
    let mut missing = Vec::new();
    for r in cov.rules.iter().filter(|r| !r.covered()) {
        let why = match (r.passed, r.failed) {
            (0, 0) => "never decided",
            (_, 0) => "never failed",
            _ => "never passed",
        };
        missing.push(format!("{}  rule {} {why}", r.at, r.code));
    }
    for r in cov.rows.iter().filter(|r| r.reads == 0) {
        missing.push(format!(
            "{}  table {} row `{}` never read",
            r.at, r.table, r.key
        ));
    }
    for b in cov.branches.iter().filter(|b| !b.covered()) {
        let never: Vec<&str> = b
            .arms
            .iter()
            .filter(|(_, n)| *n == 0)
            .map(|(a, _)| *a)
            .collect();
        missing.push(format!(
            "{}  `{}`: never {}",
            b.at,
            b.kind,
            never.join(", nor ")
        ));
    }
    for o in cov.objectives.iter().filter(|o| o.chosen == 0) {
        missing.push(format!("{}  objective {} never chosen", o.at, o.code));
    }
    if !missing.is_empty() {
        out.push_str("\nnot covered:\n");
        for m in missing {
            out.push_str("  ");
            out.push_str(&m);
            out.push('\n');
        }
    }
    out
}

fn ratio_json(r: Ratio) -> serde_json::Value {
    serde_json::json!({
        "covered": r.covered,
        "total": r.total,
        "percent": r.percent(),
    })
}

fn place_json(p: &Place) -> serde_json::Value {
    serde_json::json!({ "file": p.file, "line": p.line, "column": p.column })
}

/// The JSON report (stable order: by file, line, column).
pub fn json(cov: &Coverage) -> serde_json::Value {
    use serde_json::json;
    json!({
        "dossiers": cov.dossiers,
        "evaluated": cov.evaluated,
        "summary": {
            "rules": ratio_json(cov.rules_ratio()),
            "table_rows": ratio_json(cov.rows_ratio()),
            "branches": ratio_json(cov.branches_ratio()),
            "objectives": ratio_json(cov.objectives_ratio()),
        },
        "rules": cov.rules.iter().map(|r| json!({
            "code": r.code,
            "at": place_json(&r.at),
            "passed": r.passed,
            "failed": r.failed,
            "not_applicable": r.not_applicable,
            "covered": r.covered(),
        })).collect::<Vec<_>>(),
        "table_rows": cov.rows.iter().map(|r| json!({
            "table": r.table,
            "key": r.key,
            "at": place_json(&r.at),
            "reads": r.reads,
        })).collect::<Vec<_>>(),
        "branches": cov.branches.iter().map(|b| json!({
            "kind": b.kind,
            "at": place_json(&b.at),
            "arms": b.arms.iter().map(|(a, n)| json!({ "arm": a, "dossiers": n })).collect::<Vec<_>>(),
            "covered": b.covered(),
        })).collect::<Vec<_>>(),
        "objectives": cov.objectives.iter().map(|o| json!({
            "code": o.code,
            "at": place_json(&o.at),
            "chosen": o.chosen,
        })).collect::<Vec<_>>(),
    })
}

/// LCOV tracefile: per `.care` file, a line per rule (dossiers that decided it), table row (reads)
/// and objective (dossiers choosing it); branches (`BRDA`) for each rule (passed, failed) and each
/// branching expression (its two arms), so that an editor shades lines and marks partial ones.
pub fn lcov(cov: &Coverage) -> String {
    #[derive(Default)]
    struct FileData {
        lines: BTreeMap<usize, usize>,
        branches: Vec<(usize, usize, usize, usize)>,
    }
    let mut files: BTreeMap<String, FileData> = BTreeMap::new();
    let mut line = |at: &Place, n: usize| {
        let f = files.entry(at.file.clone()).or_default();
        let l = f.lines.entry(at.line).or_insert(0);
        *l = (*l).max(n);
    };
    for r in &cov.rules {
        line(&r.at, r.passed + r.failed + r.not_applicable);
    }
    for r in &cov.rows {
        line(&r.at, r.reads);
    }
    for o in &cov.objectives {
        line(&o.at, o.chosen);
    }
    let mut block = 0;
    for r in &cov.rules {
        let f = files.entry(r.at.file.clone()).or_default();
        f.branches.push((r.at.line, block, 0, r.passed));
        f.branches.push((r.at.line, block, 1, r.failed));
        block += 1;
    }
    for b in &cov.branches {
        let f = files.entry(b.at.file.clone()).or_default();
        f.branches.push((b.at.line, block, 0, b.arms[0].1));
        f.branches.push((b.at.line, block, 1, b.arms[1].1));
        block += 1;
    }
    let mut out = String::new();
    for (path, f) in &files {
        out.push_str("TN:\n");
        out.push_str(&format!("SF:{path}\n"));
        let mut sorted = f.branches.clone();
        sorted.sort();
        for (line, block, branch, n) in &sorted {
            out.push_str(&format!("BRDA:{line},{block},{branch},{n}\n"));
        }
        out.push_str(&format!("BRF:{}\n", sorted.len()));
        out.push_str(&format!(
            "BRH:{}\n",
            sorted.iter().filter(|b| b.3 > 0).count()
        ));
        for (line, n) in &f.lines {
            out.push_str(&format!("DA:{line},{n}\n"));
        }
        out.push_str(&format!("LF:{}\n", f.lines.len()));
        out.push_str(&format!(
            "LH:{}\n",
            f.lines.values().filter(|n| **n > 0).count()
        ));
        out.push_str("end_of_record\n");
    }
    out
}
