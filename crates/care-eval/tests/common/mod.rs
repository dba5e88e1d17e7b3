//! Input schemas for the tests and the bench: the ESSMS one loaded from the real policy, and a
//! hand-built one with every type, for the decoder's generic features.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use care_check::model::{
    DefaultValue, EnumDef, FieldDef, InputSchema, Origin, RecordDef, VariantDef,
};
use care_check::types::{EnumId, RecordId, Type};

pub fn field(name: &str, ty: Type) -> FieldDef {
    FieldDef {
        name: name.into(),
        ty,
        default: None,
        bounds: Default::default(),
        label: None,
        origin: Origin::default(),
    }
}

pub fn field_default(name: &str, ty: Type, default: DefaultValue) -> FieldDef {
    FieldDef {
        default: Some(default),
        ..field(name, ty)
    }
}

pub fn record(name: &str, fields: Vec<FieldDef>) -> RecordDef {
    RecordDef {
        name: name.into(),
        label: None,
        fields,
        origin: Origin::default(),
    }
}

pub fn enumeration(name: &str, variants: &[&str]) -> EnumDef {
    EnumDef {
        name: name.into(),
        label: None,
        variants: variants
            .iter()
            .map(|v| VariantDef {
                name: (*v).into(),
                label: None,
            })
            .collect(),
        origin: Origin::default(),
    }
}

pub fn rec(i: u32) -> Type {
    Type::Record(RecordId(i))
}

pub fn en(i: u32) -> Type {
    Type::Enum(EnumId(i))
}

pub fn list(t: Type) -> Type {
    Type::list(t)
}

pub fn opt(t: Type) -> Type {
    Type::optional(t)
}

/// The folder of the ESSMS policy, whose `donnees.care` declares its input.
pub fn essms_policy_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc")
}

/// The input of `essms-poc` exactly as its `donnees.care` declares it: the schema of the latest
/// version of the checked policy (checked once per test binary).
pub fn essms_schema() -> InputSchema {
    static SCHEMA: OnceLock<InputSchema> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let report = care_check::check_paths(&[essms_policy_dir()]).unwrap();
            assert!(report.is_clean(), "the ESSMS policy does not check");
            let latest = report
                .policies
                .iter()
                .max_by_key(|p| p.version)
                .expect("the ESSMS policy has a version");
            latest.schema.clone()
        })
        .clone()
}

/// The type of the record `name` of `schema`, found by name.
pub fn record_named(schema: &InputSchema, name: &str) -> Type {
    let i = schema
        .records
        .iter()
        .position(|r| r.name == name)
        .unwrap_or_else(|| panic!("no record `{name}` in the schema"));
    rec(i as u32)
}

/// The type of the enum `name` of `schema`, found by name.
pub fn enum_named(schema: &InputSchema, name: &str) -> Type {
    let i = schema
        .enums
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("no enum `{name}` in the schema"));
    en(i as u32)
}

/// The example dossiers of the data contract, copied into the project.
pub fn essms_examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/dossiers/essms-poc")
}

/// A valid ESSMS dossier of about 2 KB: the seven-site group example.
pub const ESSMS_DOSSIER: &str = r#"{
  "id": "ESSMS-POC-p3-group-seven-sites",
  "submitted_at": "2026-05-20T10:15:00+02:00",
  "parcours": 3,
  "grouping": "og",
  "porteur": "690000001",
  "legal_entities": [
    {
      "finess": "690000001",
      "name": "Entité 690000001",
      "casf_l312_1": true,
      "activity": "medico_social",
      "dui": { "software": "DUI Exemple", "version": "5.2", "segur_referenced": true, "wave": 1, "shared": false },
      "opssims": { "done": true, "version": "2026-01-26" },
      "de_minimis": [ { "granted_on": "2024-09-01", "amount": "25000.00", "authority": "Conseil régional" } ],
      "sites": [
        { "finess": "690000101", "name": "Site 690000101", "activity": "medico_social" },
        { "finess": "690000102", "name": "Site 690000102", "activity": "medico_social" },
        { "finess": "690000103", "name": "Site 690000103", "activity": "medico_social" },
        { "finess": "690000104", "name": "Site 690000104", "activity": "medico_social" }
      ]
    },
    {
      "finess": "690000002",
      "name": "Entité 690000002",
      "casf_l312_1": true,
      "activity": "medico_social",
      "dui": { "software": "DUI Exemple", "version": "5.2", "segur_referenced": true, "wave": 1, "shared": false },
      "opssims": { "done": true, "version": "2026-01-26" },
      "de_minimis": [],
      "sites": [
        { "finess": "690000201", "name": "Site 690000201", "activity": "medico_social" },
        { "finess": "690000202", "name": "Site 690000202", "activity": "medico_social" },
        { "finess": "690000203", "name": "Site 690000203", "activity": "sanitaire" }
      ]
    }
  ],
  "direction_commitment": { "signed": true, "by_legal_representative": true, "covers": ["690000001", "690000002"] },
  "region_orientation": { "parcours": 3, "validated_on": "2026-05-12" },
  "a_la_carte": ["POC.P3.O4.A", "POC.P3.O4.B", "POC.P3.O4.H"],
  "already_achieved": []
}"#;

