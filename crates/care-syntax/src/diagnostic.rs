//! Diagnostics shared by every layer: a stable code, a severity, a message, labelled spans and
//! help. Rendered for people through miette, or as JSON for machines.

use crate::source::{FileId, Sources};
use crate::span::Span;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable code (`E0101`), documented in `docs/diagnostics.md`.
    pub code: &'static str,
    /// For warnings, the name an `@allow(name, "reason")` annotation uses to silence it.
    pub lint: Option<&'static str>,
    pub severity: Severity,
    pub message: String,
    /// The first label is the primary location.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Set when an `@allow` annotation silenced this warning: the author's reason.
    pub silenced: Option<String>,
    /// The message's entry in the catalog of translations (`crates/care-i18n/locales/`), when it
    /// is more precise than the code's (`E0101-unknown-name`), and the named arguments its
    /// translations use. The English `message` is written at the site; a translation is made
    /// from the key and the arguments alone.
    pub key: Option<&'static str>,
    pub args: Vec<(&'static str, String)>,
    /// The help's own entry in the catalog, when the site chooses among several helps (the
    /// key's `.help` attribute otherwise); it takes the same named arguments.
    pub help_key: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            lint: None,
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            silenced: None,
            key: None,
            args: Vec::new(),
            help_key: None,
        }
    }

    pub fn warning(code: &'static str, lint: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            lint: Some(lint),
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn with_label(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A help with its own catalog entry (see [`Diagnostic::help_key`]).
    pub fn with_help_key(mut self, key: &'static str, help: impl Into<String>) -> Self {
        self.help_key = Some(key);
        self.help = Some(help.into());
        self
    }

    /// [`Diagnostic::with_help_key`] on a diagnostic already reported, with more arguments.
    pub fn keyed_help(
        &mut self,
        key: &'static str,
        args: &[(&'static str, &str)],
        help: impl Into<String>,
    ) -> &mut Self {
        self.help_key = Some(key);
        self.help = Some(help.into());
        self.args
            .extend(args.iter().map(|(n, v)| (*n, (*v).to_string())));
        self
    }

    /// The catalog entry of this message (see [`Diagnostic::key`]).
    pub fn with_key(mut self, key: &'static str) -> Self {
        self.key = Some(key);
        self
    }

    /// A named argument of the message, for its translations.
    pub fn with_arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// [`Diagnostic::with_key`] and [`Diagnostic::with_arg`] on a diagnostic already reported.
    pub fn keyed(&mut self, key: &'static str, args: &[(&'static str, &str)]) -> &mut Self {
        self.key = Some(key);
        self.args
            .extend(args.iter().map(|(n, v)| (*n, (*v).to_string())));
        self
    }

    /// The value of a named argument.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn primary(&self) -> Option<&Label> {
        self.labels.first()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Counts against "clean": an error, or a warning nobody silenced.
    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Error || self.silenced.is_none()
    }

    /// Sort key: file, position, then code, so that output order is stable.
    pub fn sort_key(&self) -> (FileId, usize, usize, &'static str) {
        match self.primary() {
            Some(l) => (l.file, l.span.start, l.span.end, self.code),
            None => (FileId(u32::MAX), 0, 0, self.code),
        }
    }
}

/// Sorts diagnostics by file and position and drops exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diags.dedup();
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// A diagnostic bound to its sources, implementing miette's `Diagnostic` for rendering.
struct Bound<'a> {
    diag: &'a Diagnostic,
    /// A label of the diagnostic that sits in another file: shown as a note, not an error.
    note: bool,
    source: Option<CharColumns>,
    file: Option<FileId>,
    related: Vec<Bound<'a>>,
}

