//! `care table`: a table or a function of the policy over a range of integers, one column per
//! value of its finite parameters (tracks, enums, booleans) — an author checks a tranche table or
//! a flat amount without writing a dossier. Functions read only their parameters and constants,
//! so no dossier is needed.

use crate::fr;
use care_check::ir::{Key, Policy};
use care_check::types::Type;
use care_eval::eval::Program;
use care_eval::value::Value;
use serde::Serialize;
use std::sync::Arc;

/// An inclusive range of integers (`1..20`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: i64,
    pub end: i64,
}

impl Default for Range {
    fn default() -> Self {
        Range { start: 1, end: 20 }
    }
}

/// The longest range tabulated: more is a mistake, not a table to read.
pub const MAX_ROWS: i64 = 10_000;

impl std::str::FromStr for Range {
    type Err = String;
    /// `1..20` (both ends included) or a single `5`.
    fn from_str(s: &str) -> Result<Range, String> {
        let parse = |t: &str| {
            t.trim()
                .parse::<i64>()
                .map_err(|_| format!("`{s}` is not a range: write `1..20`"))
        };
        let (start, end) = match s.split_once("..") {
            Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
            None => {
                let n = parse(s)?;
                (n, n)
            }
        };
        if end < start {
            return Err(format!(
                "the range `{s}` is empty: its end is before its start"
            ));
        }
        if end.saturating_sub(start) >= MAX_ROWS {
            return Err(format!(
                "the range `{s}` is too long (at most {MAX_ROWS} values)"
            ));
        }
        Ok(Range { start, end })
    }
}

/// One cell: for a person (French) and as data (the data contract's JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    pub data: serde_json::Value,
    /// Why the value could not be computed (an arithmetic error, a key no row covers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The ranged parameter's value (or the table row's key), for a person.
    pub key: String,
    pub key_data: serde_json::Value,
    pub cells: Vec<Cell>,
}

/// A table or function laid out over a range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tabulation {
    pub name: String,
    /// `function` or `table`.
    pub kind: &'static str,
    pub label: Option<String>,
    pub version: String,
    /// The header of the key column: the ranged parameter, or the table's key column.
    pub key: String,
    /// The headers of the value columns: the values of the finite parameters (`P1`), or the
    /// table's columns.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// Why a name cannot be tabulated.
#[derive(Debug, PartialEq, Eq)]
pub enum TableError {
    Unknown { name: String, known: Vec<String> },
    NotTabulable { name: String, why: String },
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::Unknown { name, known } => {
                let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                write!(
                    f,
                    "no table or function `{name}`; tables and functions: {}",
                    list.join(", ")
                )
            }
            TableError::NotTabulable { name, why } => {
                write!(f, "`{name}` cannot be tabulated: {why}")
            }
        }
    }
}

impl std::error::Error for TableError {}

/// Tabulates the table or function `name` of `policy` over `range`.
pub fn tabulate(policy: &Arc<Policy>, name: &str, range: Range) -> Result<Tabulation, TableError> {
    tabulate_with(policy, name, range, &[])
}

/// [`tabulate`], a table's rates shown as its author wrote them (`80 %`, not `0,8`).
pub fn tabulate_version(
    version: &crate::Version,
    name: &str,
    range: Range,
) -> Result<Tabulation, TableError> {
    let percent = version
        .decls
        .tables
        .iter()
        .find(|t| t.name.node == name)
        .map(percent_columns)
        .unwrap_or_default();
    tabulate_with(&version.policy, name, range, &percent)
}

/// Which value columns of a table are written in percent in every row.
pub fn percent_columns(t: &care_check::decls::Decl<care_syntax::ast::TableDecl>) -> Vec<bool> {
    use care_syntax::ast::{Cell as C, Literal};
    let keys = t.node.key_columns.max(1);
    (keys..t.node.columns.len())
        .map(|c| {
            !t.node.rows.is_empty()
                && t.node.rows.iter().all(|r| {
                    matches!(
                        r.node.get(c).map(|x| &x.node),
                        Some(C::Literal(Literal::Percent(_)))
                    )
                })
        })
        .collect()
}

