//! The report as one self-contained HTML page: no script, no link, no font or image to fetch
//! (the chart is inline SVG, the style inline CSS with a print stylesheet for PDF). The decision
//! comes first, then what is missing, the results, the grant's computation as a chart, the
//! evidence to provide as a checklist, the other rules, the documents cited.

use super::{french, Chart, DataView, RuleView, TestView, View};
use crate::eval::Status;
use rust_decimal::Decimal;
use std::fmt::Write;

/// Text and attribute values made inert in HTML (after [`crate::printable`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ok: #1b6e3a; --ok-bg: #e6f4ea; --ko: #a4161a; --ko-bg: #fdecea; --ink: #1d2433;
  --muted: #5b6475; --line: #d5dae3; --accent: #1f4e9c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", sans-serif; color: var(--ink); background: #f5f6f8; }
main, header.banner { max-width: 60rem; margin: 0 auto; }
header.banner { display: flex; gap: 1.2rem; align-items: flex-start; padding: 1.4rem 1.6rem;
  border-left: 0.6rem solid; margin-top: 1.2rem; border-radius: 0.3rem; }
header.banner.ok { background: var(--ok-bg); border-color: var(--ok); }
header.banner.ko { background: var(--ko-bg); border-color: var(--ko); }
.mark { font-size: 2.6rem; line-height: 1; font-weight: 700; }
.ok .mark { color: var(--ok); } .ko .mark { color: var(--ko); }
header h1 { margin: 0.1rem 0 0.4rem; font-size: 1.6rem; }
header p { margin: 0.2rem 0; }
.dossier { color: var(--muted); font-weight: 600; letter-spacing: 0.02em; }
.amount { font-size: 1.25rem; }
.policy, .audience { color: var(--muted); font-size: 0.9rem; }
section { background: #fff; margin: 1rem 0; padding: 1rem 1.6rem; border-radius: 0.3rem;
  border: 1px solid var(--line); }
