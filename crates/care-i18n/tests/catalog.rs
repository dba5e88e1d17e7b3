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
            let is_shared = piece.starts_with("help-") || piece.starts_with("phrase-");
            if (is_code || is_shared) && is_key {
                out.insert(piece.to_string());
            }
        }
    }
    out
}

/// The entries the command line and the editors' crates name (`"cli-…"`, `"lsp-…"` literals).
fn named_by_tools() -> BTreeSet<String> {
    let mut files = Vec::new();
    for dir in [
        "crates/care-cli/src",
        "crates/care-analysis/src",
        "crates/care-lsp/src",
        "crates/care-eval/src/fixtures",
    ] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            let named = piece.starts_with("cli-") || piece.starts_with("lsp-");
            let is_key = piece
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if named && is_key && !piece.ends_with('-') {
                out.insert(piece.to_string());
            }
        }
    }
    out
}

#[test]
fn every_entry_the_tools_name_has_both_languages() {
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let mut named = named_by_tools();
    assert!(named.len() > 40, "{named:?}");
    // Made from a name: the kinds of a batch's errors.
    for kind in [
        "invalid_data",
        "no_version",
        "evaluation_error",
        "unreadable",
    ] {
        named.insert(format!("cli-batch-kind-{kind}"));
    }
    let missing = missing_from(&named, &en, &fr);
    assert!(missing.is_empty(), "missing from the catalog: {missing:?}");
}

