//! The analysis of one policy folder: its files checked together, as `care check FOLDER` does,
//! and the index of every definition and use across its files and versions.

use crate::host::{folder_of, FileData};
use care_check::index::{self, Occurrence, Symbol};
use care_check::loader::{check_loaded, VersionCheck};
use care_check::model::InputSchema;
use care_check::workspace::{lexical, Workspace};
use care_syntax::ast::ItemKind;
use care_syntax::{Diagnostic, FileId, Sources};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file of the folder's check, with the id its diagnostics and index use.
#[derive(Debug)]
pub struct FolderFile {
    pub path: PathBuf,
    pub id: FileId,
    pub data: Arc<FileData>,
}

pub struct FolderAnalysis {
    pub dir: PathBuf,
    /// Indexed by `FileId`: the folder's own files (sorted), then the files they include from
    /// elsewhere.
    pub files: Vec<FolderFile>,
    pub sources: Sources,
    /// Every diagnostic of the check, in `care check` order.
    pub diagnostics: Vec<Diagnostic>,
    pub versions: Vec<VersionCheck>,
    /// Every definition, use and amendment, sorted by file and position.
    pub occurrences: Vec<Occurrence>,
}

impl std::fmt::Debug for FolderAnalysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FolderAnalysis")
            .field("dir", &self.dir)
            .field("files", &self.files.len())
            .finish()
    }
}

pub fn analyse(dir: &Path, all: &BTreeMap<PathBuf, Arc<FileData>>) -> FolderAnalysis {
    let mut files: Vec<Arc<FileData>> = all
        .values()
        .filter(|f| folder_of(&f.path) == dir && is_care(&f.path))
        .cloned()
        .collect();
    let roots = files.len();
    // Includes that reach outside the folder, transitively, among the files the host has.
    let mut next = 0;
    while next < files.len() {
        let from = folder_of(&files[next].path);
        let includes: Vec<PathBuf> = files[next]
            .ast
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::Include(p) => Some(lexical(&from.join(&p.node))),
                _ => None,
            })
            .collect();
        for p in includes {
            if files.iter().all(|f| f.path != p) {
                if let Some(f) = all.get(&p) {
                    files.push(f.clone());
                }
            }
        }
        next += 1;
    }
    let mut ws = Workspace::in_memory();
    let mut folder_files = Vec::new();
    for data in &files {
        let id = ws.next_id();
        let errors: Vec<Diagnostic> = data
            .parse_errors
            .iter()
            .cloned()
            .map(|mut d| {
                for l in &mut d.labels {
                    l.file = id;
                }
                d
            })
            .collect();
        ws.add_parsed(&data.path, data.source.clone(), data.ast.clone(), &errors);
        folder_files.push(FolderFile {
            path: data.path.clone(),
            id,
            data: data.clone(),
        });
    }
    ws.load_includes(); // in memory: confines the includes, reads nothing
    let root_ids: Vec<FileId> = folder_files[..roots].iter().map(|f| f.id).collect();
    let check = check_loaded(&ws, &root_ids);

    // Every version checks the files it shares with the others: one occurrence of each mention.
    let mut occurrences: Vec<Occurrence> = folder_files
        .iter()
        .flat_map(|f| index::declarations(&f.data.ast, f.id))
        .chain(
            check
                .versions
                .iter()
                .flat_map(|v| v.checked.index.iter().cloned()),
        )
        .collect();
    occurrences.sort_by(|a, b| {
        (a.file, a.span.start, a.span.end, a.role)
            .cmp(&(b.file, b.span.start, b.span.end, b.role))
            .then_with(|| a.symbol.cmp(&b.symbol))
    });
    occurrences.dedup_by(|a, b| {
        a.file == b.file && a.span == b.span && a.role == b.role && a.symbol == b.symbol
    });
    FolderAnalysis {
        dir: dir.to_path_buf(),
        files: folder_files,
        sources: ws.sources,
        diagnostics: check.diagnostics,
        versions: check.versions,
        occurrences,
    }
}

fn is_care(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "care")
}

impl FolderAnalysis {
    pub fn id_of(&self, path: &Path) -> Option<FileId> {
        let path = lexical(path);
        self.files.iter().find(|f| f.path == path).map(|f| f.id)
    }

    pub fn file(&self, id: FileId) -> Option<&FolderFile> {
        self.files.get(id.0 as usize)
    }

    pub fn path_of(&self, id: FileId) -> Option<&Path> {
        self.file(id).map(|f| f.path.as_path())
    }

    pub fn text_of(&self, id: FileId) -> &str {
        self.file(id).map_or("", |f| f.data.text())
    }

    /// The diagnostics whose primary location is in `path`.
    pub fn diagnostics_of(&self, path: &Path) -> Vec<Diagnostic> {
        let Some(id) = self.id_of(path) else {
            return Vec::new();
        };
        self.diagnostics
            .iter()
            .filter(|d| d.primary().is_some_and(|l| l.file == id))
            .cloned()
            .collect()
    }

    /// [`FolderAnalysis::diagnostics_of`] in a language: their messages, labels and helps from
    /// the catalog (English: as the checker wrote them).
    pub fn diagnostics_in(&self, path: &Path, lang: care_i18n::Lang) -> Vec<Diagnostic> {
        let diags = self.diagnostics_of(path);
        if lang == care_i18n::Lang::En {
            return diags;
        }
        let catalog = care_i18n::Catalog::new(lang);
        diags.iter().map(|d| catalog.localize(d)).collect()
    }

    /// The occurrences written in one file, in position order.
    pub fn occurrences_in(&self, file: FileId) -> &[Occurrence] {
        let start = self.occurrences.partition_point(|o| o.file < file);
        let end = self.occurrences.partition_point(|o| o.file <= file);
        &self.occurrences[start..end]
    }

    /// The innermost occurrence whose span holds `offset` (its end included, so that a cursor
    /// right after a name still finds it).
    pub fn occurrence_at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences_in(file)
            .iter()
            .filter(|o| o.span.start <= offset && offset <= o.span.end)
            .min_by_key(|o| o.span.len())
    }

    /// Every occurrence of a symbol, over every file and version of the folder.
    pub fn occurrences_of<'a>(
        &'a self,
        symbol: &'a Symbol,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| &o.symbol == symbol)
    }

    /// The input schema of the latest version that has one (for completion of fields).
    pub fn schema(&self) -> Option<&InputSchema> {
        self.versions
            .iter()
            .rev()
            .map(|v| &v.checked.schema)
            .find(|s| !s.root_name.is_empty())
            .or_else(|| self.versions.last().map(|v| &v.checked.schema))
    }

    /// The versions whose declarations come from `file` (its own version, or those that include
    /// or amend it).
    pub fn versions_using(&self, file: FileId) -> impl Iterator<Item = &VersionCheck> {
        self.versions
            .iter()
            .filter(move |v| v.decls.files.contains(&file) || v.file == file)
    }
}
