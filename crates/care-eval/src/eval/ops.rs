//! Operators on values, with checked arithmetic: overflow and division by zero are errors.

use super::error::{EvalError, EvalResult};
use crate::value::{Duration, Value};
use care_check::ir::{Origin, RoundMode};
use care_syntax::ast::{BinaryOp, DurationUnit};
use rust_decimal::Decimal;
use std::cmp::Ordering;

fn overflow(origin: Origin) -> EvalError {
    EvalError::new("arithmetic overflow", origin)
        .with_help("the numbers involved are too large for exact decimals")
        .keyed("eval-overflow", &[])
}

/// A number as a decimal (ints, decimals, shares, money).
pub fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(n) => Some(Decimal::from(*n)),
        Value::Decimal(d) | Value::Money(d) => Some(*d),
        _ => None,
    }
}

fn span_of(d: Duration, negate: bool) -> Option<jiff::Span> {
    let amount = if negate {
        d.amount.checked_neg()?
    } else {
        d.amount
    };
    let s = jiff::Span::new();
    match d.unit {
        DurationUnit::Days => s.try_days(amount).ok(),
        DurationUnit::Weeks => s.try_weeks(amount).ok(),
        DurationUnit::Months => s.try_months(amount).ok(),
        DurationUnit::Years => s.try_years(amount).ok(),
    }
}

/// `d + u` (`d - u` when `negate`), as jiff adds a span: months and years move the month and
/// keep the day, the last of the month where it has fewer days (31 March − 1 month is 29 or 28
/// February); `None` past jiff's years (−9999 to 9999). Months and years are computed here,
/// ten times cheaper than through a `Span` (a deadline `date - 3 years` per dossier).
pub(crate) fn shift_date(
    d: jiff::civil::Date,
    u: Duration,
    negate: bool,
) -> Option<jiff::civil::Date> {
    let span = span_of(u, negate)?; // jiff's limits: ±19,998 years, ±239,976 months
    let months = match u.unit {
        DurationUnit::Months => u.amount,
        DurationUnit::Years => u.amount.checked_mul(12)?,
        DurationUnit::Days | DurationUnit::Weeks => return d.checked_add(span).ok(),
    };
    let months = if negate {
        months.checked_neg()?
    } else {
        months
    };
    let index = i64::from(d.year())
        .checked_mul(12)?
        .checked_add(i64::from(d.month() - 1))?
        .checked_add(months)?;
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    let month = i8::try_from(index.rem_euclid(12) + 1).ok()?;
    let first = jiff::civil::Date::new(year, month, 1).ok()?;
    jiff::civil::Date::new(year, month, d.day().min(first.days_in_month())).ok()
}

