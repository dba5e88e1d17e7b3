//! Batch evaluation: thousands of dossiers from a JSON Lines stream or a folder, evaluated in
//! parallel, one result line per dossier in input order.
//!
//! ```text
//!  source ──chunks──▶ worker threads (rayon) ──rendered chunks──▶ reorder window ──▶ writer
//!  (JSONL lines,       one Machine per thread      (JSONL or CSV     (input order)      (as soon
//!   folder files)      and version, reused)          lines, tallies)                      as ready)
//! ```
//!
//! Memory does not grow with the number of dossiers: the calling thread reads the input in chunks
//! (at most [`BatchOptions::chunk_items`] dossiers or [`BatchOptions::chunk_bytes`] bytes) and
//! keeps at most [`BatchOptions::window`] chunks between reading and writing, in flight or
//! waiting for an earlier chunk to be written. Workers render their results, so the calling
//! thread only reads, reorders and writes.
//!
//! A dossier that cannot be judged (invalid data, no version in force at its date, an evaluation
//! error) gives an error line with its id (its line number in JSON Lines, its file name in a
//! folder) and the batch goes on; only the input or the output failing stops it.
//!
//! ```ignore
//! let batch = Batch::new(&engine, BatchOptions::default())?;
//! let summary = batch.run(JsonlSource::new(reader), std::io::stdout().lock(), |_| {})?;
//! eprintln!("{summary}");
//! ```

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};

use care_check::ir::Policy;
use care_check::types::Type;
use rust_decimal::Decimal;

use crate::engine::{Engine, Failure};
use crate::eval::select::{reference_field, SelectError};
use crate::eval::trace::{Event, Read as TraceRead, Record, Trace};
use crate::eval::{constant_value, show, EvalError, Evaluation, Machine, Status};
use crate::render::{money_string, push_json_string, write_json};
use crate::report::ChecklistItem;
use crate::value::Value;
use crate::{jsonl_records, DataIssue, Decoder, Format, IssueKind, JsonLine, JsonLines};

/// How results are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object a line.
    #[default]
    Jsonl,
    /// A header, then one row a dossier; nested outputs flattened into dotted columns.
    Csv,
}

/// How CSV is written: for English-speaking tools (`,`, decimal point), or for a spreadsheet set
/// to French (`;` between fields, decimal comma, a UTF-8 byte order mark so that accents show).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvDialect {
    #[default]
    Standard,
    French,
}

impl CsvDialect {
    fn separator(self) -> char {
        match self {
            CsvDialect::Standard => ',',
            CsvDialect::French => ';',
        }
    }
}

#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub format: OutputFormat,
    /// The CSV dialect (for `OutputFormat::Csv`).
    pub csv: CsvDialect,
    /// Adds each dossier's explanation to its JSON line (JSON Lines only).
    pub explain: bool,
    /// Judge every dossier with this version (its date) instead of the one in force.
    pub version: Option<String>,
    /// Worker threads; `None`: one per core.
    pub threads: Option<usize>,
    /// Most dossiers in a chunk (with explanations, a sixteenth of it: their results are
    /// some 15 times larger).
    pub chunk_items: usize,
    /// Most bytes of input in a chunk (a single larger dossier makes a chunk alone).
    pub chunk_bytes: usize,
    /// Most chunks between reading and writing; `None`: three per thread, at least four.
    pub window: Option<usize>,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        BatchOptions {
            format: OutputFormat::Jsonl,
            csv: CsvDialect::Standard,
            explain: false,
            version: None,
            threads: None,
            chunk_items: 256,
            chunk_bytes: 512 << 10,
            window: None,
        }
    }
}

/// Why a batch could not start or had to stop.
#[derive(Debug)]
pub enum BatchError {
    /// The options do not fit the policy: an unknown `version`, no reference date, explanations
    /// in CSV.
    Usage(String),
    /// Reading the dossiers failed; the results before that point were written.
    Input(io::Error),
    /// Writing the results failed.
    Output(io::Error),
    /// The worker threads could not start.
    Threads(String),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Usage(m) => f.write_str(m),
            BatchError::Input(e) => write!(f, "cannot read the dossiers: {e}"),
            BatchError::Output(e) => write!(f, "cannot write the results: {e}"),
            BatchError::Threads(e) => write!(f, "cannot start the worker threads: {e}"),
        }
    }
}

impl std::error::Error for BatchError {}

/// Why a dossier has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// Not valid data for the policy (syntax, types, missing fields, an unreadable reference
    /// date, a line too long).
    InvalidData,
    /// No version of the policy is in force at the dossier's date.
    NoVersion,
    /// Evaluation stopped (overflow, division by zero, a key no table row covers).
    Evaluation,
    /// The dossier's file could not be read (folders only).
    Unreadable,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 4] = [
        ErrorKind::InvalidData,
        ErrorKind::NoVersion,
        ErrorKind::Evaluation,
        ErrorKind::Unreadable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidData => "invalid_data",
            ErrorKind::NoVersion => "no_version",
            ErrorKind::Evaluation => "evaluation_error",
            ErrorKind::Unreadable => "unreadable",
        }
    }

    fn index(self) -> usize {
        match self {
            ErrorKind::InvalidData => 0,
            ErrorKind::NoVersion => 1,
            ErrorKind::Evaluation => 2,
            ErrorKind::Unreadable => 3,
        }
    }
}

/// The identity of a dossier in a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DossierId {
    /// Its line number in a JSON Lines stream (from 1).
    Line(u64),
    /// Its file name in a folder.
    File(String),
}

impl fmt::Display for DossierId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DossierId::Line(n) => write!(f, "{n}"),
            DossierId::File(name) => f.write_str(name),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Input: chunks of dossiers

/// One dossier of a chunk: its bytes are `data[range]`.
#[derive(Clone, Debug)]
struct Item {
    id: DossierId,
    range: Range<usize>,
    format: Format,
    /// The dossier could not be read: why, and how to count it.
    fault: Option<(ErrorKind, String)>,
}

/// Dossiers read together and handed to one worker.
#[derive(Debug, Default)]
pub struct Chunk {
    data: Vec<u8>,
    items: Vec<Item>,
    /// Input bytes the chunk accounts for (for progress).
    bytes: u64,
}

