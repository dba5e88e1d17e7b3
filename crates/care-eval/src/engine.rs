//! The whole evaluation of a dossier, as every command needs it: choose the version in force at
//! the dossier's reference date, decode and validate the data against that version's inputs,
//! evaluate. Built once per policy folder; shared across threads for batches.
//!
//! [`Engine::judge`] is the one pipeline: `care eval` on one dossier ([`Engine::run`]), batches
//! (`batch`), fixtures and the editor all go through it, so that a dossier is judged the same way
//! whichever command reads it.

use crate::eval::select::{select, SelectError};
use crate::eval::{EvalError, Evaluation, Machine, Program};
use crate::value::Value;
use crate::{DataErrors, DataIssue, Decoder, Format, SchemaError};
use care_check::ir::Policy;
use care_check::types::Type;
use std::sync::Arc;

pub struct Engine {
    versions: Vec<Arc<Policy>>,
    compiled: Vec<(Program, Decoder)>,
}

/// Why a dossier could not be evaluated.
#[derive(Debug)]
pub enum Failure {
    /// No version applies (or the reference date is unreadable, or `--version` is unknown).
    Select(SelectError),
    /// The data does not fit the version's declared inputs.
    Data {
        version: Arc<Policy>,
        errors: DataErrors,
    },
    /// Evaluation stopped: overflow, division by zero, a key no table row covers.
    Eval {
        version: Arc<Policy>,
        error: EvalError,
    },
}

impl Failure {
    /// The kind of failure, as results and fixtures name it: `invalid_data`, `no_version`,
    /// `usage` (no reference date and no `--version`, or an unknown `--version`),
    /// `evaluation_error`.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Data { .. }
            | Failure::Select(SelectError::BadReference { .. } | SelectError::Malformed { .. }) => {
                "invalid_data"
            }
            Failure::Select(SelectError::NoVersion { .. }) => "no_version",
            Failure::Select(SelectError::NoReference | SelectError::UnknownVersion { .. }) => {
                "usage"
            }
            Failure::Eval { .. } => "evaluation_error",
        }
    }

    /// The JSON paths of the data errors (the reference field when it is unreadable).
    pub fn paths(&self) -> Vec<String> {
        match self {
            Failure::Data { errors, .. } => errors.errors.iter().map(|e| e.path.clone()).collect(),
            Failure::Select(SelectError::BadReference { field, .. }) => vec![field.clone()],
            _ => Vec::new(),
        }
    }

    /// The version that judged the dossier, when one was chosen.
    pub fn version(&self) -> Option<&Arc<Policy>> {
        match self {
            Failure::Data { version, .. } | Failure::Eval { version, .. } => Some(version),
            Failure::Select(_) => None,
        }
    }

    /// One line per problem, for logs and batch summaries.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Failure::Select(SelectError::Malformed { lines }) => lines.clone(),
            Failure::Select(e) => vec![e.to_string()],
            Failure::Data { errors, .. } => errors.errors.iter().map(issue_line).collect(),
            Failure::Eval { version, error } => vec![error.render(version)],
        }
    }
}

pub fn issue_line(i: &DataIssue) -> String {
    let at = i
        .location
        .as_ref()
        .map(|l| format!(" (line {}, column {})", l.line, l.column))
        .unwrap_or_default();
    if i.path.is_empty() {
        format!("{}{at}", i.message)
    } else {
        format!("`{}`: {}{at}", i.path, i.message)
    }
}

/// [`issue_line`] in the catalog's language (English as it is).
pub fn issue_line_in(catalog: &care_i18n::Catalog, issue: &DataIssue) -> String {
    let english = issue_line(issue);
    if catalog.lang() == care_i18n::Lang::En {
        return english;
    }
    let args: Vec<(&str, &str)> = issue.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
    match catalog.data_message(issue.key, &args) {
        Some(message) => catalog.data_line(
            &issue.path,
            &message,
            issue.location.map(|l| (l.line, l.column)),
        ),
        None => english,
    }
}

/// One dossier to judge: its bytes, their format, and its line in a JSON Lines stream (error
/// locations are then given in the stream).
#[derive(Clone, Copy, Debug)]
pub struct Dossier<'a> {
    pub bytes: &'a [u8],
    pub format: Format,
    pub line: Option<u64>,
}

