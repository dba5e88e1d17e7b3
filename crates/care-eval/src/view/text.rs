//! The report in a terminal, or as a Markdown document an instructor can keep or send.

use super::{DataView, RuleView, TestView, View};
use crate::eval::Status;

/// Plain (coloured or not) or Markdown.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    Terminal { color: bool },
    Markdown,
}

struct Out {
    style: Style,
    s: String,
}

impl Out {
    fn md(&self) -> bool {
        self.style == Style::Markdown
    }

    fn paint(&self, text: &str, code: &str) -> String {
        match self.style {
            Style::Terminal { color: true } => format!("\u{1b}[{code}m{text}\u{1b}[0m"),
            _ => text.to_string(),
        }
    }

    fn strong(&self, text: &str) -> String {
        if self.md() {
            format!("**{text}**")
        } else {
            self.paint(text, "1")
        }
    }

    fn code(&self, text: &str) -> String {
        if self.md() {
            format!("`{text}`")
        } else {
            text.to_string()
        }
    }

    fn line(&mut self, text: &str) {
        self.s.push_str(text);
        self.s.push('\n');
    }

    fn blank(&mut self) {
        self.s.push('\n');
    }

    fn h1(&mut self, text: &str) {
        let t = if self.md() {
            format!("# {text}")
        } else {
            self.paint(text, "1")
        };
        self.line(&t);
        self.blank();
    }

    fn h2(&mut self, text: &str) {
        let t = if self.md() {
            format!("## {text}")
        } else {
            self.paint(&text.to_uppercase(), "1")
        };
        self.line(&t);
        self.blank();
    }

    /// A list item at depth 0 or 1.
    fn item(&mut self, depth: usize, text: &str) {
        let lead = match (self.md(), depth) {
            (true, 0) => "- ".to_string(),
            (true, d) => format!("{}- ", "    ".repeat(d)),
            (false, 0) => "  ".to_string(),
            (false, d) => "      ".repeat(d),
        };
        self.line(&format!("{lead}{text}"));
    }

    fn mark(&self, status: Status) -> String {
        match (status, self.md()) {
            (Status::Passed, true) => "✅".into(),
            (Status::Failed, true) => "❌".into(),
            (Status::NotApplicable, true) => "➖".into(),
            (Status::Passed, false) => self.paint("✓", "32"),
            (Status::Failed, false) => self.paint("✗", "31"),
            (Status::NotApplicable, false) => self.paint("–", "2"),
        }
    }
}

/// `Date et heure de réception … : 4 juin 2026 à 17 h 05 — exigé : avant le …`.
pub fn test_line(t: &TestView) -> String {
    let verb = if t.when { "s'applique si" } else { "exigé" };
    let Some(w) = &t.what else {
        // A comparison the policy gives no words for: its figures, what was found against what
        // was required (the expression, for the instructor, says which).
        if t.comparison {
            let detail = t
                .detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            return format!(
                "valeur trouvée : {}{detail} — {verb} : {}",
                t.found, t.required
            );
        }
        // A condition read as yes or no.
        return match (t.held, t.when) {
            (true, _) => "condition remplie".into(),
            (false, false) => "condition non remplie".into(),
            (false, true) => "condition d'application non remplie".into(),
        };
    };
    let mut s = format!("{w} : {}", t.found);
    if let Some(d) = &t.detail {
        s.push_str(&format!(" ({d})"));
    }
    s.push_str(&format!(" — {verb} : {}", t.required));
    s
}

fn data_line(o: &Out, d: &DataView) -> String {
    let owner = d
        .owner
        .as_deref()
        .map(|o| format!(" — {o}"))
        .unwrap_or_default();
    let path = d
        .path
        .as_deref()
        .map(|p| format!(" ({})", o.code(p)))
        .unwrap_or_default();
    format!("{}{owner} : {}{path}", d.label, d.value)
}

fn tests(o: &mut Out, depth: usize, ts: &[TestView]) {
    for t in ts {
        let mut line = test_line(t);
        if let Some(c) = &t.code {
            line.push_str(&format!(" [{}]", o.code(c)));
        }
        o.item(depth, &line);
    }
}

fn failed_rule(o: &mut Out, r: &RuleView) {
    let head = format!(
        "{} {} — {}",
        o.mark(Status::Failed),
        o.code(&r.code),
        r.label
    );
    if o.md() {
        o.line(&format!("### {head}"));
        o.blank();
    } else {
        o.line(&head);
    }
    if r.any_of {
        o.item(0, "une seule de ces conditions suffirait :");
    }
    tests(o, 0, &r.tests);
    for it in &r.items {
        o.item(0, &format!("{} :", o.strong(&it.name)));
        tests(o, 1, &it.tests);
        if !it.lets.is_empty() {
            let lets: Vec<String> = it
                .lets
                .iter()
                .map(|(n, v)| format!("{} = {v}", o.code(n)))
                .collect();
            o.item(1, &format!("calcul : {}", lets.join(" ; ")));
        }
        for d in &it.data {
            let line = data_line(o, d);
            o.item(1, &line);
        }
    }
    if !r.lets.is_empty() {
        let lets: Vec<String> = r
            .lets
            .iter()
            .map(|(n, v)| format!("{} = {v}", o.code(n)))
            .collect();
        o.item(0, &format!("calcul : {}", lets.join(" ; ")));
    }
    if let Some(fix) = &r.fix {
        let fix = format!("{} {fix}", o.strong("À faire :"));
        o.item(0, &fix);
    }
    for n in &r.notes {
        o.item(0, &format!("note : {n}"));
    }
    for s in &r.sources {
        o.item(0, &format!("source : {s}"));
    }
    if !r.data.is_empty() {
        o.item(0, "données lues :");
        for d in &r.data {
            let line = data_line(o, d);
            o.item(1, &line);
        }
    }
    if let Some(l) = &r.location {
        let l = format!("écrite en {}", o.code(l));
        o.item(0, &l);
    }
    o.blank();
}

