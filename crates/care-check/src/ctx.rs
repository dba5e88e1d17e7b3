//! What the passes share: the typing state ([`Ctx`]), the kinds of global names and codes, the
//! dependency graph, and small helpers ("did you mean" suggestions, a declaration's notes). The
//! passes (`resolve.rs`, the typing modules, `lints.rs`) depend on this module, never on the
//! orchestration in `check.rs`.

use crate::decls::*;
use crate::env::Env;
use crate::index::{Occurrence, Role, Symbol};
use crate::ir;
pub use crate::names::{CodeRef, Global, Names};
use crate::types::Type;
use care_syntax::ast::{Meta, TypeExpr};
use care_syntax::{Diagnostic, FileId, Node, Span};
use std::collections::HashMap;

/// A node of the dependency graph, for cycle detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    Value(u32),
    Output(u32),
    Function(u32),
    Rule(u32),
    Objective(u32),
}

/// Who depends on whom, with the place of each reference: the typing pass builds it, the cycle
/// lint reads it.
pub type DepGraph = HashMap<Dep, Vec<(Dep, FileId, Span)>>;

pub enum Lazy<T> {
    Pending,
    InProgress,
    Done(T),
}

pub struct Ctx<'a> {
    pub decls: &'a Declarations,
    pub diags: Vec<Diagnostic>,
    /// What the resolve pass found: the names of the version and the types they denote.
    pub names: Names,
    pub tables: Vec<Option<ir::Table>>,
    pub values: Vec<Lazy<ir::Value>>,
    /// Bodies of outputs typed ahead of their turn (an undeclared type, needed by a reference).
    pub output_bodies: Vec<Lazy<ir::Body>>,
    pub graph: DepGraph,
    pub owner: Vec<Dep>,
    pub tz: jiff::tz::TimeZone,
    /// Files with syntax errors: checks that would only echo a dropped line are skipped there.
    pub broken: Vec<FileId>,
    /// Every name, code, field and variant resolved so far, with the type found.
    pub index: Vec<Occurrence>,
    /// Candidates the "did you mean" help may still compare with ([`MAX_SUGGESTION_WORK`]).
    pub suggestion_work: std::cell::Cell<usize>,
    /// E0110 was reported by the typing pass (once per version).
    pub chain_reported: bool,
}

/// Longest chain of declarations that depend on one another (values, outputs, functions, rules,
/// objectives): checking and evaluating follow such a chain by recursion, so a longer one is
/// refused (E0110) rather than run off the end of the stack.
pub const MAX_DEPENDENCY_DEPTH: usize = 64;

/// How many candidate names the "did you mean" help of one version's check compares in all:
/// past it, unknown names get the general help (10,000 unknown names among 10,000 values would
/// otherwise be 10⁸ comparisons).
pub const MAX_SUGGESTION_WORK: usize = 1_000_000;

