//! The reference of built-in functions (`docs/language.md` §11) and the table hover and
//! completion read (`BUILTIN_DOCS`) say the same, row for row, and every built-in is documented.

#![allow(clippy::unwrap_used)]

use care_check::{BUILTINS, BUILTIN_DOCS};

fn reference_rows() -> Vec<(String, [String; 3])> {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/language.md"
    ))
    .unwrap();
    let start = doc.find("## 11. Built-in functions").unwrap();
    let end = doc.find("## 12. Amendments").unwrap();
    let mut group = String::new();
    let mut rows = Vec::new();
    for line in doc[start..end].lines() {
        if let Some(rest) = line.strip_prefix("**") {
            group = rest.split("**").next().unwrap().to_string();
        }
        if line.starts_with("| `") {
            let cells: Vec<String> = line
                .trim()
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            assert_eq!(cells.len(), 3, "{line}");
            rows.push((
                group.clone(),
                [cells[0].clone(), cells[1].clone(), cells[2].clone()],
            ));
        }
    }
    rows
}

#[test]
fn reference_and_table_agree() {
    let table: Vec<(String, [String; 3])> = BUILTIN_DOCS
        .iter()
        .map(|d| {
            (
                d.group.to_string(),
                [
                    d.call.to_string(),
                    d.result.to_string(),
                    d.example.to_string(),
                ],
            )
        })
        .collect();
    assert_eq!(reference_rows(), table);
}

#[test]
fn every_builtin_is_documented() {
    for name in BUILTINS {
        assert!(
            !care_check::builtin_docs(name).is_empty(),
            "`{name}` has no row in the reference"
        );
    }
    assert_eq!(care_check::builtin_params("round"), vec![vec!["x", "n"]]);
    assert_eq!(
        care_check::builtin_params("first"),
        vec![vec!["xs"], vec!["xs", "n"]]
    );
}
