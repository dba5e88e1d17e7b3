//! Completion, read from the text as typed (a half-written line has no syntax tree: recovery
//! blanked it) with the index and the input schema of the last analysis.
//!
//! The context is found by a scan of the text before the cursor: inside which blocks, at the
//! start of a line or inside an expression, after `source`, or after a `.` that ends a chain
//! such as `dossier.legal_entities[0].` or `ej.`, whose type is followed field by field.

use crate::folder::FolderAnalysis;
use crate::hover::version_for;
use crate::lexer::{self, Tok};
use care_check::index::{Role, Symbol};
use care_check::model::InputSchema;
use care_check::types::Type;
use care_syntax::keywords::{EXPR_KEYWORDS, ITEM_KEYWORDS, KEYWORDS};
use care_syntax::FileId;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CompletionKind {
    Keyword,
    Local,
    Value,
    Output,
    Function,
    Builtin,
    Table,
    Field,
    Variant,
    Enum,
    Record,
    Track,
    Objective,
    Rule,
    Document,
    Type,
    Input,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A short description (a label in French, a type).
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The text to insert, when not the label (a built-in's call with its parameters).
    pub insert: Option<String>,
    /// The byte offset where the replaced text starts (the word or code being typed).
    pub replace_from: usize,
}

/// Member keywords by the block they are written in.
fn block_keywords(block: &str) -> &'static [&'static str] {
    match block {
        "policy" => &[
            "version",
            "amends",
            "in_force",
            "timezone",
            "reference",
            "chosen_objectives",
            "source",
            "note",
        ],
        "track" => &["key", "source", "note", "mandatory", "a_la_carte"],
        "mandatory" | "a_la_carte" => &["choose", "theme", "objective", "source", "note"],
        "theme" => &["objective", "source", "note"],
        "objective" => &["source", "note", "scope", "evidence", "achieved"],
        "rule" | "prerequisite" => &["source", "note", "when", "for", "let", "require", "fix"],
        "table" => &["source", "note"],
        "function" | "value" | "output" => &["source", "note", "let"],
        _ => &[],
    }
}

/// Comprehension operators, written like calls.
const COMPREHENSIONS: &[(&str, &str)] = &[
    ("count", "count(x in xs where …)"),
    ("sum", "sum(x in xs: …)"),
    ("all", "all(x in xs: …)"),
    ("any", "any(x in xs: …)"),
    ("list", "list(x in xs where …: …)"),
    ("sort", "sort(x in xs by …)"),
    ("min", "min(x in xs: …)"),
    ("max", "max(x in xs: …)"),
    ("mean", "mean(x in xs: …)"),
];

struct Scan {
    /// Innermost first: the keyword that opened each block around the cursor.
    blocks: Vec<String>,
    /// Where the top-level declaration around the cursor starts.
    item_start: usize,
    in_comment_or_string: bool,
}

fn scan_context(text: &str, offset: usize) -> Scan {
    let toks = lexer::scan(&text[..offset]);
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut item_start = 0;
    let mut in_comment_or_string = false;
    for (i, (t, s, e)) in toks.iter().enumerate() {
        match t {
            Tok::Punct if &text[*s..*e] == "{" => {
                let line_start = text[..*s].rfind('\n').map_or(0, |p| p + 1);
                // The block's keyword: the first word of its line (the second after `amend` or
                // `replace`).
                let words: Vec<&str> = toks[..i]
                    .iter()
                    .filter(|(k, ws, _)| *k == Tok::Word && *ws >= line_start)
                    .map(|(_, ws, we)| &text[*ws..*we])
                    .collect();
                let kw = match words.as_slice() {
                    ["amend" | "replace", second, ..] => second.to_string(),
                    [first, ..] => first.to_string(),
                    [] => String::new(),
                };
                if stack.is_empty() {
                    item_start = line_start;
                }
                stack.push((kw, line_start));
            }
            Tok::Punct if &text[*s..*e] == "}" => {
                stack.pop();
            }
            Tok::Comment if *e >= offset => in_comment_or_string = true,
            Tok::Str if *e >= offset && (*e == *s + 1 || !text[*s..*e].ends_with('"')) => {
                in_comment_or_string = true
            }
            _ => {}
        }
    }
    if stack.is_empty() {
        item_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    }
    Scan {
        blocks: stack.into_iter().rev().map(|(k, _)| k).collect(),
        item_start,
        in_comment_or_string,
    }
}

