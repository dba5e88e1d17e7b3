#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! The 2026-04-15 version of the ESSMS call differs from the 2026-03-31 version exactly as the
//! guides say: POC.P3.O4.C changed in substance, five P3 labels reworded, and the second P3
//! theme renamed ([002] §2.2). Nothing else.

use std::path::Path;

#[test]
fn essms_versions_differ_only_where_the_guides_say() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    let report = care_check::check_paths(&[dir]).unwrap();
    let mut versions = report.policies.clone();
    versions.sort_by_key(|p| p.version);
    assert_eq!(versions.len(), 2);
    let (v1, v2) = (&versions[0], &versions[1]);
    assert_eq!(v1.version.to_string(), "2026-03-31");
    assert_eq!(v2.version.to_string(), "2026-04-15");
    assert_eq!(v2.amends, Some(v1.version));

    let codes = |p: &care_check::ir::Policy| {
        p.objectives
            .iter()
            .map(|o| o.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(v1), codes(v2), "same objectives in the same order");
    assert_eq!(v1.objectives.len(), 40);

    let mut relabelled = Vec::new();
    let mut rethemed = Vec::new();
    let mut changed = Vec::new();
    for (a, b) in v1.objectives.iter().zip(&v2.objectives) {
        if a.label != b.label {
            relabelled.push(a.code.as_str());
        }
        if a.theme != b.theme {
            rethemed.push(a.code.as_str());
        }
        if a.evidence != b.evidence || a.sources != b.sources || a.notes != b.notes {
            changed.push(a.code.as_str());
        }
    }
    assert_eq!(
        relabelled,
        [
            "POC.P3.O1.1",
            "POC.P3.O2.3",
            "POC.P3.O3.1",
            "POC.P3.O3.2",
            "POC.P3.O4.C",
            "POC.P3.O4.D"
        ]
    );
    assert_eq!(changed, ["POC.P3.O4.C"]);
    assert_eq!(rethemed, ["POC.P3.O2.1", "POC.P3.O2.2", "POC.P3.O2.3"]);
    let o4c = v2
        .objectives
        .iter()
        .find(|o| o.code == "POC.P3.O4.C")
        .unwrap();
    assert!(o4c.label.contains("surface exposée"));
    assert!(v1
        .objectives
        .iter()
        .find(|o| o.code == "POC.P3.O4.C")
        .unwrap()
        .label
        .contains("intrusion"));

    // Rules, tables, functions and outputs are the same declarations.
    let names = |p: &care_check::ir::Policy| {
        let mut n: Vec<String> = p
            .rules
            .iter()
            .map(|r| format!("{} {}", r.code, r.label))
            .collect();
        n.extend(p.tables.iter().map(|t| t.name.clone()));
        n.extend(p.outputs.iter().map(|o| o.name.clone()));
        n
    };
    assert_eq!(names(v1), names(v2));
    // The header keeps the first version's notes and adds its own.
    assert!(v2.notes.len() > v1.notes.len());
    assert!(v1.notes.iter().all(|n| v2.notes.contains(n)));
}
