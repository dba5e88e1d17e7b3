//! Inlay hints: the types of `let` bindings, and the parameter names of calls.

use crate::host::Analysis;
use crate::hover::version_for;
use crate::lexer::{self, Tok};
use care_check::index::{Role, Symbol};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint shows: after a binding's name, before an argument.
    pub offset: usize,
    pub label: String,
    pub parameter: bool,
}

impl Analysis {
    /// The hints between two offsets.
    pub fn inlay_hints(&self, path: &Path, from: usize, to: usize) -> Vec<InlayHint> {
        let Some(folder) = self.folder(path) else {
            return Vec::new();
        };
        let Some(id) = folder.id_of(path) else {
            return Vec::new();
        };
        let text = folder.text_of(id);
        let mut out = Vec::new();
        for o in folder.occurrences_in(id) {
            if o.span.start < from || o.span.end > to || o.role != Role::Def {
                continue;
            }
            if let (Symbol::Local { .. }, Some(ty)) = (&o.symbol, &o.ty) {
                if text[..o.span.start].trim_end().ends_with("let") {
                    out.push(InlayHint {
                        offset: o.span.end,
                        label: format!(": {ty}"),
                        parameter: false,
                    });
                }
            }
        }
        // Calls: a function or built-in name followed by `(`, its arguments split at top-level
        // commas.
        let version = version_for(&folder, id);
        let toks = lexer::scan(text);
        for (i, w) in toks.iter().enumerate() {
            let (Tok::Word, s, e) = *w else { continue };
            if s < from || e > to {
                continue;
            }
            if toks
                .get(i + 1)
                .is_none_or(|(t, ps, pe)| *t != Tok::Punct || &text[*ps..*pe] != "(")
            {
                continue;
            }
            let Some(occ) = folder
                .occurrence_at(id, s)
                .filter(|o| o.span.start == s && o.role == Role::Use)
            else {
                continue;
            };
            let args = arguments(text, &toks[i + 2..]);
            let names: Vec<String> = match &occ.symbol {
                Symbol::Function(n) => version
                    .and_then(|v| v.decls.functions.iter().find(|f| &f.name.node == n))
                    .map(|f| {
                        f.node
                            .params
                            .iter()
                            .map(|p| p.node.name.node.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
                Symbol::Builtin(n) => care_check::builtin_params(n)
                    .into_iter()
                    .find(|p| p.len() == args.len())
                    .map(|p| p.iter().map(|s| s.to_string()).collect())
                    .unwrap_or_default(),
                _ => continue,
            };
            if names.len() != args.len()
                || names.len() < 2 && matches!(occ.symbol, Symbol::Builtin(_))
            {
                continue;
            }
            for (name, (start, end)) in names.iter().zip(args) {
                if text[start..end].trim() == name {
                    continue;
                }
                out.push(InlayHint {
                    offset: start,
                    label: format!("{name}:"),
                    parameter: true,
                });
            }
        }
        out.sort_by_key(|h| h.offset);
        out
    }
}

/// The byte ranges of the arguments of a call, from the tokens after its `(`; none for a
/// comprehension (`x in xs …`), whose "arguments" are not positional.
fn arguments(text: &str, toks: &[(Tok, usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    for (k, (t, s, e)) in toks.iter().enumerate() {
        let p = &text[*s..*e];
        if *t == Tok::Punct && matches!(p, "(" | "[" | "{") {
            depth += 1;
        } else if *t == Tok::Punct && matches!(p, ")" | "]" | "}") {
            if depth == 0 {
                if let Some(st) = start {
                    out.push((st, last_end));
                }
                return out;
            }
            depth -= 1;
        } else if depth == 0 && *t == Tok::Punct && p == "," {
            if let Some(st) = start.take() {
                out.push((st, last_end));
            }
            continue;
        } else if depth == 0 && *t == Tok::Word && p == "in" && k == 1 {
            return Vec::new();
        }
        if start.is_none() {
            start = Some(*s);
        }
        last_end = *e;
    }
    Vec::new()
}
