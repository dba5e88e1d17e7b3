//! Membership in a list of texts the policy writes out (`o in ["A", "B", "C"]`, a track's codes
//! spelled in a condition): the set is prepared once when compiling, each text of up to 16
//! bytes packed into two words with its length ([`Packed`]), so that a test packs the probe once
//! and compares words, or hashes the probe once for a long list, with no dispatch on the kind of
//! each item.

use super::cond::Operand;
use super::Cx;
use crate::eval::error::EvalResult;
use crate::eval::machine::{internal, FastHash, Machine};
use crate::eval::ops::same_text;
use crate::value::Value;
use care_check::ir::{self, Expr, ExprKind, TrackField};
use std::collections::HashSet;
use std::sync::Arc;

/// Lists longer than this are searched through a hash set.
const HASHED_FROM: usize = 8;

/// Most texts a group of `all_or_none` counts with one bit each ([`TextSet::all_or_none_in`]).
const GROUP_BITS: usize = 64;

pub(super) struct TextSet {
    texts: Vec<Arc<str>>,
    /// The texts of up to 16 bytes, packed, in order; longer ones are in `long`.
    packed: Vec<Packed>,
    /// The packed texts again, each once, in an open-addressing table of a power of two slots
    /// at least twice as many ([`TextSet::holds_packed`]): a probe hashes its pack once and
    /// compares one or two slots, where a scan compared every text (the codes of a track share
    /// their first eight bytes, `POC.P3.O`).
    slots: Vec<Packed>,
    long: Vec<Arc<str>>,
    /// The long texts, when there are many.
    set: Option<HashSet<Arc<str>, FastHash>>,
}

/// A text of up to 16 bytes as its length and two words: the first and last 8 bytes (which
/// overlap under 16), or 4 and 4 under 8, or the bytes under 4. With the length, equal packs
/// are equal texts.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Packed {
    len: usize,
    first: u64,
    last: u64,
}

impl Packed {
    /// An empty slot of [`TextSet::slots`]: no text packs to this length.
    const NONE: Packed = Packed {
        len: usize::MAX,
        first: 0,
        last: 0,
    };

    /// The slot of this pack in a table of `2^bits` slots (`bits` from 1 to 63).
    #[inline]
    fn slot(&self, bits: u32) -> usize {
        let mixed = (self.last ^ self.first.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> (64 - bits)) as usize
    }

