//! What an explanation records while a dossier is evaluated: the data each rule read (path and
//! value), the items a `for each` rule failed on, table lookups, and caps.
//!
//! Paths come from the input itself: before evaluation every record of the dossier is indexed by
//! the address of its fields (its parent and place, no text), so a record reached through a
//! filtered list (`perimetre`) still knows it is `legal_entities[1]`; path texts are built when
//! first needed, once.
//!
//! Each piece of data is recorded once per dossier, in the trace's table of reads; a record holds
//! the numbers of its reads in that table, so that a value used by many rules adds a few
//! integers to each, not copies of its data.

use crate::value::Value;
use care_check::ir::Origin;
use care_check::model::InputSchema;
use care_check::types::Type;
use care_syntax::ast::BinaryOp;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Hashes addresses (and small indices): they are already well spread, so a multiply is enough
/// where SipHash would cost more than the rest of a field read.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_usize(n as usize);
    }
}

type ByAddress<K, V> = HashMap<K, V, BuildHasherDefault<AddressHasher>>;

/// A kept path: its base path's address, then the record type, field and list position (or
/// markers, see [`Trace::known`]).
type PathKey = (usize, u32, u32, u32);

/// What the trace needs of the input schema, by record type: field names in the schema's order,
/// and the fields that may hold records (those given a place when a dossier is indexed). Built
/// once per program.
#[derive(Debug, Default)]
pub struct Fields {
    names: Vec<Vec<Arc<str>>>,
    holders: Vec<Vec<(u32, Type)>>,
}

pub type SchemaFields = Arc<Fields>;

pub fn schema_fields(schema: &InputSchema) -> SchemaFields {
    Arc::new(Fields {
        names: schema
            .records
            .iter()
            .map(|r| {
                r.fields
                    .iter()
                    .map(|f| Arc::from(f.name.as_str()))
                    .collect()
            })
            .collect(),
        holders: schema
            .records
            .iter()
            .map(|r| {
                r.fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| holds_records(&f.ty))
                    .map(|(k, f)| (u32::try_from(k).unwrap_or(u32::MAX), f.ty.clone()))
                    .collect()
            })
            .collect(),
    })
}

/// Whether a read of this type is data an explanation shows: not a whole record nor a list of
/// records (their fields are read, and shown, one by one).
pub fn shown(ty: &Type) -> bool {
    !matches!(
        ty.required(),
        Type::Record(_) | Type::Struct(_) | Type::Error
    ) && !matches!(ty.required(), Type::List(t) if matches!(t.required(), Type::Record(_) | Type::Struct(_)))
}

/// The number of a read in its trace's table ([`Trace::reads`]).
pub type ReadId = u32;

/// One piece of data a rule or output read: a value an explanation shows (see [`shown`]), and
/// its type without the optional mark.
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

/// A condition a rule's `when` or `require` tested at its top level (through `and`, `or` and
/// `not`), in the order evaluated: what a report says decided the rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Test {
    /// Where the condition is written.
    pub origin: Origin,
    /// A `when` (else a `require`).
    pub when: bool,
    /// Whether it held (a comparison with an absent value does not).
    pub held: bool,
    /// When the condition is a comparison or a membership test: its operator and both sides.
    pub compare: Option<(BinaryOp, Side, Side)>,
}

