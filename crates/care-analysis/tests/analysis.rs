//! Analysis tests as data: each file under `fixtures/<query>/` is one or more `.care` files (a
//! `//- path` line starts each; without one, the fixture is `/ws/p/main.care`) with a cursor
//! `$0`; the answer of the query named by the folder is rendered as text and compared with its
//! reviewed snapshot (`snapshots/`). A `// new-name: NAME` line sets the name a rename uses; a
//! `// lang: fr` line asks hovers, quick fixes and completions for a French-speaking client.

#![allow(clippy::unwrap_used, clippy::panic)] // a test harness: a broken fixture should stop it

use care_analysis::{Analysis, AnalysisHost};
use care_syntax::{LineIndex, Span};
use std::fmt::Write;
use std::path::{Path, PathBuf};

struct Fixture {
    files: Vec<(PathBuf, String)>,
    cursor: (PathBuf, usize),
    new_name: String,
    lang: care_i18n::Lang,
}

fn parse_fixture(text: &str) -> Fixture {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut new_name = "renamed".to_string();
    let mut lang = care_i18n::Lang::En;
    let mut current: Option<(PathBuf, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("//- ") {
            if let Some(f) = current.take() {
                files.push(f);
            }
            current = Some((PathBuf::from(path.trim()), String::new()));
            continue;
        }
        if let Some(name) = line.strip_prefix("// new-name: ") {
            new_name = name.trim().to_string();
            continue;
        }
        if let Some(l) = line.strip_prefix("// lang: ") {
            lang = care_i18n::Lang::from_locale(l);
            continue;
        }
        current
            .get_or_insert_with(|| (PathBuf::from("/ws/p/main.care"), String::new()))
            .1
            .push_str(line);
    }
    files.extend(current);
    let mut cursor = None;
    for (path, text) in &mut files {
        if let Some(at) = text.find("$0") {
            text.replace_range(at..at + 2, "");
            cursor = Some((path.clone(), at));
        }
    }
    let cursor = cursor.unwrap_or_else(|| (files[0].0.clone(), 0));
    Fixture {
        files,
        cursor,
        new_name,
        lang,
    }
}

/// `path:line:col` and the line with the span underlined.
fn show(analysis: &Analysis, path: &Path, span: Span) -> String {
    let file = analysis.file(path).unwrap();
    let text = file.text();
    let lines = LineIndex::new(text);
    let line = lines.line_of(span.start);
    let start = lines.line_start(line);
    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
    let (l, c) = lines.line_col(text, span.start);
    let width = text[span.start..span.end.min(end)].chars().count().max(1);
    let pad = text[start..span.start].chars().count();
    format!(
        "{}:{l}:{c}\n  {}\n  {}{}",
        path.display(),
        &text[start..end],
        " ".repeat(pad),
        "^".repeat(width)
    )
}

