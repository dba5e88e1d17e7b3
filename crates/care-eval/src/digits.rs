//! Numbers and dates written as text without `core::fmt`: an explanation writes tens of them per
//! dossier, and the formatting machinery costs more than the digits. Each function writes exactly
//! what the type's `Display` writes (the tests compare them), and falls back to it outside the
//! common range.

use std::fmt::Write as _;

use rust_decimal::Decimal;

/// The decimal digits of `n`, most significant first, in `buf`; returns where they start.
fn digits(mut n: u64, buf: &mut [u8; 20]) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        // `n % 10` is below 10: the cast keeps it.
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return i;
        }
    }
}

/// Appends ASCII digits one by one: a number has a few, and checking the UTF-8 of a slice of
/// them (`str::from_utf8`) cost more than pushing them.
fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len());
    for &b in bytes {
        out.push(char::from(b));
    }
}

pub fn push_u64(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let start = digits(n, &mut buf);
    push_ascii(out, &buf[start..]);
}

/// `n` as `{n}` writes it.
pub fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

/// `n` on at least `width` digits, zeros in front (`{n:02}` for `width` 2).
pub fn push_padded(out: &mut String, n: u32, width: usize) {
    let mut buf = [0u8; 20];
    let start = digits(u64::from(n), &mut buf);
    for _ in (buf.len() - start)..width {
        out.push('0');
    }
    push_ascii(out, &buf[start..]);
}

/// `d` as `{d}` writes it: its mantissa with the point `scale` digits from the right.
pub fn push_decimal(out: &mut String, d: Decimal) {
    let Ok(m) = u64::try_from(d.mantissa().unsigned_abs()) else {
        let _ = write!(out, "{d}");
        return;
    };
    let mut buf = [0u8; 20];
    let start = digits(m, &mut buf);
    let written = &buf[start..];
    let scale = d.scale() as usize;
    if d.is_sign_negative() {
        out.push('-');
    }
    if scale == 0 {
        push_ascii(out, written);
    } else if written.len() > scale {
        let (int, frac) = written.split_at(written.len() - scale);
        push_ascii(out, int);
        out.push('.');
        push_ascii(out, frac);
    } else {
        out.push_str("0.");
        for _ in written.len()..scale {
            out.push('0');
        }
        push_ascii(out, written);
    }
}

/// A date as `{d}` writes it (`2026-05-20`).
pub fn push_date(out: &mut String, d: jiff::civil::Date) {
    let Ok(year) = u32::try_from(d.year()) else {
        let _ = write!(out, "{d}");
        return;
    };
    if year > 9999 {
        let _ = write!(out, "{d}");
        return;
    }
    push_padded(out, year, 4);
    out.push('-');
    push_padded(out, u32::from(d.month().unsigned_abs()), 2);
    out.push('-');
    push_padded(out, u32::from(d.day().unsigned_abs()), 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut String)) -> String {
        let mut s = String::new();
        f(&mut s);
        s
    }

    #[test]
    fn integers_as_display_writes_them() {
        for n in [
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            12345,
            -987_654,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(with(|s| push_i64(s, n)), n.to_string());
        }
        for (n, w) in [
            (0, 2),
            (5, 2),
            (12, 2),
            (123, 2),
            (7, 4),
            (2026, 4),
            (12345, 4),
        ] {
            assert_eq!(with(|s| push_padded(s, n, w)), format!("{n:0w$}"));
        }
    }

    #[test]
    fn decimals_as_display_writes_them() {
        let mut cases: Vec<Decimal> = [
            "0",
            "0.00",
            "-0.00",
            "1",
            "-1",
            "0.5",
            "0.05",
            "-0.05",
            "54520.00",
            "1.005",
            "100",
            "0.125",
            "123456789.123456789",
            "-0.000001",
            "18446744073709551615",
            "18446744073709551616",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
        ]
        .iter()
        .map(|s| Decimal::from_str_exact(s).unwrap())
        .collect();
        // Every scale of a few mantissas, both signs.
        for m in [0i64, 1, 7, 42, 100, 123_456, 9_999_999_999] {
            for scale in 0..=28 {
                cases.push(Decimal::new(m, scale));
                cases.push(Decimal::new(-m, scale));
            }
        }
        for d in cases {
            assert_eq!(with(|s| push_decimal(s, d)), d.to_string(), "{d:?}");
            let n = d.normalize();
            assert_eq!(with(|s| push_decimal(s, n)), n.to_string(), "{n:?}");
        }
    }

    #[test]
    fn dates_as_display_writes_them() {
        for (y, m, d) in [
            (2026, 5, 20),
            (1, 1, 1),
            (0, 12, 31),
            (999, 3, 4),
            (9999, 12, 31),
            (-1, 1, 1),
            (-9999, 6, 15),
        ] {
            let date = jiff::civil::date(y, m, d);
            assert_eq!(with(|s| push_date(s, date)), date.to_string());
        }
    }
}
