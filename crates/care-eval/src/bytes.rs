//! Equality of short byte strings without a call to `memcmp`: the decoders compare every key
//! of a dossier with a field's name and every enum value with the variants' names, a few bytes
//! each, where the call and its set-up cost about twice the comparison done 8 bytes at a time.
//!
//! The evaluator's [`crate::eval::ops::same_text`] is the same comparison up to 16 bytes (`==`
//! past them). Kept apart on purpose: making either call the other was measured at +290 to +620
//! instructions a batch dossier and +1,160 an explained one, LLVM then no longer inlining the
//! scanner's text allocation.

/// `a == b`.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        // Whole words, then the last word (overlapping the one before when `n` is not a multiple
        // of 8).
        let mut i = 0;
        while i + 8 <= n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// The 8 bytes of `s` from `i` (`i + 8 <= s.len()` where it is called).
#[inline(always)]
fn word(s: &[u8], i: usize) -> Option<[u8; 8]> {
    s.get(i..i + 8).and_then(|w| w.try_into().ok())
}

/// The 4 bytes of `s` from `i` (`i + 4 <= s.len()` where it is called).
#[inline(always)]
fn half(s: &[u8], i: usize) -> Option<[u8; 4]> {
    s.get(i..i + 4).and_then(|w| w.try_into().ok())
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn same_as_slice_equality() {
        let texts: Vec<Vec<u8>> = (0..40)
            .map(|n| (0..n).map(|i| b'a' + (i % 7) as u8).collect())
            .collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
                // One byte changed anywhere.
                for i in 0..b.len() {
                    let mut c = b.clone();
                    c[i] ^= 0x20;
                    assert_eq!(same(a, &c), *a == c, "{a:?} {c:?}");
                }
            }
        }
    }
}
