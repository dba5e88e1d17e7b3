//! `care simulate`: a cohort of dossiers evaluated under two versions — the decisions that change
//! (dossier, output, before, after) and the totals of each output before and after (how many are
//! eligible, the sum of each amount): the impact of a rule change before it is published.
//!
//! Every dossier is judged by both versions, whatever its date (as `care eval --version` does).
//! Outputs are paired by name; a dossier that one version cannot judge (its data does not fit
//! that version's inputs, an evaluation error) is a change of its own, `evaluation`.
//!
//! For the charts, the report groups dossiers by the track they chose (the first `track` field of
//! the input's root record, when there is one) and by an `int` output (`--by`, by default the
//! first one: the number of sites counted, for the ESSMS call), and shows the mean amount
//! (`--amount`, by default the first `money` output) of the dossiers the decision output
//! (`--decision`, by default the header's `decision` output when the policy declares one, else
//! the first `bool` output) accepts.

use crate::fr;
use crate::load::Version;
use care_check::ir::Policy;
use care_check::types::Type;
use care_eval::engine::{Dossier as EngineDossier, Engine, Failure, Judging, Machines};
use care_eval::value::Value;
use care_eval::Format;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

pub use crate::html::render_html;

/// A dossier of the cohort: its name in the input (file name or line number) and its bytes.
pub struct Dossier {
    pub name: String,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// The dossiers of a folder (its `*.json`, `*.yaml`, `*.yml` files but `*.expected.json`), by
/// name.
pub fn read_folder(dir: &Path) -> std::io::Result<Vec<Dossier>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let path = e.path();
        if e.file_type()?.is_dir() || !care_eval::batch::is_dossier_file(&path) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        out.push(Dossier {
            name: e.file_name().to_string_lossy().into_owned(),
            format: Format::detect(&path, &bytes),
            bytes,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The dossiers of a JSON Lines stream, named by their line numbers (blank lines skipped).
pub fn read_jsonl(reader: impl BufRead) -> std::io::Result<Vec<Dossier>> {
    let mut out = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push(Dossier {
            name: (i + 1).to_string(),
            format: Format::Json,
            bytes: line,
        });
    }
    Ok(out)
}

/// Which outputs the report's totals and charts read (default: the first of each type).
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub decision: Option<String>,
    pub amount: Option<String>,
    pub by: Option<String>,
    /// Dossiers evaluated between two calls of the progress callback.
    pub chunk: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideInfo {
    pub policy: String,
    pub version: String,
}

/// A decision that changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionChange {
    /// The dossier's own reference (its `id`), else its name in the input.
    pub dossier: String,
    /// The output, or `evaluation` when one version cannot judge the dossier.
    pub output: String,
    /// As the data contract writes it (`"54520.00"`, `true`), or the reason it has no value.
    pub before: serde_json::Value,
    pub after: serde_json::Value,
    /// For people: `54 520,00 €`, `oui`.
    pub before_text: String,
    pub after_text: String,
    /// For an amount: after − before.
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_decimal")]
    pub delta: Option<Decimal>,
}

mod opt_decimal {
    use rust_decimal::Decimal;
    pub fn serialize<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&care_eval::render::money_string(*d)),
            None => s.serialize_none(),
        }
    }
}

/// An output's total under one version: how many `true` (a bool), or the sum (money).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Total {
    pub output: String,
    pub label: Option<String>,
    /// `count` (of true) or `sum`.
    pub kind: &'static str,
    pub before: String,
    pub after: String,
    pub before_text: String,
    pub after_text: String,
}

/// One point of the charts: the dossiers of a track with `by` = `n` under one version.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    pub track: String,
    pub n: i64,
    pub dossiers: u64,
    /// Those the decision accepts, and the sum of their amounts.
    pub accepted: u64,
    #[serde(serialize_with = "money")]
    pub amount: Decimal,
}

fn money<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&care_eval::render::money_string(*d))
}

/// What a simulation found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Simulation {
    pub from: SideInfo,
    pub to: SideInfo,
    pub dossiers: u64,
    /// Dossiers each version could not judge.
    pub not_judged: [u64; 2],
    /// Dossiers with at least one change.
    pub changed_dossiers: u64,
    pub changes: Vec<DecisionChange>,
    pub totals: Vec<Total>,
    /// The outputs the charts read.
    pub decision: Option<String>,
    pub amount: Option<String>,
    pub by: Option<String>,
    /// Chart points under each version.
    pub groups: [Vec<Group>; 2],
}

