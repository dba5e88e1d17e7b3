//! Hover: what a name or code is, in the client's language (the words around, from the catalog)
//! and in the policy's (its labels, notes and citations, as written).

use crate::folder::FolderAnalysis;
use crate::host::Analysis;
use crate::words::{kind, say};
use care_check::decls::{At, Declarations};
use care_check::index::{Occurrence, Symbol};
use care_check::loader::VersionCheck;
use care_i18n::Lang;
use care_syntax::ast::{Evidence, Meta, Scope, SectionKind};
use care_syntax::{FileId, Span};
use std::fmt::Write;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Markdown.
    pub markdown: String,
    /// The name or code hovered.
    pub span: Span,
}

impl Analysis {
    /// The hover in English.
    pub fn hover(&self, path: &Path, offset: usize) -> Option<Hover> {
        self.hover_in(path, offset, Lang::En)
    }

    /// The hover with its words in `lang`.
    pub fn hover_in(&self, path: &Path, offset: usize, lang: Lang) -> Option<Hover> {
        let (folder, occ) = self.symbol_at(path, offset)?;
        let version = version_for(&folder, occ.file);
        let markdown = describe(&folder, version, &occ, lang)?;
        Some(Hover {
            markdown,
            span: occ.span,
        })
    }
}

/// The version a file is read in: its own, or the latest that includes or amends it.
pub(crate) fn version_for(folder: &FolderAnalysis, file: FileId) -> Option<&VersionCheck> {
    folder
        .versions
        .iter()
        .find(|v| v.file == file)
        .or_else(|| folder.versions_using(file).last())
        .or_else(|| folder.versions.last())
}

