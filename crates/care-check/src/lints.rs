//! Pass 3, lints: checks on the version as a whole, pure functions of what the first two passes
//! produced (the declarations, the resolved names, the checked tables and functions, the
//! dependency graph) to diagnostics — missing citations, selections that cannot be met, cycles,
//! caps that never bind (`bounds.rs`), unknown lints, annotations that silence nothing.

use crate::ctx::{Dep, DepGraph};
use crate::decls::{At, Declarations};
use crate::ir;
use crate::names::Names;
use care_syntax::ast::Annotation;
use care_syntax::ast::{BoundKind, Meta};
use care_syntax::diagnostic::Label;
use care_syntax::Diagnostic;
use care_syntax::{FileId, Span};
use std::collections::{HashMap, HashSet};

/// Every warning a policy author may silence with `@allow(name, "reason")`.
pub const LINTS: &[(&str, &str)] = &[
    (
        "missing_source",
        "a rule, objective, table, function or output cites no source",
    ),
    (
        "cap_never_binds",
        "a `min(amount, cap)` whose amount never exceeds the cap",
    ),
];

/// What the lints read.
pub struct LintInput<'a> {
    pub decls: &'a Declarations,
    pub names: &'a Names,
    /// The checked tables, by declaration index (`None` for a table with errors).
    pub tables: &'a [Option<ir::Table>],
    pub functions: &'a [ir::Function],
    pub graph: &'a DepGraph,
    /// The typing pass already reported E0110.
    pub chain_reported: bool,
}

/// The lints' state while they run: their diagnostics, and the `@allow` annotations used.
pub struct Lints<'a> {
    pub decls: &'a Declarations,
    pub names: &'a Names,
    pub tables: &'a [Option<ir::Table>],
    pub diags: Vec<Diagnostic>,
    used_allows: HashSet<(FileId, Span)>,
}

impl Lints<'_> {
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

    /// Reports a warning unless one of `allows` names its lint; a silenced warning is kept,
    /// marked with the reason, for `--show-silenced`.
    /// Annotations a lint could not decide about: kept, never reported as unused.
    pub fn keep_allows(&mut self, allows: Vec<(FileId, Span)>) {
        self.used_allows.extend(allows);
    }

    pub fn warn(&mut self, mut diag: Diagnostic, allows: &[At<Annotation>]) {
        if let Some(lint) = diag.lint {
            if let Some(a) = allows.iter().find(|a| a.node.lint.node == lint) {
                diag.silenced = Some(a.node.reason.node.clone());
                self.used_allows.insert((a.file, a.node.span));
            }
        }
        self.diags.push(diag);
    }
}

/// Runs every lint; their diagnostics, in a fixed order.
pub fn run(input: &LintInput) -> Vec<Diagnostic> {
    let mut cx = Lints {
        decls: input.decls,
        names: input.names,
        tables: input.tables,
        diags: Vec::new(),
        used_allows: HashSet::new(),
    };
    missing_sources(&mut cx);
    selections(&mut cx);
    crate::bounds::caps(&mut cx, input.functions);
    unknown_lints(&mut cx);
    if chains(&mut cx, input.graph, input.chain_reported) && !input.chain_reported {
        cycles(&mut cx, input.graph);
    }
    unused_allows(&mut cx);
    cx.diags
}

fn has_source<T>(meta: &[crate::decls::At<T>], is_source: impl Fn(&T) -> bool) -> bool {
    meta.iter().any(|m| is_source(&m.node.node))
}

fn missing(
    cx: &mut Lints,
    what: &str,
    name: &str,
    file: care_syntax::FileId,
    span: care_syntax::Span,
    allows: &[crate::decls::At<care_syntax::ast::Annotation>],
) {
    let d = Diagnostic::warning(
        "W0001",
        "missing_source",
        format!("{what} `{name}` cites no source"),
    )
    .with_key("W0001-no-source")
    .with_arg("what", what)
    .with_arg("name", name)
    .with_label(file, span, "no `source`")
    .with_help_key(
        "W0001-no-source-help",
        "say where the rule comes from, e.g. `source CDC §5.2`, so that explanations can cite it",
    );
    cx.warn(d, allows);
}

