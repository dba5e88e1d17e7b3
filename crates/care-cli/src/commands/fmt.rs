//! `care fmt [--check] PATH...`: rewrites policies in the canonical layout (see `care_fmt`).
//!
//! With `--check`, writes nothing: lists the files that would change, one path per line on
//! stdout, and exits 1 when there is any. A file that does not parse is never rewritten: its
//! syntax errors go to stderr and the command exits 1. A file that cannot be read or written
//! makes it exit 6, after it has done what it could with the others.

use crate::exit;
use care_syntax::diagnostic::render_human;
use care_syntax::Sources;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to format
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Do not write: list the files that would change and exit 1
    #[arg(long)]
    check: bool,
}

pub fn run(args: Args) -> i32 {
    let color = std::io::stderr().is_terminal();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    run_with(&args, color, &mut out, &mut err)
}

#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
    broken: usize,
    io_errors: usize,
}

fn run_with(args: &Args, color: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut tally = Tally::default();
    let mut files = Vec::new();
    for path in &args.paths {
        match care_check::loader::care_files(std::slice::from_ref(path)) {
            Ok(found) => files.extend(found),
            Err(e) => {
                let _ = writeln!(err, "error: cannot read `{}`: {e}", path.display());
                tally.io_errors += 1;
            }
        }
    }
    files.sort();
    files.dedup();
    for file in &files {
        format_file(file, args.check, color, &mut tally, out, err);
    }

    let summary = if args.check {
        format!(
            "{} of {} file{} would be reformatted",
            tally.changed,
            tally.files,
            plural(tally.files)
        )
    } else {
        format!(
            "{} of {} file{} reformatted",
            tally.changed,
            tally.files,
            plural(tally.files)
        )
    };
    let broken = if tally.broken > 0 {
        format!(", {} not formatted because of syntax errors", tally.broken)
    } else {
        String::new()
    };
    let _ = writeln!(err, "{summary}{broken}");

    if tally.io_errors > 0 {
        exit::IO
    } else if tally.broken > 0 || (args.check && tally.changed > 0) {
        exit::FINDINGS
    } else {
        exit::OK
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
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read `{}`: {e}", file.display());
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
            for d in &diagnostics {
                let _ = write!(err, "{}", render_human(d, &sources, color));
                let _ = writeln!(err);
            }
            return;
        }
    };
    if formatted == text {
        return;
    }
    tally.changed += 1;
    if check {
        let _ = writeln!(out, "{}", file.display());
    } else if let Err(e) = std::fs::write(file, formatted) {
        let _ = writeln!(err, "error: cannot write `{}`: {e}", file.display());
        tally.io_errors += 1;
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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
    fn missing_paths_exit_6() {
        let dir = temp_dir("missing");
        let (code, _, err) = run_on(vec![dir.join("nope.care")], true);
        assert_eq!(code, exit::IO);
        assert!(err.contains("cannot read"), "{err}");
        assert!(err.contains("nope.care"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
