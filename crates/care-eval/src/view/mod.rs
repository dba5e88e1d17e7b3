//! The report as people read it: an instructor judging a dossier, or the candidate it is sent
//! to. Built once from an evaluated dossier, in French, every string made printable
//! ([`crate::printable`]), then rendered for a terminal, as Markdown ([`text`]) or as one
//! self-contained HTML page ([`html`]). The JSON report ([`crate::report`]) is the machines'
//! contract and does not depend on this.
//!
//! What it shows first: the decision (the output `eligible`, else the first `bool` output) and
//! the amount (the first `money` output), then what is missing — each failed rule with the
//! comparisons that decided it in words and figures, its fix, notes and sources — then the
//! results, the other rules, the computations, the evidence to provide.

pub mod french;
pub mod html;
mod names;
pub mod text;
mod words;

use crate::engine::Outcome;
use crate::eval::trace::{Event, Item, Read, ReadId, Record, Side, Test};
use crate::eval::Status;
use crate::printable::{data, prose};
use crate::value::Value;
use care_check::ir::{Citation, Policy, Rule, RuleStep};
use care_check::types::Type;
use care_syntax::ast::RuleKind;
use names::Names;
use rust_decimal::Decimal;

/// Who reads the report: the instructor sees where each rule is written in the policy and the
/// policy's own expressions; the candidate does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Audience {
    #[default]
    Instructor,
    Candidate,
}

#[derive(Debug)]
pub struct View {
    pub audience: Audience,
    pub title: String,
    pub policy_id: String,
    /// `15 avril 2026`.
    pub version: String,
    pub dossier: Option<String>,
    pub decision: Decision,
    /// The rules that failed, in declaration order.
    pub missing: Vec<RuleView>,
    pub outputs: Vec<OutputView>,
    /// The other rules: passed or not applicable.
    pub rules: Vec<RuleView>,
    pub chart: Option<Chart>,
    pub checklist: Vec<ChecklistView>,
    pub documents: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct Decision {
    /// The decision output's label (`Candidature éligible`) and value.
    pub label: Option<String>,
    pub yes: Option<bool>,
    /// The amount: label and value (`Subvention forfaitaire`, `98 600,00 €`).
    pub amount: Option<(String, String)>,
    pub failed: usize,
}

#[derive(Debug)]
pub struct RuleView {
    pub code: String,
    pub label: String,
    /// `règle` or `prérequis`.
    pub kind: &'static str,
    pub status: Status,
    /// `règle non respectée`, `prérequis respecté`, `sans objet`.
    pub status_text: String,
    /// The tests that decided it (for a failed rule, those that did not hold).
    pub tests: Vec<TestView>,
    /// Its `require` is an `or`: any one of the failed tests holding would have been enough.
    pub any_of: bool,
    pub lets: Vec<(String, String)>,
    /// The items it failed on (`for each`).
    pub items: Vec<ItemView>,
    /// What it read (instructor, failed rules).
    pub data: Vec<DataView>,
    pub fix: Option<String>,
    pub notes: Vec<String>,
    pub sources: Vec<String>,
    /// `policies/essms-poc/2026-03-31.care:123` (instructor); an amended rule's logic is where
    /// the amending version wrote it.
    pub location: Option<String>,
}

/// A comparison in words and figures.
#[derive(Debug, Clone)]
pub struct TestView {
    /// A `when` (the rule applies if it holds), else a `require`.
    pub when: bool,
    pub held: bool,
    /// A comparison (else a condition read as yes or no).
    pub comparison: bool,
    /// What was found: `Date et heure de réception du dossier complet`.
    pub what: Option<String>,
    /// Its value: `4 juin 2026 à 17 h 05`.
    pub found: String,
    /// The operands of an arithmetic side: `aides 280 000,00 € + Part du forfait… 34 000,00 €`.
    pub detail: Option<String>,
    /// What is required: `avant le 4 juin 2026 à 16 h 00`, `au moins 3 (minimum requis…)`.
    pub required: String,
    /// The policy's expression (instructor).
    pub code: Option<String>,
}

#[derive(Debug)]
pub struct ItemView {
    pub name: String,
    pub tests: Vec<TestView>,
    pub lets: Vec<(String, String)>,
    pub data: Vec<DataView>,
}

#[derive(Debug, Clone)]
pub struct DataView {
    pub label: String,
    pub owner: Option<String>,
    pub value: String,
    /// The dossier path (instructor).
    pub path: Option<String>,
}

#[derive(Debug)]
pub struct OutputView {
    /// The identifier (instructor).
    pub name: Option<String>,
    pub label: String,
    pub value: String,
    pub steps: Vec<String>,
    /// The label of an earlier output computed the same way (its steps are not repeated).
    pub same_as: Option<String>,
    pub sources: Vec<String>,
}

/// A grant as the sum of one amount per rank (or per record of the dossier), and its cap.
#[derive(Debug)]
pub struct Chart {
    pub label: String,
    /// The sum is over ranks (`sum(i in 1..n: …)`); otherwise over records of the dossier, each
    /// bar named by the record's name.
    pub by_rank: bool,
    pub bars: Vec<Bar>,
    pub total: Decimal,
    pub cap: Option<Decimal>,
    pub result: Decimal,
}

#[derive(Debug)]
pub struct Bar {
    /// The rank, or the name of the record (a site, an expense).
    pub rank: String,
    pub amount: Decimal,
    /// `taux 80 %`, from the lookup made for this rank.
    pub rate: Option<String>,
}

#[derive(Debug)]
pub struct ChecklistView {
    pub code: String,
    pub label: String,
    pub theme: Option<String>,
    pub evidence: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

/// `CDC §2.2 « précision »`.
fn citation(c: &Citation) -> String {
    let mut s = data(&c.document);
    if let Some(sec) = &c.section {
        s.push(' ');
        s.push_str(&prose(sec));
    }
    if let Some(d) = &c.detail {
        s.push_str(&format!(" « {} »", prose(d)));
    }
    s
}

struct Builder<'a> {
    policy: &'a Policy,
    /// The trace's table of reads, that records number.
    reads: &'a [Read],
    names: Names<'a>,
    audience: Audience,
}

impl Builder<'_> {
    fn instructor(&self) -> bool {
        self.audience == Audience::Instructor
    }

