//! `care fmt [--check] PATH...`: rewrites policies in the canonical layout (see `care_fmt`).
//!
//! With `--check`, writes nothing: lists the files that would change, one path per line on
//! stdout, and exits 1 when there is any. A file that does not parse is never rewritten: its
//! syntax errors go to stderr and the command exits 1. A file that cannot be read or written
//! makes it exit 6, after it has done what it could with the others.
//!
//! A file is rewritten by writing the new text beside it and renaming it over the old one, with
//! the old one's permissions: a full disk or a crash leaves the old text whole, never half of it.

use crate::{exit, ui};
use care_syntax::{Diagnostic, Sources};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  care fmt policies/                    rewrite the files not in the canonical layout
  care fmt --check policies/            list them, write nothing (exit 1 if any)
  care fmt - < donnees.care             format standard input to standard output (editors)

Exit: 0 done, 1 files to reformat (--check) or with syntax errors, 6 a file could not be read
or written.")]
pub struct Args {
    /// Files or folders to format (`-`: standard input, formatted to standard output)
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Do not write: list the files that would change and exit 1
    #[arg(long)]
    check: bool,
}

pub fn run(args: Args) -> i32 {
    let color = crate::ui::color_stderr();
    run_with(
        &args,
        color,
        &mut crate::output::Stdout,
        &mut crate::output::Stderr,
    )
}

#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
    broken: usize,
    io_errors: usize,
}

fn run_with(args: &Args, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            let _ = writeln!(err, "{}", ui::error("cli-fmt-stdin-alone", &[]));
            return exit::USAGE;
        }
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text) {
            let reason = ui::io_reason(&e);
            let _ = writeln!(
                err,
                "{}",
                ui::error("cli-cannot-read-stdin", &[("reason", &reason)])
            );
            return exit::IO;
        }
        return format_stdin(&text, args.check, color, out, err);
    }
    let mut tally = Tally::default();
    let mut files = Vec::new();
    for path in &args.paths {
        match care_check::loader::care_files(std::slice::from_ref(path)) {
            Ok(found) => files.extend(found),
            Err(e) => {
                let what = ui::io_reason(&e);
                let _ = writeln!(err, "{}", ui::error("cli-cannot-read", &[("what", &what)]));
                tally.io_errors += 1;
            }
        }
    }
    files.sort();
    files.dedup();
    for file in &files {
        format_file(file, args.check, color, &mut tally, out, err);
    }

    let (changed, files, broken) = (
        tally.changed.to_string(),
        tally.files.to_string(),
        tally.broken.to_string(),
    );
    let counts = [("changed", changed.as_str()), ("files", files.as_str())];
    let summary = if args.check {
        ui::text("cli-fmt-would-reformat", &counts)
    } else {
        ui::text("cli-fmt-reformatted", &counts)
    };
    let broken = if tally.broken > 0 {
        ui::text("cli-fmt-not-formatted", &[("count", &broken)])
    } else {
        String::new()
    };
    if !crate::ui::quiet() {
        let _ = writeln!(err, "{summary}{broken}");
    }

    if tally.io_errors > 0 {
        exit::IO
    } else if tally.broken > 0 || (args.check && tally.changed > 0) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// `care fmt -`: the formatted text on standard output (nothing when it has syntax errors, which
/// go to standard error); with `--check`, only the exit code says whether it would change.
fn format_stdin(
    text: &str,
    check: bool,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match care_fmt::format(text) {
        Ok(formatted) if check => {
            if formatted == text {
                exit::OK
            } else {
                let _ = writeln!(out, "-");
                exit::FINDINGS
            }
        }
        Ok(formatted) => {
            let _ = out.write_all(formatted.as_bytes());
            exit::OK
        }
        Err(diagnostics) => {
            let mut sources = Sources::new();
            sources.add("<stdin>".to_string(), text);
            write_diagnostics(&diagnostics, &sources, color, err);
            exit::FINDINGS
        }
    }
}

