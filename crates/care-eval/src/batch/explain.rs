//! Explanations in batch lines, with their parts that do not depend on the dossier serialized
//! once per version.

use care_check::ir::Policy;
use care_check::types::Type;

use crate::eval::trace::{Event, Read as TraceRead, ReadId, Record, Trace};
use crate::eval::{constant_value, show, Evaluation, Status};
use crate::render::{push_json_string, write_output};
use crate::report::ChecklistItem;
use crate::value::Value;

/// A version's explanation, written as the report of one dossier serializes it
/// (`Report::explanation`), with the parts that do not depend on the dossier (codes, labels,
/// citations, locations, notes, fixes, table rows) serialized once.
pub(crate) struct Explain {
    pub(crate) rules: Vec<RulePart>,
    pub(crate) outputs: Vec<OutputPart>,
    /// Per table: `{"lookup":NAME,"key":`, the key type, and each row as `,"row":{…}}`.
    pub(crate) tables: Vec<(String, Type, Vec<String>)>,
    /// Per objective: its checklist entry.
    pub(crate) checklist: Vec<String>,
}

pub(crate) struct RulePart {
    /// `{"kind":…,"code":…,"label":…,"status":"`
    pub(crate) head: String,
    /// `","sources":[…],"location":…[,"notes":[…]],"data":`
    pub(crate) mid: String,
    /// `,"fix":…`
    pub(crate) fix: Option<String>,
}

pub(crate) struct OutputPart {
    /// `{"kind":"output","name":…,"label":…,"value":`
    pub(crate) head: String,
    /// `,"sources":[…],"location":…,"data":`
    pub(crate) mid: String,
}

pub(crate) fn json_text<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// `CDC §2.2 « précision »`, as the report cites.
pub(crate) fn citation_texts(c: &[care_check::ir::Citation]) -> Vec<String> {
    c.iter()
        .map(|c| {
            let mut s = c.document.clone();
            if let Some(sec) = &c.section {
                s.push(' ');
                s.push_str(sec);
            }
            if let Some(d) = &c.detail {
                s.push_str(" « ");
                s.push_str(d);
                s.push_str(" »");
            }
            s
        })
        .collect()
}

pub(crate) fn location_text(policy: &Policy, origin: care_check::ir::Origin) -> String {
    let (path, line, _) = policy.location(origin);
    format!("{path}:{line}")
}

