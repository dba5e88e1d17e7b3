//! The grant benchmark's dossiers are `gen_grant.py`'s (seed 42) and its rule decides as the
//! peers' reference: the totals the script writes in `expected.json` for its first 10,000
//! dossiers (the benchmark itself checks the 100,000).

#[path = "../benches/grant/mod.rs"]
mod grant;

use rust_decimal::Decimal;

#[test]
fn first_dossiers_are_the_scripts() {
    let d = grant::gen::dossiers(2);
    // `gen(random.Random(42))` twice, as `json.dumps(…, separators=(",", ":"))` writes them.
    assert_eq!(
        d[0],
        r#"{"parcours":3,"eg":[{"rang":1,"ej":0},{"rang":2,"ej":0},{"rang":3,"ej":0},{"rang":4,"ej":0},{"rang":5,"ej":0},{"rang":6,"ej":0},{"rang":7,"ej":0},{"rang":8,"ej":0},{"rang":9,"ej":0},{"rang":10,"ej":0},{"rang":11,"ej":0}],"ej":[{"dui_segur":true}],"engagement_directeur":true,"diagnostic_cyber":true,"objectifs":["A","B","C","E","F","G","H"]}"#
    );
    assert_eq!(
        d[1],
        r#"{"parcours":1,"eg":[{"rang":1,"ej":0},{"rang":2,"ej":1},{"rang":3,"ej":2},{"rang":4,"ej":0},{"rang":5,"ej":1},{"rang":6,"ej":2},{"rang":7,"ej":0},{"rang":8,"ej":1},{"rang":9,"ej":2},{"rang":10,"ej":0},{"rang":11,"ej":1},{"rang":12,"ej":2}],"ej":[{"dui_segur":true},{"dui_segur":true},{"dui_segur":true}],"engagement_directeur":true,"diagnostic_cyber":true,"objectifs":["A","B","C","H"]}"#
    );
}

#[test]
fn totals_match_the_reference_script() {
    let program = grant::program();
    let dossiers = grant::decoded(&program, 10_000);
    assert_eq!(
        grant::totals(&program, &dossiers),
        (4_745, Decimal::from(358_011_120u64))
    );
}