fn describe(
    folder: &FolderAnalysis,
    version: Option<&VersionCheck>,
    occ: &Occurrence,
    lang: Lang,
) -> Option<String> {
    let mut md = String::new();
    let word = |id: &str| say(lang, id, &[]);
    let decls = version.map(|v| &v.decls);
    let name = occ.symbol.name();
    match &occ.symbol {
        Symbol::Builtin(n) => {
            for d in care_check::builtin_docs(n) {
                let _ = writeln!(md, "```care\n{}\n```", d.calls().join("\n"));
                let group = say(lang, &builtin_group(d.group), &[]);
                let _ = writeln!(md, "{group} — {}\n", crate::words::builtin_result(lang, d));
                let _ = writeln!(
                    md,
                    "{}\n",
                    say(lang, "lsp-hover-example", &[("example", d.example)])
                );
            }
        }
        Symbol::Objective(code) => {
            let d = decls?;
            let o = d.objectives.iter().rev().find(|o| &o.code.node == code)?;
            let _ = writeln!(
                md,
                "**{} `{code}`** — {}\n",
                kind(lang, "objective"),
                o.label.node.node
            );
            if let Some((t, s)) = o.track {
                if let Some(track) = d.tracks.get(t) {
                    let kind = track
                        .sections
                        .get(s)
                        .map(|s| word(section_word(s.kind.node)));
                    let _ = write!(
                        md,
                        "- {} `{}` — {}",
                        word("lsp-kind-track"),
                        track.name.node,
                        track.label.node.node
                    );
                    if let Some(k) = kind {
                        let _ = write!(md, " ({k})");
                    }
                    md.push('\n');
                }
            }
            if let Some(theme) = &o.theme {
                let _ = writeln!(
                    md,
                    "- {}",
                    say(lang, "lsp-hover-theme", &[("theme", theme)])
                );
            }
            if let Some(scope) = &o.scope {
                let text = match &scope.node.node {
                    Scope::Candidate => word("lsp-hover-scope-candidate"),
                    Scope::Each { binder, list } => say(
                        lang,
                        "lsp-hover-scope-each",
                        &[
                            ("binder", &binder.node),
                            ("list", slice(folder, scope.file, list.span)),
                        ],
                    ),
                };
                let _ = writeln!(
                    md,
                    "- {}",
                    say(lang, "lsp-hover-scope", &[("scope", &text)])
                );
            }
            for e in &o.evidence {
                let text = match &e.node.node {
                    Evidence::One(t) => t.node.clone(),
                    Evidence::AnyOf(ts) => ts
                        .iter()
                        .map(|t| t.node.clone())
                        .collect::<Vec<_>>()
                        .join(&format!(" {} ", word("word-or"))),
                };
                let _ = writeln!(
                    md,
                    "- {}",
                    say(lang, "lsp-hover-evidence", &[("evidence", &text)])
                );
            }
            if let Some(a) = &o.achieved {
                let expr = slice(folder, a.file, a.node.span);
                let _ = writeln!(
                    md,
                    "- {}",
                    say(lang, "lsp-hover-achieved", &[("expr", expr)])
                );
            }
            let mut meta: Vec<&At<Meta>> = o.meta.iter().collect();
            if !meta.iter().any(|m| matches!(m.node.node, Meta::Source(_))) {
                meta.extend(o.inherited_source.iter());
            }
            citations(&mut md, d, meta.into_iter().map(|m| &m.node.node), lang);
        }
        Symbol::Rule(code) => {
            let d = decls?;
            let r = d.rules.iter().find(|r| &r.name.node == code)?;
            let _ = writeln!(
                md,
                "**{} `{code}`** — {}\n",
                kind(lang, r.kind.keyword()),
                r.label.node.node
            );
            citations(&mut md, d, r.meta.iter().map(|m| &m.node.node), lang);
            if let Some(fix) = &r.fix {
                let _ = writeln!(
                    md,
                    "\n{}",
                    say(lang, "lsp-hover-fix", &[("fix", &fix.node.node)])
                );
            }
        }
        Symbol::Track(n) => {
            let d = decls?;
            let t = d.tracks.iter().find(|t| &t.name.node == n)?;
            let _ = writeln!(
                md,
                "**{} `{n}`** — {}\n",
                kind(lang, "track"),
                t.label.node.node
            );
            if let Some(k) = &t.key {
                let _ = writeln!(
                    md,
                    "- {}",
                    say(lang, "lsp-hover-key", &[("key", &k.node.node.to_string())])
                );
            }
            for s in &t.sections {
                let count = s.objectives.len().to_string();
                let section = s.kind.node.keyword();
                let _ = writeln!(
                    md,
                    "- {}",
                    say(
                        lang,
                        "lsp-hover-section-objectives",
                        &[("count", &count), ("section", section)]
                    )
                );
            }
            citations(&mut md, d, t.meta.iter().map(|m| &m.node.node), lang);
        }
        Symbol::Value(n) | Symbol::Output(n) | Symbol::Function(n) | Symbol::Table(n) => {
            named_decl(&mut md, folder, version, &occ.symbol, n, lang)?;
        }
        Symbol::Record(n) => {
            let d = decls?;
            let r = d.records.iter().find(|r| &r.name.node == n)?;
            let _ = writeln!(md, "**{} `{n}`**", kind(lang, "record"));
            if let Some(l) = &r.node.label {
                let _ = writeln!(md, "\n{}", l.node);
            }
            let _ = writeln!(md, "\n```care\n{}\n```", slice(folder, r.file, r.span));
        }
        Symbol::Field(rec, field) => {
            let schema = version.map(|v| &v.checked.schema)?;
            let r = schema.records.iter().find(|r| &r.name == rec)?;
            let f = r.fields.iter().find(|f| &f.name == field)?;
            let _ = writeln!(
                md,
                "**{} `{rec}.{field}`**{} `{}`",
                kind(lang, "field"),
                say(lang, "lsp-hover-colon", &[]),
                schema.type_name(&f.ty)
            );
            if let Some(l) = &f.label {
                let _ = writeln!(md, "\n{l}");
            }
        }
        Symbol::Enum(n) => {
            let d = decls?;
            let e = d.enums.iter().find(|e| &e.name.node == n)?;
            let _ = writeln!(md, "**{} `{n}`**", kind(lang, "enum"));
            if let Some(l) = &e.node.label {
                let _ = writeln!(md, "\n{}", l.node);
            }
            for v in &e.node.variants {
                let label = v.node.label.as_ref().map(|l| format!(" — {}", l.node));
                let _ = writeln!(md, "- `{}`{}", v.node.name.node, label.unwrap_or_default());
            }
        }
        Symbol::Variant(en, v) => {
            let d = decls?;
            let e = d.enums.iter().find(|e| &e.name.node == en)?;
            let var = e.node.variants.iter().find(|x| &x.node.name.node == v)?;
            let _ = writeln!(md, "**{} `{en}.{v}`**", kind(lang, "variant"));
            if let Some(l) = &var.node.label {
                let _ = writeln!(md, "\n{}", l.node);
            }
        }
        Symbol::Document(n) => {
            let d = decls?;
            let doc = d.documents.iter().find(|x| &x.name.node == n)?;
            let _ = writeln!(
                md,
                "**{} `{n}`** — {}",
                kind(lang, "document"),
                doc.node.title.node
            );
        }
        Symbol::Input(n) => {
            let ty = occ
                .ty
                .clone()
                .or_else(|| version.map(|v| v.checked.schema.type_name(&v.checked.schema.root)));
            let _ = writeln!(
                md,
                "**{} `{n}`**{} `{}`",
                kind(lang, "input"),
                say(lang, "lsp-hover-colon", &[]),
                ty.unwrap_or_default()
            );
        }
        Symbol::Theme(n) => {
            let d = decls?;
            let label = d
                .objectives
                .iter()
                .find(|o| o.theme_name.as_deref() == Some(n))
                .and_then(|o| o.theme.clone())
                .unwrap_or_default();
            let _ = writeln!(md, "**{} `{n}`** — {label}", kind(lang, "theme"));
        }
        Symbol::Local { .. } | Symbol::Param(..) => {
            let ty = occ.ty.clone().or_else(|| {
                folder
                    .occurrences_of(&occ.symbol)
                    .find_map(|o| o.ty.clone())
            });
            let what = kind(lang, occ.symbol.kind_word());
            match ty {
                Some(t) => {
                    let colon = say(lang, "lsp-hover-colon", &[]);
                    let _ = writeln!(md, "**{what} `{name}`**{colon} `{t}`");
                }
                None => {
                    let _ = writeln!(md, "**{what} `{name}`**");
                }
            }
        }
        Symbol::Column(t, c) => {
            let _ = writeln!(
                md,
                "**{} `{c}`** {}",
                kind(lang, "column"),
                say(lang, "lsp-hover-of-table", &[("table", t)])
            );
        }
        Symbol::Policy(n) => {
            let d = decls?;
            let title = d
                .header
                .title
                .as_ref()
                .map(|t| t.node.clone())
                .unwrap_or_default();
            let _ = writeln!(md, "**{} `{n}`** — {title}", kind(lang, "policy"));
            if let Some(v) = &d.header.version {
                let _ = writeln!(md, "\n- version {}", v.node);
            }
            if let Some(a) = &d.header.amends {
                let _ = writeln!(
                    md,
                    "- {}",
                    say(
                        lang,
                        "lsp-hover-amends",
                        &[("version", &a.node.to_string())]
                    )
                );
            }
        }
    }
    (!md.is_empty()).then(|| md.trim_end().to_string())
}

