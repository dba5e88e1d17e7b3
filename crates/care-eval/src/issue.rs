//! Problems found in a dossier: errors (the dossier is refused) and warnings.

use std::fmt;

use crate::value::Value;

/// A line and column in the data file, both from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// What kind of problem an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    /// Malformed or truncated JSON/YAML, or not UTF-8: always alone.
    Syntax,
    /// A value of the wrong JSON type (a number where a string is expected, …).
    WrongType,
    /// A value of the right JSON type but not acceptable: malformed decimal or date, money with
    /// more than two decimals, share outside 0..1, unknown enum variant or track key, …
    InvalidValue,
    /// A required field is absent.
    Missing,
    /// A field given twice in the same object.
    Duplicate,
    /// An unknown extra field (a warning: it is ignored).
    UnknownField,
    /// The issue list was cut short.
    TooMany,
    /// The policy's input schema cannot be used to read data (a bug of the checker).
    Schema,
}

/// One problem, naming where it is: `path` is the JSON path of the value
/// (`legal_entities[1].sites[0].activity`, empty for the whole document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataIssue {
    pub kind: IssueKind,
    pub path: String,
    pub message: String,
    /// Where the value is in the file (for a missing field: its object), when known: for every
    /// error, and for YAML warnings; not for JSON warnings (the fast JSON path does not track
    /// positions: an invalid JSON dossier is parsed again to place its errors, a valid one is not).
    pub location: Option<Location>,
    /// The message's entry in the catalog of translations (`crates/care-i18n/locales/`,
    /// `data-…`) and its named arguments: `expected-type` is a type as
    /// [`crate::plan::Decoder`] codes it for the catalog, `found` may be a `phrase-…` entry.
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl DataIssue {
    pub fn new(kind: IssueKind, path: impl Into<String>, message: impl Into<String>) -> DataIssue {
        DataIssue {
            kind,
            path: path.into(),
            message: message.into(),
            location: None,
            key: "",
            args: Vec::new(),
        }
    }

    /// The catalog entry of the message and its arguments (see [`DataIssue::key`]).
    pub fn keyed(mut self, key: &'static str, args: Vec<(&'static str, String)>) -> DataIssue {
        self.key = key;
        self.args = args;
        self
    }

    pub fn at(mut self, location: Option<Location>) -> DataIssue {
        self.location = location;
        self
    }
}

/// `` `path`: message (line 3, column 7) ``
impl fmt::Display for DataIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

/// A dossier that was read and is valid.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub value: Value,
    /// Unknown fields (ignored), with their paths.
    pub warnings: Vec<DataIssue>,
}

/// A dossier that is invalid: every error found, and the warnings found along the way.
#[derive(Clone, Debug, Default)]
pub struct DataErrors {
    pub errors: Vec<DataIssue>,
    pub warnings: Vec<DataIssue>,
}

impl DataErrors {
    pub(crate) fn one(issue: DataIssue) -> DataErrors {
        DataErrors {
            errors: vec![issue],
            warnings: Vec::new(),
        }
    }
}

/// One error a line.
impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataErrors {}

/// Most issues kept for one dossier, errors and warnings each: a garbage file must not produce
/// millions of messages.
pub const MAX_ISSUES: usize = 1000;

/// The state of one decoding: the current path, the issues found (each naming the path where
/// it is), and a stack of list elements under construction.
#[derive(Default)]
pub(crate) struct Ctx<'p> {
    /// The path of the value being decoded. The fast JSON scanner keeps it only when it scans
    /// a document again because the first scan found an issue.
    pub path: Vec<Seg<'p>>,
    /// The elements of the lists being decoded, innermost last: one stack for the whole
    /// document, so that a list costs one allocation (its final `Arc<[Value]>`; a record's
    /// fields go straight into its own slice, whose length is known).
    pub stack: Vec<Value>,
    pub errors: Vec<DataIssue>,
    /// The path of each error, as steps: to find its position afterwards when the decoder does
    /// not track positions (JSON).
    pub error_steps: Vec<Vec<Step>>,
    pub warnings: Vec<DataIssue>,
    dropped_errors: usize,
    dropped_warnings: usize,
}

/// One step of a path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seg<'p> {
    Field(&'p str),
    Index(usize),
}

/// One step of a path, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Field(Box<str>),
    Index(usize),
}

