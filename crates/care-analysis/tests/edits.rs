//! Random edit sequences through the host, as a server drives it: after each edit, diagnostics
//! and a few queries at random positions; never a panic, and after the edits the diagnostics
//! are those of a fresh analysis of the final texts (nothing stale survives an edit).

#![allow(clippy::unwrap_used)]

use care_analysis::AnalysisHost;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const SNIPPETS: &[&str] = &[
    "}",
    "{",
    "\n",
    "require dossier.",
    "let x = ",
    "POC.P3.",
    "\"",
    "// note\n",
    "é€",
    "(",
    ")",
    "rule X.Y \"règle\" {\n  require true\n}\n",
    "amend objective POC.P3.O4.C \"x\"\n",
    "@allow(missing_source, \"r\")\n",
    "include \"donnees.care\"\n",
    "dossier.legal_entities[0].",
    " and ",
    "§",
    "table t \"t\" {\n  | a | b |\n  | 1 | 2 |\n}\n",
    "0",
    "..",
    "\r\n",
];

fn policy() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    ["2026-03-31.care", "2026-04-15.care", "donnees.care"]
        .iter()
        .map(|n| {
            (
                PathBuf::from("/ws/essms-poc").join(n),
                std::fs::read_to_string(dir.join(n)).unwrap(),
            )
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Edit {
    Insert {
        file: usize,
        at: f64,
        snippet: usize,
    },
    Delete {
        file: usize,
        at: f64,
        len: usize,
    },
    Restore {
        file: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..3usize, 0.0..1.0f64, 0..SNIPPETS.len()).prop_map(|(file, at, snippet)| Edit::Insert { file, at, snippet }),
        3 => (0..3usize, 0.0..1.0f64, 1..80usize).prop_map(|(file, at, len)| Edit::Delete { file, at, len }),
        1 => (0..3usize).prop_map(|file| Edit::Restore { file }),
    ]
}

fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn edits_never_panic_nor_leave_stale_diagnostics(edits in prop::collection::vec(edit(), 1..16), probes in prop::collection::vec(0.0..1.0f64, 3)) {
        let original = policy();
        let mut texts: Vec<String> = original.iter().map(|(_, t)| t.clone()).collect();
        let mut host = AnalysisHost::new();
        for (p, t) in &original {
            host.set_file(p, t.clone());
        }
        for e in &edits {
            let file = match e {
                Edit::Insert { file, at, snippet } => {
                    let i = boundary(&texts[*file], *at);
                    texts[*file].insert_str(i, SNIPPETS[*snippet]);
                    *file
                }
                Edit::Delete { file, at, len } => {
                    let i = boundary(&texts[*file], *at);
                    let mut j = (i + len).min(texts[*file].len());
                    while !texts[*file].is_char_boundary(j) {
                        j += 1;
                    }
                    texts[*file].replace_range(i..j, "");
                    *file
                }
                Edit::Restore { file } => {
                    texts[*file] = original[*file].1.clone();
                    *file
                }
            };
            let path = &original[file].0;
            host.set_file(path, texts[file].clone());
            let a = host.analysis();
            let _ = a.diagnostics(path);
            for p in &probes {
                let at = boundary(&texts[file], *p);
                let _ = a.hover(path, at);
                let _ = a.completions(path, at);
                let _ = a.definition(path, at);
                let _ = a.references(path, at, true);
                let _ = a.prepare_rename(path, at);
                let _ = a.inlay_hints(path, 0, texts[file].len());
            }
            let _ = a.semantic_tokens(path);
            let _ = a.folding_ranges(path);
            let _ = a.document_symbols(path);
            let _ = a.code_actions(path, care_syntax::Span::new(0, texts[file].len()));
        }
        let mut fresh = AnalysisHost::new();
        for ((p, _), t) in original.iter().zip(&texts) {
            fresh.set_file(p, t.clone());
        }
        let (now, then) = (host.analysis(), fresh.analysis());
        for (p, _) in &original {
            prop_assert_eq!(now.diagnostics(p), then.diagnostics(p));
            // The tree kept across edits (declarations reused) is the tree of a fresh parse.
            prop_assert_eq!(&now.file(p).unwrap().ast, &then.file(p).unwrap().ast);
        }
    }
}