/// The ids of `ids` that a catalog lacks, each with the language that lacks it.
fn missing_from(ids: &BTreeSet<String>, en: &Catalog, fr: &Catalog) -> Vec<String> {
    let mut missing = Vec::new();
    for id in ids {
        for (catalog, lang) in [(en, "en"), (fr, "fr")] {
            if !catalog.ids().contains(id) {
                missing.push(format!("{id} ({lang})"));
            }
        }
    }
    missing
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
    let missing = missing_from(&emitted, &en, &fr);
    assert!(missing.is_empty(), "missing from the catalog: {missing:?}");
    // What the parser expected, phrase by phrase.
    for (id, _) in care_syntax::EXPECTED_ITEMS {
        assert!(en.ids().contains(&id.to_string()), "{id} (en)");
        assert!(fr.ids().contains(&id.to_string()), "{id} (fr)");
    }
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
        if let Some(also) = en.attribute(key, "also", &args) {
            for l in d.labels.iter().skip(1) {
                assert_eq!(also, l.message, "{key}");
            }
        }
        match d.help_key {
            Some(h) => assert_eq!(
                en.message(h, &args).as_deref(),
                d.help.as_deref(),
                "{key}: help {h}"
            ),
            None => {
                if let Some(help) = en.attribute(key, "help", &args) {
                    assert_eq!(Some(help.as_str()), d.help.as_deref(), "{key}");
                }
            }
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

/// The diagnostics of every check fixture, and of texts made to reach the sites the fixtures do
/// not: each one's message, labels and help come from the catalog, in both languages (a site
/// without a key, or a label or help without its entry, fails here).
#[test]
fn every_diagnostic_of_the_fixtures_is_said_by_the_catalog() {
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let fixtures = root().join("tests/fixtures/check");
    let report = care_check::check_paths(&[fixtures]).unwrap();
    let mut diagnostics = report.diagnostics.clone();
    for text in PARSE_ERRORS {
        let parse = care_syntax::parse(text, care_syntax::FileId(0));
        assert!(!parse.errors.is_empty(), "{text}");
        diagnostics.extend(parse.errors);
    }
    assert!(diagnostics.len() > 50, "{}", diagnostics.len());
    let mut missing = Vec::new();
    for d in &diagnostics {
        missing.extend(en.missing_texts(d).into_iter().map(|m| format!("en {m}")));
        missing.extend(fr.missing_texts(d).into_iter().map(|m| format!("fr {m}")));
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "{missing:#?}");
    // The English entries say word for word what the sites print.
    let differ: Vec<String> = diagnostics
        .iter()
        .filter_map(|d| {
            let said = en.translate(d);
            (said != *d).then(|| {
                format!(
                    "{:?}\n  site:    {:?} {:?} {:?}\n  catalog: {:?} {:?} {:?}",
                    d.key,
                    d.message,
                    d.labels.iter().map(|l| &l.message).collect::<Vec<_>>(),
                    d.help,
                    said.message,
                    said.labels.iter().map(|l| &l.message).collect::<Vec<_>>(),
                    said.help
                )
            })
        })
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // In French, no English text of a site is left: each label and help that says words is
    // said otherwise (a label that is only code, such as `a` + `b`, is the same in both).
    for d in &diagnostics {
        let local = fr.localize(d);
        assert_ne!(local.message, d.message, "{:?}", d.key);
        for (l, english) in local.labels.iter().zip(&d.labels) {
            if english
                .message
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                > 12
            {
                assert_ne!(l.message, english.message, "{:?}", d.key);
            }
        }
        if let (Some(h), Some(english)) = (&local.help, &d.help) {
            if english.contains(' ') {
                assert_ne!(h, english, "{:?}", d.key);
            }
        }
    }
}

/// Syntax errors the check fixtures do not all show.
const PARSE_ERRORS: &[&str] = &[
    "value x = 1 <",
    "value x = (1 + ",
    "value x = 1 < 2 < 3",
    "value x = 2026-13-01",
    "value x = -\"a\"",
    "value x = 1.5 days",
    "value x = 99999999999999999999",
    "value x = 1.00000000000000000000000000001",
    "rule R \"x\" {\n  require a\nrule S \"y\" { require b }",
    "value x = si a alors 1 sinon 2",
    "policy",
];

/// Every place that reports a diagnostic in the checker and the parser names its catalog entry
/// (`keyed`, `with_key`) in the same statement, and every help is given with its entry
/// (`help(key, …)`, `with_help_key`), or by the `.help` of the key given in that statement: a
/// new site without them fails here, whether a fixture reaches it or not.
#[test]
fn every_site_names_its_entry() {
    let mut files = Vec::new();
    for dir in ["crates/care-syntax/src", "crates/care-check/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut unkeyed = Vec::new();
    for f in files {
        let full = std::fs::read_to_string(&f).unwrap();
        // The code under test only: the `tests` module is at the end of a file.
        let text = full.split("#[cfg(test)]").next().unwrap_or_default();
        let name = f.strip_prefix(root()).unwrap_or(&f).display().to_string();
        for pattern in [
            "Diagnostic::error(",
            "Diagnostic::warning(",
            "cx.error(",
            "self.error(",
            ".with_help(",
            "errors.push(LiteralError",
        ] {
            for (at, _) in text.match_indices(pattern) {
                // From the start of the statement (a help is often given after the key).
                let start = text[..at].rfind([';', '{', '}']).map_or(0, |s| s + 1);
                let statement = statement_at(text, start, at);
                let keyed = statement.contains(".keyed(")
                    || statement.contains("with_key(")
                    || statement.contains("key:")
                    || statement.contains("key,")
                    || statement.contains("\"E0002-");
                // The definitions of the helpers themselves.
                let definition = text[..at].ends_with("fn ")
                    || statement.contains("Diagnostic::error(code")
                    || statement.contains("Diagnostic::error(e.code");
                if !keyed && !definition {
                    let line = text[..at].lines().count();
                    unkeyed.push(format!("{name}:{line}: {}", first_line(statement)));
                }
            }
        }
    }
    assert!(
        unkeyed.is_empty(),
        "sites without a catalog entry: {unkeyed:#?}"
    );
}

/// The statement that starts at `start` and holds `at`: up to the first `;` after `at` outside
/// the brackets opened since `at`.
fn statement_at(text: &str, start: usize, at: usize) -> &str {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut prev = ' ';
    for (i, c) in text[at..].char_indices() {
        if in_string {
            if c == '"' && prev != '\\' {
                in_string = false;
            }
        } else {
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ';' if depth <= 0 => return &text[start..at + i],
                _ => {}
            }
        }
        prev = if prev == '\\' && c == '\\' { ' ' } else { c };
    }
    &text[start..]
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// In a table with two key columns, an overlap or a gap among the rows that share the first key
/// names them (`in the rows of `public``), in both languages.
#[test]
fn overlaps_and_gaps_name_the_rows_of_their_first_key() {
    let fixture = root().join("tests/fixtures/check/e0303_gap_in_decimal_ranges.care");
    let text = std::fs::read_to_string(fixture).unwrap();
    let start = text.find("table sites").unwrap();
    let end = start + text[start..].find("\n}\n").unwrap() + 3;
    let table = "table sites \"Des lignes qui se chevauchent ou laissent un trou\" {
  source CDC §5
  | parcours | rang  || taux  |
  | public   | 1..4  || 100 % |
  | public   | 3..6  || 50 %  |
  | public   | 7..   || 0 %   |
  | public   | 9..10 || 0 %   |
  | prive    | 1..2  || 50 %  |
  | prive    | 5..   || 0 %   |
}
";
    let text = format!("{}{table}{}", &text[..start], &text[end..]);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("rows.care");
    std::fs::write(&file, text).unwrap();
    let report = care_check::check_paths(&[file]).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let said: Vec<(String, String, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0302" || d.code == "E0303")
        .map(|d| {
            (
                d.message.clone(),
                en.translate(d).message,
                fr.localize(d).message,
            )
        })
        .collect();
    let expected = [
        (
            "ranges `1..4` and `3..6` overlap in the rows of `public`",
            "les intervalles `1..4` et `3..6` se chevauchent dans les lignes de `public`",
        ),
        (
            "ranges `7..` and `9..10` overlap in the rows of `public`",
            "les intervalles `7..` et `9..10` se chevauchent dans les lignes de `public`",
        ),
        (
            "no row of `prive` covers `3..4`",
            "aucune ligne de `prive` ne couvre `3..4`",
        ),
    ];
    // Checked in English by the site's text, the English entry and its French one.
    for (english, french) in expected {
        assert!(
            said.iter()
                .any(|(m, e, f)| m == english && e == english && f == french),
            "`{english}` / `{french}` not in {said:?}"
        );
    }
    // The fixture's other table has one key column: its gap names no rows.
    assert!(said.iter().any(|(m, _, _)| m == "no row covers `90 %`"));
    assert_eq!(said.len(), 4, "{said:?}");
}
