//! Values shown to a French reader: `9 400,00 €`, `80 %`, `0,5`, `31/03/2026`, oui / non, a
//! track by its name.

use care_check::ir::{Constant, Policy};
use care_check::types::Type;
use care_eval::value::Value;
use rust_decimal::Decimal;

/// A value of type `ty` for a person.
pub fn value(v: &Value, ty: &Type, policy: &Policy) -> String {
    match (v, ty.required()) {
        (Value::Absent, _) => "absent".into(),
        (Value::Money(d), _) => money(*d),
        (Value::Decimal(d), Type::Share) => percent(*d),
        (Value::Decimal(d), _) => decimal(*d),
        (Value::Bool(b), _) => if *b { "oui" } else { "non" }.into(),
        (Value::Int(i), _) => i.to_string(),
        (Value::Date(d), _) => date(*d),
        (Value::Track(t), _) => policy
            .tracks
            .get(*t as usize)
            .map_or_else(|| t.to_string(), |t| t.name.clone()),
        _ => {
            let json = care_eval::report::json_of(v, ty, policy);
            care_eval::report::french_value(&json, ty)
        }
    }
}

/// A constant of a table's column.
pub fn constant(c: &Constant, ty: &Type, policy: &Policy) -> String {
    value(&care_eval::eval::constant_value(c), ty, policy)
}

/// A value as the data contract writes it (`"9400.00"`, `0.8`, a track by its key): for CSV
/// and JSON.
pub fn data(v: &Value, ty: &Type, policy: &Policy) -> serde_json::Value {
    care_eval::report::json_of(v, ty, policy)
}

pub fn money(d: Decimal) -> String {
    care_eval::report::french_money(&care_eval::render::money_string(d))
}

/// A signed amount: `+1 000,00 €`, `-3 400,00 €`.
pub fn signed_money(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

pub fn decimal(d: Decimal) -> String {
    care_eval::render::decimal_string(d).replace('.', ",")
}

pub fn percent(d: Decimal) -> String {
    format!("{} %", decimal(d * Decimal::ONE_HUNDRED))
}

pub fn date(d: jiff::civil::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// An integer with French grouping (`12 500`).
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}