impl<'a> Ctx<'a> {
    /// [`suggest`] within what is left of this check's [`MAX_SUGGESTION_WORK`]: `None` once it
    /// is spent (or would be by these candidates).
    pub fn suggest<'n>(
        &self,
        name: &str,
        candidates: impl ExactSizeIterator<Item = &'n str>,
    ) -> Option<&'n str> {
        let left = self.suggestion_work.get();
        let n = candidates.len();
        if n > left {
            self.suggestion_work.set(0);
            return None;
        }
        self.suggestion_work.set(left - n);
        suggest(name, candidates)
    }

    /// Records a resolved mention for the index.
    pub fn record(
        &mut self,
        symbol: Symbol,
        file: FileId,
        span: Span,
        role: Role,
        ty: Option<&Type>,
    ) {
        let ty = ty
            .filter(|t| !t.is_error())
            .map(|t| self.names.schema.type_name(t));
        self.index.push(Occurrence {
            symbol,
            file,
            span,
            role,
            ty,
        });
    }

    /// Binds a local name (`let`, `for each`, a comprehension's binder) and records where.
    pub fn bind_local(
        &mut self,
        env: &mut Env,
        name: &Node<String>,
        file: FileId,
        ty: Type,
    ) -> u32 {
        let symbol = Symbol::Local {
            file,
            at: u32::try_from(name.span.start).unwrap_or(u32::MAX),
            name: name.node.clone(),
        };
        self.record(symbol.clone(), file, name.span, Role::Def, Some(&ty));
        env.bind(&name.node, ty, symbol)
    }

    pub fn error(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        file: FileId,
        span: Span,
        label: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, message).with_label(file, span, label));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// Adds a secondary label to the diagnostic just reported.
    pub fn also(&mut self, file: FileId, span: Span, message: impl Into<String>) {
        if let Some(d) = self.diags.last_mut() {
            d.labels.push(care_syntax::diagnostic::Label {
                file,
                span,
                message: message.into(),
            });
        }
    }

    /// The help of the diagnostic just reported, with its catalog entry and the arguments the
    /// entry uses beyond the message's.
    pub fn help(
        &mut self,
        key: &'static str,
        args: &[(&'static str, &str)],
        help: impl Into<String>,
    ) {
        if let Some(d) = self.diags.last_mut() {
            d.keyed_help(key, args, help);
        }
    }

    pub fn type_name(&self, ty: &Type) -> String {
        self.names.schema.type_name(ty)
    }

    pub fn depend(&mut self, on: Dep, file: FileId, span: Span) {
        if let Some(owner) = self.owner.last().copied() {
            self.graph.entry(owner).or_default().push((on, file, span));
        }
    }

    /// Resolves a written type.
    pub fn resolve_type(&mut self, ty: &Node<TypeExpr>, file: FileId) -> Type {
        match &ty.node {
            TypeExpr::Optional(inner) => Type::optional(self.resolve_type(inner, file)),
            TypeExpr::List(inner) => Type::list(self.resolve_type(inner, file)),
            // A record written by its fields is the type of record literals with these fields.
            TypeExpr::Record(fields) => {
                let mut out: Vec<(String, Type)> = Vec::with_capacity(fields.len());
                for (name, fty) in fields {
                    let t = self.resolve_type(fty, file);
                    if out.iter().any(|(n, _)| *n == name.node) {
                        self.error(
                            "E0102",
                            format!("field `{}` is written twice in this record type", name.node),
                            file,
                            name.span,
                            "written again here",
                        )
                        .keyed("E0102-record-type-field", &[("name", &name.node)]);
                        continue;
                    }
                    out.push((name.node.clone(), t));
                }
                Type::Struct(out.into())
            }
            TypeExpr::Named(name) => match name.node.as_str() {
                "bool" => Type::Bool,
                "int" => Type::Int,
                "decimal" => Type::Decimal,
                "share" => Type::Share,
                "money" => Type::Money,
                "date" => Type::Date,
                "instant" => Type::Instant,
                "duration" => Type::Duration,
                "text" => Type::Text,
                "code" => Type::Code,
                "track" => Type::Track,
                "" => Type::Error,
                other => match self.names.type_names.get(other) {
                    Some(t) => {
                        let t = t.clone();
                        let symbol = match t {
                            Type::Enum(_) => Symbol::Enum(other.to_string()),
                            _ => Symbol::Record(other.to_string()),
                        };
                        self.record(symbol, file, name.span, Role::Use, None);
                        t
                    }
                    None => {
                        let mut known: Vec<&str> = vec![
                            "bool", "int", "decimal", "share", "money", "date", "instant",
                            "duration", "text", "code", "track",
                        ];
                        let declared: Vec<String> = if self.suggestion_work.get() > 0 {
                            self.names.type_names.keys().cloned().collect()
                        } else {
                            Vec::new()
                        };
                        known.extend(declared.iter().map(String::as_str));
                        let help = self
                            .suggest(other, known.iter().copied())
                            .map(|s| ("help-did-you-mean", s.to_string(), format!("did you mean `{s}`?")))
                            .unwrap_or_else(|| ("E0106-types-help", String::new(), "types are bool, int, decimal, share, money, date, instant, duration, text, code, track, or a declared record or enum".to_string()));
                        self.error(
                            "E0106",
                            format!("unknown type `{other}`"),
                            file,
                            name.span,
                            "not a known type",
                        )
                        .keyed("E0106-unknown-type", &[("name", other)]);
                        self.help(help.0, &[("suggestion", &help.1)], help.2);
                        Type::Error
                    }
                },
            },
        }
    }

    /// Every `source` of a declaration, each document checked.
    pub fn citation(&mut self, meta: &[(FileId, &Meta)]) -> Vec<ir::Citation> {
        let mut out = Vec::new();
        for (file, m) in meta {
            let Meta::Source(source) = m else { continue };
            let title = match self
                .decls
                .documents
                .iter()
                .find(|d| d.name.node == source.document.node)
            {
                Some(d) => d.node.title.node.clone(),
                None => {
                    let names: Vec<&str> = self
                        .decls
                        .documents
                        .iter()
                        .map(|d| d.name.node.as_str())
                        .collect();
                    let listed = names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let help = match self.suggest(&source.document.node, names.iter().copied()) {
                        Some(s) => (
                            "help-did-you-mean",
                            s.to_string(),
                            format!("did you mean `{s}`?"),
                        ),
                        None if names.is_empty() => (
                            "E0105-declare-help",
                            String::new(),
                            "declare the document first: `document CDC \"Cahier des charges …\"`"
                                .to_string(),
                        ),
                        None => (
                            "E0105-documents-help",
                            String::new(),
                            format!("declared documents: {listed}"),
                        ),
                    };
                    self.error(
                        "E0105",
                        format!("unknown document `{}`", source.document.node),
                        *file,
                        source.document.span,
                        "not a declared document",
                    )
                    .keyed("E0105-unknown-document", &[("name", &source.document.node)]);
                    self.help(
                        help.0,
                        &[("suggestion", &help.1), ("documents", &listed)],
                        help.2,
                    );
                    source.document.node.clone()
                }
            };
            out.push(ir::Citation {
                document: source.document.node.clone(),
                title,
                section: source.section.as_ref().map(|s| s.node.clone()),
                detail: source.detail.as_ref().map(|s| s.node.clone()),
            });
        }
        out
    }
}

/// The closest name within a small edit distance, for "did you mean" help. Linear in the
/// candidates' length: a candidate whose length alone puts it too far is not compared, and a
/// comparison stops as soon as it is too far.
pub fn suggest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let name: Vec<char> = name.to_lowercase().chars().collect();
    let limit = (name.len() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut other: Vec<char> = Vec::new();
    for c in candidates {
        let len = c.chars().count();
        if len.abs_diff(name.len()) > limit {
            continue;
        }
        other.clear();
        other.extend(c.chars().flat_map(char::to_lowercase));
        let Some(d) = distance_within(&name, &other, limit) else {
            continue;
        };
        if best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance of `a` and `b` if it is at most `limit`.
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= limit)
}

pub fn metas<T: Clone>(list: &[At<T>]) -> Vec<(FileId, &T)> {
    list.iter().map(|m| (m.file, &m.node.node)).collect()
}

pub fn notes(meta: &[(FileId, &Meta)]) -> Vec<String> {
    meta.iter()
        .filter_map(|(_, m)| match m {
            Meta::Note(n) => Some(n.node.clone()),
            Meta::Source(_) => None,
        })
        .collect()
}