pub const ALL: u32 = 0;
pub const INNER: u32 = 1;
pub const COLOR: u32 = 0;

/// A schema with every type, optional fields and defaults.
pub fn all_types_schema() -> InputSchema {
    use care_syntax::ast::{DurationUnit, Literal};
    use rust_decimal::Decimal;
    let lit = DefaultValue::Literal;
    InputSchema {
        records: vec![
            record(
                "All",
                vec![
                    field("b", Type::Bool),
                    field("i", Type::Int),
                    field("d", Type::Decimal),
                    field("s", Type::Share),
                    field("m", Type::Money),
                    field("day", Type::Date),
                    field("at", Type::Instant),
                    field("du", Type::Duration),
                    field("t", Type::Text),
                    field("c", Type::Code),
                    field("tr", Type::Track),
                    field("color", en(COLOR)),
                    field("inner", rec(INNER)),
                    field("inners", list(rec(INNER))),
                    field("ints", list(Type::Int)),
                    field("maybe_text", opt(Type::Text)),
                    field("maybe_inner", opt(rec(INNER))),
                    field(
                        "pair",
                        Type::Struct(
                            vec![
                                ("x".to_owned(), Type::Int),
                                ("y".to_owned(), opt(Type::Date)),
                            ]
                            .into(),
                        ),
                    ),
                    field_default("flag", Type::Bool, lit(Literal::Bool(false))),
                    field_default(
                        "fee",
                        Type::Money,
                        lit(Literal::Money(Decimal::new(940000, 2))),
                    ),
                    field_default(
                        "rate",
                        Type::Share,
                        lit(Literal::Percent(Decimal::from(80))),
                    ),
                    field_default("shade", en(COLOR), DefaultValue::Variant(2)),
                    field_default(
                        "delay",
                        Type::Duration,
                        lit(Literal::Duration {
                            amount: 60,
                            unit: DurationUnit::Days,
                        }),
                    ),
                    field_default("track_d", Type::Track, lit(Literal::Int(20))),
                    field_default("note", opt(Type::Text), lit(Literal::Text("none".into()))),
                ],
            ),
            record(
                "Inner",
                vec![field("name", Type::Text), field("n", opt(Type::Int))],
            ),
        ],
        enums: vec![enumeration("Color", &["red", "green", "blue"])],
        track_keys: vec![10, 20, 30],
        root_name: "dossier".into(),
        root: rec(ALL),
    }
}

/// A valid document of [`all_types_schema`] with every field given.
pub const ALL_TYPES_JSON: &str = r#"{
  "b": true, "i": -42, "d": "3.140", "s": "0.66", "m": "12000.00",
  "day": "2026-06-04", "at": "2026-06-04T16:00:00+02:00", "du": "3 years",
  "t": "010000001", "c": "POC.P1.O4.A", "tr": 30, "color": "green",
  "inner": { "name": "a", "n": 1 },
  "inners": [ { "name": "b" }, { "name": "c", "n": null } ],
  "ints": [1, 2, 3],
  "maybe_text": null,
  "pair": { "x": 5, "y": "2026-01-01" },
  "flag": true, "fee": "1.50", "rate": "1", "shade": "red", "delay": "2 weeks",
  "track_d": 10, "note": "hello"
}"#;

/// A random JSON scalar for the decoders' property tests: any number, small integers (valid
/// counts, tracks), and strings that are or are almost values of the contract (amounts, dates,
/// instants, codes, enum variants) or need escaping.
pub fn arb_json_leaf() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        (0u64..1000).prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "",
            "0.66",
            "12000.00",
            "12.345",
            "-250000.00",
            "2026-05-12",
            "2026-02-30",
            "2026-05-20T10:15:00+02:00",
            "3 years",
            "POC.P1.O4.A",
            "og",
            "medico_social",
            "clinic",
            "1",
            "-1",
            "1e5",
            "010000001",
            "a\"b",
            "tab\there",
            "é",
        ])
        .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ]
}