impl Chunk {
    fn clear(&mut self) {
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

    fn full(&self, limits: &Limits) -> bool {
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
    lines: JsonLines<R>,
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
    files: std::vec::IntoIter<PathBuf>,
    total: usize,
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
    items: I,
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

// ---------------------------------------------------------------------------------------------
// Layout of the results

/// An output's columns in CSV: a leaf is one column; a record spreads over its fields.
#[derive(Clone, Debug)]
enum Flat {
    Leaf(usize),
    Record(Vec<Flat>),
}

/// Deepest record nesting spread over columns; deeper records go in one cell as JSON.
const MAX_FLAT_DEPTH: usize = 8;

/// What a version's results look like, computed once.
struct Layout {
    /// `,"policy":{"id":…,"version":…},"outputs":{`
    jsonl_head: String,
    /// `"name":` for each output.
    keys: Vec<String>,
    /// Each rule's code as a JSON string.
    rule_codes: Vec<String>,
    /// The version as CSV writes it.
    version: String,
    /// The CSV columns of each output.
    flat: Vec<Flat>,
    /// Summary slot of each output: a counted bool, a summed money amount.
    bool_slot: Vec<Option<usize>>,
    money_slot: Vec<Option<usize>>,
    /// With explanations: their parts that do not depend on the dossier.
    explain: Option<Explain>,
}

/// Column names in order of first appearance.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    /// Whether each column holds decimals (money, decimal, share): French CSV writes them with
    /// a decimal comma.
    decimal: Vec<bool>,
    index: std::collections::HashMap<String, usize>,
}

impl Columns {
    fn slot(&mut self, name: String) -> usize {
        if let Some(i) = self.index.get(&name) {
            return *i;
        }
        let i = self.names.len();
        self.index.insert(name.clone(), i);
        self.names.push(name);
        self.decimal.push(false);
        i
    }
}

fn flatten(policy: &Policy, ty: &Type, name: String, depth: usize, cols: &mut Columns) -> Flat {
    let fields: Option<Vec<(String, Type)>> = match ty.required() {
        Type::Record(id) if depth < MAX_FLAT_DEPTH => policy.schema.record(*id).map(|r| {
            r.fields
                .iter()
                .map(|f| (f.name.clone(), f.ty.clone()))
                .collect()
        }),
        Type::Struct(fields) if depth < MAX_FLAT_DEPTH => Some(fields.to_vec()),
        _ => None,
    };
    match fields {
        Some(fields) => Flat::Record(
            fields
                .into_iter()
                .map(|(f, t)| flatten(policy, &t, format!("{name}.{f}"), depth + 1, cols))
                .collect(),
        ),
        None => {
            let col = cols.slot(name);
            if matches!(ty.required(), Type::Money | Type::Decimal | Type::Share) {
                if let Some(d) = cols.decimal.get_mut(col) {
                    *d = true;
                }
            }
            Flat::Leaf(col)
        }
    }
}

/// Appends `v` as JSON, as a report shows an output: a top-level instant in the policy's time
/// zone with its offset, a value that does not fit its type as text.
fn write_output(out: &mut String, v: &Value, ty: &Type, policy: &Policy, top: bool) {
    // The common scalars are written here without intermediate strings, exactly as
    // `render::write_json` and `report::json_of` write them; the others go through them.
    match (ty.required(), v) {
        (_, Value::Absent) => out.push_str("null"),
        (Type::Instant, Value::Instant(t)) if top => write_zoned(out, *t, &policy.tz),
        (Type::Bool, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (Type::Int, Value::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        (Type::Money, Value::Money(d) | Value::Decimal(d)) => {
            let mut r =
                d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            r.rescale(2);
            if r.is_zero() {
                r.set_sign_positive(true);
            }
            let _ = write!(out, "\"{r}\"");
        }
        (Type::Decimal | Type::Share, Value::Decimal(d) | Value::Money(d)) => {
            let _ = write!(out, "\"{}\"", d.normalize());
        }
        (Type::Date, Value::Date(d)) => {
            let _ = write!(out, "\"{d}\"");
        }
        (Type::Text | Type::Code, Value::Text(s)) => push_str_json(out, s),
        _ => {
            let mark = out.len();
            if write_json(out, v, ty, &policy.schema).is_err() {
                out.truncate(mark);
                push_json_string(out, &show(v));
            }
        }
    }
}

/// An instant in the policy's time zone with its offset (`2026-05-20T10:15:00+02:00`), as
/// `strftime("%Y-%m-%dT%H:%M:%S%:z")` writes it.
fn write_zoned(out: &mut String, t: jiff::Timestamp, tz: &jiff::tz::TimeZone) {
    let offset = tz.to_offset(t).seconds();
    let dt = tz.to_datetime(t);
    if !(0..=9999).contains(&dt.year()) || offset % 60 != 0 {
        let shown = t
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string();
        push_json_string(out, &shown);
        return;
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.abs() / 60;
    let _ = write!(
        out,
        "\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}\"",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        minutes / 60,
        minutes % 60
    );
}

/// Appends `s` as a JSON string: at once when nothing needs escaping (the common case), else
/// as [`push_json_string`] escapes it.
fn push_str_json(out: &mut String, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        push_json_string(out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Appends `s` as a CSV field, quoted when it must be (it holds the separator `sep`, a quote, a
/// line break, or spaces at an end).
fn push_csv(out: &mut String, s: &str, sep: char) {
    if s.bytes()
        .any(|b| matches!(b, b'"' | b'\n' | b'\r') || b as char == sep)
        || s.starts_with(' ')
        || s.ends_with(' ')
    {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

// ---------------------------------------------------------------------------------------------
// Summary

/// Counts of a part of a batch, merged into the [`Summary`].
#[derive(Clone, Debug, Default)]
struct Tally {
    counted: u64,
    evaluated: u64,
    warned: u64,
    errors: [u64; 4],
    trues: Vec<u64>,
    /// `None` once a sum overflows.
    sums: Vec<Option<Decimal>>,
}

impl Tally {
    fn new(bools: usize, money: usize) -> Tally {
        Tally {
            trues: vec![0; bools],
            sums: vec![Some(Decimal::ZERO); money],
            ..Tally::default()
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.counted += other.counted;
        self.evaluated += other.evaluated;
        self.warned += other.warned;
        for (a, b) in self.errors.iter_mut().zip(other.errors) {
            *a += b;
        }
        for (a, b) in self.trues.iter_mut().zip(&other.trues) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a = match (*a, b) {
                (Some(x), Some(y)) => x.checked_add(*y),
                _ => None,
            };
        }
    }

    fn reset(&mut self) {
        self.counted = 0;
        self.evaluated = 0;
        self.warned = 0;
        self.errors = [0; 4];
        self.trues.iter_mut().for_each(|t| *t = 0);
        self.sums.iter_mut().for_each(|s| *s = Some(Decimal::ZERO));
    }
}

/// What a batch did: written on stderr at the end.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Dossiers read (evaluated or not).
    pub counted: u64,
    pub evaluated: u64,
    /// Dossiers evaluated with warnings (unknown fields).
    pub with_warnings: u64,
    /// Dossiers with no result, by kind.
    pub errors: Vec<(ErrorKind, u64)>,
    /// For the policy's `decision` output when it names one, else for each bool output: how
    /// many dossiers have it true.
    pub true_counts: Vec<(String, u64)>,
    /// For each money output: the sum over the evaluated dossiers (`None`: it overflowed).
    pub money_sums: Vec<(String, Option<Decimal>)>,
}

impl Summary {
    pub fn errors_total(&self) -> u64 {
        self.errors.iter().map(|(_, n)| n).sum()
    }

    /// Dossiers with errors of one kind.
    pub fn errors_of(&self, kind: ErrorKind) -> u64 {
        self.errors
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "counted: {} dossiers ({} evaluated, {} with errors)",
            self.counted,
            self.evaluated,
            self.errors_total()
        )?;
        for (name, n) in &self.true_counts {
            writeln!(f, "{name}: {n}")?;
        }
        for (name, sum) in &self.money_sums {
            match sum {
                Some(d) => writeln!(f, "{name} (sum): {}", money_string(*d))?,
                None => writeln!(f, "{name} (sum): overflow")?,
            }
        }
        let errors: Vec<String> = self
            .errors
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {n}", k.as_str()))
            .collect();
        if errors.is_empty() {
            writeln!(f, "errors: none")?;
        } else {
            writeln!(f, "errors: {}", errors.join(", "))?;
        }
        if self.with_warnings > 0 {
            writeln!(f, "warnings: {} dossiers", self.with_warnings)?;
        }
        Ok(())
    }
}

/// Where a batch is, after each chunk written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub dossiers: u64,
    /// Input bytes behind the dossiers written.
    pub bytes: u64,
}

// ---------------------------------------------------------------------------------------------
// The batch

/// A batch set up for an engine: versions, decoders, output layout. Build once, then
/// [`Batch::run`] (parallel) or [`Batch::evaluate_item`] (one dossier, on the caller's thread).
pub struct Batch<'e> {
    engine: &'e Engine,
    decoders: Vec<Decoder>,
    options: BatchOptions,
    forced: Option<usize>,
    /// The latest version.
    latest: usize,
    /// The root field holding the reference date, and the time zone it is read in.
    reference: Option<(String, jiff::tz::TimeZone)>,
    layouts: Vec<Layout>,
    columns: Vec<String>,
    decimal_columns: Vec<bool>,
    bool_names: Vec<String>,
    money_names: Vec<String>,
    /// The root field the policy names `identifier` (the latest version's): result lines lead
    /// with it.
    id_field: Option<String>,
}

/// What a worker thread keeps from one dossier to the next: a machine per version, scratch
/// space, counts.
pub struct Workspace<'e> {
    machines: Vec<Option<Machine<'e>>>,
    cells: Vec<String>,
    scratch: String,
    tally: Tally,
}

impl<'e> Workspace<'e> {
    pub fn new(batch: &Batch<'e>) -> Workspace<'e> {
        Workspace {
            machines: (0..batch.layouts.len()).map(|_| None).collect(),
            cells: vec![String::new(); batch.columns.len()],
            scratch: String::new(),
            tally: Tally::new(batch.bool_names.len(), batch.money_names.len()),
        }
    }
}

/// A dossier judged: its version and evaluation, or why not.
type Judged = Result<(usize, Evaluation, Vec<DataIssue>), (Option<usize>, ErrorKind, Vec<String>)>;

impl<'e> Batch<'e> {
    pub fn new(engine: &'e Engine, options: BatchOptions) -> Result<Batch<'e>, BatchError> {
        let versions = engine.versions();
        let (latest_index, latest) = versions
            .iter()
            .enumerate()
            .max_by_key(|(_, p)| p.version)
            .ok_or_else(|| BatchError::Usage("the policy has no version".to_owned()))?;
        if options.explain && options.format == OutputFormat::Csv {
            return Err(BatchError::Usage(
                "explanations are written in json lines only: use `--format jsonl`".to_owned(),
            ));
        }
        let forced = match &options.version {
            Some(asked) => Some(
                crate::eval::select::named_index(versions, asked)
                    .map_err(|e| BatchError::Usage(e.to_string()))?,
            ),
            None => None,
        };
        let reference = reference_field(latest).map(|f| (f, latest.tz.clone()));
        if forced.is_none() && reference.is_none() {
            return Err(BatchError::Usage(SelectError::NoReference.to_string()));
        }
        let decoders = versions
            .iter()
            .map(|p| Decoder::new(&p.schema))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| BatchError::Usage(e.to_string()))?;

        // Outputs summed up: money ones; counted: `eligible` if a version has it as a bool,
        // else every bool. Columns: the latest version's outputs first.
        let by_latest = {
            let mut order: Vec<usize> = (0..versions.len()).collect();
            order.sort_by_key(|v| std::cmp::Reverse(versions[*v].version));
            order
        };
        let is_bool = |t: &Type| matches!(t.required(), Type::Bool);
        let is_money = |t: &Type| matches!(t.required(), Type::Money);
        // The policy's `decision` when a version names one, else every bool output.
        let has_decision = versions.iter().any(|p| p.decision.is_some());
        let mut bool_names: Vec<String> = Vec::new();
        let mut money_names: Vec<String> = Vec::new();
        let mut columns = Columns::default();
        let mut layouts: Vec<Option<Layout>> = (0..versions.len()).map(|_| None).collect();
        for v in by_latest {
            let p = &versions[v];
            let mut jsonl_head = String::from(",\"policy\":{\"id\":");
            push_json_string(&mut jsonl_head, &p.id);
            jsonl_head.push_str(",\"version\":");
            push_json_string(&mut jsonl_head, &p.version.to_string());
            jsonl_head.push_str("},\"outputs\":{");
            let mut keys = Vec::with_capacity(p.outputs.len());
            let mut flat = Vec::with_capacity(p.outputs.len());
            let mut bool_slot = Vec::with_capacity(p.outputs.len());
            let mut money_slot = Vec::with_capacity(p.outputs.len());
            for (oi, o) in p.outputs.iter().enumerate() {
                let mut key = String::new();
                push_json_string(&mut key, &o.name);
                key.push(':');
                keys.push(key);
                flat.push(flatten(p, &o.ty, o.name.clone(), 0, &mut columns));
                let counted = is_bool(&o.ty)
                    && (!has_decision || p.decision == u32::try_from(oi).ok());
                bool_slot.push(counted.then(|| slot_of(&mut bool_names, &o.name)));
                money_slot.push(is_money(&o.ty).then(|| slot_of(&mut money_names, &o.name)));
            }
            let rule_codes = p
                .rules
                .iter()
                .map(|r| {
                    let mut s = String::new();
                    push_json_string(&mut s, &r.code);
                    s
                })
                .collect();
            layouts[v] = Some(Layout {
                jsonl_head,
                keys,
                rule_codes,
                version: p.version.to_string(),
                flat,
                bool_slot,
                money_slot,
                explain: options.explain.then(|| Explain::new(p)),
            });
        }
        Ok(Batch {
            engine,
            decoders,
            options,
            forced,
            latest: latest_index,
            reference,
            layouts: layouts.into_iter().flatten().collect(),
            decimal_columns: columns.decimal,
            columns: columns.names,
            bool_names,
            money_names,
            id_field: engine
                .versions()
                .get(latest_index)
                .and_then(|p| crate::engine::id_field_name(p))
                .map(str::to_owned),
        })
    }

    pub fn options(&self) -> &BatchOptions {
        &self.options
    }

    /// The CSV header line (with its line ending): `dossier,version,status,error,failed` (after
    /// the policy's `identifier` field when it names one), then the outputs' columns.
    pub fn csv_header(&self) -> String {
        let sep = self.sep();
        let mut out = String::new();
        if self.options.csv == CsvDialect::French {
            out.push('\u{FEFF}');
        }
        if let Some(field) = &self.id_field {
            push_csv(&mut out, field, sep);
            out.push(sep);
        }
        for (i, c) in ["dossier", "version", "status", "error", "failed"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push(sep);
            }
            out.push_str(c);
        }
        for c in &self.columns {
            out.push(sep);
            push_csv(&mut out, c, sep);
        }
        out.push('\n');
        out
    }

    fn sep(&self) -> char {
        self.options.csv.separator()
    }

    /// Which version judges a dossier, as [`Engine::run`] chooses it.
    fn version_of(&self, bytes: &[u8], format: Format) -> Result<usize, SelectError> {
        if let Some(v) = self.forced {
            return Ok(v);
        }
        let Some((field, tz)) = &self.reference else {
            return Err(SelectError::NoReference);
        };
        let date = crate::eval::select::reference_date(bytes, format, field, tz)?;
        crate::eval::select::in_force_index(self.engine.versions(), date)
    }

    /// The syntax errors of a dossier, if it has some (read with the latest version).
    fn syntax_errors(
        &self,
        bytes: &[u8],
        format: Format,
        line: Option<u64>,
    ) -> Option<Vec<String>> {
        let decoder = self.decoders.get(self.latest)?;
        let decoded = match (format, line) {
            (Format::Json, Some(number)) => JsonLine { number, bytes }.decode(decoder),
            _ => decoder.decode(format, bytes),
        };
        match decoded {
            Err(errors) if errors.errors.iter().any(|i| i.kind == IssueKind::Syntax) => Some(
                errors
                    .errors
                    .iter()
                    .map(crate::engine::issue_line)
                    .collect(),
            ),
            _ => None,
        }
    }

    fn judge(
        &self,
        ws: &mut Workspace<'e>,
        bytes: &[u8],
        format: Format,
        line: Option<u64>,
    ) -> Judged {
        let v = match self.version_of(bytes, format) {
            Ok(v) => v,
            Err(e) => {
                let kind = match e {
                    SelectError::BadReference { found: None, .. } => {
                        // Malformed data says so, rather than that its date is missing.
                        if let Some(lines) = self.syntax_errors(bytes, format, line) {
                            return Err((None, ErrorKind::InvalidData, lines));
                        }
                        ErrorKind::InvalidData
                    }
                    SelectError::BadReference { .. } | SelectError::Malformed { .. } => {
                        ErrorKind::InvalidData
                    }
                    _ => ErrorKind::NoVersion,
                };
                return Err((None, kind, vec![e.to_string()]));
            }
        };
        let engine = self.engine;
        let (Some(decoder), Some(program), Some(policy)) = (
            self.decoders.get(v),
            engine.program(v),
            engine.versions().get(v),
        ) else {
            return Err((None, ErrorKind::NoVersion, Vec::new()));
        };
        let decoded = match (format, line) {
            (Format::Json, Some(number)) => JsonLine { number, bytes }.decode(decoder),
            _ => decoder.decode(format, bytes),
        };
        let decoded = match decoded {
            Ok(d) => d,
            Err(errors) => {
                let lines = Failure::Data {
                    version: policy.clone(),
                    errors,
                }
                .lines();
                return Err((Some(v), ErrorKind::InvalidData, lines));
            }
        };
        let Some(slot) = ws.machines.get_mut(v) else {
            return Err((Some(v), ErrorKind::Evaluation, Vec::new()));
        };
        let machine = slot.get_or_insert_with(|| Machine::new(program));
        match program.evaluate_with(machine, decoded.value, self.options.explain) {
            Ok(e) => Ok((v, e, decoded.warnings)),
            Err(error) => Err((Some(v), ErrorKind::Evaluation, eval_lines(policy, error))),
        }
    }

    /// Evaluates one line of a JSON Lines stream and appends its result line to `out`.
    pub fn evaluate_line(
        &self,
        ws: &mut Workspace<'e>,
        number: u64,
        bytes: &[u8],
        out: &mut String,
    ) {
        let judged = self.judge(ws, bytes, Format::Json, Some(number));
        let own = self.own_id(bytes, Format::Json);
        self.write_result(ws, &DossierId::Line(number), own.as_deref(), judged, out);
    }

    /// Evaluates one dossier and appends its result line to `out` (counted in `ws`).
    pub fn evaluate_item(
        &self,
        ws: &mut Workspace<'e>,
        id: &DossierId,
        bytes: &[u8],
        format: Format,
        out: &mut String,
    ) {
        let line = match id {
            DossierId::Line(n) => Some(*n),
            DossierId::File(_) => None,
        };
        let judged = self.judge(ws, bytes, format, line);
        let own = self.own_id(bytes, format);
        self.write_result(ws, id, own.as_deref(), judged, out);
    }

    /// The dossier's own name, read without decoding (so a dossier refused as invalid has it too).
    fn own_id(&self, bytes: &[u8], format: Format) -> Option<String> {
        crate::peek_root_field(bytes, format, self.id_field.as_deref()?)
    }

    fn write_result(
        &self,
        ws: &mut Workspace<'e>,
        id: &DossierId,
        own: Option<&str>,
        judged: Judged,
        out: &mut String,
    ) {
        let start = out.len();
        self.write_line(ws, id, judged, out);
        if self.options.format == OutputFormat::Csv {
            self.csv_id_cell(out, start, own);
            return;
        }
        // The dossier's own name leads its JSON line: `{"id":"ESSMS-…","dossier":12,…}`.
        if let (Some(own), Some(name)) = (own, &self.id_field) {
            if out[start..].starts_with('{') {
                let mut field = String::new();
                push_json_string(&mut field, name);
                field.push(':');
                push_json_string(&mut field, own);
                field.push(',');
                out.insert_str(start + 1, &field);
            }
        }
    }

    /// The dossier's own `id` leads its CSV row (empty when it has none or could not be read).
    fn csv_id_cell(&self, out: &mut String, start: usize, own: Option<&str>) {
        if self.id_field.is_none() {
            return;
        }
        let mut cell = String::new();
        push_csv(&mut cell, own.unwrap_or_default(), self.sep());
        cell.push(self.sep());
        out.insert_str(start, &cell);
    }

    fn write_line(&self, ws: &mut Workspace<'e>, id: &DossierId, judged: Judged, out: &mut String) {
        ws.tally.counted += 1;
        match judged {
            Ok((v, evaluation, warnings)) => {
                ws.tally.evaluated += 1;
                ws.tally.warned += u64::from(!warnings.is_empty());
                if let Some(layout) = self.layouts.get(v) {
                    for (o, value) in evaluation.outputs.iter().enumerate() {
                        if let Some(Some(s)) = layout.bool_slot.get(o) {
                            if let (Value::Bool(true), Some(t)) =
                                (value, ws.tally.trues.get_mut(*s))
                            {
                                *t += 1;
                            }
                        }
                        if let Some(Some(s)) = layout.money_slot.get(o) {
                            if let (Value::Money(d), Some(sum)) = (value, ws.tally.sums.get_mut(*s))
                            {
                                *sum = sum.and_then(|x| x.checked_add(*d));
                            }
                        }
                    }
                }
                match self.options.format {
                    OutputFormat::Jsonl => {
                        self.jsonl_ok(ws, id, v, evaluation, &warnings, out);
                    }
                    OutputFormat::Csv => self.csv_ok(ws, id, v, &evaluation, out),
                }
            }
            Err((v, kind, messages)) => {
                if let Some(n) = ws.tally.errors.get_mut(kind.index()) {
                    *n += 1;
                }
                self.write_error(id, v, kind, &messages, out);
            }
        }
    }

    fn write_error(
        &self,
        id: &DossierId,
        version: Option<usize>,
        kind: ErrorKind,
        messages: &[String],
        out: &mut String,
    ) {
        match self.options.format {
            OutputFormat::Jsonl => {
                out.push_str("{\"dossier\":");
                push_id(out, id);
                out.push_str(",\"error\":{\"kind\":\"");
                out.push_str(kind.as_str());
                out.push_str("\",\"messages\":[");
                for (i, m) in messages.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_json_string(out, m);
                }
                out.push_str("]}}\n");
            }
            OutputFormat::Csv => {
                let sep = self.sep();
                push_csv(out, &id.to_string(), sep);
                out.push(sep);
                if let Some(l) = version.and_then(|v| self.layouts.get(v)) {
                    out.push_str(&l.version);
                }
                out.push(sep);
                out.push_str(kind.as_str());
                out.push(sep);
                let joined: Vec<&str> = messages
                    .iter()
                    .flat_map(|m| m.lines())
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .collect();
                push_csv(out, &joined.join("; "), sep);
                out.push(sep);
                for _ in 0..self.columns.len() {
                    out.push(sep);
                }
                out.push('\n');
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn jsonl_ok(
        &self,
        ws: &mut Workspace<'e>,
        id: &DossierId,
        v: usize,
        evaluation: Evaluation,
        warnings: &[DataIssue],
        out: &mut String,
    ) {
        let (Some(layout), Some(policy)) = (self.layouts.get(v), self.engine.versions().get(v))
        else {
            return;
        };
        out.push_str("{\"dossier\":");
        push_id(out, id);
        out.push_str(&layout.jsonl_head);
        for (i, ((o, value), key)) in policy
            .outputs
            .iter()
            .zip(&evaluation.outputs)
            .zip(&layout.keys)
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            out.push_str(key);
            write_output(out, value, &o.ty, policy, true);
        }
        out.push_str("},\"failed\":[");
        let mut first = true;
        for (status, code) in evaluation.rules.iter().zip(&layout.rule_codes) {
            if *status == Status::Failed {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(code);
            }
        }
        out.push(']');
        if !warnings.is_empty() {
            out.push_str(",\"warnings\":[");
            for (i, w) in warnings.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws.scratch.clear();
                ws.scratch.push_str(&crate::engine::issue_line(w));
                push_json_string(out, &ws.scratch);
            }
            out.push(']');
        }
        if let (Some(trace), Some(explain)) = (&evaluation.trace, &layout.explain) {
            out.push_str(",\"explanation\":");
            explain.write(out, policy, &evaluation, trace);
            if !evaluation.chosen.is_empty() {
                out.push_str(",\"checklist\":[");
                for (k, o) in evaluation.chosen.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    if let Some(item) = explain.checklist.get(*o as usize) {
                        out.push_str(item);
                    }
                }
                out.push(']');
            }
        }
        out.push_str("}\n");
    }

    fn csv_ok(
        &self,
        ws: &mut Workspace<'e>,
        id: &DossierId,
        v: usize,
        evaluation: &Evaluation,
        out: &mut String,
    ) {
        let (Some(layout), Some(policy)) = (self.layouts.get(v), self.engine.versions().get(v))
        else {
            return;
        };
        let sep = self.sep();
        push_csv(out, &id.to_string(), sep);
        out.push(sep);
        out.push_str(&layout.version);
        out.push(sep);
        out.push_str("ok");
        out.push(sep);
        out.push(sep);
        // Lists read as words separated by commas: `POC.DEPOT, POC.MINIMIS`.
        ws.scratch.clear();
        for (status, code) in evaluation.rules.iter().zip(&layout.rule_codes) {
            if *status == Status::Failed {
                if !ws.scratch.is_empty() {
                    ws.scratch.push_str(", ");
                }
                // Held as JSON strings for the JSON lines; a code has nothing to unescape.
                ws.scratch.push_str(code.trim_matches('"'));
            }
        }
        push_csv(out, &ws.scratch, sep);
        for c in &mut ws.cells {
            c.clear();
        }
        for ((o, value), flat) in policy
            .outputs
            .iter()
            .zip(&evaluation.outputs)
            .zip(&layout.flat)
        {
            fill_cells(&mut ws.cells, flat, value, &o.ty, policy, true);
        }
        let french = self.options.csv == CsvDialect::French;
        for (c, decimal) in ws.cells.iter_mut().zip(&self.decimal_columns) {
            if french && *decimal {
                *c = c.replace('.', ",");
            }
            out.push(sep);
            push_csv(out, c, sep);
        }
        out.push('\n');
    }

    /// Evaluates a chunk on the current thread: its result lines and counts.
    fn process(&self, ws: &mut Workspace<'e>, chunk: &Chunk, out: &mut String) {
        for item in &chunk.items {
            let mark = out.len();
            let counted = ws.tally.counted;
            if let Some((kind, message)) = &item.fault {
                ws.tally.counted += 1;
                if let Some(n) = ws.tally.errors.get_mut(kind.index()) {
                    *n += 1;
                }
                self.write_error(&item.id, None, *kind, std::slice::from_ref(message), out);
                if self.options.format == OutputFormat::Csv {
                    self.csv_id_cell(out, mark, None);
                }
                continue;
            }
            let bytes = chunk.data.get(item.range.clone()).unwrap_or(&[]);
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.evaluate_item(ws, &item.id, bytes, item.format, out);
            }));
            if run.is_err() {
                // A bug of the evaluator: this dossier is reported, the others go on.
                out.truncate(mark);
                *ws = Workspace::new(self);
                ws.tally.counted = counted + 1;
                if let Some(n) = ws.tally.errors.get_mut(ErrorKind::Evaluation.index()) {
                    *n += 1;
                }
                let message = "internal error: the evaluator stopped on this dossier".to_owned();
                self.write_error(&item.id, None, ErrorKind::Evaluation, &[message], out);
                if self.options.format == OutputFormat::Csv {
                    self.csv_id_cell(out, mark, None);
                }
            }
        }
    }

    /// Runs the batch: reads `source`, evaluates on the worker threads, writes one result line a
    /// dossier to `out` in input order (a CSV header first), calls `progress` after each chunk
    /// written. Call it from outside the batch's own threads (it blocks waiting for results).
    pub fn run<S: Source, W: Write>(
        &self,
        mut source: S,
        mut out: W,
        mut progress: impl FnMut(Progress),
    ) -> Result<Summary, BatchError> {
        let threads = self
            .options
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let window = self.options.window.unwrap_or((3 * threads).max(4)).max(1) as u64;
        let items = if self.options.explain {
            self.options.chunk_items / 16
        } else {
            self.options.chunk_items
        };
        let limits = Limits {
            items: items.max(1),
            bytes: self.options.chunk_bytes.max(1),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("care-batch-{i}"))
            .build()
            .map_err(|e| BatchError::Threads(e.to_string()))?;
        // One workspace a worker thread (and one for a job run elsewhere).
        let spaces: Vec<Mutex<Workspace<'e>>> = (0..=threads)
            .map(|_| Mutex::new(Workspace::new(self)))
            .collect();
        if self.options.format == OutputFormat::Csv {
            out.write_all(self.csv_header().as_bytes())
                .map_err(BatchError::Output)?;
        }

        struct Done {
            seq: u64,
            chunk: Chunk,
            text: String,
            tally: Tally,
        }
        let (tx, rx) = mpsc::channel::<Done>();
        let mut total = Tally::new(self.bool_names.len(), self.money_names.len());
        let mut input_error: Option<io::Error> = None;
        let mut output_error: Option<io::Error> = None;
        let mut at = Progress::default();
        pool.in_place_scope_fifo(|scope| {
            let mut free_chunks: Vec<Chunk> = Vec::new();
            let mut free_texts: Vec<String> = Vec::new();
            let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
            let (mut next_seq, mut next_write) = (0u64, 0u64);
            let mut eof = false;
            loop {
                // Keep the window full.
                while !eof && next_seq - next_write < window {
                    let mut chunk = free_chunks.pop().unwrap_or_default();
                    chunk.clear();
                    if let Err(e) = source.fill(&mut chunk, limits) {
                        input_error = Some(e);
                    }
                    if chunk.is_empty() || input_error.is_some() || output_error.is_some() {
                        eof = true;
                    }
                    if chunk.is_empty() {
                        break;
                    }
                    let mut text = free_texts.pop().unwrap_or_default();
                    text.clear();
                    let seq = next_seq;
                    next_seq += 1;
                    let tx = tx.clone();
                    let spaces = &spaces;
                    let pool = &pool;
                    scope.spawn_fifo(move |_| {
                        let i = pool.current_thread_index().unwrap_or(threads);
                        let slot = spaces.get(i).or(spaces.last());
                        let tally = match slot {
                            Some(slot) => {
                                let mut ws = slot.lock().unwrap_or_else(|p| p.into_inner());
                                self.process(&mut ws, &chunk, &mut text);
                                let tally = ws.tally.clone();
                                ws.tally.reset();
                                tally
                            }
                            None => Tally::default(),
                        };
                        let _ = tx.send(Done {
                            seq,
                            chunk,
                            text,
                            tally,
                        });
                    });
                }
                if next_write == next_seq {
                    break;
                }
                let Ok(done) = rx.recv() else {
                    break;
                };
                pending.insert(done.seq, done);
                // Write what is next in input order.
                while let Some(done) = pending.remove(&next_write) {
                    next_write += 1;
                    if output_error.is_none() {
                        if let Err(e) = out.write_all(done.text.as_bytes()) {
                            output_error = Some(e);
                            eof = true;
                        }
                    }
                    total.merge(&done.tally);
                    at.dossiers += done.chunk.len() as u64;
                    at.bytes += done.chunk.bytes;
                    if output_error.is_none() {
                        progress(at);
                    }
                    if free_chunks.len() < 4 {
                        free_chunks.push(done.chunk);
                    }
                    if free_texts.len() < 4 {
                        free_texts.push(done.text);
                    }
                }
            }
        });
        if let Some(e) = output_error {
            return Err(BatchError::Output(e));
        }
        out.flush().map_err(BatchError::Output)?;
        if let Some(e) = input_error {
            return Err(BatchError::Input(e));
        }
        Ok(self.summary(&total))
    }

    fn summary(&self, t: &Tally) -> Summary {
        Summary {
            counted: t.counted,
            evaluated: t.evaluated,
            with_warnings: t.warned,
            errors: ErrorKind::ALL
                .iter()
                .map(|k| (*k, t.errors.get(k.index()).copied().unwrap_or(0)))
                .collect(),
            true_counts: self
                .bool_names
                .iter()
                .cloned()
                .zip(t.trues.iter().copied())
                .collect(),
            money_sums: self
                .money_names
                .iter()
                .cloned()
                .zip(t.sums.iter().copied())
                .collect(),
        }
    }
}

fn slot_of(names: &mut Vec<String>, name: &str) -> usize {
    match names.iter().position(|n| n == name) {
        Some(i) => i,
        None => {
            names.push(name.to_owned());
            names.len() - 1
        }
    }
}

fn push_id(out: &mut String, id: &DossierId) {
    match id {
        DossierId::Line(n) => {
            let _ = write!(out, "{n}");
        }
        DossierId::File(name) => push_json_string(out, name),
    }
}

fn eval_lines(policy: &std::sync::Arc<Policy>, error: EvalError) -> Vec<String> {
    Failure::Eval {
        version: policy.clone(),
        error,
    }
    .lines()
}

/// Spreads an output over its CSV cells.
fn fill_cells(
    cells: &mut [String],
    flat: &Flat,
    value: &Value,
    ty: &Type,
    policy: &Policy,
    top: bool,
) {
    match flat {
        Flat::Leaf(col) => {
            let Some(cell) = cells.get_mut(*col) else {
                return;
            };
            if value.is_absent() {
                return;
            }
            let mut json = String::new();
            write_output(&mut json, value, ty, policy, top);
            if json.starts_with('[') {
                cell.push_str(&readable_list(&json));
            } else if json.starts_with('"') {
                match serde_json::from_str::<String>(&json) {
                    Ok(s) => cell.push_str(&s),
                    Err(_) => cell.push_str(&json),
                }
            } else {
                cell.push_str(&json);
            }
        }
        Flat::Record(fields) => {
            let Value::Record(values) = value else {
                return;
            };
            let types: Vec<Type> = match ty.required() {
                Type::Record(id) => policy
                    .schema
                    .record(*id)
                    .map(|r| r.fields.iter().map(|f| f.ty.clone()).collect())
                    .unwrap_or_default(),
                Type::Struct(fields) => fields.iter().map(|(_, t)| t.clone()).collect(),
                _ => Vec::new(),
            };
            for ((f, v), t) in fields.iter().zip(values.iter()).zip(&types) {
                fill_cells(cells, f, v, t, policy, false);
            }
        }
    }
}

/// A list as a CSV cell: its elements separated by `, ` when they are all texts, numbers or
/// booleans (`POC.DEPOT, POC.MINIMIS`; an empty list is an empty cell); else its JSON.
fn readable_list(json: &str) -> String {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(json)
    else {
        return json.to_owned();
    };
    let mut words = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            serde_json::Value::String(s) if !s.contains(", ") => words.push(s.clone()),
            serde_json::Value::Number(n) => words.push(n.to_string()),
            serde_json::Value::Bool(b) => words.push(b.to_string()),
            _ => return json.to_owned(),
        }
    }
    words.join(", ")
}

