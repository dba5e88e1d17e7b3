//! Finding `.care` files under the paths a user gives, and checking every version in them.

use crate::assemble::Assembler;
use crate::ir;
use crate::workspace::Workspace;
use care_syntax::{Diagnostic, FileId, Sources};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything a check found, over every file it read.
#[derive(Default)]
pub struct CheckReport {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<PathBuf>,
    /// The versions that checked without error, in the order their files were found.
    pub policies: Vec<Arc<ir::Policy>>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_blocking)
    }
}

pub use crate::files::care_files;

/// Parses and checks every `.care` file under `paths`.
pub fn check_paths(paths: &[PathBuf]) -> std::io::Result<CheckReport> {
    check_input(paths, None)
}

/// [`check_paths`], with also a text that is not on the disk (`care check -`: standard input)
/// under the name given with it: its includes and the version it amends are read beside that
/// name.
pub fn check_input(
    paths: &[PathBuf],
    stdin: Option<(PathBuf, String)>,
) -> std::io::Result<CheckReport> {
    let mut files = care_files(paths)?;
    let mut ws = Workspace::new();
    if let Some((name, text)) = stdin {
        ws.add_text(&name, text);
        files.insert(0, name);
    }
    for f in &files {
        ws.load(f)?;
    }
    let given: Vec<FileId> = ws.files().collect();
    // A version checked alone still needs the version it amends, and a module checked alone the
    // version that includes it: load their folder's other files (read, not reported on).
    for id in &given {
        if ws.header(*id).amends.is_some() || !ws.is_version(*id) {
            if let Some(dir) = ws.path(*id).and_then(Path::parent).map(Path::to_path_buf) {
                for sibling in care_files(&[dir]).unwrap_or_default() {
                    let _ = ws.load(&sibling);
                }
            }
        }
    }
    ws.load_includes();
    // The versions that include a module given alone: it is checked through them, and only the
    // given files' diagnostics are reported.
    let includers: Vec<FileId> = ws
        .files()
        .filter(|v| !given.contains(v) && ws.is_version(*v))
        .filter(|v| {
            let reached = reach(&ws, *v);
            given
                .iter()
                .any(|g| !ws.is_version(*g) && reached.contains(g))
        })
        .collect();
    let roots: Vec<FileId> = given.iter().chain(&includers).copied().collect();
    let (mut diagnostics, policies) = check_workspace(&mut ws, &roots);
    if !includers.is_empty() {
        diagnostics.retain(|d| d.primary().is_none_or(|l| given.contains(&l.file)));
    }
    Ok(CheckReport {
        sources: std::mem::take(&mut ws.sources),
        diagnostics,
        files,
        policies,
    })
}

/// The files a file includes, directly or through other includes.
fn reach(ws: &Workspace, from: FileId) -> Vec<FileId> {
    let mut seen = vec![from];
    let mut stack = vec![from];
    while let Some(f) = stack.pop() {
        let Some(ast) = ws.ast(f) else { continue };
        for item in &ast.items {
            if let care_syntax::ast::ItemKind::Include(rel) = &item.kind {
                if let Ok(t) = ws.resolve_include(f, &rel.node) {
                    if !seen.contains(&t) {
                        seen.push(t);
                        stack.push(t);
                    }
                }
            }
        }
    }
    seen
}

/// One version of a workspace check, with what its check found (errors or not).
pub struct VersionCheck {
    pub file: FileId,
    pub decls: crate::decls::Declarations,
    /// The checked policy, when the version has no error (also in [`WorkspaceCheck::policies`]).
    pub policy: Option<Arc<ir::Policy>>,
    /// The rest of what its check found; its diagnostics are in [`WorkspaceCheck::diagnostics`].
    pub checked: crate::check::Checked,
}

/// Everything a workspace check found, for callers that need more than diagnostics.
pub struct WorkspaceCheck {
    pub diagnostics: Vec<Diagnostic>,
    pub policies: Vec<Arc<ir::Policy>>,
    pub versions: Vec<VersionCheck>,
}

/// Checks the versions among `roots` (and the modules they include). Modules that no version
/// includes are reported, since nothing would check them.
pub fn check_workspace(
    ws: &mut Workspace,
    roots: &[FileId],
) -> (Vec<Diagnostic>, Vec<Arc<ir::Policy>>) {
    ws.load_includes();
    let c = check_loaded(ws, roots);
    (c.diagnostics, c.policies)
}

