//! `care diff` on the real ESSMS versions and on fixture amendments.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_publish::diff::{diff, render_markdown, render_text, What};
use care_publish::table::Range;
use care_publish::Folder;
use std::path::{Path, PathBuf};

fn essms() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc")
}

fn open(dir: &Path) -> Folder {
    match Folder::open(dir) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

/// A copy of the real policy with the fixture files of `tests/fixtures/NAME/` added (an amendment
/// must sit in the folder of the version it amends); the copy's folder is named `essms-poc`.
pub fn with_fixture(name: &str) -> PathBuf {
    let base = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("care-publish-{name}-{}", std::process::id()));
    let dir = base.join("essms-poc");
    std::fs::create_dir_all(&dir).unwrap();
    for src in [
        essms(),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    ] {
        for e in std::fs::read_dir(src).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "care") {
                std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

#[test]
fn the_two_essms_versions() {
    let f = open(&essms());
    let (a, b) = f.pair(None, None).unwrap();
    let mut d = diff(&f, a, &f, b, Range::default());
    d.from.folder = "policies/essms-poc".into();
    d.to.folder = "policies/essms-poc".into();
    insta::assert_snapshot!("essms_text", render_text(&d));
    insta::assert_snapshot!("essms_markdown", render_markdown(&d));
    insta::assert_json_snapshot!("essms_json", d);
}

#[test]
fn an_amendment_of_the_tranche_table_and_a_cap() {
    let dir = with_fixture("amendement");
    let f = open(&dir);
    let (a, b) = f.pair(Some("2026-04-15"), Some("2026-09-01")).unwrap();
    let mut d = diff(&f, a, &f, b, Range { start: 1, end: 13 });
    d.from.folder = "essms-poc".into();
    d.to.folder = "essms-poc".into();
    // Every row of the tranche table changed or moved, and the cap of P1.
    let rows: Vec<_> = d
        .changes
        .iter()
        .filter(|c| c.aspect == Some("row"))
        .collect();
    assert!(rows.iter().any(|c| c.name == "montants_par_parcours"
        && c.detail.as_deref() == Some("P1")
        && c.after.as_deref() == Some("plafond 40\u{202f}000,00 €")));
    // The flat amount of P1 for 5 sites: 4 × 9 400 + 80 % of it before; 3 + 80 % + 60 % after,
    // capped at 40 000.
    assert!(d.changes.iter().any(|c| c.name == "forfait"
        && c.detail.as_deref() == Some("n = 5, P1")
        && c.before.as_deref() == Some("45\u{202f}120,00 €")
        && c.after.as_deref() == Some("40\u{202f}000,00 €")));
    // The function's text did not change: only its values.
    assert!(!d
        .changes
        .iter()
        .any(|c| c.name == "forfait" && c.aspect == Some("logic")));
    insta::assert_snapshot!("amendment_text", render_text(&d));
    std::fs::remove_dir_all(dir.parent().unwrap()).ok();
}

#[test]
fn a_version_against_itself_and_a_reformatted_copy_show_no_change() {
    let f = open(&essms());
    let d = diff(&f, 1, &f, 1, Range::default());
    assert_eq!(d.changes, vec![]);
    // The same files laid out differently: indentation doubled, blank lines and comments added.
    let copy = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("care-publish-reformatted-{}", std::process::id()));
    std::fs::create_dir_all(&copy).unwrap();
    for e in std::fs::read_dir(essms()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "care") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            out.push_str(&" ".repeat(indent * 2));
            out.push_str(line.trim_start());
            if line.trim_end().ends_with('{') {
                out.push_str(" // ouvert");
            }
            out.push_str("\n\n");
        }
        std::fs::write(copy.join(p.file_name().unwrap()), out).unwrap();
    }
    let g = open(&copy);
    for v in 0..2 {
        let d = diff(&f, v, &g, v, Range::default());
        assert_eq!(d.changes, vec![], "version {v}");
    }
    let d = diff(&f, 0, &g, 1, Range::default());
    assert!(d
        .changes
        .iter()
        .any(|c| c.name == "POC.P3.O4.C" && c.aspect == Some("label")));
    assert!(d.changes.iter().all(|c| c.what == What::Changed));
    std::fs::remove_dir_all(copy).ok();
}

