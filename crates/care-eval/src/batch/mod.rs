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

use std::fmt;
use std::io;
use std::sync::Arc;

use care_check::types::Type;

use crate::engine::{Dossier, Engine, Failure, Judging, Machines};
use crate::eval::select::{reference_field, SelectError};
use crate::eval::{Evaluation, Status};
use crate::render::{push_json_string, write_output};
use crate::value::Value;
use crate::{DataIssue, Format};

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

mod explain;
mod layout;
mod runner;
mod source;
mod summary;

use explain::Explain;
use layout::{fill_cells, flatten, push_csv, push_id, slot_of, Columns, Layout};
pub use source::{is_dossier_file, Chunk, FolderSource, JsonlSource, Limits, MemorySource, Source};
use summary::Tally;
pub use summary::{Progress, Summary};

/// A batch set up for an engine: its options and output layout. Build once, then
/// [`Batch::run`] (parallel) or [`Batch::evaluate_item`] (one dossier, on the caller's thread).
/// Each dossier is judged by [`Engine::judge`], the pipeline of a single evaluation.
pub struct Batch<'e> {
    engine: &'e Engine,
    options: BatchOptions,
    forced: Option<usize>,
    layouts: Vec<Layout>,
    columns: Vec<String>,
    decimal_columns: Vec<bool>,
    /// Which columns hold booleans (see `layout::Columns::boolean`).
    boolean_columns: Vec<bool>,
    bool_names: Vec<String>,
    money_names: Vec<String>,
    /// The label each counted or summed output declares (the latest version's).
    labels: Vec<(String, String)>,
    /// The root field the policy names `identifier` (the latest version's): result lines lead
    /// with it.
    id_field: Option<String>,
    /// By version, the index of that field among the root's when the version names it its
    /// `identifier` too: a dossier judged there has its name in its decoded data, and is not
    /// read again for it.
    decoded_ids: Vec<Option<usize>>,
}

/// What a worker thread keeps from one dossier to the next: a machine per version, scratch
/// space, counts.
pub struct Workspace<'e> {
    machines: Machines<'e>,
    cells: Vec<String>,
    scratch: String,
    tally: Tally,
}

