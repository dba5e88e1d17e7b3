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
    let frac = frac.unwrap_or(&[]);
    // Up to 18 digits (amounts, rates) fit an `i64`: the mantissa made here, its scale the
    // decimals written, as rust_decimal's parser makes them; a negative zero (`-0.00`) and
    // longer numbers are left to that parser.
    let negative = digits.len() < b.len();
    if int.len() + frac.len() <= 18 {
        let m = int
            .iter()
            .chain(frac)
            .fold(0i64, |m, c| m * 10 + i64::from(c - b'0'));
        if m != 0 || !negative {
            let scale = u32::try_from(frac.len()).ok()?;
            return Decimal::try_new(if negative { -m } else { m }, scale).ok();
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
///
/// The instant is computed from its parts, not by `jiff`'s parser (which reads many more forms:
/// every dossier has one instant, and the batch reads it twice, to choose the version and to
/// decode it); `tests` compare the two on the forms read here.
pub fn parse_instant(s: &str) -> Option<Timestamp> {
    let p = instant_parts(s)?;
    let days = days_from_civil(
        i64::from(p.date.year()),
        i64::from(p.date.month()),
        i64::from(p.date.day()),
    );
    let seconds = days * 86_400 + p.seconds_of_day - p.offset_seconds;
    Timestamp::new(seconds, p.nanosecond).ok()
}

/// What an instant is written with, each part in its range.
struct InstantParts {
    date: Date,
    seconds_of_day: i64,
    nanosecond: i32,
    /// East of UTC is positive.
    offset_seconds: i64,
}

fn instant_parts(s: &str) -> Option<InstantParts> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let date = parse_date(s.get(0..10)?)?;
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let hour = digits(&b[11..13]).filter(|&h| h <= 23)?;
    let minute = digits(&b[14..16]).filter(|&m| m <= 59)?;
    let second = digits(&b[17..19]).filter(|&s| s <= 59)?;
    let mut rest = &b[19..];
    let mut nanosecond = 0;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        nanosecond = digits(&frac[..n])? * 10_i32.pow(9 - n as u32);
        rest = &frac[n..];
    }
    let offset_seconds = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2]).filter(|&h| h <= 23)?;
            let m = digits(&[*m1, *m2]).filter(|&m| m <= 59)?;
            let east = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -east
            } else {
                east
            }
        }
        _ => return None,
    };
    Some(InstantParts {
        date,
        seconds_of_day: i64::from(hour * 3600 + minute * 60 + second),
        nanosecond,
        offset_seconds,
    })
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`: years counted from March, in eras of 400 years).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let march_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * march_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
        // The mantissa made in place is rust_decimal's, sign and scale included, on both sides
        // of 18 digits and for zeros.
        for text in [
            "0",
            "-0",
            "0.00",
            "-0.00",
            "00012.50",
            "-7",
            "123456789012345678",
            "-123456789012345678",
            "1234567890123456789",
            "12345678901234567.8",
            "1234567890123456.789",
            "0.000000000000000001",
            "-99999999999999999.9",
            "79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "1.0000000000000000000000000001",
        ] {
            let exact = Decimal::from_str_exact(text).ok();
            let ours = parse_decimal(text);
            assert_eq!(ours, exact, "{text}");
            assert_eq!(
                ours.map(|d| (d.to_string(), d.scale(), d.is_sign_negative())),
                exact.map(|d| (d.to_string(), d.scale(), d.is_sign_negative())),
                "{text}"
            );
        }
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

    /// What `parse_instant` answered when `jiff` parsed the text after the shape checks.
    fn instant_by_jiff(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 || parse_date(s.get(0..10)?).is_none() {
            return None;
        }
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
        offset_ok.then(|| s.parse::<Timestamp>().ok()).flatten()
    }

    /// The instant computed from its parts is the one `jiff` reads, on every form and range:
    /// years from 0000 to 9999 (near the ends, an offset puts the instant out of `jiff`'s range),
    /// days past the month's end, hours, minutes and seconds past their last, fractions of 1 to
    /// 10 digits, every offset form.
    #[test]
    fn instants_computed_as_jiff_reads_them() {
        let mut seed: u64 = 0x2026_1207;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let years = [
            0, 1, 4, 100, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 9998, 9999,
        ];
        let mut read = 0;
        for _ in 0..200_000 {
            let year = if next(2) == 0 {
                years[next(years.len() as u64) as usize]
            } else {
                next(10_000)
            };
            let (month, day) = (next(14), next(33));
            let (hour, minute, second) = (next(26), next(61), next(62));
            let sep = ["T", "t", " ", "x"][next(4) as usize];
            let frac = match next(4) {
                0 => String::new(),
                1 => ".".to_owned(),
                _ => {
                    let digits = 1 + next(10);
                    format!(
                        ".{:0width$}",
                        next(10u64.pow(digits as u32)),
                        width = digits as usize
                    )
                }
            };
            let offset = match next(6) {
                0 => "Z".to_owned(),
                1 => "z".to_owned(),
                2 => "-00:00".to_owned(),
                3 => format!("+{:02}:{:02}", next(25), next(61)),
                4 => format!("-{:02}:{:02}", next(25), next(61)),
                _ => format!("+{:02}{:02}", next(24), next(60)),
            };
            let s = format!(
                "{year:04}-{month:02}-{day:02}{sep}{hour:02}:{minute:02}:{second:02}{frac}{offset}"
            );
            let expected = instant_by_jiff(&s);
            assert_eq!(parse_instant(&s), expected, "{s}");
            read += usize::from(expected.is_some());
        }
        // Most texts are refused (a bad month, day or separator); enough are read.
        assert!(read > 5_000, "{read}");
        for edge in [
            "0000-01-01T00:00:00+23:59",
            "0000-01-01T00:00:00-23:59",
            "9999-12-31T23:59:59.999999999-23:59",
            "9999-12-31T23:59:59.999999999+23:59",
            "1969-12-31T23:59:59.5Z",
            "2024-02-29T12:00:00+05:30",
        ] {
            assert_eq!(parse_instant(edge), instant_by_jiff(edge), "{edge}");
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
