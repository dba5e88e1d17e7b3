//! Evaluation of `.care` policies.
//!
//! The data layer (this part of the crate):
//! - [`value::Value`]: the runtime values (24 bytes, cheap to clone: texts, lists and records are
//!   `Arc` slices, enums and tracks `u32` indices, records their field values in declaration
//!   order);
//! - [`Decoder`]: a policy version's [`InputSchema`] compiled once, then decoding and validating
//!   dossiers in JSON ([`Decoder::decode_json`], a schema-driven `serde` seed straight from the
//!   bytes, the value tree built once) or YAML ([`Decoder::decode_yaml`]). Every error comes back
//!   at once ([`DataErrors`]), each with its JSON path (`legal_entities[1].sites[0].activity`),
//!   what was expected and what was found, and its line and column; malformed input gives one
//!   syntax error with its line and column; unknown fields are warnings. No input panics;
//! - [`jsonl_records`]: JSON Lines, streamed with bounded memory;
//! - [`peek_root_field`]: one field of the root (the reference date) before full validation;
//! - [`render`]: values back to JSON, per the data contract.
//!
//! Choices on the data contract (`tests/fixtures/dossiers/README.md`):
//! - money, decimals and shares are strings (`"12000.00"`), a JSON number there is an error;
//!   the grammar is `-?[0-9]+(.[0-9]+)?` and the scale is kept; money has at most two decimals
//!   as written (`"1.000"` is refused); a share is from 0 to 1 inclusive;
//! - a date is exactly `YYYY-MM-DD`; an instant is RFC 3339 with seconds and an offset;
//!   a duration (no data form in the contract) is accepted as the language writes it (`"60 days"`);
//! - `null` and absent are the same for an optional field; a field with a default takes it when
//!   absent or null; a required field given `null` is a type error;
//! - YAML scalars are typed from the schema: a plain `010000001` is a text where a text is
//!   expected; `null`, `~` and the empty scalar are null; a bool is `true` or `false` only;
//!   an int is a plain `[-+]?[0-9]+`; quoted scalars are strings (a quoted `"3"` is not an int);
//!   one document; aliases are followed with a bound on their expansion;
//! - at most [`MAX_ISSUES`] errors (and warnings) are kept, then a count of the others.
//!
//! ```ignore
//! let decoder = Decoder::new(&schema)?;          // once per policy version
//! match decoder.decode_json(bytes) {             // for each dossier
//!     Ok(Decoded { value, warnings }) => { /* evaluate `value` */ }
//!     Err(DataErrors { errors, warnings }) => { /* refuse the dossier */ }
//! }
//! ```

pub mod batch;
mod bytes;
pub mod coverage;
mod digits;
pub mod engine;
pub mod eval;
pub mod fixtures;
pub mod issue;
mod json;
pub mod jsonl;
pub mod mutation;
mod peek;
mod plan;
pub mod printable;
pub mod render;
pub mod report;
pub mod sample;
pub mod scalar;
pub mod schema;
pub mod value;
pub mod view;
mod yaml;

use std::path::Path;

use care_check::model::InputSchema;

pub use issue::{DataErrors, DataIssue, Decoded, IssueKind, Location, MAX_ISSUES};
pub use jsonl::{jsonl_records, JsonLine, JsonLineBuf, JsonLines, JsonLinesError};
pub use peek::peek_root_field;

/// Largest dossier read (8 MiB: a real dossier of 8,000 sites is under 2 MiB): a batch line, a
/// file of a folder batch, `--dossier` and standard input. Decoding takes some 8 times the
/// dossier's size, and a batch keeps at most 3 chunks per worker in flight, so a batch's memory
/// stays bounded by the worker count whatever the input.
pub const MAX_DOSSIER_BYTES: usize = 8 << 20;

/// Reads at most [`MAX_DOSSIER_BYTES`] of `reader` into `into`; `Ok(false)` when there was more
/// (what was read is then dropped).
pub fn read_dossier(reader: impl std::io::Read, into: &mut Vec<u8>) -> std::io::Result<bool> {
    use std::io::Read as _;
    let start = into.len();
    let read = reader
        .take(MAX_DOSSIER_BYTES as u64 + 1)
        .read_to_end(into)?;
    if read > MAX_DOSSIER_BYTES {
        into.truncate(start);
        return Ok(false);
    }
    Ok(true)
}
pub use plan::{Decoder, SchemaError};
pub use value::{Duration, Value};

/// The format of a dossier file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// From a file name or extension: `.json` (and `.jsonl`, one line of it), `.yaml`, `.yml`
    /// (case-insensitive); `"json"` alone works too.
    pub fn from_path(path_or_ext: impl AsRef<Path>) -> Option<Format> {
        let path = path_or_ext.as_ref();
        let ext = path.extension().unwrap_or(path.as_os_str()).to_str()?;
        let ext = ext.trim_start_matches('.').to_ascii_lowercase();
        match ext.as_str() {
            "json" | "jsonl" | "ndjson" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// Guesses from the content: JSON when it starts with `{` or `[` (after blanks), else YAML.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = json::strip_bom(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Yaml,
        }
    }

    /// From the file name when it tells, else from the content.
    pub fn detect(path_or_ext: impl AsRef<Path>, bytes: &[u8]) -> Format {
        Format::from_path(path_or_ext).unwrap_or_else(|| Format::sniff(bytes))
    }
}

impl Decoder {
    /// Decodes and validates a JSON document (one value; a UTF-8 BOM is skipped).
    pub fn decode_json(&self, bytes: &[u8]) -> Result<Decoded, DataErrors> {
        json::decode(self, bytes)
    }

    /// Decodes a JSON document with `serde_json` alone, without the fast scanner that
    /// [`Decoder::decode_json`] tries first: the reference the tests and the `decode_json` fuzz
    /// target compare it with.
    #[doc(hidden)]
    pub fn decode_json_reference(&self, bytes: &[u8]) -> Result<Decoded, DataErrors> {
        json::decode_with(self, bytes, json::Path::Serde)
    }

    /// Decodes and validates a YAML document (one document, UTF-8).
    pub fn decode_yaml(&self, bytes: &[u8]) -> Result<Decoded, DataErrors> {
        yaml::decode(self, bytes)
    }

    pub fn decode(&self, format: Format, bytes: &[u8]) -> Result<Decoded, DataErrors> {
        match format {
            Format::Json => self.decode_json(bytes),
            Format::Yaml => self.decode_yaml(bytes),
        }
    }
}

/// Decodes a JSON dossier against `schema`. Compiles the schema each time: to decode many
/// dossiers, build a [`Decoder`] once.
pub fn decode_json(bytes: &[u8], schema: &InputSchema) -> Result<Decoded, DataErrors> {
    Decoder::new(schema)?.decode_json(bytes)
}

/// Decodes a YAML dossier against `schema` (see [`decode_json`]).
pub fn decode_yaml(bytes: &[u8], schema: &InputSchema) -> Result<Decoded, DataErrors> {
    Decoder::new(schema)?.decode_yaml(bytes)
}

/// Decodes a dossier in the format its file name tells (see [`Format::detect`]).
pub fn decode_auto(
    path_or_ext: impl AsRef<Path>,
    bytes: &[u8],
    schema: &InputSchema,
) -> Result<Decoded, DataErrors> {
    Decoder::new(schema)?.decode(Format::detect(path_or_ext, bytes), bytes)
}
