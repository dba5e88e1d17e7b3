//! Which version of a policy judges a dossier: the one in force at the dossier's reference date
//! (read before the rest of the data is validated, since versions may declare different inputs).

use crate::Format;
use care_check::ir::{ExprKind, Policy};
use care_check::types::Type;
use jiff::civil::Date;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum SelectError {
    /// The policy declares no `reference` and no version was named.
    NoReference,
    /// The reference field is missing or malformed in the dossier.
    BadReference {
        field: String,
        found: Option<String>,
    },
    /// The document is not valid JSON or YAML before the reference field could be read: its
    /// syntax errors, each with its line and column (not "missing").
    Malformed { lines: Vec<String> },
    /// No version is in force at that date.
    NoVersion { date: Date, first: Option<Date> },
    /// `--version` named a version that does not exist.
    UnknownVersion { asked: String, known: Vec<Date> },
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectError::NoReference => write!(f, "the policy declares no reference date: name a version with `--version`"),
            SelectError::BadReference { field, found: None } => write!(f, "`{field}`: missing, and it decides which version of the policy applies"),
            SelectError::BadReference { field, found: Some(v) } => write!(f, "`{field}`: expected an instant with an offset or a date, found `{v}`"),
            SelectError::Malformed { lines } => write!(f, "{}", lines.join("; ")),
            SelectError::NoVersion { date, first: Some(first) } => write!(f, "no version of the policy is in force on {date} (the first is in force from {first})"),
            SelectError::NoVersion { date, first: None } => write!(f, "no version of the policy is in force on {date}"),
            SelectError::UnknownVersion { asked, known } => {
                let list: Vec<String> = known.iter().map(|d| format!("`{d}`")).collect();
                write!(f, "no version `{asked}`; versions: {}", list.join(", "))
            }
        }
    }
}

/// The root field that holds the reference date, when the reference is `input.field`.
pub fn reference_field(policy: &Policy) -> Option<String> {
    reference_name(policy).map(str::to_owned)
}

/// [`reference_field`], borrowed from the policy: chosen for every dossier of a batch.
fn reference_name(policy: &Policy) -> Option<&str> {
    let e = policy.reference.as_ref()?;
    let ExprKind::Field { base, index } = &e.kind else {
        return None;
    };
    if !matches!(base.kind, ExprKind::Input) {
        return None;
    }
    let Type::Record(id) = policy.schema.root else {
        return None;
    };
    policy
        .schema
        .record(id)?
        .fields
        .get(*index as usize)
        .map(|f| f.name.as_str())
}

/// The index of the version in force on `date`: the latest whose period has started and not
/// ended.
pub fn in_force_index(versions: &[Arc<Policy>], date: Date) -> Result<usize, SelectError> {
    versions
        .iter()
        .enumerate()
        .filter(|(_, p)| p.in_force_from <= date && p.in_force_until.is_none_or(|u| date <= u))
        .max_by_key(|(_, p)| p.in_force_from)
        .map(|(i, _)| i)
        .ok_or_else(|| SelectError::NoVersion {
            date,
            first: versions.iter().map(|p| p.in_force_from).min(),
        })
}

/// The reference date of a dossier: the root field `field`, an instant (its date in `tz`) or a
/// date, read without decoding the rest.
pub fn reference_date(
    bytes: &[u8],
    format: Format,
    field: &str,
    tz: &jiff::tz::TimeZone,
) -> Result<Date, SelectError> {
    let raw = crate::peek::peek_root_str(bytes, format, field);
    let date = raw.as_deref().and_then(|s| {
        // The contract's form first (the instant `jiff` reads, computed directly), then
        // every form `jiff` reads.
        let instant = crate::scalar::parse_instant(s).or_else(|| s.parse().ok());
        match instant {
            Some(t) => Some(tz.to_datetime(t).date()),
            None => s.parse::<Date>().ok(),
        }
    });
    date.ok_or_else(|| SelectError::BadReference {
        field: field.to_string(),
        found: raw.map(std::borrow::Cow::into_owned),
    })
}

/// The index of the version named by `--version` (its date).
pub fn named_index(versions: &[Arc<Policy>], asked: &str) -> Result<usize, SelectError> {
    versions
        .iter()
        .position(|p| p.version.to_string() == asked)
        .ok_or_else(|| SelectError::UnknownVersion {
            asked: asked.to_string(),
            known: versions.iter().map(|p| p.version).collect(),
        })
}

/// Chooses the version for a dossier (its index), or the one `--version` names.
pub fn select(
    versions: &[Arc<Policy>],
    bytes: &[u8],
    format: Format,
    forced: Option<&str>,
) -> Result<usize, SelectError> {
    if let Some(asked) = forced {
        return named_index(versions, asked);
    }
    let latest = versions
        .iter()
        .max_by_key(|p| p.version)
        .ok_or(SelectError::NoReference)?;
    let field = reference_name(latest).ok_or(SelectError::NoReference)?;
    let date = reference_date(bytes, format, field, &latest.tz)?;
    in_force_index(versions, date)
}
