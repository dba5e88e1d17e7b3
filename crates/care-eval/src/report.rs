//! The report of an evaluated dossier: outputs, then every rule with its status, citation,
//! location, and the data that decided it; every output with the steps of its computation.
//! One model, three renderings: JSON (machines), a terminal report and a Markdown document
//! (instructors), both in French.

use crate::engine::Outcome;
use crate::eval::trace::{Event, Read, ReadId, Record};
use crate::eval::Status;
use crate::render::write_output;
use crate::value::Value;
use care_check::ir::{Citation, Policy};
use care_check::types::Type;
use serde::Serialize;
use serde_json::{json, Map, Value as Json};

#[derive(Serialize, Debug)]
pub struct Report {
    pub policy: PolicyRef,
    pub dossier: Option<String>,
    pub outputs: Map<String, Json>,
    /// Codes of the rules that failed, in declaration order.
    pub failed: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<Entry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The evidence the candidate will provide for the objectives it chose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistItem>,
    /// The documents the explanation cites: id and title.
    #[serde(skip)]
    pub documents: Vec<(String, String)>,
}

#[derive(Serialize, Debug)]
pub struct ChecklistItem {
    pub objective: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Each piece to provide; a piece with alternatives lists them (any one will do).
    pub evidence: Vec<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl ChecklistItem {
    /// What an objective asks the candidate to provide.
    pub fn of(o: &care_check::ir::Objective) -> ChecklistItem {
        ChecklistItem {
            objective: o.code.clone(),
            label: o.label.clone(),
            theme: o.theme.clone(),
            evidence: o
                .evidence
                .iter()
                .map(|e| match e {
                    care_check::ir::Evidence::One(t) => vec![t.clone()],
                    care_check::ir::Evidence::AnyOf(ts) => ts.clone(),
                })
                .collect(),
            notes: o.notes.clone(),
        }
    }
}

#[derive(Serialize, Debug)]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
    #[serde(skip)]
    pub title: String,
}

#[derive(Serialize, Debug)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    Rule(RuleEntry),
    Prerequisite(RuleEntry),
    Output(OutputEntry),
}

#[derive(Serialize, Debug)]
pub struct RuleEntry {
    pub code: String,
    pub label: String,
    pub status: &'static str,
    pub sources: Vec<String>,
    pub location: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub data: Vec<Datum>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct ItemEntry {
    pub item: String,
    pub passed: bool,
    pub data: Vec<Datum>,
}

#[derive(Serialize, Debug)]
pub struct OutputEntry {
    pub name: String,
    pub label: Option<String>,
    pub value: Json,
    pub sources: Vec<String>,
    pub location: String,
    pub data: Vec<Datum>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Json>,
}

#[derive(Serialize, Debug, Clone)]
pub struct Datum {
    pub path: String,
    pub value: Json,
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::NotApplicable => "not_applicable",
    }
}

/// `CDC §2.2 « précision »`: the document by its id; the report lists the titles once.
fn citations(c: &[Citation]) -> Vec<String> {
    c.iter()
        .map(|c| {
            let mut s = c.document.clone();
            if let Some(sec) = &c.section {
                s.push(' ');
                s.push_str(sec);
            }
            if let Some(d) = &c.detail {
                s.push_str(&format!(" « {d} »"));
            }
            s
        })
        .collect()
}

fn location(policy: &Policy, origin: care_check::ir::Origin) -> String {
    let (path, line, _) = policy.location(origin);
    format!("{path}:{line}")
}

/// A value as JSON, per the data contract: what [`write_output`] writes (the one serializer of
/// outputs, batch lines' too), as a tree for the report's model.
pub fn json_of(value: &Value, ty: &Type, policy: &Policy) -> Json {
    let mut text = String::new();
    write_output(&mut text, value, ty, policy, true);
    serde_json::from_str(&text).unwrap_or_else(|_| Json::String(crate::eval::show(value)))
}

fn data(table: &[Read], reads: &[ReadId], policy: &Policy) -> Vec<Datum> {
    // The trace keeps only data worth showing (no whole records: their fields are read).
    reads
        .iter()
        .filter_map(|id| table.get(*id as usize))
        .map(|r| Datum {
            path: r.path.to_string(),
            value: json_of(&r.value, &r.ty, policy),
        })
        .collect()
}

