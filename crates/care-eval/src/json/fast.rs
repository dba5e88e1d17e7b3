//! The fast path of JSON decoding: a scanner written for the dossiers a platform sends — plain
//! strings, integers, `true`, `false`, `null`, objects and arrays — that calls the same
//! schema hooks as the `serde_json` path ([`Decoder::on_str`], [`ObjBuilder`], …) in the same
//! order, so that both give the same values, errors and warnings.
//!
//! Anything else gives up with [`Fallback`] and the document is decoded again by `serde_json`:
//! escapes in strings, numbers with a sign, a fraction or an exponent, deep nesting, and every
//! syntax error, whose message is `serde_json`'s. What the fast path accepts is a subset of
//! JSON, so it never accepts a document `serde_json` refuses; `tests/json_fast.rs` and the
//! `decode_json` fuzz target compare the two paths.

use crate::bytes::same;
use crate::issue::{Ctx, Found, Seg};
use crate::plan::{Decoder, KeyMatch, ObjBuilder, Ty};
use crate::render::first_special;
use crate::value::Value;

/// The fast path cannot decide: decode with `serde_json`.
pub(super) struct Fallback;

/// Deepest nesting of arrays and objects decoded here (`serde_json` allows 128; deeper
/// documents are its to accept or refuse).
const MAX_DEPTH: u32 = 100;

/// Most digits of an integer read here: any 18 digits fit a `u64` (`serde_json` reads longer
/// ones as floats).
const MAX_DIGITS: usize = 18;

type Fast<T> = Result<T, Fallback>;

/// Decodes `text` as a value of the decoder's root type.
///
/// The scan first runs without keeping the path of the value it reads, which only issues
/// need: most dossiers have none, and pushing and popping a step for every value was about 3 %
/// of a decoding. A document with an issue is scanned again, with its paths.
pub(super) fn decode<'p>(dec: &'p Decoder, text: &str, ctx: &mut Ctx<'p>) -> Fast<Value> {
    let value = scan(dec, text, ctx, false)?;
    if !ctx.has_issues() {
        return Ok(value);
    }
    drop(value);
    ctx.clear_issues();
    scan(dec, text, ctx, true)
}

fn scan<'p>(dec: &'p Decoder, text: &str, ctx: &mut Ctx<'p>, paths: bool) -> Fast<Value> {
    let mut scan = Scan {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
        paths,
    };
    let value = scan.value(dec, &dec.root, ctx)?;
    scan.space();
    if scan.at == scan.bytes.len() {
        Ok(value)
    } else {
        Err(Fallback)
    }
}

struct Scan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: u32,
    /// Whether `ctx.path` follows the value being read.
    paths: bool,
}

