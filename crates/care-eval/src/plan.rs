//! The input schema compiled for decoding: built once per policy version, then used for every
//! dossier. Holds what the decoders need in the form they need it (field tables, variant names,
//! default values as [`Value`]s, track keys), and the checks shared by the JSON and YAML decoders.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use care_check::model::{BoundValue, Bounds, DefaultValue, InputSchema};
use care_check::types::Type;
use care_syntax::ast::Literal;
use rust_decimal::Decimal;

use crate::bytes::same;
use crate::issue::{Ctx, DataErrors, DataIssue, Found, IssueKind, Location};
use crate::scalar;
use crate::value::{Duration, Value};

/// A type as the decoders see it.
#[derive(Clone, Debug)]
pub(crate) enum Ty {
    Bool,
    Int,
    Decimal,
    Share,
    Money,
    Date,
    Instant,
    Duration,
    Text,
    Code,
    Track,
    Enum(u32),
    /// Index into [`Decoder::objs`]: a record (same index as its `RecordId`) or a struct.
    Obj(u32),
    List(Box<Ty>),
    Optional(Box<Ty>),
    /// A scalar with bounds on its value: index into [`Decoder::bounds`].
    Bounded(Box<Ty>, u32),
}

impl Ty {
    pub fn required(&self) -> &Ty {
        match self {
            Ty::Optional(t) => t,
            t => t,
        }
    }

    /// The type of the value itself: without `?` and without bounds.
    pub fn plain(&self) -> &Ty {
        match self.required() {
            Ty::Bounded(t, _) => t,
            t => t,
        }
    }

    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Optional(_))
    }
}

/// An object type: a record or a struct.
#[derive(Debug)]
pub(crate) struct ObjPlan {
    pub name: String,
    pub fields: Vec<FieldPlan>,
    /// By name, when there are many fields (a scan is faster for a few).
    index: Option<HashMap<Box<str>, usize>>,
    /// Whether a field has a default (to fill in where the data gives none or `null`).
    defaults: bool,
    /// Every field's bit, for up to 64 fields ([`Seen::Small`]): the fields not given.
    every: u64,
}

#[derive(Debug)]
pub(crate) struct FieldPlan {
    pub name: Box<str>,
    /// The type to decode: optional when the field has a default.
    pub ty: Ty,
    pub default: Option<Value>,
}

const SCAN_FIELDS: usize = 16;

impl ObjPlan {
    /// An object type with no fields yet ([`Compiler::set_fields`] gives them).
    fn named(name: String) -> ObjPlan {
        ObjPlan {
            name,
            fields: Vec::new(),
            index: None,
            defaults: false,
            every: 0,
        }
    }

    /// Index of field `key`; `hint` is the field expected next (data usually follows the
    /// declaration order).
    #[inline]
    pub fn lookup(&self, key: &str, hint: usize) -> Option<usize> {
        if let Some(f) = self.fields.get(hint) {
            if same(f.name.as_bytes(), key.as_bytes()) {
                return Some(hint);
            }
        }
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self
                .fields
                .iter()
                .position(|f| same(f.name.as_bytes(), key.as_bytes())),
        }
    }
}

#[derive(Debug)]
struct EnumPlan {
    name: String,
    variants: Vec<Box<str>>,
}

/// Which fields of an object were given.
enum Seen {
    Small(u64),
    Large(Vec<bool>),
}

impl Seen {
    fn new(n: usize) -> Seen {
        if n <= 64 {
            Seen::Small(0)
        } else {
            Seen::Large(vec![false; n])
        }
    }

    #[inline]
    fn get(&self, i: usize) -> bool {
        match self {
            Seen::Small(bits) => i < 64 && bits & (1 << i) != 0,
            Seen::Large(v) => v.get(i).copied().unwrap_or(false),
        }
    }

    #[inline]
    fn set(&mut self, i: usize) {
        match self {
            Seen::Small(bits) => {
                if i < 64 {
                    *bits |= 1 << i;
                }
            }
            Seen::Large(v) => {
                if let Some(b) = v.get_mut(i) {
                    *b = true;
                }
            }
        }
    }
}

