//! Definitions, references, highlights and renames, over every file and version of a folder.

use crate::folder::FolderAnalysis;
use crate::host::Analysis;
use care_check::index::{Occurrence, Role, Symbol};
use care_syntax::Span;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A place in a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// No name or code at the position (a keyword, a literal, white space).
    NothingToRename,
    /// A built-in function: its name belongs to the language.
    Builtin(String),
    /// The new name is not a name (or not a code, for a code).
    InvalidName(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NothingToRename => f.write_str("no name or code here to rename"),
            RenameError::Builtin(n) => {
                write!(f, "`{n}` is a built-in function: it cannot be renamed")
            }
            RenameError::InvalidName(n) => write!(f, "`{n}` is not a valid name here"),
        }
    }
}

impl Analysis {
    /// The symbol at a position, with the folder that resolved it and the occurrence.
    pub fn symbol_at(
        &self,
        path: &Path,
        offset: usize,
    ) -> Option<(Arc<FolderAnalysis>, Occurrence)> {
        let folder = self.folder(path)?;
        let id = folder.id_of(path)?;
        let occ = folder.occurrence_at(id, offset)?.clone();
        Some((folder, occ))
    }

    /// Where the symbol at a position is declared (every version's declaration of it).
    pub fn definition(&self, path: &Path, offset: usize) -> Vec<Location> {
        let Some((folder, occ)) = self.symbol_at(path, offset) else {
            return Vec::new();
        };
        let mut defs = locations(&folder, folder.occurrences_of(&occ.symbol), |o| {
            o.role == Role::Def
        });
        if defs.is_empty() {
            // A symbol declared in another folder (an include from elsewhere): look there.
            for f in self.folders() {
                if Arc::ptr_eq(&f, &folder) {
                    continue;
                }
                defs.extend(locations(&f, f.occurrences_of(&occ.symbol), |o| {
                    o.role == Role::Def
                }));
            }
        }
        defs
    }

    /// Every mention of the symbol at a position: uses, amendments, and the declarations when
    /// `declarations` is set.
    pub fn references(&self, path: &Path, offset: usize, declarations: bool) -> Vec<Location> {
        let Some((folder, occ)) = self.symbol_at(path, offset) else {
            return Vec::new();
        };
        locations(&folder, folder.occurrences_of(&occ.symbol), |o| {
            declarations || o.role != Role::Def
        })
    }

    /// The mentions of the symbol at a position in the same file, and their roles.
    pub fn highlights(&self, path: &Path, offset: usize) -> Vec<(Span, Role)> {
        let Some((folder, occ)) = self.symbol_at(path, offset) else {
            return Vec::new();
        };
        let Some(id) = folder.id_of(path) else {
            return Vec::new();
        };
        let mut out: Vec<(Span, Role)> = folder
            .occurrences_in(id)
            .iter()
            .filter(|o| o.symbol == occ.symbol)
            .map(|o| (o.span, o.role))
            .collect();
        out.sort_by_key(|(s, _)| (s.start, s.end));
        out.dedup_by_key(|(s, _)| *s);
        out
    }

    /// The span a rename at this position would change, or why it cannot.
    pub fn prepare_rename(
        &self,
        path: &Path,
        offset: usize,
    ) -> Result<(Span, String), RenameError> {
        let (_, occ) = self
            .symbol_at(path, offset)
            .ok_or(RenameError::NothingToRename)?;
        if !occ.symbol.renamable() {
            return Err(RenameError::Builtin(occ.symbol.name().to_string()));
        }
        Ok((occ.span, occ.symbol.name().to_string()))
    }

    /// The edits renaming the symbol at a position everywhere in its folder, by file.
    pub fn rename(
        &self,
        path: &Path,
        offset: usize,
        new_name: &str,
    ) -> Result<BTreeMap<PathBuf, Vec<Span>>, RenameError> {
        self.prepare_rename(path, offset)?;
        let (folder, occ) = self
            .symbol_at(path, offset)
            .ok_or(RenameError::NothingToRename)?;
        if !valid_name(&occ.symbol, new_name) {
            return Err(RenameError::InvalidName(new_name.to_string()));
        }
        let mut out: BTreeMap<PathBuf, Vec<Span>> = BTreeMap::new();
        for o in folder.occurrences_of(&occ.symbol) {
            // A mention whose text is not the old name (never expected) is left alone.
            let text = folder.text_of(o.file);
            if text.get(o.span.start..o.span.end) != Some(occ.symbol.name()) {
                continue;
            }
            if let Some(p) = folder.path_of(o.file) {
                out.entry(p.to_path_buf()).or_default().push(o.span);
            }
        }
        for spans in out.values_mut() {
            spans.sort_by_key(|s| (s.start, s.end));
            spans.dedup();
        }
        Ok(out)
    }
}

fn locations<'a>(
    folder: &FolderAnalysis,
    occs: impl Iterator<Item = &'a Occurrence>,
    keep: impl Fn(&Occurrence) -> bool,
) -> Vec<Location> {
    let mut out: Vec<Location> = occs
        .filter(|o| keep(o))
        .filter_map(|o| {
            Some(Location {
                path: folder.path_of(o.file)?.to_path_buf(),
                span: o.span,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A new name must be written like the old one: a code for a code, a name for a name.
fn valid_name(symbol: &Symbol, name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let is_code = matches!(symbol, Symbol::Objective(_) | Symbol::Rule(_));
    let segment_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    if is_code && name.contains('.') {
        return name.split('.').all(|s| {
            segment_ok(s)
                && s.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    }
    (first.is_alphabetic() || first == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !crate::lexer::RESERVED.contains(&name)
}