fn named_decl(
    md: &mut String,
    folder: &FolderAnalysis,
    version: Option<&VersionCheck>,
    symbol: &Symbol,
    n: &str,
    lang: Lang,
) -> Option<()> {
    let d = &version?.decls;
    let policy = version.and_then(|v| v.policy.clone());
    let ty_of = |o: Option<&care_syntax::Node<care_syntax::ast::TypeExpr>>, file| {
        o.map(|t| slice(folder, file, t.span).to_string())
    };
    let used_type = || folder.occurrences_of(symbol).find_map(|o| o.ty.clone());
    match symbol {
        Symbol::Value(_) => {
            let v = d.values.iter().find(|v| v.name.node == n)?;
            let ty = ty_of(v.node.ty.as_ref(), v.file).or_else(used_type);
            header(
                md,
                (&kind(lang, "value"), &say(lang, "lsp-hover-colon", &[])),
                n,
                ty.as_deref(),
                v.node.label.as_ref().map(|l| l.node.as_str()),
            );
            if let Some(shown) = policy.as_ref().and_then(|p| constant_value(p, n)) {
                let shown = say(lang, "lsp-hover-constant", &[("value", &shown)]);
                let _ = writeln!(md, "\n= {shown}");
            }
            citations(md, d, v.node.body.node.meta.iter().map(|m| &m.node), lang);
        }
        Symbol::Output(_) => {
            let o = d.outputs.iter().find(|v| v.name.node == n)?;
            let ty = ty_of(o.node.ty.as_ref(), o.file).or_else(used_type);
            header(
                md,
                (&kind(lang, "output"), &say(lang, "lsp-hover-colon", &[])),
                n,
                ty.as_deref(),
                o.node.label.as_ref().map(|l| l.node.as_str()),
            );
            citations(md, d, o.node.body.node.meta.iter().map(|m| &m.node), lang);
        }
        Symbol::Function(_) => {
            let f = d.functions.iter().find(|v| v.name.node == n)?;
            let params: Vec<String> = f
                .node
                .params
                .iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        p.node.name.node,
                        slice(folder, f.file, p.node.ty.span)
                    )
                })
                .collect();
            let sig = format!(
                "{n}({}): {}",
                params.join(", "),
                slice(folder, f.file, f.node.ret.span)
            );
            let _ = writeln!(md, "```care\nfunction {sig}\n```");
            if let Some(l) = &f.node.label {
                let _ = writeln!(md, "{}", l.node);
            }
            citations(md, d, f.node.body.node.meta.iter().map(|m| &m.node), lang);
            if let Some(table) = policy.and_then(|p| tabulate(&p, n, lang)) {
                md.push_str(&table);
            }
        }
        Symbol::Table(_) => {
            let t = d.tables.iter().find(|v| v.name.node == n)?;
            header(
                md,
                (&kind(lang, "table"), &say(lang, "lsp-hover-colon", &[])),
                n,
                None,
                t.node.label.as_ref().map(|l| l.node.as_str()),
            );
            citations(md, d, t.node.meta.iter().map(|m| &m.node), lang);
            // The rows as written: a table in the source already reads as one.
            let rows: Vec<&str> = slice(folder, t.file, t.span)
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with('|'))
                .collect();
            if !rows.is_empty() {
                let _ = writeln!(md, "\n```care\n{}\n```", rows.join("\n"));
            }
        }
        _ => return None,
    }
    Some(())
}

