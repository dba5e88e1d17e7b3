//! Reading one field of the root object before anything else: the policy version that applies
//! to a dossier is chosen from its reference date (`submitted_at`), before the dossier is
//! validated against that version's schema.

use std::borrow::Cow;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};

use crate::Format;

/// The text of field `field` of the root object when it is a string (JSON) or a scalar (YAML),
/// read without validating (nor even reading) the rest of the document. `None` when the document
/// is malformed before the field, is not an object, lacks the field, or holds null or a
/// non-string there.
pub fn peek_root_field(bytes: &[u8], format: Format, field: &str) -> Option<String> {
    peek_root_str(bytes, format, field).map(Cow::into_owned)
}

/// [`peek_root_field`], borrowed from `bytes` when the way to the field is plain (a batch peeks
/// at two fields of every dossier: no copy for either).
pub(crate) fn peek_root_str<'b>(
    bytes: &'b [u8],
    format: Format,
    field: &str,
) -> Option<Cow<'b, str>> {
    let bytes = crate::json::strip_bom(bytes);
    match format {
        Format::Json => peek_json(bytes, field),
        Format::Yaml => peek_yaml(std::str::from_utf8(bytes).ok()?, field).map(Cow::Owned),
    }
}

/// The error used to stop `serde_json` once the field is found.
const FOUND: &str = "found";

fn peek_json<'b>(bytes: &'b [u8], field: &str) -> Option<Cow<'b, str>> {
    // Batches peek at two fields of every dossier (its name, its date), both usually among the
    // first keys: read them straight from the bytes when the way there is plain.
    if let Some(found) = peek_json_plain(bytes, field) {
        return found.map(Cow::Borrowed);
    }
    peek_json_serde(bytes, field).map(Cow::Owned)
}

