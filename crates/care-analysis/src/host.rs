//! The host: the texts of the files an editor has, and snapshots to answer from.
//!
//! The host never reads the disk: the server hands it open buffers and the `.care` files of its
//! workspace folders, the CLI its loaded files. Setting a file's text re-parses that file only,
//! and forgets the analysis of its folder (a folder's versions are checked together, since an
//! edit of a module changes every version that includes it); the other folders keep theirs.
//! A snapshot ([`Analysis`]) is cheap to take and immutable: a slow request on an old snapshot
//! never blocks an edit, and its answers are simply stale.

use crate::folder::{self, FolderAnalysis};
use care_syntax::ast::File;
use care_syntax::{Diagnostic, SourceFile};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One file the host holds: its text, line index and parse (made with `FileId(0)`; the folder
/// that uses it renumbers the errors).
#[derive(Debug)]
pub struct FileData {
    pub path: PathBuf,
    pub source: Arc<SourceFile>,
    pub ast: Arc<File>,
    pub parse_errors: Vec<Diagnostic>,
    /// Its declarations as parsed, for the next edit to reuse those it does not touch.
    reuse: care_syntax::Reuse,
    /// Bumped on every change of this file.
    pub revision: u64,
}

impl FileData {
    pub fn text(&self) -> &str {
        &self.source.text
    }
}

type Lazy = Arc<OnceLock<Arc<FolderAnalysis>>>;

#[derive(Default)]
pub struct AnalysisHost {
    files: BTreeMap<PathBuf, Arc<FileData>>,
    /// The analysis of each policy folder, computed on first use after its last change.
    folders: HashMap<PathBuf, Lazy>,
    revision: u64,
}

impl AnalysisHost {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets (or replaces) the text of a file. Only `.care` files are analysed; the path is the
    /// file's identity (absolute paths, as the caller resolved them).
    pub fn set_file(&mut self, path: &Path, text: impl Into<Arc<str>>) {
        let path = care_check::workspace::lexical(path);
        let text: Arc<str> = text.into();
        let old = self.files.get(&path);
        if old.is_some_and(|old| *old.source.text == *text) {
            return;
        }
        self.revision += 1;
        let empty = care_syntax::Reuse::default();
        let reuse_from = old.map_or(&empty, |o| &o.reuse);
        let (parse, reuse) = care_syntax::parse_reusing(&text, care_syntax::FileId(0), reuse_from);
        let data = FileData {
            source: Arc::new(SourceFile::new(path.display().to_string(), text)),
            ast: Arc::new(parse.file),
            parse_errors: parse.errors,
            reuse,
            path: path.clone(),
            revision: self.revision,
        };
        self.files.insert(path.clone(), Arc::new(data));
        self.invalidate(&path);
    }

    /// Forgets a file (closed and deleted, or outside the workspace now).
    pub fn remove_file(&mut self, path: &Path) {
        let path = care_check::workspace::lexical(path);
        if self.files.remove(&path).is_some() {
            self.revision += 1;
            self.invalidate(&path);
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files
            .contains_key(&care_check::workspace::lexical(path))
    }

    /// The folders whose analysis a change of `path` makes stale: its own, and any folder one of
    /// whose files includes it (through its analysis's file list).
    fn invalidate(&mut self, path: &Path) {
        let own = folder_of(path);
        let mut stale: Vec<PathBuf> = vec![own.clone()];
        for (dir, lazy) in &self.folders {
            if let Some(done) = lazy.get() {
                if done.files.iter().any(|f| f.path == path) {
                    stale.push(dir.clone());
                }
            }
        }
        for dir in stale {
            self.folders.insert(dir, Arc::new(OnceLock::new()));
        }
    }

    /// An immutable view of the files now.
    pub fn analysis(&mut self) -> Analysis {
        let mut folders = HashMap::new();
        for path in self.files.keys() {
            let dir = folder_of(path);
            let lazy = self
                .folders
                .entry(dir.clone())
                .or_insert_with(|| Arc::new(OnceLock::new()))
                .clone();
            folders.insert(dir, lazy);
        }
        self.folders.retain(|d, _| folders.contains_key(d));
        Analysis {
            files: Arc::new(self.files.clone()),
            folders: Arc::new(folders),
            revision: self.revision,
        }
    }
}

/// The folder a file's analysis belongs to.
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A snapshot of the host: every query answers from it.
#[derive(Clone)]
pub struct Analysis {
    files: Arc<BTreeMap<PathBuf, Arc<FileData>>>,
    folders: Arc<HashMap<PathBuf, Lazy>>,
    pub revision: u64,
}

impl Analysis {
    pub fn file(&self, path: &Path) -> Option<&Arc<FileData>> {
        self.files.get(&care_check::workspace::lexical(path))
    }

    pub fn files(&self) -> impl Iterator<Item = &Arc<FileData>> {
        self.files.values()
    }

    /// The analysis of the policy folder of `path` (computed now if it is stale).
    pub fn folder(&self, path: &Path) -> Option<Arc<FolderAnalysis>> {
        let dir = folder_of(&care_check::workspace::lexical(path));
        let lazy = self.folders.get(&dir)?;
        Some(
            lazy.get_or_init(|| Arc::new(folder::analyse(&dir, &self.files)))
                .clone(),
        )
    }

    /// Every policy folder the host has files in.
    pub fn folders(&self) -> Vec<Arc<FolderAnalysis>> {
        let mut dirs: Vec<&PathBuf> = self.folders.keys().collect();
        dirs.sort();
        dirs.into_iter()
            .filter_map(|d| self.folder(&d.join("_")))
            .collect()
    }

    /// The diagnostics of one file, from the check of its folder.
    pub fn diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        let Some(folder) = self.folder(path) else {
            return Vec::new();
        };
        folder.diagnostics_of(path)
    }

    /// [`AnalysisHost::diagnostics`] in a language (see [`FolderAnalysis::diagnostics_in`]).
    pub fn diagnostics_in(&self, path: &Path, lang: care_i18n::Lang) -> Vec<Diagnostic> {
        let Some(folder) = self.folder(path) else {
            return Vec::new();
        };
        folder.diagnostics_in(path, lang)
    }
}