fn header(
    md: &mut String,
    (word, colon): (&str, &str),
    n: &str,
    ty: Option<&str>,
    label: Option<&str>,
) {
    match ty {
        Some(t) => {
            let _ = writeln!(md, "**{word} `{n}`**{colon} `{t}`");
        }
        None => {
            let _ = writeln!(md, "**{word} `{n}`**");
        }
    }
    if let Some(l) = label {
        let _ = writeln!(md, "\n{l}");
    }
}

/// Sources with their quotes, then notes.
fn citations<'a>(
    md: &mut String,
    d: &Declarations,
    meta: impl Iterator<Item = &'a Meta>,
    lang: Lang,
) {
    let mut notes = Vec::new();
    let mut first = true;
    for m in meta {
        match m {
            Meta::Source(s) => {
                if first {
                    let _ = writeln!(md, "\n{}", say(lang, "lsp-hover-sources", &[]));
                    first = false;
                }
                let title = d
                    .documents
                    .iter()
                    .find(|x| x.name.node == s.document.node)
                    .map(|x| x.node.title.node.clone())
                    .unwrap_or_else(|| s.document.node.clone());
                let _ = write!(md, "- {title}");
                if let Some(sec) = &s.section {
                    let _ = write!(md, " {}", sec.node);
                }
                if let Some(q) = &s.detail {
                    let _ = write!(md, " — « {} »", q.node);
                }
                md.push('\n');
            }
            Meta::Note(n) => notes.push(n.node.clone()),
        }
    }
    for n in notes {
        let _ = writeln!(md, "\n> {n}");
    }
}

/// The entry of a section's kind (`mandatory`, `à la carte`).
fn section_word(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Mandatory => "lsp-hover-mandatory",
        SectionKind::ALaCarte => "lsp-hover-a-la-carte",
    }
}

/// The entry of a built-in's group in the reference (`Aggregates of a list`).
pub(crate) fn builtin_group(group: &str) -> String {
    let slug: String = group
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("lsp-builtin-group-{slug}")
}

pub(crate) fn slice(folder: &FolderAnalysis, file: FileId, span: Span) -> &str {
    folder.text_of(file).get(span.start..span.end).unwrap_or("")
}

