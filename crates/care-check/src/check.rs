//! Checking one assembled version: resolve names, type every expression, run the lints, and
//! build the checked [`ir::Policy`].

use crate::decls::*;
use crate::env::Env;
use crate::index::{Occurrence, Role, Symbol};
use crate::ir::{self, Origin};
use crate::model::{DefaultValue, EnumDef, FieldDef, InputSchema, RecordDef, VariantDef};
use crate::types::{EnumId, RecordId, Type};
use care_syntax::ast::{self, Annotation, Meta, TypeExpr};
use care_syntax::{Diagnostic, FileId, Node, Span};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Global {
    Input,
    Track(u32),
    Table(u32),
    Function(u32),
    Value(u32),
    Output(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeRef {
    Rule(u32),
    Objective(u32),
}

/// A node of the dependency graph, for cycle detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    Value(u32),
    Output(u32),
    Function(u32),
    Rule(u32),
    Objective(u32),
}

pub enum Lazy<T> {
    Pending,
    InProgress,
    Done(T),
}

pub struct Ctx<'a> {
    pub decls: &'a Declarations,
    pub diags: Vec<Diagnostic>,
    pub schema: InputSchema,
    pub type_names: HashMap<String, Type>,
    pub globals: HashMap<String, Global>,
    pub codes: HashMap<String, CodeRef>,
    pub tables: Vec<Option<ir::Table>>,
    pub values: Vec<Lazy<ir::Value>>,
    pub function_sigs: Vec<(Vec<(String, Type)>, Type)>,
    /// Declared output types; `None` for an output whose type is its body's.
    pub output_types: Vec<Option<Type>>,
    /// Bodies of outputs typed ahead of their turn (an undeclared type, needed by a reference).
    pub output_bodies: Vec<Lazy<ir::Body>>,
    pub graph: HashMap<Dep, Vec<(Dep, FileId, Span)>>,
    pub owner: Vec<Dep>,
    pub tz: jiff::tz::TimeZone,
    pub used_allows: HashSet<(FileId, Span)>,
    /// Objective indices (into decls.objectives) → index in the checked list.
    pub objective_index: HashMap<usize, u32>,
    /// Files with syntax errors: checks that would only echo a dropped line are skipped there.
    pub broken: Vec<FileId>,
    /// Every name, code, field and variant resolved so far, with the type found.
    pub index: Vec<Occurrence>,
}

impl<'a> Ctx<'a> {
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
            .map(|t| self.schema.type_name(t));
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

    pub fn help(&mut self, help: impl Into<String>) {
        if let Some(d) = self.diags.last_mut() {
            d.help = Some(help.into());
        }
    }

    /// Reports a warning unless one of `allows` names its lint; a silenced warning is kept,
    /// marked with the reason, for `--show-silenced`.
    pub fn warn(&mut self, mut diag: Diagnostic, allows: &[At<Annotation>]) {
        if let Some(lint) = diag.lint {
            if let Some(a) = allows.iter().find(|a| a.node.lint.node == lint) {
                diag.silenced = Some(a.node.reason.node.clone());
                self.used_allows.insert((a.file, a.node.span));
            }
        }
        self.diags.push(diag);
    }

