//! The files of a check: read, parsed, with their policy headers, folders and includes.
//! Reading goes through [`Workspace::add_text`] so that an editor can supply unsaved texts; what
//! may be read from the disk, and how, is `files.rs`.

use crate::decls::Header;
use crate::files::{self, Refusal};
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
    /// The folder each file's includes must stay in: the folder of the first version that
    /// includes it, or its own folder. `None` until its includes are followed.
    roots: Vec<Option<PathBuf>>,
    /// Includes refused or that could not be read, by including file and path as written.
    refused: HashMap<(FileId, String), Refusal>,
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
        self.roots.push(None);
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
        self.roots.push(None);
        self.paths.push(key.clone());
        self.by_path.insert(key, id);
        id
    }

    /// Reads and adds a file from disk, once (see [`files::read_policy_file`]). Bytes that are
    /// not UTF-8 are an error at their place; the rest of the file is still checked.
    pub fn load(&mut self, path: &Path) -> std::io::Result<FileId> {
        if let Some(id) = self.by_path.get(&self.key(path)) {
            return Ok(*id);
        }
        let read = files::read_policy_file(path)?;
        let id = self.add_text(path, read.text);
        if let Some(at) = read.invalid_utf8_at {
            let end = self.sources.get(id).map_or(at, |f| {
                f.text[at..]
                    .chars()
                    .next()
                    .map_or(at, |c| at + c.len_utf8())
            });
            self.parse_errors.push(
                Diagnostic::error("E0003", "this file is not UTF-8 text")
                    .with_key("E0003-not-utf8")
                    .with_label(id, care_syntax::Span::new(at, end), "not UTF-8")
                    .with_help_key("E0003-not-utf8-help", "save the file as UTF-8 (the encoding of every `.care` file); this byte is shown as �"),
            );
            if !self.broken.contains(&id) {
                self.broken.push(id);
            }
        }
        Ok(id)
    }

    /// Loads the files that the loaded files include, transitively, each include confined to the
    /// folder of the policy that includes it (see [`files::include_target`]): versions first, so
    /// that a module takes the folder of the version that includes it; then the modules no
    /// version reached, in their own folder. Refused or unreadable includes are kept for the
    /// assembler to report where they are written.
    pub fn load_includes(&mut self) {
        let mut queue: Vec<FileId> = Vec::new();
        for pass_versions in [true, false] {
            for f in self.files().collect::<Vec<_>>() {
                let i = f.0 as usize;
                if self.roots[i].is_none() && self.is_version(f) == pass_versions {
                    self.roots[i] = self.paths[i].parent().map(Path::to_path_buf);
                    queue.push(f);
                }
            }
            while let Some(f) = queue.pop() {
                self.follow_includes(f, &mut queue);
            }
        }
    }

    fn follow_includes(&mut self, from: FileId, queue: &mut Vec<FileId>) {
        let i = from.0 as usize;
        let (Some(root), Some(path)) = (self.roots[i].clone(), self.paths.get(i).cloned()) else {
            return;
        };
        let includes: Vec<String> = self.asts[i]
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Include(p) => Some(p.node.clone()),
                _ => None,
            })
            .collect();
        for rel in includes {
            // In memory, the same confinement by the names alone: there is no disk to ask.
            let target = if self.in_memory {
                files::include_target_by_name(&path, &root, &rel)
            } else {
                files::include_target(&path, &root, &rel)
            };
            let target = match target {
                Ok(t) => t,
                Err(refusal) => {
                    self.refused.insert((from, rel), refusal);
                    continue;
                }
            };
            if self.in_memory {
                if let Some(id) = self.by_path.get(&lexical(&target)).copied() {
                    let j = id.0 as usize;
                    if self.roots[j].is_none() {
                        self.roots[j] = Some(root.clone());
                        queue.push(id);
                    }
                }
                continue;
            }
            if !target.exists() {
                continue; // reported by the assembler as not found
            }
            match self.load(&target) {
                Ok(id) => {
                    let j = id.0 as usize;
                    if self.roots[j].is_none() {
                        self.roots[j] = Some(root.clone());
                        queue.push(id);
                    }
                }
                Err(e) => {
                    let refusal = Refusal {
                        label: "cannot be read".to_string(),
                        help: e.to_string(),
                        key: "E0313-unreadable",
                        detail: e.to_string(),
                    };
                    self.refused.insert((from, rel), refusal);
                }
            }
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

    /// The file an include names, or why there is none: refused, unreadable, or not found.
    pub fn resolve_include(&self, from: FileId, rel: &str) -> Result<FileId, Refusal> {
        if let Some(refusal) = self.refused.get(&(from, rel.to_string())) {
            return Err(refusal.clone());
        }
        let not_found = || Refusal {
            label: format!("no file `{rel}` beside this one"),
            help: "the path is relative to the folder of the including file".to_string(),
            key: "E0313-not-found",
            detail: String::new(),
        };
        let dir = self
            .path(from)
            .and_then(Path::parent)
            .ok_or_else(not_found)?;
        self.by_path
            .get(&self.key(&dir.join(rel)))
            .copied()
            .ok_or_else(not_found)
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
                PolicyProp::Identifier(e) => h.identifier = Some(e.clone()),
                PolicyProp::Decision(e) => h.decision = Some(e.clone()),
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