fn tabulate_with(
    policy: &Arc<Policy>,
    name: &str,
    range: Range,
    percent: &[bool],
) -> Result<Tabulation, TableError> {
    if let Some(i) = policy.functions.iter().position(|f| f.name == name) {
        return function(policy, i, range);
    }
    if let Some(i) = policy.tables.iter().position(|t| t.name == name) {
        return Ok(table(policy, i, range, percent));
    }
    let known = policy
        .tables
        .iter()
        .map(|t| t.name.clone())
        .chain(policy.functions.iter().map(|f| f.name.clone()))
        .collect();
    Err(TableError::Unknown {
        name: name.to_string(),
        known,
    })
}

/// The values a finite parameter takes, with their headers.
fn finite_values(policy: &Policy, ty: &Type) -> Option<Vec<(String, Value)>> {
    match ty {
        Type::Track => Some(
            policy
                .tracks
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), Value::Track(u32::try_from(i).unwrap_or(0))))
                .collect(),
        ),
        Type::Enum(id) => policy.schema.enum_def(*id).map(|e| {
            e.variants
                .iter()
                .enumerate()
                .map(|(i, v)| (v.name.clone(), Value::Enum(u32::try_from(i).unwrap_or(0))))
                .collect()
        }),
        Type::Bool => Some(vec![
            ("oui".into(), Value::Bool(true)),
            ("non".into(), Value::Bool(false)),
        ]),
        _ => None,
    }
}

/// Whether a function can be tabulated: at most one `int` parameter, the others finite.
pub fn is_tabulable(policy: &Policy, f: &care_check::ir::Function) -> bool {
    let ints = f.params.iter().filter(|(_, t)| *t == Type::Int).count();
    ints <= 1
        && f.params
            .iter()
            .all(|(_, t)| *t == Type::Int || finite_values(policy, t).is_some())
}

/// The headers of a column and the arguments it fixes (parameter position, value).
type Combo = (Vec<String>, Vec<(usize, Value)>);

fn function(policy: &Arc<Policy>, index: usize, range: Range) -> Result<Tabulation, TableError> {
    let f = &policy.functions[index];
    let not = |why: String| TableError::NotTabulable {
        name: f.name.clone(),
        why,
    };
    let ints: Vec<usize> = (0..f.params.len())
        .filter(|i| f.params[*i].1 == Type::Int)
        .collect();
    if ints.len() > 1 {
        return Err(not("it has more than one `int` parameter".into()));
    }
    // The cartesian product of the finite parameters' values: one column each.
    let mut combos: Vec<Combo> = vec![(Vec::new(), Vec::new())];
    for (i, (pname, ty)) in f.params.iter().enumerate() {
        if *ty == Type::Int {
            continue;
        }
        let Some(values) = finite_values(policy, ty) else {
            let shown = policy.schema.type_name(ty);
            return Err(not(format!(
                "its parameter `{pname}` is a `{shown}`; only `int`, `track`, enums and `bool` can be tabulated"
            )));
        };
        let mut next = Vec::new();
        for (heads, args) in &combos {
            for (h, v) in &values {
                let mut heads = heads.clone();
                heads.push(h.clone());
                let mut args = args.clone();
                args.push((i, v.clone()));
                next.push((heads, args));
            }
        }
        combos = next;
    }
    let program = Program::new(policy.clone());
    let keys: Vec<Option<i64>> = match ints.first() {
        Some(_) => (range.start..=range.end).map(Some).collect(),
        None => vec![None],
    };
    let mut rows = Vec::new();
    for k in keys {
        let mut cells = Vec::new();
        for (_, fixed) in &combos {
            let args: Vec<Value> = (0..f.params.len())
                .map(|i| match fixed.iter().find(|(j, _)| *j == i) {
                    Some((_, v)) => v.clone(),
                    None => Value::Int(k.unwrap_or(0)),
                })
                .collect();
            cells.push(match program.call(&f.name, args) {
                Ok(v) => Cell {
                    text: fr::value(&v, &f.ret, policy),
                    data: fr::data(&v, &f.ret, policy),
                    error: None,
                },
                Err(e) => Cell {
                    text: "erreur".into(),
                    data: serde_json::Value::Null,
                    error: Some(e.render(policy)),
                },
            });
        }
        rows.push(Row {
            key: k.map_or_else(|| "—".into(), |k| k.to_string()),
            key_data: k.map_or(serde_json::Value::Null, |k| k.into()),
            cells,
        });
    }
    let key = ints
        .first()
        .map_or_else(String::new, |i| f.params[*i].0.clone());
    let mut columns: Vec<String> = combos.iter().map(|(h, _)| h.join(", ")).collect();
    if columns == [String::new()] {
        columns = vec![f.name.clone()];
    }
    Ok(Tabulation {
        name: f.name.clone(),
        kind: "function",
        label: f.label.clone(),
        version: policy.version.to_string(),
        key,
        columns,
        rows,
    })
}