/// One side of a comparison: its value and, when it is an arithmetic operation (`a + b`), the
/// values of its two operands.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub value: Value,
    pub ty: Type,
    pub origin: Origin,
    pub parts: Vec<(Value, Type, Origin)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// What was read, each once, in the order first read: numbers in the trace's table.
    pub reads: Vec<ReadId>,
    pub events: Vec<Event>,
    /// The top-level tests of a rule's steps (never absorbed into a user of a value).
    pub tests: Vec<Test>,
    /// The `let`s of a rule's steps: name, value and type, in the order evaluated.
    pub lets: Vec<(String, Value, Type)>,
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
    /// Where each record of the dossier sits (by the address of its fields): its parent record
    /// and the field (and list position) that holds it. No text is built until a path is asked.
    places: ByAddress<usize, Place>,
    /// Paths already built: records by address, fields by (record address, field index).
    record_paths: ByAddress<usize, Arc<str>>,
    /// Reads already in the table, by (record address, field index).
    field_reads: ByAddress<(usize, u32), ReadId>,
    /// Every piece of data read, once: what records' [`ReadId`]s number.
    table: Vec<Read>,
    /// The schema's field names and record holders, the program's.
    fields: SchemaFields,
    /// The records being filled: the first `depth` frames (the others are kept for reuse, with
    /// their buffers).
    stack: Vec<Frame>,
    depth: usize,
    pub values: Vec<Option<Record>>,
    pub outputs: Vec<Option<Record>>,
    pub rules: Vec<Option<(Record, Vec<Item>)>>,
    /// Where a path is put together before it becomes an `Arc<str>`: one allocation a path.
    scratch: String,
    /// Paths built for earlier dossiers, kept across them: by the address of the base path, the
    /// field and, for a record, its list position; each entry holds its base, so that no other
    /// path can be made at that address while the entry is there. `legal_entities[0].finess` is
    /// then built once per batch, not per dossier.
    known_paths: ByAddress<PathKey, (Option<Arc<str>>, Arc<str>)>,
    /// Records of the previous dossier, emptied with their buffers kept, to be filled again
    /// ([`Trace::reset`]): a record's lists then grow once per batch, not once per dossier.
    spare: Vec<Record>,
}

/// Most spare records kept, and the longest list of reads a kept record may have grown: a
/// dossier with thousands of items does not keep its memory for the rest of a batch.
const SPARE_RECORDS: usize = 1024;
const SPARE_READS: usize = 4096;

/// Most paths kept across dossiers ([`Trace::known`]).
const KNOWN_PATHS: usize = 16_384;

/// A record being filled, with what keeps filling it linear in what is read: the reads it
/// already holds (a bit per read of the table) and the memoised values and outputs already
/// absorbed into it.
#[derive(Debug, Default)]
struct Frame {
    record: Record,
    held: Vec<u64>,
    /// (output, index): at most the policy's values and outputs, so a scan.
    absorbed: Vec<(bool, u32)>,
}

impl Frame {
    /// Gives its record, and is empty again with its buffers: the bits it set are cleared one
    /// by one (clearing all of them would cost the size of the table for each item of a loop).
    /// The next record to fill is a spare one when there is one (its buffers already grown).
    fn take(&mut self, spare: &mut Vec<Record>) -> Record {
        for id in &self.record.reads {
            if let Some(w) = self.held.get_mut((id / 64) as usize) {
                *w &= !(1u64 << (id % 64));
            }
        }
        self.absorbed.clear();
        std::mem::replace(&mut self.record, spare.pop().unwrap_or_default())
    }

    /// Whether the record already holds read `id`, marking it held.
    fn holds(&mut self, id: ReadId) -> bool {
        let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
        if word >= self.held.len() {
            self.held.resize(word + 1, 0);
        }
        match self.held.get_mut(word) {
            Some(w) => {
                let held = *w & bit != 0;
                *w |= bit;
                held
            }
            None => false,
        }
    }

    fn add_read(&mut self, id: ReadId) {
        if !self.holds(id) {
            self.record.reads.push(id);
        }
    }

    /// What `other` read (each once) and its events.
    fn absorb(&mut self, other: &Record) {
        for r in &other.reads {
            self.add_read(*r);
        }
        self.record.events.extend(other.events.iter().cloned());
    }
}

/// Empties `r` for reuse and keeps it, within the bounds above.
fn keep(spare: &mut Vec<Record>, mut r: Record) {
    if spare.len() < SPARE_RECORDS && r.reads.capacity() <= SPARE_READS {
        r.reads.clear();
        r.events.clear();
        r.tests.clear();
        r.lets.clear();
        spare.push(r);
    }
}

/// Writes the path of `name` under `base` into `s`: `base.name`, or `name` at the root.
fn push_child(s: &mut String, base: &str, name: &str) {
    if !base.is_empty() {
        s.push_str(base);
        s.push('.');
    }
    s.push_str(name);
}

fn top_of(stack: &mut [Frame], depth: usize) -> Option<&mut Frame> {
    stack.get_mut(depth.checked_sub(1)?)
}

/// Whether a value of this type may be or hold a record (the only values given a place).
fn holds_records(ty: &Type) -> bool {
    match ty {
        Type::Record(_) => true,
        Type::Optional(t) | Type::List(t) => holds_records(t),
        _ => false,
    }
}