/// An object being decoded, its field values written straight into the record's slice (made
/// once, all absent, when the object opens: collecting them from a stack afterwards cost more).
/// The caller holds the record ([`ObjBuilder::record`]) and lends its slots to the builder
/// until [`ObjBuilder::finish`]: one `Arc::get_mut` per object, not one per field (each is an
/// atomic compare-and-swap).
pub(crate) struct ObjBuilder<'p, 's> {
    pub obj: &'p ObjPlan,
    slots: &'s mut [Value],
    seen: Seen,
    hint: usize,
}

/// What a key of an object is.
pub(crate) enum KeyMatch<'p> {
    Field(usize, &'p FieldPlan),
    Duplicate(&'p FieldPlan),
    Unknown,
}

impl<'p, 's> ObjBuilder<'p, 's> {
    /// The record an object of `obj` becomes, all its fields absent.
    #[inline]
    pub fn record(obj: &ObjPlan) -> Arc<[Value]> {
        // `repeat_with` writes the constant; `repeat_n` would clone it (a `match`) per field.
        std::iter::repeat_with(|| Value::Absent)
            .take(obj.fields.len())
            .collect()
    }

    /// A builder writing into `record`, made by [`ObjBuilder::record`] and not yet shared.
    #[inline]
    pub fn new(obj: &'p ObjPlan, record: &'s mut Arc<[Value]>) -> ObjBuilder<'p, 's> {
        ObjBuilder {
            obj,
            // A new record is its only owner: `get_mut` finds it (else nothing is written).
            slots: Arc::get_mut(record).unwrap_or_default(),
            seen: Seen::new(obj.fields.len()),
            hint: 0,
        }
    }

    #[inline]
    pub fn key(&mut self, key: &str) -> KeyMatch<'p> {
        match self.obj.lookup(key, self.hint) {
            Some(i) => self.field(i),
            None => KeyMatch::Unknown,
        }
    }

    /// The field expected next (data usually follows the declaration order): its index and
    /// name, so that a scanner can compare the next key with it in place.
    #[inline]
    pub fn expected(&self) -> Option<(usize, &'p str)> {
        let obj = self.obj;
        obj.fields.get(self.hint).map(|f| (self.hint, &*f.name))
    }

    /// The key of field `i` is read: the field, or a duplicate.
    #[inline]
    pub fn field(&mut self, i: usize) -> KeyMatch<'p> {
        let obj = self.obj;
        let Some(field) = obj.fields.get(i) else {
            return KeyMatch::Unknown;
        };
        if self.seen.get(i) {
            KeyMatch::Duplicate(field)
        } else {
            self.seen.set(i);
            self.hint = i + 1;
            KeyMatch::Field(i, field)
        }
    }

    #[inline(always)]
    pub fn set(&mut self, i: usize, value: Value) {
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = value;
        }
    }

    /// Fills defaults, reports missing required fields; the record is then complete.
    pub fn finish(self, ctx: &mut Ctx<'p>, dec: &Decoder, at: Option<Location>) {
        if let (false, Seen::Small(given)) = (self.obj.defaults, &self.seen) {
            // No default to fill: only the fields not given are looked at (none, usually), in
            // the order of the fields, as the loop below reports them.
            let mut left = self.obj.every & !given;
            while left != 0 {
                let i = left.trailing_zeros() as usize;
                left &= left - 1;
                if let Some(field) = self.obj.fields.get(i) {
                    if !field.ty.is_optional() {
                        missing(ctx, dec, field, at);
                    }
                }
            }
            return;
        }
        for (i, field) in self.obj.fields.iter().enumerate() {
            let Some(slot) = self.slots.get_mut(i) else {
                continue;
            };
            if !slot.is_absent() {
                continue;
            }
            if let Some(default) = &field.default {
                *slot = default.clone();
            } else if !field.ty.is_optional() && !self.seen.get(i) {
                missing(ctx, dec, field, at);
            }
        }
    }
}

/// The error of a required field the data does not give.
#[cold]
fn missing<'p>(ctx: &mut Ctx<'p>, dec: &Decoder, field: &'p FieldPlan, at: Option<Location>) {
    ctx.error_with(
        IssueKind::Missing,
        Some(&field.name),
        (
            "data-missing-field",
            vec![("expected-type", dec.expected_code(&field.ty))],
        ),
        format!(
            "missing required field, expected {}",
            dec.expected(&field.ty)
        ),
        at,
    );
}

/// The bounds of a field, as decoding checks them.
#[derive(Debug)]
struct BoundPlan {
    bounds: Bounds,
    money: bool,
}

