//! Where the dossiers of a batch come from: chunks of a JSON Lines stream, of a folder's files,
//! or of dossiers in memory.

use std::io::{self, BufRead};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::*;
use crate::{jsonl_records, Format, JsonLines};

/// One dossier of a chunk: its bytes are `data[range]`.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub(crate) id: DossierId,
    pub(crate) range: Range<usize>,
    pub(crate) format: Format,
    /// The dossier could not be read: why, and how to count it.
    pub(crate) fault: Option<(ErrorKind, String)>,
}

/// Dossiers read together and handed to one worker.
#[derive(Debug, Default)]
pub struct Chunk {
    pub(crate) data: Vec<u8>,
    pub(crate) items: Vec<Item>,
    /// Input bytes the chunk accounts for (for progress).
    pub(crate) bytes: u64,
}

impl Chunk {
    pub(crate) fn clear(&mut self) {
        self.data.clear();
        self.items.clear();
        self.bytes = 0;
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn full(&self, limits: &Limits) -> bool {
        self.items.len() >= limits.items || self.data.len() >= limits.bytes
    }
}

/// How much a chunk may hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub items: usize,
    pub bytes: usize,
}

/// Where the dossiers of a batch come from.
pub trait Source {
    /// Appends the next dossiers to `chunk` until it is full (see [`Limits`]) or the input ends;
    /// leaves it empty at the end. An error stops the batch.
    fn fill(&mut self, chunk: &mut Chunk, limits: Limits) -> io::Result<()>;
}

/// Dossiers of a JSON Lines stream, each named by its line number.
pub struct JsonlSource<R> {
    pub(crate) lines: JsonLines<R>,
}

impl<R: BufRead> JsonlSource<R> {
    pub fn new(reader: R) -> JsonlSource<R> {
        JsonlSource {
            lines: jsonl_records(reader),
        }
    }

    /// Sets the longest line accepted, in bytes (a longer one is an `invalid_data` error).
    pub fn max_line(self, max: usize) -> Self {
        JsonlSource {
            lines: self.lines.max_line(max),
        }
    }
}

impl<R: BufRead> Source for JsonlSource<R> {
    fn fill(&mut self, chunk: &mut Chunk, limits: Limits) -> io::Result<()> {
        while !chunk.full(&limits) {
            match self.lines.next_line() {
                None => break,
                Some(Ok(line)) => {
                    let start = chunk.data.len();
                    chunk.data.extend_from_slice(line.bytes);
                    chunk.bytes += line.bytes.len() as u64 + 1;
                    chunk.items.push(Item {
                        id: DossierId::Line(line.number),
                        range: start..chunk.data.len(),
                        format: Format::Json,
                        fault: None,
                    });
                }
                Some(Err(crate::JsonLinesError::TooLong { line, max })) => {
                    let at = chunk.data.len();
                    chunk.bytes += max as u64;
                    chunk.items.push(Item {
                        id: DossierId::Line(line),
                        range: at..at,
                        format: Format::Json,
                        fault: Some((
                            ErrorKind::InvalidData,
                            format!("the line is longer than {max} bytes"),
                        )),
                    });
                }
                Some(Err(crate::JsonLinesError::Io(e))) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Dossiers of a folder: every `*.json`, `*.yaml` and `*.yml` file except `*.expected.json`,
/// sorted by name, each named by its file name.
pub struct FolderSource {
    pub(crate) files: std::vec::IntoIter<PathBuf>,
    pub(crate) total: usize,
}

/// Whether a file of a folder is a dossier.
pub fn is_dossier_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    !lower.ends_with(".expected.json")
        && (lower.ends_with(".json") || lower.ends_with(".yaml") || lower.ends_with(".yml"))
}

impl FolderSource {
    /// Lists the dossiers of `dir` (not its subfolders).
    pub fn new(dir: &Path) -> io::Result<FolderSource> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if is_dossier_file(&path) && !entry.file_type()?.is_dir() {
                files.push(path);
            }
        }
        files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        let total = files.len();
        Ok(FolderSource {
            files: files.into_iter(),
            total,
        })
    }

    /// How many dossiers the folder holds.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

impl Source for FolderSource {
    fn fill(&mut self, chunk: &mut Chunk, limits: Limits) -> io::Result<()> {
        while !chunk.full(&limits) {
            let Some(path) = self.files.next() else {
                break;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let start = chunk.data.len();
            let read =
                std::fs::File::open(&path).and_then(|f| crate::read_dossier(f, &mut chunk.data));
            let fault = match read {
                Ok(true) => None,
                Ok(false) => Some((
                    ErrorKind::InvalidData,
                    format!(
                        "the file is larger than {} MiB, the largest dossier read",
                        crate::MAX_DOSSIER_BYTES >> 20
                    ),
                )),
                Err(e) => {
                    chunk.data.truncate(start);
                    Some((ErrorKind::Unreadable, format!("cannot read the file: {e}")))
                }
            };
            let range = start..chunk.data.len();
            chunk.bytes += range.len() as u64;
            let format = Format::detect(&path, &chunk.data[range.clone()]);
            chunk.items.push(Item {
                id: DossierId::File(name),
                range,
                format,
                fault,
            });
        }
        Ok(())
    }
}

/// Dossiers given in memory (tests, embedding): `(id, format, bytes)`.
pub struct MemorySource<I> {
    pub(crate) items: I,
}

impl<I: Iterator<Item = (DossierId, Format, Vec<u8>)>> MemorySource<I> {
    pub fn new(items: impl IntoIterator<IntoIter = I>) -> MemorySource<I> {
        MemorySource {
            items: items.into_iter(),
        }
    }
}

impl<I: Iterator<Item = (DossierId, Format, Vec<u8>)>> Source for MemorySource<I> {
    fn fill(&mut self, chunk: &mut Chunk, limits: Limits) -> io::Result<()> {
        while !chunk.full(&limits) {
            let Some((id, format, bytes)) = self.items.next() else {
                break;
            };
            let start = chunk.data.len();
            chunk.data.extend_from_slice(&bytes);
            chunk.bytes += bytes.len() as u64;
            chunk.items.push(Item {
                id,
                range: start..chunk.data.len(),
                format,
                fault: None,
            });
        }
        Ok(())
    }
}
