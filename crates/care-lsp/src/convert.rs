//! Between the analysis layer (paths, byte offsets, diagnostics) and the protocol (URIs, lines
//! and UTF-16 columns).

use care_syntax::{Diagnostic, FileId, Severity, SourceFile, Span};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticTag, NumberOrString, Position, Range, Uri,
};

pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    if !is_file {
        return None;
    }
    uri.to_file_path()
        .map(|p| care_check::workspace::lexical(&p))
}

pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

pub fn position(file: &SourceFile, offset: usize) -> Position {
    let (line, col) = file.lines.line_col_utf16(&file.text, offset);
    Position::new(clamp(line), clamp(col))
}

pub fn range(file: &SourceFile, span: Span) -> Range {
    Range::new(position(file, span.start), position(file, span.end))
}

pub fn offset(file: &SourceFile, p: Position) -> usize {
    file.lines
        .offset_utf16(&file.text, p.line as usize, p.character as usize)
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The section of `docs/diagnostics.md` each code links to.
pub struct DocLinks {
    anchors: Vec<(String, String)>,
}

impl DocLinks {
    pub fn new() -> Self {
        let doc = include_str!("../../../docs/diagnostics.md");
        let anchors = doc
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .filter_map(|h| {
                let code = h.split_whitespace().next()?;
                let is_code = code.len() == 5
                    && (code.starts_with('E') || code.starts_with('W'))
                    && code[1..].chars().all(|c| c.is_ascii_digit());
                is_code.then(|| (code.to_string(), slug(h)))
            })
            .collect();
        DocLinks { anchors }
    }

    pub fn href(&self, code: &str) -> Option<Uri> {
        let anchor = self.anchors.iter().find(|(c, _)| c == code)?;
        let base = env!("CARGO_PKG_REPOSITORY");
        format!("{base}/blob/main/docs/diagnostics.md#{}", anchor.1)
            .parse()
            .ok()
    }
}

/// GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A diagnostic of the check as the protocol has it, in the file of its primary label.
/// `files` gives each `FileId`'s text and path, for the labels elsewhere.
pub fn diagnostic(
    d: &Diagnostic,
    files: &dyn Fn(FileId) -> Option<(std::sync::Arc<SourceFile>, PathBuf)>,
    links: &DocLinks,
) -> Option<lsp::Diagnostic> {
    let primary = d.primary()?;
    let (file, _) = files(primary.file)?;
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.message.is_empty())
        .filter_map(|l| {
            let (f, path) = files(l.file)?;
            Some(DiagnosticRelatedInformation {
                location: lsp::Location::new(uri_of(&path)?, range(&f, l.span)),
                message: l.message.clone(),
            })
        })
        .collect();
    let (severity, tags) = match (d.severity, &d.silenced) {
        (_, Some(_)) => (
            lsp::DiagnosticSeverity::HINT,
            Some(vec![DiagnosticTag::UNNECESSARY]),
        ),
        (Severity::Error, None) => (lsp::DiagnosticSeverity::ERROR, None),
        (Severity::Warning, None) => (lsp::DiagnosticSeverity::WARNING, None),
    };
    if let Some(reason) = &d.silenced {
        message.push_str(&format!("\nsilenced: {reason}"));
    }
    Some(lsp::Diagnostic {
        range: range(&file, primary.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: links.href(d.code).map(|href| lsp::CodeDescription { href }),
        source: Some("care".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_github() {
        assert_eq!(slug("E0101 — unknown name"), "e0101--unknown-name");
        assert_eq!(slug("W0001 — missing_source"), "w0001--missing_source");
        let links = DocLinks::new();
        let href = links.href("E0101").unwrap();
        assert!(
            href.as_str()
                .ends_with("docs/diagnostics.md#e0101--unknown-name"),
            "{}",
            href.as_str()
        );
    }
}