impl BoundPlan {
    fn text(&self, v: &BoundValue) -> String {
        match v {
            BoundValue::Decimal(d) if self.money => format!("{:.2}", d),
            v => v.to_string(),
        }
    }

    /// [`BoundPlan::violation`] by its catalog entry and the bound's text.
    fn violation_key(&self, v: &Value) -> Option<(&'static str, String)> {
        let why = self.violation(v)?;
        Some(if let Some(b) = why.strip_prefix("must be at least ") {
            ("data-below-min", b.to_owned())
        } else if let Some(b) = why.strip_prefix("must be at most ") {
            ("data-above-max", b.to_owned())
        } else {
            ("data-negative-money", String::new())
        })
    }

    /// [`BoundPlan::describe`] for the catalog: `from:MIN:MAX`, `min:MIN` or `max:MAX`.
    fn describe_code(&self) -> String {
        match (&self.bounds.min, &self.bounds.max) {
            (Some(min), Some(max)) => {
                format!("from:{}:{}", self.text(&min.value), self.text(&max.value))
            }
            (Some(min), None) => format!("min:{}", self.text(&min.value)),
            (None, Some(max)) => format!("max:{}", self.text(&max.value)),
            (None, None) => String::new(),
        }
    }

    /// Why `v` is out of bounds, if it is.
    fn violation(&self, v: &Value) -> Option<String> {
        let cmp = |b: &BoundValue| -> Option<std::cmp::Ordering> {
            match (v, b) {
                (Value::Int(i), BoundValue::Int(j)) => Some(i.cmp(j)),
                (Value::Money(d) | Value::Decimal(d), BoundValue::Decimal(e)) => Some(d.cmp(e)),
                (Value::Date(d), BoundValue::Date(e)) => Some(d.cmp(e)),
                _ => None,
            }
        };
        if let Some(min) = &self.bounds.min {
            if cmp(&min.value) == Some(std::cmp::Ordering::Less) {
                return Some(if min.implicit {
                    "money cannot be negative (the policy declares no lower bound for it)"
                        .to_owned()
                } else {
                    format!("must be at least {}", self.text(&min.value))
                });
            }
        }
        if let Some(max) = &self.bounds.max {
            if cmp(&max.value) == Some(std::cmp::Ordering::Greater) {
                return Some(format!("must be at most {}", self.text(&max.value)));
            }
        }
        None
    }

    fn describe(&self) -> String {
        match (&self.bounds.min, &self.bounds.max) {
            (Some(min), Some(max)) => format!(
                "from {} to {}",
                self.text(&min.value),
                self.text(&max.value)
            ),
            (Some(min), None) => format!("at least {}", self.text(&min.value)),
            (None, Some(max)) => format!("at most {}", self.text(&max.value)),
            (None, None) => String::new(),
        }
    }
}

/// The input schema of a policy version, compiled for decoding dossiers: build it once with
/// [`Decoder::new`] and decode any number of dossiers with it (it is `Send + Sync`).
#[derive(Debug)]
pub struct Decoder {
    pub(crate) objs: Vec<ObjPlan>,
    enums: Vec<EnumPlan>,
    track_keys: Vec<i64>,
    bounds: Vec<BoundPlan>,
    pub(crate) root: Ty,
}

/// The schema cannot be used to read data: an unresolved type, a dangling id or a default that
/// does not fit its field. The checker does not produce such schemas for valid policies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// `Record.field: problem`, one a line.
    pub problems: Vec<String>,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the input schema cannot read data: ")?;
        f.write_str(&self.problems.join("; "))
    }
}

impl std::error::Error for SchemaError {}

impl From<SchemaError> for DataErrors {
    fn from(e: SchemaError) -> DataErrors {
        DataErrors {
            errors: e
                .problems
                .into_iter()
                .map(|p| {
                    DataIssue::new(IssueKind::Schema, "", p.clone())
                        .keyed("data-schema-problem", vec![("detail", p)])
                })
                .collect(),
            warnings: Vec::new(),
        }
    }
}

struct Compiler<'s> {
    schema: &'s InputSchema,
    objs: Vec<ObjPlan>,
    bounds: Vec<BoundPlan>,
    problems: Vec<String>,
}