    fn value(&self, v: &Value, ty: &Type) -> String {
        if let Some(p) = self.names.of(v) {
            return p.name.clone();
        }
        if let Value::List(items) = v {
            if items.iter().any(|i| self.names.of(i).is_some()) {
                let inner = match ty.required() {
                    Type::List(t) => (**t).clone(),
                    _ => Type::Error,
                };
                return items
                    .iter()
                    .map(|i| self.value(i, &inner))
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
        french::value(v, ty, self.policy)
    }

    fn datum(&self, r: &Read) -> DataView {
        let (label, owner) = self.names.field(&r.path);
        DataView {
            label,
            owner,
            value: self.value(&r.value, &r.ty),
            path: self.instructor().then(|| data(&r.path)),
        }
    }

    fn data(&self, reads: &[ReadId]) -> Vec<DataView> {
        reads
            .iter()
            .filter_map(|id| self.reads.get(*id as usize))
            .map(|r| self.datum(r))
            .collect()
    }

    fn lets(&self, record: &Record) -> Vec<(String, String)> {
        record
            .lets
            .iter()
            .filter(|(_, v, ty)| crate::eval::trace::shown(ty) && self.names.of(v).is_none())
            .map(|(n, v, ty)| (data(n), self.value(v, ty)))
            .collect()
    }

    fn side_words(&self, side: &Side, rule: &Rule) -> Option<String> {
        words::find(rule, side.origin).and_then(|e| words::describe(e, rule, self.policy))
    }

    fn test(&self, t: &Test, rule: &Rule) -> TestView {
        let code = self
            .instructor()
            .then(|| words::source(self.policy, t.origin))
            .flatten()
            .map(|s| data(&s));
        // Under `not`, the comparison was recorded with its own truth: what was required is its
        // opposite, and the condition held when it did not.
        let negated = words::negated(rule, t.origin);
        let held = t.held != negated;
        let Some((op, lhs, rhs)) = &t.compare else {
            let what =
                words::find(rule, t.origin).and_then(|e| words::describe(e, rule, self.policy));
            return TestView {
                when: t.when,
                held,
                comparison: false,
                what,
                found: if t.held { "oui" } else { "non" }.into(),
                detail: None,
                required: if negated { "non" } else { "oui" }.into(),
                code,
            };
        };
        let op = if negated { words::opposite(*op) } else { *op };
        // `3 < x`: said from the side the policy names, `x` strictly more than 3.
        let (op, lhs, rhs) = match words::mirrored(op) {
            Some(m)
                if lhs.parts.is_empty()
                    && self.side_words(lhs, rule).is_none()
                    && self.side_words(rhs, rule).is_some() =>
            {
                (m, rhs, lhs)
            }
            _ => (op, lhs, rhs),
        };
        let op = &op;
        let detail = (!lhs.parts.is_empty()).then(|| {
            let ops = words::find(rule, lhs.origin).and_then(|e| match &e.kind {
                care_check::ir::ExprKind::Binary { op, .. } => Some(*op),
                _ => None,
            });
            let sym = match ops {
                Some(care_syntax::ast::BinaryOp::Sub) => " − ",
                Some(care_syntax::ast::BinaryOp::Mul) => " × ",
                Some(care_syntax::ast::BinaryOp::Div) => " ÷ ",
                _ => " + ",
            };
            lhs.parts
                .iter()
                .map(|(v, ty, origin)| {
                    let shown = self.value(v, ty);
                    match words::find(rule, *origin)
                        .and_then(|e| words::describe(e, rule, self.policy))
                    {
                        Some(w) => format!("{w} {shown}"),
                        None => shown,
                    }
                })
                .collect::<Vec<_>>()
                .join(sym)
        });
        let threshold = self.value(&rhs.value, &rhs.ty);
        let mut required = format!("{} {threshold}", words::requirement(*op, &lhs.ty));
        if let Some(w) = self.side_words(rhs, rule) {
            required.push_str(&format!(" ({w})"));
        }
        TestView {
            when: t.when,
            held,
            comparison: true,
            what: self.side_words(lhs, rule),
            found: self.value(&lhs.value, &lhs.ty),
            detail,
            required,
            code,
        }
    }

    /// The tests to show: for a failed rule (or item), the `require`s that did not hold; for a
    /// rule not applicable, its `when`s that did not; else every `require`.
    fn tests(&self, record: &Record, rule: &Rule, status: Status) -> Vec<TestView> {
        record
            .tests
            .iter()
            .map(|t| self.test(t, rule))
            .filter(|t| match status {
                Status::Failed => !t.when && !t.held,
                Status::NotApplicable => t.when && !t.held,
                Status::Passed => !t.when && t.held,
            })
            // A rule that holds shows only the comparisons that can be said in words.
            .filter(|t| status == Status::Failed || (t.what.is_some() && t.comparison))
            .collect()
    }

    fn item(&self, it: &Item, rule: &Rule, status: Status) -> ItemView {
        let name = it
            .path
            .as_deref()
            .and_then(|p| self.names.at(p))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| format!("n° {}", it.index + 1));
        ItemView {
            name,
            tests: self.tests(&it.record, rule, status),
            lets: self.lets(&it.record),
            data: if self.instructor() {
                self.data(&it.record.reads)
            } else {
                Vec::new()
            },
        }
    }

    /// Where the rule's logic is written: the version that wrote it.
    fn location(&self, rule: &Rule) -> Option<String> {
        if !self.instructor() {
            return None;
        }
        let (path, line, _) = self.policy.location(rule.origin);
        let logic = rule.steps.iter().find_map(|s| match s {
            RuleStep::Require(e) => Some(e.origin),
            _ => None,
        });
        Some(match logic {
            Some(o) if o.file != rule.origin.file => {
                let (lpath, lline, _) = self.policy.location(o);
                let by = if o.file == self.policy.origin.file {
                    format!(" par la version du {}", french::date(self.policy.version))
                } else {
                    String::new()
                };
                format!(
                    "{}:{lline} (modifiée{by} ; déclarée en {}:{line})",
                    data(&lpath),
                    data(&path)
                )
            }
            _ => format!("{}:{line}", data(&path)),
        })
    }

    fn rule(&self, rule: &Rule, status: Status, traced: Option<&(Record, Vec<Item>)>) -> RuleView {
        let (kind, feminine) = match rule.kind {
            RuleKind::Rule => ("règle", true),
            RuleKind::Prerequisite => ("prérequis", false),
        };
        let status_text = match (status, feminine) {
            (Status::Passed, true) => "règle respectée",
            (Status::Passed, false) => "prérequis respecté",
            (Status::Failed, true) => "règle non respectée",
            (Status::Failed, false) => "prérequis non respecté",
            (Status::NotApplicable, _) => "sans objet",
        };
        let empty = (Record::default(), Vec::new());
        let (record, items) = traced.unwrap_or(&empty);
        let failed = status == Status::Failed;
        RuleView {
            code: data(&rule.code),
            label: prose(&rule.label),
            kind,
            status,
            status_text: status_text.into(),
            tests: self.tests(record, rule, status),
            any_of: failed && words::alternatives(rule),
            lets: if failed {
                self.lets(record)
            } else {
                Vec::new()
            },
            // A failed rule: the items it failed on; a rule that holds: the items whose tests
            // can be said in words (the figures of a ceiling, per entity).
            items: items
                .iter()
                .filter(|i| !failed || !i.passed)
                .map(|i| {
                    self.item(
                        i,
                        rule,
                        if i.passed {
                            Status::Passed
                        } else {
                            Status::Failed
                        },
                    )
                })
                .filter(|i| failed || !i.tests.is_empty())
                .collect(),
            data: if failed && self.instructor() {
                self.data(&record.reads)
            } else {
                Vec::new()
            },
            fix: rule.fix.as_deref().filter(|_| failed).map(prose),
            notes: rule.notes.iter().map(|n| prose(n)).collect(),
            sources: rule.sources.iter().map(citation).collect(),
            location: self.location(rule),
        }
    }

    /// Whether a table's value column `k` is written in percents (`80 %`) in the policy: its
    /// decimals are then shown as percentages.
    fn percent_column(&self, t: &care_check::ir::Table, k: usize) -> bool {
        let keys = match &t.key_type {
            Type::Struct(fields) => fields.len(),
            _ => 1,
        };
        t.rows.first().is_some_and(|r| {
            words::source(self.policy, r.origin).is_some_and(|text| {
                text.split('|')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .nth(k + keys)
                    .is_some_and(|c| c.ends_with('%'))
            })
        })
    }

    /// A lookup in words: the table and key, the values read, and the row's key when it is a
    /// range of decimals or a row of several keys (`66 % <= part < 90 %`, `P4, 4..6`).
    fn table_row(
        &self,
        table: u32,
        key: &Value,
        row: usize,
    ) -> Option<(String, Vec<String>, Option<String>)> {
        let t = self.policy.tables.get(table as usize)?;
        let r = t.rows.get(row)?;
        let cols: Vec<String> = t
            .columns
            .iter()
            .zip(&r.values)
            .enumerate()
            .map(|(k, ((name, ty), c))| {
                let v = crate::eval::constant_value(c);
                let shown = match (&v, self.percent_column(t, k)) {
                    (Value::Decimal(d), true) => french::percent(*d),
                    _ => self.value(&v, ty),
                };
                format!("{} {shown}", data(name))
            })
            .collect();
        let label = t
            .label
            .as_deref()
            .map(prose)
            .unwrap_or_else(|| data(&t.name));
        // A key in a range (`part >= 90 %`, `P4, 1..3`): the row that holds it is shown too.
        let shown = self.value(key, &t.key_type);
        let row_key = match &r.key {
            // (Integer ranges keep their short form: the rank says which row it is.)
            care_check::ir::Key::Exact(_) | care_check::ir::Key::Range { .. } => None,
            k => {
                let columns: Vec<&str> = t.key_column.split(", ").collect();
                let types: Vec<Type> = match &t.key_type {
                    Type::Struct(fields) => fields.iter().map(|(_, t)| t.clone()).collect(),
                    one => vec![one.clone()],
                };
                Some(k.text(&columns, &|c, col| {
                    let ty = types.get(col).unwrap_or(&Type::Error);
                    self.value(&crate::eval::constant_value(c), ty)
                }))
            }
        };
        Some((format!("{label} ({shown})"), cols, row_key))
    }

    /// An output's computation in words: table lookups, the terms of a sum (with the lookup made
    /// for each), caps.
    fn steps(&self, record: &Record) -> Vec<String> {
        let mut out = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        let times = lookup_times(record);
        let repeated = |e: &Event| match e {
            Event::Lookup { table, key, row } => times.get(&(*table, key, *row)) > Some(&1),
            _ => false,
        };
        let mut shown: Vec<String> = Vec::new();
        for e in &record.events {
            match e {
                Event::Lookup { table, key, row } => {
                    let Some((head, mut cols, row_key)) = self.table_row(*table, key, *row) else {
                        continue;
                    };
                    if let Some(rk) = row_key {
                        cols.push(format!("ligne « {rk} »"));
                    }
                    if repeated(e) {
                        let line = format!("{head} : {}", cols.join(", "));
                        if !shown.contains(&line) {
                            out.push(line.clone());
                            shown.push(line);
                        }
                    } else {
                        pending.push(cols.join(", "));
                    }
                }
                Event::SumTerm { binder, term, ty } => {
                    let who = match binder {
                        Value::Int(n) => format!("rang {n}"),
                        // A record of the dossier, by its path.
                        Value::Text(p) if self.names.at(p).is_some() => {
                            self.names.at(p).map(|p| p.name.clone()).unwrap_or_default()
                        }
                        other => self.value(other, &Type::Error),
                    };
                    let with = if pending.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", pending.join(" ; "))
                    };
                    pending.clear();
                    out.push(format!("{who} : {}{with}", self.value(term, ty)));
                }
                Event::Min { args, ty, chosen } => {
                    let args: Vec<String> = args.iter().map(|a| self.value(a, ty)).collect();
                    let verdict = if *chosen != 0 {
                        "plafond appliqué"
                    } else {
                        "plafond non atteint"
                    };
                    out.push(format!("le moindre de {} : {verdict}", args.join(" et ")));
                }
            }
        }
        out.extend(pending);
        out
    }

