//! Text shown to a person in a terminal or a Markdown report, made unable to act on the display.
//! A dossier's strings (its `id`, names, unknown field names) and a policy's strings are printed
//! in reports; raw, an escape sequence in them could clear the screen or rewrite a line
//! ("eligible : oui" in bold), a newline could add a forged line, and a bidi control could
//! reorder what is read. Such characters are shown as escapes (`\u{1b}`) instead. JSON output
//! needs none of this: its strings are escaped by JSON itself.

use std::borrow::Cow;
use std::fmt::Write;

use crate::report::{ChecklistItem, Datum, Entry, ItemEntry, OutputEntry, Report, RuleEntry};
use serde_json::Value as Json;

/// Characters that move the cursor, change colours, reorder or hide text.
fn acts_on_display(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // bidi embeddings, overrides, isolates and marks
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // invisible: zero-width spaces and joiners, word joiner, line and paragraph separators
        | '\u{200b}'..='\u{200d}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_newlines && c == '\n';
    if !s.chars().any(|c| acts_on_display(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if acts_on_display(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Data: every such character escaped, newlines included (a line of its own is a forgery).
pub fn data(s: &str) -> String {
    escape(s, false).into_owned()
}

/// A policy's prose (labels, notes, fixes): its line breaks are kept, the rest escaped.
pub fn prose(s: &str) -> String {
    escape(s, true).into_owned()
}

fn json(v: &Json) -> Json {
    match v {
        Json::String(s) => Json::String(data(s)),
        Json::Array(items) => Json::Array(items.iter().map(json).collect()),
        Json::Object(map) => Json::Object(map.iter().map(|(k, v)| (data(k), json(v))).collect()),
        other => other.clone(),
    }
}

fn datum(d: &Datum) -> Datum {
    Datum {
        path: data(&d.path),
        value: json(&d.value),
    }
}

fn rule(r: &RuleEntry) -> RuleEntry {
    RuleEntry {
        code: data(&r.code),
        label: prose(&r.label),
        status: r.status,
        sources: r.sources.iter().map(|s| prose(s)).collect(),
        location: data(&r.location),
        notes: r.notes.iter().map(|s| prose(s)).collect(),
        data: r.data.iter().map(datum).collect(),
        items: r
            .items
            .iter()
            .map(|i| ItemEntry {
                item: data(&i.item),
                passed: i.passed,
                data: i.data.iter().map(datum).collect(),
            })
            .collect(),
        fix: r.fix.as_deref().map(prose),
    }
}

/// A copy of the report with every string made printable, for the terminal and Markdown forms.
pub fn report(r: &Report) -> Report {
    Report {
        policy: crate::report::PolicyRef {
            id: data(&r.policy.id),
            version: data(&r.policy.version),
            title: prose(&r.policy.title),
        },
        dossier: r.dossier.as_deref().map(data),
        outputs: r.outputs.iter().map(|(k, v)| (data(k), json(v))).collect(),
        failed: r.failed.iter().map(|s| data(s)).collect(),
        explanation: r
            .explanation
            .iter()
            .map(|e| match e {
                Entry::Rule(x) => Entry::Rule(rule(x)),
                Entry::Prerequisite(x) => Entry::Prerequisite(rule(x)),
                Entry::Output(o) => Entry::Output(OutputEntry {
                    name: data(&o.name),
                    label: o.label.as_deref().map(prose),
                    value: json(&o.value),
                    sources: o.sources.iter().map(|s| prose(s)).collect(),
                    location: data(&o.location),
                    data: o.data.iter().map(datum).collect(),
                    steps: o.steps.iter().map(json).collect(),
                }),
            })
            .collect(),
        warnings: r.warnings.iter().map(|s| data(s)).collect(),
        checklist: r
            .checklist
            .iter()
            .map(|c| ChecklistItem {
                objective: data(&c.objective),
                label: prose(&c.label),
                theme: c.theme.as_deref().map(prose),
                evidence: c
                    .evidence
                    .iter()
                    .map(|p| p.iter().map(|s| prose(s)).collect())
                    .collect(),
                notes: c.notes.iter().map(|s| prose(s)).collect(),
            })
            .collect(),
        documents: r
            .documents
            .iter()
            .map(|(id, title)| (data(id), prose(title)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_acts_on_a_terminal() {
        assert_eq!(data("ESSMS-2026-0001"), "ESSMS-2026-0001");
        assert_eq!(data("Les Tilleuls — EHPAD"), "Les Tilleuls — EHPAD");
        assert_eq!(data("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(data("a\nb\rc\td"), "a\\u{a}b\\u{d}c\\u{9}d");
        assert_eq!(
            data("x\u{202e}y\u{200b}z\u{9b}"),
            "x\\u{202e}y\\u{200b}z\\u{9b}"
        );
        assert_eq!(prose("ligne 1\nligne 2\u{7}"), "ligne 1\nligne 2\\u{7}");
    }
}