impl fmt::Debug for Bound<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Bound<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.note {
            return write!(f, "note: {}", self.diag.message);
        }
        let severity = match self.diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {}", self.diag.code, self.diag.message)?;
        if let Some(reason) = &self.diag.silenced {
            write!(f, " (silenced: {reason})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Bound<'_> {}

impl miette::Diagnostic for Bound<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        if self.note {
            return Some(miette::Severity::Advice);
        }
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let allow = match (self.diag.severity, self.diag.lint, &self.diag.silenced) {
            (Severity::Warning, Some(lint), None) => Some(format!(
                "if this is intended, write `@allow({lint}, \"reason\")` before the declaration"
            )),
            _ => None,
        };
        match (&self.diag.help, allow) {
            (Some(h), Some(a)) => Some(Box::new(format!("{h}\n{a}"))),
            (Some(h), None) => Some(Box::new(h.clone())),
            (None, Some(a)) => Some(Box::new(a)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let file = self.file?;
        let labels = self
            .diag
            .labels
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.file == file)
            .map(|(i, l)| {
                let text = (!l.message.is_empty()).then(|| l.message.clone());
                if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(text, l.span)
                } else {
                    miette::LabeledSpan::new_with_span(text, l.span)
                }
            });
        Some(Box::new(labels))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// The source miette shows for the labels of `diag` in `file`: the lines around them only.
fn named_source(sources: &Sources, file: FileId, diag: &Diagnostic) -> Option<CharColumns> {
    let f = sources.get(file)?;
    let spans = diag
        .labels
        .iter()
        .filter(|l| l.file == file)
        .map(|l| l.span);
    let start = spans
        .clone()
        .map(|s| s.start)
        .min()
        .unwrap_or(0)
        .min(f.text.len());
    let end = spans
        .map(|s| s.end)
        .max()
        .unwrap_or(0)
        .clamp(start, f.text.len());
    let first = f.lines.line_of(start).saturating_sub(WINDOW_LINES);
    let last = f.lines.line_of(end) + WINDOW_LINES + 1;
    let from = f.lines.line_start(first);
    let to = if last < f.lines.line_count() {
        f.lines.line_start(last)
    } else {
        f.text.len()
    };
    Some(CharColumns {
        name: f.path.clone(),
        // miette ends lines at LF only: a lone CR becomes an LF of the same length, so that
        // offsets stay valid and the snippet shows the lines the file has.
        // Control and bidi characters shown as visible ones of the same length: a snippet never
        // moves the terminal's cursor or reorders what the reader sees of the line.
        window: crate::lex::shown(&crate::lex::lone_crs_as_lf(&f.text[from..to])).into_owned(),
        from,
        first_line: first,
    })
}

/// Lines of context kept around the labels (miette shows one).
const WINDOW_LINES: usize = 4;

/// A source for miette: the lines around a diagnostic's labels (miette would otherwise scan the
/// file from its start for every diagnostic: 10,000 errors in a long file were quadratic), with
/// columns that count characters, as `file:line:col` does everywhere else (miette's own count
/// bytes, so an `é` earlier on the line would shift the column).
struct CharColumns {
    name: String,
    window: String,
    /// Offset of the window in the file, and its first line (0-based).
    from: usize,
    first_line: usize,
}

impl miette::SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let start = span
            .offset()
            .checked_sub(self.from)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let local = miette::SourceSpan::new(start.into(), span.len());
        let inner =
            self.window
                .as_str()
                .read_span(&local, context_lines_before, context_lines_after)?;
        let offset = inner.span().offset();
        // Bytes, not a `str` slice: miette's offset may fall inside a character (a fuzzer found
        // it); the column counts the characters that start before it.
        let before = self.window.as_bytes().get(..offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let col = before[line_start..]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count();
        Ok(Box::new(
            miette::MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                miette::SourceSpan::new((self.from + offset).into(), inner.span().len()),
                self.first_line + inner.line(),
                col,
                // miette counts the lines from the start of what it reads (and merges two
                // labels' snippets by that count): as from the start of the file.
                self.first_line + inner.line_count(),
            )
            .with_language("care"),
        ))
    }
}

/// Renders diagnostics the way a person reads them: code, message, file:line:col, the source
/// underlined with labels, help. `color` adds ANSI colors.
pub fn render_human(diag: &Diagnostic, sources: &Sources, color: bool) -> String {
    let diag = &visible(diag);
    if diag
        .labels
        .iter()
        .any(|l| label_line_chars(sources, l) > MAX_SHOWN_LINE)
    {
        return render_without_snippet(diag, sources);
    }
    let file = diag.primary().map(|l| l.file);
    // Labels in other files than the primary one become related notes, each with its own source.
    let mut others = Vec::new();
    for label in diag.labels.iter().skip(1) {
        if Some(label.file) != file {
            others.push(label.clone());
        }
    }
    let notes: Vec<Diagnostic> = others
        .into_iter()
        .map(|l| Diagnostic {
            code: diag.code,
            lint: None,
            severity: diag.severity,
            message: l.message.clone(),
            labels: vec![Label {
                message: String::new(),
                ..l
            }],
            help: None,
            silenced: None,
            key: None,
            args: Vec::new(),
            help_key: None,
        })
        .collect();
    let bound = Bound {
        diag,
        note: false,
        source: file.and_then(|f| named_source(sources, f, diag)),
        file,
        related: notes
            .iter()
            .map(|n| {
                let f = n.primary().map(|l| l.file);
                Bound {
                    diag: n,
                    note: true,
                    source: f.and_then(|f| named_source(sources, f, n)),
                    file: f,
                    related: Vec::new(),
                }
            })
            .collect(),
    };
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, &bound).is_err() {
        out = format!("{}: {}\n", diag.code, diag.message);
    }
    out
}

