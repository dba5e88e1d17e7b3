//! A diff for people: French text for a terminal, Markdown for a review.

use super::{Change, Diff, Section, What};
use care_eval::printable::prose;

pub(crate) fn section_title(s: Section) -> &'static str {
    match s {
        Section::Header => "En-tête",
        Section::Document => "Documents cités",
        Section::Input => "Données d'entrée",
        Section::Track => "Parcours",
        Section::Objective => "Objectifs",
        Section::Rule => "Règles et prérequis",
        Section::Table => "Tables",
        Section::Function => "Fonctions",
        Section::Value => "Valeurs",
        Section::Output => "Résultats",
    }
}

fn aspect_word(a: &str) -> &str {
    match a {
        "label" => "libellé",
        "sources" => "sources",
        "notes" => "notes",
        "evidence" => "pièces justificatives",
        "scope" => "portée",
        "condition" => "condition d'atteinte",
        "place" => "place",
        "theme" => "thème",
        "logic" => "logique",
        "fix" => "correction proposée",
        "kind" => "nature",
        "key" => "clé",
        "choose" => "objectifs à choisir",
        "row" => "ligne",
        "columns" => "colonnes",
        "values" => "valeur",
        "type" => "type",
        "field" => "champ",
        "field_label" => "libellé du champ",
        "default" => "valeur par défaut",
        "bounds" => "bornes",
        "variant" => "valeur",
        "variant_label" => "libellé de la valeur",
        "title" => "titre",
        "timezone" => "fuseau horaire",
        "reference" => "date de référence",
        "chosen_objectives" => "objectifs retenus",
        "in_force_until" => "fin de vigueur",
        "input" => "donnée d'entrée",
        other => other,
    }
}

fn what_word(w: What) -> &'static str {
    match w {
        What::Added => "ajouté",
        What::Removed => "supprimé",
        What::Changed => "modifié",
    }
}

fn date_fr(d: &str) -> String {
    match d.parse::<jiff::civil::Date>() {
        Ok(d) => crate::fr::date(d),
        Err(_) => d.to_string(),
    }
}

fn heading(d: &Diff) -> (String, String) {
    let side = |s: &super::Side| {
        format!(
            "la version du {} (en vigueur à partir du {}, `{}`)",
            date_fr(&s.version),
            date_fr(&s.in_force_from),
            s.folder
        )
    };
    (side(&d.from), side(&d.to))
}

/// Consecutive changes of one declaration, together.
fn groups(changes: &[Change]) -> Vec<&[Change]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=changes.len() {
        let boundary = i == changes.len()
            || changes[i].section != changes[start].section
            || changes[i].name != changes[start].name;
        if boundary {
            out.push(&changes[start..i]);
            start = i;
        }
    }
    out
}

fn sections(changes: &[Change]) -> Vec<(Section, Vec<&[Change]>)> {
    let mut order: Vec<Section> = changes.iter().map(|c| c.section).collect();
    order.sort();
    order.dedup();
    order
        .into_iter()
        .map(|s| {
            let mine: Vec<&[Change]> = groups(changes)
                .into_iter()
                .filter(|g| g.first().is_some_and(|c| c.section == s))
                .collect();
            (s, mine)
        })
        .collect()
}

/// The state of a whole declaration: `ajouté`, `supprimé`, `modifié`.
fn group_state(g: &[Change]) -> What {
    match g {
        [only] if only.aspect.is_none() => only.what,
        _ => What::Changed,
    }
}

fn summary(d: &Diff) -> String {
    if d.changes.is_empty() {
        return "Aucune différence.".into();
    }
    let parts: Vec<String> = sections(&d.changes)
        .iter()
        .map(|(s, gs)| format!("{} : {}", section_title(*s).to_lowercase(), gs.len()))
        .collect();
    let n = d.changes.len();
    let decls: usize = sections(&d.changes).iter().map(|(_, gs)| gs.len()).sum();
    let s = if n > 1 { "s" } else { "" };
    let t = if decls > 1 { "s" } else { "" };
    format!(
        "{n} changement{s} dans {decls} déclaration{t} ({}).",
        parts.join(", ")
    )
}

fn locations(c: &Change) -> String {
    match (&c.from, &c.to) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        (Some(a), None) => format!("{a} →"),
        (None, Some(b)) => format!("→ {b}"),
        (None, None) => String::new(),
    }
}