// ---------------------------------------------------------------------------------------------
// Explanations

/// A version's explanation, written as the report of one dossier serializes it
/// (`Report::explanation`), with the parts that do not depend on the dossier (codes, labels,
/// citations, locations, notes, fixes, table rows) serialized once.
struct Explain {
    rules: Vec<RulePart>,
    outputs: Vec<OutputPart>,
    /// Per table: `{"lookup":NAME,"key":`, the key type, and each row as `,"row":{…}}`.
    tables: Vec<(String, Type, Vec<String>)>,
    /// Per objective: its checklist entry.
    checklist: Vec<String>,
}

struct RulePart {
    /// `{"kind":…,"code":…,"label":…,"status":"`
    head: String,
    /// `","sources":[…],"location":…[,"notes":[…]],"data":`
    mid: String,
    /// `,"fix":…`
    fix: Option<String>,
}

struct OutputPart {
    /// `{"kind":"output","name":…,"label":…,"value":`
    head: String,
    /// `,"sources":[…],"location":…,"data":`
    mid: String,
}

fn json_text<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// `CDC §2.2 « précision »`, as the report cites.
fn citation_texts(c: &[care_check::ir::Citation]) -> Vec<String> {
    c.iter()
        .map(|c| {
            let mut s = c.document.clone();
            if let Some(sec) = &c.section {
                s.push(' ');
                s.push_str(sec);
            }
            if let Some(d) = &c.detail {
                s.push_str(" « ");
                s.push_str(d);
                s.push_str(" »");
            }
            s
        })
        .collect()
}

