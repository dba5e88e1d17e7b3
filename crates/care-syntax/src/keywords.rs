//! The language's words, in one place: the parser's recovery, the editor's completion and its
//! colouring all read these lists, and a test keeps them equal to the grammar's `kw_*` rules and
//! its `reserved` rule, so a keyword added to the grammar cannot be forgotten by a tool.

/// Every keyword of the grammar (its `kw_*` rules), in the grammar's order.
pub const KEYWORDS: &[&str] = &[
    "policy",
    "version",
    "amends",
    "in_force",
    "from",
    "until",
    "timezone",
    "reference",
    "identifier",
    "decision",
    "chosen_objectives",
    "include",
    "document",
    "source",
    "note",
    "enum",
    "record",
    "input",
    "list",
    "of",
    "track",
    "key",
    "mandatory",
    "a_la_carte",
    "choose",
    "at_least",
    "at_most",
    "exactly",
    "theme",
    "objective",
    "scope",
    "candidate",
    "each",
    "evidence",
    "any_of",
    "achieved",
    "when",
    "rule",
    "prerequisite",
    "for",
    "require",
    "fix",
    "let",
    "table",
    "function",
    "value",
    "output",
    "amend",
    "remove",
    "replace",
    "allow",
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "in",
    "where",
    "by",
    "true",
    "false",
    "otherwise",
    "absent",
];

/// Words the grammar reserves (its `reserved` rule): never the name of a value, a parameter or a
/// binding.
pub const RESERVED: &[&str] = &[
    "if",
    "then",
    "else",
    "let",
    "and",
    "or",
    "not",
    "in",
    "where",
    "by",
    "true",
    "false",
    "otherwise",
    "absent",
];

/// Words that start a top-level declaration. Recovery cuts a broken file into pieces at lines
/// that begin with one of them.
pub const ITEM_KEYWORDS: &[&str] = &[
    "policy",
    "include",
    "document",
    "enum",
    "record",
    "input",
    "track",
    "objective",
    "rule",
    "prerequisite",
    "table",
    "function",
    "value",
    "output",
    "amend",
    "remove",
    "replace",
];

/// Keywords that may appear inside an expression.
pub const EXPR_KEYWORDS: &[&str] = &[
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "in",
    "where",
    "by",
    "otherwise",
    "true",
    "false",
    "absent",
];

/// French words a French-speaking author may write for care's keywords, with the keyword meant.
pub const FRENCH_KEYWORDS: &[(&str, &str)] = &[
    ("si", "if"),
    ("alors", "then"),
    ("sinon", "else"),
    ("et", "and"),
    ("ou", "or"),
    ("non", "not"),
];

/// The keyword meant by a French word (`sinon` → `else`).
pub fn french_keyword(word: &str) -> Option<&'static str> {
    FRENCH_KEYWORDS
        .iter()
        .find(|(fr, _)| *fr == word)
        .map(|(_, en)| *en)
}

/// The help of a French keyword (catalog entry `E0001-french-keyword`).
pub fn french_keyword_help(word: &str, english: &str) -> String {
    format!("`{word}` is French: care's keywords are English: `{english}` (`si … alors … sinon` is `if … then … else`, `et` is `and`, `ou` is `or`, `non` is `not`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: &str = include_str!("../../../grammar/care.pest");

    /// The keywords of the grammar: `kw_x = @{ "x" ~ !ident_char }`.
    fn grammar_keywords() -> Vec<&'static str> {
        GRAMMAR
            .lines()
            .filter_map(|l| l.strip_prefix("kw_"))
            .filter_map(|l| l.split('"').nth(1))
            .collect()
    }

    /// The quoted words of the grammar's `reserved` rule.
    fn grammar_reserved() -> Vec<&'static str> {
        let start = GRAMMAR.find("\nreserved").map_or(0, |i| i + 1);
        let rule = &GRAMMAR[start..];
        let rule = &rule[..rule.find('}').unwrap_or(rule.len())];
        rule.split('"').skip(1).step_by(2).collect()
    }

    #[test]
    fn the_keyword_list_is_the_grammars() {
        assert_eq!(KEYWORDS, grammar_keywords().as_slice());
    }

    #[test]
    fn the_reserved_words_are_the_grammars() {
        let mut ours = RESERVED.to_vec();
        let mut theirs = grammar_reserved();
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn every_listed_word_is_a_keyword() {
        for w in ITEM_KEYWORDS.iter().chain(EXPR_KEYWORDS).chain(RESERVED) {
            assert!(
                KEYWORDS.contains(w),
                "`{w}` is not a keyword of the grammar"
            );
        }
    }
}