impl Compiler<'_> {
    /// `ty` with `bounds` on its scalar (inside `?` and `list of`).
    fn bounded(&mut self, ty: Ty, bounds: &Bounds) -> Ty {
        match ty {
            Ty::Optional(t) => Ty::Optional(Box::new(self.bounded(*t, bounds))),
            Ty::List(t) => Ty::List(Box::new(self.bounded(*t, bounds))),
            t => {
                let index = u32::try_from(self.bounds.len()).unwrap_or(u32::MAX);
                self.bounds.push(BoundPlan {
                    bounds: bounds.clone(),
                    money: matches!(t, Ty::Money),
                });
                Ty::Bounded(Box::new(t), index)
            }
        }
    }

    fn ty(&mut self, ty: &Type, at: &str) -> Ty {
        match ty {
            Type::Bool => Ty::Bool,
            Type::Int => Ty::Int,
            Type::Decimal => Ty::Decimal,
            Type::Share => Ty::Share,
            Type::Money => Ty::Money,
            Type::Date => Ty::Date,
            Type::Instant => Ty::Instant,
            Type::Duration => Ty::Duration,
            Type::Text => Ty::Text,
            Type::Code => Ty::Code,
            Type::Track => Ty::Track,
            Type::Enum(id) => {
                if self.schema.enum_def(*id).is_none() {
                    self.problems.push(format!("{at}: unknown enum #{}", id.0));
                }
                Ty::Enum(id.0)
            }
            Type::Record(id) => {
                if self.schema.record(*id).is_none() {
                    self.problems
                        .push(format!("{at}: unknown record #{}", id.0));
                }
                Ty::Obj(id.0)
            }
            Type::Struct(fields) => {
                let name = self.schema.type_name(ty);
                let index = self.objs.len();
                // Reserve the slot, then compile the fields (which may add more structs).
                self.objs.push(ObjPlan::named(name.clone()));
                let fields = fields
                    .iter()
                    .map(|(n, t)| {
                        let ty = self.ty(t, &format!("{name}.{n}"));
                        FieldPlan {
                            name: n.as_str().into(),
                            ty,
                            default: None,
                        }
                    })
                    .collect();
                self.set_fields(index, fields);
                Ty::Obj(u32::try_from(index).unwrap_or(u32::MAX))
            }
            Type::List(t) => Ty::List(Box::new(self.ty(t, at))),
            Type::Optional(t) => match self.ty(t, at) {
                opt @ Ty::Optional(_) => opt,
                t => Ty::Optional(Box::new(t)),
            },
            Type::Error => {
                self.problems.push(format!("{at}: the type is unresolved"));
                Ty::Text
            }
        }
    }

    fn set_fields(&mut self, index: usize, fields: Vec<FieldPlan>) {
        if let Some(obj) = self.objs.get_mut(index) {
            obj.defaults = fields.iter().any(|f| f.default.is_some());
            obj.every = match fields.len() {
                64.. => u64::MAX,
                n => (1u64 << n) - 1,
            };
            if fields.len() > SCAN_FIELDS {
                obj.index = Some(
                    fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (f.name.clone(), i))
                        .collect(),
                );
            }
            obj.fields = fields;
        }
    }

    fn default(&mut self, default: &DefaultValue, ty: &Ty, at: &str) -> Option<Value> {
        let value = default_value(self.schema, default, ty.plain());
        if value.is_none() {
            self.problems.push(format!(
                "{at}: the default value does not fit the field's type"
            ));
        }
        value
    }
}

fn decimal_of(lit: &Literal) -> Option<Decimal> {
    match lit {
        Literal::Int(i) => Some(Decimal::from(*i)),
        Literal::Decimal(d) => Some(*d),
        Literal::Percent(p) => p.checked_div(Decimal::ONE_HUNDRED),
        _ => None,
    }
}

