//! Quick fixes from the diagnostics, and formatting.

use crate::host::Analysis;
use crate::words::say;
use care_i18n::Lang;
use care_syntax::{Diagnostic, Span};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub path: PathBuf,
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeAction {
    pub title: String,
    /// The diagnostic it fixes.
    pub diagnostic: Diagnostic,
    pub edits: Vec<Edit>,
    pub preferred: bool,
}

impl Analysis {
    /// The text `care fmt` would write, when it differs; `None` for a file with syntax errors
    /// (left untouched) or already formatted.
    pub fn format(&self, path: &Path) -> Option<String> {
        let file = self.file(path)?;
        if !file.parse_errors.is_empty() {
            return None;
        }
        let formatted = care_fmt::format(file.text()).ok()?;
        (formatted != file.text()).then_some(formatted)
    }

    /// The quick fixes for the diagnostics of `path` whose primary span meets `range`, titled in
    /// English.
    pub fn code_actions(&self, path: &Path, range: Span) -> Vec<CodeAction> {
        self.code_actions_in(path, range, Lang::En)
    }

    /// [`Analysis::code_actions`], titled in `lang` (the diagnostics they fix stay in English:
    /// the server translates them with the others).
    pub fn code_actions_in(&self, path: &Path, range: Span, lang: Lang) -> Vec<CodeAction> {
        let Some(folder) = self.folder(path) else {
            return Vec::new();
        };
        let Some(id) = folder.id_of(path) else {
            return Vec::new();
        };
        let text = folder.text_of(id);
        let mut out = Vec::new();
        for d in folder.diagnostics_of(path) {
            let Some(primary) = d.primary() else { continue };
            let span = primary.span;
            if span.end < range.start || span.start > range.end {
                continue;
            }
            // "did you mean `x`?" → x
            if let Some(s) = d.help.as_deref().and_then(suggestion) {
                out.push(CodeAction {
                    title: say(lang, "lsp-action-replace", &[("name", s)]),
                    diagnostic: d.clone(),
                    edits: vec![Edit {
                        path: path.to_path_buf(),
                        span,
                        text: s.to_string(),
                    }],
                    preferred: true,
                });
            }
            if d.code == "W0001" {
                if let Some(edit) = add_source(text, span, &folder, id) {
                    out.push(CodeAction {
                        title: say(lang, "lsp-action-add-source", &[]),
                        diagnostic: d.clone(),
                        edits: vec![Edit {
                            path: path.to_path_buf(),
                            ..edit
                        }],
                        preferred: false,
                    });
                }
            }
            if let (Some(lint), None) = (d.lint, &d.silenced) {
                let line_start = declaration_line(text, span.start);
                let indent: String = text[line_start..]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                out.push(CodeAction {
                    title: say(lang, "lsp-action-allow", &[("lint", lint)]),
                    diagnostic: d.clone(),
                    edits: vec![Edit {
                        path: path.to_path_buf(),
                        span: Span::new(line_start, line_start),
                        text: format!("{indent}@allow({lint}, \"…\")\n"),
                    }],
                    preferred: false,
                });
            }
        }
        out
    }
}

/// The name a "did you mean `x`?" help proposes.
fn suggestion(help: &str) -> Option<&str> {
    let rest = help.split("did you mean `").nth(1)?;
    rest.split('`').next()
}

/// The start of the line of the declaration around `offset`: the line itself when it opens a
/// declaration, else the nearest line above it that starts with a declaration keyword.
fn declaration_line(text: &str, offset: usize) -> usize {
    let mut line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    loop {
        let word: String = text[line_start..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if care_syntax::ITEM_KEYWORDS.contains(&word.as_str())
            || matches!(
                word.as_str(),
                "objective" | "theme" | "mandatory" | "a_la_carte"
            )
            || line_start == 0
        {
            return line_start;
        }
        line_start = text[..line_start - 1].rfind('\n').map_or(0, |p| p + 1);
    }
}

/// A `source` line as the first line of the block the warning points into.
fn add_source(
    text: &str,
    span: Span,
    folder: &crate::folder::FolderAnalysis,
    id: care_syntax::FileId,
) -> Option<Edit> {
    let brace = span.end + text.get(span.end..)?.find('{')?;
    let line_start = declaration_line(text, span.start);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let document = crate::hover::version_for(folder, id)
        .and_then(|v| v.decls.documents.first())
        .map_or_else(|| "CDC".to_string(), |d| d.name.node.clone());
    Some(Edit {
        path: PathBuf::new(),
        span: Span::new(brace + 1, brace + 1),
        text: format!("\n{indent}  source {document} §… \"…\""),
    })
}
