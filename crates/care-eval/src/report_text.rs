//! The report as a person reads it, in French: in a terminal, or as a Markdown document an
//! instructor can send to the candidate.

use crate::report::{french, Entry, Report, RuleEntry};
use serde_json::Value as Json;

/// Plain or Markdown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Terminal { color: bool },
    Markdown,
}

fn status_mark(status: &str, style: Style) -> &'static str {
    match (status, style) {
        ("passed", Style::Markdown) => "✅",
        ("failed", Style::Markdown) => "❌",
        (_, Style::Markdown) => "➖",
        ("passed", _) => "✓",
        ("failed", _) => "✗",
        _ => "–",
    }
}

fn paint(text: &str, code: &str, style: Style) -> String {
    match style {
        Style::Terminal { color: true } => format!("\u{1b}[{code}m{text}\u{1b}[0m"),
        _ => text.to_string(),
    }
}

fn value_text(v: &Json) -> String {
    french(v)
}

/// `règle respectée`, `prérequis respecté`: the participle agrees with the noun.
fn status_text(status: &str, feminine: bool) -> &'static str {
    match (status, feminine) {
        ("passed", true) => "respectée",
        ("passed", false) => "respecté",
        ("failed", true) => "non respectée",
        ("failed", false) => "non respecté",
        _ => "sans objet",
    }
}

