//! The simulation as one self-contained HTML page: styles inline, charts as inline SVG, no
//! script, nothing fetched from elsewhere — it can be mailed or archived and read offline.

use crate::simulate::{date, Simulation};
use crate::svg::{self, escape, Series, PALETTE};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// Changes listed in the page; the CSV and JSON outputs have them all.
const MAX_ROWS: usize = 1000;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}\
.chart{max-width:100%;height:auto;display:block;margin:1em 0}.note{color:#555;font-size:.9em}";

fn mean(amount: Decimal, n: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    (amount / Decimal::from(n)).to_f64().unwrap_or(0.0)
}

/// The mean amount by group under each version: one line per track and version.
fn amount_chart(s: &Simulation) -> String {
    let mut tracks: Vec<String> = s.groups.iter().flatten().map(|g| g.track.clone()).collect();
    tracks.sort();
    tracks.dedup();
    let mut series = Vec::new();
    for (k, t) in tracks.iter().enumerate() {
        for (side, info) in [(0, &s.from), (1, &s.to)] {
            let points: Vec<(f64, f64)> = s.groups[side]
                .iter()
                .filter(|g| &g.track == t && g.accepted > 0)
                .map(|g| (g.n as f64, mean(g.amount, g.accepted)))
                .collect();
            let name = if t.is_empty() {
                format!("version du {}", date(&info.version))
            } else {
                format!("{t} — {}", date(&info.version))
            };
            series.push(Series {
                name,
                color: PALETTE[k % PALETTE.len()],
                dashed: side == 0,
                points,
            });
        }
    }
    let by = s.by.clone().unwrap_or_default();
    let amount = s.amount.clone().unwrap_or_default();
    svg::lines(
        &format!("Montant moyen `{amount}` des dossiers retenus, selon `{by}` et le parcours"),
        &by,
        &amount,
        "€",
        &series,
    )
}

/// How many changes each output has.
fn changes_chart(s: &Simulation) -> String {
    let mut per: Vec<(String, u64)> = Vec::new();
    for c in &s.changes {
        match per.iter_mut().find(|(o, _)| *o == c.output) {
            Some((_, n)) => *n += 1,
            None => per.push((c.output.clone(), 1)),
        }
    }
    svg::bars(
        "Décisions qui changent, par résultat",
        "résultat",
        &per,
        "#1b5e9b",
    )
}

/// The distribution of the amount's changes (after − before), in round bins.
fn delta_chart(s: &Simulation) -> Option<String> {
    let amount = s.amount.as_ref()?;
    let deltas: Vec<f64> = s
        .changes
        .iter()
        .filter(|c| &c.output == amount)
        .filter_map(|c| c.delta.and_then(|d| d.to_f64()))
        .collect();
    if deltas.is_empty() {
        return None;
    }
    let (lo, hi) = deltas
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), d| (a.min(*d), b.max(*d)));
    let money = |v: f64| {
        crate::fr::money(
            Decimal::from_f64_retain(v.round())
                .unwrap_or_default()
                .round_dp(0),
        )
    };
    let bins: Vec<(String, u64)> = if lo == hi {
        vec![(money(lo), deltas.len() as u64)]
    } else {
        let width = nice_width((hi - lo) / 8.0);
        let start = (lo / width).floor() * width;
        let count = (((hi - start) / width).floor() as usize + 1).min(40);
        (0..count)
            .map(|i| {
                let a = start + width * i as f64;
                let b = a + width;
                let n = deltas
                    .iter()
                    .filter(|d| **d >= a && (**d < b || (i + 1 == count && **d <= b)))
                    .count() as u64;
                (format!("{} à {}", money(a), money(b)).replace(" €", ""), n)
            })
            .collect()
    };
    Some(svg::bars(
        &format!("Écart de `{amount}` (après − avant) des dossiers dont il change"),
        &format!("écart de {amount} (€)"),
        &bins,
        "#c0392b",
    ))
}

fn nice_width(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|w| *w >= x)
        .unwrap_or(10.0 * p)
}

/// The whole report.
pub fn render_html(s: &Simulation) -> String {
    let mut h = String::new();
    let title = format!(
        "Simulation de {} : version du {} → version du {}",
        s.to.policy,
        date(&s.from.version),
        date(&s.to.version)
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = write!(
        h,
        "<p>{} dossiers jugés par les deux versions ; <strong>{}</strong> dont au moins une décision change ({} changements).",
        crate::fr::int(s.dossiers),
        crate::fr::int(s.changed_dossiers),
        crate::fr::int(s.changes.len() as u64)
    );
    if s.not_judged != [0, 0] {
        let _ = write!(
            h,
            " Non jugés : {} par la version du {}, {} par la version du {}.",
            s.not_judged[0],
            date(&s.from.version),
            s.not_judged[1],
            date(&s.to.version)
        );
    }
    h.push_str("</p>\n<h2>Totaux</h2>\n<table><tr><th>résultat</th><th></th><th>avant</th><th>après</th></tr>\n");
    for t in &s.totals {
        let what = if t.kind == "count" {
            "nombre de « oui »"
        } else {
            "somme"
        };
        let _ = writeln!(
            h,
            "<tr><td>{}<br><span class=\"note\">{}</span></td><td>{what}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&t.output),
            escape(t.label.as_deref().unwrap_or("")),
            escape(&t.before_text),
            escape(&t.after_text)
        );
    }
    h.push_str("</table>\n");
    if s.by.is_some() && s.amount.is_some() {
        h.push_str("<h2>Montant selon le nombre et le parcours</h2>\n<p class=\"note\">Pointillés : version antérieure ; trait plein : nouvelle version. Moyenne des dossiers retenus par la décision");
        if let Some(d) = &s.decision {
            let _ = write!(h, " (`{}`)", escape(d));
        }
        h.push_str(".</p>\n");
        h.push_str(&amount_chart(s));
        h.push('\n');
    }
    h.push_str("<h2>Changements</h2>\n");
    if s.changes.is_empty() {
        h.push_str("<p><strong>Aucune décision ne change.</strong></p>\n");
    } else {
        h.push_str("<h3>Nombre de changements par résultat</h3>\n");
        h.push_str(&changes_chart(s));
        h.push('\n');
        if let Some(c) = delta_chart(s) {
            let amount = s.amount.as_deref().unwrap_or_default();
            let _ = writeln!(
                h,
                "<h3>Répartition des écarts de <code>{}</code></h3>",
                escape(amount)
            );
            h.push_str(&c);
            h.push('\n');
        }
        h.push_str("<table><tr><th>dossier</th><th>résultat</th><th>avant</th><th>après</th><th>écart</th></tr>\n");
        for c in s.changes.iter().take(MAX_ROWS) {
            let delta = c.delta.map(crate::fr::signed_money).unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                escape(&c.dossier),
                escape(&c.output),
                escape(&c.before_text),
                escape(&c.after_text),
                escape(&delta)
            );
        }
        h.push_str("</table>\n");
        if s.changes.len() > MAX_ROWS {
            let _ = writeln!(
                h,
                "<p class=\"note\">{} changements de plus : voir la sortie CSV ou JSON.</p>",
                s.changes.len() - MAX_ROWS
            );
        }
    }
    h.push_str(
        "<p class=\"note\">Rapport produit par <code>care simulate</code>.</p>\n</body></html>\n",
    );
    h
}