    #[inline]
    fn of(t: &str) -> Option<Packed> {
        let b = t.as_bytes();
        let len = b.len();
        let word8 = |at: usize| {
            b.get(at..at + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
                .map(u64::from_le_bytes)
        };
        let word4 = |at: usize| {
            b.get(at..at + 4)
                .and_then(|w| <[u8; 4]>::try_from(w).ok())
                .map(|w| u64::from(u32::from_le_bytes(w)))
        };
        let (first, last) = match len {
            8..=16 => (word8(0)?, word8(len - 8)?),
            4..=7 => (word4(0)?, word4(len - 4)?),
            0..=3 => (
                b.iter()
                    .rev()
                    .fold(0u64, |w, byte| (w << 8) | u64::from(*byte)),
                0,
            ),
            _ => return None,
        };
        Some(Packed { len, first, last })
    }
}

impl TextSet {
    /// The set of `items`, if every item is a text.
    pub(super) fn new(items: &[Value]) -> Option<TextSet> {
        let texts: Vec<Arc<str>> = items
            .iter()
            .map(|v| match v {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        Some(TextSet::of(texts))
    }

    fn of(texts: Vec<Arc<str>>) -> TextSet {
        let (mut packed, mut long) = (Vec::new(), Vec::new());
        for t in &texts {
            match Packed::of(t) {
                Some(p) => packed.push(p),
                None => long.push(t.clone()),
            }
        }
        let set = (long.len() > HASHED_FROM).then(|| long.iter().cloned().collect());
        TextSet {
            texts,
            slots: table(&packed),
            packed,
            long,
            set,
        }
    }

    /// Whether the packed text `p` is one of the set's.
    #[inline]
    fn holds_packed(&self, p: Packed) -> bool {
        let n = self.slots.len();
        if n == 0 {
            return false;
        }
        let mask = n - 1;
        let mut i = p.slot(n.trailing_zeros());
        // At most every slot, though a free one (there is always one) ends the probe first.
        for _ in 0..n {
            match self.slots.get(i) {
                Some(s) if *s == p => return true,
                Some(s) if s.len == usize::MAX => return false,
                Some(_) => i = (i + 1) & mask,
                None => return false,
            }
        }
        false
    }

    /// `subset(list, set)`: whether every item of `list` is in the set.
    pub(super) fn holds_all(&self, list: &[Value]) -> bool {
        list.iter().all(|x| self.contains(x))
    }

    /// `intersection(list, set)`: the items of `list` that are in the set, each once, in order.
    pub(super) fn intersection(&self, list: &[Value]) -> Value {
        let mut out: Vec<Value> = Vec::new();
        self.each_common(list, |x| out.push(x.clone()));
        Value::list(out)
    }

    /// `count(intersection(list, set))`, without making the list.
    pub(super) fn count_common(&self, list: &[Value]) -> usize {
        let mut n = 0;
        self.each_common(list, |_| n += 1);
        n
    }

    /// Calls `f` on each item of `list` in the set, the first time it is met. Items in the set
    /// are texts: a set of those met for a long list, else a scan of the items before (an item
    /// equal to one before it was met then, as the builtin finds it among those it kept).
    fn each_common<'a>(&self, list: &'a [Value], mut f: impl FnMut(&'a Value)) {
        let mut seen: Option<HashSet<&str, FastHash>> =
            (list.len() > HASHED_FROM).then(HashSet::default);
        for (i, x) in list.iter().enumerate() {
            if !self.contains(x) {
                continue;
            }
            let first = match (&mut seen, x) {
                (Some(seen), Value::Text(t)) => seen.insert(t),
                _ => !list
                    .get(..i)
                    .unwrap_or(&[])
                    .iter()
                    .any(|y| crate::eval::ops::equal(x, y)),
            };
            if first {
                f(x);
            }
        }
    }

    /// `all_or_none(group, list)` with this set as the group: whether none or every text of the
    /// group (each as often as it is written) is in `list`.
    pub(super) fn all_or_none_in(&self, list: &[Value]) -> bool {
        if self.long.is_empty() && self.packed.len() <= GROUP_BITS {
            // Each text of the list packed once, the group's texts it equals marked.
            let mut found = 0u64;
            for c in list {
                let Some(c) = text_packed(c) else { continue };
                for (i, g) in self.packed.iter().enumerate() {
                    if *g == c {
                        found |= 1 << i;
                    }
                }
            }
            let n = found.count_ones() as usize;
            return n == 0 || n == self.packed.len();
        }
        let found = |g: &str| {
            list.iter()
                .any(|c| matches!(c, Value::Text(c) if same_text(g, c)))
        };
        let n = self.texts.iter().filter(|g| found(g)).count();
        n == 0 || n == self.texts.len()
    }

    /// Whether `x` is in the list, as [`crate::eval::ops::equal`] finds it: a value that is not
    /// a text equals no text.
    #[inline(always)]
    pub(super) fn contains(&self, x: &Value) -> bool {
        let Value::Text(x) = x else {
            return false;
        };
        match (Packed::of(x), &self.set) {
            (Some(p), _) => self.holds_packed(p),
            (None, Some(set)) => set.contains(&**x),
            (None, None) => self.long.iter().any(|t| same_text(t, x)),
        }
    }
}

/// `intersection(known, list)` where `known` is a list of texts the policy writes out
/// (`intersection(objectifs_sauvegarde_p3, dossier.already_achieved)`): the known texts found
/// in `list`, in their written order, each once. Each text of `list` is packed once and marks
/// the known text it equals; when none or all are found, the list made once is given back.
pub(super) struct KnownFirst {
    /// The known texts, each once, in order (the builtin keeps the first of equal items).
    items: Vec<Value>,
    packed: Vec<Packed>,
    all: Arc<[Value]>,
    none: Arc<[Value]>,
}

impl KnownFirst {
    /// The intersection with `items` first, if they are texts of up to 16 bytes, at most
    /// [`GROUP_BITS`] different ones.
    pub(super) fn new(items: &[Value]) -> Option<KnownFirst> {
        let mut kept: Vec<Value> = Vec::new();
        let mut packed: Vec<Packed> = Vec::new();
        for v in items {
            let p = text_packed(v)?;
            if !packed.contains(&p) {
                packed.push(p);
                kept.push(v.clone());
            }
        }
        if packed.len() > GROUP_BITS {
            return None;
        }
        Some(KnownFirst {
            all: Arc::from(kept.as_slice()),
            none: Arc::from(Vec::new()),
            items: kept,
            packed,
        })
    }

    /// Which known texts `list` holds, one bit each.
    fn found(&self, list: &[Value]) -> u64 {
        let mut found = 0u64;
        for c in list {
            let Some(c) = text_packed(c) else { continue };
            if let Some(i) = self.packed.iter().position(|g| *g == c) {
                found |= 1 << i;
            }
        }
        found
    }

    /// `intersection(known, list)`.
    pub(super) fn among(&self, list: &[Value]) -> Value {
        let found = self.found(list);
        if found == 0 {
            return Value::List(self.none.clone());
        }
        if found.count_ones() as usize == self.items.len() {
            return Value::List(self.all.clone());
        }
        Value::list(
            self.items
                .iter()
                .enumerate()
                .filter(|(i, _)| found & (1 << i) != 0)
                .map(|(_, v)| v.clone())
                .collect(),
        )
    }

    /// `count(intersection(known, list))`, without making the list.
    pub(super) fn count_among(&self, list: &[Value]) -> usize {
        self.found(list).count_ones() as usize
    }
}

/// The open-addressing table of [`TextSet::slots`]: each pack once, in the first free slot
/// from its own; a power of two slots, at least two and more than twice the packs.
fn table(packed: &[Packed]) -> Vec<Packed> {
    let n = (2 * packed.len() + 1).next_power_of_two().max(2);
    let (mask, bits) = (n - 1, n.trailing_zeros());
    let mut slots = vec![Packed::NONE; n];
    for p in packed {
        let mut i = p.slot(bits);
        while let Some(s) = slots.get_mut(i) {
            if *s == *p {
                break;
            }
            if s.len == usize::MAX {
                *s = *p;
                break;
            }
            i = (i + 1) & mask;
        }
    }
    slots
}

/// Most texts [`all_distinct_texts`] packs; longer lists take the builtin (a scan, then a hash
/// set past `HASHED_FROM` items).
const DISTINCT_PACKED: usize = 16;

/// `all_distinct(list)` of a list of texts (`all_distinct(dossier.a_la_carte)`): each text packed
/// once and the packs compared pairwise, three integers a pair, where the builtin compares every
/// pair of texts byte by byte. `None` (the builtin decides) for a longer list, a text of more
/// than 16 bytes or an item that is not a text; equal packs are equal texts, so the answer is
/// the builtin's.
pub(super) fn all_distinct_texts(items: &[Value]) -> Option<bool> {
    if items.len() > DISTINCT_PACKED {
        return None;
    }
    let mut packs = [Packed {
        len: 0,
        first: 0,
        last: 0,
    }; DISTINCT_PACKED];
    for (slot, item) in packs.iter_mut().zip(items) {
        *slot = text_packed(item)?;
    }
    let packs = packs.get(..items.len())?;
    Some(
        packs
            .iter()
            .enumerate()
            .all(|(i, p)| packs.get(..i).is_some_and(|before| !before.contains(p))),
    )
}

/// A text value, packed; `None` for a longer text or another value.
#[inline]
fn text_packed(v: &Value) -> Option<Packed> {
    match v {
        Value::Text(t) => Packed::of(t),
        _ => None,
    }
}

/// A list of codes known before the dossier is: written out in the policy, or a code list of
/// the dossier's track (`dossier.parcours.a_la_carte`), prepared for each track.
pub(super) enum KnownCodes {
    Written(TextSet),
    OfTrack { track: Operand, sets: Vec<TextSet> },
}

impl KnownCodes {
    pub(super) fn new(e: &Expr, cx: &mut Cx) -> Option<KnownCodes> {
        if let Some(items) = cx.known_list(e) {
            return TextSet::new(&items).map(KnownCodes::Written);
        }
        let ExprKind::TrackField { base, field } = &e.kind else {
            return None;
        };
        let policy = cx.policy;
        let code_of = |o: &u32| {
            policy
                .objectives
                .get(*o as usize)
                .map(|o| Arc::from(o.code.as_str()))
        };
        let sets = policy
            .tracks
            .iter()
            .map(|t| {
                let ids: Vec<&u32> = match field {
                    TrackField::Mandatory => t.mandatory.iter().collect(),
                    TrackField::ALaCarte => t.a_la_carte.iter().collect(),
                    TrackField::Objectives => t.mandatory.iter().chain(&t.a_la_carte).collect(),
                    _ => return None,
                };
                ids.into_iter()
                    .map(code_of)
                    .collect::<Option<Vec<_>>>()
                    .map(TextSet::of)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(KnownCodes::OfTrack {
            track: Operand::new(base, cx),
            sets,
        })
    }

    /// `f` of the set for this dossier; the empty set where the track is absent.
    #[inline]
    pub(super) fn with<R>(
        &self,
        m: &mut Machine<'_>,
        origin: ir::Origin,
        f: impl FnOnce(&TextSet) -> R,
    ) -> EvalResult<R> {
        static EMPTY: TextSet = TextSet {
            texts: Vec::new(),
            packed: Vec::new(),
            slots: Vec::new(),
            long: Vec::new(),
            set: None,
        };
        match self {
            KnownCodes::Written(set) => Ok(f(set)),
            KnownCodes::OfTrack { track, sets } => {
                let owned = track.owned(m)?;
                Ok(match track.get(&owned, m, origin)? {
                    Value::Track(t) => f(sets.get(*t as usize).ok_or_else(|| internal(origin))?),
                    _ => f(&EMPTY),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::TextSet;
    use crate::eval::ops::equal;
    use crate::value::Value;

    fn texts(words: &[&str]) -> Vec<Value> {
        words.iter().map(|w| Value::text(w)).collect()
    }

    #[test]
    fn sets_find_what_a_scan_by_value_finds() {
        let short = texts(&["A", "B", "POC.P3.O4.E", "POC.P3.O4.F"]);
        let long = texts(&[
            "POC.P3.O1.1",
            "POC.P3.O1.2",
            "POC.P3.O2.1",
            "POC.P3.O2.2",
            "POC.P3.O3.1",
            "POC.P3.O4.E",
            "POC.P3.O4.F",
            "POC.P3.O4.G",
            "POC.P3.O5.1",
            "POC.P3.O5.2",
        ]);
        let mut probes = texts(&["A", "POC.P3.O4.F", "POC.P3.O4.G", "", "a", "POC.P3.O4.G"]);
        probes.extend([Value::Absent, Value::Int(1)]);
        probes.extend(long.iter().cloned());
        // Many duplicates: the intersection's own set of kept items.
        probes.extend(texts(&["POC.P3.O4.E"; 12]));
        for members in [short, long] {
            let set = TextSet::new(&members).unwrap();
            for p in &probes {
                assert_eq!(
                    set.contains(p),
                    members.iter().any(|m| equal(m, p)),
                    "{p:?}"
                );
            }
            let mut expected: Vec<Value> = Vec::new();
            for p in probes
                .iter()
                .filter(|p| members.iter().any(|m| equal(m, p)))
            {
                if !expected.iter().any(|e| equal(e, p)) {
                    expected.push(p.clone());
                }
            }
            assert_eq!(set.intersection(&probes), Value::list(expected));
            assert!(!set.holds_all(&probes));
            assert!(set.holds_all(&members));
            assert!(set.holds_all(&[]));
        }
        assert!(TextSet::new(&[Value::text("A"), Value::Int(1)]).is_none());
    }

    /// Sets of 0 to 40 codes that share their first bytes (as a track's do), each with its
    /// probes colliding in the table: every member found, no other text, as a scan finds them.
    #[test]
    fn tables_find_the_members_of_sets_of_every_size() {
        let code = |i: usize| format!("POC.P{}.O{}.{}", i % 3, i / 7, i % 7);
        let probes: Vec<Value> = (0..60)
            .map(|i| Value::text(&code(i)))
            .chain(texts(&[
                "",
                "POC.P1.O0",
                "POC.P1.O0.1.",
                "POC.P1.O0.1 et un texte long",
            ]))
            .collect();
        for n in 0..=40 {
            let members: Vec<Value> = (0..n).map(|i| Value::text(&code(i * 3 % 41))).collect();
            let set = TextSet::new(&members).unwrap();
            assert!(set.slots.len() > 2 * set.packed.len(), "{n}");
            for p in &probes {
                assert_eq!(
                    set.contains(p),
                    members.iter().any(|m| equal(m, p)),
                    "{n} {p:?}"
                );
            }
        }
    }

    /// `intersection(known, list)`: the known texts found in the list, in the known order, each
    /// once, as a scan by value keeps them; texts too long to pack leave it to the builtin.
    #[test]
    fn known_first_lists_keep_their_order() {
        use super::KnownFirst;
        let words = [
            "",
            "A",
            "AB",
            "ABCD",
            "ABCDEFGH",
            "ABCDEFGHI",
            "POC.P3.O4.E",
            "POC.P3.O4.F",
            "A",
            "é",
        ];
        let lists: Vec<Vec<Value>> = words
            .chunks(2)
            .chain(words.chunks(3))
            .map(texts)
            .chain([
                texts(&words),
                vec![Value::Absent, Value::Int(1)],
                Vec::new(),
            ])
            .collect();
        for known in words.chunks(3).chain(words.chunks(4)).chain([&words[..]]) {
            let known = texts(known);
            let set = KnownFirst::new(&known).unwrap();
            for list in &lists {
                let mut expected: Vec<Value> = Vec::new();
                for k in &known {
                    if list.iter().any(|x| equal(k, x)) && !expected.iter().any(|e| equal(e, k)) {
                        expected.push(k.clone());
                    }
                }
                assert_eq!(set.count_among(list), expected.len(), "{known:?} {list:?}");
                assert_eq!(set.among(list), Value::list(expected), "{known:?} {list:?}");
            }
        }
        assert!(KnownFirst::new(&texts(&["un texte de plus de seize octets"])).is_none());
        assert!(KnownFirst::new(&[Value::Int(1)]).is_none());
    }

    /// Packed texts of every length class, texts that differ only inside the words' overlap or
    /// by one byte, and texts too long to pack, in the set and as probes.
    #[test]
    fn packed_texts_are_equal_only_when_the_texts_are() {
        let words = [
            "",
            "A",
            "AB",
            "ABC",
            "ABCD",
            "ABCDEFG",
            "ABCDEFGH",
            "ABCDEFGHI",
            "AAAAAAAA",
            "AAAAAAAAA",
            "POC.P3.O4.E",
            "POC.P3.O4.F",
            "ABCDEFGHIJKLMNOP",
            "ABCDEFGHXJKLMNOP",
            "ABCDEFGHIJKLMNOPQ",
            "ABCDEFGHIJKLMNOPR",
            "é",
            "ée",
        ];
        let probes: Vec<Value> = words.iter().map(|w| Value::text(w)).collect();
        for members in words
            .chunks(1)
            .chain(words.chunks(3))
            .chain([&words[..8], &words[8..]])
        {
            let set = TextSet::new(&texts(members)).unwrap();
            for p in &probes {
                let expected = members.iter().any(|m| equal(&Value::text(m), p));
                assert_eq!(set.contains(p), expected, "{members:?} {p:?}");
            }
            // `all_or_none`: none or every text of the group is in the list.
            for list in words.chunks(2).chain(words.chunks(5)).chain([&words[..]]) {
                let list = texts(list);
                let found = members
                    .iter()
                    .filter(|g| list.iter().any(|c| equal(&Value::text(g), c)))
                    .count();
                assert_eq!(
                    set.all_or_none_in(&list),
                    found == 0 || found == members.len(),
                    "{members:?} {list:?}"
                );
            }
        }
    }
}