pub fn arith(
    op: BinaryOp,
    a: &Value,
    b: &Value,
    tz: &jiff::tz::TimeZone,
    origin: Origin,
) -> EvalResult<Value> {
    use Value::*;
    let bad = || {
        EvalError::new(
            format!("`{}` cannot apply to these values", op.symbol()),
            origin,
        )
        .keyed("eval-cannot-apply", &[("op", op.symbol().to_string())])
    };
    Ok(match (op, a, b) {
        (BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul, Int(x), Int(y)) => {
            Int(int(op, *x, *y, origin)?)
        }
        (BinaryOp::Add | BinaryOp::Sub, Money(x), Money(y)) => Money(dec(op, *x, *y, origin)?),
        (BinaryOp::Mul, Money(x), y) | (BinaryOp::Mul, y, Money(x)) => {
            let y = decimal(y).ok_or_else(bad)?;
            Money(dec(op, *x, y, origin)?)
        }
        (BinaryOp::Div, Money(x), Money(y)) => Decimal(dec(op, *x, *y, origin)?),
        (BinaryOp::Div, Money(x), y) => {
            let y = decimal(y).ok_or_else(bad)?;
            Money(dec(op, *x, y, origin)?)
        }
        (BinaryOp::Add | BinaryOp::Sub, Date(d), Duration(u)) => {
            Date(shift_date(*d, *u, op == BinaryOp::Sub).ok_or_else(|| overflow(origin))?)
        }
        (BinaryOp::Add, Duration(u), Date(d)) => {
            Date(shift_date(*d, *u, false).ok_or_else(|| overflow(origin))?)
        }
        (BinaryOp::Add | BinaryOp::Sub, Instant(t), Duration(u)) => {
            // Calendar units count in the policy's time zone (a day across a DST change is 23 h).
            let span = span_of(*u, op == BinaryOp::Sub).ok_or_else(|| overflow(origin))?;
            let z = t
                .to_zoned(tz.clone())
                .checked_add(span)
                .map_err(|_| overflow(origin))?;
            Instant(z.timestamp())
        }
        (BinaryOp::Add | BinaryOp::Sub, Duration(x), Duration(y)) if x.unit == y.unit => {
            let amount = if op == BinaryOp::Add {
                x.amount.checked_add(y.amount)
            } else {
                x.amount.checked_sub(y.amount)
            };
            Duration(crate::value::Duration::new(
                amount.ok_or_else(|| overflow(origin))?,
                x.unit,
            ))
        }
        (BinaryOp::Mul, Duration(x), Int(n)) | (BinaryOp::Mul, Int(n), Duration(x)) => {
            Duration(crate::value::Duration::new(
                x.amount.checked_mul(*n).ok_or_else(|| overflow(origin))?,
                x.unit,
            ))
        }
        (_, x, y) => {
            let (x, y) = (decimal(x).ok_or_else(bad)?, decimal(y).ok_or_else(bad)?);
            Decimal(dec(op, x, y, origin)?)
        }
    })
}

/// `x op y` on integers, for `+`, `-` and `*` (the others make decimals).
#[inline]
pub(crate) fn int(op: BinaryOp, x: i64, y: i64, origin: Origin) -> EvalResult<i64> {
    let r = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        BinaryOp::Mul => x.checked_mul(y),
        _ => None,
    };
    r.ok_or_else(|| overflow(origin))
}

/// `x op y` on decimals (and money amounts), for `+`, `-`, `*` and `/`.
#[inline]
pub(crate) fn dec(op: BinaryOp, x: Decimal, y: Decimal, origin: Origin) -> EvalResult<Decimal> {
    let r = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        BinaryOp::Mul => x.checked_mul(y),
        BinaryOp::Div => {
            if y.is_zero() {
                return Err(EvalError::new("division by zero", origin)
                    .with_help("guard the division with `if … then … else …`")
                    .keyed("eval-division-by-zero", &[]));
            }
            x.checked_div(y)
        }
        _ => None,
    };
    r.ok_or_else(|| overflow(origin))
}

/// The decimals `round` keeps: its second argument, within 0 to 28 (rust_decimal's scales).
pub(crate) fn round_digits(n: i64) -> u32 {
    u32::try_from(n.clamp(0, 28)).unwrap_or(0)
}

/// rust_decimal's rounding for each of the language's `round` functions.
pub(crate) fn rounding(mode: RoundMode) -> rust_decimal::RoundingStrategy {
    use rust_decimal::RoundingStrategy as S;
    match mode {
        RoundMode::HalfAwayFromZero => S::MidpointAwayFromZero,
        RoundMode::HalfEven => S::MidpointNearestEven,
        RoundMode::Down => S::ToZero,
        RoundMode::Up => S::AwayFromZero,
    }
}

/// Equality by value: numbers compare as decimals (an int and a decimal may be equal). The
/// common cases (codes, texts, integers, enums, dates) first, without converting anything.
#[inline]
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => same_text(x, y),
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Enum(x), Value::Enum(y)) | (Value::Track(x), Value::Track(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => x == y,
        _ => equal_by_value(a, b),
    }
}

