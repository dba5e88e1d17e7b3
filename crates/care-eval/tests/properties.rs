//! Property tests: no input makes the decoders panic, and valid values round-trip through JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use care_check::model::{Bound, BoundValue, Bounds, InputSchema};
use care_check::types::Type;
use care_eval::{peek_root_field, render, Decoder, Format, Value};
use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn decoders() -> Vec<Decoder> {
    vec![
        Decoder::new(&essms_schema()).unwrap(),
        Decoder::new(&all_types_schema()).unwrap(),
    ]
}

/// Runs every entry point on `bytes`; they must not panic, and every error must say something.
fn exercise(decoders: &[Decoder], bytes: &[u8]) {
    for dec in decoders {
        // The fast JSON scanner answers as `serde_json` does.
        assert_eq!(
            format!("{:?}", dec.decode_json(bytes)),
            format!("{:?}", dec.decode_json_reference(bytes))
        );
        for format in [Format::Json, Format::Yaml] {
            if let Err(e) = dec.decode(format, bytes) {
                assert!(!e.errors.is_empty());
                assert!(e.errors.iter().all(|i| !i.message.is_empty()));
            }
        }
    }
    for format in [Format::Json, Format::Yaml] {
        let _ = peek_root_field(bytes, format, "submitted_at");
    }
    let mut lines = care_eval::jsonl_records(bytes);
    while let Some(line) = lines.next_line() {
        if let Ok(line) = line {
            let _ = line.decode(&decoders[0]);
        }
    }
}