fn default_value(schema: &InputSchema, default: &DefaultValue, ty: &Ty) -> Option<Value> {
    let lit = match default {
        DefaultValue::Variant(v) => {
            return match ty {
                Ty::Enum(e) => {
                    let def = schema.enums.get(*e as usize)?;
                    ((*v as usize) < def.variants.len()).then_some(Value::Enum(*v))
                }
                _ => None,
            }
        }
        DefaultValue::Literal(lit) => lit,
    };
    Some(match (ty, lit) {
        (Ty::Bool, Literal::Bool(b)) => Value::Bool(*b),
        (Ty::Int, Literal::Int(i)) => Value::Int(*i),
        (Ty::Decimal, lit) => Value::Decimal(decimal_of(lit)?),
        (Ty::Share, lit) => {
            let d = decimal_of(lit)?;
            if d < Decimal::ZERO || d > Decimal::ONE {
                return None;
            }
            Value::Decimal(d)
        }
        (Ty::Money, Literal::Money(d) | Literal::Decimal(d)) => Value::Money(*d),
        (Ty::Money, Literal::Int(i)) => Value::Money(Decimal::from(*i)),
        (Ty::Date, Literal::Date(d)) => Value::Date(*d),
        (Ty::Instant, Literal::Instant(s)) => Value::Instant(parse_instant_literal(s)?),
        (Ty::Duration, Literal::Duration { amount, unit }) => {
            Value::Duration(Duration::new(*amount, *unit))
        }
        (Ty::Text | Ty::Code, Literal::Text(s)) => Value::text(s),
        (Ty::Track, Literal::Int(key)) => {
            let i = schema.track_keys.iter().position(|k| k == key)?;
            Value::Track(u32::try_from(i).ok()?)
        }
        (Ty::Enum(e), Literal::Text(name)) => {
            let def = schema.enums.get(*e as usize)?;
            let i = def.variants.iter().position(|v| &v.name == name)?;
            Value::Enum(u32::try_from(i).ok()?)
        }
        _ => return None,
    })
}

/// An instant literal of the language: RFC 3339 with an offset, or a civil time with a time
/// zone (`2026-06-04T16:00[Europe/Paris]`), the zone from care's own database (never the host's).
fn parse_instant_literal(s: &str) -> Option<jiff::Timestamp> {
    s.parse::<jiff::Timestamp>().ok().or_else(|| {
        jiff::fmt::temporal::DateTimeParser::new()
            .parse_zoned_with(care_check::zones::database(), s)
            .ok()
            .map(|z| z.timestamp())
    })
}

/// One-line description of a list of names: `` `a`, `b`, `c` ``.
/// [`one_of`] for the catalog: `one-of:` and the names in backticks, or `none`.
fn one_of_code<I: IntoIterator<Item = String>>(names: I) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        format!("one-of:{}", names.join(", "))
    }
}

fn one_of<I: IntoIterator<Item = String>>(names: I) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    if names.is_empty() {
        "nothing (none is declared)".to_owned()
    } else {
        format!("one of {}", names.join(", "))
    }
}

impl Decoder {
    /// Compiles `schema`; fails when the schema has unresolved types, dangling ids or defaults
    /// that do not fit their fields.
    pub fn new(schema: &InputSchema) -> Result<Decoder, SchemaError> {
        let mut c = Compiler {
            schema,
            objs: Vec::with_capacity(schema.records.len()),
            bounds: Vec::new(),
            problems: Vec::new(),
        };
        for r in &schema.records {
            c.objs.push(ObjPlan::named(r.name.clone()));
        }
        for (ri, r) in schema.records.iter().enumerate() {
            let mut fields = Vec::with_capacity(r.fields.len());
            for f in &r.fields {
                let at = format!("{}.{}", r.name, f.name);
                let mut ty = c.ty(&f.ty, &at);
                if !f.bounds.is_empty() {
                    ty = c.bounded(ty, &f.bounds);
                }
                let default = f.default.as_ref().and_then(|d| c.default(d, &ty, &at));
                if default.is_some() && !ty.is_optional() {
                    ty = Ty::Optional(Box::new(ty));
                }
                fields.push(FieldPlan {
                    name: f.name.as_str().into(),
                    ty,
                    default,
                });
            }
            c.set_fields(ri, fields);
        }
        let root_name = if schema.root_name.is_empty() {
            "input".to_owned()
        } else {
            schema.root_name.clone()
        };
        let root = c.ty(&schema.root, &root_name);
        if !c.problems.is_empty() {
            return Err(SchemaError {
                problems: c.problems,
            });
        }
        Ok(Decoder {
            objs: c.objs,
            enums: schema
                .enums
                .iter()
                .map(|e| EnumPlan {
                    name: e.name.clone(),
                    variants: e.variants.iter().map(|v| v.name.as_str().into()).collect(),
                })
                .collect(),
            track_keys: schema.track_keys.clone(),
            bounds: c.bounds,
            root,
        })
    }