fn location_text(policy: &Policy, origin: care_check::ir::Origin) -> String {
    let (path, line, _) = policy.location(origin);
    format!("{path}:{line}")
}

impl Explain {
    fn new(policy: &Policy) -> Explain {
        let rules = policy
            .rules
            .iter()
            .map(|r| {
                let kind = match r.kind {
                    care_syntax::ast::RuleKind::Rule => "rule",
                    care_syntax::ast::RuleKind::Prerequisite => "prerequisite",
                };
                let head = format!(
                    "{{\"kind\":\"{kind}\",\"code\":{},\"label\":{},\"status\":\"",
                    json_text(&r.code),
                    json_text(&r.label)
                );
                let mut mid = format!(
                    "\",\"sources\":{},\"location\":{}",
                    json_text(&citation_texts(&r.sources)),
                    json_text(&location_text(policy, r.origin))
                );
                if !r.notes.is_empty() {
                    mid.push_str(",\"notes\":");
                    mid.push_str(&json_text(&r.notes));
                }
                mid.push_str(",\"data\":");
                let fix = r.fix.as_ref().map(|f| format!(",\"fix\":{}", json_text(f)));
                RulePart { head, mid, fix }
            })
            .collect();
        let outputs = policy
            .outputs
            .iter()
            .map(|o| OutputPart {
                head: format!(
                    "{{\"kind\":\"output\",\"name\":{},\"label\":{},\"value\":",
                    json_text(&o.name),
                    json_text(&o.label)
                ),
                mid: format!(
                    ",\"sources\":{},\"location\":{},\"data\":",
                    json_text(&citation_texts(&o.sources)),
                    json_text(&location_text(policy, o.origin))
                ),
            })
            .collect();
        let tables = policy
            .tables
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row = String::from(",\"row\":{");
                        for (k, ((col, ty), c)) in t.columns.iter().zip(&r.values).enumerate() {
                            if k > 0 {
                                row.push(',');
                            }
                            push_json_string(&mut row, col);
                            row.push(':');
                            write_output(&mut row, &constant_value(c), ty, policy, true);
                        }
                        row.push_str("}}");
                        row
                    })
                    .collect();
                (
                    format!("{{\"lookup\":{},\"key\":", json_text(&t.name)),
                    t.key_type.clone(),
                    rows,
                )
            })
            .collect();
        let checklist = policy
            .objectives
            .iter()
            .map(|o| {
                json_text(&ChecklistItem {
                    objective: o.code.clone(),
                    label: o.label.clone(),
                    theme: o.theme.clone(),
                    evidence: o
                        .evidence
                        .iter()
                        .map(|e| match e {
                            care_check::ir::Evidence::One(t) => vec![t.clone()],
                            care_check::ir::Evidence::AnyOf(ts) => ts.clone(),
                        })
                        .collect(),
                    notes: o.notes.clone(),
                })
            })
            .collect();
        Explain {
            rules,
            outputs,
            tables,
            checklist,
        }
    }

    /// Appends the explanation (a JSON array) of an evaluation with its trace.
    fn write(&self, out: &mut String, policy: &Policy, evaluation: &Evaluation, trace: &Trace) {
        out.push('[');
        let empty = Record::default();
        for (i, (part, status)) in self.rules.iter().zip(&evaluation.rules).enumerate() {
            if i > 0 {
                out.push(',');
            }
            let (record, items) = match trace.rules.get(i).and_then(Option::as_ref) {
                Some((r, items)) => (r, items.as_slice()),
                None => (&empty, &[][..]),
            };
            out.push_str(&part.head);
            out.push_str(match status {
                Status::Passed => "passed",
                Status::Failed => "failed",
                Status::NotApplicable => "not_applicable",
            });
            out.push_str(&part.mid);
            write_data(out, &record.reads, policy);
            if !items.is_empty() {
                out.push_str(",\"items\":[");
                for (k, it) in items.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push_str("{\"item\":");
                    match &it.path {
                        Some(path) => push_str_json(out, path),
                        None => push_json_string(out, &format!("#{}", it.index + 1)),
                    }
                    out.push_str(if it.passed {
                        ",\"passed\":true,\"data\":"
                    } else {
                        ",\"passed\":false,\"data\":"
                    });
                    write_data(out, &it.record.reads, policy);
                    out.push('}');
                }
                out.push(']');
            }
            if let (Status::Failed, Some(fix)) = (status, &part.fix) {
                out.push_str(fix);
            }
            out.push('}');
        }
        let rules = self.rules.len().min(evaluation.rules.len());
        for (i, ((part, o), value)) in self
            .outputs
            .iter()
            .zip(&policy.outputs)
            .zip(&evaluation.outputs)
            .enumerate()
        {
            if rules + i > 0 {
                out.push(',');
            }
            let record = trace
                .outputs
                .get(i)
                .and_then(Option::as_ref)
                .unwrap_or(&empty);
            out.push_str(&part.head);
            write_output(out, value, &o.ty, policy, true);
            out.push_str(&part.mid);
            write_data(out, &record.reads, policy);
            if !record.events.is_empty() {
                out.push_str(",\"steps\":[");
                for (k, event) in record.events.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    self.write_step(out, event, policy);
                }
                out.push(']');
            }
            out.push('}');
        }
        out.push(']');
    }

    fn write_step(&self, out: &mut String, event: &Event, policy: &Policy) {
        match event {
            Event::Lookup { table, key, row } => match self.tables.get(*table as usize) {
                Some((head, key_ty, rows)) => {
                    out.push_str(head);
                    write_output(out, key, key_ty, policy, true);
                    match rows.get(*row) {
                        Some(r) => out.push_str(r),
                        None => out.push_str(",\"row\":{}}"),
                    }
                }
                None => {
                    out.push_str("{\"lookup\":\"\",\"key\":");
                    write_output(out, key, &Type::Error, policy, true);
                    out.push_str(",\"row\":{}}");
                }
            },
            Event::SumTerm { binder, term, ty } => {
                out.push_str("{\"term\":");
                push_str_json(out, &show(binder));
                out.push_str(",\"value\":");
                write_output(out, term, ty, policy, true);
                out.push('}');
            }
            Event::Min { args, ty, chosen } => {
                out.push_str("{\"min\":[");
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    write_output(out, a, ty, policy, true);
                }
                out.push_str("],\"kept\":");
                match args.get(*chosen) {
                    Some(a) => write_output(out, a, ty, policy, true),
                    None => out.push_str("null"),
                }
                out.push_str(if *chosen != 0 {
                    ",\"capped\":true}"
                } else {
                    ",\"capped\":false}"
                });
            }
        }
    }
}

/// The data a rule or an output read, as the report lists it: whole records and lists of
/// records are left out (their fields are read separately).
fn write_data(out: &mut String, reads: &[TraceRead], policy: &Policy) {
    out.push('[');
    let mut first = true;
    for r in reads {
        let skip = match r.ty.required() {
            Type::Record(_) => true,
            Type::List(t) => matches!(**t, Type::Record(_)),
            _ => false,
        };
        if skip {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str("{\"path\":");
        push_str_json(out, &r.path);
        out.push_str(",\"value\":");
        write_output(out, &r.value, &r.ty, policy, true);
        out.push('}');
    }
    out.push(']');
}