fn missing_sources(cx: &mut Lints) {
    let decls = cx.decls;
    let is_source = |m: &Meta| matches!(m, Meta::Source(_));
    for r in &decls.rules {
        if !has_source(&r.meta, is_source) {
            missing(
                cx,
                r.kind.keyword(),
                &r.name.node,
                r.file,
                r.name.span,
                &r.allows,
            );
        }
    }
    for o in &decls.objectives {
        if crate::assemble::is_removed(o) {
            continue;
        }
        if !has_source(&o.meta, is_source) && o.inherited_source.is_none() {
            let mut allows = o.allows.clone();
            if let Some((t, s)) = o.track {
                if let Some(section) = decls.tracks.get(t).and_then(|t| t.sections.get(s)) {
                    allows.extend(section.allows.iter().cloned());
                }
            }
            missing(cx, "objective", &o.code.node, o.file, o.code.span, &allows);
        }
    }
    for t in &decls.tracks {
        if !has_source(&t.meta, is_source) {
            missing(cx, "track", &t.name.node, t.file, t.name.span, &t.allows);
        }
    }
    for t in &decls.tables {
        if !t.node.meta.iter().any(|m| is_source(&m.node)) {
            missing(cx, "table", &t.name.node, t.file, t.name.span, &t.allows);
        }
    }
    for f in &decls.functions {
        if !f.node.body.node.meta.iter().any(|m| is_source(&m.node)) {
            missing(cx, "function", &f.name.node, f.file, f.name.span, &f.allows);
        }
    }
    for o in &decls.outputs {
        if !o.node.body.node.meta.iter().any(|m| is_source(&m.node)) {
            missing(cx, "output", &o.name.node, o.file, o.name.span, &o.allows);
        }
    }
}

/// `choose` bounds that no choice can meet.
fn selections(cx: &mut Lints) {
    let decls = cx.decls;
    for t in &decls.tracks {
        for s in &t.sections {
            let available = s
                .objectives
                .iter()
                .filter(|o| {
                    decls
                        .objectives
                        .get(**o)
                        .is_some_and(|o| !crate::assemble::is_removed(o))
                })
                .count();
            let avail = i64::try_from(available).unwrap_or(i64::MAX);
            let mut least = 0i64;
            let mut most: Option<(i64, &crate::decls::At<care_syntax::ast::Bound>)> = None;
            for b in &s.choose {
                let n = b.node.count.node;
                match b.node.kind {
                    BoundKind::AtLeast | BoundKind::Exactly if n > avail => {
                        cx.error(
                            "E0301",
                            format!(
                                "`{} {n}` of {available} objective{} cannot be met",
                                b.node.kind.keyword(),
                                if available == 1 { "" } else { "s" }
                            ),
                            b.file,
                            b.span(),
                            format!("only {available} to choose from"),
                        )
                        .keyed(
                            "E0301-cannot-be-met",
                            &[
                                ("bound", b.node.kind.keyword()),
                                ("count", &n.to_string()),
                                ("available", &available.to_string()),
                                ("track", &t.name.node),
                            ],
                        );
                        cx.help(
                            "E0301-cannot-be-met-help",
                            &[],
                            format!(
                                "track `{}` offers {available} objective{} in this section",
                                t.name.node,
                                if available == 1 { "" } else { "s" }
                            ),
                        );
                    }
                    _ => {}
                }
                match b.node.kind {
                    BoundKind::AtLeast => least = least.max(n),
                    BoundKind::AtMost => most = Some((n, b)),
                    BoundKind::Exactly => {
                        least = least.max(n);
                        most = Some((n, b));
                    }
                }
            }
            if let Some((m, b)) = most {
                if m < least {
                    cx.error(
                        "E0301",
                        format!("at most {m} but at least {least}: no choice can meet both"),
                        b.file,
                        b.span(),
                        "contradictory bounds",
                    )
                    .keyed(
                        "E0301-contradictory",
                        &[("most", &m.to_string()), ("least", &least.to_string())],
                    );
                }
            }
        }
    }
}

/// Every `@allow` annotation of a version, wherever it is written.
fn every_allow(
    decls: &crate::decls::Declarations,
) -> Vec<crate::decls::At<care_syntax::ast::Annotation>> {
    let mut all = Vec::new();
    all.extend(decls.rules.iter().flat_map(|r| r.allows.iter().cloned()));
    all.extend(
        decls
            .objectives
            .iter()
            .flat_map(|r| r.allows.iter().cloned()),
    );
    for t in &decls.tracks {
        all.extend(t.allows.iter().cloned());
        all.extend(t.sections.iter().flat_map(|s| s.allows.iter().cloned()));
    }
    all.extend(decls.tables.iter().flat_map(|r| r.allows.iter().cloned()));
    all.extend(
        decls
            .functions
            .iter()
            .flat_map(|r| r.allows.iter().cloned()),
    );
    all.extend(decls.values.iter().flat_map(|r| r.allows.iter().cloned()));
    all.extend(decls.outputs.iter().flat_map(|r| r.allows.iter().cloned()));
    all
}