/// Random JSON documents whose keys are often field names of the schemas, to go deep.
fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let keys = prop::sample::select(vec![
        "id",
        "submitted_at",
        "parcours",
        "grouping",
        "porteur",
        "legal_entities",
        "finess",
        "name",
        "activity",
        "sites",
        "dui",
        "wave",
        "amount",
        "de_minimis",
        "b",
        "i",
        "d",
        "s",
        "m",
        "day",
        "at",
        "du",
        "t",
        "tr",
        "color",
        "inner",
        "inners",
        "ints",
        "maybe_text",
        "pair",
        "x",
        "y",
        "flag",
        "fee",
        "rate",
        "shade",
        "delay",
        "track_d",
        "note",
        "zzz",
    ]);
    arb_json_leaf().prop_recursive(6, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..10).prop_map(|kv| {
                serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

/// Valid values of `ty` (lists and records bounded).
fn arb_value(ty: &Type, schema: &InputSchema, depth: u32) -> BoxedStrategy<Value> {
    arb_bounded(ty, &Bounds::default(), schema, depth)
}

/// A decimal bound in hundredths (money), rounded inwards.
fn cents(bound: &Option<Bound>, up: bool) -> Option<i64> {
    match bound.as_ref().map(|b| &b.value) {
        Some(BoundValue::Decimal(d)) => {
            let c = d * Decimal::from(100);
            let c = if up { c.ceil() } else { c.floor() };
            Some(i64::try_from(c).unwrap())
        }
        _ => None,
    }
}

/// Whether `v` lies within the bounds a record field declares.
fn within(v: &Value, bounds: &Bounds) -> bool {
    let cmp = |b: &Bound| match (v, &b.value) {
        (Value::Int(i), BoundValue::Int(x)) => i.cmp(x),
        (Value::Decimal(d) | Value::Money(d), BoundValue::Decimal(x)) => d.cmp(x),
        (Value::Date(d), BoundValue::Date(x)) => d.cmp(x),
        _ => std::cmp::Ordering::Equal,
    };
    bounds.min.as_ref().is_none_or(|b| cmp(b).is_ge())
        && bounds.max.as_ref().is_none_or(|b| cmp(b).is_le())
}

/// Valid values of `ty` within `bounds` (those of the record field it is the type of).
fn arb_bounded(
    ty: &Type,
    bounds: &Bounds,
    schema: &InputSchema,
    depth: u32,
) -> BoxedStrategy<Value> {
    match ty {
        // Money is drawn in its range (its implicit minimum would reject half the draws).
        Type::Money => {
            let lo = cents(&bounds.min, true).unwrap_or(-1_000_000_000_000_000);
            let hi = cents(&bounds.max, false).unwrap_or(1_000_000_000_000_000);
            (lo..=hi)
                .prop_map(|m| Value::Money(Decimal::new(m, 2)))
                .boxed()
        }
        Type::List(t) => {
            let max = if depth > 3 { 1 } else { 4 };
            prop::collection::vec(arb_bounded(t, bounds, schema, depth + 1), 0..max)
                .prop_map(Value::list)
                .boxed()
        }
        Type::Optional(t) => {
            prop_oneof![Just(Value::Absent), arb_bounded(t, bounds, schema, depth)].boxed()
        }
        _ if !bounds.is_empty() => {
            let bounds = bounds.clone();
            arb_unbounded(ty, schema, depth)
                .prop_filter("within the field's bounds", move |v| within(v, &bounds))
                .boxed()
        }
        _ => arb_unbounded(ty, schema, depth),
    }
}

/// Valid values of `ty`, whatever their bounds.
fn arb_unbounded(ty: &Type, schema: &InputSchema, depth: u32) -> BoxedStrategy<Value> {
    match ty {
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Int => any::<i64>().prop_map(Value::Int).boxed(),
        Type::Decimal => (any::<i64>(), 0u32..=12)
            .prop_map(|(m, s)| Value::Decimal(Decimal::new(m, s)))
            .boxed(),
        Type::Share => (0i64..=10_000)
            .prop_map(|m| Value::Decimal(Decimal::new(m, 4)))
            .boxed(),
        Type::Date => (1i16..=9999, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| Value::Date(jiff::civil::date(y, m, d)))
            .boxed(),
        Type::Instant => (-62_135_596_800i64..=253_402_300_799, 0i32..1_000_000_000)
            .prop_map(|(s, n)| Value::Instant(jiff::Timestamp::new(s, n).unwrap()))
            .boxed(),
        Type::Duration => (
            any::<i64>(),
            prop::sample::select(vec![
                care_syntax::ast::DurationUnit::Days,
                care_syntax::ast::DurationUnit::Weeks,
                care_syntax::ast::DurationUnit::Months,
                care_syntax::ast::DurationUnit::Years,
            ]),
        )
            .prop_map(|(a, u)| Value::Duration(care_eval::Duration::new(a, u)))
            .boxed(),
        Type::Text | Type::Code => any::<String>().prop_map(|s| Value::text(&s)).boxed(),
        Type::Track => (0..schema.track_keys.len() as u32)
            .prop_map(Value::Track)
            .boxed(),
        Type::Enum(id) => (0..schema.enum_def(*id).unwrap().variants.len() as u32)
            .prop_map(Value::Enum)
            .boxed(),
        Type::Record(id) => {
            let fields: Vec<BoxedStrategy<Value>> = schema
                .record(*id)
                .unwrap()
                .fields
                .iter()
                .map(|f| {
                    // A field with a default is never absent once decoded.
                    let ty = if f.default.is_some() {
                        f.ty.required()
                    } else {
                        &f.ty
                    };
                    arb_bounded(ty, &f.bounds, schema, depth + 1)
                })
                .collect();
            fields.prop_map(Value::record).boxed()
        }
        Type::Struct(fields) => {
            let fields: Vec<BoxedStrategy<Value>> = fields
                .iter()
                .map(|(_, t)| arb_value(t, schema, depth + 1))
                .collect();
            fields.prop_map(Value::record).boxed()
        }
        Type::Money | Type::List(_) | Type::Optional(_) => {
            arb_bounded(ty, &Bounds::default(), schema, depth)
        }
        Type::Error => Just(Value::Absent).boxed(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        exercise(&decoders(), &bytes);
    }

    #[test]
    fn random_json_like_text_never_panics(text in r#"[\[\]{}":, 0-9a-z\-.\n&*!|>'#~?]{0,200}"#) {
        exercise(&decoders(), text.as_bytes());
    }

    #[test]
    fn random_yaml_like_text_never_panics(
        lines in prop::collection::vec(
            (0usize..6, r##"[-?:|>&*!%@'"#~\[\]{},. a-z0-9\t\r]{0,24}"##),
            0..24,
        ),
    ) {
        let text: String = lines
            .iter()
            .map(|(indent, line)| format!("{}{line}\n", " ".repeat(*indent)))
            .collect();
        exercise(&decoders(), text.as_bytes());
    }

    #[test]
    fn random_json_documents_never_panic(doc in arb_json()) {
        let text = serde_json::to_string(&doc).unwrap();
        exercise(&decoders(), text.as_bytes());
        let pretty = serde_json::to_string_pretty(&doc).unwrap();
        exercise(&decoders(), pretty.as_bytes());
    }

    #[test]
    fn edited_dossiers_never_panic(
        at in 0..ESSMS_DOSSIER.len(),
        cut in 0usize..40,
        insert in prop::sample::select(vec![
            "", "null", "1", "\"x\"", "[", "]", "{", "}", ",", ":", "\"", "1.5", "[]", "{}",
            "\\", "\n", "-", "&a", "*a", "\t",
        ]),
    ) {
        let bytes = ESSMS_DOSSIER.as_bytes();
        let end = (at + cut).min(bytes.len());
        let mut edited = bytes[..at].to_vec();
        edited.extend_from_slice(insert.as_bytes());
        edited.extend_from_slice(&bytes[end..]);
        exercise(&decoders(), &edited);
    }

    #[test]
    fn valid_values_round_trip(value in arb_value(&rec(ALL), &all_types_schema(), 0)) {
        let schema = all_types_schema();
        let dec = Decoder::new(&schema).unwrap();
        let json = render::render_json(&value, &rec(ALL), &schema).unwrap();
        let decoded = match dec.decode_json(json.as_bytes()) {
            Ok(d) => d,
            Err(e) => panic!("{json}\n{e}"),
        };
        prop_assert!(decoded.warnings.is_empty());
        prop_assert_eq!(&decoded.value, &value);
        let again = render::render_json(&decoded.value, &rec(ALL), &schema).unwrap();
        prop_assert_eq!(&again, &json);
        // JSON is YAML: the YAML decoder reads the same value.
        let yaml = match dec.decode_yaml(json.as_bytes()) {
            Ok(d) => d,
            Err(e) => panic!("{json}\n{e}"),
        };
        prop_assert_eq!(&yaml.value, &value);
    }

    #[test]
    fn essms_values_round_trip(value in arb_value(&record_named(&essms_schema(), "Candidature"), &essms_schema(), 0)) {
        let schema = essms_schema();
        let root = record_named(&schema, "Candidature");
        let dec = Decoder::new(&schema).unwrap();
        let json = render::render_json(&value, &root, &schema).unwrap();
        let decoded = dec.decode_json(json.as_bytes()).unwrap();
        prop_assert_eq!(&decoded.value, &value);
        let pretty = serde_json::to_string_pretty(
            &render::to_json_value(&value, &root, &schema).unwrap(),
        )
        .unwrap();
        let decoded = dec.decode_json(pretty.as_bytes()).unwrap();
        prop_assert_eq!(&decoded.value, &value);
    }
}