/// A version of the comparison: its policy, its index in the engine, and the root field holding
/// the chosen track (for the chart's groups), if any.
struct Side {
    policy: Arc<Policy>,
    index: usize,
    track_field: Option<usize>,
}

impl Side {
    fn new(v: &Version, index: usize) -> Side {
        let policy = v.policy.clone();
        let track_field = match policy.schema.root {
            Type::Record(id) => policy.schema.record(id).and_then(|r| {
                r.fields
                    .iter()
                    .position(|f| *f.ty.required() == Type::Track)
            }),
            _ => None,
        };
        Side {
            policy,
            index,
            track_field,
        }
    }
}

/// One dossier judged by one version: its outputs, its id and track, or why not.
type Judged = Result<(Vec<Value>, Option<String>, Option<String>), String>;

/// One dossier judged by one side, through the engine's one pipeline (`care eval`'s and the
/// batches'), the version forced: a cohort is judged by both versions whatever its dates.
fn judge<'e>(engine: &'e Engine, machines: &mut Machines<'e>, side: &Side, d: &Dossier) -> Judged {
    let how = Judging {
        forced: Some(side.index),
        explain: false,
    };
    let outcome = engine
        .judge(machines, EngineDossier::new(&d.bytes, d.format), how)
        .map_err(|f| match f {
            Failure::Data { errors, .. } => {
                let first = errors
                    .errors
                    .first()
                    .map(care_eval::engine::issue_line)
                    .unwrap_or_default();
                format!("données invalides : {first}")
            }
            Failure::Eval { version, error } => {
                // The simulation's report is French.
                let fr = care_i18n::Catalog::new(care_i18n::Lang::Fr);
                format!(
                    "évaluation interrompue : {}",
                    error.render_in(&version, &fr)
                )
            }
            Failure::Select(e) => format!("version non choisie : {e:?}"),
        })?;
    let track = side
        .track_field
        .and_then(|i| outcome.input.field(i))
        .and_then(Value::as_track)
        .and_then(|t| side.policy.tracks.get(t as usize))
        .map(|t| t.name.clone());
    let dossier = outcome.dossier();
    Ok((outcome.evaluation.outputs, dossier, track))
}

fn pick(policy: &Policy, asked: &Option<String>, ty: Type) -> Result<Option<usize>, String> {
    match asked {
        Some(name) => match policy.outputs.iter().position(|o| &o.name == name) {
            Some(i) if *policy.outputs[i].ty.required() == ty => Ok(Some(i)),
            Some(_) => Err(format!("the output `{name}` is not a `{ty}`")),
            None => Err(format!("no output `{name}` in version {}", policy.version)),
        },
        None => Ok(policy.outputs.iter().position(|o| *o.ty.required() == ty)),
    }
}