fn steps(record: &Record, policy: &Policy) -> Vec<Json> {
    record
        .events
        .iter()
        .map(|e| match e {
            Event::Lookup { table, key, row } => {
                let t = policy.tables.get(*table as usize);
                let name = t.map(|t| t.name.clone()).unwrap_or_default();
                let key_ty = t.map(|t| t.key_type.clone()).unwrap_or(Type::Error);
                let mut values = Map::new();
                if let Some(t) = t {
                    if let Some(r) = t.rows.get(*row) {
                        for ((col, ty), c) in t.columns.iter().zip(&r.values) {
                            values.insert(
                                col.clone(),
                                json_of(&crate::eval::constant_value(c), ty, policy),
                            );
                        }
                    }
                }
                json!({ "lookup": name, "key": json_of(key, &key_ty, policy), "row": values })
            }
            Event::SumTerm { binder, term, ty } => {
                json!({ "term": crate::eval::show(binder), "value": json_of(term, ty, policy) })
            }
            Event::Min { args, ty, chosen } => json!({
                "min": args.iter().map(|a| json_of(a, ty, policy)).collect::<Vec<_>>(),
                "kept": args.get(*chosen).map(|a| json_of(a, ty, policy)),
                "capped": *chosen != 0,
            }),
        })
        .collect()
}

impl Report {
    pub fn new(outcome: &Outcome<'_>) -> Report {
        let policy = outcome.policy.as_ref();
        let eval = &outcome.evaluation;
        let mut outputs = Map::new();
        for (o, v) in policy.outputs.iter().zip(&eval.outputs) {
            outputs.insert(o.name.clone(), json_of(v, &o.ty, policy));
        }
        let failed = policy
            .rules
            .iter()
            .zip(&eval.rules)
            .filter(|(_, s)| **s == Status::Failed)
            .map(|(r, _)| r.code.clone())
            .collect();
        let mut explanation = Vec::new();
        if let Some(trace) = &eval.trace {
            for (i, (r, s)) in policy.rules.iter().zip(&eval.rules).enumerate() {
                let (record, items) = trace
                    .rules
                    .get(i)
                    .and_then(Option::as_ref)
                    .map(|(r, it)| (r.clone(), it.clone()))
                    .unwrap_or_default();
                let entry = RuleEntry {
                    code: r.code.clone(),
                    label: r.label.clone(),
                    status: status_word(*s),
                    sources: citations(&r.sources),
                    location: location(policy, r.origin),
                    notes: r.notes.clone(),
                    data: data(trace.reads(), &record.reads, policy),
                    items: items
                        .iter()
                        .map(|it| ItemEntry {
                            item: it
                                .path
                                .as_deref()
                                .map_or_else(|| format!("#{}", it.index + 1), str::to_string),
                            passed: it.passed,
                            data: data(trace.reads(), &it.record.reads, policy),
                        })
                        .collect(),
                    fix: (*s == Status::Failed).then(|| r.fix.clone()).flatten(),
                };
                explanation.push(match r.kind {
                    care_syntax::ast::RuleKind::Rule => Entry::Rule(entry),
                    care_syntax::ast::RuleKind::Prerequisite => Entry::Prerequisite(entry),
                });
            }
            for (i, (o, v)) in policy.outputs.iter().zip(&eval.outputs).enumerate() {
                let record = trace
                    .outputs
                    .get(i)
                    .and_then(Option::as_ref)
                    .cloned()
                    .unwrap_or_default();
                explanation.push(Entry::Output(OutputEntry {
                    name: o.name.clone(),
                    label: o.label.clone(),
                    value: json_of(v, &o.ty, policy),
                    sources: citations(&o.sources),
                    location: location(policy, o.origin),
                    data: data(trace.reads(), &record.reads, policy),
                    steps: steps(&record, policy),
                }));
            }
        }
        Report {
            policy: PolicyRef {
                id: policy.id.clone(),
                version: policy.version.to_string(),
                title: policy.title.clone(),
            },
            dossier: outcome.dossier(),
            outputs,
            failed,
            explanation,
            warnings: outcome
                .warnings
                .iter()
                .map(crate::engine::issue_line)
                .collect(),
            checklist: eval
                .chosen
                .iter()
                .filter_map(|i| policy.objectives.get(*i as usize))
                .map(ChecklistItem::of)
                .collect(),
            documents: policy
                .documents
                .iter()
                .map(|d| (d.name.clone(), d.title.clone()))
                .collect(),
        }
    }
}

/// A JSON value for a person: money as `9 400,00 €`, booleans as oui/non, texts bare.
pub fn french(v: &Json) -> String {
    match v {
        Json::Bool(true) => "oui".into(),
        Json::Bool(false) => "non".into(),
        Json::Null => "absent".into(),
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(french).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(_) => v.to_string(),
    }
}

/// `9400.00` → `9 400,00 €` (French grouping with a narrow no-break space).
pub fn french_money(s: &str) -> String {
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{frac} €")
}

/// Renders an output value for people, knowing its type.
pub fn french_value(v: &Json, ty: &Type) -> String {
    match (v, ty.required()) {
        (Json::String(s), Type::Money) => french_money(s),
        _ => french(v),
    }
}