    fn chart(&self, record: &Record, label: &str) -> Option<Chart> {
        let mut bars = Vec::new();
        let mut rate: Option<String> = None;
        let mut cap = None;
        let mut total = None;
        // A rate found once per rank is the bar's, one found for every rank is not.
        let times = lookup_times(record);
        let mut by_rank: Option<bool> = None;
        for e in &record.events {
            match e {
                Event::Lookup { table, key, row } => {
                    let single = times.get(&(*table, key, *row)) == Some(&1);
                    if single {
                        rate = self
                            .table_row(*table, key, *row)
                            .map(|(_, cols, _)| cols.join(", "));
                    }
                }
                Event::SumTerm {
                    binder,
                    term: Value::Money(m),
                    ..
                } => {
                    // Ranks, or records of the dossier by their names: one kind per chart.
                    let bar = match binder {
                        Value::Int(n) if by_rank != Some(false) => {
                            by_rank = Some(true);
                            Some((n.to_string(), rate.take()))
                        }
                        Value::Text(p) if by_rank != Some(true) => {
                            self.names.at(p).map(|p| (p.name.clone(), None))
                        }
                        _ => None,
                    };
                    if let Some((rank, rate)) = bar {
                        by_rank = by_rank.or(Some(false));
                        bars.push(Bar {
                            rank,
                            amount: *m,
                            rate,
                        });
                    }
                }
                Event::Min { args, ty, .. } if *ty.required() == Type::Money => {
                    total = args.first().and_then(Value::as_decimal);
                    cap = args.get(1).and_then(Value::as_decimal);
                }
                _ => {}
            }
        }
        if bars.is_empty() {
            return None;
        }
        let sum: Decimal = bars.iter().map(|b| b.amount).sum();
        let total = total.unwrap_or(sum);
        let result = cap.map_or(total, |c: Decimal| c.min(total));
        Some(Chart {
            label: label.to_string(),
            by_rank: by_rank != Some(false),
            bars,
            total,
            cap,
            result,
        })
    }
}