impl<'e> Workspace<'e> {
    pub fn new(batch: &Batch<'e>) -> Workspace<'e> {
        Workspace {
            machines: if batch.options.explain {
                batch.engine.machines().data_only()
            } else {
                batch.engine.machines()
            },
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
        if forced.is_none() && reference_field(latest).is_none() {
            return Err(BatchError::Usage(SelectError::NoReference.to_string()));
        }

        // Outputs summed up: money ones; counted: the policy's `decision`, else every bool.
        // Columns: the latest version's outputs first.
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
        let mut labels: Vec<(String, String)> = Vec::new();
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
                let counted =
                    is_bool(&o.ty) && (!has_decision || p.decision == u32::try_from(oi).ok());
                bool_slot.push(counted.then(|| slot_of(&mut bool_names, &o.name)));
                money_slot.push(is_money(&o.ty).then(|| slot_of(&mut money_names, &o.name)));
                if let Some(label) = o.label.as_ref().filter(|_| counted || is_money(&o.ty)) {
                    if !labels.iter().any(|(n, _)| *n == o.name) {
                        labels.push((o.name.clone(), label.clone()));
                    }
                }
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
        let id_field = engine
            .versions()
            .get(latest_index)
            .and_then(|p| crate::engine::id_field_name(p))
            .map(str::to_owned);
        let decoded_ids = engine
            .versions()
            .iter()
            .map(|p| {
                let name = crate::engine::id_field_name(p)?;
                (Some(name) == id_field.as_deref())
                    .then(|| crate::engine::id_field(p))
                    .flatten()
            })
            .collect();
        Ok(Batch {
            engine,
            options,
            forced,
            layouts: layouts.into_iter().flatten().collect(),
            decimal_columns: columns.decimal,
            boolean_columns: columns.boolean,
            columns: columns.names,
            bool_names,
            money_names,
            labels,
            id_field,
            decoded_ids,
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

    /// Judges a dossier through the engine's pipeline ([`Engine::judge`]); a failure as its
    /// version (when one was chosen), kind and messages.
    /// With the dossier's name when its decoded data holds it (see [`Batch::own_id`]).
    fn judge(&self, ws: &mut Workspace<'e>, dossier: Dossier<'_>) -> (Judged, Option<Arc<str>>) {
        let how = Judging {
            forced: self.forced,
            explain: self.options.explain,
        };
        let judged = match self.engine.judge(&mut ws.machines, dossier, how) {
            Ok(o) => {
                let name = self
                    .decoded_ids
                    .get(o.version)
                    .copied()
                    .flatten()
                    .and_then(|i| match o.input.field(i) {
                        Some(Value::Text(t)) => Some(t.clone()),
                        _ => None,
                    });
                return (Ok((o.version, o.evaluation, o.warnings)), name);
            }
            Err(failure) => {
                let version = failure.version().and_then(|p| {
                    self.engine
                        .versions()
                        .iter()
                        .position(|v| std::sync::Arc::ptr_eq(v, p))
                });
                let kind = match &failure {
                    Failure::Data { .. } => ErrorKind::InvalidData,
                    Failure::Eval { .. } => ErrorKind::Evaluation,
                    Failure::Select(
                        SelectError::BadReference { .. } | SelectError::Malformed { .. },
                    ) => ErrorKind::InvalidData,
                    Failure::Select(_) => ErrorKind::NoVersion,
                };
                Err((version, kind, failure.lines()))
            }
        };
        (judged, None)
    }

    /// Evaluates one line of a JSON Lines stream and appends its result line to `out`.
    pub fn evaluate_line(
        &self,
        ws: &mut Workspace<'e>,
        number: u64,
        bytes: &[u8],
        out: &mut String,
    ) {
        let (judged, name) = self.judge(
            ws,
            Dossier {
                bytes,
                format: Format::Json,
                line: Some(number),
            },
        );
        let own = self.own_id(name.as_deref(), bytes, Format::Json);
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
        let (judged, name) = self.judge(
            ws,
            Dossier {
                bytes,
                format,
                line,
            },
        );
        let own = self.own_id(name.as_deref(), bytes, format);
        self.write_result(ws, id, own.as_deref(), judged, out);
    }

    /// The dossier's own name: the text its decoded data holds (`decoded`), else read from its
    /// bytes without decoding (so a dossier refused as invalid has it too). The two are the
    /// same text: the root field's string, its escapes read.
    fn own_id<'b>(
        &self,
        decoded: Option<&'b str>,
        bytes: &'b [u8],
        format: Format,
    ) -> Option<std::borrow::Cow<'b, str>> {
        if let Some(name) = decoded {
            return Some(std::borrow::Cow::Borrowed(name));
        }
        crate::peek::peek_root_str(bytes, format, self.id_field.as_deref()?)
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
        self.write_line(ws, id, own, judged, out);
        if self.options.format == OutputFormat::Csv {
            self.csv_id_cell(out, start, own);
        }
    }

    /// Opens a JSON line: `{"dossier":`, after the dossier's own name when it has one
    /// (`{"id":"ESSMS-…","dossier":`), written first rather than inserted (a line with its
    /// explanation is kilobytes long).
    fn open_line(&self, out: &mut String, own: Option<&str>) {
        out.push('{');
        if let (Some(own), Some(name)) = (own, &self.id_field) {
            push_json_string(out, name);
            out.push(':');
            push_json_string(out, own);
            out.push(',');
        }
        out.push_str("\"dossier\":");
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

    fn write_line(
        &self,
        ws: &mut Workspace<'e>,
        id: &DossierId,
        own: Option<&str>,
        judged: Judged,
        out: &mut String,
    ) {
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
                        self.jsonl_ok(ws, (id, own), v, &evaluation, &warnings, out);
                    }
                    OutputFormat::Csv => self.csv_ok(ws, id, v, &evaluation, out),
                }
                // Its lists and trace serve the next dossier this version judges.
                ws.machines.recycle(v, evaluation);
            }
            Err((v, kind, messages)) => {
                if let Some(n) = ws.tally.errors.get_mut(kind.index()) {
                    *n += 1;
                }
                self.write_error((id, own), v, kind, &messages, out);
            }
        }
    }

    fn write_error(
        &self,
        (id, own): (&DossierId, Option<&str>),
        version: Option<usize>,
        kind: ErrorKind,
        messages: &[String],
        out: &mut String,
    ) {
        match self.options.format {
            OutputFormat::Jsonl => {
                self.open_line(out, own);
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
        (id, own): (&DossierId, Option<&str>),
        v: usize,
        evaluation: &Evaluation,
        warnings: &[DataIssue],
        out: &mut String,
    ) {
        let (Some(layout), Some(policy)) = (self.layouts.get(v), self.engine.versions().get(v))
        else {
            return;
        };
        self.open_line(out, own);
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
            explain.write(out, policy, evaluation, trace);
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
        for ((c, decimal), boolean) in ws
            .cells
            .iter_mut()
            .zip(&self.decimal_columns)
            .zip(&self.boolean_columns)
        {
            if french && *decimal {
                *c = c.replace('.', ",");
            }
            if french && *boolean {
                *c = layout::french_booleans(c);
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
                self.write_error(
                    (&item.id, None),
                    None,
                    *kind,
                    std::slice::from_ref(message),
                    out,
                );
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
                self.write_error(
                    (&item.id, None),
                    None,
                    ErrorKind::Evaluation,
                    &[message],
                    out,
                );
                if self.options.format == OutputFormat::Csv {
                    self.csv_id_cell(out, mark, None);
                }
            }
        }
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
            labels: self.labels.clone(),
        }
    }
}