    pub fn type_name(&self, ty: &Type) -> String {
        self.schema.type_name(ty)
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
                other => match self.type_names.get(other) {
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
                        let declared: Vec<String> = self.type_names.keys().cloned().collect();
                        known.extend(declared.iter().map(String::as_str));
                        let help = suggest(other, known.iter().copied())
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| "types are bool, int, decimal, share, money, date, instant, duration, text, code, track, or a declared record or enum".to_string());
                        self.error(
                            "E0106",
                            format!("unknown type `{other}`"),
                            file,
                            name.span,
                            "not a known type",
                        );
                        self.help(help);
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
                    let help = match suggest(&source.document.node, names.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if names.is_empty() => {
                            "declare the document first: `document CDC \"Cahier des charges …\"`"
                                .to_string()
                        }
                        None => format!(
                            "declared documents: {}",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.error(
                        "E0105",
                        format!("unknown document `{}`", source.document.node),
                        *file,
                        source.document.span,
                        "not a declared document",
                    );
                    self.help(help);
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

/// The closest name within a small edit distance, for "did you mean" help.
pub fn suggest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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

/// Checks one version. Returns the checked policy when it has no error.
pub fn check_version(
    decls: &Declarations,
    files: Vec<Option<std::sync::Arc<care_syntax::SourceFile>>>,
    broken: Vec<FileId>,
) -> (Option<ir::Policy>, Vec<Diagnostic>) {
    let checked = check_version_full(decls, files, broken);
    (checked.policy, checked.diagnostics)
}

/// What checking a version found, errors or not: what an editor needs on a half-written file.
#[derive(Debug, Default)]
pub struct Checked {
    /// The checked policy, when the version has no error.
    pub policy: Option<ir::Policy>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every name, code, field and variant resolved in the version's bodies and types.
    pub index: Vec<Occurrence>,
    /// The input schema, as far as it resolved.
    pub schema: InputSchema,
    /// The tables that checked, by declaration index.
    pub tables: Vec<Option<ir::Table>>,
}

/// Checks one version, keeping the partial results.
pub fn check_version_full(
    decls: &Declarations,
    files: Vec<Option<std::sync::Arc<care_syntax::SourceFile>>>,
    broken: Vec<FileId>,
) -> Checked {
    let mut cx = Ctx {
        decls,
        diags: Vec::new(),
        schema: InputSchema::default(),
        type_names: HashMap::new(),
        globals: HashMap::new(),
        codes: HashMap::new(),
        tables: Vec::new(),
        values: Vec::new(),
        function_sigs: Vec::new(),
        output_types: Vec::new(),
        output_bodies: Vec::new(),
        graph: HashMap::new(),
        owner: Vec::new(),
        tz: jiff::tz::TimeZone::UTC,
        used_allows: HashSet::new(),
        objective_index: HashMap::new(),
        broken,
        index: Vec::new(),
    };
    let header = crate::header::check_header(&mut cx);
    build_schema(&mut cx);
    declare_globals(&mut cx);
    let tables: Vec<Option<ir::Table>> = (0..decls.tables.len())
        .map(|i| crate::tables::check_table(&mut cx, i))
        .collect();
    cx.tables = tables;
    let sigs: Vec<_> = decls
        .functions
        .iter()
        .map(|f| {
            let params = f
                .node
                .params
                .iter()
                .map(|p| (p.name.node.clone(), cx.resolve_type(&p.ty, f.file)))
                .collect();
            (params, cx.resolve_type(&f.node.ret, f.file))
        })
        .collect();
    cx.function_sigs = sigs;
    let outs: Vec<_> = decls
        .outputs
        .iter()
        .map(|o| o.node.ty.as_ref().map(|t| cx.resolve_type(t, o.file)))
        .collect();
    cx.output_types = outs;
    cx.output_bodies = (0..decls.outputs.len()).map(|_| Lazy::Pending).collect();
    cx.values = (0..decls.values.len()).map(|_| Lazy::Pending).collect();

    let reference = crate::header::check_reference(&mut cx);
    let chosen_objectives = crate::header::check_chosen(&mut cx);
    let tracks = crate::rules::check_tracks(&mut cx);
    let objectives = crate::rules::check_objectives(&mut cx);
    let rules = crate::rules::check_rules(&mut cx);
    let functions = crate::rules::check_functions(&mut cx);
    for i in 0..decls.values.len() {
        crate::typeck::value(&mut cx, u32::try_from(i).unwrap_or(u32::MAX));
    }
    let outputs = crate::rules::check_outputs(&mut cx);
    let values_done = cx.values.iter().filter_map(|v| match v {
        Lazy::Done(v) => Some(&v.body),
        _ => None,
    });
    let bodies = functions
        .iter()
        .map(|f| &f.body)
        .chain(outputs.iter().map(|o| &o.body))
        .chain(values_done);
    let windows = crate::windows::check(&files, &rules, bodies);
    cx.diags.extend(windows);
    crate::lints::run(&mut cx, &functions);
    crate::lints::cycles(&mut cx);
    crate::lints::unused_allows(&mut cx);

    let values: Vec<ir::Value> = std::mem::take(&mut cx.values)
        .into_iter()
        .filter_map(|v| match v {
            Lazy::Done(v) => Some(v),
            _ => None,
        })
        .collect();
    let all_tables = std::mem::take(&mut cx.tables);
    let tables: Vec<ir::Table> = all_tables.iter().flatten().cloned().collect();
    let has_errors = cx.diags.iter().any(Diagnostic::is_error);
    let mut checked = Checked {
        policy: None,
        diagnostics: std::mem::take(&mut cx.diags),
        index: std::mem::take(&mut cx.index),
        schema: cx.schema.clone(),
        tables: all_tables,
    };
    if has_errors || values.len() != decls.values.len() || tables.len() != decls.tables.len() {
        return checked;
    }
    let Some(header) = header else {
        return checked;
    };
    let policy = ir::Policy {
        id: header.id,
        title: header.title,
        version: header.version,
        amends: header.amends,
        in_force_from: header.in_force_from,
        in_force_until: header.in_force_until,
        timezone: header.timezone,
        tz: cx.tz.clone(),
        reference,
        chosen_objectives,
        schema: cx.schema.clone(),
        documents: decls
            .documents
            .iter()
            .map(|d| ir::Document {
                name: d.name.node.clone(),
                title: d.node.title.node.clone(),
            })
            .collect(),
        notes: header.notes,
        tracks,
        objectives,
        rules,
        tables,
        functions,
        values,
        outputs,
        files,
        origin: Origin {
            file: decls.header.file,
            span: decls.header.span,
        },
    };
    checked.policy = Some(policy);
    checked
}

/// Records and enums become the input schema; the `input` declaration names its root.
fn build_schema(cx: &mut Ctx) {
    let decls = cx.decls;
    for (i, e) in decls.enums.iter().enumerate() {
        cx.type_names.insert(
            e.name.node.clone(),
            Type::Enum(EnumId(u32::try_from(i).unwrap_or(u32::MAX))),
        );
    }
    for (i, r) in decls.records.iter().enumerate() {
        cx.type_names.insert(
            r.name.node.clone(),
            Type::Record(RecordId(u32::try_from(i).unwrap_or(u32::MAX))),
        );
    }
    for e in &decls.enums {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut variants = Vec::new();
        for v in &e.node.variants {
            if let Some(prev) = seen.get(v.name.node.as_str()) {
                let prev = *prev;
                cx.error(
                    "E0102",
                    format!("variant `{}` is listed twice", v.name.node),
                    e.file,
                    v.name.span,
                    "listed again here",
                );
                cx.also(e.file, prev, "first listed here");
                continue;
            }
            seen.insert(&v.name.node, v.name.span);
            variants.push(VariantDef {
                name: v.name.node.clone(),
                label: v.label.as_ref().map(|l| l.node.clone()),
            });
        }
        cx.schema.enums.push(EnumDef {
            name: e.name.node.clone(),
            label: e.node.label.as_ref().map(|l| l.node.clone()),
            variants,
            origin: crate::model::Origin {
                file: e.file,
                span: e.span,
            },
        });
    }
    for r in &decls.records {
        let mut fields: Vec<FieldDef> = Vec::new();
        for f in &r.node.fields {
            if fields.iter().any(|x| x.name == f.name.node) {
                cx.error(
                    "E0102",
                    format!(
                        "field `{}` is declared twice in `{}`",
                        f.name.node, r.name.node
                    ),
                    r.file,
                    f.name.span,
                    "declared again here",
                );
                continue;
            }
            let ty = cx.resolve_type(&f.ty, r.file);
            let bounds =
                crate::field_bounds::field_bounds(cx, r.file, &f.name.node, &ty, &f.bounds);
            let default = f
                .default
                .as_ref()
                .and_then(|d| default_value(cx, r.file, d, &ty));
            if let (Some(d), Some(node)) = (&default, &f.default) {
                if let Some(why) = crate::field_bounds::default_within(d, &bounds) {
                    cx.error(
                        "E0316",
                        format!("the default of `{}` is {why}", f.name.node),
                        r.file,
                        node.span,
                        "outside the field's bounds",
                    );
                    cx.help("the default stands for data the platform did not send: it must be a value the data could have");
                }
            }
            fields.push(FieldDef {
                name: f.name.node.clone(),
                ty,
                default,
                bounds,
                label: f.label.as_ref().map(|l| l.node.clone()),
                origin: crate::model::Origin {
                    file: r.file,
                    span: f.span,
                },
            });
        }
        cx.schema.records.push(RecordDef {
            name: r.name.node.clone(),
            label: r.node.label.as_ref().map(|l| l.node.clone()),
            fields,
            origin: crate::model::Origin {
                file: r.file,
                span: r.span,
            },
        });
    }
    match decls.inputs.first() {
        Some(input) => {
            cx.schema.root_name = input.name.node.clone();
            cx.schema.root = cx.resolve_type(&input.node.ty, input.file);
        }
        None => {
            if !decls.rules.is_empty() || !decls.outputs.is_empty() {
                let file = decls.header.file;
                let span = decls.header.span;
                cx.error(
                    "E0306",
                    "the version declares no input",
                    file,
                    span,
                    "this version reads no data",
                );
                cx.help("declare the data the policy reads: `input dossier: Candidature`");
            }
        }
    }
    cx.schema.track_keys = decls
        .tracks
        .iter()
        .map(|t| t.key.as_ref().map_or(0, |k| k.node.node))
        .collect();
}

fn default_value(
    cx: &mut Ctx,
    file: FileId,
    d: &Node<ast::Expr>,
    ty: &Type,
) -> Option<DefaultValue> {
    match (&d.node, ty.required()) {
        (ast::Expr::Name(n), Type::Enum(id)) => {
            let variants = cx
                .schema
                .enum_def(*id)
                .map(|e| {
                    e.variants
                        .iter()
                        .map(|v| v.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            match variants.iter().position(|v| v == n) {
                Some(i) => Some(DefaultValue::Variant(u32::try_from(i).unwrap_or(u32::MAX))),
                None => {
                    cx.error(
                        "E0201",
                        format!("`{n}` is not a variant of `{}`", cx.type_name(ty)),
                        file,
                        d.span,
                        "not a variant",
                    );
                    None
                }
            }
        }
        (ast::Expr::Lit(l), t) => {
            let lt = crate::typeck::literal_type(l);
            if crate::typeck::assignable(&lt, t) {
                Some(DefaultValue::Literal(l.clone()))
            } else {
                let msg = format!(
                    "default of type `{}` for a field of type `{}`",
                    cx.type_name(&lt),
                    cx.type_name(ty)
                );
                cx.error("E0201", msg, file, d.span, "wrong type");
                None
            }
        }
        _ => {
            cx.error(
                "E0201",
                "a default value is a literal or an enum variant",
                file,
                d.span,
                "not a literal",
            );
            None
        }
    }
}

/// Names of the expression namespace.
fn declare_globals(cx: &mut Ctx) {
    let decls = cx.decls;
    // A table or function named like a built-in would hide it everywhere.
    let named: Vec<(FileId, &care_syntax::ast::Name, &str)> = decls
        .tables
        .iter()
        .map(|t| (t.file, &t.name, "table"))
        .chain(
            decls
                .functions
                .iter()
                .map(|f| (f.file, &f.name, "function")),
        )
        .collect();
    for (file, name, what) in named {
        if crate::builtins::BUILTINS.contains(&name.node.as_str()) {
            cx.error(
                "E0102",
                format!("`{}` is the name of a built-in function", name.node),
                file,
                name.span,
                format!("this {what} would hide it"),
            );
            cx.help("give it another name");
        }
    }
    if let Some(input) = decls.inputs.first() {
        cx.globals.insert(input.name.node.clone(), Global::Input);
    }
    for (i, t) in decls.tracks.iter().enumerate() {
        cx.globals.insert(
            t.name.node.clone(),
            Global::Track(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, t) in decls.tables.iter().enumerate() {
        cx.globals.insert(
            t.name.node.clone(),
            Global::Table(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, f) in decls.functions.iter().enumerate() {
        cx.globals.insert(
            f.name.node.clone(),
            Global::Function(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, v) in decls.values.iter().enumerate() {
        cx.globals.insert(
            v.name.node.clone(),
            Global::Value(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, o) in decls.outputs.iter().enumerate() {
        cx.globals.insert(
            o.name.node.clone(),
            Global::Output(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, r) in decls.rules.iter().enumerate() {
        cx.codes.insert(
            r.name.node.clone(),
            CodeRef::Rule(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    let mut n = 0u32;
    for (i, o) in decls.objectives.iter().enumerate() {
        if crate::assemble::is_removed(o) {
            continue;
        }
        cx.codes.insert(o.code.node.clone(), CodeRef::Objective(n));
        cx.objective_index.insert(i, n);
        n += 1;
    }
}
