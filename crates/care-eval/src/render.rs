//! Rendering values as JSON, per the data contract: money as a string with exactly two decimals
//! (`"54520.00"`), other decimals as strings in normal form (`"0.1"`, `"1"`), bools and ints as
//! JSON values, dates and instants as strings (instants in UTC, `2026-05-20T08:15:00Z`), enums as
//! their variant names, tracks as their keys, lists as arrays, records and structs as objects
//! with their field names (an absent value is `null`), durations as `"60 days"`.

use std::fmt::{self, Write as _};

use care_check::ir::Policy;
use care_check::model::InputSchema;
use care_check::types::Type;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::digits;
use crate::eval::show;
use crate::value::Value;

/// A value that does not fit the type it is rendered with (a bug of the evaluator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderError {
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenderError {}

/// Appends `s` as a JSON string, quotes included.
pub fn push_json_string(out: &mut String, s: &str) {
    // At once when nothing needs escaping (the common case), found eight bytes at a time.
    if !needs_escape(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Money with exactly two decimals, rounded half away from zero if it has more.
pub fn money_string(d: Decimal) -> String {
    money(d).to_string()
}

/// Money rounded to two decimals, and written with both (no negative zero).
fn money(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// A decimal in normal form: no trailing zeros, no negative zero.
pub fn decimal_string(d: Decimal) -> String {
    d.normalize().to_string()
}

/// `"…"` around a decimal as `Display` writes it.
fn push_quoted_decimal(out: &mut String, d: Decimal) {
    out.push('"');
    digits::push_decimal(out, d);
    out.push('"');
}

fn push_quoted_date(out: &mut String, d: jiff::civil::Date) {
    out.push('"');
    digits::push_date(out, d);
    out.push('"');
}

/// `value` of type `ty` as JSON text (compact).
pub fn render_json(value: &Value, ty: &Type, schema: &InputSchema) -> Result<String, RenderError> {
    let mut out = String::new();
    write_json(&mut out, value, ty, schema)?;
    Ok(out)
}

/// `value` of type `ty` as a `serde_json` value.
pub fn to_json_value(
    value: &Value,
    ty: &Type,
    schema: &InputSchema,
) -> Result<serde_json::Value, RenderError> {
    let text = render_json(value, ty, schema)?;
    serde_json::from_str(&text).map_err(|e| RenderError {
        message: format!("rendered json does not parse: {e}"),
    })
}

fn mismatch(value: &Value, ty: &Type, schema: &InputSchema) -> RenderError {
    let mut shown = format!("{value:?}");
    if shown.len() > 80 {
        let mut cut = 80;
        while !shown.is_char_boundary(cut) {
            cut -= 1;
        }
        shown.truncate(cut);
        shown.push('…');
    }
    RenderError {
        message: format!(
            "value `{shown}` does not fit type `{}`",
            schema.type_name(ty)
        ),
    }
}

/// Appends `value` of type `ty` as JSON text to `out`.
pub fn write_json(
    out: &mut String,
    value: &Value,
    ty: &Type,
    schema: &InputSchema,
) -> Result<(), RenderError> {
    match (ty, value) {
        (_, Value::Absent) => out.push_str("null"),
        (Type::Optional(t), v) => write_json(out, v, t, schema)?,
        (Type::Bool, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (Type::Int, Value::Int(i)) => digits::push_i64(out, *i),
        (Type::Money, Value::Money(d) | Value::Decimal(d)) => push_quoted_decimal(out, money(*d)),
        (Type::Decimal | Type::Share, Value::Decimal(d) | Value::Money(d)) => {
            push_quoted_decimal(out, d.normalize());
        }
        (Type::Date, Value::Date(d)) => push_quoted_date(out, *d),
        (Type::Instant, Value::Instant(t)) => {
            let _ = write!(out, "\"{t}\"");
        }
        (Type::Duration, Value::Duration(d)) => {
            let _ = write!(out, "\"{d}\"");
        }
        (Type::Text | Type::Code, Value::Text(s)) => push_json_string(out, s),
        (Type::Track, Value::Track(i)) => match schema.track_keys.get(*i as usize) {
            Some(key) => digits::push_i64(out, *key),
            None => return Err(mismatch(value, ty, schema)),
        },
        (Type::Enum(id), Value::Enum(i)) => {
            match schema
                .enum_def(*id)
                .and_then(|e| e.variants.get(*i as usize))
            {
                Some(v) => push_json_string(out, &v.name),
                None => return Err(mismatch(value, ty, schema)),
            }
        }
        (Type::List(t), Value::List(items)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, t, schema)?;
            }
            out.push(']');
        }
        (Type::Record(id), Value::Record(values)) => {
            let Some(record) = schema.record(*id) else {
                return Err(mismatch(value, ty, schema));
            };
            if record.fields.len() != values.len() {
                return Err(mismatch(value, ty, schema));
            }
            let fields = record.fields.iter().map(|f| (f.name.as_str(), &f.ty));
            write_object(out, fields, values, schema, false)?;
        }
        (Type::Struct(fields), Value::Record(values)) => {
            if fields.len() != values.len() {
                return Err(mismatch(value, ty, schema));
            }
            // A record the policy builds leaves out its absent keys: its keys depend on the data.
            let fields = fields.iter().map(|(n, t)| (n.as_str(), t));
            write_object(out, fields, values, schema, true)?;
        }
        _ => return Err(mismatch(value, ty, schema)),
    }
    Ok(())
}

fn write_object<'t>(
    out: &mut String,
    fields: impl Iterator<Item = (&'t str, &'t Type)>,
    values: &[Value],
    schema: &InputSchema,
    skip_absent: bool,
) -> Result<(), RenderError> {
    out.push('{');
    let mut first = true;
    for ((name, ty), v) in fields.zip(values) {
        if skip_absent && v.is_absent() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        push_json_string(out, name);
        out.push(':');
        write_json(out, v, ty, schema)?;
    }
    out.push('}');
    Ok(())
}

/// Appends `v` as JSON, as a report shows an output: a top-level instant in the policy's time
/// zone with its offset, a value that does not fit its type as text.
pub fn write_output(out: &mut String, v: &Value, ty: &Type, policy: &Policy, top: bool) {
    // The common scalars are written here without intermediate strings, exactly as
    // `write_json` writes them; the others go through them.
    match (ty.required(), v) {
        (_, Value::Absent) => out.push_str("null"),
        (Type::Instant, Value::Instant(t)) if top => write_zoned(out, *t, &policy.tz),
        (Type::Bool, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (Type::Int, Value::Int(i)) => digits::push_i64(out, *i),
        (Type::Money, Value::Money(d) | Value::Decimal(d)) => push_quoted_decimal(out, money(*d)),
        (Type::Decimal | Type::Share, Value::Decimal(d) | Value::Money(d)) => {
            push_quoted_decimal(out, d.normalize());
        }
        (Type::Date, Value::Date(d)) => push_quoted_date(out, *d),
        (Type::Text | Type::Code, Value::Text(s)) => push_json_string(out, s),
        _ => {
            let mark = out.len();
            if write_json(out, v, ty, &policy.schema).is_err() {
                out.truncate(mark);
                push_json_string(out, &show(v));
            }
        }
    }
}

/// An instant in the policy's time zone with its offset (`2026-05-20T10:15:00+02:00`), as
/// `strftime("%Y-%m-%dT%H:%M:%S%:z")` writes it.
pub fn write_zoned(out: &mut String, t: jiff::Timestamp, tz: &jiff::tz::TimeZone) {
    let offset = tz.to_offset(t);
    let seconds = offset.seconds();
    // One look-up of the zone: the date and time follow from the offset.
    let dt = offset.to_datetime(t);
    if !(0..=9999).contains(&dt.year()) || seconds % 60 != 0 {
        let shown = t
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string();
        push_json_string(out, &shown);
        return;
    }
    let minutes = seconds.unsigned_abs() / 60;
    out.push('"');
    digits::push_date(out, dt.date());
    out.push('T');
    for (k, part) in [dt.hour(), dt.minute(), dt.second()]
        .into_iter()
        .enumerate()
    {
        if k > 0 {
            out.push(':');
        }
        digits::push_padded(out, u32::from(part.unsigned_abs()), 2);
    }
    out.push(if seconds < 0 { '-' } else { '+' });
    digits::push_padded(out, minutes / 60, 2);
    out.push(':');
    digits::push_padded(out, minutes % 60, 2);
    out.push('"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is zero, and maybe of bytes above one that is: so
/// nonzero exactly when some byte is zero (a borrow starts only at a zero byte).
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x
}

/// Whether `s` holds a control character, a quote or a backslash.
fn needs_escape(s: &[u8]) -> bool {
    first_special(s, 0).is_some()
}

/// The index of the first control character, quote or backslash of `s` from `from`, eight
/// bytes at a time: where a JSON string must be escaped when written, or ends when read.
pub(crate) fn first_special(s: &[u8], from: usize) -> Option<usize> {
    let tail = s.get(from..)?;
    let mut chunks = tail.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(bytes);
        // Bytes below 0x20, then bytes equal to `"` or `\`, one test for the three. The lowest
        // flagged byte is exact (a borrow only runs upwards from a true match).
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let quote = zero_bytes(x ^ (ONES * u64::from(b'"')));
        let backslash = zero_bytes(x ^ (ONES * u64::from(b'\\')));
        let found = (control | quote | backslash) & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn money_and_decimals() {
        assert_eq!(money_string(dec("54520")), "54520.00");
        assert_eq!(money_string(dec("0.5")), "0.50");
        assert_eq!(money_string(dec("1.005")), "1.01");
        assert_eq!(money_string(dec("-1.005")), "-1.01");
        assert_eq!(money_string(-dec("0.001")), "0.00");
        assert_eq!(decimal_string(dec("0.100")), "0.1");
        assert_eq!(decimal_string(dec("1.000")), "1");
        assert_eq!(decimal_string(dec("0.125")), "0.125");
        assert_eq!(decimal_string(dec("100")), "100");
        assert_eq!(decimal_string(-dec("0.00")), "0");
    }

    #[test]
    fn the_escape_scan_finds_what_a_byte_scan_finds() {
        let special = |b: &u8| *b < 0x20 || *b == b'"' || *b == b'\\';
        let slow = |s: &[u8], from: usize| s.iter().skip(from).position(special).map(|i| i + from);
        let specials = [0u8, 0x1f, b'"', b'\\', b'\n'];
        let harmless = [b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xc3, 0xff, b'a'];
        for len in 0..24 {
            let base: Vec<u8> = (0..len).map(|i| harmless[i % harmless.len()]).collect();
            assert_eq!(needs_escape(&base), slow(&base, 0).is_some());
            for at in 0..len {
                for &b in specials.iter().chain(&harmless) {
                    let mut v = base.clone();
                    v[at] = b;
                    assert_eq!(needs_escape(&v), slow(&v, 0).is_some(), "{v:?}");
                    // A second special byte after the first: the first is found.
                    v[len - 1] = b'"';
                    for from in 0..=len {
                        assert_eq!(first_special(&v, from), slow(&v, from), "{v:?} {from}");
                    }
                }
            }
        }
        assert_eq!(first_special(b"abc", 4), None);
    }

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001é\"");
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é");
    }
}