h2 { font-size: 1.2rem; margin: 0.2rem 0 0.8rem; color: var(--accent); }
h3 { font-size: 1.05rem; margin: 0 0 0.4rem; }
article.rule { border-left: 0.3rem solid var(--ko); padding: 0.4rem 0 0.4rem 1rem; margin: 0.8rem 0; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em;
  background: #eef1f6; padding: 0 0.3em; border-radius: 0.2em; white-space: nowrap; }
ul { margin: 0.3rem 0; padding-left: 1.3rem; }
ul.tests { list-style: none; padding-left: 0; }
ul.tests li { margin: 0.3rem 0; }
.found { font-weight: 700; }
.failed-test .found { color: var(--ko); }
.req { color: var(--muted); }
.req strong { color: var(--ink); }
.detail { color: var(--muted); font-size: 0.92em; }
.expr { display: block; color: var(--muted); font-size: 0.85em; }
.fix { background: #fff8e1; border: 1px solid #f1d27a; padding: 0.4rem 0.7rem; border-radius: 0.2rem; }
.notes, .sources, .where, .data { font-size: 0.9rem; color: var(--muted); }
.item { margin: 0.5rem 0 0.5rem 0.2rem; }
.item-name { font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.value { font-weight: 700; white-space: nowrap; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist > li { margin: 0.5rem 0; }
ul.pieces { list-style: none; padding-left: 1.6rem; }
ul.pieces li::before { content: "☐ "; font-size: 1.1em; }
.theme { color: var(--accent); font-weight: 600; font-size: 0.92rem; margin-top: 0.9rem;
  border-bottom: 1px solid var(--line); }
ul.rules { list-style: none; padding-left: 0; }
ul.rules > li { margin: 0.5rem 0; }
.st-passed { color: var(--ok); font-weight: 700; } .st-na { color: var(--muted); font-weight: 700; }
figure { margin: 0.5rem 0; }
figcaption { color: var(--muted); font-size: 0.9rem; }
svg text { font-family: system-ui, "DejaVu Sans", sans-serif; }
footer { max-width: 60rem; margin: 0 auto 2rem; color: var(--muted); font-size: 0.8rem; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  header.banner, section { border-radius: 0; }
  section { border: none; padding: 0.3rem 0; margin: 0.6rem 0; }
  header.banner, .fix, .code { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  article.rule, figure, ul.checklist > li, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"#;

fn test_html(out: &mut String, t: &TestView) {
    let class = if t.held { "" } else { " class=\"failed-test\"" };
    let mark = if t.held { "✓" } else { "✗" };
    let _ = write!(out, "<li{class}>{mark} ");
    match &t.what {
        Some(w) => {
            let _ = write!(
                out,
                "{} : <span class=\"found\">{}</span>",
                escape(w),
                escape(&t.found)
            );
            if let Some(d) = &t.detail {
                let _ = write!(out, " <span class=\"detail\">({})</span>", escape(d));
            }
            let verb = if t.when { "s'applique si" } else { "exigé" };
            let _ = write!(
                out,
                " <span class=\"req\">— {verb} : <strong>{}</strong></span>",
                escape(&t.required)
            );
        }
        None => {
            let _ = write!(
                out,
                "<span class=\"found\">{}</span>",
                escape(&super::text::test_line(t))
            );
        }
    }
    if let Some(c) = &t.code {
        let _ = write!(
            out,
            "<span class=\"expr\"><code>{}</code></span>",
            escape(c)
        );
    }
    out.push_str("</li>\n");
}

fn data_html(out: &mut String, d: &[DataView]) {
    if d.is_empty() {
        return;
    }
    out.push_str("<ul class=\"data\">");
    for x in d {
        let owner = x
            .owner
            .as_deref()
            .map(|o| format!(" — {}", escape(o)))
            .unwrap_or_default();
        let path = x
            .path
            .as_deref()
            .map(|p| format!(" <span class=\"code\">{}</span>", escape(p)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li>{}{owner} : <strong>{}</strong>{path}</li>",
            escape(&x.label),
            escape(&x.value)
        );
    }
    out.push_str("</ul>\n");
}

fn lets_html(out: &mut String, lets: &[(String, String)]) {
    if lets.is_empty() {
        return;
    }
    let parts: Vec<String> = lets
        .iter()
        .map(|(n, v)| format!("<span class=\"code\">{}</span> = {}", escape(n), escape(v)))
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"detail\">Calcul : {}</p>",
        parts.join(" ; ")
    );
}

fn meta_html(out: &mut String, r: &RuleView) {
    if !r.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &r.notes {
            let _ = write!(out, "<li>{}</li>", escape(n));
        }
        out.push_str("</ul>\n");
    }
    if !r.sources.is_empty() {
        let s: Vec<String> = r.sources.iter().map(|s| escape(s)).collect();
        let _ = writeln!(out, "<p class=\"sources\">Sources : {}</p>", s.join(" ; "));
    }
    if let Some(l) = &r.location {
        let _ = writeln!(
            out,
            "<p class=\"where\">Écrite en <span class=\"code\">{}</span></p>",
            escape(l)
        );
    }
}

fn failed_rule(out: &mut String, r: &RuleView) {
    let _ = writeln!(
        out,
        "<article class=\"rule\"><h3><span class=\"code\">{}</span> {}</h3>\n<ul class=\"tests\">",
        escape(&r.code),
        escape(&r.label)
    );
    if r.any_of {
        out.push_str("<li class=\"req\">Une seule de ces conditions suffirait :</li>\n");
    }
    for t in &r.tests {
        test_html(out, t);
    }
    out.push_str("</ul>\n");
    for it in &r.items {
        let _ = writeln!(
            out,
            "<div class=\"item\"><span class=\"item-name\">{}</span>\n<ul class=\"tests\">",
            escape(&it.name)
        );
        for t in &it.tests {
            test_html(out, t);
        }
        out.push_str("</ul>\n");
        lets_html(out, &it.lets);
        data_html(out, &it.data);
        out.push_str("</div>\n");
    }
    lets_html(out, &r.lets);
    if let Some(fix) = &r.fix {
        let _ = writeln!(
            out,
            "<p class=\"fix\"><strong>À faire :</strong> {}</p>",
            escape(fix)
        );
    }
    meta_html(out, r);
    if !r.data.is_empty() {
        out.push_str("<p class=\"data\">Données lues :</p>");
        data_html(out, &r.data);
    }
    out.push_str("</article>\n");
}

/// `17 000 €`: amounts on the chart, without cents when there are none.
fn short_money(d: Decimal) -> String {
    if d.fract().is_zero() {
        french::money(d).replace(",00", "")
    } else {
        french::money(d)
    }
}

/// The grant as a staircase (drawing coordinates are floats; the amounts shown are the
/// decimals): each rank adds its amount on top of the previous ones, up to the
/// total; the cap is a dashed line across.
/// A name cut to `max` characters (with an ellipsis), so that the names under bars do not overlap.
fn fit(name: &str, max: usize) -> String {
    if name.chars().count() <= max.max(1) {
        return name.to_string();
    }
    let kept: String = name.chars().take(max.saturating_sub(1).max(1)).collect();
    format!("{kept}…")
}

pub fn chart_svg(c: &Chart) -> String {
    let (w, h) = (760.0_f64, 330.0_f64);
    let (left, right, top, bottom) = (70.0, 20.0, 30.0, 60.0);
    let to_f = |d: Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    let max = [c.total, c.cap.unwrap_or(Decimal::ZERO), c.result]
        .into_iter()
        .map(to_f)
        .fold(1.0, f64::max)
        * 1.1;
    let n = c.bars.len() + 1;
    let step = (w - left - right) / n as f64;
    let bw = step * 0.7;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v / max);
    let mut s = String::new();
    let aria = format!(
        "{} : {} contributions{}, total {}{}",
        c.label,
        c.bars.len(),
        if c.by_rank { " par rang" } else { "" },
        french::money(c.total),
        c.cap
            .map(|cap| format!(", plafond {}", french::money(cap)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        escape(&aria),
        escape(&aria)
    );
    // Axis and gridlines.
    let base = y(0.0);
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"#5b6475\"/>",
        w - right
    );
    let mut cum = 0.0;
    for (i, b) in c.bars.iter().enumerate() {
        let v = to_f(b.amount);
        let x = left + step * i as f64 + (step - bw) / 2.0;
        let (y0, y1) = (y(cum + v), y(cum));
        let full = c.bars.first().map(|f| f.amount) == Some(b.amount);
        let fill = if full { "#1f4e9c" } else { "#6f93cf" };
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y0:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{}{} : {}</title></rect>",
            (y1 - y0).max(0.5),
            if c.by_rank { "rang " } else { "" },
            escape(&b.rank),
            escape(&french::money(b.amount))
        );
        let cx = x + bw / 2.0;
        let _ = writeln!(
            s,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d2433\">{}</text>",
            y0 - 4.0,
            escape(&short_money(b.amount))
        );
        let _ = writeln!(
            s,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1d2433\">{}</text>",
            base + 16.0,
            escape(&if c.by_rank {
                format!("EG {}", b.rank)
            } else {
                fit(&b.rank, (bw / 7.0) as usize)
            })
        );
        if let Some(r) = &b.rate {
            let rate = r.split_once(" ").map_or(r.as_str(), |(_, v)| v);
            let _ = writeln!(
                s,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">{}</text>",
                base + 31.0,
                escape(rate)
            );
        }
        cum += v;
    }
    // The total (or the capped result) as the last bar.
    let x = left + step * c.bars.len() as f64 + (step - bw) / 2.0;
    let r = to_f(c.result);
    let _ = writeln!(
        s,
        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"#1b6e3a\"><title>résultat : {}</title></rect>",
        y(r),
        (base - y(r)).max(0.5),
        escape(&french::money(c.result))
    );
    let cx = x + bw / 2.0;
    let _ = writeln!(
        s,
        "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1b6e3a\">{}</text>",
        y(r) - 4.0,
        escape(&short_money(c.result))
    );
    let _ = writeln!(
        s,
        "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1d2433\">Total</text>",
        base + 16.0
    );
    if let Some(cap) = c.cap {
        let yc = y(to_f(cap));
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{yc:.1}\" x2=\"{:.1}\" y2=\"{yc:.1}\" stroke=\"#a4161a\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
            w - right
        );
        let _ = writeln!(
            s,
            "<text x=\"{left}\" y=\"{:.1}\" font-size=\"12\" fill=\"#a4161a\">Plafond : {}</text>",
            yc - 6.0,
            escape(&french::money(cap))
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">0 €</text>",
        left - 6.0,
        base + 4.0
    );
    s.push_str("</svg>");
    s
}

pub fn render(view: &View) -> String {
    let mut o = String::with_capacity(32 * 1024);
    let dossier = view.dossier.as_deref().unwrap_or("(sans identifiant)");
    let ok = match view.decision.yes {
        Some(y) => y,
        None => view.decision.failed == 0,
    };
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Rapport — dossier {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(dossier)
    );
    let _ = writeln!(
        o,
        "<header class=\"banner {}\" id=\"decision\">\n<div class=\"mark\">{}</div>\n<div>\n<p class=\"dossier\">Dossier {}</p>\n<h1>{}</h1>",
        if ok { "ok" } else { "ko" },
        if ok { "✓" } else { "✗" },
        escape(dossier),
        escape(&view.headline())
    );
    if let Some((label, value)) = &view.decision.amount {
        let _ = writeln!(
            o,
            "<p class=\"amount\">{} : <strong>{}</strong></p>",
            escape(label),
            escape(value)
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"policy\">Politique « {} » (<span class=\"code\">{}</span>), version du {}</p>\n<p class=\"audience\">{}</p>\n</div>\n</header>\n<main>",
        escape(&view.title),
        escape(&view.policy_id),
        escape(&view.version),
        match view.audience {
            super::Audience::Instructor => "Rapport d'instruction",
            super::Audience::Candidate => "Rapport adressé au candidat",
        }
    );

    o.push_str("<section id=\"manque\">\n<h2>Ce qui manque</h2>\n");
    if view.missing.is_empty() {
        o.push_str("<p>Rien : toutes les règles sont respectées.</p>\n");
    }
    for r in &view.missing {
        failed_rule(&mut o, r);
    }
    o.push_str("</section>\n");

    o.push_str("<section id=\"resultats\">\n<h2>Résultats</h2>\n<table>\n");
    for x in &view.outputs {
        let name = x
            .name
            .as_deref()
            .map(|n| format!(" <span class=\"code\">{}</span>", escape(n)))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "<tr><td>{}{name}</td><td class=\"value\">{}</td></tr>",
            escape(&x.label),
            escape(&x.value)
        );
    }
    o.push_str("</table>\n</section>\n");

    if let Some(c) = &view.chart {
        let _ = writeln!(
            o,
            "<section id=\"calcul\">\n<h2>Calcul — {}</h2>\n<figure>\n{}\n<figcaption>{} ; le total est retenu dans la limite du plafond{}.</figcaption>\n</figure>",
            escape(&c.label),
            chart_svg(c),
            if c.by_rank {
                "Chaque entité géographique comptée apporte le montant de son rang"
            } else {
                "Chaque élément du dossier compté dans la somme apporte son montant"
            },
            match c.cap {
                Some(cap) if c.total > cap => format!(
                    " : {} dépasse le plafond de {}, le plafond est appliqué",
                    french::money(c.total),
                    french::money(cap)
                ),
                Some(cap) => format!(
                    " : {} n'atteint pas le plafond de {}",
                    french::money(c.total),
                    french::money(cap)
                ),
                None => String::new(),
            }
        );
        for x in view.outputs.iter().filter(|x| !x.steps.is_empty()) {
            let _ = write!(
                o,
                "<h3>{} : {}</h3>\n<ul>",
                escape(&x.label),
                escape(&x.value)
            );
            for s in &x.steps {
                let _ = write!(o, "<li>{}</li>", escape(s));
            }
            o.push_str("</ul>\n");
        }
        o.push_str("</section>\n");
    }

    if !view.checklist.is_empty() {
        o.push_str(
            "<section id=\"pieces\">\n<h2>Pièces à fournir</h2>\n<ul class=\"checklist\">\n",
        );
        let mut last_theme = None;
        for c in &view.checklist {
            // Each theme once, above its first objective.
            let theme = match c.theme.as_deref() {
                Some(t) if last_theme != Some(t) => {
                    format!("<div class=\"theme\">{}</div>", escape(t))
                }
                _ => String::new(),
            };
            last_theme = c.theme.as_deref();
            let _ = write!(
                o,
                "<li>{theme}<span class=\"code\">{}</span> {}\n<ul class=\"pieces\">",
                escape(&c.code),
                escape(&c.label)
            );
            if c.evidence.is_empty() {
                o.push_str("<li>pièces non précisées par les textes</li>");
            }
            for piece in &c.evidence {
                match piece.as_slice() {
                    [one] => {
                        let _ = write!(o, "<li>{}</li>", escape(one));
                    }
                    several => {
                        let items: Vec<String> = several.iter().map(|s| escape(s)).collect();
                        let _ = write!(o, "<li>au choix : {}</li>", items.join(" ; "));
                    }
                }
            }
            o.push_str("</ul></li>\n");
        }
        o.push_str("</ul>\n</section>\n");
    }

    if !view.rules.is_empty() {
        o.push_str("<section id=\"regles\">\n<h2>Règles respectées ou sans objet</h2>\n<ul class=\"rules\">\n");
        for r in &view.rules {
            let (class, mark) = match r.status {
                Status::Passed => ("st-passed", "✓"),
                _ => ("st-na", "–"),
            };
            let _ = write!(
                o,
                "<li><span class=\"{class}\">{mark}</span> <span class=\"code\">{}</span> {} <span class=\"req\">({})</span>\n<ul class=\"tests\">",
                escape(&r.code),
                escape(&r.label),
                escape(&r.status_text)
            );
            for t in &r.tests {
                test_html(&mut o, t);
            }
            o.push_str("</ul>\n");
            for it in &r.items {
                let _ = write!(
                    o,
                    "<div class=\"item\"><span class=\"item-name\">{}</span><ul class=\"tests\">",
                    escape(&it.name)
                );
                for t in &it.tests {
                    test_html(&mut o, t);
                }
                o.push_str("</ul>");
                lets_html(&mut o, &it.lets);
                o.push_str("</div>\n");
            }
            meta_html(&mut o, r);
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n</section>\n");
    }

    if !view.documents.is_empty() {
        o.push_str("<section id=\"documents\">\n<h2>Documents cités</h2>\n<ul>\n");
        for (id, title) in &view.documents {
            let _ = writeln!(
                o,
                "<li><span class=\"code\">{}</span> {}</li>",
                escape(id),
                escape(title)
            );
        }
        o.push_str("</ul>\n</section>\n");
    }
    if !view.warnings.is_empty() {
        o.push_str(
            "<section id=\"avertissements\">\n<h2>Avertissements sur les données</h2>\n<ul>\n",
        );
        for w in &view.warnings {
            let _ = writeln!(o, "<li>{}</li>", escape(w));
        }
        o.push_str("</ul>\n</section>\n");
    }
    o.push_str("</main>\n<footer>Rapport établi par care à partir de la politique et des données du dossier.</footer>\n</body>\n</html>\n");
    o
}