impl View {
    pub fn new(outcome: &Outcome<'_>, audience: Audience) -> View {
        let policy = outcome.policy.as_ref();
        let eval = &outcome.evaluation;
        let trace = eval.trace.as_ref();
        let b = Builder {
            policy,
            reads: trace.map(|t| t.reads()).unwrap_or(&[]),
            names: Names::new(&outcome.input, &policy.schema),
            audience,
        };
        let mut missing = Vec::new();
        let mut rules = Vec::new();
        for (i, (r, s)) in policy.rules.iter().zip(&eval.rules).enumerate() {
            let traced = trace.and_then(|t| t.rules.get(i)).and_then(Option::as_ref);
            let v = b.rule(r, *s, traced);
            if *s == Status::Failed {
                missing.push(v);
            } else {
                rules.push(v);
            }
        }
        let mut outputs: Vec<OutputView> = Vec::new();
        let mut seen: Vec<(Vec<String>, String)> = Vec::new();
        let mut chart = None;
        for (i, (o, v)) in policy.outputs.iter().zip(&eval.outputs).enumerate() {
            let label = o
                .label
                .as_deref()
                .map(prose)
                .unwrap_or_else(|| data(&o.name));
            let record = trace
                .and_then(|t| t.outputs.get(i))
                .and_then(Option::as_ref);
            let steps = record.map(|r| b.steps(r)).unwrap_or_default();
            // The first money output drawn, or a later one that a cap limits (the amount due
            // rather than the costs it is computed from).
            let capped = |c: &Option<Chart>| c.as_ref().is_some_and(|c| c.cap.is_some());
            if !capped(&chart) && *o.ty.required() == Type::Money {
                let this = record.and_then(|r| b.chart(r, &label));
                if chart.is_none() || capped(&this) {
                    chart = this.or(chart);
                }
            }
            let same_as = seen
                .iter()
                .find(|(s, _)| !steps.is_empty() && *s == steps)
                .map(|(_, l)| l.clone());
            if same_as.is_none() && !steps.is_empty() {
                seen.push((steps.clone(), label.clone()));
            }
            outputs.push(OutputView {
                name: b.instructor().then(|| data(&o.name)),
                label,
                value: b.value(v, &o.ty),
                steps: if same_as.is_some() { Vec::new() } else { steps },
                same_as,
                sources: o.sources.iter().map(citation).collect(),
            });
        }
        // The output the policy names `decision`, else its first bool output.
        let decision_index = policy.decision.map(|i| i as usize).or_else(|| {
            policy
                .outputs
                .iter()
                .position(|o| *o.ty.required() == Type::Bool)
        });
        let amount_index = policy
            .outputs
            .iter()
            .position(|o| *o.ty.required() == Type::Money);
        let decision = Decision {
            label: decision_index
                .and_then(|i| outputs.get(i))
                .map(|o| o.label.clone()),
            yes: decision_index
                .and_then(|i| eval.outputs.get(i))
                .and_then(Value::as_bool),
            amount: amount_index
                .and_then(|i| outputs.get(i))
                .map(|o| (o.label.clone(), o.value.clone())),
            failed: missing.len(),
        };
        View {
            audience,
            title: prose(&policy.title),
            policy_id: data(&policy.id),
            version: french::date(policy.version),
            dossier: outcome.dossier().as_deref().map(data),
            decision,
            missing,
            outputs,
            rules,
            chart,
            checklist: eval
                .chosen
                .iter()
                .filter_map(|i| policy.objectives.get(*i as usize))
                .map(|o| ChecklistView {
                    code: data(&o.code),
                    label: prose(&o.label),
                    theme: o.theme.as_deref().map(prose),
                    evidence: o
                        .evidence
                        .iter()
                        .map(|e| match e {
                            care_check::ir::Evidence::One(t) => vec![prose(t)],
                            care_check::ir::Evidence::AnyOf(ts) => {
                                ts.iter().map(|t| prose(t)).collect()
                            }
                        })
                        .collect(),
                    notes: o.notes.iter().map(|n| prose(n)).collect(),
                })
                .collect(),
            documents: policy
                .documents
                .iter()
                .map(|d| (data(&d.name), prose(&d.title)))
                .collect(),
            warnings: outcome
                .warnings
                .iter()
                .map(|w| data(&crate::engine::issue_line(w)))
                .collect(),
        }
    }

