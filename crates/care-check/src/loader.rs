//! Finding `.care` files under the paths a user gives, and checking them.

use care_syntax::{Diagnostic, Sources};
use std::path::{Path, PathBuf};

/// Everything a check found, over every file it read.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<PathBuf>,
}

/// Collects the `.care` files under `paths` (files as given, folders recursively, sorted).
pub fn care_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        collect(p, &mut out)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let p = e.path();
            if p.is_dir() || p.extension().is_some_and(|x| x == "care") {
                collect(&p, out)?;
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Parses and checks every `.care` file under `paths`.
pub fn check_paths(paths: &[PathBuf]) -> std::io::Result<CheckReport> {
    let files = care_files(paths)?;
    let mut report = CheckReport {
        files: files.clone(),
        ..CheckReport::default()
    };
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        let id = report.sources.add(f.display().to_string(), text.clone());
        let parsed = care_syntax::parse(&text, id);
        report.diagnostics.extend(parsed.errors);
    }
    care_syntax::diagnostic::sort_diagnostics(&mut report.diagnostics);
    Ok(report)
}
