//! `care table`: the ESSMS flat amount and tranche tables, over a range, per track.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_publish::table::{render_csv, render_text, tabulate, Range, TableError};
use care_publish::Folder;
use std::path::Path;

fn essms() -> Folder {
    Folder::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc")).unwrap()
}

#[test]
fn the_flat_amount_for_1_to_13_sites_per_track() {
    let f = essms();
    let p = &f.versions[f.pick(None).unwrap()].policy;
    let t = tabulate(p, "forfait", "1..13".parse().unwrap()).unwrap();
    assert_eq!(t.columns, ["P1", "P2", "P3"]);
    assert_eq!(t.key, "n");
    assert_eq!(t.rows.len(), 13);
    // CDC §5.2: 4 sites at 100 %, the 5th at 80 % — 4 × 17 000 + 13 600 on track 2.
    assert_eq!(t.rows[4].cells[1].data, serde_json::json!("81600.00"));
    // From the 13th site the rate is 0 %: the amount stays at the cap.
    assert_eq!(t.rows[12].cells[0].data, t.rows[11].cells[0].data);
    insta::assert_snapshot!("forfait_text", render_text(&t));
    insta::assert_snapshot!("forfait_csv", render_csv(&t));
}

#[test]
fn a_rank_table_is_read_for_each_integer_and_a_track_table_row_by_row() {
    let f = essms();
    let p = &f.versions[0].policy;
    let t = tabulate(p, "taux_par_rang", Range { start: 3, end: 14 }).unwrap();
    let csv = render_csv(&t);
    assert!(csv.starts_with("rang,taux\n3,1\n4,1\n5,0.8\n"), "{csv}");
    assert!(csv.ends_with("12,0.2\n13,0\n14,0\n"), "{csv}");
    let t = tabulate(p, "montants_par_parcours", Range::default()).unwrap();
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.columns, ["montant_unitaire", "plafond"]);
    assert_eq!(t.rows[0].key, "P1");
    assert_eq!(t.rows[0].cells[1].text, "63\u{202f}920,00 €");
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["rows"][2]["cells"][1]["data"], "115600.00");
    assert_eq!(
        json["rows"][2]["key_data"], 3,
        "a track is written by its key"
    );
}

#[test]
fn what_cannot_be_tabulated_says_why() {
    let f = essms();
    let p = &f.versions[0].policy;
    match tabulate(p, "forfaits", Range::default()) {
        Err(TableError::Unknown { known, .. }) => assert!(known.contains(&"forfait".to_string())),
        other => panic!("{other:?}"),
    }
    let e = tabulate(p, "part_forfait", Range::default()).unwrap_err();
    assert!(e.to_string().contains("`ej` is a `EntiteJuridique`"), "{e}");
    assert!("5..2".parse::<Range>().is_err());
    assert!("1..100000".parse::<Range>().is_err());
    assert_eq!("7".parse::<Range>(), Ok(Range { start: 7, end: 7 }));
    // A function of no integer: one row, per track. `dans_perimetre` takes a record: refused.
    assert!(tabulate(p, "dans_perimetre", Range::default()).is_err());
}

fn fixture(name: &str) -> Folder {
    Folder::open(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/policies")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_table_keyed_by_a_track_and_a_rank_has_a_column_per_track() {
    let f = fixture("taux-par-parcours");
    let p = &f.versions[0].policy;
    let t = tabulate(p, "taux_par_site", Range { start: 1, end: 8 }).unwrap();
    assert_eq!(t.key, "rang");
    assert_eq!(t.columns, ["P3", "P4"]);
    let csv = render_csv(&t);
    assert_eq!(
        csv,
        "rang,P3,P4\n1,1,1\n2,1,1\n3,1,1\n4,1,0.5\n5,0.2,0.5\n6,0.2,0.5\n7,0.2,0\n8,0.2,0\n"
    );
    // A table keyed by ranges of shares: its rows as written.
    let t = tabulate(p, "bonus_mutualisation", Range::default()).unwrap();
    let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["part < 50 %", "50 % <= part <= 80 %", "part > 80 %"]);
    assert_eq!(t.rows[1].cells[0].text, "500,00 €");
}