    /// For a terminal or as Markdown.
    pub fn text(&self, style: text::Style) -> String {
        text::render(self, style)
    }

    /// One self-contained HTML page.
    pub fn html(&self) -> String {
        html::render(self)
    }

    /// The decision in one line: `Candidature éligible : non — 1 règle non respectée`.
    pub fn headline(&self) -> String {
        let mut s = match (&self.decision.label, self.decision.yes) {
            (Some(l), Some(y)) => format!("{l} : {}", if y { "oui" } else { "non" }),
            _ => match self.decision.failed {
                0 => "Toutes les règles sont respectées".to_string(),
                _ => "Des règles ne sont pas respectées".to_string(),
            },
        };
        match self.decision.failed {
            0 => {}
            1 => s.push_str(" — 1 règle non respectée"),
            n => s.push_str(&format!(" — {n} règles non respectées")),
        }
        s
    }
}

/// How many times each lookup of a record was made, counted in one pass (a scan of the events
/// per lookup would be quadratic in the sites of a sum).
fn lookup_times(record: &Record) -> std::collections::HashMap<(u32, &Value, usize), usize> {
    let mut times = std::collections::HashMap::new();
    for e in &record.events {
        if let Event::Lookup { table, key, row } = e {
            *times.entry((*table, key, *row)).or_default() += 1;
        }
    }
    times
}