pub fn render(view: &View, style: Style) -> String {
    let mut o = Out {
        style,
        s: String::new(),
    };
    let dossier = view.dossier.as_deref().unwrap_or("(sans identifiant)");
    o.h1(&format!("Dossier {dossier}"));
    let mark = match view.decision.yes {
        Some(true) => o.mark(Status::Passed),
        Some(false) => o.mark(Status::Failed),
        None if view.decision.failed == 0 => o.mark(Status::Passed),
        None => o.mark(Status::Failed),
    };
    let headline = o.strong(&view.headline());
    o.line(&format!("{mark} {headline}"));
    if let Some((label, value)) = &view.decision.amount {
        o.blank();
        let v = o.strong(value);
        o.line(&format!("{label} : {v}"));
    }
    o.blank();
    o.line(&format!(
        "Politique « {} » ({}), version du {}.",
        view.title,
        o.code(&view.policy_id),
        view.version
    ));
    o.blank();

    if !view.missing.is_empty() {
        o.h2("Ce qui manque");
        for r in &view.missing {
            failed_rule(&mut o, r);
        }
    }

    o.h2("Résultats");
    for out in &view.outputs {
        let name = out
            .name
            .as_deref()
            .map(|n| format!(" ({})", o.code(n)))
            .unwrap_or_default();
        let v = o.strong(&out.value);
        o.item(0, &format!("{}{name} : {v}", out.label));
    }
    o.blank();

    if !view.rules.is_empty() {
        let title = if view.missing.is_empty() {
            "Règles"
        } else {
            "Autres règles"
        };
        // The heading `## Règles` stays for readers that look for it.
        o.h2(if o.md() { "Règles" } else { title });
        for r in &view.rules {
            let line = format!(
                "{} {} — {} ({})",
                o.mark(r.status),
                o.code(&r.code),
                r.label,
                r.status_text
            );
            o.item(0, &line);
            tests(&mut o, 1, &r.tests);
            for it in &r.items {
                let tests: Vec<String> = it.tests.iter().map(test_line).collect();
                let mut line = format!("{} : {}", it.name, tests.join(" ; "));
                if !it.lets.is_empty() {
                    let lets: Vec<String> = it
                        .lets
                        .iter()
                        .map(|(n, v)| format!("{} = {v}", o.code(n)))
                        .collect();
                    line.push_str(&format!(" (calcul : {})", lets.join(" ; ")));
                }
                o.item(1, &line);
            }
            for n in &r.notes {
                o.item(1, &format!("note : {n}"));
            }
            for s in &r.sources {
                o.item(1, &format!("source : {s}"));
            }
            if let Some(l) = &r.location {
                let l = format!("écrite en {}", o.code(l));
                o.item(1, &l);
            }
        }
        o.blank();
    }

    if view.outputs.iter().any(|x| !x.steps.is_empty()) {
        o.h2("Calculs");
        for out in view
            .outputs
            .iter()
            .filter(|x| !x.steps.is_empty() || x.same_as.is_some())
        {
            let v = o.strong(&out.value);
            o.item(0, &format!("{} = {v}", out.label));
            if let Some(same) = &out.same_as {
                o.item(1, &format!("même calcul que « {same} »"));
            }
            for s in &out.steps {
                o.item(1, s);
            }
            for s in &out.sources {
                o.item(1, &format!("source : {s}"));
            }
        }
        o.blank();
    }

    if !view.checklist.is_empty() {
        o.h2("Pièces à fournir");
        for c in &view.checklist {
            let head = format!("{} — {}", o.code(&c.code), c.label);
            o.item(0, &head);
            if c.evidence.is_empty() {
                o.item(1, "pièces : non précisées par les textes");
            }
            for piece in &c.evidence {
                let box_ = if o.md() { "[ ] " } else { "☐ " };
                match piece.as_slice() {
                    [one] => o.item(1, &format!("{box_}{one}")),
                    several => o.item(1, &format!("{box_}au choix : {}", several.join(" ; "))),
                }
            }
        }
        o.blank();
    }

    if !view.documents.is_empty() {
        o.h2("Documents cités");
        for (id, title) in &view.documents {
            let line = format!("{} : {title}", o.code(id));
            o.item(0, &line);
        }
        o.blank();
    }
    if !view.warnings.is_empty() {
        o.h2("Avertissements sur les données");
        for w in &view.warnings {
            o.item(0, w);
        }
        o.blank();
    }
    while o.s.ends_with("\n\n") {
        o.s.pop();
    }
    o.s
}
