//! Strict parsers of the scalar forms of the data contract.

use care_syntax::ast::DurationUnit;
use jiff::civil::Date;
use jiff::Timestamp;
use rust_decimal::Decimal;

use crate::value::Duration;

/// A decimal as the contract writes it: `-?[0-9]+(\.[0-9]+)?`, its scale kept (`12000.00` has
/// two decimals). No exponent, sign `+`, separators or spaces; `None` also when it does not fit
/// a 96-bit decimal.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let (int, frac) = match digits.iter().position(|&c| c == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    if int.is_empty() || !int.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
    }
    Decimal::from_str_exact(s).ok()
}

/// Number of decimals written (`12.50` has 2).
pub fn written_decimals(s: &str) -> usize {
    s.find('.').map_or(0, |dot| s.len() - dot - 1)
}

fn digits(b: &[u8]) -> Option<i32> {
    let mut n: i32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i32::from(c - b'0');
    }
    Some(n)
}

/// A date `YYYY-MM-DD`, and nothing else.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])?;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// An RFC 3339 date-time with an offset: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (`t`, `z`
/// and a space for `T` are accepted, as RFC 3339 allows). Offsets go up to ±23:59; a leap second
/// (`23:59:60`) is refused rather than silently read as `23:59:59`.
pub fn parse_instant(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    parse_date(s.get(0..10)?)?;
    if !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
        || digits(&b[11..13]).is_none()
        || digits(&b[14..16]).is_none()
        || digits(&b[17..19]).is_none_or(|s| s > 59)
    {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset_ok = match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            digits(&[*h1, *h2]).is_some_and(|h| h <= 23)
                && digits(&[*m1, *m2]).is_some_and(|m| m <= 59)
        }
        _ => false,
    };
    if !offset_ok {
        return None;
    }
    s.parse::<Timestamp>().ok()
}

/// A duration as the language writes it: `60 days`, `1 week`, `3 years`, `2 months`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let (amount, unit) = s.split_once(' ')?;
    let amount = parse_int(amount)?;
    let amount = i64::try_from(amount).ok()?;
    let unit = match unit {
        "day" | "days" => DurationUnit::Days,
        "week" | "weeks" => DurationUnit::Weeks,
        "month" | "months" => DurationUnit::Months,
        "year" | "years" => DurationUnit::Years,
        _ => return None,
    };
    Some(Duration::new(amount, unit))
}

/// An integer written `[-+]?[0-9]+` (a YAML plain scalar), wide enough to report overflows.
pub fn parse_int(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    let digits = b
        .strip_prefix(b"-")
        .or_else(|| b.strip_prefix(b"+"))
        .unwrap_or(b);
    if digits.is_empty() || digits.len() > 30 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.parse::<i128>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(
            parse_decimal("12000.00").map(|d| d.to_string()),
            Some("12000.00".into())
        );
        assert_eq!(
            parse_decimal("-0.5").map(|d| d.to_string()),
            Some("-0.5".into())
        );
        assert_eq!(parse_decimal("7").map(|d| d.to_string()), Some("7".into()));
        for bad in [
            "", "-", ".5", "5.", "+1", "1e3", "1_000", " 1", "1 ", "1,5", "--1", "0x10", "NaN",
            "1.2.3",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
        assert_eq!(parse_decimal(&"9".repeat(40)), None);
        assert_eq!(written_decimals("12.345"), 3);
        assert_eq!(written_decimals("12"), 0);
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-05-12").is_some());
        for bad in [
            "2026-02-30",
            "2026-5-12",
            "20260512",
            "2026-05-12T10:00",
            "+02026-05-12",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants() {
        let t = parse_instant("2026-05-20T10:15:00+02:00");
        assert_eq!(
            t.map(|t| t.to_string()),
            Some("2026-05-20T08:15:00Z".into())
        );
        assert!(parse_instant("2026-05-20T08:15:00.25Z").is_some());
        assert!(parse_instant("2026-05-20 08:15:00z").is_some());
        for bad in [
            "2026-05-20T10:15:00",
            "2026-05-20T10:15+02:00",
            "2026-05-20",
            "2026-05-20T10:15:00+0200",
            "2026-05-20T10:15:00+02:00[Europe/Paris]",
            "2026-05-20T25:15:00Z",
            "2026-05-20T10:15:00.Z",
            "2026-05-20T10:15:00+24:00",
            "2026-05-20T10:15:00-02:60",
            "2026-06-30T23:59:60Z",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("60 days"),
            Some(Duration::new(60, DurationUnit::Days))
        );
        assert_eq!(
            parse_duration("1 week"),
            Some(Duration::new(1, DurationUnit::Weeks))
        );
        assert_eq!(parse_duration("60days"), None);
        assert_eq!(parse_duration("x days"), None);
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("010"), Some(10));
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("+3"), Some(3));
        assert_eq!(parse_int("1.0"), None);
        assert_eq!(parse_int("0x1"), None);
    }
}
