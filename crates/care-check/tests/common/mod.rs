//! Shared by the checker's integration tests: the repository root as working directory (so that
//! paths in diagnostics are relative and stable), and the rendering of a check's diagnostics.

#![allow(dead_code)]

use care_check::CheckReport;
use care_syntax::diagnostic::{render_human, to_json};
use care_syntax::{Diagnostic, Sources};
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The repository root, made the working directory of the test process (once: every test of a
/// binary shares the process, and they all want the same directory).
pub fn enter_repo_root() -> PathBuf {
    static ONCE: Once = Once::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root");
    ONCE.call_once(|| std::env::set_current_dir(&root).expect("cd to the repository root"));
    root
}

/// One line per diagnostic: code, severity, `file:line:col-line:col` of the primary label, and
/// `(silenced)` when an `@allow` silenced it. Asserts where each diagnostic points.
pub fn locations(diags: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags {
        let j = to_json(d, sources);
        let severity = match d.severity {
            care_syntax::Severity::Error => "error",
            care_syntax::Severity::Warning => "warning",
        };
        let at = match (&j.file, j.line, j.column, j.end_line, j.end_column) {
            (Some(f), Some(l), Some(c), Some(el), Some(ec)) => format!("{f}:{l}:{c}-{el}:{ec}"),
            _ => "(no location)".to_string(),
        };
        let silenced = if d.silenced.is_some() {
            " (silenced)"
        } else {
            ""
        };
        out.push_str(&format!("{} {severity} {at}{silenced}\n", d.code));
    }
    out
}

/// Diagnostics whose rendering for people names another `line:col` than the JSON form does.
pub fn location_mismatches(report: &CheckReport) -> Vec<String> {
    let mut out = Vec::new();
    for d in &report.diagnostics {
        let j = to_json(d, &report.sources);
        let (Some(file), Some(line), Some(col)) = (&j.file, j.line, j.column) else {
            continue;
        };
        let rendered = render_human(d, &report.sources, false);
        let header = rendered
            .split_once("─[")
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(h, _)| h.to_string())
            .unwrap_or_default();
        let json = format!("{file}:{line}:{col}");
        if header != json {
            out.push(format!(
                "{}: rendered at `{header}`, JSON at `{json}`",
                d.code
            ));
        }
    }
    out
}

/// The whole report as a person reads it, preceded by the list of locations.
pub fn render_report(report: &CheckReport) -> String {
    let mut out = String::new();
    if report.diagnostics.is_empty() {
        out.push_str("(no diagnostic)\n");
        return out;
    }
    out.push_str(&locations(&report.diagnostics, &report.sources));
    for d in &report.diagnostics {
        out.push('\n');
        out.push_str(render_human(d, &report.sources, false).trim_end());
        out.push('\n');
    }
    out
}

/// The `.care` files of a folder, recursively, sorted.
pub fn care_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "care") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
