//! The files of a check: read, parsed, with their policy headers, folders and includes.
//! Reading goes through [`Workspace::add_text`] so that an editor can supply unsaved texts.

use crate::decls::Header;
use care_syntax::ast::{File, ItemKind, PolicyProp};
use care_syntax::{Diagnostic, FileId, Sources};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct Workspace {
    pub sources: Sources,
    asts: Vec<std::sync::Arc<File>>,
    paths: Vec<PathBuf>,
    by_path: HashMap<PathBuf, FileId>,
    /// Syntax errors of every file, in file order.
    pub parse_errors: Vec<Diagnostic>,
    /// Files that failed to parse somewhere: their declarations are partial.
    pub broken: Vec<FileId>,
    /// Paths are taken as given, never looked up on disk (an editor's host: no I/O inside).
    in_memory: bool,
}

/// Normalises a path for identity (`a/./b.care` and `a/b.care` are one file).
fn normalise(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| lexical(path))
}

/// `.` and `..` removed from a path without looking at the disk.
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// A workspace that never touches the disk: its files come from [`Workspace::add_parsed`]
    /// with absolute paths, and includes are resolved among them.
    pub fn in_memory() -> Self {
        Workspace {
            in_memory: true,
            ..Self::default()
        }
    }

    fn key(&self, path: &Path) -> PathBuf {
        if self.in_memory {
            lexical(path)
        } else {
            normalise(path)
        }
    }

    /// The id the next file added gets (a parse made ahead of adding it must use it).
    pub fn next_id(&self) -> FileId {
        FileId(u32::try_from(self.asts.len()).unwrap_or(u32::MAX))
    }

    /// Adds a file already parsed (with the id [`Workspace::next_id`] gave), so that an editor
    /// re-parses only the file that changed.
    pub fn add_parsed(
        &mut self,
        path: &Path,
        source: std::sync::Arc<care_syntax::SourceFile>,
        ast: std::sync::Arc<File>,
        errors: &[Diagnostic],
    ) -> FileId {
        let key = self.key(path);
        let id = self.sources.push(source);
        if !errors.is_empty() {
            self.broken.push(id);
        }
        self.parse_errors.extend(errors.iter().cloned());
        self.asts.push(ast);
        self.paths.push(key.clone());
        self.by_path.insert(key, id);
        id
    }

    /// Adds a file from its text (for an editor's unsaved buffer, or a test).
    pub fn add_text(&mut self, path: &Path, text: String) -> FileId {
        let key = self.key(path);
        let parsed_id = FileId(u32::try_from(self.asts.len()).unwrap_or(u32::MAX));
        let parse = care_syntax::parse(&text, parsed_id);
        let id = self.sources.add(path.display().to_string(), text);
        debug_assert_eq!(id, parsed_id);
        if !parse.errors.is_empty() {
            self.broken.push(id);
        }
        self.parse_errors.extend(parse.errors);
        self.asts.push(std::sync::Arc::new(parse.file));
        self.paths.push(key.clone());
        self.by_path.insert(key, id);
        id
    }

    /// Reads and adds a file from disk, once.
    pub fn load(&mut self, path: &Path) -> std::io::Result<FileId> {
        if let Some(id) = self.by_path.get(&self.key(path)) {
            return Ok(*id);
        }
        let text = std::fs::read_to_string(path)?;
        Ok(self.add_text(path, text))
    }

    /// Loads the files that the loaded files include, transitively. Missing ones are left for
    /// the assembler to report where they are named.
    pub fn load_includes(&mut self) {
        if self.in_memory {
            return; // the host gave every file it has
        }
        let mut next = 0;
        while next < self.asts.len() {
            let id = FileId(u32::try_from(next).unwrap_or(u32::MAX));
            let includes: Vec<String> = self.asts[next]
                .items
                .iter()
                .filter_map(|i| match &i.kind {
                    ItemKind::Include(p) => Some(p.node.clone()),
                    _ => None,
                })
                .collect();
            for rel in includes {
                if let Some(path) = self.include_path(id, &rel) {
                    if path.is_file() {
                        let _ = self.load(&path);
                    }
                }
            }
            next += 1;
        }
    }

    pub fn ast(&self, file: FileId) -> Option<&File> {
        self.asts.get(file.0 as usize).map(|a| &**a)
    }

    pub fn path(&self, file: FileId) -> Option<&Path> {
        self.paths.get(file.0 as usize).map(PathBuf::as_path)
    }

    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.asts.len()).map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
    }

    pub fn is_version(&self, file: FileId) -> bool {
        self.ast(file).is_some_and(|f| {
            f.items
                .iter()
                .any(|i| matches!(i.kind, ItemKind::Policy(_)))
        })
    }

    fn include_path(&self, from: FileId, rel: &str) -> Option<PathBuf> {
        let dir = self.path(from)?.parent()?;
        Some(dir.join(rel))
    }

    pub fn resolve_include(&self, from: FileId, rel: &str) -> Result<FileId, String> {
        let path = self
            .include_path(from, rel)
            .ok_or_else(|| "no folder for this file".to_string())?;
        self.by_path
            .get(&self.key(&path))
            .copied()
            .ok_or_else(|| format!("no file `{rel}` beside this one"))
    }

    /// The policy header of a version file (the first `policy` item).
    pub fn header(&self, file: FileId) -> Header {
        let mut h = Header {
            file,
            ..Header::default()
        };
        let Some(ast) = self.ast(file) else { return h };
        let Some((span, policy)) = ast.items.iter().find_map(|i| match &i.kind {
            ItemKind::Policy(p) => Some((i.span, p)),
            _ => None,
        }) else {
            return h;
        };
        h.span = span;
        h.id = Some(policy.id.clone());
        h.title = Some(policy.title.clone());
        for p in &policy.props {
            match &p.node {
                PolicyProp::Version(d) => h.version = Some(d.clone()),
                PolicyProp::Amends(d) => h.amends = Some(d.clone()),
                PolicyProp::InForce { from, until } => {
                    h.in_force = Some((from.clone(), until.clone()))
                }
                PolicyProp::Timezone(t) => h.timezone = Some(t.clone()),
                PolicyProp::Reference(e) => h.reference = Some(e.clone()),
                PolicyProp::ChosenObjectives(e) => h.chosen_objectives = Some(e.clone()),
                PolicyProp::Meta(m) => h.meta.push(crate::decls::At::new(
                    file,
                    care_syntax::Node::new(m.clone(), p.span),
                )),
            }
        }
        h
    }

    /// The version files in the same folder as `file`.
    pub fn folder_versions(&self, file: FileId) -> Vec<FileId> {
        let dir = self
            .path(file)
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        self.files()
            .filter(|f| {
                self.is_version(*f)
                    && self.path(*f).and_then(Path::parent).map(Path::to_path_buf) == dir
            })
            .collect()
    }

    pub fn version_in_folder(&self, file: FileId, date: jiff::civil::Date) -> Option<FileId> {
        self.folder_versions(file)
            .into_iter()
            .find(|f| self.header(*f).version.is_some_and(|v| v.node == date))
    }

    pub fn versions_in_folder(&self, file: FileId) -> Vec<jiff::civil::Date> {
        let mut dates: Vec<_> = self
            .folder_versions(file)
            .into_iter()
            .filter_map(|f| self.header(f).version.map(|v| v.node))
            .collect();
        dates.sort();
        dates
    }
}
