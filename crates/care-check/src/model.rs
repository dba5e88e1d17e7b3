//! The checked model of one policy version: every declaration resolved, with its origin.
//! (Input schema part; rules, tables, functions and outputs are added by the checker.)

use crate::types::{EnumId, RecordId, Type};
use care_syntax::ast::Literal;
use care_syntax::{FileId, Span};

/// Where a declaration was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub name: String,
    pub label: Option<String>,
    pub variants: Vec<VariantDef>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct VariantDef {
    pub name: String,
    pub label: Option<String>,
}

#[derive(Clone, Debug)]
pub struct RecordDef {
    pub name: String,
    pub label: Option<String>,
    pub fields: Vec<FieldDef>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    /// The value an absent (or null) field takes; a field with a default is never absent.
    pub default: Option<DefaultValue>,
    /// What decoding accepts of the data (of each item, for a list).
    pub bounds: Bounds,
    pub label: Option<String>,
    pub origin: Origin,
}

/// The smallest and largest values a field's data may take, both included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounds {
    pub min: Option<Bound>,
    pub max: Option<Bound>,
}

impl Bounds {
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub value: BoundValue,
    /// Not written by the policy: money is never negative unless the policy says otherwise.
    pub implicit: bool,
}

/// A bound's value, in the unit of the field: an `int`, a decimal (for `decimal`, `share` and
/// `money`; a percentage is already divided by 100), or a date.
#[derive(Clone, Debug, PartialEq)]
pub enum BoundValue {
    Int(i64),
    Decimal(rust_decimal::Decimal),
    Date(jiff::civil::Date),
}

impl std::fmt::Display for BoundValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoundValue::Int(i) => write!(f, "{i}"),
            BoundValue::Decimal(d) => write!(f, "{}", d.normalize()),
            BoundValue::Date(d) => write!(f, "{d}"),
        }
    }
}

/// A field's default: a literal, or an enum variant (by index).
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Literal(Literal),
    Variant(u32),
}

/// The input schema of a version: what `care eval` validates a dossier against.
#[derive(Clone, Debug, Default)]
pub struct InputSchema {
    pub records: Vec<RecordDef>,
    pub enums: Vec<EnumDef>,
    /// Keys of the tracks, in declaration order: a `track` value is an index into this list.
    pub track_keys: Vec<i64>,
    /// The name the policy gives its input (`dossier`) and its type.
    pub root_name: String,
    pub root: Type,
}

impl InputSchema {
    pub fn record(&self, id: RecordId) -> Option<&RecordDef> {
        self.records.get(id.0 as usize)
    }

    pub fn enum_def(&self, id: EnumId) -> Option<&EnumDef> {
        self.enums.get(id.0 as usize)
    }

    /// A type as the language writes it, with record and enum names.
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Record(id) => self
                .record(*id)
                .map_or_else(|| ty.to_string(), |r| r.name.clone()),
            Type::Enum(id) => self
                .enum_def(*id)
                .map_or_else(|| ty.to_string(), |e| e.name.clone()),
            Type::List(t) => format!("list of {}", self.type_name(t)),
            Type::Optional(t) if t.is_error() => "absent".to_string(),
            Type::Optional(t) => format!("{}?", self.type_name(t)),
            Type::Struct(fields) => {
                let inner: Vec<String> = fields
                    .iter()
                    .map(|(n, t)| format!("{n}: {}", self.type_name(t)))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
            other => other.to_string(),
        }
    }
}
