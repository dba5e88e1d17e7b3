//! JSON decoding: a scanner for plain documents (`fast.rs`), then, for what it does not read, a
//! schema-driven [`DeserializeSeed`] run straight on the bytes by
//! `serde_json`, building the [`Value`] tree once. A value of the wrong type records an error and
//! decodes as `Absent`, so that decoding goes on and every error comes back; only a syntax error
//! stops it.

use std::cell::Cell;
use std::fmt;

mod fast;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::issue::{Ctx, DataErrors, DataIssue, Decoded, Found, IssueKind, Location, Seg};
use crate::plan::{Decoder, KeyMatch, ObjBuilder, Ty};
use crate::value::Value;

pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

pub(crate) fn decode(dec: &Decoder, bytes: &[u8]) -> Result<Decoded, DataErrors> {
    decode_with(dec, bytes, Path::Fast)
}

/// Which decoder reads the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// The fast scanner, `serde_json` for what it does not read.
    Fast,
    /// `serde_json` only: the reference the fast scanner is compared with.
    Serde,
}

pub(crate) fn decode_with(dec: &Decoder, bytes: &[u8], path: Path) -> Result<Decoded, DataErrors> {
    // Validating the UTF-8 of the whole document at once is much faster than string by string
    // (what `from_slice` does): a document is read once from `&str` without checks.
    let text = crate::yaml::utf8(strip_bom(bytes)).map_err(DataErrors::one)?;
    let mut ctx = fresh_ctx();
    let fast = match path {
        Path::Fast => fast::decode(dec, text, &mut ctx).ok(),
        Path::Serde => None,
    };
    let value = match fast {
        Some(value) => value,
        None => {
            // What the fast path did is dropped: `serde_json` starts again from the start.
            recycle(&mut ctx);
            ctx = fresh_ctx();
            let mut de = serde_json::Deserializer::from_str(text);
            let seed = Seed {
                dec,
                ty: &dec.root,
                ctx: &mut ctx,
            };
            match seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v)) {
                Ok(value) => value,
                Err(e) => {
                    recycle(&mut ctx);
                    return Err(DataErrors::one(syntax_issue(&e)));
                }
            }
        }
    };
    recycle(&mut ctx);
    if !ctx.errors.is_empty() {
        locate_errors(text, &mut ctx);
    }
    ctx.finish(value)
}

thread_local! {
    /// The stack of list elements of the last decoding on this thread, kept for the next one:
    /// a batch worker decodes dossier after dossier, and growing the stack from nothing each
    /// time cost about 4 % of a decoding.
    static STACK: Cell<Vec<Value>> = const { Cell::new(Vec::new()) };
}

/// Largest stack kept between decodings (in values; 24 bytes each): a huge document
/// does not keep its memory for the rest of a batch.
const KEPT_STACK: usize = 1 << 16;

/// A context with the thread's stack. Its path is made on first use: the fast scanner keeps
/// none for a dossier without issues (most of them), so that a path made for every dossier was
/// an allocation and a free each.
fn fresh_ctx<'p>() -> Ctx<'p> {
    let mut ctx = Ctx::new();
    ctx.stack = STACK.take();
    ctx
}

fn recycle(ctx: &mut Ctx<'_>) {
    let mut stack = std::mem::take(&mut ctx.stack);
    if stack.capacity() <= KEPT_STACK {
        stack.clear();
        STACK.set(stack);
    }
}

/// Finds the line and column of each error. The fast path does not track positions; invalid
/// dossiers are rare, so the document is parsed again, with positions, only for them (JSON is
/// YAML: the YAML parser gives positions). An error whose path does not lead to a value (a
/// missing field) is placed at the deepest value on its path.
fn locate_errors(text: &str, ctx: &mut Ctx<'_>) {
    let Ok((root, _)) = crate::yaml::parse_tree(text) else {
        return;
    };
    for (issue, steps) in ctx.errors.iter_mut().zip(&ctx.error_steps) {
        if issue.location.is_none() {
            issue.location = Some(crate::yaml::locate(&root, steps));
        }
    }
}