/// Texts are mostly short codes (`POC.P1.O1.1`, a FINESS, a letter): those of 4 to 16 bytes compare
/// as two overlapping words each, shorter ones byte by byte, without a call to `memcmp`.
/// The decoders' twin is [`crate::bytes::same`] (kept apart for inlining; see there).
#[inline]
pub(crate) fn same_text(x: &str, y: &str) -> bool {
    let (x, y) = (x.as_bytes(), y.as_bytes());
    let n = x.len();
    if n != y.len() {
        return false;
    }
    if std::ptr::eq(x, y) {
        return true;
    }
    match n {
        8..=16 => words::<8>(x, y, n),
        4..=7 => words::<4>(x, y, n),
        0..=3 => x.iter().zip(y).all(|(p, q)| p == q),
        _ => x == y,
    }
}

/// The first and last `W` bytes of two texts of the same length `n` (`W <= n <= 2 W`).
#[inline]
fn words<const W: usize>(x: &[u8], y: &[u8], n: usize) -> bool {
    let word = |s: &[u8], at: usize| s.get(at..at + W).and_then(|w| <[u8; W]>::try_from(w).ok());
    word(x, 0) == word(y, 0) && word(x, n - W) == word(y, n - W)
}

fn equal_by_value(a: &Value, b: &Value) -> bool {
    match (decimal(a), decimal(b)) {
        (Some(x), Some(y))
            if matches!(a, Value::Int(_) | Value::Decimal(_))
                == matches!(b, Value::Int(_) | Value::Decimal(_)) =>
        {
            x == y
        }
        _ => a == b,
    }
}

/// Order of comparable values (numbers, money, dates, instants, texts).
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Money(x), Money(y)) => Some(x.cmp(y)),
        (Date(x), Date(y)) => Some(x.cmp(y)),
        (Instant(x), Instant(y)) => Some(x.cmp(y)),
        (Text(x), Text(y)) => Some(x.cmp(y)),
        (Int(_) | Decimal(_), Int(_) | Decimal(_)) => Some(decimal(a)?.cmp(&decimal(b)?)),
        _ => None,
    }
}

/// Sort keys: one key, or several (a record of them) compared in order, the next breaking ties.
pub fn compare_keys(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Record(xs), Value::Record(ys)) => xs
            .iter()
            .zip(ys.iter())
            .map(|(x, y)| compare(x, y).unwrap_or(Ordering::Equal))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal),
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    }
}

pub fn negate(v: &Value, origin: Origin) -> EvalResult<Value> {
    Ok(match v {
        Value::Int(n) => Value::Int(n.checked_neg().ok_or_else(|| overflow(origin))?),
        Value::Decimal(d) => Value::Decimal(-*d),
        Value::Money(d) => Value::Money(-*d),
        Value::Duration(d) => Value::Duration(Duration::new(
            d.amount.checked_neg().ok_or_else(|| overflow(origin))?,
            d.unit,
        )),
        _ => return Err(EvalError::new("cannot negate this value", origin)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The computed months and years give what jiff's span arithmetic gives, overflow included.
    #[test]
    fn shifted_dates_are_jiffs() {
        let years = [
            -9999, -9998, -1, 0, 1, 1900, 2000, 2023, 2024, 2026, 2100, 9998, 9999,
        ];
        let amounts = [
            i64::MIN,
            -239_977,
            -239_976,
            -20_000,
            -19_999,
            -19_998,
            -13,
            -12,
            -11,
            -2,
            -1,
            0,
            1,
            2,
            11,
            12,
            13,
            25,
            48,
            19_998,
            19_999,
            20_000,
            239_976,
            239_977,
            i64::MAX,
        ];
        let mut compared = 0;
        for year in years {
            for month in 1..=12 {
                for day in [1, 15, 28, 29, 30, 31] {
                    let Ok(d) = jiff::civil::Date::new(year, month, day) else {
                        continue;
                    };
                    for unit in [
                        DurationUnit::Months,
                        DurationUnit::Years,
                        DurationUnit::Days,
                    ] {
                        for amount in amounts {
                            for negate in [false, true] {
                                let u = Duration::new(amount, unit);
                                let jiffs = span_of(u, negate).and_then(|s| d.checked_add(s).ok());
                                assert_eq!(shift_date(d, u, negate), jiffs, "{d} {u} {negate}");
                                compared += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 30_000, "{compared}");
    }
}
