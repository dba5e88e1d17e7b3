//! The fast JSON scanner against `serde_json`: `Decoder::decode_json` (the scanner, `serde_json`
//! for what it does not read) and `Decoder::decode_json_reference` (`serde_json` only) give the
//! same values, errors and warnings, on every fixture of every policy, on documents written to
//! hit each case where the scanner gives up, and on fixtures changed at random.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::path::{Path, PathBuf};

use care_eval::Decoder;
use common::*;
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The latest version of each real policy, and the schema with every type.
fn decoders() -> &'static [Decoder] {
    static DECODERS: std::sync::OnceLock<Vec<Decoder>> = std::sync::OnceLock::new();
    DECODERS.get_or_init(|| {
        let mut all = vec![Decoder::new(&all_types_schema()).unwrap()];
        for name in ["essms-poc", "care-d1bis", "ara-ms-2023"] {
            let report = care_check::check_paths(&[root().join("policies").join(name)]).unwrap();
            assert!(report.is_clean(), "{name} does not check");
            let latest = report.policies.iter().max_by_key(|p| p.version).unwrap();
            all.push(Decoder::new(&latest.schema).unwrap());
        }
        all
    })
}

/// Both decoders' answers, as text: values with their decimal scales, every issue with its
/// path, message, location and catalog entry.
fn both(dec: &Decoder, bytes: &[u8]) -> (String, String) {
    let fast = format!("{:?}", dec.decode_json(bytes));
    let reference = format!("{:?}", dec.decode_json_reference(bytes));
    (fast, reference)
}

fn assert_same(bytes: &[u8]) {
    for (i, dec) in decoders().iter().enumerate() {
        let (fast, reference) = both(dec, bytes);
        assert_eq!(
            fast,
            reference,
            "decoder {i} on {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    json_files(&root().join("policies"), &mut files);
    json_files(&root().join("tests/fixtures/dossiers"), &mut files);
    files.sort();
    files
}

/// The fixtures that are JSON (some are broken on purpose), parsed.
fn documents() -> &'static [serde_json::Value] {
    static DOCS: std::sync::OnceLock<Vec<serde_json::Value>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        fixtures()
            .iter()
            .filter_map(|f| serde_json::from_slice(&std::fs::read(f).unwrap()).ok())
            .collect()
    })
}

#[test]
fn every_fixture_decodes_the_same() {
    let files = fixtures();
    assert!(files.len() > 100, "{} fixtures", files.len());
    for file in files {
        assert_same(&std::fs::read(&file).unwrap());
    }
    assert_same(ESSMS_DOSSIER.as_bytes());
    assert_same(ALL_TYPES_JSON.as_bytes());
}

