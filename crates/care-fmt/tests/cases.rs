//! Data-driven cases: `cases/NAME.care` (messy input) formats to `cases/NAME.formatted.care`.
//! `UPDATE_EXPECT=1 cargo test -p care-fmt --test cases` rewrites the expected files (review the diff).

#![allow(clippy::unwrap_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

#[test]
fn every_case_formats_as_expected() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".care") && !name.ends_with(".formatted.care")
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    let mut failures = Vec::new();
    for input in &inputs {
        let text = std::fs::read_to_string(input).unwrap();
        let formatted = match care_fmt::format(&text) {
            Ok(f) => f,
            Err(e) => panic!("{} does not parse: {e:?}", input.display()),
        };
        let expected_path = input.with_extension("formatted.care");
        // The expected output is itself formatted.
        assert_eq!(
            care_fmt::format(&formatted).unwrap(),
            formatted,
            "{}: formatting is not idempotent",
            input.display()
        );
        if update {
            std::fs::write(&expected_path, &formatted).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != formatted {
            failures.push(format!(
                "--- {} expected:\n{expected}\n--- got:\n{formatted}",
                expected_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