fn format_file(
    file: &Path,
    check: bool,
    color: bool,
    tally: &mut Tally,
    out: &mut dyn Write,
    err: &mut dyn Write,
) {
    let text = match care_check::files::read_policy_file(file) {
        Ok(t) if t.invalid_utf8_at.is_none() => t.text,
        Ok(t) => {
            tally.files += 1;
            tally.broken += 1;
            let at = t.invalid_utf8_at.unwrap_or(0);
            let (line, col) = care_syntax::LineIndex::new(&t.text).line_col(&t.text, at);
            let (path, line, col) = (
                file.display().to_string(),
                line.to_string(),
                col.to_string(),
            );
            let _ = writeln!(
                err,
                "{}",
                ui::text(
                    "cli-fmt-not-utf8",
                    &[("path", &path), ("line", &line), ("column", &col)]
                )
            );
            return;
        }
        Err(e) => {
            let what = ui::io_reason(&e);
            let _ = writeln!(err, "{}", ui::error("cli-cannot-read", &[("what", &what)]));
            tally.io_errors += 1;
            return;
        }
    };
    tally.files += 1;
    let formatted = match care_fmt::format(&text) {
        Ok(f) => f,
        Err(diagnostics) => {
            tally.broken += 1;
            let mut sources = Sources::new();
            sources.add(file.display().to_string(), text.as_str());
            write_diagnostics(&diagnostics, &sources, color, err);
            return;
        }
    };
    if formatted == text {
        return;
    }
    if check {
        tally.changed += 1;
        let _ = writeln!(out, "{}", file.display());
    } else {
        match write_atomically(file, &formatted) {
            Ok(()) => tally.changed += 1,
            Err(e) => {
                let (path, reason) = (file.display().to_string(), ui::io_reason(&e));
                let _ = writeln!(
                    err,
                    "{}",
                    ui::error("cli-cannot-write", &[("path", &path), ("reason", &reason)])
                );
                tally.io_errors += 1;
            }
        }
    }
}