    pub(crate) fn obj(&self, i: u32) -> Option<&ObjPlan> {
        self.objs.get(i as usize)
    }

    /// What a value of type `ty` looks like in the data, for messages.
    pub(crate) fn expected(&self, ty: &Ty) -> String {
        match ty {
            Ty::Bool => "bool (`true` or `false`)".to_owned(),
            Ty::Int => "int (an integer)".to_owned(),
            Ty::Decimal => "decimal (a string such as `\"0.66\"`)".to_owned(),
            Ty::Share => "share (a string from `\"0\"` to `\"1\"` such as `\"0.66\"`)".to_owned(),
            Ty::Money => "money (a string with at most two decimals such as `\"12000.00\"`)"
                .to_owned(),
            Ty::Date => "date (a string `YYYY-MM-DD`)".to_owned(),
            Ty::Instant => {
                "instant (an RFC 3339 string with an offset such as `\"2026-05-20T10:15:00+02:00\"`)"
                    .to_owned()
            }
            Ty::Duration => "duration (a string such as `\"60 days\"`)".to_owned(),
            Ty::Text => "text (a string)".to_owned(),
            Ty::Code => "code (a string)".to_owned(),
            Ty::Track => one_of(self.track_keys.iter().map(i64::to_string)),
            Ty::Enum(e) => match self.enums.get(*e as usize) {
                Some(def) => one_of(def.variants.iter().map(|v| v.to_string())),
                None => "an enum variant".to_owned(),
            },
            Ty::Obj(o) => match self.obj(*o) {
                Some(obj) => format!("{} (an object)", obj.name),
                None => "an object".to_owned(),
            },
            Ty::List(t) => format!("list of {} (an array)", self.type_name(t)),
            Ty::Optional(t) => self.expected(t),
            Ty::Bounded(t, b) => match self.bounds.get(*b as usize) {
                Some(plan) => format!("{}, {}", self.expected(t), plan.describe()),
                None => self.expected(t),
            },
        }
    }

    /// [`Decoder::expected`] coded for the catalog (`care_i18n`'s data messages): `money`,
    /// `one-of:` and the names, `none`, `object:Name`, `list:type`, `enum`, each followed by
    /// `|` and the bounds (`from:0:10`, `min:0`, `max:10`) when the type has some.
    pub(crate) fn expected_code(&self, ty: &Ty) -> String {
        match ty {
            Ty::Bool => "bool".to_owned(),
            Ty::Int => "int".to_owned(),
            Ty::Decimal => "decimal".to_owned(),
            Ty::Share => "share".to_owned(),
            Ty::Money => "money".to_owned(),
            Ty::Date => "date".to_owned(),
            Ty::Instant => "instant".to_owned(),
            Ty::Duration => "duration".to_owned(),
            Ty::Text => "text".to_owned(),
            Ty::Code => "code".to_owned(),
            Ty::Track => one_of_code(self.track_keys.iter().map(i64::to_string)),
            Ty::Enum(e) => match self.enums.get(*e as usize) {
                Some(def) => one_of_code(def.variants.iter().map(|v| v.to_string())),
                None => "enum".to_owned(),
            },
            Ty::Obj(o) => match self.obj(*o) {
                Some(obj) => format!("object:{}", obj.name),
                None => "object:".to_owned(),
            },
            Ty::List(t) => format!("list:{}", self.type_name(t)),
            Ty::Optional(t) => self.expected_code(t),
            Ty::Bounded(t, b) => match self.bounds.get(*b as usize) {
                Some(plan) => format!("{}|{}", self.expected_code(t), plan.describe_code()),
                None => self.expected_code(t),
            },
        }
    }

    /// The value decoded for a bounded type, or `Absent` with an error when it is out of bounds.
    fn within(
        &self,
        bound: u32,
        value: Value,
        found: Found<'_>,
        ctx: &mut Ctx<'_>,
        at: Option<Location>,
    ) -> Value {
        // Most values are within bounds: one comparison each; the catalog's key is made for
        // a value out of them only.
        let Some(plan) = self.bounds.get(bound as usize) else {
            return value;
        };
        let Some(why) = plan.violation(&value) else {
            return value;
        };
        match plan.violation_key(&value) {
            Some((key, bound)) => {
                ctx.error(
                    IssueKind::InvalidValue,
                    (key, vec![("bound", bound), ("found", found.arg())]),
                    format!("{why}, found {found}"),
                    at,
                );
                Value::Absent
            }
            None => value,
        }
    }

