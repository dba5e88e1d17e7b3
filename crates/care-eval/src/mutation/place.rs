//! Where a mutant is, in words that stay true when lines are added elsewhere in the file: the
//! declaration that holds it (`table taux_par_rang`, `rule POC.MINIMIS`, `amend rule X`), the row
//! and column of a table cell, and a number when one declaration holds the same change twice.
//!
//! `tests/mutants-accepted.txt` names survivors this way, so that editing a policy above an
//! accepted place does not turn its excuse stale.

use super::Mutant;
use care_syntax::ast::{Amend, Item, ItemKind};
use care_syntax::{FileId, Span};
use std::collections::{BTreeMap, HashMap};

/// The top-level declarations of one file: their spans and how they are named.
pub(super) struct Outline {
    items: Vec<(Span, String)>,
}

impl Outline {
    pub fn of(text: &str) -> Outline {
        let parse = care_syntax::parse(text, FileId(0));
        let items = parse
            .file
            .items
            .iter()
            .map(|item| (item.span, declaration(&item.node)))
            .collect();
        Outline { items }
    }

    /// The declaration holding a byte offset (`file` outside every declaration, which does not
    /// happen for a place the checker gave).
    pub fn at(&self, offset: usize) -> &str {
        self.items
            .iter()
            .find(|(span, _)| span.start <= offset && offset < span.end)
            .map_or("file", |(_, name)| name.as_str())
    }
}

/// `table taux_par_rang`, `amend rule POC.P1`, `replace value x`, `policy essms-poc`.
fn declaration(item: &Item) -> String {
    kind_and_name(&item.kind)
}

fn kind_and_name(kind: &ItemKind) -> String {
    match kind {
        ItemKind::Amend(a) => match a {
            Amend::Objective { code, .. } => format!("amend objective {}", code.node),
            Amend::Rule { kind, name, .. } => format!("amend {} {}", kind.keyword(), name.node),
            Amend::Track { name, .. } => format!("amend track {}", name.node),
        },
        ItemKind::Replace(inner) => format!("replace {}", kind_and_name(&inner.node)),
        other => match other.name() {
            Some(name) => format!("{} {}", other.keyword(), name.node),
            None => other.keyword().to_string(),
        },
    }
}

/// Fills in each mutant's place: its declaration, and its number among the mutants of that
/// declaration (and table cell) making the same change, when there are several.
pub(super) fn name_places(mutants: &mut [Mutant], texts: &HashMap<String, &str>) {
    let mut outlines: HashMap<&str, Outline> = HashMap::new();
    for m in mutants.iter_mut() {
        let outline = outlines
            .entry(m.file.as_str())
            .or_insert_with(|| Outline::of(texts.get(&m.file).copied().unwrap_or("")));
        m.declaration = outline.at(m.start).to_string();
    }
    // Mutants are sorted by file and position: the numbers follow the text.
    let mut groups: BTreeMap<(String, String, String, String, String), Vec<usize>> =
        BTreeMap::new();
    for (i, m) in mutants.iter().enumerate() {
        let key = (
            m.file.clone(),
            m.declaration.clone(),
            m.cell.clone().unwrap_or_default(),
            m.original.clone(),
            m.replacement.clone(),
        );
        groups.entry(key).or_default().push(i);
    }
    for members in groups.values().filter(|g| g.len() > 1) {
        for (n, &i) in members.iter().enumerate() {
            if let Some(m) = mutants.get_mut(i) {
                m.nth = Some(n + 1);
            }
        }
    }
}

/// `[P2, plafond]`: a table cell by its row's key and its column.
pub(super) fn cell(key: &str, column: &str) -> String {
    format!("[{}, {column}]", key.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_named_by_kind_and_name() {
        let text = "policy p \"P\" {\n  version 2026-01-02\n  amends 2026-01-01\n}\n\n\
                    amend rule R.A {\n  require 1 < 2\n}\n\n\
                    value v: int \"V\" {\n  source CDC\n  3\n}\n";
        let o = Outline::of(text);
        let at = |needle: &str| o.at(text.find(needle).unwrap()).to_string();
        assert_eq!(at("2026-01-02"), "policy p");
        assert_eq!(at("1 < 2"), "amend rule R.A");
        assert_eq!(at("3\n}"), "value v");
    }
}
