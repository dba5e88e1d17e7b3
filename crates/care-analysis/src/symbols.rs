//! Outlines: the document symbols of a file (policy → tracks → themes → objectives; rules;
//! tables; values; outputs…) from its syntax, and the workspace symbols of every folder.

use crate::host::Analysis;
use care_check::index::{Role, Symbol};
use care_syntax::ast::{
    Amend, Item, ItemKind, ObjectiveDecl, SectionKind, SectionMember, ThemeMember, TrackMember,
};
use care_syntax::{Node, Span};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Policy,
    Document,
    Enum,
    Variant,
    Record,
    Field,
    Input,
    Track,
    Theme,
    Objective,
    Rule,
    Table,
    Column,
    Function,
    Value,
    Output,
    Amendment,
}

impl SymbolKind {
    pub fn of(symbol: &Symbol) -> Option<SymbolKind> {
        Some(match symbol {
            Symbol::Policy(_) => SymbolKind::Policy,
            Symbol::Document(_) => SymbolKind::Document,
            Symbol::Enum(_) => SymbolKind::Enum,
            Symbol::Variant(..) => SymbolKind::Variant,
            Symbol::Record(_) => SymbolKind::Record,
            Symbol::Field(..) => SymbolKind::Field,
            Symbol::Input(_) => SymbolKind::Input,
            Symbol::Track(_) => SymbolKind::Track,
            Symbol::Theme(_) => SymbolKind::Theme,
            Symbol::Objective(_) => SymbolKind::Objective,
            Symbol::Rule(_) => SymbolKind::Rule,
            Symbol::Table(_) => SymbolKind::Table,
            Symbol::Column(..) => SymbolKind::Column,
            Symbol::Function(_) => SymbolKind::Function,
            Symbol::Value(_) => SymbolKind::Value,
            Symbol::Output(_) => SymbolKind::Output,
            Symbol::Param(..) | Symbol::Local { .. } | Symbol::Builtin(_) => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole declaration.
    pub span: Span,
    /// Its name.
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub path: PathBuf,
    pub span: Span,
    /// The policy folder's name.
    pub container: String,
}

fn sym(
    name: &Node<String>,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
) -> DocumentSymbol {
    DocumentSymbol {
        name: name.node.clone(),
        detail,
        kind,
        span: span.to(name.span),
        selection: name.span,
        children: Vec::new(),
    }
}

impl Analysis {
    pub fn document_symbols(&self, path: &Path) -> Vec<DocumentSymbol> {
        let Some(file) = self.file(path) else {
            return Vec::new();
        };
        let mut policy: Option<DocumentSymbol> = None;
        let mut rest = Vec::new();
        for item in &file.ast.items {
            if let ItemKind::Policy(p) = &item.node.kind {
                let whole = Span::new(item.span.start, file.text().len().max(item.span.end));
                policy = Some(sym(
                    &p.id,
                    Some(p.title.node.clone()),
                    SymbolKind::Policy,
                    whole,
                ));
                continue;
            }
            rest.extend(item_symbol(item));
        }
        match policy {
            Some(mut p) => {
                p.children = rest;
                vec![p]
            }
            None => rest,
        }
    }

    /// Every declared name and code of every folder whose name contains `query` (case
    /// ignored), at most `limit`.
    pub fn workspace_symbols(&self, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
        let q = query.to_lowercase();
        let mut out = Vec::new();
        for folder in self.folders() {
            let container = folder
                .dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for o in &folder.occurrences {
                if o.role != Role::Def {
                    continue;
                }
                let Some(kind) = SymbolKind::of(&o.symbol) else {
                    continue;
                };
                if !o.symbol.name().to_lowercase().contains(&q) {
                    continue;
                }
                let Some(path) = folder.path_of(o.file) else {
                    continue;
                };
                out.push(WorkspaceSymbol {
                    name: o.symbol.name().to_string(),
                    kind,
                    path: path.to_path_buf(),
                    span: o.span,
                    container: container.clone(),
                });
                if out.len() >= limit {
                    return out;
                }
            }
        }
        out
    }
}

fn item_symbol(item: &Node<Item>) -> Option<DocumentSymbol> {
    let span = item.span;
    Some(match &item.node.kind {
        ItemKind::Policy(_) | ItemKind::Include(_) => return None,
        ItemKind::Document(d) => sym(
            &d.name,
            Some(d.title.node.clone()),
            SymbolKind::Document,
            span,
        ),
        ItemKind::Enum(e) => {
            let mut s = sym(
                &e.name,
                e.label.as_ref().map(|l| l.node.clone()),
                SymbolKind::Enum,
                span,
            );
            s.children = e
                .variants
                .iter()
                .map(|v| {
                    sym(
                        &v.node.name,
                        v.node.label.as_ref().map(|l| l.node.clone()),
                        SymbolKind::Variant,
                        v.span,
                    )
                })
                .collect();
            s
        }
        ItemKind::Record(r) => {
            let mut s = sym(
                &r.name,
                r.label.as_ref().map(|l| l.node.clone()),
                SymbolKind::Record,
                span,
            );
            s.children = r
                .fields
                .iter()
                .map(|f| {
                    sym(
                        &f.node.name,
                        f.node.label.as_ref().map(|l| l.node.clone()),
                        SymbolKind::Field,
                        f.span,
                    )
                })
                .collect();
            s
        }
        ItemKind::Input(i) => sym(&i.name, None, SymbolKind::Input, span),
        ItemKind::Track(t) => {
            let mut s = sym(&t.name, Some(t.label.node.clone()), SymbolKind::Track, span);
            s.children = track_children(&t.members);
            s
        }
        ItemKind::Objective(o) => objective(o, span),
        ItemKind::Rule(r) => sym(&r.name, Some(r.label.node.clone()), SymbolKind::Rule, span),
        ItemKind::Table(t) => sym(
            &t.name,
            t.label.as_ref().map(|l| l.node.clone()),
            SymbolKind::Table,
            span,
        ),
        ItemKind::Function(f) => sym(
            &f.name,
            f.label.as_ref().map(|l| l.node.clone()),
            SymbolKind::Function,
            span,
        ),
        ItemKind::Value(v) => sym(
            &v.name,
            v.label.as_ref().map(|l| l.node.clone()),
            SymbolKind::Value,
            span,
        ),
        ItemKind::Output(o) => sym(
            &o.name,
            o.label.as_ref().map(|l| l.node.clone()),
            SymbolKind::Output,
            span,
        ),
        ItemKind::Amend(a) => {
            let (name, kind, children) = match a {
                Amend::Objective { code, .. } => (code, SymbolKind::Objective, Vec::new()),
                Amend::Rule { name, .. } => (name, SymbolKind::Rule, Vec::new()),
                Amend::Track { name, members, .. } => (
                    name,
                    SymbolKind::Track,
                    track_children(members.as_deref().unwrap_or_default()),
                ),
            };
            let mut s = sym(name, Some("amend".to_string()), kind, span);
            s.children = children;
            s
        }
        ItemKind::Remove(r) => sym(
            &r.name,
            Some(format!("remove {}", r.kind.node.keyword())),
            SymbolKind::Amendment,
            span,
        ),
        ItemKind::Replace(inner) => {
            let mut s = item_symbol(&Node::new(
                Item {
                    annotations: Vec::new(),
                    kind: inner.node.clone(),
                },
                span,
            ))?;
            s.detail = Some(match s.detail {
                Some(d) => format!("replace — {d}"),
                None => "replace".to_string(),
            });
            s
        }
    })
}

fn objective(o: &ObjectiveDecl, span: Span) -> DocumentSymbol {
    sym(
        &o.code,
        Some(o.label.node.clone()),
        SymbolKind::Objective,
        span,
    )
}

/// Themes and objectives of a track, the section (mandatory, à la carte) in each detail.
fn track_children(members: &[Node<TrackMember>]) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for m in members {
        let TrackMember::Section(s) = &m.node else {
            continue;
        };
        let section = match s.kind.node {
            SectionKind::Mandatory => "obligatoire",
            SectionKind::ALaCarte => "à la carte",
        };
        for sm in &s.members {
            match &sm.node {
                SectionMember::Objective(o) => {
                    let mut d = objective(o, sm.span);
                    d.detail = Some(format!("{section} — {}", o.label.node));
                    out.push(d);
                }
                SectionMember::Theme(t) => {
                    let name = t
                        .name
                        .clone()
                        .unwrap_or_else(|| Node::new(t.label.node.clone(), t.label.span));
                    let mut d = sym(
                        &name,
                        Some(format!("{section} — {}", t.label.node)),
                        SymbolKind::Theme,
                        sm.span,
                    );
                    d.children = t
                        .members
                        .iter()
                        .filter_map(|tm| match &tm.node {
                            ThemeMember::Objective(o) => Some(objective(o, tm.span)),
                            ThemeMember::Meta(_) => None,
                        })
                        .collect();
                    out.push(d);
                }
                SectionMember::Choose(_) | SectionMember::Meta(_) => {}
            }
        }
    }
    out
}
