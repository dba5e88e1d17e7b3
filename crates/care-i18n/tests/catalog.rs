//! The catalog is complete and coherent: every code the parser and the checker can emit (a
//! `"E0123"` literal in their sources) and every key a site names (`"E0101-unknown-name"`) has its
//! English and French entries, each pair with the same arguments and the same attributes; the
//! English entries say what the sites print, word for word, on every check fixture.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_i18n::{Catalog, Lang};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Quoted literals in the sources that are codes (`"E0101"`) or keys (`"E0101-unknown-name"`).
fn emitted() -> BTreeSet<String> {
    let mut files = Vec::new();
    for dir in ["crates/care-syntax/src", "crates/care-check/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            let code = piece.split('-').next().unwrap_or_default();
            let is_code = code.len() == 5
                && (code.starts_with('E') || code.starts_with('W'))
                && code[1..].chars().all(|c| c.is_ascii_digit());
            let is_key = piece.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if is_code && is_key {
                out.insert(piece.to_string());
            }
        }
    }
    out
}

#[test]
fn both_catalogs_parse() {
    for text in [care_i18n::ENGLISH_FTL, care_i18n::FRENCH_FTL] {
        if let Err((_, errors)) = fluent_syntax::parser::parse(text) {
            panic!("{errors:?}");
        }
    }
}

#[test]
fn every_emitted_code_and_key_has_both_languages() {
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let emitted = emitted();
    assert!(emitted.len() > 40, "{emitted:?}");
    let missing: Vec<String> = emitted
        .iter()
        .flat_map(|id| {
            let mut m = Vec::new();
            if !en.ids().contains(id) {
                m.push(format!("{id} (en)"));
            }
            if !fr.ids().contains(id) {
                m.push(format!("{id} (fr)"));
            }
            m
        })
        .collect();
    assert!(missing.is_empty(), "missing from the catalog: {missing:?}");
    // Each data error kind too.
    for kind in [
        "syntax",
        "wrong_type",
        "invalid_value",
        "missing",
        "duplicate",
        "unknown_field",
        "too_many",
        "schema",
    ] {
        let id = format!("data-{kind}");
        assert!(en.ids().contains(&id) && fr.ids().contains(&id), "{id}");
    }
}

#[test]
fn the_two_languages_have_the_same_entries_arguments_and_attributes() {
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let en_ids: BTreeSet<&String> = en.ids().iter().collect();
    let fr_ids: BTreeSet<&String> = fr.ids().iter().collect();
    assert_eq!(en_ids, fr_ids);
    for id in en.ids() {
        assert_eq!(en.variables(id), fr.variables(id), "arguments of `{id}`");
        assert_eq!(en.attributes(id), fr.attributes(id), "attributes of `{id}`");
    }
}

#[test]
fn locales_choose_the_language() {
    assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Lang::Fr);
    assert_eq!(Lang::from_locale("fr"), Lang::Fr);
    assert_eq!(Lang::from_locale("fr-CA"), Lang::Fr);
    assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
    assert_eq!(Lang::from_locale("C"), Lang::En);
    assert_eq!(Lang::from_locale("fy_NL"), Lang::En);
    let env = |vars: &'static [(&'static str, &'static str)]| {
        Lang::from_vars(move |n| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        })
    };
    assert_eq!(env(&[]), Lang::En);
    assert_eq!(env(&[("LANG", "fr_FR.UTF-8")]), Lang::Fr);
    assert_eq!(
        env(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "en_GB")]),
        Lang::En
    );
    assert_eq!(
        env(&[("LANG", "en_GB"), ("LC_ALL", "fr_BE.UTF-8")]),
        Lang::Fr
    );
    assert_eq!(env(&[("LC_ALL", ""), ("LANG", "fr_FR")]), Lang::Fr);
}

/// Every keyed diagnostic of the check fixtures: the English entry, given the diagnostic's
/// arguments, is its message (and its label and help, where the entry has them); the French
/// entry renders with the same arguments.
#[test]
fn english_entries_say_what_the_sites_print() {
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let fixtures = root().join("tests/fixtures/check");
    let report = care_check::check_paths(&[fixtures]).unwrap();
    let mut keyed = 0;
    for d in &report.diagnostics {
        let Some(key) = d.key else { continue };
        keyed += 1;
        let args: Vec<(&str, &str)> = d.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        assert_eq!(
            en.message(key, &args).as_deref(),
            Some(d.message.as_str()),
            "{key}"
        );
        if let Some(label) = en.attribute(key, "label", &args) {
            assert_eq!(
                Some(label.as_str()),
                d.labels.first().map(|l| l.message.as_str()),
                "{key}"
            );
        }
        if let Some(help) = en.attribute(key, "help", &args) {
            assert_eq!(Some(help.as_str()), d.help.as_deref(), "{key}");
        }
        assert!(
            fr.message(key, &args).is_some(),
            "{key} in French with {args:?}"
        );
        assert_ne!(fr.localize(d).message, d.message, "{key}");
    }
    assert!(keyed > 20, "{keyed}");
    // English is never rewritten.
    for d in &report.diagnostics {
        assert_eq!(&en.localize(d), d);
    }
}