/// The values of a function of one integer (and of tracks) for 1 to 13, per track: what the ESSMS
/// flat amount gives for 1 to 13 sites. Functions read only their parameters and constants, so
/// this needs no dossier; it needs a version that checks.
fn tabulate(
    policy: &std::sync::Arc<care_check::ir::Policy>,
    name: &str,
    lang: Lang,
) -> Option<String> {
    use care_check::types::Type;
    use care_eval::value::Value;
    let f = policy.functions.iter().find(|f| f.name == name)?;
    let ints = f.params.iter().filter(|(_, t)| *t == Type::Int).count();
    let tracks = f.params.iter().filter(|(_, t)| *t == Type::Track).count();
    if ints != 1
        || tracks > 1
        || ints + tracks != f.params.len()
        || policy.tracks.is_empty() && tracks == 1
    {
        return None;
    }
    let program = care_eval::eval::Program::new(policy.clone());
    let columns: Vec<Option<u32>> = if tracks == 1 {
        (0..policy.tracks.len())
            .map(|t| u32::try_from(t).ok())
            .collect()
    } else {
        vec![None]
    };
    let int_name = f
        .params
        .iter()
        .find(|(_, t)| *t == Type::Int)
        .map(|(n, _)| n.as_str())?;
    let mut out = format!("\n| `{int_name}` |");
    for c in &columns {
        match c.and_then(|t| policy.tracks.get(t as usize)) {
            Some(t) => out.push_str(&format!(" {} |", t.name)),
            None => out.push_str(&format!(" `{name}` |")),
        }
    }
    out.push_str(&format!("\n|---|{}\n", "---:|".repeat(columns.len())));
    for n in 1..=13i64 {
        out.push_str(&format!("| {n} |"));
        for c in &columns {
            let args: Vec<Value> = f
                .params
                .iter()
                .map(|(_, t)| match t {
                    Type::Int => Value::Int(n),
                    _ => Value::Track(c.unwrap_or(0)),
                })
                .collect();
            let cell = match program.call(name, args) {
                Ok(v) => {
                    let json = care_eval::render::to_json_value(&v, &f.ret, &policy.schema).ok()?;
                    care_eval::report::french_value(&json, &f.ret)
                }
                Err(_) => say(lang, "lsp-hover-error", &[]),
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    Some(out)
}

/// The value of a `value` that does not depend on the dossier (nor on rules or outputs), shown
/// for people; `None` when it does, or when the version does not check.
fn constant_value(policy: &std::sync::Arc<care_check::ir::Policy>, name: &str) -> Option<String> {
    let i = policy.values.iter().position(|v| v.name == name)?;
    let v = &policy.values[i];
    if body_reads_dossier(&v.body, policy, 0) {
        return None;
    }
    let program = care_eval::eval::Program::new(policy.clone());
    let mut machine = care_eval::eval::Machine::new(&program);
    machine.reset(care_eval::value::Value::Absent, false);
    let value = machine.value(u32::try_from(i).ok()?).ok()?;
    let json = care_eval::render::to_json_value(&value, &v.ty, &policy.schema).ok()?;
    let text = care_eval::report::french_value(&json, &v.ty);
    (text.chars().count() <= 400).then_some(text)
}

fn body_reads_dossier(b: &care_check::ir::Body, p: &care_check::ir::Policy, depth: usize) -> bool {
    b.lets.iter().any(|(_, _, e)| reads_dossier(e, p, depth)) || reads_dossier(&b.expr, p, depth)
}

/// Whether an expression may read the dossier: the input, an output, a rule or an objective,
/// or a value that does (functions read only their arguments).
fn reads_dossier(e: &care_check::ir::Expr, p: &care_check::ir::Policy, depth: usize) -> bool {
    use care_check::ir::ExprKind as K;
    let r = |x: &care_check::ir::Expr| reads_dossier(x, p, depth);
    match &e.kind {
        K::Input
        | K::Output(_)
        | K::Passed(_)
        | K::AllRulesPassed
        | K::Achieved(_)
        | K::PassedCode(_)
        | K::AchievedCode(_) => true,
        K::Value(i) => {
            depth > 64
                || p.values
                    .get(*i as usize)
                    .is_none_or(|v| body_reads_dossier(&v.body, p, depth + 1))
        }
        K::Const(_) | K::Local(_) => false,
        K::Field { base, .. } | K::TrackField { base, .. } => r(base),
        K::Builtin { args, .. } | K::Call { args, .. } | K::List(args) | K::Struct(args) => {
            args.iter().any(r)
        }
        K::Lookup { key, .. } => r(key),
        K::Comprehension {
            source,
            filter,
            body,
            ..
        } => r(source) || filter.as_deref().is_some_and(r) || body.as_deref().is_some_and(r),
        K::Not(x) | K::Neg(x) => r(x),
        K::Binary { lhs, rhs, .. }
        | K::Range {
            start: lhs,
            end: rhs,
        } => r(lhs) || r(rhs),
        K::If { cond, then, els } => r(cond) || r(then) || r(els),
    }
}