/// [`peek_json`] by hand, for a document whose keys and values up to the field are strings with
/// no escape (`{"id":"ESSMS-12","submitted_at":"2026-05-09T12:01:01+02:00",…`): `None` as soon
/// as anything else comes first (an escape, a number, a nested value, bad UTF-8, bad syntax),
/// and `serde_json` decides. What it answers is what `serde_json` answers (a test compares
/// them).
fn peek_json_plain<'b>(bytes: &'b [u8], field: &str) -> Option<Option<&'b str>> {
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    loop {
        at = skip_space(bytes, at + 1);
        let (key, next) = plain_string(bytes, at)?;
        at = skip_space(bytes, next);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(bytes, at + 1);
        let (value, next) = plain_string(bytes, at)?;
        if key == field.as_bytes() {
            return Some(Some(std::str::from_utf8(value).ok()?));
        }
        at = skip_space(bytes, next);
        if bytes.get(at) != Some(&b',') {
            return None;
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The JSON string starting at `at` when it has no escape, no control character and valid
/// UTF-8, as bytes, and where it ends. Keys are compared as bytes, and ASCII needs no other
/// check: only a string that holds other characters is validated.
fn plain_string(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let body = bytes.get(at + 1..)?;
    let len = crate::render::first_special(body, 0)?;
    if body.get(len) != Some(&b'"') {
        return None;
    }
    let text = body.get(..len)?;
    if !text.is_ascii() && std::str::from_utf8(text).is_err() {
        return None;
    }
    Some((text, at + 1 + len + 1))
}

fn peek_json_serde(bytes: &[u8], field: &str) -> Option<String> {
    let mut out = None;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // Ends in an error by design when the field is found early (the rest is not read).
    let _ = de.deserialize_map(RootVisitor {
        field,
        out: &mut out,
    });
    out
}

struct RootVisitor<'a> {
    field: &'a str,
    out: &'a mut Option<String>,
}

impl<'de> Visitor<'de> for RootVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(matches) = map.next_key_seed(KeyIs(self.field))? {
            if matches {
                *self.out = map.next_value_seed(StringOrNone)?;
                return Err(A::Error::custom(FOUND));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

struct KeyIs<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, s: &str) -> Result<bool, E> {
        Ok(s == self.0)
    }
}

struct StringOrNone;

impl<'de> DeserializeSeed<'de> for StringOrNone {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringOrNone {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_str<E>(self, s: &str) -> Result<Option<String>, E> {
        Ok(Some(s.to_owned()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Option<String>, A::Error> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Option<String>, A::Error> {
        Ok(None)
    }
}

fn peek_yaml(text: &str, field: &str) -> Option<String> {
    let mut parser = Parser::new_from_str(text);
    // Up to the root mapping.
    loop {
        match parser.next_event()?.ok()?.0 {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            Event::MappingStart(..) => break,
            _ => return None,
        }
    }
    loop {
        // A key of the root mapping, or its end.
        let key = match parser.next_event()?.ok()?.0 {
            Event::Scalar(text, ..) => Some(text),
            Event::MappingEnd => return None,
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                skip_nested(&mut parser)?;
                None
            }
            _ => None,
        };
        let matches = key.is_some_and(|k| k == field);
        match parser.next_event()?.ok()?.0 {
            Event::Scalar(text, style, ..) if matches => {
                let null = style == ScalarStyle::Plain && crate::yaml::is_null(&text);
                return (!null).then(|| text.into_owned());
            }
            _ if matches => return None,
            Event::SequenceStart(..) | Event::MappingStart(..) => skip_nested(&mut parser)?,
            _ => {}
        }
    }
}

/// Skips to the end of the sequence or mapping just started.
fn skip_nested(parser: &mut Parser<'_, saphyr_parser::StrInput<'_>>) -> Option<()> {
    let mut depth = 1usize;
    while depth > 0 {
        match parser.next_event()?.ok()?.0 {
            Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
            Event::SequenceEnd | Event::MappingEnd => depth -= 1,
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents the plain path reads, the ones it leaves to serde_json, and malformed ones.
    const DOCS: &[&str] = &[
        r#"{"id":"ESSMS-1","submitted_at":"2026-05-09T12:01:01+02:00","n":1}"#,
        r#" { "id" : "a b" , "submitted_at" : "x" } "#,
        r#"{"submitted_at":"2026-05-09","id":"z"}"#,
        r#"{"id":"a\"b","submitted_at":"2026-05-09"}"#,
        r#"{"i\u0064":"escaped key","id":"plain"}"#,
        r#"{"id":1,"submitted_at":"2026-05-09"}"#,
        r#"{"id":null,"submitted_at":"2026-05-09"}"#,
        r#"{"id":"x","id":"y"}"#,
        r#"{"n":[1,2],"id":"after a list"}"#,
        r#"{"id":"unterminated"#,
        r#"{"id" "no colon"}"#,
        r#"{"id":"x" "submitted_at":"no comma"}"#,
        r#"{"other":"x"}"#,
        r#"{}"#,
        r#"[]"#,
        "",
        "{\"id\":\"tab\there\"}",
        "{\"id\":\"é, ü\",\"submitted_at\":\"2026\"}",
    ];

    #[test]
    fn the_plain_path_answers_as_serde_json_does() {
        let mut read_plainly = 0;
        for doc in DOCS {
            for field in ["id", "submitted_at", "n", "absent"] {
                let plain = peek_json_plain(doc.as_bytes(), field);
                read_plainly += usize::from(plain.is_some());
                if let Some(found) = plain {
                    assert_eq!(
                        found,
                        peek_json_serde(doc.as_bytes(), field).as_deref(),
                        "{doc} {field}"
                    );
                }
                assert_eq!(
                    peek_json(doc.as_bytes(), field).as_deref(),
                    peek_json_serde(doc.as_bytes(), field).as_deref(),
                    "{doc} {field}"
                );
            }
        }
        assert!(
            read_plainly >= 8,
            "the plain path read {read_plainly} fields"
        );
        // Invalid UTF-8 in a string before the field: serde_json decides.
        let bad = b"{\"a\":\"\xff\",\"id\":\"x\"}";
        assert_eq!(peek_json_plain(bad, "id"), None);
        assert_eq!(
            peek_json(bad, "id").as_deref(),
            peek_json_serde(bad, "id").as_deref()
        );
    }

    proptest::proptest! {
        /// Any prefix or mutation of a typical dossier head: the same answer both ways.
        #[test]
        fn mutated_heads_answer_as_serde_json_does(
            cut in 0usize..80,
            at in 0usize..80,
            byte in proptest::prelude::any::<u8>(),
        ) {
            let mut doc = br#"{"id":"ESSMS-POC-1","submitted_at":"2026-05-09T12:01:01+02:00","parcours":1}"#.to_vec();
            if let Some(b) = doc.get_mut(at) {
                *b = byte;
            }
            doc.truncate(cut.max(1));
            for field in ["id", "submitted_at", "parcours"] {
                proptest::prop_assert_eq!(
                    peek_json(&doc, field).map(Cow::into_owned),
                    peek_json_serde(&doc, field)
                );
            }
        }
    }
}