impl<'a> Dossier<'a> {
    pub fn new(bytes: &'a [u8], format: Format) -> Dossier<'a> {
        Dossier {
            bytes,
            format,
            line: None,
        }
    }
}

/// How to judge: the version to use whatever the date (its index, see [`Engine::version_index`]),
/// and whether to record the trace explanations need.
#[derive(Clone, Copy, Debug, Default)]
pub struct Judging {
    pub forced: Option<usize>,
    pub explain: bool,
}

/// The machines a thread reuses from one dossier to the next, one per version (made on first
/// use).
pub struct Machines<'e> {
    slots: Vec<Option<Machine<'e>>>,
    /// Whether explanations record what only the human reports show (see
    /// [`Machines::data_only`]).
    detail: bool,
}

impl Machines<'_> {
    /// Machines whose explanations record the data, items, lookups and steps, but not the tests
    /// and `let`s of rules, that only the human, Markdown and HTML reports show: for batch
    /// lines, whose JSON has no place for them.
    pub fn data_only(mut self) -> Self {
        self.detail = false;
        self
    }

    /// Gives back the evaluation of a dossier by version `version`, once written: the next
    /// dossier reuses its buffers (its results' lists, its trace).
    pub fn recycle(&mut self, version: usize, evaluation: crate::eval::Evaluation) {
        if let Some(Some(m)) = self.slots.get_mut(version) {
            m.recycle(evaluation);
        }
    }
}

/// A dossier evaluated.
pub struct Outcome<'e> {
    /// The index of the version that judged it.
    pub version: usize,
    pub policy: &'e Arc<Policy>,
    pub program: &'e Program,
    pub input: Value,
    pub evaluation: Evaluation,
    /// Unknown fields, accepted and reported.
    pub warnings: Vec<DataIssue>,
}

impl Outcome<'_> {
    /// The dossier's own name, from the field the policy names `identifier`: read when asked
    /// (a batch line takes it from the data, with no copy).
    pub fn dossier(&self) -> Option<String> {
        dossier_id(self.policy, &self.input)
    }
}

impl Engine {
    pub fn new(mut versions: Vec<Arc<Policy>>) -> Result<Engine, SchemaError> {
        versions.sort_by_key(|p| p.version);
        let compiled = versions
            .iter()
            .map(|p| Ok((Program::new(p.clone()), Decoder::new(&p.schema)?)))
            .collect::<Result<_, SchemaError>>()?;
        Ok(Engine { versions, compiled })
    }

    pub fn versions(&self) -> &[Arc<Policy>] {
        &self.versions
    }

    /// Chooses the version for a dossier (`forced`: `--version`).
    pub fn select(
        &self,
        bytes: &[u8],
        format: Format,
        forced: Option<&str>,
    ) -> Result<usize, Failure> {
        match forced {
            Some(asked) => self.version_index(asked),
            None => self.select_line(Dossier::new(bytes, format)),
        }
    }

    /// The syntax errors of a document whose reference field could not be read (read with the
    /// latest version: syntax does not depend on the version), `None` when its syntax is fine.
    pub fn syntax_errors(&self, bytes: &[u8], format: Format) -> Option<Vec<String>> {
        let (_, decoder) = self.compiled.last()?;
        match decoder.decode(format, bytes) {
            Err(errors)
                if errors
                    .errors
                    .iter()
                    .any(|i| i.kind == crate::IssueKind::Syntax) =>
            {
                Some(
                    errors
                        .errors
                        .iter()
                        .filter(|i| i.kind == crate::IssueKind::Syntax)
                        .map(issue_line)
                        .collect(),
                )
            }
            _ => None,
        }
    }

    /// The decoder of a version's inputs.
    pub fn decoder(&self, version: usize) -> Option<&Decoder> {
        self.compiled.get(version).map(|(_, d)| d)
    }

    pub fn program(&self, version: usize) -> Option<&Program> {
        self.compiled.get(version).map(|(p, _)| p)
    }