#[test]
fn an_amendment_of_the_inputs_a_prerequisite_and_a_track() {
    let dir = with_fixture("donnees");
    let f = open(&dir);
    let (a, b) = f.pair(None, None).unwrap();
    let mut d = diff(&f, a, &f, b, Range::default());
    d.from.folder = "essms-poc".into();
    d.to.folder = "essms-poc".into();
    let has = |name: &str, aspect: Option<&str>, detail: Option<&str>, what: What| {
        d.changes.iter().any(|c| {
            c.name == name && c.aspect == aspect && c.detail.as_deref() == detail && c.what == what
        })
    };
    assert!(has(
        "DossierUsager",
        Some("field"),
        Some("shared"),
        What::Removed
    ));
    assert!(has(
        "DossierUsager",
        Some("type"),
        Some("software"),
        What::Changed
    ));
    assert!(has(
        "DiagnosticOpssims",
        Some("field"),
        Some("validated_by_region"),
        What::Added
    ));
    assert!(has("POC.P3", Some("logic"), None, What::Changed));
    assert!(has("P1", Some("choose"), None, What::Changed));
    assert!(has(
        "POC.P1.O4.F",
        None,
        Some("P1, à la carte"),
        What::Added
    ));
    insta::assert_snapshot!("inputs_text", render_text(&d));
    std::fs::remove_dir_all(dir.parent().unwrap()).ok();
}

#[test]
fn additions_and_removals_of_each_kind() {
    let dir = with_fixture("ajouts-retraits");
    let f = open(&dir);
    let (a, b) = f.pair(Some("2026-04-15"), Some("2026-11-01")).unwrap();
    let mut d = diff(&f, a, &f, b, Range::default());
    d.from.folder = "essms-poc".into();
    d.to.folder = "essms-poc".into();
    let has = |name: &str, what: What| d.changes.iter().any(|c| c.name == name && c.what == what);
    for name in ["CDCE", "Priorite", "Contact", "POC.CONTACT"] {
        assert!(has(name, What::Added), "{name}");
    }
    for name in ["POC.ORIENTATION", "POC.P1.O4.D"] {
        assert!(has(name, What::Removed), "{name}");
    }
    insta::assert_snapshot!("additions_and_removals_text", render_text(&d));
    insta::assert_json_snapshot!("additions_and_removals_json", d);
    std::fs::remove_dir_all(dir.parent().unwrap()).ok();
}

/// Two folders of the fixture policy with a two-key table and a table of share ranges: a rate
/// of track 4 changed, a tier bound moved; the rows are named by their keys as written.
#[test]
fn tables_keyed_by_two_columns_and_by_share_ranges_row_by_row() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/policies/taux-par-parcours");
    let copy = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("care-publish-two-keys-{}", std::process::id()))
        .join("taux-par-parcours");
    std::fs::create_dir_all(&copy).unwrap();
    let text = std::fs::read_to_string(src.join("2027-01-01.care")).unwrap();
    let changed = text
        .replace(
            "| P4       | 4..6      || 50 %  |",
            "| P4       | 4..6      || 40 %  |",
        )
        .replace(
            "| 50 % <= part <= 80 % | 500 €  |",
            "| 50 % <= part <= 75 % | 500 €  |",
        )
        .replace(
            "| part > 80 %          | 1000 € |",
            "| part > 75 %          | 1000 € |",
        );
    assert_ne!(
        changed, text,
        "the fixture policy changed: update this test"
    );
    std::fs::write(copy.join("2027-01-01.care"), changed).unwrap();
    let (f, g) = (open(&src), open(&copy));
    let d = diff(&f, 0, &g, 0, Range { start: 1, end: 8 });
    let row = |name: &str, key: &str, what: What| {
        d.changes.iter().find(|c| {
            c.name == name
                && c.aspect == Some("row")
                && c.detail.as_deref() == Some(key)
                && c.what == what
        })
    };
    let p4 = row("taux_par_site", "P4, 4..6", What::Changed).expect("the P4 row");
    assert_eq!(
        (p4.before.as_deref(), p4.after.as_deref()),
        (Some("50 %"), Some("40 %"))
    );
    assert!(row("bonus_mutualisation", "50 % <= part <= 80 %", What::Removed).is_some());
    assert!(row("bonus_mutualisation", "50 % <= part <= 75 %", What::Added).is_some());
    assert!(row("bonus_mutualisation", "part < 50 %", What::Changed).is_none());
    // The flat amount of track 4 for 5 sites: 3 × 10 000 + 2 × 5 000 before, 2 × 4 000 after.
    assert!(d.changes.iter().any(|c| c.name == "forfait"
        && c.detail.as_deref() == Some("n = 5, P4")
        && c.before.as_deref() == Some("40\u{202f}000,00 €")
        && c.after.as_deref() == Some("38\u{202f}000,00 €")));
    assert!(!d
        .changes
        .iter()
        .any(|c| c.detail.as_deref().is_some_and(|k| k.starts_with("P3"))));
    std::fs::remove_dir_all(copy.parent().unwrap()).ok();
}