impl Explain {
    pub(crate) fn new(policy: &Policy) -> Explain {
        let rules = policy
            .rules
            .iter()
            .map(|r| {
                let kind = match r.kind {
                    care_syntax::ast::RuleKind::Rule => "rule",
                    care_syntax::ast::RuleKind::Prerequisite => "prerequisite",
                };
                let head = format!(
                    "{{\"kind\":\"{kind}\",\"code\":{},\"label\":{},\"status\":\"",
                    json_text(&r.code),
                    json_text(&r.label)
                );
                let mut mid = format!(
                    "\",\"sources\":{},\"location\":{}",
                    json_text(&citation_texts(&r.sources)),
                    json_text(&location_text(policy, r.origin))
                );
                if !r.notes.is_empty() {
                    mid.push_str(",\"notes\":");
                    mid.push_str(&json_text(&r.notes));
                }
                mid.push_str(",\"data\":");
                let fix = r.fix.as_ref().map(|f| format!(",\"fix\":{}", json_text(f)));
                RulePart { head, mid, fix }
            })
            .collect();
        let outputs = policy
            .outputs
            .iter()
            .map(|o| OutputPart {
                head: format!(
                    "{{\"kind\":\"output\",\"name\":{},\"label\":{},\"value\":",
                    json_text(&o.name),
                    json_text(&o.label)
                ),
                mid: format!(
                    ",\"sources\":{},\"location\":{},\"data\":",
                    json_text(&citation_texts(&o.sources)),
                    json_text(&location_text(policy, o.origin))
                ),
            })
            .collect();
        let tables = policy
            .tables
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row = String::from(",\"row\":{");
                        for (k, ((col, ty), c)) in t.columns.iter().zip(&r.values).enumerate() {
                            if k > 0 {
                                row.push(',');
                            }
                            push_json_string(&mut row, col);
                            row.push(':');
                            write_output(&mut row, &constant_value(c), ty, policy, true);
                        }
                        row.push_str("}}");
                        row
                    })
                    .collect();
                (
                    format!("{{\"lookup\":{},\"key\":", json_text(&t.name)),
                    t.key_type.clone(),
                    rows,
                )
            })
            .collect();
        let checklist = policy
            .objectives
            .iter()
            .map(|o| json_text(&ChecklistItem::of(o)))
            .collect();
        Explain {
            rules,
            outputs,
            tables,
            checklist,
        }
    }

    /// Appends the explanation (a JSON array) of an evaluation with its trace.
    pub(crate) fn write(
        &self,
        out: &mut String,
        policy: &Policy,
        evaluation: &Evaluation,
        trace: &Trace,
    ) {
        out.push('[');
        let empty = Record::default();
        let mut datums = Datums::new(trace.reads().len());
        for (i, (part, status)) in self.rules.iter().zip(&evaluation.rules).enumerate() {
            if i > 0 {
                out.push(',');
            }
            let (record, items) = match trace.rules.get(i).and_then(Option::as_ref) {
                Some((r, items)) => (r, items.as_slice()),
                None => (&empty, &[][..]),
            };
            out.push_str(&part.head);
            out.push_str(match status {
                Status::Passed => "passed",
                Status::Failed => "failed",
                Status::NotApplicable => "not_applicable",
            });
            out.push_str(&part.mid);
            datums.write(out, trace.reads(), &record.reads, policy);
            if !items.is_empty() {
                out.push_str(",\"items\":[");
                for (k, it) in items.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push_str("{\"item\":");
                    match &it.path {
                        Some(path) => push_json_string(out, path),
                        None => push_json_string(out, &format!("#{}", it.index + 1)),
                    }
                    out.push_str(if it.passed {
                        ",\"passed\":true,\"data\":"
                    } else {
                        ",\"passed\":false,\"data\":"
                    });
                    datums.write(out, trace.reads(), &it.record.reads, policy);
                    out.push('}');
                }
                out.push(']');
            }
            if let (Status::Failed, Some(fix)) = (status, &part.fix) {
                out.push_str(fix);
            }
            out.push('}');
        }
        let rules = self.rules.len().min(evaluation.rules.len());
        for (i, ((part, o), value)) in self
            .outputs
            .iter()
            .zip(&policy.outputs)
            .zip(&evaluation.outputs)
            .enumerate()
        {
            if rules + i > 0 {
                out.push(',');
            }
            let record = trace
                .outputs
                .get(i)
                .and_then(Option::as_ref)
                .unwrap_or(&empty);
            out.push_str(&part.head);
            write_output(out, value, &o.ty, policy, true);
            out.push_str(&part.mid);
            datums.write(out, trace.reads(), &record.reads, policy);
            if !record.events.is_empty() {
                out.push_str(",\"steps\":[");
                for (k, event) in record.events.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    self.write_step(out, event, policy);
                }
                out.push(']');
            }
            out.push('}');
        }
        out.push(']');
    }

    pub(crate) fn write_step(&self, out: &mut String, event: &Event, policy: &Policy) {
        match event {
            Event::Lookup { table, key, row } => match self.tables.get(*table as usize) {
                Some((head, key_ty, rows)) => {
                    out.push_str(head);
                    write_output(out, key, key_ty, policy, true);
                    match rows.get(*row) {
                        Some(r) => out.push_str(r),
                        None => out.push_str(",\"row\":{}}"),
                    }
                }
                None => {
                    out.push_str("{\"lookup\":\"\",\"key\":");
                    write_output(out, key, &Type::Error, policy, true);
                    out.push_str(",\"row\":{}}");
                }
            },
            Event::SumTerm { binder, term, ty } => {
                out.push_str("{\"term\":");
                match binder {
                    // `show` of a text is the text: written without making a `String`.
                    Value::Text(t) => push_json_string(out, t),
                    other => push_json_string(out, &show(other)),
                }
                out.push_str(",\"value\":");
                write_output(out, term, ty, policy, true);
                out.push('}');
            }
            Event::Min { args, ty, chosen } => {
                out.push_str("{\"min\":[");
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    write_output(out, a, ty, policy, true);
                }
                out.push_str("],\"kept\":");
                match args.get(*chosen) {
                    Some(a) => write_output(out, a, ty, policy, true),
                    None => out.push_str("null"),
                }
                out.push_str(if *chosen != 0 {
                    ",\"capped\":true}"
                } else {
                    ",\"capped\":false}"
                });
            }
        }
    }
}

/// The data of one explanation, each piece written as JSON once (`{"path":…,"value":…}`), then
/// copied: the same fields are data of many rules (a value's reads count for each rule using it).
struct Datums {
    text: String,
    /// Where each read of the trace's table is in `text`, once written.
    at: Vec<Option<(usize, usize)>>,
}

impl Datums {
    fn new(reads: usize) -> Datums {
        Datums {
            // About 64 bytes a datum (`{"path":…,"value":…}`): one allocation, not a dozen
            // growths.
            text: String::with_capacity(reads * 64),
            at: vec![None; reads],
        }
    }

    /// The data a rule or an output read, as the report lists it.
    fn write(&mut self, out: &mut String, table: &[TraceRead], reads: &[ReadId], policy: &Policy) {
        out.push('[');
        let mut first = true;
        for id in reads {
            let i = *id as usize;
            let (Some(r), Some(slot)) = (table.get(i), self.at.get_mut(i)) else {
                continue;
            };
            if !first {
                out.push(',');
            }
            first = false;
            let (start, end) = *slot.get_or_insert_with(|| {
                let start = self.text.len();
                self.text.push_str("{\"path\":");
                push_json_string(&mut self.text, &r.path);
                self.text.push_str(",\"value\":");
                write_output(&mut self.text, &r.value, &r.ty, policy, true);
                self.text.push('}');
                (start, self.text.len())
            });
            out.push_str(self.text.get(start..end).unwrap_or("{}"));
        }
        out.push(']');
    }
}