/// A `serde_json` error as one issue, with its line and column.
pub(crate) fn syntax_issue(e: &serde_json::Error) -> DataIssue {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let message = match message.strip_prefix("EOF ") {
        Some(rest) => format!("end of file {rest}"),
        None => message.to_owned(),
    };
    let location = (e.line() > 0).then_some(Location {
        line: e.line(),
        column: e.column(),
    });
    DataIssue::new(IssueKind::Syntax, "", format!("invalid json: {message}"))
        .keyed("data-invalid-json", vec![("detail", message)])
        .at(location)
}

/// Decodes one value of type `ty`.
struct Seed<'a, 'p> {
    dec: &'p Decoder,
    ty: &'p Ty,
    ctx: &'a mut Ctx<'p>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(self.dec.on_bool(self.ty, b, Found::Bool(b), self.ctx, None))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        let i = i128::from(i);
        Ok(self.dec.on_int(self.ty, i, Found::Int(i), self.ctx, None))
    }

    fn visit_u64<E>(self, i: u64) -> Result<Value, E> {
        let i = i128::from(i);
        Ok(self.dec.on_int(self.ty, i, Found::Int(i), self.ctx, None))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(self.dec.mismatch(self.ty, Found::Float(x), self.ctx, None))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(self.dec.on_str(self.ty, s, Found::Str(s), self.ctx, None))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(self.dec.on_null(self.ty, self.ctx, None))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(self.dec.on_null(self.ty, self.ctx, None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let Ty::List(elem) = self.ty.required() else {
            let v = self.dec.mismatch(self.ty, Found::Array, self.ctx, None);
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(v);
        };
        let base = self.ctx.stack.len();
        loop {
            self.ctx.path.push(Seg::Index(self.ctx.stack.len() - base));
            let next = seq.next_element_seed(Seed {
                dec: self.dec,
                ty: elem,
                ctx: &mut *self.ctx,
            });
            self.ctx.path.pop();
            match next? {
                Some(v) => self.ctx.stack.push(v),
                None => break,
            }
        }
        Ok(Value::List(self.ctx.take_from(base)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let obj = match self.ty.required() {
            Ty::Obj(o) => self.dec.obj(*o),
            _ => None,
        };
        let Some(obj) = obj else {
            let v = self.dec.mismatch(self.ty, Found::Object, self.ctx, None);
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(v);
        };
        let mut record = ObjBuilder::record(obj);
        let mut builder = ObjBuilder::new(obj, &mut record);
        while let Some(key) = map.next_key_seed(KeySeed {
            builder: &mut builder,
        })? {
            match key {
                Key::Field(i, field) => {
                    self.ctx.path.push(Seg::Field(&field.name));
                    let v = map.next_value_seed(Seed {
                        dec: self.dec,
                        ty: &field.ty,
                        ctx: &mut *self.ctx,
                    });
                    self.ctx.path.pop();
                    builder.set(i, v?);
                }
                Key::Duplicate(name) => {
                    self.ctx.duplicate_field(name, None);
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Unknown(name) => {
                    self.ctx.unknown_field(&name, None);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        builder.finish(self.ctx, self.dec, None);
        Ok(Value::Record(record))
    }
}

enum Key<'p> {
    Field(usize, &'p crate::plan::FieldPlan),
    Duplicate(&'p str),
    Unknown(String),
}

/// Matches a key against the fields of the object being built.
struct KeySeed<'b, 'p, 's> {
    builder: &'b mut ObjBuilder<'p, 's>,
}

impl<'de, 'p> DeserializeSeed<'de> for KeySeed<'_, 'p, '_> {
    type Value = Key<'p>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'p>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'p> Visitor<'de> for KeySeed<'_, 'p, '_> {
    type Value = Key<'p>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E>(self, s: &str) -> Result<Key<'p>, E> {
        Ok(match self.builder.key(s) {
            KeyMatch::Field(i, f) => Key::Field(i, f),
            KeyMatch::Duplicate(f) => Key::Duplicate(&f.name),
            KeyMatch::Unknown => Key::Unknown(s.to_owned()),
        })
    }
}