/// Evaluates `dossiers` under `from` and `to`. `progress` is called with the number of dossiers
/// done after each chunk.
pub fn simulate(
    from: &Version,
    to: &Version,
    dossiers: &[Dossier],
    options: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Simulation, String> {
    // The engine orders its versions by date (stably: two of the same date, from two folders,
    // stay in this order).
    let engine =
        Engine::new(vec![from.policy.clone(), to.policy.clone()]).map_err(|e| format!("{e:?}"))?;
    let (i_from, i_to) = if to.policy.version < from.policy.version {
        (1, 0)
    } else {
        (0, 1)
    };
    let sides = [Side::new(from, i_from), Side::new(to, i_to)];
    // Outputs present in both versions, paired by name.
    let pairs: Vec<(usize, usize)> = sides[1]
        .policy
        .outputs
        .iter()
        .enumerate()
        .filter_map(|(j, o)| {
            let i = sides[0]
                .policy
                .outputs
                .iter()
                .position(|p| p.name == o.name)?;
            let same = sides[0]
                .policy
                .schema
                .type_name(&sides[0].policy.outputs[i].ty)
                == sides[1].policy.schema.type_name(&o.ty);
            same.then_some((i, j))
        })
        .collect();
    let chosen = |s: &Side| -> Result<[Option<usize>; 3], String> {
        Ok([
            match (&options.decision, s.policy.decision) {
                // The header's `decision` (a bool output, checked) unless `--decision` names one.
                (None, Some(i)) => usize::try_from(i).ok(),
                _ => pick(&s.policy, &options.decision, Type::Bool)?,
            },
            pick(&s.policy, &options.amount, Type::Money)?,
            pick(&s.policy, &options.by, Type::Int)?,
        ])
    };
    let roles = [chosen(&sides[0])?, chosen(&sides[1])?];
    let name_of = |k: usize| roles[1][k].map(|i| sides[1].policy.outputs[i].name.clone());

    let mut changes = Vec::new();
    let mut not_judged = [0u64; 2];
    let mut changed_dossiers = 0u64;
    // Totals: per paired output, per side: count of true or sum.
    let mut counts = vec![[0u64; 2]; pairs.len()];
    let mut sums = vec![[Some(Decimal::ZERO); 2]; pairs.len()];
    let mut groups: [BTreeMap<(String, i64), Group>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let chunk = options.chunk.unwrap_or(256).max(1);
    let mut done = 0u64;
    for part in dossiers.chunks(chunk) {
        let judged: Vec<[Judged; 2]> = part
            .par_iter()
            .map_init(
                || engine.machines(),
                |machines, d| {
                    [
                        judge(&engine, machines, &sides[0], d),
                        judge(&engine, machines, &sides[1], d),
                    ]
                },
            )
            .collect();
        for (d, [a, b]) in part.iter().zip(judged) {
            let id = a
                .as_ref()
                .ok()
                .and_then(|x| x.1.clone())
                .or_else(|| b.as_ref().ok().and_then(|x| x.1.clone()))
                .unwrap_or_else(|| d.name.clone());
            let before_changes = changes.len();
            for (s, j) in [&a, &b].into_iter().enumerate() {
                let Ok((outs, _, track)) = j else {
                    not_judged[s] += 1;
                    continue;
                };
                let policy = &sides[s].policy;
                for (k, (i, jj)) in pairs.iter().enumerate() {
                    let o = if s == 0 { *i } else { *jj };
                    match (outs.get(o), policy.outputs[o].ty.required()) {
                        (Some(Value::Bool(true)), Type::Bool) => counts[k][s] += 1,
                        (Some(Value::Money(m)), Type::Money) => {
                            sums[k][s] = sums[k][s].and_then(|t| t.checked_add(*m));
                        }
                        _ => {}
                    }
                }
                let [dec, amt, by] = roles[s];
                if let Some(by) = by.and_then(|o| outs.get(o)).and_then(Value::as_int) {
                    let track = track.clone().unwrap_or_default();
                    let g = groups[s]
                        .entry((track.clone(), by))
                        .or_insert_with(|| Group {
                            track,
                            n: by,
                            ..Group::default()
                        });
                    g.dossiers += 1;
                    let accepted =
                        dec.is_none_or(|o| outs.get(o).and_then(Value::as_bool) == Some(true));
                    if accepted {
                        g.accepted += 1;
                        if let Some(m) = amt.and_then(|o| outs.get(o)).and_then(Value::as_decimal) {
                            g.amount = g.amount.checked_add(m).unwrap_or(g.amount);
                        }
                    }
                }
            }
            match (&a, &b) {
                (Ok((oa, _, _)), Ok((ob, _, _))) => {
                    for (i, j) in &pairs {
                        let (pa, pb) = (&sides[0].policy, &sides[1].policy);
                        let (ta, tb) = (&pa.outputs[*i].ty, &pb.outputs[*j].ty);
                        let (Some(va), Some(vb)) = (oa.get(*i), ob.get(*j)) else {
                            continue;
                        };
                        let (ja, jb) = (fr::data(va, ta, pa), fr::data(vb, tb, pb));
                        if ja != jb {
                            let delta = match (va, vb) {
                                (Value::Money(x), Value::Money(y)) => y.checked_sub(*x),
                                _ => None,
                            };
                            changes.push(DecisionChange {
                                dossier: id.clone(),
                                output: pb.outputs[*j].name.clone(),
                                before: ja,
                                after: jb,
                                before_text: fr::value(va, ta, pa),
                                after_text: fr::value(vb, tb, pb),
                                delta,
                            });
                        }
                    }
                }
                (Err(x), Err(y)) if x == y => {}
                _ => {
                    let text = |j: &Judged| match j {
                        Ok(_) => "jugé".to_string(),
                        Err(e) => e.clone(),
                    };
                    let (x, y) = (text(&a), text(&b));
                    changes.push(DecisionChange {
                        dossier: id.clone(),
                        output: "evaluation".into(),
                        before: x.clone().into(),
                        after: y.clone().into(),
                        before_text: x,
                        after_text: y,
                        delta: None,
                    });
                }
            }
            if changes.len() > before_changes {
                changed_dossiers += 1;
            }
        }
        done += part.len() as u64;
        progress(done);
    }
    let totals = pairs
        .iter()
        .enumerate()
        .filter_map(|(k, (_, j))| {
            let o = &sides[1].policy.outputs[*j];
            let (kind, before, after, bt, at) = match o.ty.required() {
                Type::Bool => {
                    let [x, y] = counts[k];
                    (
                        "count",
                        x.to_string(),
                        y.to_string(),
                        fr::int(x),
                        fr::int(y),
                    )
                }
                Type::Money => {
                    let show = |d: Option<Decimal>| {
                        d.map_or(
                            ("dépassement".to_string(), "dépassement".to_string()),
                            |d| (care_eval::render::money_string(d), fr::money(d)),
                        )
                    };
                    let ((x, xt), (y, yt)) = (show(sums[k][0]), show(sums[k][1]));
                    ("sum", x, y, xt, yt)
                }
                _ => return None,
            };
            Some(Total {
                output: o.name.clone(),
                label: o.label.clone(),
                kind,
                before,
                after,
                before_text: bt,
                after_text: at,
            })
        })
        .collect();
    let [g0, g1] = groups;
    Ok(Simulation {
        from: SideInfo {
            policy: from.policy.id.clone(),
            version: from.name(),
        },
        to: SideInfo {
            policy: to.policy.id.clone(),
            version: to.name(),
        },
        dossiers: dossiers.len() as u64,
        not_judged,
        changed_dossiers,
        changes,
        totals,
        decision: name_of(0),
        amount: name_of(1),
        by: name_of(2),
        groups: [g0.into_values().collect(), g1.into_values().collect()],
    })
}

/// The changes as CSV: `dossier,output,before,after,delta`.
pub fn render_csv(s: &Simulation) -> String {
    let cell = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut out = String::from("dossier,output,before,after,delta\n");
    for c in &s.changes {
        let delta = c
            .delta
            .map(care_eval::render::money_string)
            .unwrap_or_default();
        let line = [
            crate::table::csv_field(&c.dossier),
            crate::table::csv_field(&c.output),
            crate::table::csv_field(&cell(&c.before)),
            crate::table::csv_field(&cell(&c.after)),
            delta,
        ];
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// A French summary for a terminal: totals before and after, then the changes.
pub fn render_text(s: &Simulation) -> String {
    use care_eval::printable::{data, prose};
    let mut out = format!(
        "Simulation de `{}` : version du {} → version du {}\n{} dossiers, {} dont au moins une décision change",
        prose(&s.to.policy),
        date(&s.from.version),
        date(&s.to.version),
        fr::int(s.dossiers),
        fr::int(s.changed_dossiers),
    );
    if s.not_judged != [0, 0] {
        out.push_str(&format!(
            " ; non jugés : {} avant, {} après",
            fr::int(s.not_judged[0]),
            fr::int(s.not_judged[1])
        ));
    }
    out.push_str("\n\nTotaux\n");
    for t in &s.totals {
        let what = if t.kind == "count" {
            "nombre de « oui »"
        } else {
            "somme"
        };
        out.push_str(&format!(
            "  {} ({what}) : {} → {}\n",
            prose(t.label.as_deref().unwrap_or(&t.output)),
            t.before_text,
            t.after_text
        ));
    }
    if s.changes.is_empty() {
        out.push_str("\nAucune décision ne change.\n");
    } else {
        out.push_str(&format!(
            "\nDécisions qui changent ({})\n",
            fr::int(s.changes.len() as u64)
        ));
        for c in &s.changes {
            out.push_str(&format!(
                "  {}  {} : {} → {}\n",
                data(&c.dossier),
                c.output,
                data(&c.before_text),
                data(&c.after_text)
            ));
        }
    }
    out
}

pub(crate) fn date(d: &str) -> String {
    d.parse::<jiff::civil::Date>()
        .map_or_else(|_| d.to_string(), fr::date)
}
