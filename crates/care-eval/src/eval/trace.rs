//! What an explanation records while a dossier is evaluated: the data each rule read (path and
//! value), the items a `for each` rule failed on, table lookups, and caps.
//!
//! Paths come from the input itself: before evaluation every record of the dossier is indexed by
//! the address of its fields, so a record reached through a filtered list (`perimetre`) still
//! knows it is `legal_entities[1]`.

use crate::value::Value;
use care_check::model::InputSchema;
use care_check::types::Type;
use std::collections::HashMap;
use std::sync::Arc;

/// One piece of data a rule or output read.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    pub path: Arc<str>,
    pub value: Value,
    pub ty: Type,
}

/// A step of a computation worth showing: a table lookup, a capped amount.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Lookup {
        table: u32,
        key: Value,
        row: usize,
    },
    /// `min(amount, cap)`: the arguments and which one was kept.
    Min {
        args: Vec<Value>,
        ty: Type,
        chosen: usize,
    },
    /// One term of a `sum(i in …: …)`: the binder's value and the term.
    SumTerm {
        binder: Value,
        term: Value,
        ty: Type,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub reads: Vec<Read>,
    pub events: Vec<Event>,
}

impl Record {
    pub fn absorb(&mut self, other: &Record) {
        for r in &other.reads {
            if !self.reads.iter().any(|x| x.path == r.path) {
                self.reads.push(r.clone());
            }
        }
        self.events.extend(other.events.iter().cloned());
    }
}

/// A `for each` item's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub index: usize,
    /// The item's data path when it is a record of the dossier.
    pub path: Option<Arc<str>>,
    pub passed: bool,
    pub record: Record,
}

#[derive(Debug, Default)]
pub struct Trace {
    paths: HashMap<usize, Arc<str>>,
    stack: Vec<Record>,
    pub values: Vec<Option<Record>>,
    pub outputs: Vec<Option<Record>>,
    pub rules: Vec<Option<(Record, Vec<Item>)>>,
}

impl Trace {
    pub fn new(
        input: &Value,
        schema: &InputSchema,
        values: usize,
        outputs: usize,
        rules: usize,
    ) -> Trace {
        let mut t = Trace {
            values: vec![None; values],
            outputs: vec![None; outputs],
            rules: vec![None; rules],
            ..Trace::default()
        };
        t.index(input, &schema.root, "", schema);
        t
    }

    fn index(&mut self, v: &Value, ty: &Type, path: &str, schema: &InputSchema) {
        match (v, ty) {
            (_, Type::Optional(inner)) => self.index(v, inner, path, schema),
            (Value::Record(fields), Type::Record(id)) => {
                self.paths.insert(fields.as_ptr() as usize, Arc::from(path));
                let Some(rec) = schema.record(*id) else {
                    return;
                };
                for (f, def) in fields.iter().zip(rec.fields.iter()) {
                    let p = if path.is_empty() {
                        def.name.clone()
                    } else {
                        format!("{path}.{}", def.name)
                    };
                    self.index(f, &def.ty, &p, schema);
                }
            }
            (Value::List(items), Type::List(inner)) => {
                for (i, item) in items.iter().enumerate() {
                    self.index(item, inner, &format!("{path}[{i}]"), schema);
                }
            }
            _ => {}
        }
    }

    /// The dossier path of a record value, when it is one of the dossier's records.
    pub fn path_of(&self, v: &Value) -> Option<Arc<str>> {
        match v {
            Value::Record(fields) => self.paths.get(&(fields.as_ptr() as usize)).cloned(),
            _ => None,
        }
    }

    pub fn push(&mut self) {
        self.stack.push(Record::default());
    }

    pub fn pop(&mut self) -> Record {
        self.stack.pop().unwrap_or_default()
    }

    pub fn read(&mut self, base: &Value, field: &str, value: &Value, ty: &Type) {
        let Some(base_path) = self.path_of(base) else {
            return;
        };
        let path: Arc<str> = if base_path.is_empty() {
            Arc::from(field)
        } else {
            Arc::from(format!("{base_path}.{field}"))
        };
        if let Some(top) = self.stack.last_mut() {
            if !top.reads.iter().any(|r| r.path == path) {
                top.reads.push(Read {
                    path,
                    value: value.clone(),
                    ty: ty.clone(),
                });
            }
        }
    }

    pub fn event(&mut self, e: Event) {
        if let Some(top) = self.stack.last_mut() {
            top.events.push(e);
        }
    }

    /// Adds what a memoised value read to the current record.
    pub fn absorb(&mut self, record: &Record) {
        if let Some(top) = self.stack.last_mut() {
            top.absorb(record);
        }
    }
}