fn aspect_line(c: &Change) -> String {
    let mut s = c.aspect.map(aspect_word).unwrap_or_default().to_string();
    if let Some(d) = &c.detail {
        if s.is_empty() {
            s = d.clone();
        } else {
            s.push_str(&format!(" {d}"));
        }
    }
    match (c.aspect.is_some(), c.what) {
        (true, What::Added) => format!("{s} (ajouté)"),
        (true, What::Removed) => format!("{s} (supprimé)"),
        _ => s,
    }
}

/// The diff in French, for a terminal.
pub fn render_text(d: &Diff) -> String {
    let mut out = String::new();
    let (from, to) = heading(d);
    out.push_str(&format!(
        "Politique `{}` : de {from}\n{}à {to}\n\n",
        prose(&d.to.policy),
        " ".repeat(d.to.policy.chars().count() + 15)
    ));
    for (s, gs) in sections(&d.changes) {
        out.push_str(&format!("{}\n", section_title(s)));
        for g in gs {
            let Some(first) = g.first() else { continue };
            out.push_str(&format!(
                "  {} — {}\n",
                prose(&first.name),
                what_word(group_state(g))
            ));
            // The values of a function that change: one line each, the location once.
            let values: Vec<&Change> = g.iter().filter(|c| c.aspect == Some("values")).collect();
            if let Some(v) = values.first() {
                out.push_str(&format!(
                    "    valeurs qui changent (de {} à {}) :\n",
                    d.range[0], d.range[1]
                ));
                for c in &values {
                    out.push_str(&format!(
                        "      {} : {} → {}\n",
                        prose(c.detail.as_deref().unwrap_or("")),
                        prose(c.before.as_deref().unwrap_or("—")),
                        prose(c.after.as_deref().unwrap_or("—"))
                    ));
                }
                out.push_str(&format!("      {}\n", prose(&locations(v))));
            }
            for c in g.iter().filter(|c| c.aspect != Some("values")) {
                let head = aspect_line(c);
                let indent = if head.is_empty() { "    " } else { "      " };
                if !head.is_empty() {
                    out.push_str(&format!("    {} :\n", prose(&head)));
                }
                // A change of one aspect shows both sides, `—` for what was not there.
                let both = c.what == What::Changed;
                match &c.before {
                    Some(b) => out.push_str(&format!("{indent}avant : {}\n", prose(b))),
                    None if both => out.push_str(&format!("{indent}avant : —\n")),
                    None => {}
                }
                match &c.after {
                    Some(a) => out.push_str(&format!("{indent}après : {}\n", prose(a))),
                    None if both => out.push_str(&format!("{indent}après : —\n")),
                    None => {}
                }
                let l = locations(c);
                if !l.is_empty() {
                    out.push_str(&format!("{indent}{}\n", prose(&l)));
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&summary(d));
    out.push('\n');
    out
}

/// A Markdown table cell: pipes escaped, one line.
fn cell(s: &str) -> String {
    prose(s).replace('|', "\\|").replace('\n', " ")
}

/// The diff as Markdown, for a review or a merge request.
pub fn render_markdown(d: &Diff) -> String {
    let mut out = String::new();
    let (from, to) = heading(d);
    out.push_str(&format!(
        "# Différences de la politique `{}`\n\n",
        cell(&d.to.policy)
    ));
    out.push_str(&format!(
        "- de {}\n- à {}\n\n{}\n",
        cell(&from),
        cell(&to),
        summary(d)
    ));
    for (s, gs) in sections(&d.changes) {
        out.push_str(&format!("\n## {}\n", section_title(s)));
        for g in gs {
            let Some(first) = g.first() else { continue };
            out.push_str(&format!(
                "\n### `{}` — {}\n\n| | avant | après | où |\n|---|---|---|---|\n",
                cell(&first.name),
                what_word(group_state(g))
            ));
            for c in g {
                let head = aspect_line(c);
                let where_ = [c.from.as_ref(), c.to.as_ref()]
                    .iter()
                    .map(|l| l.map_or_else(|| "—".to_string(), |l| format!("`{l}`")))
                    .collect::<Vec<_>>()
                    .join(" → ");
                out.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    cell(if head.is_empty() {
                        what_word(c.what)
                    } else {
                        &head
                    }),
                    c.before.as_deref().map_or_else(|| "—".into(), cell),
                    c.after.as_deref().map_or_else(|| "—".into(), cell),
                    where_
                ));
            }
        }
    }
    out
}
