//! Mutants of what declarations state outside expressions: the dates a version is in force
//! (`in_force from 2026-03-31`) and the number of objectives a track's section asks for
//! (`choose at_least 2`). Found in the syntax tree of each file, since the checked policy keeps
//! their values but not where each was written.

use super::date_mutants;
use care_syntax::ast::{Amend, ItemKind, PolicyProp, SectionMember, TrackMember};
use care_syntax::{FileId, Node, Span};

/// Each place and its replacements: (span, replacement text).
pub(super) fn mutants(text: &str) -> Vec<(Span, String)> {
    let parse = care_syntax::parse(text, FileId(0));
    let mut out = Vec::new();
    for item in &parse.file.items {
        match &item.node.kind {
            ItemKind::Policy(p) => {
                for prop in &p.props {
                    if let PolicyProp::InForce { from, until } = &prop.node {
                        for date in std::iter::once(from).chain(until) {
                            dates(text, date.span, &mut out);
                        }
                    }
                }
            }
            ItemKind::Track(t) => members(text, &t.members, &mut out),
            ItemKind::Amend(Amend::Track {
                members: Some(m), ..
            }) => members(text, m, &mut out),
            _ => {}
        }
    }
    out
}

fn dates(text: &str, span: Span, out: &mut Vec<(Span, String)>) {
    let Some(written) = text.get(span.start..span.end) else {
        return;
    };
    for repl in date_mutants(written).unwrap_or_default() {
        out.push((span, repl));
    }
}

/// `choose at_least 2`: 1 and 3 (never below zero).
fn members(text: &str, members: &[Node<TrackMember>], out: &mut Vec<(Span, String)>) {
    for m in members {
        let TrackMember::Section(section) = &m.node else {
            continue;
        };
        for sm in &section.members {
            let SectionMember::Choose(bounds) = &sm.node else {
                continue;
            };
            for b in bounds {
                let span = b.node.count.span;
                if text.get(span.start..span.end).is_none() {
                    continue;
                }
                let n = b.node.count.node;
                for m in [n.checked_sub(1), n.checked_add(1)].into_iter().flatten() {
                    if m >= 0 {
                        out.push((span, m.to_string()));
                    }
                }
            }
        }
    }
}