impl<'t> Scan<'t> {
    /// Skips JSON whitespace (`serde_json`'s four characters).
    #[inline]
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    fn peek(&mut self) -> Fast<u8> {
        self.space();
        self.bytes.get(self.at).copied().ok_or(Fallback)
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Fast<()> {
        if self.peek()? == byte {
            self.at += 1;
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    /// `word` written at the current byte (`true`, `false`, `null`).
    fn word(&mut self, word: &[u8]) -> Fast<()> {
        let end = self.at + word.len();
        if self.bytes.get(self.at..end) == Some(word) {
            self.at = end;
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    /// A string without escapes, the current byte its opening quote.
    #[inline]
    fn string(&mut self) -> Fast<&'t str> {
        let start = self.at + 1;
        let end = first_special(self.bytes, start).ok_or(Fallback)?;
        if self.bytes.get(end) != Some(&b'"') {
            return Err(Fallback);
        }
        self.at = end + 1;
        // Both ends are next to an ASCII quote, so on character boundaries.
        self.text.get(start..end).ok_or(Fallback)
    }

    /// A non-negative integer of at most [`MAX_DIGITS`] digits without a leading zero, the
    /// current byte its first digit.
    #[inline]
    fn integer(&mut self) -> Fast<u64> {
        let start = self.at;
        let mut n: u64 = 0;
        while let Some(&b) = self.bytes.get(self.at) {
            if !b.is_ascii_digit() {
                break;
            }
            n = n * 10 + u64::from(b - b'0');
            self.at += 1;
            if self.at - start > MAX_DIGITS {
                return Err(Fallback);
            }
        }
        let leading_zero = self.bytes.get(start) == Some(&b'0') && self.at - start > 1;
        match self.bytes.get(self.at) {
            _ if leading_zero => Err(Fallback),
            Some(b'.' | b'e' | b'E') => Err(Fallback),
            _ => Ok(n),
        }
    }

    fn value<'p>(&mut self, dec: &'p Decoder, ty: &'p Ty, ctx: &mut Ctx<'p>) -> Fast<Value> {
        Ok(match self.peek()? {
            b'"' => {
                let s = self.string()?;
                match dec.plain_str(ty, s) {
                    Some(v) => v,
                    None => dec.on_str(ty, s, Found::Str(s), ctx, None),
                }
            }
            b'{' => return self.object(dec, ty, ctx),
            b'[' => return self.array(dec, ty, ctx),
            b't' => {
                self.word(b"true")?;
                dec.on_bool(ty, true, Found::Bool(true), ctx, None)
            }
            b'f' => {
                self.word(b"false")?;
                dec.on_bool(ty, false, Found::Bool(false), ctx, None)
            }
            b'n' => {
                self.word(b"null")?;
                dec.on_null(ty, ctx, None)
            }
            b'0'..=b'9' => {
                let i = i128::from(self.integer()?);
                dec.on_int(ty, i, Found::Int(i), ctx, None)
            }
            _ => return Err(Fallback),
        })
    }

    /// The elements of an array or the members of an object, the current byte its opening
    /// bracket: `item` reads each, up to the closing bracket `close`.
    #[inline]
    fn each(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Fast<()>) -> Fast<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Fallback);
        }
        self.at += 1;
        if self.peek()? == close {
            self.at += 1;
        } else {
            loop {
                item(self)?;
                let b = self.peek()?;
                self.at += 1;
                if b == close {
                    break;
                }
                if b != b',' {
                    return Err(Fallback);
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn array<'p>(&mut self, dec: &'p Decoder, ty: &'p Ty, ctx: &mut Ctx<'p>) -> Fast<Value> {
        let Ty::List(elem) = ty.required() else {
            let v = dec.mismatch(ty, Found::Array, ctx, None);
            self.skip()?;
            return Ok(v);
        };
        let base = ctx.stack.len();
        self.each(b']', |s| {
            if s.paths {
                ctx.path.push(Seg::Index(ctx.stack.len() - base));
            }
            let v = s.value(dec, elem, ctx);
            if s.paths {
                ctx.path.pop();
            }
            ctx.stack.push(v?);
            Ok(())
        })?;
        Ok(Value::List(ctx.take_from(base)))
    }

    fn object<'p>(&mut self, dec: &'p Decoder, ty: &'p Ty, ctx: &mut Ctx<'p>) -> Fast<Value> {
        let obj = match ty.required() {
            Ty::Obj(o) => dec.obj(*o),
            _ => None,
        };
        let Some(obj) = obj else {
            let v = dec.mismatch(ty, Found::Object, ctx, None);
            self.skip()?;
            return Ok(v);
        };
        let mut record = ObjBuilder::record(obj);
        let mut builder = ObjBuilder::new(obj, &mut record);
        self.each(b'}', |s| {
            let (key, found) = match s.expected_key(builder.expected())? {
                Some(i) => ("", builder.field(i)),
                None => {
                    let key = s.key()?;
                    (key, builder.key(key))
                }
            };
            match found {
                KeyMatch::Field(i, field) => {
                    if s.paths {
                        ctx.path.push(Seg::Field(&field.name));
                    }
                    let v = s.value(dec, &field.ty, ctx);
                    if s.paths {
                        ctx.path.pop();
                    }
                    builder.set(i, v?);
                }
                KeyMatch::Duplicate(field) => {
                    ctx.duplicate_field(&field.name, None);
                    s.skip()?;
                }
                KeyMatch::Unknown => {
                    ctx.unknown_field(key, None);
                    s.skip()?;
                }
            }
            Ok(())
        })?;
        builder.finish(ctx, dec, None);
        Ok(Value::Record(record))
    }

    /// When the next member's name is `expected` (a field's name, which has no character to
    /// escape), reads it and its colon and gives the field's index; else reads nothing.
    #[inline]
    fn expected_key(&mut self, expected: Option<(usize, &str)>) -> Fast<Option<usize>> {
        if self.peek()? != b'"' {
            return Err(Fallback);
        }
        let Some((i, name)) = expected else {
            return Ok(None);
        };
        let start = self.at + 1;
        let end = start + name.len();
        if self
            .bytes
            .get(start..end)
            .is_some_and(|key| same(key, name.as_bytes()))
            && self.bytes.get(end) == Some(&b'"')
        {
            self.at = end + 1;
            self.eat(b':')?;
            Ok(Some(i))
        } else {
            Ok(None)
        }
    }

    /// A member's name and its colon.
    #[inline]
    fn key(&mut self) -> Fast<&'t str> {
        if self.peek()? != b'"' {
            return Err(Fallback);
        }
        let key = self.string()?;
        self.eat(b':')?;
        Ok(key)
    }

    /// Skips one value that is not decoded (an unknown field, a value of the wrong type),
    /// checking its syntax as the fast path reads it.
    fn skip(&mut self) -> Fast<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            b'0'..=b'9' => self.integer().map(|_| ()),
            b'[' => self.each(b']', Self::skip),
            b'{' => self.each(b'}', |s| {
                s.key()?;
                s.skip()
            }),
            _ => Err(Fallback),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn essms() -> Decoder {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
        let report = care_check::check_paths(&[dir]).unwrap();
        let latest = report.policies.iter().max_by_key(|p| p.version).unwrap();
        Decoder::new(&latest.schema).unwrap()
    }

    fn fast(dec: &Decoder, text: &str) -> bool {
        let mut ctx = Ctx::new();
        decode(dec, text, &mut ctx).is_ok()
    }

    /// Valid JSON without escapes, whose numbers are non-negative integers.
    fn plain(text: &str) -> bool {
        fn numbers(v: &serde_json::Value) -> bool {
            match v {
                serde_json::Value::Number(n) => n.is_u64(),
                serde_json::Value::Array(items) => items.iter().all(numbers),
                serde_json::Value::Object(map) => map.values().all(numbers),
                _ => true,
            }
        }
        !text.contains('\\')
            && serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| numbers(&v))
    }