/// [`check_workspace`] over the files already in `ws` (no include is read from disk).
pub fn check_loaded(ws: &Workspace, roots: &[FileId]) -> WorkspaceCheck {
    let mut diags = ws.parse_errors.clone();
    for f in ws.files() {
        if let Some(source) = ws.sources.get(f) {
            diags.extend(crate::lookalike::scan(f, &source.text));
        }
    }
    let versions: Vec<FileId> = roots
        .iter()
        .copied()
        .filter(|f| ws.is_version(*f))
        .collect();
    let file_table: Vec<Option<Arc<care_syntax::SourceFile>>> =
        ws.files().map(|f| ws.sources.get(f).cloned()).collect();
    let mut assembler = Assembler::new(ws);
    let mut policies = Vec::new();
    let mut included: Vec<FileId> = Vec::new();
    let mut per_version: Vec<(FileId, Option<FileId>, Vec<Diagnostic>)> = Vec::new();
    let mut details = Vec::new();
    for v in &versions {
        let decls = assembler.version(*v);
        included.extend(decls.files.iter().copied());
        if assembler.without_base.contains(v) {
            continue; // its E0309 says why; the rest would be echoes of the missing declarations
        }
        let mut checked =
            crate::check::check_version_full(&decls, file_table.clone(), ws.broken.clone());
        let base = ws
            .header(*v)
            .amends
            .and_then(|a| ws.version_in_folder(*v, a.node));
        per_version.push((*v, base, std::mem::take(&mut checked.diagnostics)));
        let policy = checked.policy.take().map(Arc::new);
        if let Some(p) = &policy {
            policies.push(p.clone());
        }
        details.push(VersionCheck {
            file: *v,
            decls,
            policy,
            checked,
        });
    }
    // A diagnostic that a version's amendments cause in the file of the version it amends says
    // which version it concerns (the amended version alone does not have it).
    for (v, base, ds) in &per_version {
        let version_name = ws
            .header(*v)
            .version
            .map(|d| d.node.to_string())
            .unwrap_or_default();
        let base_diags = base
            .and_then(|b| per_version.iter().find(|(f, _, _)| *f == b))
            .map(|(_, _, d)| d.clone())
            .unwrap_or_default();
        for d in ds {
            let mut d = d.clone();
            let elsewhere = d.primary().is_some_and(|l| l.file != *v);
            if base.is_some() && elsewhere && !base_diags.contains(&d) {
                let note =
                    format!("found while checking version `{version_name}`, which amends this one");
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}\n{note}"),
                    None => note,
                });
                // The translations add the note (`help-amending`) after the help of the entry.
                d.args.push(("amending", version_name.clone()));
            }
            diags.push(d);
        }
    }
    diags.append(&mut assembler.diags);
    explain_dropped_loops(&mut diags, &assembler.dropped_loops);
    diags.extend(folder_checks(ws, &versions));
    for f in roots {
        if !ws.is_version(*f) && !included.contains(f) && !ws.broken.contains(f) {
            let span = care_syntax::Span::new(0, 0);
            let mut d =
                Diagnostic::warning("W0002", "orphan_module", "no version includes this file")
                    .with_key("W0002-orphan");
            d.lint = None; // not something to silence: include the file or remove it
            diags.push(
                d
                    .with_label(*f, span, "not checked: no policy header and not included")
                    .with_help_key("W0002-orphan-help", "include it from a version (`include \"file.care\"`), or start it with a `policy` header"),
            );
        }
    }
    // A version that does not check is reported through its diagnostics; the base version's
    // diagnostics come again with each version amending it: keep one of each.
    care_syntax::diagnostic::sort_diagnostics(&mut diags);
    WorkspaceCheck {
        diagnostics: diags,
        policies,
        versions: details,
    }
}

/// A name unknown inside an amendment that dropped the `for each` binding it: the help says so.
fn explain_dropped_loops(diags: &mut [Diagnostic], dropped: &[crate::assemble::DroppedLoop]) {
    for d in diags.iter_mut() {
        if d.key != Some("E0101-unknown-name") {
            continue;
        }
        let Some(at) = d.primary().map(|l| (l.file, l.span)) else {
            continue;
        };
        let name = d.arg("name").unwrap_or_default().to_string();
        let Some(dl) = dropped.iter().find(|dl| {
            dl.binder == name
                && dl.file == at.0
                && dl.span.start <= at.1.start
                && at.1.end <= dl.span.end
        }) else {
            continue;
        };
        d.help = Some(format!(
            "the rule amended repeats `for each {name} in {list}`: an amendment that gives new logic replaces all of it (`when`, `for each`, `let`, `require`), so repeat `for each {name} in {list}` in it",
            list = dl.list
        ));
        d.key = Some("E0101-loop-dropped");
        d.help_key = None; // the entry's own help
        d.args.push(("list", dl.list.clone()));
    }
}

/// Versions of one folder: same policy id, distinct dates.
fn folder_checks(ws: &Workspace, versions: &[FileId]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let h = ws.header(*v);
        let dir = ws.path(*v).and_then(Path::parent);
        for w in &versions[..i] {
            if ws.path(*w).and_then(Path::parent) != dir {
                continue;
            }
            let g = ws.header(*w);
            if let (Some(a), Some(b)) = (&h.id, &g.id) {
                if a.node != b.node {
                    out.push(
                        Diagnostic::error(
                            "E0310",
                            format!(
                                "policy `{}` shares its folder with policy `{}`",
                                a.node, b.node
                            ),
                        )
                        .with_key("E0310-two-policies")
                        .with_arg("id", a.node.clone())
                        .with_arg("other", b.node.clone())
                        .with_label(*v, a.span, "another policy id")
                        .with_label(*w, b.span, "this folder's other version")
                        .with_help_key(
                            "E0310-two-policies-help",
                            "a folder holds the versions of one policy: give them the same id",
                        ),
                    );
                }
            }
            if let (Some(a), Some(b)) = (&h.version, &g.version) {
                if a.node == b.node {
                    out.push(
                        Diagnostic::error("E0310", format!("two versions dated `{}`", a.node))
                            .with_key("E0310-same-date")
                            .with_arg("date", a.node.to_string())
                            .with_label(*v, a.span, "same date")
                            .with_label(*w, b.span, "as this version")
                            .with_help_key(
                                "E0310-same-date-help",
                                "each version of a policy has its own date",
                            ),
                    );
                }
            }
        }
    }
    out
}
