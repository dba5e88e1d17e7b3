//! The JSON Schema (draft 2020-12) of a version's declared inputs, for the platform that exports
//! dossiers: it can refuse a dossier before sending it, for the reasons `care eval` would. What
//! care refuses, the schema refuses wherever JSON Schema can say it: types, required fields,
//! enums and track keys, the written forms of decimals, money (two decimals at most, no sign
//! unless the field declares a negative floor), shares (0 to 1), dates, instants (with their
//! offset) and durations, the bounds of integer fields. What it cannot say (bounds on decimals,
//! amounts and dates, which are strings, and the calendar validity of a date) is written in the
//! field's description, and `care eval` still checks it.

use care_check::model::{BoundValue, Bounds, FieldDef, InputSchema};
use care_check::types::Type;
use serde_json::{json, Map, Value as Json};

const DECIMAL: &str = r"^-?[0-9]+(\.[0-9]+)?$";
const SHARE: &str = r"^(0+(\.[0-9]+)?|0*1(\.0+)?)$";
const MONEY: &str = r"^[0-9]+(\.[0-9]{1,2})?$";
const SIGNED_MONEY: &str = r"^-?[0-9]+(\.[0-9]{1,2})?$";
const DATE: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const INSTANT: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$";
const DURATION: &str = r"^[-+]?[0-9]+ (day|days|week|weeks|month|months|year|years)$";

/// The schema of `schema`'s input; `title` names the policy and version it was made from.
pub fn json_schema(schema: &InputSchema, title: &str) -> Json {
    let mut defs = Map::new();
    for r in &schema.records {
        defs.insert(
            r.name.clone(),
            record(schema, &r.fields, r.label.as_deref()),
        );
    }
    for e in &schema.enums {
        let mut def = json!({
            "type": "string",
            "enum": e.variants.iter().map(|v| v.name.clone()).collect::<Vec<_>>(),
        });
        let labels: Vec<String> = e
            .variants
            .iter()
            .map(|v| match &v.label {
                Some(l) => format!("`{}` : {l}", v.name),
                None => format!("`{}`", v.name),
            })
            .collect();
        describe(&mut def, e.label.as_deref(), Some(labels.join(" ; ")));
        defs.insert(e.name.clone(), def);
    }
    let mut root = ty(schema, &schema.root, &Bounds::default());
    if let Json::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!(title));
        map.insert("$defs".into(), Json::Object(defs));
    }
    root
}

fn describe(def: &mut Json, title: Option<&str>, description: Option<String>) {
    if let Json::Object(map) = def {
        if let Some(t) = title {
            map.insert("title".into(), json!(t));
        }
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            map.insert("description".into(), json!(d));
        }
    }
}

fn record(schema: &InputSchema, fields: &[FieldDef], label: Option<&str>) -> Json {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields {
        let optional = f.default.is_some() || matches!(f.ty, Type::Optional(_));
        let mut def = ty(schema, &f.ty, &f.bounds);
        if optional && !matches!(f.ty, Type::Optional(_)) {
            def = nullable(def);
        }
        describe(&mut def, f.label.as_deref(), bounds_text(&f.bounds));
        if !optional {
            required.push(f.name.clone());
        }
        properties.insert(f.name.clone(), def);
    }
    let mut def = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        // Exports grow new fields: care accepts unknown fields (with a warning).
        "additionalProperties": true,
    });
    describe(&mut def, label, None);
    def
}

/// `T` or `null`.
fn nullable(def: Json) -> Json {
    json!({ "anyOf": [def, { "type": "null" }] })
}

/// The bounds JSON Schema cannot state on a string, in words.
fn bounds_text(bounds: &Bounds) -> Option<String> {
    let text = |b: &BoundValue| b.to_string();
    let explicit_min = bounds.min.as_ref().filter(|b| !b.implicit);
    let parts: Vec<String> = [
        explicit_min.map(|b| format!("au moins {}", text(&b.value))),
        bounds
            .max
            .as_ref()
            .map(|b| format!("au plus {}", text(&b.value))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("Valeur {}.", parts.join(" et ")))
}

fn string(pattern: &str, format: Option<&str>) -> Json {
    let mut def = json!({ "type": "string", "pattern": pattern });
    if let (Some(f), Json::Object(map)) = (format, &mut def) {
        map.insert("format".into(), json!(f));
    }
    def
}

fn ty(schema: &InputSchema, t: &Type, bounds: &Bounds) -> Json {
    match t {
        Type::Bool => json!({ "type": "boolean" }),
        Type::Int => {
            let mut def = json!({ "type": "integer" });
            if let Json::Object(map) = &mut def {
                if let Some(BoundValue::Int(i)) = bounds.min.as_ref().map(|b| &b.value) {
                    map.insert("minimum".into(), json!(i));
                }
                if let Some(BoundValue::Int(i)) = bounds.max.as_ref().map(|b| &b.value) {
                    map.insert("maximum".into(), json!(i));
                }
            }
            def
        }
        Type::Decimal => string(DECIMAL, None),
        Type::Share => string(SHARE, None),
        Type::Money => {
            let may_be_negative = matches!(
                bounds.min.as_ref().map(|b| &b.value),
                Some(BoundValue::Decimal(d)) if d.is_sign_negative() && !d.is_zero()
            );
            string(if may_be_negative { SIGNED_MONEY } else { MONEY }, None)
        }
        Type::Date => string(DATE, Some("date")),
        Type::Instant => string(INSTANT, Some("date-time")),
        Type::Duration => string(DURATION, None),
        Type::Text | Type::Code => json!({ "type": "string" }),
        Type::Track => json!({ "enum": schema.track_keys }),
        Type::Enum(id) => match schema.enum_def(*id) {
            Some(e) => json!({ "$ref": format!("#/$defs/{}", e.name) }),
            None => json!({}),
        },
        Type::Record(id) => match schema.record(*id) {
            Some(r) => json!({ "$ref": format!("#/$defs/{}", r.name) }),
            None => json!({}),
        },
        Type::Struct(fields) => {
            let mut properties = Map::new();
            for (name, t) in fields.iter() {
                properties.insert(name.clone(), ty(schema, t, &Bounds::default()));
            }
            let required: Vec<&String> = fields
                .iter()
                .filter(|(_, t)| !matches!(t, Type::Optional(_)))
                .map(|(n, _)| n)
                .collect();
            json!({ "type": "object", "properties": properties, "required": required })
        }
        Type::List(t) => json!({ "type": "array", "items": ty(schema, t, bounds) }),
        Type::Optional(t) => nullable(ty(schema, t, bounds)),
        Type::Error => json!({}),
    }
}