impl crate::host::Analysis {
    /// The completions at `offset`, their details in English.
    pub fn completions(&self, path: &Path, offset: usize) -> Vec<Completion> {
        self.completions_in(path, offset, care_i18n::Lang::En)
    }

    /// [`Analysis::completions`] with the words of their details and documentation in `lang`
    /// (labels from the policy stay as written).
    pub fn completions_in(
        &self,
        path: &Path,
        offset: usize,
        lang: care_i18n::Lang,
    ) -> Vec<Completion> {
        let Some(file) = self.file(path) else {
            return Vec::new();
        };
        let text = file.text();
        let offset = floor_boundary(text, offset);
        let folder = self.folder(path);
        let folder = folder.as_deref();
        let id = folder.and_then(|f| f.id_of(path));
        let scan = scan_context(text, offset);
        if scan.in_comment_or_string {
            return Vec::new();
        }
        let word_from = lexer::word_start(text, offset);
        let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
        let before_word = text[line_start..word_from].trim_end();
        let mut out = Completions {
            items: Vec::new(),
            from: word_from,
        };
        // After `source`: the documents.
        if before_word.ends_with("source")
            && lexer::word_start(before_word, before_word.len()) + "source".len()
                == before_word.len()
        {
            if let Some(f) = folder {
                documents(&mut out, f, id);
            }
            return out.items;
        }
        if text[..word_from].ends_with('.') {
            if let (Some(f), Some(id)) = (folder, id) {
                after_dot(&mut out, f, id, text, word_from - 1, scan.item_start);
            }
            return out.items;
        }
        let first_word_of_line = before_word.is_empty();
        match scan.blocks.first() {
            None if first_word_of_line => {
                for k in ITEM_KEYWORDS {
                    out.keyword(k);
                }
                return out.items;
            }
            None => {
                // After an item keyword: `amend objective …`, `remove value …`: the names.
                if let Some(f) = folder {
                    declared_names(&mut out, f, id, offset, scan.item_start, text);
                }
                return out.items;
            }
            Some(block) if first_word_of_line => {
                for k in block_keywords(block) {
                    out.keyword(k);
                }
            }
            Some(_) => {
                for k in EXPR_KEYWORDS {
                    out.keyword(k);
                }
            }
        }
        if let Some(f) = folder {
            declared_names(&mut out, f, id, offset, scan.item_start, text);
        }
        builtins(&mut out, lang);
        out.items
    }
}

struct Completions {
    items: Vec<Completion>,
    from: usize,
}

impl Completions {
    fn push(&mut self, label: &str, kind: CompletionKind, detail: Option<String>) {
        if self
            .items
            .iter()
            .any(|c| c.label == label && c.kind == kind)
        {
            return;
        }
        self.items.push(Completion {
            label: label.to_string(),
            kind,
            detail,
            documentation: None,
            insert: None,
            replace_from: self.from,
        });
    }