fn table(policy: &Arc<Policy>, index: usize, range: Range, percent: &[bool]) -> Tabulation {
    let t = &policy.tables[index];
    let cells_of = |values: &[care_check::ir::Constant]| -> Vec<Cell> {
        t.columns
            .iter()
            .zip(values)
            .enumerate()
            .map(|(k, ((_, ty), c))| {
                let v = care_eval::eval::constant_value(c);
                let text = match (&v, percent.get(k)) {
                    (Value::Decimal(d), Some(true)) => fr::percent(*d),
                    _ => fr::value(&v, ty, policy),
                };
                Cell {
                    text,
                    data: fr::data(&v, ty, policy),
                    error: None,
                }
            })
            .collect()
    };
    if let Some(tab) = two_keys_over_range(policy, t, range, &cells_of) {
        return tab;
    }
    // A table keyed by integers (ranges `1..4`, or `sites <= 3`) is shown over the range.
    let ranged = t.key_type == Type::Int
        && t.rows
            .iter()
            .all(|r| matches!(r.key, Key::Range { .. } | Key::Between { .. }))
        && !t.rows.is_empty();
    let rows = if ranged {
        (range.start..=range.end)
            .map(|i| {
                let row = t
                    .rows
                    .iter()
                    .find(|r| r.key.covers_number(rust_decimal::Decimal::from(i)));
                let cells = match row {
                    Some(r) => cells_of(&r.values),
                    None => t
                        .columns
                        .iter()
                        .map(|_| Cell {
                            text: "—".into(),
                            data: serde_json::Value::Null,
                            error: Some(format!("no row of `{}` covers {i}", t.name)),
                        })
                        .collect(),
                };
                Row {
                    key: i.to_string(),
                    key_data: i.into(),
                    cells,
                }
            })
            .collect()
    } else {
        t.rows
            .iter()
            .map(|r| Row {
                key: key_text(&r.key, &t.key_column, &t.key_type, policy),
                key_data: key_data(&r.key, &t.key_column, &t.key_type, policy),
                cells: cells_of(&r.values),
            })
            .collect()
    };
    Tabulation {
        name: t.name.clone(),
        kind: "table",
        label: t.label.clone(),
        version: policy.version.to_string(),
        key: t.key_column.clone(),
        columns: t.columns.iter().map(|(n, _)| n.clone()).collect(),
        rows,
    }
}

