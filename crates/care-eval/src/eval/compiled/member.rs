//! Membership in a list of texts the policy writes out (`o in ["A", "B", "C"]`, a track's codes
//! spelled in a condition): the set is prepared once when compiling, so a test compares bytes of
//! texts of the probe's length, or hashes the probe once for a long list, with no dispatch on the
//! kind of each item.

use crate::eval::machine::FastHash;
use crate::eval::ops::same_text;
use crate::value::Value;
use std::collections::HashSet;
use std::sync::Arc;

/// Lists longer than this are searched through a hash set.
const HASHED_FROM: usize = 8;

pub(super) struct TextSet {
    texts: Vec<Arc<str>>,
    set: Option<HashSet<Arc<str>, FastHash>>,
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
        let set = (texts.len() > HASHED_FROM).then(|| texts.iter().cloned().collect());
        Some(TextSet { texts, set })
    }

    /// `all_or_none(group, list)` with this set as the group: whether none or every text of the
    /// group (each as often as it is written) is in `list`.
    pub(super) fn all_or_none_in(&self, list: &[Value]) -> bool {
        let found = |g: &str| {
            list.iter()
                .any(|c| matches!(c, Value::Text(c) if same_text(g, c)))
        };
        let n = self.texts.iter().filter(|g| found(g)).count();
        n == 0 || n == self.texts.len()
    }

    /// Whether `x` is in the list, as [`crate::eval::ops::equal`] finds it: a value that is not
    /// a text equals no text.
    #[inline]
    pub(super) fn contains(&self, x: &Value) -> bool {
        let Value::Text(x) = x else {
            return false;
        };
        match &self.set {
            Some(set) => set.contains(&**x),
            None => self.texts.iter().any(|t| same_text(t, x)),
        }
    }
}