    fn keyword(&mut self, k: &str) {
        if KEYWORDS.contains(&k) || k == "policy" {
            self.push(k, CompletionKind::Keyword, None);
        }
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn documents(out: &mut Completions, folder: &FolderAnalysis, id: Option<FileId>) {
    let Some(v) = id.and_then(|id| version_for(folder, id)) else {
        return;
    };
    for d in &v.decls.documents {
        out.push(
            &d.name.node,
            CompletionKind::Document,
            Some(d.node.title.node.clone()),
        );
    }
}

/// Everything a name in an expression may be, declared in the version the file is read in.
fn declared_names(
    out: &mut Completions,
    folder: &FolderAnalysis,
    id: Option<FileId>,
    offset: usize,
    item_start: usize,
    text: &str,
) {
    let Some(id) = id else { return };
    // Locals and parameters bound earlier in the same declaration.
    for o in folder.occurrences_in(id) {
        if o.role != Role::Def || o.span.start < item_start || o.span.end > offset {
            continue;
        }
        match &o.symbol {
            Symbol::Local { name, .. } => out.push(name, CompletionKind::Local, o.ty.clone()),
            Symbol::Param(_, name) => out.push(name, CompletionKind::Local, o.ty.clone()),
            _ => {}
        }
    }
    // Binders of the line being typed, which has no syntax tree yet: `count(e in xs where `.
    let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    for (binder, _) in binders(&text[line_start..offset]) {
        out.push(&binder, CompletionKind::Local, None);
    }
    let Some(v) = version_for(folder, id) else {
        return;
    };
    let d = &v.decls;
    let schema = &v.checked.schema;
    if !schema.root_name.is_empty() {
        out.push(
            &schema.root_name,
            CompletionKind::Input,
            Some(schema.type_name(&schema.root)),
        );
    }
    for x in &d.values {
        let label = x.node.label.as_ref().map(|l| l.node.clone());
        out.push(&x.name.node, CompletionKind::Value, label);
    }
    for x in &d.outputs {
        let label = x.node.label.as_ref().map(|l| l.node.clone());
        out.push(&x.name.node, CompletionKind::Output, label);
    }
    for x in &d.functions {
        let label = x.node.label.as_ref().map(|l| l.node.clone());
        let params: Vec<&str> = x
            .node
            .params
            .iter()
            .map(|p| p.node.name.node.as_str())
            .collect();
        out.push(&x.name.node, CompletionKind::Function, label);
        if let Some(last) = out.items.last_mut() {
            last.insert = Some(format!("{}({})", x.name.node, params.join(", ")));
        }
    }
    for x in &d.tables {
        let label = x.node.label.as_ref().map(|l| l.node.clone());
        out.push(&x.name.node, CompletionKind::Table, label);
    }
    for t in &d.tracks {
        out.push(
            &t.name.node,
            CompletionKind::Track,
            Some(t.label.node.node.clone()),
        );
    }
    for e in &schema.enums {
        out.push(&e.name, CompletionKind::Enum, e.label.clone());
        for var in &e.variants {
            out.push(&var.name, CompletionKind::Variant, var.label.clone());
        }
    }
    for o in &d.objectives {
        if !care_check::assemble::is_removed(o) {
            out.push(
                &o.code.node,
                CompletionKind::Objective,
                Some(o.label.node.node.clone()),
            );
        }
    }
    for r in &d.rules {
        out.push(
            &r.name.node,
            CompletionKind::Rule,
            Some(r.label.node.node.clone()),
        );
    }
}

fn builtins(out: &mut Completions, lang: care_i18n::Lang) {
    for name in care_check::BUILTINS {
        let docs = care_check::builtin_docs(name);
        let params = care_check::builtin_params(name);
        // The reference's words (docs/language.md §11, translated for French): what it gives.
        let detail = docs
            .first()
            .map(|d| crate::words::builtin_result(lang, d).replace('`', ""));
        let documentation = docs
            .iter()
            .map(|d| {
                let example =
                    crate::words::say(lang, "lsp-hover-example", &[("example", d.example)]);
                let result = crate::words::builtin_result(lang, d);
                format!("{} — {result}\n\n{example}", d.call)
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        out.push(name, CompletionKind::Builtin, detail);
        if let Some(last) = out.items.last_mut() {
            let first = params.first().cloned().unwrap_or_default();
            last.insert = Some(format!("{name}({})", first.join(", ")));
            last.documentation = Some(documentation);
        }
    }
    for (name, form) in COMPREHENSIONS {
        if !out.items.iter().any(|c| c.label == *name) {
            out.push(name, CompletionKind::Builtin, Some(form.to_string()));
        }
    }
}

/// `x in CHAIN` binders written on a line, with their list's chain text.
fn binders(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let toks = lexer::scan(line);
    for w in toks.windows(3) {
        if let [(Tok::Word, bs, be), (Tok::Word, is, ie), (_, cs, _)] = w {
            if &line[*is..*ie] == "in" {
                let chain: String = line[*cs..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
                    .collect();
                out.push((line[*bs..*be].to_string(), chain));
            }
        }
    }
    out
}

/// After a `.`: the fields of the record the chain before it reaches, the variants of an enum,
/// the fields of a track, or the codes that continue a code.
fn after_dot(
    out: &mut Completions,
    folder: &FolderAnalysis,
    id: FileId,
    text: &str,
    dot: usize,
    item_start: usize,
) {
    let chain = chain_before(text, dot);
    let Some(v) = version_for(folder, id) else {
        return;
    };
    let schema = &v.checked.schema;
    let segments: Vec<&str> = chain.split('.').collect();
    // A code being written: `POC.P3.` → the codes that continue it.
    if segments.iter().all(|s| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }) && !segments.is_empty()
    {
        let prefix = format!("{chain}.");
        let start = dot - chain.len();
        let mut codes: BTreeMap<String, (CompletionKind, String)> = BTreeMap::new();
        for o in &v.decls.objectives {
            if o.code.node.starts_with(&prefix) {
                codes.insert(
                    o.code.node.clone(),
                    (CompletionKind::Objective, o.label.node.node.clone()),
                );
            }
        }
        for r in &v.decls.rules {
            if r.name.node.starts_with(&prefix) {
                codes.insert(
                    r.name.node.clone(),
                    (CompletionKind::Rule, r.label.node.node.clone()),
                );
            }
        }
        if !codes.is_empty() {
            for (code, (kind, label)) in codes {
                out.push(&code, kind, Some(label));
                if let Some(last) = out.items.last_mut() {
                    last.replace_from = start;
                }
            }
            return;
        }
    }
    let Some((head, rest)) = segments.split_first() else {
        return;
    };
    let head_name = head.split('[').next().unwrap_or(head);
    // `Enum.` → its variants; `P3.` → a track's fields.
    if let Some(e) = schema.enums.iter().find(|e| e.name == head_name) {
        if rest.is_empty() {
            for var in &e.variants {
                out.push(&var.name, CompletionKind::Variant, var.label.clone());
            }
            return;
        }
    }
    let Some(mut ty) = head_type(folder, id, v, head_name, dot, item_start, text) else {
        return;
    };
    ty = index_steps(ty, head);
    for seg in rest {
        let name = seg.split('[').next().unwrap_or(seg);
        let Some(next) = field_type(schema, &ty, name) else {
            return;
        };
        ty = index_steps(next, seg);
    }
    match ty.required() {
        Type::Record(rid) => {
            if let Some(r) = schema.record(*rid) {
                for f in &r.fields {
                    let detail = match &f.label {
                        Some(l) => format!("{} — {l}", schema.type_name(&f.ty)),
                        None => schema.type_name(&f.ty),
                    };
                    out.push(&f.name, CompletionKind::Field, Some(detail));
                }
            }
        }
        Type::Struct(fields) => {
            for (n, t) in fields.iter() {
                out.push(n, CompletionKind::Field, Some(schema.type_name(t)));
            }
        }
        Type::Track => {
            for (n, t) in TRACK_FIELDS {
                out.push(n, CompletionKind::Field, Some(t.to_string()));
            }
        }
        _ => {}
    }
}

const TRACK_FIELDS: &[(&str, &str)] = &[
    ("key", "int"),
    ("label", "text"),
    ("mandatory", "list of code"),
    ("a_la_carte", "list of code"),
    ("objectives", "list of code"),
    ("at_least", "int"),
    ("at_most", "int?"),
];

/// `xs[0]` is an item of `xs`: one element step per `[…]`.
fn index_steps(mut ty: Type, segment: &str) -> Type {
    for _ in 0..segment.matches('[').count() {
        ty = match ty.required() {
            Type::List(t) => (**t).clone(),
            other => other.clone(),
        };
    }
    ty
}

fn field_type(schema: &InputSchema, ty: &Type, name: &str) -> Option<Type> {
    match ty.required() {
        Type::Record(rid) => {
            let r = schema.record(*rid)?;
            let f = r.fields.iter().find(|f| f.name == name)?;
            Some(match ty {
                Type::Optional(_) => Type::optional(f.ty.clone()),
                _ => f.ty.clone(),
            })
        }
        Type::Struct(fields) => fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone()),
        Type::Track => TRACK_FIELDS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| parse_type(schema, t)),
        _ => None,
    }
}

/// The type of the first name of a chain: a local or parameter bound before the cursor, a
/// binder of the line being typed, the input, a value or an output.
fn head_type(
    folder: &FolderAnalysis,
    id: FileId,
    v: &care_check::loader::VersionCheck,
    name: &str,
    dot: usize,
    item_start: usize,
    text: &str,
) -> Option<Type> {
    let schema = &v.checked.schema;
    let local = folder
        .occurrences_in(id)
        .iter()
        .rev()
        .filter(|o| o.role == Role::Def && o.span.start >= item_start && o.span.end <= dot)
        .find(|o| matches!(&o.symbol, Symbol::Local { name: n, .. } | Symbol::Param(_, n) if n == name));
    if let Some(o) = local {
        return o.ty.as_deref().map(|t| parse_type(schema, t));
    }
    let line_start = text[..dot].rfind('\n').map_or(0, |p| p + 1);
    if let Some((_, chain)) = binders(&text[line_start..dot])
        .into_iter()
        .rev()
        .find(|(b, _)| b == name)
    {
        let list = chain_type(folder, id, v, &chain, dot, item_start, text)?;
        return match list.required() {
            Type::List(t) => Some((**t).clone()),
            _ => None,
        };
    }
    if name == schema.root_name {
        return Some(schema.root.clone());
    }
    if v.decls.tracks.iter().any(|t| t.name.node == name) {
        return Some(Type::Track);
    }
    let symbol = if v.decls.values.iter().any(|x| x.name.node == name) {
        Symbol::Value(name.to_string())
    } else {
        Symbol::Output(name.to_string())
    };
    let ty = folder
        .occurrences_of(&symbol)
        .find_map(|o| o.ty.as_deref())
        .map(|t| parse_type(schema, t));
    ty
}

fn chain_type(
    folder: &FolderAnalysis,
    id: FileId,
    v: &care_check::loader::VersionCheck,
    chain: &str,
    dot: usize,
    item_start: usize,
    text: &str,
) -> Option<Type> {
    let segments: Vec<&str> = chain.split('.').filter(|s| !s.is_empty()).collect();
    let (head, rest) = segments.split_first()?;
    let head_name = head.split('[').next().unwrap_or(head);
    let mut ty = index_steps(
        head_type(folder, id, v, head_name, dot, item_start, text)?,
        head,
    );
    for seg in rest {
        let name = seg.split('[').next().unwrap_or(seg);
        ty = index_steps(field_type(&v.checked.schema, &ty, name)?, seg);
    }
    Some(ty)
}

/// A type as the language writes it, read back (`list of LegalEntity?`).
fn parse_type(schema: &InputSchema, s: &str) -> Type {
    let s = s.trim();
    if let Some(inner) = s.strip_suffix('?') {
        return Type::optional(parse_type(schema, inner));
    }
    if let Some(inner) = s.strip_prefix("list of ") {
        return Type::list(parse_type(schema, inner));
    }
    if let Some(i) = schema.records.iter().position(|r| r.name == s) {
        return Type::Record(care_check::types::RecordId(u32::try_from(i).unwrap_or(0)));
    }
    if let Some(i) = schema.enums.iter().position(|e| e.name == s) {
        return Type::Enum(care_check::types::EnumId(u32::try_from(i).unwrap_or(0)));
    }
    match s {
        "track" => Type::Track,
        "int" => Type::Int,
        "text" => Type::Text,
        "code" => Type::Code,
        _ => Type::Error,
    }
}

/// The chain of names, dots and `[…]` that ends at `end` (`dossier.legal_entities[0]`).
fn chain_before(text: &str, end: usize) -> String {
    let bytes = text.as_bytes();
    let mut i = end;
    let mut depth = 0;
    while i > 0 {
        let Some(c) = text[..i].chars().next_back() else {
            break;
        };
        match c {
            ']' => depth += 1,
            '[' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '_' || c == '.' => {}
            _ => break,
        }
        i -= c.len_utf8();
    }
    let _ = bytes;
    text[i..end].trim_start_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_and_binders() {
        let t = "require count(e in dossier.legal_entities[0].sites where e.";
        assert_eq!(chain_before(t, t.len() - 1), "e");
        let t2 = "  require dossier.legal_entities[ij + 1].";
        assert_eq!(
            chain_before(t2, t2.len() - 1),
            "dossier.legal_entities[ij + 1]"
        );
        assert_eq!(
            binders(t),
            vec![(
                "e".to_string(),
                "dossier.legal_entities[0].sites".to_string()
            )]
        );
    }
}