impl<'p> Ctx<'p> {
    pub fn new() -> Ctx<'p> {
        Ctx::default()
    }

    /// The current path, with `extra` appended when given.
    pub fn path_string(&self, extra: Option<&str>) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Field(name) => push_field(&mut out, name),
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        if let Some(name) = extra {
            push_field(&mut out, name);
        }
        out
    }

    /// Whether an error or a warning was found (or dropped).
    pub fn has_issues(&self) -> bool {
        !self.errors.is_empty()
            || !self.warnings.is_empty()
            || self.dropped_errors > 0
            || self.dropped_warnings > 0
    }

    /// Forgets the issues found, to decode the document again from its start.
    pub fn clear_issues(&mut self) {
        self.path.clear();
        self.stack.clear();
        self.errors.clear();
        self.error_steps.clear();
        self.warnings.clear();
        self.dropped_errors = 0;
        self.dropped_warnings = 0;
    }

    /// The values pushed on the stack since `base`, as a slice (one allocation).
    #[inline]
    pub fn take_from(&mut self, base: usize) -> std::sync::Arc<[Value]> {
        self.stack.drain(base.min(self.stack.len())..).collect()
    }

    /// An error, its message in English and by its catalog entry (`key`, `args`).
    pub fn error(
        &mut self,
        kind: IssueKind,
        (key, args): (&'static str, Vec<(&'static str, String)>),
        message: String,
        location: Option<Location>,
    ) {
        self.error_with(kind, None, (key, args), message, location);
    }

    /// An error about field `field` of the current object.
    pub fn error_with(
        &mut self,
        kind: IssueKind,
        field: Option<&str>,
        (key, args): (&'static str, Vec<(&'static str, String)>),
        message: String,
        location: Option<Location>,
    ) {
        if self.errors.len() >= MAX_ISSUES {
            self.dropped_errors += 1;
            return;
        }
        let path = self.path_string(field);
        let mut steps: Vec<Step> = self
            .path
            .iter()
            .map(|seg| match seg {
                Seg::Field(name) => Step::Field((*name).into()),
                Seg::Index(i) => Step::Index(*i),
            })
            .collect();
        steps.extend(field.map(|name| Step::Field(name.into())));
        self.error_steps.push(steps);
        self.errors.push(DataIssue {
            kind,
            path,
            message,
            location,
            key,
            args,
        });
    }

    /// Field `name` of the current object is given a second time.
    pub fn duplicate_field(&mut self, name: &str, location: Option<Location>) {
        self.error_with(
            IssueKind::Duplicate,
            Some(name),
            ("data-given-twice", vec![("name", name.to_string())]),
            format!("field `{name}` is given twice"),
            location,
        );
    }

    pub fn unknown_field(&mut self, name: &str, location: Option<Location>) {
        if self.warnings.len() >= MAX_ISSUES {
            self.dropped_warnings += 1;
            return;
        }
        let path = self.path_string(Some(name));
        self.warnings.push(DataIssue {
            kind: IssueKind::UnknownField,
            path,
            message: format!("unknown field `{}` is ignored", escape_for_message(name)),
            location,
            key: "data-unknown-field-ignored",
            args: vec![("name", escape_for_message(name))],
        });
    }

    pub fn finish(mut self, value: Value) -> Result<Decoded, DataErrors> {
        if self.dropped_errors > 0 {
            self.errors.push(
                DataIssue::new(
                    IssueKind::TooMany,
                    "",
                    format!("{} more errors not shown", self.dropped_errors),
                )
                .keyed(
                    "data-more-errors",
                    vec![("count", self.dropped_errors.to_string())],
                ),
            );
        }
        if self.dropped_warnings > 0 {
            self.warnings.push(
                DataIssue::new(
                    IssueKind::TooMany,
                    "",
                    format!("{} more warnings not shown", self.dropped_warnings),
                )
                .keyed(
                    "data-more-warnings",
                    vec![("count", self.dropped_warnings.to_string())],
                ),
            );
        }
        if self.errors.is_empty() {
            Ok(Decoded {
                value,
                warnings: self.warnings,
            })
        } else {
            Err(DataErrors {
                errors: self.errors,
                warnings: self.warnings,
            })
        }
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `.name`, or `["odd name"]` for a key that is not an identifier.
fn push_field(out: &mut String, name: &str) {
    if is_identifier(name) {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(name);
    } else {
        out.push('[');
        crate::render::push_json_string(out, name);
        out.push(']');
    }
}

/// Longest user text quoted in a message, in characters.
const MAX_QUOTED: usize = 60;

/// User text made safe to show between backticks: control characters escaped, cut when long.
pub(crate) fn escape_for_message(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n >= MAX_QUOTED {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// What was found where something else was expected, as shown in messages.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Found<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    /// A JSON string or a quoted YAML scalar: shown in double quotes.
    Str(&'a str),
    /// A plain YAML scalar: shown as written.
    Plain(&'a str),
    Array,
    Object,
}

impl Found<'_> {
    /// As an argument of a catalog entry: what is shown, or the phrase entry of its words.
    pub(crate) fn arg(&self) -> String {
        match self {
            Found::Array => "phrase-data-array".to_owned(),
            Found::Object => "phrase-data-object".to_owned(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Found<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Null => f.write_str("`null`"),
            Found::Bool(b) => write!(f, "`{b}`"),
            Found::Int(i) => write!(f, "`{i}`"),
            Found::Float(x) => write!(f, "`{x:?}`"),
            Found::Str(s) => {
                let mut quoted = String::new();
                crate::render::push_json_string(&mut quoted, s);
                // The quotes are kept, the inside is cut when long.
                let inner = &quoted[1..quoted.len() - 1];
                write!(f, "`\"{}\"`", escape_for_message(inner))
            }
            Found::Plain(s) => write!(f, "`{}`", escape_for_message(s)),
            Found::Array => f.write_str("an array"),
            Found::Object => f.write_str("an object"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let mut ctx = Ctx::new();
        ctx.path.push(Seg::Field("legal_entities"));
        ctx.path.push(Seg::Index(1));
        ctx.path.push(Seg::Field("sites"));
        ctx.path.push(Seg::Index(0));
        assert_eq!(
            ctx.path_string(Some("activity")),
            "legal_entities[1].sites[0].activity"
        );
        assert_eq!(
            ctx.path_string(Some("odd key")),
            "legal_entities[1].sites[0][\"odd key\"]"
        );
        let root = Ctx::new();
        assert_eq!(root.path_string(None), "");
        assert_eq!(root.path_string(Some("x")), "x");
    }

    #[test]
    fn found_display() {
        assert_eq!(Found::Str("clinic").to_string(), "`\"clinic\"`");
        assert_eq!(Found::Str("a\"b\n").to_string(), "`\"a\\\"b\\n\"`");
        assert_eq!(Found::Plain("clinic").to_string(), "`clinic`");
        assert_eq!(Found::Float(12000.0).to_string(), "`12000.0`");
        assert_eq!(Found::Null.to_string(), "`null`");
        let long = "x".repeat(100);
        assert!(Found::Str(&long).to_string().ends_with("…\"`"));
    }
}
