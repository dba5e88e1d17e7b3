//! Reading one field of the root object before anything else: the policy version that applies
//! to a dossier is chosen from its reference date (`submitted_at`), before the dossier is
//! validated against that version's schema.

use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};

use crate::Format;

/// The text of field `field` of the root object when it is a string (JSON) or a scalar (YAML),
/// read without validating (nor even reading) the rest of the document. `None` when the document
/// is malformed before the field, is not an object, lacks the field, or holds null or a
/// non-string there.
pub fn peek_root_field(bytes: &[u8], format: Format, field: &str) -> Option<String> {
    let bytes = crate::json::strip_bom(bytes);
    match format {
        Format::Json => peek_json(bytes, field),
        Format::Yaml => peek_yaml(std::str::from_utf8(bytes).ok()?, field),
    }
}

/// The error used to stop `serde_json` once the field is found.
const FOUND: &str = "found";

fn peek_json(bytes: &[u8], field: &str) -> Option<String> {
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