fn answer(query: &str, fx: &Fixture) -> String {
    let mut host = AnalysisHost::new();
    for (p, t) in &fx.files {
        host.set_file(p, t.clone());
    }
    let a = host.analysis();
    let (path, offset) = (&fx.cursor.0, fx.cursor.1);
    let mut out = String::new();
    match query {
        "hover" => match a.hover_in(path, offset, fx.lang) {
            Some(h) => {
                let _ = writeln!(out, "{}\n---\n{}", show(&a, path, h.span), h.markdown);
            }
            None => out.push_str("no hover\n"),
        },
        "definition" => {
            for l in a.definition(path, offset) {
                let _ = writeln!(out, "{}", show(&a, &l.path, l.span));
            }
        }
        "references" => {
            for l in a.references(path, offset, true) {
                let _ = writeln!(out, "{}", show(&a, &l.path, l.span));
            }
        }
        "completion" => {
            for c in a.completions_in(path, offset, fx.lang) {
                let _ = write!(out, "{:?} {}", c.kind, c.label);
                if let Some(d) = &c.detail {
                    let _ = write!(out, " — {d}");
                }
                if let Some(i) = &c.insert {
                    let _ = write!(out, " [{i}]");
                }
                out.push('\n');
            }
        }
        "symbols" => {
            fn tree(out: &mut String, syms: &[care_analysis::DocumentSymbol], depth: usize) {
                for s in syms {
                    let _ = write!(out, "{}{:?} {}", "  ".repeat(depth), s.kind, s.name);
                    if let Some(d) = &s.detail {
                        let _ = write!(out, " — {d}");
                    }
                    out.push('\n');
                    tree(out, &s.children, depth + 1);
                }
            }
            tree(&mut out, &a.document_symbols(path), 0);
        }
        "rename" => match a.rename(path, offset, &fx.new_name) {
            Ok(edits) => {
                for (p, spans) in edits {
                    let mut text = a.file(&p).unwrap().text().to_string();
                    for s in spans.iter().rev() {
                        text.replace_range(s.start..s.end, &fx.new_name);
                    }
                    let _ = writeln!(out, "//- {}\n{text}", p.display());
                }
            }
            Err(e) => {
                let _ = writeln!(out, "refused: {e}");
            }
        },
        "actions" => {
            let file_len = a.file(path).unwrap().text().len();
            let range = Span::new(offset, offset.min(file_len));
            for action in a.code_actions_in(path, range, fx.lang) {
                let _ = writeln!(out, "{} ({})", action.title, action.diagnostic.code);
                for e in &action.edits {
                    let text = a.file(&e.path).unwrap().text();
                    let (l, c) = LineIndex::new(text).line_col(text, e.span.start);
                    let _ = writeln!(
                        out,
                        "  {}:{l}:{c}: {:?} -> {:?}",
                        e.path.display(),
                        &text[e.span.start..e.span.end],
                        e.text
                    );
                }
            }
        }
        "inlay" => {
            let text = a.file(path).unwrap().text().to_string();
            let mut shown = text.clone();
            for h in a.inlay_hints(path, 0, text.len()).iter().rev() {
                let label = if h.parameter {
                    format!("⟨{} ⟩", h.label)
                } else {
                    format!("⟨{}⟩", h.label)
                };
                shown.insert_str(h.offset, &label);
            }
            out.push_str(&shown);
        }
        "folding" => {
            for f in a.folding_ranges(path) {
                let text = a.file(path).unwrap().text();
                let lines = LineIndex::new(text);
                let _ = writeln!(
                    out,
                    "{}{}-{}",
                    if f.comment { "comment " } else { "" },
                    lines.line_of(f.start) + 1,
                    lines.line_of(f.end) + 1
                );
            }
        }
        "tokens" => {
            let text = a.file(path).unwrap().text().to_string();
            for t in a.semantic_tokens(path) {
                let _ = writeln!(
                    out,
                    "{:?}{} {}",
                    t.ty,
                    if t.declaration { " (declaration)" } else { "" },
                    &text[t.start..t.end]
                );
            }
        }
        "diagnostics" => {
            // Every file's diagnostics, as the server publishes them per file.
            for (p, _) in &fx.files {
                for d in a.diagnostics(p) {
                    let l = d.primary().unwrap();
                    let _ = writeln!(out, "{} {}\n{}", d.code, d.message, show(&a, p, l.span));
                }
            }
        }
        other => panic!("unknown query folder `{other}`"),
    }
    out
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut queries: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    queries.sort();
    let mut count = 0;
    for q in queries {
        let query = q.file_name().unwrap().to_str().unwrap().to_string();
        let mut files: Vec<_> = std::fs::read_dir(&q)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let fx = parse_fixture(&text);
            let name = format!("{query}__{}", f.file_stem().unwrap().to_str().unwrap());
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, input_file => &f }, {
                insta::assert_snapshot!(name, answer(&query, &fx));
            });
            count += 1;
        }
    }
    assert!(count > 0);
}