    /// A type as the language writes it.
    pub(crate) fn type_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Bool => "bool".to_owned(),
            Ty::Int => "int".to_owned(),
            Ty::Decimal => "decimal".to_owned(),
            Ty::Share => "share".to_owned(),
            Ty::Money => "money".to_owned(),
            Ty::Date => "date".to_owned(),
            Ty::Instant => "instant".to_owned(),
            Ty::Duration => "duration".to_owned(),
            Ty::Text => "text".to_owned(),
            Ty::Code => "code".to_owned(),
            Ty::Track => "track".to_owned(),
            Ty::Enum(e) => self
                .enums
                .get(*e as usize)
                .map_or_else(|| "enum".to_owned(), |d| d.name.clone()),
            Ty::Obj(o) => self
                .obj(*o)
                .map_or_else(|| "record".to_owned(), |d| d.name.clone()),
            Ty::List(t) => format!("list of {}", self.type_name(t)),
            Ty::Optional(t) => format!("{}?", self.type_name(t)),
            Ty::Bounded(t, _) => self.type_name(t),
        }
    }

    /// Records that `found` is not of type `ty`.
    #[cold]
    pub(crate) fn mismatch(
        &self,
        ty: &Ty,
        found: Found<'_>,
        ctx: &mut Ctx<'_>,
        at: Option<Location>,
    ) -> Value {
        let kind = match (ty.plain(), found) {
            // The right JSON type, but not an allowed value.
            (Ty::Enum(_), Found::Str(_) | Found::Plain(_)) | (Ty::Track, Found::Int(_)) => {
                IssueKind::InvalidValue
            }
            (
                Ty::Decimal
                | Ty::Share
                | Ty::Money
                | Ty::Date
                | Ty::Instant
                | Ty::Duration
                | Ty::Text
                | Ty::Code,
                Found::Str(_) | Found::Plain(_),
            ) => IssueKind::InvalidValue,
            (Ty::Int | Ty::Bool, Found::Plain(_)) => IssueKind::InvalidValue,
            _ => IssueKind::WrongType,
        };
        ctx.error(
            kind,
            (
                "data-expected",
                vec![
                    ("expected-type", self.expected_code(ty)),
                    ("found", found.arg()),
                ],
            ),
            format!("expected {}, found {found}", self.expected(ty)),
            at,
        );
        Value::Absent
    }

    #[inline]
    pub(crate) fn on_null(&self, ty: &Ty, ctx: &mut Ctx<'_>, at: Option<Location>) -> Value {
        if ty.is_optional() {
            Value::Absent
        } else {
            self.mismatch(ty, Found::Null, ctx, at)
        }
    }

    #[inline]
    pub(crate) fn on_bool(
        &self,
        ty: &Ty,
        b: bool,
        found: Found<'_>,
        ctx: &mut Ctx<'_>,
        at: Option<Location>,
    ) -> Value {
        match ty.required() {
            Ty::Bool => Value::Bool(b),
            _ => self.mismatch(ty, found, ctx, at),
        }
    }

    #[inline]
    pub(crate) fn on_int(
        &self,
        ty: &Ty,
        i: i128,
        found: Found<'_>,
        ctx: &mut Ctx<'_>,
        at: Option<Location>,
    ) -> Value {
        match ty.required() {
            Ty::Bounded(inner, b) => {
                let value = self.on_int(inner, i, found, ctx, at);
                self.within(*b, value, found, ctx, at)
            }
            Ty::Int => match i64::try_from(i) {
                Ok(i) => Value::Int(i),
                Err(_) => {
                    ctx.error(
                        IssueKind::InvalidValue,
                        ("data-int-range", vec![("found", found.arg())]),
                        format!("int out of range, found {found}"),
                        at,
                    );
                    Value::Absent
                }
            },
            Ty::Track => {
                match self
                    .track_keys
                    .iter()
                    .position(|&k| i128::from(k) == i)
                    .and_then(|p| u32::try_from(p).ok())
                {
                    Some(p) => Value::Track(p),
                    None => self.mismatch(ty, found, ctx, at),
                }
            }
            _ => self.mismatch(ty, found, ctx, at),
        }
    }

    /// The value of a common string (a text, a code or an enum's variant, of a required field):
    /// [`Decoder::on_str`] gives it, and the scanner calls it inlined, without `on_str` (the call
    /// and its arguments cost more than these cases; inlining dates too was slower). `None` for
    /// the others and for an unknown variant, which `on_str` decides.
    #[inline(always)]
    pub(crate) fn plain_str(&self, ty: &Ty, s: &str) -> Option<Value> {
        match ty {
            Ty::Text | Ty::Code => Some(Value::Text(s.into())),
            Ty::Enum(e) => {
                let def = self.enums.get(*e as usize)?;
                let p = def
                    .variants
                    .iter()
                    .position(|v| same(v.as_bytes(), s.as_bytes()))?;
                u32::try_from(p).ok().map(Value::Enum)
            }
            _ => None,
        }
    }

    /// A string (JSON) or a scalar taken as text (YAML).
    #[inline]
    pub(crate) fn on_str(
        &self,
        ty: &Ty,
        s: &str,
        found: Found<'_>,
        ctx: &mut Ctx<'_>,
        at: Option<Location>,
    ) -> Value {
        let value = match ty.required() {
            Ty::Bounded(inner, b) => {
                let value = self.on_str(inner, s, found, ctx, at);
                return self.within(*b, value, found, ctx, at);
            }
            t @ (Ty::Text | Ty::Code | Ty::Enum(_)) => self.plain_str(t, s),
            Ty::Decimal => scalar::parse_decimal(s).map(Value::Decimal),
            Ty::Share => match scalar::parse_decimal(s) {
                Some(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Some(Value::Decimal(d)),
                Some(_) => {
                    ctx.error(
                        IssueKind::InvalidValue,
                        ("data-share-range", vec![("found", found.arg())]),
                        format!("share must be from 0 to 1, found {found}"),
                        at,
                    );
                    return Value::Absent;
                }
                None => None,
            },
            Ty::Money => match scalar::parse_decimal(s) {
                Some(_) if scalar::written_decimals(s) > 2 => {
                    ctx.error(
                        IssueKind::InvalidValue,
                        ("data-money-decimals", vec![("found", found.arg())]),
                        format!("money has at most two decimals, found {found}"),
                        at,
                    );
                    return Value::Absent;
                }
                d => d.map(Value::Money),
            },
            Ty::Date => scalar::parse_date(s).map(Value::Date),
            Ty::Instant => scalar::parse_instant(s).map(Value::Instant),
            Ty::Duration => scalar::parse_duration(s).map(Value::Duration),
            Ty::Bool | Ty::Int | Ty::Track | Ty::Obj(_) | Ty::List(_) | Ty::Optional(_) => None,
        };
        match value {
            Some(v) => v,
            None => self.mismatch(ty, found, ctx, at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use care_check::model::{EnumDef, FieldDef, Origin, RecordDef, VariantDef};
    use care_check::types::{EnumId, RecordId};

    fn field(name: &str, ty: Type, default: Option<DefaultValue>) -> FieldDef {
        FieldDef {
            name: name.into(),
            ty,
            default,
            bounds: Default::default(),
            label: None,
            origin: Origin::default(),
        }
    }

    #[test]
    fn bad_schemas_are_refused() {
        let schema = InputSchema {
            records: vec![RecordDef {
                name: "R".into(),
                label: None,
                fields: vec![
                    field("a", Type::Error, None),
                    field("b", Type::Record(RecordId(7)), None),
                    field(
                        "c",
                        Type::Bool,
                        Some(DefaultValue::Literal(Literal::Int(3))),
                    ),
                    field("d", Type::Enum(EnumId(0)), Some(DefaultValue::Variant(5))),
                ],
                origin: Origin::default(),
            }],
            enums: vec![EnumDef {
                name: "E".into(),
                label: None,
                variants: vec![VariantDef {
                    name: "x".into(),
                    label: None,
                }],
                origin: Origin::default(),
            }],
            track_keys: vec![],
            root_name: "dossier".into(),
            root: Type::Record(RecordId(0)),
        };
        let err = Decoder::new(&schema).err().map(|e| e.problems);
        assert_eq!(
            err,
            Some(vec![
                "R.a: the type is unresolved".to_owned(),
                "R.b: unknown record #7".to_owned(),
                "R.c: the default value does not fit the field's type".to_owned(),
                "R.d: the default value does not fit the field's type".to_owned(),
            ])
        );
    }
}