fn unknown_lints(cx: &mut Lints) {
    let decls = cx.decls;
    let all = every_allow(decls);
    for a in all {
        let name = &a.node.lint.node;
        if !LINTS.iter().any(|(l, _)| l == name) {
            cx.error(
                "E0315",
                format!("unknown lint `{name}`"),
                a.file,
                a.node.lint.span,
                "no warning has this name",
            )
            .keyed("E0315-unknown-lint", &[("name", name)]);
            let lints = LINTS
                .iter()
                .map(|(l, _)| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.help(
                "E0315-lints-help",
                &[("lints", &lints)],
                format!("lints: {lints}"),
            );
            cx.used_allows.insert((a.file, a.node.span));
        }
        if a.node.reason.node.trim().is_empty() {
            cx.error(
                "E0315",
                "an `@allow` needs its reason",
                a.file,
                a.node.reason.span,
                "empty reason",
            )
            .keyed("E0315-no-reason", &[]);
            cx.help(
                "E0315-no-reason-help",
                &[],
                "say why the warning does not apply, for the next reader",
            );
        }
    }
}

/// `@allow` annotations that silenced nothing: the warning they were for is gone.
fn unused_allows(cx: &mut Lints) {
    let decls = cx.decls;
    let all = every_allow(decls);
    for a in all {
        if !cx.used_allows.contains(&(a.file, a.node.span)) {
            let mut d = Diagnostic::warning(
                "W0003",
                "unused_allow",
                format!("`@allow({})` silences nothing here", a.node.lint.node),
            )
            .with_key("W0003-unused")
            .with_arg("lint", a.node.lint.node.clone())
            .with_label(a.file, a.node.span, "no such warning on this declaration")
            .with_help_key(
                "W0003-unused-help",
                "remove the annotation: the warning it was written for no longer applies",
            );
            d.lint = None; // the fix is to remove the annotation, not to silence this
            cx.diags.push(d);
        }
    }
}

/// The longest chain of dependencies from each node (without recursion: a node on the walk's
/// path counts as a leaf, the cycle lint reports it); E0110 at the first declaration whose
/// chain passes [`crate::ctx::MAX_DEPENDENCY_DEPTH`]. `false` when one does (the recursive
/// cycle walk is then not run).
fn chains(cx: &mut Lints, graph: &DepGraph, reported: bool) -> bool {
    let limit = crate::ctx::MAX_DEPENDENCY_DEPTH;
    let mut nodes: Vec<Dep> = graph.keys().copied().collect();
    nodes.sort();
    // 0 = not seen, 1 = on the path, 2 = done
    let mut state: HashMap<Dep, u8> = HashMap::new();
    let mut depth: HashMap<Dep, usize> = HashMap::new();
    let mut deepest: Option<(Dep, usize)> = None;
    for root in nodes {
        if state.contains_key(&root) {
            continue;
        }
        let mut stack: Vec<(Dep, usize)> = vec![(root, 0)];
        state.insert(root, 1);
        while let Some((n, next)) = stack.last().copied() {
            let edges = graph.get(&n).map(Vec::as_slice).unwrap_or(&[]);
            if let Some((m, _, _)) = edges.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if !state.contains_key(m) {
                    state.insert(*m, 1);
                    stack.push((*m, 0));
                }
                continue;
            }
            let d = 1 + edges
                .iter()
                .filter(|(m, _, _)| state.get(m) == Some(&2))
                .map(|(m, _, _)| depth.get(m).copied().unwrap_or(0))
                .max()
                .unwrap_or(0);
            depth.insert(n, d);
            state.insert(n, 2);
            if d > limit && deepest.is_none_or(|(_, best)| d > best) {
                deepest = Some((n, d));
            }
            stack.pop();
        }
    }
    let Some((n, d)) = deepest else {
        return true;
    };
    if !reported {
        let (file, span) = dep_place(cx, n);
        cx.diags.push(
            Diagnostic::error(
                "E0110",
                format!(
                    "{} starts a chain of {d} declarations that depend on one another",
                    dep_name(cx, n)
                ),
            )
            .with_key("E0110-chain-start")
            .with_arg("name", dep_bare(cx, n))
            .with_arg("what", dep_kind(cx, n))
            .with_arg("length", d.to_string())
            .with_arg("max", limit.to_string())
            .with_label(file, span, format!("more than {limit} steps"))
            .with_help_key("E0110-help", crate::typeck::chain_help()),
        );
    }
    false
}

/// Values, functions, outputs, rules and objectives that depend on themselves.
fn cycles(cx: &mut Lints, graph: &DepGraph) {
    let mut nodes: Vec<Dep> = graph.keys().copied().collect();
    nodes.sort();
    let mut state: HashMap<Dep, u8> = HashMap::new(); // 1 = on stack, 2 = done
    let mut reported: HashSet<Vec<Dep>> = HashSet::new();
    for n in nodes {
        let mut stack: Vec<(Dep, care_syntax::FileId, care_syntax::Span)> = Vec::new();
        visit(cx, graph, n, &mut state, &mut stack, &mut reported);
    }
}