    /// A machine to evaluate many dossiers of one version without setting up each time.
    pub fn machine(&self, version: usize) -> Option<Machine<'_>> {
        self.program(version).map(Machine::new)
    }

    /// The index of the version `--version` names (its date).
    pub fn version_index(&self, asked: &str) -> Result<usize, Failure> {
        crate::eval::select::named_index(&self.versions, asked).map_err(Failure::Select)
    }

    /// Machines for [`Engine::judge`], one per version, made on first use.
    pub fn machines(&self) -> Machines<'_> {
        Machines {
            slots: (0..self.compiled.len()).map(|_| None).collect(),
            detail: true,
        }
    }

    /// Decodes and evaluates one dossier (`forced`: `--version`).
    pub fn run(
        &self,
        bytes: &[u8],
        format: Format,
        forced: Option<&str>,
        explain: bool,
    ) -> Result<Outcome<'_>, Failure> {
        let forced = forced.map(|v| self.version_index(v)).transpose()?;
        let mut machines = self.machines();
        self.judge(
            &mut machines,
            Dossier::new(bytes, format),
            Judging { forced, explain },
        )
    }

    /// The pipeline: chooses the version, decodes the dossier against its inputs, evaluates it
    /// with this thread's machine for that version.
    pub fn judge<'e>(
        &'e self,
        machines: &mut Machines<'e>,
        dossier: Dossier<'_>,
        how: Judging,
    ) -> Result<Outcome<'e>, Failure> {
        let version = match how.forced {
            Some(v) => v,
            None => self.select_line(dossier)?,
        };
        let (Some((program, decoder)), Some(policy)) =
            (self.compiled.get(version), self.versions.get(version))
        else {
            return Err(Failure::Select(SelectError::NoReference));
        };
        let decoded = decode(decoder, dossier).map_err(|errors| Failure::Data {
            version: policy.clone(),
            errors,
        })?;
        let Some(machine) = machines.slots.get_mut(version) else {
            return Err(Failure::Select(SelectError::NoReference));
        };
        let detail = machines.detail;
        let machine = machine.get_or_insert_with(|| Machine::new(program).with_detail(detail));
        let evaluation = program
            .evaluate_with(machine, decoded.value.clone(), how.explain)
            .map_err(|error| Failure::Eval {
                version: policy.clone(),
                error,
            })?;
        Ok(Outcome {
            version,
            policy,
            program,
            input: decoded.value,
            evaluation,
            warnings: decoded.warnings,
        })
    }

    /// [`Engine::select`] for a dossier that may be a line of a stream.
    fn select_line(&self, dossier: Dossier<'_>) -> Result<usize, Failure> {
        match select(&self.versions, dossier.bytes, dossier.format, None) {
            Ok(v) => Ok(v),
            Err(e @ SelectError::BadReference { found: None, .. }) => {
                // Malformed data says so, rather than that its date is missing.
                let (_, decoder) = self
                    .compiled
                    .last()
                    .ok_or(Failure::Select(SelectError::NoReference))?;
                match decode(decoder, dossier) {
                    Err(errors)
                        if errors
                            .errors
                            .iter()
                            .any(|i| i.kind == crate::IssueKind::Syntax) =>
                    {
                        Err(Failure::Select(SelectError::Malformed {
                            lines: errors.errors.iter().map(issue_line).collect(),
                        }))
                    }
                    _ => Err(Failure::Select(e)),
                }
            }
            Err(e) => Err(Failure::Select(e)),
        }
    }
}

/// Decodes a dossier, its error locations in the stream when it is a line of one.
fn decode(decoder: &Decoder, dossier: Dossier<'_>) -> Result<crate::Decoded, DataErrors> {
    match (dossier.format, dossier.line) {
        (Format::Json, Some(number)) => crate::JsonLine {
            number,
            bytes: dossier.bytes,
        }
        .decode(decoder),
        _ => decoder.decode(dossier.format, dossier.bytes),
    }
}

/// Where a dossier keeps its own reference: the root field the policy names `identifier`
/// (none when it names none: no field is taken for the dossier's name by its spelling).
pub fn id_field(policy: &Policy) -> Option<usize> {
    policy.identifier.map(|i| i as usize)
}

/// The name of that field, to read it before decoding.
pub fn id_field_name(policy: &Policy) -> Option<&str> {
    let Type::Record(root) = policy.schema.root else {
        return None;
    };
    let field = policy.schema.record(root)?.fields.get(id_field(policy)?)?;
    Some(field.name.as_str())
}

/// The dossier's own reference, from its `id` field.
pub fn dossier_id(policy: &Policy, input: &Value) -> Option<String> {
    input
        .field(id_field(policy)?)
        .and_then(Value::as_text)
        .map(str::to_string)
}
