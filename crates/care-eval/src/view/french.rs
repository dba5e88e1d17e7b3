//! French formats for what people read: `9 400,00 €`, `66 %`, `4 juin 2026`,
//! `4 juin 2026 à 16 h 00` (in the policy's time zone), `oui` / `non`.

use crate::value::{Duration, Value};
use care_check::ir::Policy;
use care_check::types::Type;
use care_syntax::ast::DurationUnit;
use rust_decimal::Decimal;

/// The narrow no-break space French puts between groups of digits and before `%`.
pub const THIN: char = '\u{202f}';

/// `1234567` → `1 234 567` (narrow no-break spaces).
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(THIN);
        }
        out.push(c);
    }
    out
}

/// A decimal in French: grouped digits, a decimal comma, no trailing zeros (`0,125`).
pub fn decimal(d: Decimal) -> String {
    let s = d.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    match s.split_once('.') {
        Some((int, frac)) => format!("{sign}{},{frac}", group(int)),
        None => format!("{sign}{}", group(s)),
    }
}

pub fn int(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group(&s))
}

/// `9400` → `9 400,00 €`.
pub fn money(d: Decimal) -> String {
    let d = d.round_dp(2);
    let s = format!("{:.2}", d);
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    format!("{sign}{},{frac}\u{a0}€", group(int))
}

/// A share (`0.66`) as a percentage: `66 %`, `12,5 %`.
pub fn percent(d: Decimal) -> String {
    format!("{}{THIN}%", decimal(d * Decimal::from(100)))
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `4 juin 2026`, `1er mars 2026`.
pub fn date(d: jiff::civil::Date) -> String {
    let day = if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    };
    let month = MONTHS
        .get(usize::try_from(d.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    format!("{day} {month} {}", d.year())
}

/// `4 juin 2026 à 16 h 00` in the policy's time zone.
pub fn instant(t: jiff::Timestamp, policy: &Policy) -> String {
    let z = t.to_zoned(policy.tz.clone());
    format!("{} à {} h {:02}", date(z.date()), z.hour(), z.minute())
}

pub fn duration(d: Duration) -> String {
    let n = d.amount;
    let word = match (d.unit, n.abs() > 1) {
        (DurationUnit::Days, false) => "jour",
        (DurationUnit::Days, true) => "jours",
        (DurationUnit::Weeks, false) => "semaine",
        (DurationUnit::Weeks, true) => "semaines",
        (DurationUnit::Months, _) => "mois",
        (DurationUnit::Years, false) => "an",
        (DurationUnit::Years, true) => "ans",
    };
    format!("{} {word}", int(n))
}

/// A value of type `ty` as a person reads it. Records are named by the caller (see
/// `names.rs`); here they show as `…`.
pub fn value(v: &Value, ty: &Type, policy: &Policy) -> String {
    let ty = ty.required();
    match v {
        Value::Absent => "non renseigné".into(),
        Value::Bool(true) => "oui".into(),
        Value::Bool(false) => "non".into(),
        Value::Int(n) => match ty {
            Type::Money => money(Decimal::from(*n)),
            Type::Share => percent(Decimal::from(*n)),
            _ => int(*n),
        },
        Value::Decimal(d) => match ty {
            Type::Share => percent(*d),
            Type::Money => money(*d),
            _ => decimal(*d),
        },
        Value::Money(d) => money(*d),
        Value::Date(d) => date(*d),
        Value::Instant(t) => instant(*t, policy),
        Value::Duration(d) => duration(*d),
        Value::Text(t) => crate::printable::data(t),
        Value::Enum(i) => match ty {
            Type::Enum(id) => policy
                .schema
                .enum_def(*id)
                .and_then(|e| e.variants.get(*i as usize))
                .map(|v| crate::printable::prose(v.label.as_deref().unwrap_or(v.name.as_str())))
                .unwrap_or_else(|| i.to_string()),
            _ => i.to_string(),
        },
        Value::Track(i) => policy
            .tracks
            .get(*i as usize)
            .map(|t| crate::printable::data(&t.name))
            .unwrap_or_else(|| i.to_string()),
        Value::List(items) => {
            if items.is_empty() {
                return "aucun".into();
            }
            let inner = match ty {
                Type::List(t) => (**t).clone(),
                _ => Type::Error,
            };
            items
                .iter()
                .map(|i| value(i, &inner, policy))
                .collect::<Vec<_>>()
                .join(", ")
        }
        Value::Record(_) => "…".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn french_numbers() {
        assert_eq!(money(d("9400")), "9\u{202f}400,00\u{a0}€");
        assert_eq!(money(d("300000.00")), "300\u{202f}000,00\u{a0}€");
        assert_eq!(money(d("-12.5")), "-12,50\u{a0}€");
        assert_eq!(money(d("0")), "0,00\u{a0}€");
        assert_eq!(percent(d("0.66")), "66\u{202f}%");
        assert_eq!(percent(d("0.125")), "12,5\u{202f}%");
        assert_eq!(percent(d("1")), "100\u{202f}%");
        assert_eq!(decimal(d("1234.500")), "1\u{202f}234,5");
        assert_eq!(int(-1234567), "-1\u{202f}234\u{202f}567");
        assert_eq!(int(12), "12");
    }

    #[test]
    fn french_dates() {
        assert_eq!(date(jiff::civil::date(2026, 6, 4)), "4 juin 2026");
        assert_eq!(date(jiff::civil::date(2026, 3, 1)), "1er mars 2026");
        assert_eq!(duration(Duration::new(3, DurationUnit::Years)), "3 ans");
    }
}