    /// The scanner reads the dossiers a platform sends itself (the differential tests would
    /// pass as well if it gave every document to `serde_json`).
    #[test]
    fn plain_dossiers_are_read_by_the_scanner() {
        let dec = essms();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc/tests");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            if name.ends_with(".json") && !name.ends_with(".expected.json") {
                let text = std::fs::read_to_string(&path).unwrap();
                if plain(&text) {
                    assert!(fast(&dec, &text), "{name}");
                    read += 1;
                }
            }
        }
        assert!(read > 20, "{read}");
    }

    #[test]
    fn the_scanner_gives_up_where_serde_json_decides() {
        let dec = essms();
        for text in [
            r#"{"id": "a\"b"}"#,
            r#"{"parcours": -1}"#,
            r#"{"parcours": 1.5}"#,
            r#"{"parcours": 01}"#,
            r#"{"parcours": 1234567890123456789}"#,
            r#"{"id": "x",}"#,
            r#"{"id": "x"} x"#,
            "{\"id\": \"a\u{1}b\"}",
            "",
        ] {
            assert!(!fast(&dec, text), "{text}");
        }
        let deep = format!("{{\"zzz\": {}{}}}", "[".repeat(101), "]".repeat(101));
        assert!(!fast(&dec, &deep));
        let deep = format!("{{\"zzz\": {}{}}}", "[".repeat(99), "]".repeat(99));
        assert!(fast(&dec, &deep));
    }
}