/// Each place where the scanner gives up, or checks what `serde_json` checks.
#[test]
fn edge_cases_decode_the_same() {
    let cases: &[&str] = &[
        // Escapes, control characters, non-ASCII text.
        r#"{"t": "a\"b", "c": "x"}"#,
        r#"{"t": "\u00e9t\u00e9"}"#,
        "{\"t\": \"a\tb\"}",
        "{\"t\": \"a\nb\"}",
        r#"{"t": "été à Noël"}"#,
        r#"{"na\u006de": "x"}"#,
        // Numbers: signs, zeros, fractions, exponents, lengths.
        r#"{"i": -42}"#,
        r#"{"i": -0}"#,
        r#"{"i": 0}"#,
        r#"{"i": 00}"#,
        r#"{"i": 01}"#,
        r#"{"i": 1.0}"#,
        r#"{"i": 1e3}"#,
        r#"{"i": 1E3}"#,
        r#"{"i": 123456789012345678}"#,
        r#"{"i": 1234567890123456789}"#,
        r#"{"i": 99999999999999999999}"#,
        r#"{"i": 9223372036854775808}"#,
        r#"{"i": 1x}"#,
        r#"{"i": +1}"#,
        r#"{"tr": 30}"#,
        r#"{"tr": 31}"#,
        r#"{"zzz": 1.5e400}"#,
        r#"{"zzz": -1}"#,
        r#"{"zzz": [1, -2, 3.5, "x", {"a": [null, true, false]}]}"#,
        // Literals.
        r#"{"b": true}"#,
        r#"{"b": tru}"#,
        r#"{"b": truex}"#,
        r#"{"b": nul}"#,
        r#"{"maybe_text": null}"#,
        r#"{"b": True}"#,
        // Structure.
        "",
        " ",
        "{",
        "}",
        "[]",
        "[1, 2]",
        "\"text\"",
        "42",
        "null",
        "{}",
        "{} ",
        "{} x",
        "{}{}",
        r#"{"b": true,}"#,
        r#"{"ints": [1, 2,]}"#,
        r#"{"ints": [,]}"#,
        r#"{"ints": []}"#,
        r#"{"ints": [ ]}"#,
        r#"{"ints" 1}"#,
        r#"{"ints": 1 "b": true}"#,
        r#"{b: true}"#,
        r#"{"b": true, "b": false}"#,
        r#"{"inner": {"name": "a", "name": "b"}}"#,
        r#"{"inner": [1, 2, {"x": [3]}]}"#,
        r#"{"ints": {"a": 1}}"#,
        r#"{"t": ["a"]}"#,
        r#"{"t": {"a": "b"}}"#,
        r#"{"inners": [{"name": "x", "zzz": {"deep": [[[]]]}}]}"#,
        "{\r\n\t\"b\" :\ttrue\r\n}\r\n",
        "\u{feff}{\"b\": true}",
        // Types of every scalar, right and wrong.
        r#"{"d": "3.140", "s": "1.5", "m": "12.345", "day": "2026-02-30", "at": "2026-06-04", "du": "soon", "color": "purple"}"#,
        r#"{"d": 3, "s": true, "m": null, "day": [], "at": {}, "du": 60, "color": 1}"#,
    ];
    for case in cases {
        assert_same(case.as_bytes());
    }
    // Nesting around the scanner's limit and `serde_json`'s.
    for depth in [1, 50, 99, 100, 101, 127, 128, 129, 300] {
        let deep = format!("{{\"zzz\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
        assert_same(deep.as_bytes());
        let deep = format!("{{\"ints\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
        assert_same(deep.as_bytes());
    }
    // Invalid UTF-8, and a document cut at every byte.
    assert_same(b"{\"t\": \"\xff\"}");
    let dossier = ESSMS_DOSSIER.as_bytes();
    for end in 0..dossier.len() {
        assert_same(&dossier[..end]);
    }
}

/// A JSON value of the fixture at a random place replaced by a random value.
fn mutated(doc: &serde_json::Value, path: &[usize], new: serde_json::Value) -> serde_json::Value {
    let Some((&first, rest)) = path.split_first() else {
        return new;
    };
    match doc {
        serde_json::Value::Object(map) if !map.is_empty() => {
            let k = first % map.len();
            let mut out = serde_json::Map::new();
            for (i, (key, value)) in map.iter().enumerate() {
                let value = if i == k {
                    mutated(value, rest, new.clone())
                } else {
                    value.clone()
                };
                out.insert(key.clone(), value);
            }
            serde_json::Value::Object(out)
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            let k = first % items.len();
            let mut items = items.clone();
            items[k] = mutated(&items[k], rest, new);
            serde_json::Value::Array(items)
        }
        _ => new,
    }
}

fn arb_value() -> impl Strategy<Value = serde_json::Value> {
    arb_json_leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn changed_fixtures_decode_the_same(
        which in any::<prop::sample::Index>(),
        path in prop::collection::vec(any::<usize>(), 0..6),
        new in arb_value(),
        pretty in any::<bool>(),
    ) {
        let docs = documents();
        let doc = mutated(&docs[which.index(docs.len())], &path, new);
        let text = if pretty {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            serde_json::to_string(&doc).unwrap()
        };
        assert_same(text.as_bytes());
    }

    #[test]
    fn changed_bytes_decode_the_same(
        at in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"{}[],:\"\\ 0123456789-.eEtrufalsn\n\x01\xc3".to_vec()),
        delete in any::<bool>(),
    ) {
        let mut bytes = ESSMS_DOSSIER.as_bytes().to_vec();
        let i = at.index(bytes.len());
        if delete {
            bytes.remove(i);
        } else {
            bytes.insert(i, byte);
        }
        assert_same(&bytes);
    }
}

/// A value the schema does not read (an unknown field, a value of the wrong type) may nest to
/// any depth: it is skipped without recursion, on a worker thread's 2 MiB stack, with the
/// warning or the error it deserves (docs/limits.md).
#[test]
fn deep_values_that_are_skipped_need_no_stack() {
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let dec = &decoders()[1];
            let depth = 100_000;
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let mut dossier: serde_json::Value = serde_json::from_str(ESSMS_DOSSIER).unwrap();
            dossier["zzz"] = serde_json::Value::Null;
            let text = serde_json::to_string(&dossier).unwrap();
            let unknown = text.replacen("\"zzz\":null", &format!("\"zzz\":{deep}"), 1);
            let decoded = dec.decode_json(unknown.as_bytes()).unwrap();
            assert_eq!(decoded.warnings.len(), 1, "{:?}", decoded.warnings);
            assert!(decoded.warnings[0].message.contains("zzz"));
            let wrong = text.replacen("\"zzz\":null", "\"zzz\":1", 1).replacen(
                "\"porteur\":\"690000001\"",
                &format!("\"porteur\":{deep}"),
                1,
            );
            let errors = dec.decode_json(wrong.as_bytes()).unwrap_err();
            assert_eq!(errors.errors.len(), 1, "{errors}");
            assert_eq!(errors.errors[0].path, "porteur");
        })
        .unwrap()
        .join();
    assert!(outcome.is_ok(), "a deep skipped value overflowed the stack");
}

/// The scanner reads without keeping paths and, when a document has an issue, scans it again
/// with them: the issues of a plain document (read by the scanner, not by `serde_json`) name
/// their full path, inside lists.
#[test]
fn issues_found_by_the_scanner_name_their_paths() {
    let dec = &decoders()[1]; // essms-poc
    let doc = ESSMS_DOSSIER
        .replacen(r#""wave": 1"#, r#""wave": "one""#, 1)
        .replacen(
            r#""shared": false }"#,
            r#""shared": false, "extra": 1 }"#,
            1,
        );
    assert!(
        !doc.contains('\\'),
        "the document must stay plain for the scanner"
    );
    let (fast, reference) = both(dec, doc.as_bytes());
    assert_eq!(fast, reference);
    let errors = dec.decode_json(doc.as_bytes()).unwrap_err();
    let paths: Vec<&str> = errors.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["legal_entities[0].dui.wave"]);
    let warnings: Vec<&str> = errors.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(warnings, ["legal_entities[0].dui.extra"]);
    // Without an issue, the same document decodes, as `serde_json` decodes it.
    let clean = ESSMS_DOSSIER.replacen(
        r#""shared": false }"#,
        r#""shared": false, "extra": 1 }"#,
        1,
    );
    let decoded = dec.decode_json(clean.as_bytes()).unwrap();
    let warnings: Vec<&str> = decoded.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(warnings, ["legal_entities[0].dui.extra"]);
}
