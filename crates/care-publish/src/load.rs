//! A policy folder, checked once: its versions with their assembled declarations (which say where
//! each label, source and rule was written, possibly in the file of an earlier version) and
//! their checked form (what evaluation and tabulation run).

use care_check::decls::Declarations;
use care_check::ir::Policy;
use care_check::workspace::Workspace;
use care_syntax::{Diagnostic, FileId, Sources, Span};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a folder cannot be used.
#[derive(Debug)]
pub enum LoadError {
    /// A file could not be read.
    Io(String),
    /// The policy does not check: its errors, with the sources to render them.
    Invalid {
        sources: Sources,
        diagnostics: Vec<Diagnostic>,
    },
    /// The folder holds no version.
    Empty(String),
    /// `--from` / `--to` / `--version` named a version the folder does not have.
    UnknownVersion { asked: String, known: Vec<String> },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => f.write_str(e),
            LoadError::Invalid { diagnostics, .. } => {
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "the policy does not check ({n} errors): run `care check`"
                )
            }
            LoadError::Empty(dir) => write!(f, "no policy version in `{dir}`"),
            LoadError::UnknownVersion { asked, known } => {
                let list: Vec<String> = known.iter().map(|d| format!("`{d}`")).collect();
                write!(f, "no version `{asked}`; versions: {}", list.join(", "))
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// One version of a folder.
pub struct Version {
    pub policy: Arc<Policy>,
    pub decls: Declarations,
}

impl Version {
    /// Its date, as written (`2026-04-15`).
    pub fn name(&self) -> String {
        self.policy.version.to_string()
    }
}

/// A checked policy folder.
pub struct Folder {
    /// The folder as given.
    pub dir: PathBuf,
    ws: Workspace,
    /// Its versions, oldest first.
    pub versions: Vec<Version>,
}

/// Where something is written: a file (relative to its policy folder), line and column (from 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Loc {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Folder {
    /// Reads and checks every `.care` file of `dir`; refuses a policy with errors.
    pub fn open(dir: &Path) -> Result<Folder, LoadError> {
        let io = |e: std::io::Error| LoadError::Io(format!("cannot read `{}`: {e}", dir.display()));
        let files = care_check::loader::care_files(&[dir.to_path_buf()]).map_err(io)?;
        let mut ws = Workspace::new();
        let mut roots = Vec::new();
        for f in &files {
            roots.push(ws.load(f).map_err(io)?);
        }
        ws.load_includes();
        let mut check = care_check::loader::check_loaded(&ws, &roots);
        if check.diagnostics.iter().any(Diagnostic::is_error) {
            check.diagnostics.retain(Diagnostic::is_error);
            return Err(LoadError::Invalid {
                sources: std::mem::take(&mut ws.sources),
                diagnostics: check.diagnostics,
            });
        }
        let mut versions: Vec<Version> = check
            .versions
            .into_iter()
            .filter_map(|v| {
                Some(Version {
                    policy: v.policy?,
                    decls: v.decls,
                })
            })
            .collect();
        if versions.is_empty() {
            return Err(LoadError::Empty(dir.display().to_string()));
        }
        versions.sort_by_key(|v| v.policy.version);
        Ok(Folder {
            dir: dir.to_path_buf(),
            ws,
            versions,
        })
    }

    /// The index of the version named `asked` (its date), or of the latest.
    pub fn pick(&self, asked: Option<&str>) -> Result<usize, LoadError> {
        match asked {
            None => Ok(self.versions.len().saturating_sub(1)),
            Some(a) => self
                .versions
                .iter()
                .position(|v| v.name() == a)
                .ok_or_else(|| LoadError::UnknownVersion {
                    asked: a.to_string(),
                    known: self.versions.iter().map(Version::name).collect(),
                }),
        }
    }

    /// The two versions to compare in this folder: `to` (default: the latest) and `from`
    /// (default: the version before `to`, else `to` itself).
    pub fn pair(&self, from: Option<&str>, to: Option<&str>) -> Result<(usize, usize), LoadError> {
        let to = self.pick(to)?;
        let from = match from {
            Some(_) => self.pick(from)?,
            None => to.saturating_sub(1),
        };
        Ok((from, to))
    }

    /// Where `span` of `file` is, the file named relative to the folder.
    pub fn loc(&self, file: FileId, span: Span) -> Loc {
        match self.ws.sources.get(file) {
            Some(f) => {
                let (line, column) = f.line_col(span.start);
                let path = Path::new(&f.path);
                let shown = path
                    .strip_prefix(&self.dir)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| f.path.clone());
                Loc {
                    file: shown,
                    line,
                    column,
                }
            }
            None => Loc {
                file: String::new(),
                line: 0,
                column: 0,
            },
        }
    }

    /// The text of `span` in `file`, its blanks folded into single spaces (one line).
    pub fn text(&self, file: FileId, span: Span) -> String {
        let raw = self
            .ws
            .sources
            .get(file)
            .and_then(|f| f.text.get(span.start..span.end).map(str::to_string))
            .unwrap_or_default();
        fold_blanks(&raw)
    }

    /// The syntax tree of a file.
    pub fn ast(&self, file: FileId) -> Option<&care_syntax::ast::File> {
        self.ws.ast(file)
    }
}

/// Runs of blanks (line breaks included) as one space; comments dropped.
pub fn fold_blanks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let code = strip_comment(line);
        for word in code.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// A line without its `//` comment (a `//` inside a string is not one).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return &line[..i];
        }
    }
    line
}