fn visit(
    cx: &mut Lints,
    graph: &HashMap<Dep, Vec<(Dep, care_syntax::FileId, care_syntax::Span)>>,
    n: Dep,
    state: &mut HashMap<Dep, u8>,
    stack: &mut Vec<(Dep, care_syntax::FileId, care_syntax::Span)>,
    reported: &mut HashSet<Vec<Dep>>,
) {
    match state.get(&n) {
        Some(2) => return,
        Some(1) => {
            let Some(pos) = stack.iter().position(|(d, _, _)| *d == n) else {
                return;
            };
            let cycle: Vec<_> = stack[pos..].to_vec();
            let mut key: Vec<Dep> = cycle.iter().map(|(d, _, _)| *d).collect();
            key.sort();
            if reported.insert(key) {
                let names: Vec<String> = cycle.iter().map(|(d, _, _)| dep_name(cx, *d)).collect();
                let (_, file, span) = cycle[cycle.len() - 1];
                let bare: Vec<String> = cycle.iter().map(|(d, _, _)| dep_bare(cx, *d)).collect();
                let bare = format!("{} → {}", bare.join(" → "), bare[0]);
                let mut d = Diagnostic::error("E0109", format!("{} depends on itself", names[0]))
                    .with_key("E0109-cycle")
                    .with_arg("name", dep_bare(cx, cycle[0].0))
                    .with_arg("what", dep_kind(cx, cycle[0].0))
                    .with_arg("cycle", bare.clone())
                    .with_label(file, span, "this use closes the cycle")
                    .with_help_key(
                        "E0109-cycle-help",
                        format!("cycle: {bare}; the language has no recursion"),
                    );
                for (_, f, s) in cycle.iter().take(cycle.len() - 1) {
                    d.labels.push(Label {
                        file: *f,
                        span: *s,
                        message: "used here".into(),
                    });
                }
                cx.diags.push(d);
            }
            return;
        }
        _ => {}
    }
    state.insert(n, 1);
    if let Some(edges) = graph.get(&n) {
        for (m, f, s) in edges {
            // The stack holds (node, use site) pairs: the use site is where `n` refers to `m`.
            stack.push((n, *f, *s));
            visit(cx, graph, *m, state, stack, reported);
            stack.pop();
        }
    }
    state.insert(n, 2);
}

/// Where a declaration of the graph is named.
fn dep_place(cx: &Lints, d: Dep) -> (care_syntax::FileId, care_syntax::Span) {
    let decls = cx.decls;
    let place = match d {
        Dep::Value(i) => decls.values.get(i as usize).map(|v| (v.file, v.name.span)),
        Dep::Output(i) => decls.outputs.get(i as usize).map(|v| (v.file, v.name.span)),
        Dep::Function(i) => decls
            .functions
            .get(i as usize)
            .map(|v| (v.file, v.name.span)),
        Dep::Rule(i) => decls.rules.get(i as usize).map(|v| (v.file, v.name.span)),
        Dep::Objective(i) => cx
            .names
            .objective_index
            .iter()
            .find(|(_, v)| **v == i)
            .and_then(|(k, _)| decls.objectives.get(*k))
            .map(|o| (o.file, o.code.span)),
    };
    place.unwrap_or((care_syntax::FileId(0), care_syntax::Span::new(0, 0)))
}

/// The kind of a node, as the catalog's `what` selects it (`value`, `rule`, …).
fn dep_kind(_cx: &Lints, d: Dep) -> &'static str {
    match d {
        Dep::Value(_) => "value",
        Dep::Output(_) => "output",
        Dep::Function(_) => "function",
        Dep::Rule(_) => "rule",
        Dep::Objective(_) => "objective",
    }
}

/// A node's name alone, in backticks: `` `x` ``.
fn dep_bare(cx: &Lints, d: Dep) -> String {
    let full = dep_name(cx, d);
    match full.split_once(' ') {
        Some((_, name)) if name.starts_with('`') => name.to_string(),
        _ => full,
    }
}

fn dep_name(cx: &Lints, d: Dep) -> String {
    let decls = cx.decls;
    match d {
        Dep::Value(i) => decls
            .values
            .get(i as usize)
            .map(|v| format!("value `{}`", v.name.node)),
        Dep::Output(i) => decls
            .outputs
            .get(i as usize)
            .map(|v| format!("output `{}`", v.name.node)),
        Dep::Function(i) => decls
            .functions
            .get(i as usize)
            .map(|v| format!("function `{}`", v.name.node)),
        Dep::Rule(i) => decls
            .rules
            .get(i as usize)
            .map(|v| format!("rule `{}`", v.name.node)),
        Dep::Objective(i) => cx
            .names
            .objective_index
            .iter()
            .find(|(_, v)| **v == i)
            .and_then(|(k, _)| decls.objectives.get(*k))
            .map(|o| format!("objective `{}`", o.code.node)),
    }
    .unwrap_or_else(|| "a declaration".to_string())
}