/// The diagnostic with what it says as a terminal can show it ([`crate::lex::shown`]): a message
/// quotes the user's text, which may hold an escape sequence or a bidi override.
fn visible(diag: &Diagnostic) -> Diagnostic {
    let shown = |s: &str| crate::lex::shown(s).into_owned();
    let mut d = diag.clone();
    d.message = shown(&d.message);
    d.help = d.help.as_deref().map(shown);
    d.silenced = d.silenced.as_deref().map(shown);
    for l in &mut d.labels {
        l.message = shown(&l.message);
    }
    d
}

/// The longest source line shown under a diagnostic, in characters. A longer one (generated or
/// hostile text) is named by its line and column only: a snippet would drown the message, and
/// the renderer cannot draw columns that far.
pub const MAX_SHOWN_LINE: usize = 1000;

/// How many characters the line of a label has.
fn label_line_chars(sources: &Sources, label: &Label) -> usize {
    let Some(f) = sources.get(label.file) else {
        return 0;
    };
    let start = crate::lex::line_start(&f.text, label.span.start);
    let end = crate::lex::line_end(&f.text, label.span.start.min(f.text.len()));
    f.text.get(start..end).map_or(0, |l| l.chars().count())
}

/// The rendering of a diagnostic whose lines are too long to show: every label by its place.
fn render_without_snippet(diag: &Diagnostic, sources: &Sources) -> String {
    let severity = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!(
        "  × {severity}[{}]: {}
",
        diag.code, diag.message
    );
    for label in &diag.labels {
        let Some(f) = sources.get(label.file) else {
            continue;
        };
        let (line, col) = f.line_col(label.span.start);
        out.push_str(&format!("   ╭─[{}:{line}:{col}]\n", f.path));
        out.push_str(&format!(
            "   │ (line {line} is not shown: it has {} characters)\n",
            label_line_chars(sources, label)
        ));
        if !label.message.is_empty() {
            out.push_str(&format!("   │ {}\n", label.message));
        }
        out.push_str("   ╰────\n");
    }
    if let Some(help) = &diag.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
}

/// The machine-readable form of a diagnostic (`--format json`).
#[derive(Serialize, Debug)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lint: Option<&'static str>,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub labels: Vec<JsonLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silenced: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct JsonLabel {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

pub fn to_json(diag: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let labels: Vec<JsonLabel> = diag
        .labels
        .iter()
        .filter_map(|l| {
            let f = sources.get(l.file)?;
            let (line, column) = f.line_col(l.span.start);
            let (end_line, end_column) = f.line_col(l.span.end);
            Some(JsonLabel {
                file: f.path.clone(),
                line,
                column,
                end_line,
                end_column,
                message: l.message.clone(),
            })
        })
        .collect();
    let first = labels.first();
    JsonDiagnostic {
        code: diag.code,
        severity: diag.severity,
        lint: diag.lint,
        message: diag.message.clone(),
        file: first.map(|l| l.file.clone()),
        line: first.map(|l| l.line),
        column: first.map(|l| l.column),
        end_line: first.map(|l| l.end_line),
        end_column: first.map(|l| l.end_column),
        help: diag.help.clone(),
        silenced: diag.silenced.clone(),
        labels,
    }
}

/// `file:line:col: severity[code]: message`, one line: for logs and tests.
pub fn render_short(diag: &Diagnostic, sources: &Sources) -> String {
    let diag = &visible(diag);
    let location = diag
        .primary()
        .and_then(|l| {
            let f = sources.get(l.file)?;
            let (line, col) = f.line_col(l.span.start);
            Some(format!("{}:{line}:{col}: ", f.path))
        })
        .unwrap_or_default();
    let severity = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let silenced = diag
        .silenced
        .as_ref()
        .map(|r| format!(" (silenced: {r})"))
        .unwrap_or_default();
    format!(
        "{location}{severity}[{}]: {}{silenced}",
        diag.code, diag.message
    )
}
