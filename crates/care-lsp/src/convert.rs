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

/// The section of `docs/diagnostics.md` each code links to (the mapping is care-syntax's,
/// shared with the CLI's SARIF), as the protocol's URIs.
pub struct DocLinks(care_syntax::doc_links::DocLinks);

impl DocLinks {
    pub fn new() -> Self {
        DocLinks(care_syntax::doc_links::DocLinks::new())
    }

    pub fn href(&self, code: &str) -> Option<Uri> {
        self.0.href(code)?.parse().ok()
    }
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
    fn links_are_uris() {
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
