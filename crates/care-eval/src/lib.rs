//! Evaluation of `.care` policies: the data layer.
//!
//! - [`value::Value`]: the runtime values (24 bytes, cheap to clone);
//! - decoding a dossier (JSON, YAML, JSON Lines) and validating it against a policy's
//!   [`InputSchema`]: every error at once, each naming its JSON path; unknown fields are
//!   warnings;
//! - [`peek_root_field`]: one field of the root (the reference date) before full validation;
//! - [`render`]: values back to JSON, per the data contract.
//!
//! ```ignore
//! let decoder = Decoder::new(&schema)?;          // once per policy version
//! match decoder.decode_json(bytes) {             // for each dossier
//!     Ok(Decoded { value, warnings }) => { /* evaluate `value` */ }
//!     Err(DataErrors { errors, warnings }) => { /* refuse the dossier */ }
//! }
//! ```

pub mod engine;
pub mod eval;
pub mod issue;
mod json;
pub mod jsonl;
mod peek;
mod plan;
pub mod render;
pub mod report;
pub mod report_text;
pub mod scalar;
pub mod value;
mod yaml;

use std::path::Path;

use care_check::model::InputSchema;

pub use issue::{DataErrors, DataIssue, Decoded, IssueKind, Location, MAX_ISSUES};
pub use jsonl::{jsonl_records, JsonLine, JsonLineBuf, JsonLines, JsonLinesError};
pub use peek::peek_root_field;
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
