//! The types of the language, as the checker resolves them.

use std::fmt;
use std::sync::Arc;

/// Index of a record declaration in [`crate::model::Model::records`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u32);

/// Index of an enum declaration in [`crate::model::Model::enums`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Type {
    Bool,
    Int,
    Decimal,
    /// A decimal from 0 to 1 (checked on input data); computes like a decimal.
    Share,
    Money,
    Date,
    Instant,
    Duration,
    Text,
    /// An objective or rule code.
    Code,
    /// One of the policy's tracks (JSON: its key).
    Track,
    Enum(EnumId),
    Record(RecordId),
    /// A record built by an expression (`{ a: 1 }`) or a built-in (`pairs`): fields by name.
    Struct(Arc<[(String, Type)]>),
    List(Arc<Type>),
    Optional(Arc<Type>),
    /// The type of an expression that already has an error: it matches anything, so that one
    /// mistake gives one diagnostic.
    #[default]
    Error,
}

impl Type {
    pub fn list(of: Type) -> Type {
        Type::List(Arc::new(of))
    }

    pub fn optional(of: Type) -> Type {
        match of {
            Type::Optional(_) | Type::Error => of,
            other => Type::Optional(Arc::new(other)),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Type::Error)
    }

    /// The type without its optional wrapper.
    pub fn required(&self) -> &Type {
        match self {
            Type::Optional(t) => t,
            t => t,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Decimal | Type::Share | Type::Error)
    }

    /// Element type of a list.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::List(t) => Some(t),
            _ => None,
        }
    }
}

/// Displays a type the way the language writes it; record and enum names come from the model,
/// so this shows their ids: use [`crate::model::Model::type_name`] for messages.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Decimal => f.write_str("decimal"),
            Type::Share => f.write_str("share"),
            Type::Money => f.write_str("money"),
            Type::Date => f.write_str("date"),
            Type::Instant => f.write_str("instant"),
            Type::Duration => f.write_str("duration"),
            Type::Text => f.write_str("text"),
            Type::Code => f.write_str("code"),
            Type::Track => f.write_str("track"),
            Type::Enum(id) => write!(f, "enum#{}", id.0),
            Type::Record(id) => write!(f, "record#{}", id.0),
            Type::Struct(fields) => {
                f.write_str("{")?;
                for (i, (n, t)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{n}: {t}")?;
                }
                f.write_str("}")
            }
            Type::List(t) => write!(f, "list of {t}"),
            Type::Optional(t) => write!(f, "{t}?"),
            Type::Error => f.write_str("?"),
        }
    }
}
