//! Runtime values: what the evaluator computes on and what a decoded dossier is made of.
//!
//! A [`Value`] is untyped at run time in the sense that it does not carry its record or enum
//! name: the policy's types are checked statically, and whoever needs names (the renderer, error
//! messages) reads them from the schema. This keeps values small (24 bytes) and cheap to clone:
//! texts, lists and records are reference-counted slices, enums and tracks are `u32` indices.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use care_syntax::ast::DurationUnit;
use jiff::civil::Date;
use jiff::Timestamp;
use rust_decimal::Decimal;

/// A value of the language.
///
/// - records (declared `record`s and structs built by expressions) are the values of their fields
///   in declaration order: the slot index is the field index, no lookup by name;
/// - an enum value is the index of its variant in the enum's declaration;
/// - a track value is the index of its key in [`care_check::model::InputSchema::track_keys`];
/// - `Absent` is an optional value that is not there (`null` or absent in the data).
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Absent,
    Bool(bool),
    Int(i64),
    /// A `decimal` or a `share`.
    Decimal(Decimal),
    /// A `money` amount in euros.
    Money(Decimal),
    Date(Date),
    Instant(Timestamp),
    Duration(Duration),
    /// A `text` or a `code`.
    Text(Arc<str>),
    /// Variant index of an enum.
    Enum(u32),
    /// Index of a track in the policy's track keys.
    Track(u32),
    List(Arc<[Value]>),
    /// The fields of a record or struct, in declaration order.
    Record(Arc<[Value]>),
}

/// A calendar duration (`3 years`, `60 days`): an amount of one unit, since months and years have
/// no fixed length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    pub amount: i64,
    pub unit: DurationUnit,
}

impl Duration {
    pub fn new(amount: i64, unit: DurationUnit) -> Duration {
        Duration { amount, unit }
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word(self.amount))
    }
}

fn unit_tag(unit: DurationUnit) -> u8 {
    match unit {
        DurationUnit::Days => 0,
        DurationUnit::Weeks => 1,
        DurationUnit::Months => 2,
        DurationUnit::Years => 3,
    }
}

impl Value {
    pub fn text(s: &str) -> Value {
        Value::Text(Arc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::from(items))
    }

    pub fn record(fields: Vec<Value>) -> Value {
        Value::Record(Arc::from(fields))
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Absent)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The number of a `decimal`, `share` or `money` value.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Decimal(d) | Value::Money(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_instant(&self) -> Option<Timestamp> {
        match self {
            Value::Instant(t) => Some(*t),
            _ => None,
        }
    }

    /// The elements of a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The fields of a record, in declaration order.
    pub fn as_record(&self) -> Option<&[Value]> {
        match self {
            Value::Record(fields) => Some(fields),
            _ => None,
        }
    }

    /// Field `index` of a record (its declaration index).
    pub fn field(&self, index: usize) -> Option<&Value> {
        self.as_record().and_then(|f| f.get(index))
    }

    /// Variant index of an enum value.
    pub fn as_enum(&self) -> Option<u32> {
        match self {
            Value::Enum(i) => Some(*i),
            _ => None,
        }
    }

    /// Track index of a track value.
    pub fn as_track(&self) -> Option<u32> {
        match self {
            Value::Track(i) => Some(*i),
            _ => None,
        }
    }
}

/// Equality by value: decimals compare by value (`1.5 == 1.50`), a decimal never equals a money
/// amount, lists and records compare element by element.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Absent, Value::Absent) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Decimal(a), Value::Decimal(b)) | (Value::Money(a), Value::Money(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::Instant(a), Value::Instant(b)) => a == b,
            (Value::Duration(a), Value::Duration(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Enum(a), Value::Enum(b)) | (Value::Track(a), Value::Track(b)) => a == b,
            (Value::List(a), Value::List(b)) | (Value::Record(a), Value::Record(b)) => {
                Arc::ptr_eq(a, b) || a == b
            }
            _ => false,
        }
    }
}

impl Eq for Value {}

/// Consistent with equality (decimals hash by value), for grouping and sets.
impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Value::Absent => {}
            Value::Bool(b) => b.hash(state),
            Value::Int(i) => i.hash(state),
            Value::Decimal(d) | Value::Money(d) => d.hash(state),
            Value::Date(d) => d.hash(state),
            Value::Instant(t) => t.hash(state),
            Value::Duration(d) => {
                d.amount.hash(state);
                unit_tag(d.unit).hash(state);
            }
            Value::Text(s) => s.hash(state),
            Value::Enum(i) | Value::Track(i) => i.hash(state),
            Value::List(items) | Value::Record(items) => items.hash(state),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_small() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
    }

    #[test]
    fn decimals_compare_by_value() {
        let a = Value::Decimal(Decimal::new(15, 1));
        let b = Value::Decimal(Decimal::new(150, 2));
        assert_eq!(a, b);
        let mut h1 = std::collections::hash_map::DefaultHasher::new();
        let mut h2 = std::collections::hash_map::DefaultHasher::new();
        a.hash(&mut h1);
        b.hash(&mut h2);
        assert_eq!(h1.finish(), h2.finish());
        assert_ne!(Value::Money(Decimal::new(15, 1)), a);
    }

    #[test]
    fn duration_displays_like_the_language() {
        assert_eq!(Duration::new(3, DurationUnit::Years).to_string(), "3 years");
        assert_eq!(Duration::new(1, DurationUnit::Weeks).to_string(), "1 week");
    }
}