/// A table keyed by a track (an enum, a bool) and an integer, with one value column, over the
/// range: one column per value of the first key that has rows (`P4` for a schedule of track 4
/// only), as a function of a track and a rank is shown.
fn two_keys_over_range(
    policy: &Arc<Policy>,
    t: &care_check::ir::Table,
    range: Range,
    cells_of: &dyn Fn(&[care_check::ir::Constant]) -> Vec<Cell>,
) -> Option<Tabulation> {
    let Type::Struct(keys) = &t.key_type else {
        return None;
    };
    let [(_, first_ty), (second, Type::Int)] = keys.as_ref() else {
        return None;
    };
    if t.columns.len() != 1 {
        return None;
    }
    let values: Vec<(String, care_check::ir::Constant)> = finite_values(policy, first_ty)?
        .into_iter()
        .filter_map(|(head, v)| {
            let c = t.rows.iter().find_map(|r| match &r.key {
                Key::Tuple(k) => match k.first() {
                    Some(Key::Exact(c)) if care_eval::eval::constant_value(c) == v => {
                        Some(c.clone())
                    }
                    _ => None,
                },
                _ => None,
            })?;
            Some((head, c))
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    let rows = (range.start..=range.end)
        .map(|i| {
            let cells = values
                .iter()
                .map(|(head, c)| {
                    let row = t.rows.iter().find(|r| match &r.key {
                        Key::Tuple(k) => {
                            k.first() == Some(&Key::Exact(c.clone()))
                                && k.get(1).is_some_and(|k| {
                                    k.covers_number(rust_decimal::Decimal::from(i))
                                })
                        }
                        _ => false,
                    });
                    match row {
                        Some(r) => cells_of(&r.values).remove(0),
                        None => Cell {
                            text: "—".into(),
                            data: serde_json::Value::Null,
                            error: Some(format!("no row of `{}` covers {head}, {i}", t.name)),
                        },
                    }
                })
                .collect();
            Row {
                key: i.to_string(),
                key_data: i.into(),
                cells,
            }
        })
        .collect();
    Some(Tabulation {
        name: t.name.clone(),
        kind: "table",
        label: t.label.clone(),
        version: policy.version.to_string(),
        key: second.clone(),
        columns: values.into_iter().map(|(h, _)| h).collect(),
        rows,
    })
}

/// A table row's key for a person: `1..4`, `13..`, `P1`, `part < 66 %`, `P4, 1..3`.
pub fn key_text(k: &Key, column: &str, ty: &Type, policy: &Policy) -> String {
    let (columns, types): (Vec<&str>, Vec<&Type>) = match ty {
        Type::Struct(fields) => fields.iter().map(|(n, t)| (n.as_str(), t)).unzip(),
        one => (vec![column], vec![one]),
    };
    k.text(&columns, &|c, col| {
        fr::constant(c, types.get(col).copied().unwrap_or(ty), policy)
    })
}

fn key_data(k: &Key, column: &str, ty: &Type, policy: &Policy) -> serde_json::Value {
    match k {
        Key::Exact(c) => fr::data(&care_eval::eval::constant_value(c), ty, policy),
        other => key_text(other, column, ty, policy).into(),
    }
}

/// The tabulation as aligned text, for a terminal.
pub fn render_text(t: &Tabulation) -> String {
    let mut out = String::new();
    let what = if t.kind == "function" {
        "Fonction"
    } else {
        "Table"
    };
    out.push_str(&format!("{what} `{}`", t.name));
    if let Some(l) = &t.label {
        out.push_str(&format!(" — {}", care_eval::printable::prose(l)));
    }
    let version = t
        .version
        .parse::<jiff::civil::Date>()
        .map_or_else(|_| t.version.clone(), fr::date);
    out.push_str(&format!(" (version du {version})\n\n"));
    let mut grid: Vec<Vec<String>> = vec![std::iter::once(t.key.clone())
        .chain(t.columns.iter().cloned())
        .collect()];
    for r in &t.rows {
        grid.push(
            std::iter::once(r.key.clone())
                .chain(r.cells.iter().map(|c| c.text.clone()))
                .collect(),
        );
    }
    let width = |s: &str| s.chars().count();
    let cols = grid.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            grid.iter()
                .map(|r| r.get(c).map_or(0, |s| width(s)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (i, r) in grid.iter().enumerate() {
        let mut line = String::new();
        for (c, s) in r.iter().enumerate() {
            let pad = widths[c].saturating_sub(width(s));
            if c == 0 {
                line.push_str(s);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(s);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
    }
    let errors: Vec<&String> = t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().filter_map(|c| c.error.as_ref()))
        .collect();
    if let Some(first) = errors.first() {
        out.push_str(&format!(
            "\n{} valeur(s) non calculée(s) : {first}\n",
            errors.len()
        ));
    }
    out
}

/// The tabulation as CSV: a header line, then one line per key, values as the data contract
/// writes them.
pub fn render_csv(t: &Tabulation) -> String {
    let mut out = String::new();
    let header: Vec<String> = std::iter::once(t.key.as_str())
        .chain(t.columns.iter().map(String::as_str))
        .map(csv_field)
        .collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for r in &t.rows {
        let key = match &r.key_data {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut line = vec![csv_field(&key)];
        for c in &r.cells {
            line.push(csv_field(&match &c.data {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            }));
        }
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// A CSV field, quoted when it must be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