/// Renders a report; `output_labels` gives each output's French label and whether it is money.
pub fn render(report: &Report, labels: &[(String, Option<String>, bool)], style: Style) -> String {
    // Every string escaped first, so that nothing of a dossier or a policy acts on the display.
    let printable = crate::printable::report(report);
    let report = &printable;
    let labels: Vec<(String, Option<String>, bool)> = labels
        .iter()
        .map(|(n, l, m)| {
            let label = l.as_deref().map(crate::printable::prose);
            (crate::printable::data(n), label, *m)
        })
        .collect();
    let labels = labels.as_slice();
    let md = style == Style::Markdown;
    let mut out = String::new();
    let h1 = if md { "# " } else { "" };
    let h2 = if md { "## " } else { "" };
    let bullet = if md { "- " } else { "  " };
    let dossier = report.dossier.as_deref().unwrap_or("(sans identifiant)");
    out.push_str(&format!("{h1}Dossier {dossier}\n\n"));
    out.push_str(&format!(
        "Politique `{}` « {} », version du {}.\n\n",
        report.policy.id, report.policy.title, report.policy.version
    ));

    out.push_str(&format!("{h2}Résultats\n\n"));
    for (name, v) in &report.outputs {
        let (label, money) = labels
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, l, m)| (l.clone(), *m))
            .unwrap_or((None, false));
        let shown = match (v, money) {
            (Json::String(s), true) => crate::report::french_money(s),
            _ => value_text(v),
        };
        let label = label.map(|l| format!(" ({l})")).unwrap_or_default();
        out.push_str(&format!(
            "{bullet}{}{label} : {}\n",
            code(name, md),
            paint(&shown, "1", style)
        ));
    }
    out.push('\n');

    let failed: Vec<&RuleEntry> = report
        .explanation
        .iter()
        .filter_map(|e| match e {
            Entry::Rule(r) | Entry::Prerequisite(r) if r.status == "failed" => Some(r),
            _ => None,
        })
        .collect();
    if !failed.is_empty() {
        out.push_str(&format!("{h2}Ce qui manque\n\n"));
        for r in &failed {
            let fix = r.fix.as_deref().unwrap_or("voir la règle ci-dessous");
            out.push_str(&format!(
                "{bullet}{} {} — {} : {fix}\n",
                status_mark("failed", style),
                code(&r.code, md),
                r.label
            ));
        }
        out.push('\n');
    }

    out.push_str(&format!("{h2}Règles\n\n"));
    for e in &report.explanation {
        let (r, kind, feminine) = match e {
            Entry::Rule(r) => (r, "règle", true),
            Entry::Prerequisite(r) => (r, "prérequis", false),
            Entry::Output(_) => continue,
        };
        let mark = status_mark(r.status, style);
        let mark = match r.status {
            "passed" => paint(mark, "32", style),
            "failed" => paint(mark, "31", style),
            _ => paint(mark, "2", style),
        };
        out.push_str(&format!(
            "{bullet}{mark} {} — {} ({kind} {})\n",
            code(&r.code, md),
            r.label,
            status_text(r.status, feminine)
        ));
        let indent = if md { "    - " } else { "      " };
        for s in &r.sources {
            out.push_str(&format!("{indent}source : {s}\n"));
        }
        out.push_str(&format!("{indent}écrite en {}\n", code(&r.location, md)));
        if !r.data.is_empty() {
            let data: Vec<String> = r
                .data
                .iter()
                .map(|d| format!("{} = {}", code(&d.path, md), value_text(&d.value)))
                .collect();
            out.push_str(&format!("{indent}données : {}\n", data.join(", ")));
        }
        for it in r.items.iter().filter(|i| !i.passed) {
            let data: Vec<String> = it
                .data
                .iter()
                .map(|d| format!("{} = {}", code(&d.path, md), value_text(&d.value)))
                .collect();
            out.push_str(&format!(
                "{indent}{} {} : {}\n",
                status_mark("failed", style),
                code(&it.item, md),
                data.join(", ")
            ));
        }
        if let Some(fix) = &r.fix {
            out.push_str(&format!("{indent}à faire : {fix}\n"));
        }
    }
    out.push('\n');

    out.push_str(&format!("{h2}Calculs\n\n"));
    for e in &report.explanation {
        let Entry::Output(o) = e else { continue };
        let label = o
            .label
            .as_deref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        let money = labels.iter().any(|(n, _, m)| n == &o.name && *m);
        let value = match (&o.value, money) {
            (Json::String(s), true) => crate::report::french_money(s),
            (v, _) => value_text(v),
        };
        out.push_str(&format!("{bullet}{}{label} = {value}\n", code(&o.name, md)));
        let indent = if md { "    - " } else { "      " };
        for s in &o.sources {
            out.push_str(&format!("{indent}source : {s}\n"));
        }
        // Lookups repeated for every term are shown once; the others go with their term.
        let mut shown: Vec<String> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        for step in &o.steps {
            if let Some(t) = step.get("lookup") {
                let row: Vec<String> = step
                    .get("row")
                    .and_then(Json::as_object)
                    .map(|r| {
                        r.iter()
                            .map(|(k, v)| format!("{k} {}", value_text(v)))
                            .collect()
                    })
                    .unwrap_or_default();
                let line = format!(
                    "{}({}) : {}",
                    french(t),
                    step.get("key").map(value_text).unwrap_or_default(),
                    row.join(", ")
                );
                let repeated = o.steps.iter().filter(|s| *s == step).count() > 1;
                if repeated {
                    if !shown.contains(&line) {
                        out.push_str(&format!("{indent}table {line}\n"));
                        shown.push(line);
                    }
                } else {
                    pending.push(line);
                }
            } else if let Some(term) = step.get("term") {
                let with = if pending.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", pending.join(" ; "))
                };
                pending.clear();
                out.push_str(&format!(
                    "{indent}terme {} : {}{with}\n",
                    french(term),
                    step.get("value").map(value_text).unwrap_or_default()
                ));
            } else if let Some(args) = step.get("min").and_then(Json::as_array) {
                let capped = step.get("capped").and_then(Json::as_bool).unwrap_or(false);
                let args: Vec<String> = args.iter().map(value_text).collect();
                let verdict = if capped {
                    "plafond appliqué"
                } else {
                    "plafond non atteint"
                };
                out.push_str(&format!(
                    "{indent}minimum de {} : {verdict}\n",
                    args.join(" et ")
                ));
            }
        }
        for line in pending {
            out.push_str(&format!("{indent}table {line}\n"));
        }
    }
    if !report.checklist.is_empty() {
        out.push_str(&format!("\n{h2}Pièces à fournir\n\n"));
        let indent = if md { "    - " } else { "      " };
        for c in &report.checklist {
            out.push_str(&format!(
                "{bullet}{} — {}\n",
                code(&c.objective, md),
                c.label
            ));
            if c.evidence.is_empty() {
                out.push_str(&format!("{indent}pièces : non précisées par les textes\n"));
            }
            for piece in &c.evidence {
                match piece.as_slice() {
                    [one] => out.push_str(&format!("{indent}{one}\n")),
                    several => {
                        out.push_str(&format!("{indent}au choix : {}\n", several.join(" ; ")))
                    }
                }
            }
        }
    }
    if !report.documents.is_empty() {
        out.push_str(&format!("\n{h2}Documents cités\n\n"));
        for (id, title) in &report.documents {
            out.push_str(&format!("{bullet}{} : {title}\n", code(id, md)));
        }
    }
    if !report.warnings.is_empty() {
        out.push_str(&format!("\n{h2}Avertissements sur les données\n\n"));
        for w in &report.warnings {
            out.push_str(&format!("{bullet}{w}\n"));
        }
    }
    out
}

fn code(s: &str, md: bool) -> String {
    if md {
        format!("`{s}`")
    } else {
        s.to_string()
    }
}
