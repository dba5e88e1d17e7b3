//! What a check may read from the disk, and how. A policy proposed in a pull request is hostile
//! input for the CI that checks it: nothing outside the policy's folder is ever read (or shown in
//! a diagnostic), only regular files are opened (a FIFO would block, `/dev/zero` never ends), a
//! file has a size limit, and a folder walk follows no link out of the folder nor into a cycle.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest `.care` file read: 1 MiB, about twenty-four times the largest real policy file
/// (43 KB). The parser's memory grows with the text (pest keeps every token of the file): at
/// 1 MiB the worst shapes measured peak near 140 MB, at 4 MiB near 1 GB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file's text, and the offset of its first byte that is not UTF-8, if any (the text then holds
/// U+FFFD in its place, so that the rest can still be checked and the place shown).
#[derive(Debug)]
pub struct FileText {
    pub text: String,
    pub invalid_utf8_at: Option<usize>,
}

/// Errors of this module name the path: "`policies/x.care`: not a regular file".
fn located(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("`{}`: {e}", path.display()))
}

fn refuse(path: &Path, why: &str) -> std::io::Error {
    located(
        path,
        std::io::Error::new(std::io::ErrorKind::InvalidInput, why),
    )
}

/// Reads a policy file: a regular file (links followed) of at most [`MAX_FILE_BYTES`].
pub fn read_policy_file(path: &Path) -> std::io::Result<FileText> {
    let meta = std::fs::metadata(path).map_err(|e| located(path, e))?;
    if !meta.is_file() {
        return Err(refuse(path, "not a regular file"));
    }
    let too_large = format!(
        "larger than {} MiB, the limit for a policy file",
        MAX_FILE_BYTES >> 20
    );
    if meta.len() > MAX_FILE_BYTES {
        return Err(refuse(path, &too_large));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| located(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(refuse(path, &too_large));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => FileText {
            text,
            invalid_utf8_at: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            FileText {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                invalid_utf8_at: Some(at),
            }
        }
    })
}

/// The `.care` files under `paths`: a file is taken as given; a folder is walked, sorted, without
/// hidden entries, without following links to folders (no cycles), and with links to files taken
/// only when they lead to a regular file inside the folder walked. Each file once, even when
/// links name it several times.
pub fn care_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| located(p, e))?;
        let real = p.canonicalize().map_err(|e| located(p, e))?;
        if meta.is_dir() {
            walk(p, &real, &mut seen, &mut out)?;
        } else if seen.insert(real) {
            out.push(p.clone());
        }
    }
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    root: &Path,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .and_then(|entries| entries.collect::<Result<_, _>>())
        .map_err(|e| located(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let kind = e.file_type().map_err(|e| located(&path, e))?;
        if kind.is_dir() {
            walk(&path, root, seen, out)?;
            continue;
        }
        if path.extension().is_none_or(|x| x != "care") {
            continue;
        }
        let target = if kind.is_symlink() {
            match path.canonicalize() {
                Ok(t) if t.starts_with(root) && t.is_file() => t,
                _ => continue, // dangling, a folder, a device, or outside the folder: not ours
            }
        } else if kind.is_file() {
            path.canonicalize().map_err(|e| located(&path, e))?
        } else {
            continue; // a FIFO, a socket, a device
        };
        if seen.insert(target) {
            out.push(path);
        }
    }
    Ok(())
}

/// Why an `include` is refused before anything is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Said at the path, in the diagnostic's label.
    pub label: String,
    pub help: String,
    /// The catalog entry of the diagnostic (E0313-…): its label and help; `detail` is the
    /// system's own words, when they are the help.
    pub key: &'static str,
    pub detail: String,
}

impl Refusal {
    fn outside() -> Self {
        Refusal {
            key: "E0313-outside",
            detail: String::new(),
            label: "outside the policy folder".to_string(),
            help: "an included file is in the folder of the policy that includes it (or below it), named by a relative path: copy the module into the folder".to_string(),
        }
    }
}

/// The file an `include "rel"` written in `including` names, if it stays inside `root` (the
/// folder of the policy being assembled): `rel` is relative, and neither `..` nor a link leads
/// out of the folder.
pub fn include_target(including: &Path, root: &Path, rel: &str) -> Result<PathBuf, Refusal> {
    let target = include_target_by_name(including, root, rel)?;
    let real_root = std::path::absolute(root)
        .map(|r| lexical(&r))
        .unwrap_or_else(|_| root.to_path_buf());
    let real_root = real_root.canonicalize().unwrap_or(real_root);
    match target.canonicalize() {
        Ok(real) if !real.starts_with(&real_root) => Err(Refusal::outside()),
        _ => Ok(target),
    }
}

/// [`include_target`] by the names alone (`..` and absolute paths), without the disk: for an
/// editor's in-memory files.
pub fn include_target_by_name(
    including: &Path,
    root: &Path,
    rel: &str,
) -> Result<PathBuf, Refusal> {
    let rel_path = Path::new(rel);
    if rel.is_empty() || rel_path.has_root() || rel.starts_with('\\') {
        return Err(Refusal::outside());
    }
    let dir = including.parent().unwrap_or(Path::new(""));
    let absolute = |p: &Path| std::path::absolute(p).map(|p| lexical(&p));
    let (Ok(dir), Ok(root)) = (absolute(dir), absolute(root)) else {
        return Err(Refusal::outside());
    };
    // By the names first (`../x.care`), then on the disk (links), both against the folder.
    let target = lexical(&dir.join(rel_path));
    if !target.starts_with(&root) {
        return Err(Refusal::outside());
    }
    Ok(target)
}

/// A path with `.` and `..` resolved by their names, without the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_stay_in_the_folder() {
        let root = Path::new("policies/p");
        let from = Path::new("policies/p/v.care");
        let expected = std::path::absolute("policies/p/donnees.care").unwrap();
        assert_eq!(
            include_target(from, root, "donnees.care"),
            Ok(expected.clone())
        );
        assert_eq!(
            include_target(Path::new("policies/p/sub/m.care"), root, "../donnees.care"),
            Ok(expected)
        );
        assert_eq!(
            include_target(Path::new("v.care"), Path::new(""), "../x.care"),
            Err(Refusal::outside())
        );
        for bad in [
            "/proc/self/environ",
            "../q/donnees.care",
            "sub/../../q.care",
            "",
        ] {
            assert_eq!(
                include_target(from, root, bad),
                Err(Refusal::outside()),
                "{bad}"
            );
        }
    }
}
