//! What a version's results look like (CSV columns, JSON keys), and the cells of a CSV row.

use care_check::ir::Policy;
use care_check::types::Type;

use super::*;
use crate::render::{push_json_string, write_output};
use crate::value::Value;

/// An output's columns in CSV: a leaf is one column; a record spreads over its fields.
#[derive(Clone, Debug)]
pub(crate) enum Flat {
    Leaf(usize),
    Record(Vec<Flat>),
}

/// Deepest record nesting spread over columns; deeper records go in one cell as JSON.
pub(crate) const MAX_FLAT_DEPTH: usize = 8;

/// What a version's results look like, computed once.
pub(crate) struct Layout {
    /// `,"policy":{"id":…,"version":…},"outputs":{`
    pub(crate) jsonl_head: String,
    /// `"name":` for each output.
    pub(crate) keys: Vec<String>,
    /// Each rule's code as a JSON string.
    pub(crate) rule_codes: Vec<String>,
    /// The version as CSV writes it.
    pub(crate) version: String,
    /// The CSV columns of each output.
    pub(crate) flat: Vec<Flat>,
    /// Summary slot of each output: a counted bool, a summed money amount.
    pub(crate) bool_slot: Vec<Option<usize>>,
    pub(crate) money_slot: Vec<Option<usize>>,
    /// With explanations: their parts that do not depend on the dossier.
    pub(crate) explain: Option<Explain>,
}

/// Column names in order of first appearance.
#[derive(Default)]
pub(crate) struct Columns {
    pub(crate) names: Vec<String>,
    /// Whether each column holds decimals (money, decimal, share): French CSV writes them with
    /// a decimal comma.
    pub(crate) decimal: Vec<bool>,
    /// Whether each column holds booleans (or lists of them): French CSV writes `oui` / `non`,
    /// as the French reports do.
    pub(crate) boolean: Vec<bool>,
    pub(crate) index: std::collections::HashMap<String, usize>,
}

impl Columns {
    pub(crate) fn slot(&mut self, name: String) -> usize {
        if let Some(i) = self.index.get(&name) {
            return *i;
        }
        let i = self.names.len();
        self.index.insert(name.clone(), i);
        self.names.push(name);
        self.decimal.push(false);
        self.boolean.push(false);
        i
    }
}

pub(crate) fn flatten(
    policy: &Policy,
    ty: &Type,
    name: String,
    depth: usize,
    cols: &mut Columns,
) -> Flat {
    let fields: Option<Vec<(String, Type)>> = match ty.required() {
        Type::Record(id) if depth < MAX_FLAT_DEPTH => policy.schema.record(*id).map(|r| {
            r.fields
                .iter()
                .map(|f| (f.name.clone(), f.ty.clone()))
                .collect()
        }),
        Type::Struct(fields) if depth < MAX_FLAT_DEPTH => Some(fields.to_vec()),
        _ => None,
    };
    match fields {
        Some(fields) => Flat::Record(
            fields
                .into_iter()
                .map(|(f, t)| flatten(policy, &t, format!("{name}.{f}"), depth + 1, cols))
                .collect(),
        ),
        None => {
            let col = cols.slot(name);
            if matches!(ty.required(), Type::Money | Type::Decimal | Type::Share) {
                if let Some(d) = cols.decimal.get_mut(col) {
                    *d = true;
                }
            }
            let boolean = match ty.required() {
                Type::Bool => true,
                Type::List(t) => *t.required() == Type::Bool,
                _ => false,
            };
            if boolean {
                if let Some(b) = cols.boolean.get_mut(col) {
                    *b = true;
                }
            }
            Flat::Leaf(col)
        }
    }
}

/// Appends `s` as a CSV field, quoted when it must be (it holds the separator `sep`, a quote, a
/// line break, or spaces at an end).
pub(crate) fn push_csv(out: &mut String, s: &str, sep: char) {
    // A cell is read by a person in a spreadsheet and by line-oriented tools: control characters
    // of the data (a newline in an `id`, an escape sequence) are written as escapes, so that
    // each dossier stays one line and nothing acts on the display.
    let shown = crate::printable::data(s);
    let s = shown.as_str();
    if s.bytes()
        .any(|b| matches!(b, b'"' | b'\n' | b'\r') || b as char == sep)
        || s.starts_with(' ')
        || s.ends_with(' ')
    {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

pub(crate) fn slot_of(names: &mut Vec<String>, name: &str) -> usize {
    match names.iter().position(|n| n == name) {
        Some(i) => i,
        None => {
            names.push(name.to_owned());
            names.len() - 1
        }
    }
}

pub(crate) fn push_id(out: &mut String, id: &DossierId) {
    match id {
        DossierId::Line(n) => crate::digits::push_u64(out, *n),
        DossierId::File(name) => push_json_string(out, name),
    }
}

/// Spreads an output over its CSV cells.
pub(crate) fn fill_cells(
    cells: &mut [String],
    flat: &Flat,
    value: &Value,
    ty: &Type,
    policy: &Policy,
    top: bool,
) {
    match flat {
        Flat::Leaf(col) => {
            let Some(cell) = cells.get_mut(*col) else {
                return;
            };
            if value.is_absent() {
                return;
            }
            let mut json = String::new();
            write_output(&mut json, value, ty, policy, top);
            if json.starts_with('[') {
                cell.push_str(&readable_list(&json));
            } else if json.starts_with('"') {
                match serde_json::from_str::<String>(&json) {
                    Ok(s) => cell.push_str(&s),
                    Err(_) => cell.push_str(&json),
                }
            } else {
                cell.push_str(&json);
            }
        }
        Flat::Record(fields) => {
            let Value::Record(values) = value else {
                return;
            };
            let types: Vec<Type> = match ty.required() {
                Type::Record(id) => policy
                    .schema
                    .record(*id)
                    .map(|r| r.fields.iter().map(|f| f.ty.clone()).collect())
                    .unwrap_or_default(),
                Type::Struct(fields) => fields.iter().map(|(_, t)| t.clone()).collect(),
                _ => Vec::new(),
            };
            for ((f, v), t) in fields.iter().zip(values.iter()).zip(&types) {
                fill_cells(cells, f, v, t, policy, false);
            }
        }
    }
}

/// A list as a CSV cell: its elements separated by `, ` when they are all texts, numbers or
/// booleans (`POC.DEPOT, POC.MINIMIS`; an empty list is an empty cell); else its JSON.
pub(crate) fn readable_list(json: &str) -> String {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(json)
    else {
        return json.to_owned();
    };
    let mut words = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            serde_json::Value::String(s) if !s.contains(", ") => words.push(s.clone()),
            serde_json::Value::Number(n) => words.push(n.to_string()),
            serde_json::Value::Bool(b) => words.push(b.to_string()),
            _ => return json.to_owned(),
        }
    }
    words.join(", ")
}

/// A boolean cell (`true`, or a list `true, false`) as French spreadsheets read it: `oui`, `non`.
pub(crate) fn french_booleans(cell: &str) -> String {
    cell.split(", ")
        .map(|item| match item {
            "true" => "oui",
            "false" => "non",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(", ")
}