/// Replaces a file's text: the new text goes to a temporary file in the same folder, is flushed
/// to the disk, gets the old file's permissions, then is renamed over the file (through a link,
/// over the file it points to). On any failure the old file is untouched and the temporary file
/// removed.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = path.canonicalize()?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(&target)?.permissions();
    let temp = dir.join(format!(".{name}.{}.care-fmt", std::process::id()));
    // `create_new`: never write through something that already stands there.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let written = f
        .write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .and_then(|()| std::fs::set_permissions(&temp, permissions))
        .and_then(|()| std::fs::rename(&temp, &target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Syntax errors, in the language of the messages.
fn write_diagnostics(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    color: bool,
    err: &mut dyn Write,
) {
    let catalog = care_i18n::Catalog::new(ui::lang());
    for d in diagnostics {
        let _ = write!(
            err,
            "{}",
            care_i18n::render_human(&catalog, d, sources, color)
        );
        let _ = writeln!(err);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const CLEAN: &str = "rule R \"r\" {\n  require a\n}\n";
    const MESSY: &str = "rule   R \"r\" {   require a }\n";
    const BROKEN: &str = "rule R \"r\" {\n  require ==\n}\n";

    /// A fresh folder under the system's temporary folder.
    fn temp_dir(name: &str) -> PathBuf {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("care-fmt-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn run_on(paths: Vec<PathBuf>, check: bool) -> (i32, String, String) {
        let args = Args { paths, check };
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = run_with(&args, false, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn check_on_clean_files_exits_0() {
        let dir = temp_dir("clean");
        std::fs::write(dir.join("a.care"), CLEAN).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b.care"), CLEAN).unwrap();
        std::fs::write(dir.join("notes.txt"), MESSY).unwrap();
        let (code, out, err) = run_on(vec![dir.clone()], true);
        assert_eq!(code, exit::OK, "{err}");
        assert_eq!(out, "");
        assert!(err.contains("0 of 2 files would be reformatted"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn check_lists_unformatted_files_and_exits_1_without_writing() {
        let dir = temp_dir("messy");
        std::fs::write(dir.join("a.care"), CLEAN).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        let messy = dir.join("sub/b.care");
        std::fs::write(&messy, MESSY).unwrap();
        let (code, out, _) = run_on(vec![dir.clone()], true);
        assert_eq!(code, exit::FINDINGS);
        assert_eq!(out, format!("{}\n", messy.display()));
        assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn formatting_rewrites_only_the_files_that_change() {
        let dir = temp_dir("write");
        let clean = dir.join("a.care");
        let messy = dir.join("b.care");
        std::fs::write(&clean, CLEAN).unwrap();
        std::fs::write(&messy, MESSY).unwrap();
        let before = std::fs::metadata(&clean).unwrap().modified().unwrap();
        let (code, out, err) = run_on(vec![dir.clone()], false);
        assert_eq!(code, exit::OK, "{err}");
        assert_eq!(out, "");
        assert!(err.contains("1 of 2 files reformatted"), "{err}");
        assert_eq!(std::fs::read_to_string(&messy).unwrap(), CLEAN);
        assert_eq!(
            std::fs::metadata(&clean).unwrap().modified().unwrap(),
            before
        );
        // Now everything is formatted.
        let (code, out, _) = run_on(vec![dir.clone()], true);
        assert_eq!((code, out.as_str()), (exit::OK, ""));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn broken_files_are_reported_and_never_rewritten() {
        let dir = temp_dir("broken");
        let broken = dir.join("broken.care");
        std::fs::write(&broken, BROKEN).unwrap();
        std::fs::write(dir.join("messy.care"), MESSY).unwrap();
        for check in [true, false] {
            let (code, _, err) = run_on(vec![broken.clone()], check);
            assert_eq!(code, exit::FINDINGS);
            assert!(err.contains("E0001"), "{err}");
            assert!(err.contains("broken.care"), "{err}");
            assert!(
                err.contains("1 not formatted because of syntax errors"),
                "{err}"
            );
            assert_eq!(std::fs::read_to_string(&broken).unwrap(), BROKEN);
        }
        // The other files are still formatted.
        let (code, _, _) = run_on(vec![dir.clone()], false);
        assert_eq!(code, exit::FINDINGS);
        assert_eq!(
            std::fs::read_to_string(dir.join("messy.care")).unwrap(),
            CLEAN
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_section_holding_a_url_formats_once_and_stays() {
        let dir = temp_dir("url");
        let file = dir.join("a.care");
        let text = "rule R \"r\" {\n  source CDC §https://esante.gouv.fr/x\n  require a\n}\n";
        std::fs::write(&file, text).unwrap();
        for _ in 0..2 {
            let (code, out, err) = run_on(vec![dir.clone()], true);
            assert_eq!((code, out.as_str()), (exit::OK, ""), "{err}");
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn rewriting_keeps_permissions_and_links_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("perms");
        let file = dir.join("a.care");
        std::fs::write(&file, MESSY).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("b.care");
        std::os::unix::fs::symlink("a.care", &link).unwrap();
        let (code, _, err) = run_on(vec![link.clone()], false);
        assert_eq!(code, exit::OK, "{err}");
        assert!(err.contains("1 of 1 file reformatted"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), CLEAN);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_file_whole_and_is_not_counted() {
        let dir = temp_dir("failed-write");
        let file = dir.join("a.care");
        std::fs::write(&file, MESSY).unwrap();
        // Something already stands where the temporary file would go: it cannot be made.
        let temp = dir.join(format!(".a.care.{}.care-fmt", std::process::id()));
        std::fs::create_dir(&temp).unwrap();
        let (code, _, err) = run_on(vec![file.clone()], false);
        assert_eq!(code, exit::IO, "{err}");
        assert!(err.contains("cannot write"), "{err}");
        assert!(err.contains("0 of 1 file reformatted"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), MESSY);
        assert!(temp.is_dir(), "what stood there is left alone");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn missing_paths_exit_6() {
        let dir = temp_dir("missing");
        let (code, _, err) = run_on(vec![dir.join("nope.care")], true);
        assert_eq!(code, exit::IO);
        assert!(err.contains("cannot read"), "{err}");
        assert!(err.contains("nope.care"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
