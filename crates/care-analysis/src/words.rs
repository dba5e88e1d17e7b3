//! The words of hovers, quick fixes and completion details in the client's language, from the
//! catalog (`lsp-…` entries of `care_i18n`); what the policy says (labels, notes, citations)
//! stays as its authors wrote it.

use care_i18n::{Catalog, Lang};

thread_local! {
    /// Both catalogs, made once per thread (a Fluent bundle is not `Sync`).
    static CATALOGS: (Catalog, Catalog) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
}

/// An entry in one language. A missing entry is a bug the catalog test catches; its identifier
/// is shown rather than nothing.
pub(crate) fn say(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    CATALOGS
        .with(|(en, fr)| match lang {
            Lang::En => en.message(id, args),
            Lang::Fr => fr.message(id, args),
        })
        .unwrap_or_else(|| id.to_string())
}

/// What a symbol or a rule is (`objective`, `objectif`): `lsp-kind-…` by its English word.
pub(crate) fn kind(lang: Lang, word: &str) -> String {
    say(lang, &format!("lsp-kind-{word}"), &[])
}

/// What a built-in gives, as the reference row says it (`lsp-builtin-…`, by its call: English is
/// the reference word for word); the reference's own text when an entry is missing.
pub(crate) fn builtin_result(lang: Lang, d: &care_check::BuiltinDoc) -> String {
    let id = builtin_result_id(d);
    let said = say(lang, &id, &[]);
    if said == id {
        d.result.to_string()
    } else {
        said
    }
}

/// `lsp-builtin-round-x-n` for the row of `round(x, n)`.
fn builtin_result_id(d: &care_check::BuiltinDoc) -> String {
    let mut slug = String::new();
    for c in d.call.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("lsp-builtin-{}", slug.trim_end_matches('-'))
}

/// The kind words (`care_check::index::Symbol::kind_word`, rule kinds) that have an entry.
#[cfg(test)]
pub(crate) const KIND_WORDS: [&str; 20] = [
    "policy",
    "document",
    "enum",
    "variant",
    "record",
    "field",
    "input",
    "track",
    "theme",
    "objective",
    "rule",
    "prerequisite",
    "table",
    "column",
    "function",
    "parameter",
    "value",
    "output",
    "let",
    "built-in",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_word_and_builtin_group_is_said_in_both_languages() {
        for word in KIND_WORDS {
            for lang in [Lang::En, Lang::Fr] {
                let id = format!("lsp-kind-{word}");
                assert_ne!(kind(lang, word), id, "{id} ({lang:?})");
            }
        }
        for name in care_check::BUILTINS {
            for d in care_check::builtin_docs(name) {
                let id = crate::hover::builtin_group(d.group);
                for lang in [Lang::En, Lang::Fr] {
                    assert_ne!(say(lang, &id, &[]), id, "{id} ({lang:?})");
                }
                assert_eq!(say(Lang::En, &id, &[]), d.group);
                let result = builtin_result_id(d);
                assert_eq!(say(Lang::En, &result, &[]), d.result, "{result}");
                assert_ne!(say(Lang::Fr, &result, &[]), result, "{result} (fr)");
            }
        }
        assert_eq!(kind(Lang::En, "objective"), "objective");
        assert_eq!(kind(Lang::Fr, "objective"), "objectif");
    }
}