/// Gives each record of `v` (of type `ty`, at `place`) its place, by the address of its fields.
fn index(
    places: &mut ByAddress<usize, Place>,
    v: &Value,
    ty: &Type,
    place: Place,
    fields: &Fields,
) {
    match (v, ty) {
        (_, Type::Optional(inner)) => index(places, v, inner, place, fields),
        (Value::Record(values), Type::Record(id)) => {
            let me = values.as_ptr() as usize;
            places.insert(me, place);
            // Most fields are scalars: only those that may hold records are visited.
            for (k, ty) in fields
                .holders
                .get(id.0 as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let Some(f) = values.get(*k as usize) else {
                    continue;
                };
                let place = Place::Field {
                    parent: me,
                    record: id.0,
                    field: *k,
                    index: None,
                };
                index(places, f, ty, place, fields);
            }
        }
        (Value::List(items), Type::List(inner)) => {
            for (i, item) in items.iter().enumerate() {
                let place = match place {
                    Place::Field {
                        parent,
                        record,
                        field,
                        ..
                    } => Place::Field {
                        parent,
                        record,
                        field,
                        index: Some(u32::try_from(i).unwrap_or(0)),
                    },
                    Place::Root => Place::Root,
                };
                index(places, item, inner, place, fields);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Copy, Debug)]
enum Place {
    Root,
    /// Field `field` of record type `record` in the parent record, at `index` in its list.
    Field {
        parent: usize,
        record: u32,
        field: u32,
        index: Option<u32>,
    },
}

impl Trace {
    pub fn new(
        input: &Value,
        schema: &InputSchema,
        fields: SchemaFields,
        (values, outputs, rules): (usize, usize, usize),
    ) -> Trace {
        let mut t = Trace {
            values: vec![None; values],
            outputs: vec![None; outputs],
            rules: vec![None; rules],
            fields,
            ..Trace::default()
        };
        index(&mut t.places, input, &schema.root, Place::Root, &t.fields);
        t
    }

    /// Empty again for another dossier, keeping its tables' memory (the field names are the
    /// same program's).
    pub fn reset(&mut self, input: &Value, schema: &InputSchema, sizes: (usize, usize, usize)) {
        self.places.clear();
        self.record_paths.clear();
        self.field_reads.clear();
        self.table.clear();
        let mut kept = std::mem::take(&mut self.spare);
        for f in &mut self.stack {
            let r = f.take(&mut kept);
            keep(&mut kept, r);
        }
        self.depth = 0;
        let (values, outputs, rules) = sizes;
        for (list, n) in [(&mut self.values, values), (&mut self.outputs, outputs)] {
            for r in list.iter_mut().filter_map(Option::take) {
                keep(&mut kept, r);
            }
            list.resize(n, None);
            list.truncate(n);
        }
        for (r, items) in self.rules.iter_mut().filter_map(Option::take) {
            keep(&mut kept, r);
            for item in items {
                keep(&mut kept, item.record);
            }
        }
        self.rules.resize(rules, None);
        self.rules.truncate(rules);
        self.spare = kept;
        index(
            &mut self.places,
            input,
            &schema.root,
            Place::Root,
            &self.fields,
        );
    }

    fn name(&self, record: u32, field: u32) -> Arc<str> {
        self.fields
            .names
            .get(record as usize)
            .and_then(|r| r.get(field as usize))
            .cloned()
            .unwrap_or_else(|| Arc::from("?"))
    }

    /// The path of the record whose fields are at `key`, built once.
    fn record_path(&mut self, key: usize) -> Option<Arc<str>> {
        if let Some(p) = self.record_paths.get(&key) {
            return Some(p.clone());
        }
        let path: Arc<str> = match *self.places.get(&key)? {
            Place::Root => self.known(None, (u32::MAX, u32::MAX, u32::MAX), |_| {}),
            Place::Field {
                parent,
                record,
                field,
                index,
            } => {
                let base = self.record_path(parent)?;
                let name = self.name(record, field);
                self.known(
                    Some(&base),
                    (record, field, index.map_or(u32::MAX, u32::from)),
                    |s| {
                        push_child(s, &base, &name);
                        if let Some(i) = index {
                            s.push('[');
                            crate::digits::push_u64(s, u64::from(i));
                            s.push(']');
                        }
                    },
                )
            }
        };
        self.record_paths.insert(key, path.clone());
        Some(path)
    }

    /// The path `build` writes, kept by `key` across dossiers (at most [`KNOWN_PATHS`]: a batch
    /// of very long lists does not keep every position's paths).
    fn known(
        &mut self,
        base: Option<&Arc<str>>,
        (record, field, index): (u32, u32, u32),
        build: impl FnOnce(&mut String),
    ) -> Arc<str> {
        let at = base.map_or(0, |b| Arc::as_ptr(b) as *const u8 as usize);
        let key = (at, record, field, index);
        if let Some((_, p)) = self.known_paths.get(&key) {
            return p.clone();
        }
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        build(&mut s);
        let path: Arc<str> = Arc::from(s.as_str());
        self.scratch = s;
        if self.known_paths.len() >= KNOWN_PATHS {
            self.known_paths.clear();
        }
        self.known_paths.insert(key, (base.cloned(), path.clone()));
        path
    }

    /// The dossier path of a record value, when it is one of the dossier's records.
    pub fn path_of(&mut self, v: &Value) -> Option<Arc<str>> {
        match v {
            Value::Record(fields) => self.record_path(fields.as_ptr() as usize),
            _ => None,
        }
    }

    pub fn push(&mut self) {
        if self.stack.len() <= self.depth {
            self.stack.push(Frame::default());
        }
        self.depth += 1;
    }

    pub fn pop(&mut self) -> Record {
        let Some(d) = self.depth.checked_sub(1) else {
            return Record::default();
        };
        self.depth = d;
        let spare = &mut self.spare;
        self.stack
            .get_mut(d)
            .map(|f| f.take(spare))
            .unwrap_or_default()
    }

    /// The record being filled.
    fn top(&mut self) -> Option<&mut Frame> {
        top_of(&mut self.stack, self.depth)
    }

    /// Records that field `index` (named `field`) of `base` was read, when `base` is a record of
    /// the dossier.
    pub fn read(&mut self, base: &Value, index: u32, field: &str, value: &Value, ty: &Type) {
        let Value::Record(fields) = base else { return };
        // Whole records and lists of records are not data a report shows: their fields are.
        let ty = ty.required();
        if !shown(ty) {
            return;
        }
        let key = (fields.as_ptr() as usize, index);
        let id = match self.field_reads.get(&key) {
            Some(id) => *id,
            None => {
                let Some(base_path) = self.record_path(key.0) else {
                    return;
                };
                // Kept as record paths are (`u32::MAX - 1`: a field, not a record's place).
                let path = self.known(Some(&base_path), (u32::MAX - 1, index, u32::MAX), |s| {
                    push_child(s, &base_path, field)
                });
                let Ok(id) = ReadId::try_from(self.table.len()) else {
                    return;
                };
                self.table.push(Read {
                    path,
                    value: value.clone(),
                    ty: ty.clone(),
                });
                self.field_reads.insert(key, id);
                id
            }
        };
        if let Some(top) = self.top() {
            top.add_read(id);
        }
    }

    /// Every piece of data read, numbered as records number their reads.
    pub fn reads(&self) -> &[Read] {
        &self.table
    }

    pub fn test(&mut self, t: Test) {
        if let Some(top) = self.top() {
            top.record.tests.push(t);
        }
    }

    pub fn let_value(&mut self, name: &str, value: &Value, ty: &Type) {
        if let Some(top) = self.top() {
            top.record
                .lets
                .push((name.to_string(), value.clone(), ty.clone()));
        }
    }

    pub fn event(&mut self, e: Event) {
        if let Some(top) = self.top() {
            top.record.events.push(e);
        }
    }

    /// Adds what a memoised value read to the current record.
    pub fn absorb(&mut self, record: &Record) {
        if let Some(top) = self.top() {
            top.absorb(record);
        }
    }

    /// Adds what memoised value (`output` false) or output `index` read, as recorded, to the
    /// current record. Its reads are already there when it was absorbed before (a value used
    /// in a loop): then only its events are added, so that using a value n times costs the
    /// size of its record once, not n times.
    pub fn absorb_memo(&mut self, output: bool, index: u32) {
        let records = if output { &self.outputs } else { &self.values };
        let (Some(Some(record)), Some(top)) = (
            records.get(index as usize),
            top_of(&mut self.stack, self.depth),
        ) else {
            return;
        };
        if !top.absorbed.contains(&(output, index)) {
            top.absorbed.push((output, index));
            top.absorb(record);
        } else {
            top.record.events.extend(record.events.iter().cloned());
        }
    }
}
