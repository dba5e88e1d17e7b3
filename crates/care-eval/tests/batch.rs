//! Batch evaluation: input order kept with many threads, bad dossiers reported and skipped,
//! CSV flattening, summary figures, and the same results as one dossier at a time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_eval::batch::{
    Batch, BatchOptions, DossierId, ErrorKind, FolderSource, JsonlSource, MemorySource,
    OutputFormat, Summary,
};
use care_eval::engine::Engine;
use care_eval::report::Report;
use care_eval::Format;
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn engine_of(dir: &Path) -> Engine {
    let report = care_check::check_paths(&[dir.to_path_buf()]).unwrap();
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "the policy does not check"
    );
    Engine::new(report.policies.clone()).unwrap()
}

/// `n` ESSMS dossiers sampled from the policy's declared inputs (`care sample`), alternately for
/// each of its versions, as JSON Lines.
fn essms_jsonl(seed: u64, n: usize) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    let report = care_check::check_paths(&[dir]).unwrap();
    let mut versions = report.policies.clone();
    versions.sort_by_key(|p| p.version);
    let versions: Vec<&care_check::ir::Policy> = versions.iter().map(|p| &**p).collect();
    care_eval::sample::sample_jsonl_across(&versions, seed, n)
}

fn essms() -> Engine {
    engine_of(&root().join("policies/essms-poc"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("care-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a JSON Lines batch; its output and summary.
fn run_jsonl(engine: &Engine, options: BatchOptions, input: &[u8]) -> (String, Summary) {
    let batch = Batch::new(engine, options).unwrap();
    let mut out = Vec::new();
    let summary = batch
        .run(JsonlSource::new(input), &mut out, |_| {})
        .unwrap();
    (String::from_utf8(out).unwrap(), summary)
}

fn lines(out: &str) -> Vec<Json> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn generated_dossiers_are_valid_and_mixed() {
    let engine = essms();
    let n = 3000;
    let (out, summary) = run_jsonl(&engine, BatchOptions::default(), &essms_jsonl(11, n));
    assert_eq!(summary.counted, n as u64);
    assert_eq!(summary.errors_total(), 0, "{out}");
    // The policy's decision is what the summary counts (sampled dossiers are rarely eligible
    // for every rule at once: the mix below is what matters).
    assert_eq!(summary.true_counts.len(), 1);
    assert_eq!(summary.true_counts[0].0, "eligible");
    let lines = lines(&out);
    let versions: std::collections::BTreeSet<&str> = lines
        .iter()
        .map(|l| l["policy"]["version"].as_str().unwrap())
        .collect();
    assert_eq!(
        versions.into_iter().collect::<Vec<_>>(),
        ["2026-03-31", "2026-04-15"]
    );
    // Every rule fails somewhere: the mix is realistic.
    let failed: std::collections::BTreeSet<&str> = lines
        .iter()
        .flat_map(|l| l["failed"].as_array().unwrap())
        .map(|c| c.as_str().unwrap())
        .collect();
    for code in [
        "POC.DEPOT",
        "POC.P1",
        "POC.P2",
        "POC.P3",
        "POC.ORIENTATION",
        "POC.CHOIX.NOMBRE",
        "POC.CHOIX.LISTE",
        "POC.CHOIX.DOUBLONS",
        "POC.CHOIX.SAUVEGARDE",
        "POC.MINIMIS",
        "POC.ELIG.PORTEUR",
    ] {
        assert!(failed.contains(code), "no dossier fails {code}");
    }
}

#[test]
fn output_order_is_input_order_with_many_threads() {
    let engine = essms();
    let n = 4000;
    let input = essms_jsonl(5, n);
    let one = run_jsonl(
        &engine,
        BatchOptions {
            threads: Some(1),
            ..BatchOptions::default()
        },
        &input,
    );
    let many = run_jsonl(
        &engine,
        BatchOptions {
            threads: Some(8),
            chunk_items: 7,
            window: Some(40),
            ..BatchOptions::default()
        },
        &input,
    );
    let ids: Vec<u64> = lines(&many.0)
        .iter()
        .map(|l| l["dossier"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (1..=n as u64).collect::<Vec<_>>());
    assert_eq!(one.0, many.0);
    assert_eq!(one.1, many.1);
}

#[test]
fn a_bad_line_is_reported_and_the_batch_goes_on() {
    let engine = essms();
    let sampled = String::from_utf8(essms_jsonl(3, 9)).unwrap();
    let mut good = sampled.lines();
    let mut input = String::new();
    for i in 1..=9 {
        match i {
            4 => input.push_str("{\"id\": \"broken\", \"submitted_at\": \n"),
            5 => input.push('\n'), // blank lines are skipped, numbers go on
            6 => input.push_str(
                "{\"id\":\"x\",\"submitted_at\":\"2026-05-02T10:00:00+02:00\",\"parcours\":9}\n",
            ),
            7 => input.push_str("{\"id\":\"y\",\"submitted_at\":\"2025-01-02T10:00:00+01:00\"}\n"),
            _ => {
                input.push_str(good.next().unwrap());
                input.push('\n');
            }
        }
    }
    let (out, summary) = run_jsonl(
        &engine,
        BatchOptions {
            chunk_items: 2,
            ..BatchOptions::default()
        },
        input.as_bytes(),
    );
    let lines = lines(&out);
    let ids: Vec<u64> = lines
        .iter()
        .map(|l| l["dossier"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3, 4, 6, 7, 8, 9]);
    assert_eq!(lines[3]["error"]["kind"], "invalid_data");
    let message = lines[3]["error"]["messages"][0].as_str().unwrap();
    assert!(message.starts_with("invalid json: "), "{message}");
    assert!(message.contains("(line 4, column "), "{message}");
    assert_eq!(lines[4]["error"]["kind"], "invalid_data");
    let messages = lines[4]["error"]["messages"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.as_str().unwrap().contains("`parcours`")
                && m.as_str().unwrap().contains("line 6")),
        "{messages:?}"
    );
    assert_eq!(lines[5]["error"]["kind"], "no_version");
    for i in [0, 1, 2, 6, 7] {
        assert!(lines[i]["outputs"]["eligible"].is_boolean(), "{}", lines[i]);
        assert_eq!(lines[i]["policy"]["id"], "essms-poc");
    }
    assert_eq!(summary.counted, 8);
    assert_eq!(summary.evaluated, 5);
    assert_eq!(summary.errors_of(ErrorKind::InvalidData), 2);
    assert_eq!(summary.errors_of(ErrorKind::NoVersion), 1);
}

#[test]
fn a_line_too_long_is_an_error_of_its_own() {
    let engine = essms();
    let (first, last) = (essms_jsonl(1, 1), essms_jsonl(2, 1));
    let max = first.len().max(last.len()) + 100;
    let mut input = first;
    input.extend_from_slice(&vec![b'x'; max + 1000]);
    input.push(b'\n');
    input.extend_from_slice(&last);
    let batch = Batch::new(&engine, BatchOptions::default()).unwrap();
    let mut out = Vec::new();
    let summary = batch
        .run(JsonlSource::new(&input[..]).max_line(max), &mut out, |_| {})
        .unwrap();
    let lines = lines(std::str::from_utf8(&out).unwrap());
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["dossier"], 2);
    assert_eq!(lines[1]["error"]["kind"], "invalid_data");
    assert_eq!(summary.evaluated, 2);
}

/// A small policy with nested outputs, for CSV.
const MINI: &str = r#"policy mini "Mini" {
  version 2026-01-01
  in_force from 2026-01-01
  timezone "Europe/Paris"
  reference dossier.submitted_on
}

document CDC "Cahier"

record Item "Item" {
  name: text "Nom"
  amount: money "Montant"
}

record Address "Adresse" {
  city: text "Ville"
  zip: text? "Code postal"
}

record Contact "Contact" {
  name: text "Nom"
  address: Address "Adresse"
}

record Dossier "Dossier" {
  submitted_on: date "Date"
  contact: Contact "Contact"
  items: list of Item "Items"
}

input dossier: Dossier

rule R.ONE "Au moins un item" {
  source CDC §1
  require count(dossier.items) >= 1
}

output eligible: bool "Éligible" {
  source CDC §1
  all_rules_passed()
}

output total: money "Total" {
  source CDC §1
  sum(i in dossier.items: i.amount)
}

output contact: Contact "Contact" {
  source CDC §1
  dossier.contact
}

output names: list of text "Noms" {
  source CDC §1
  list(i in dossier.items: i.name)
}

output share: decimal "Part de chaque item" {
  source CDC §1
  100 / (count(dossier.items) - 3)
}
"#;

fn mini() -> Engine {
    let dir = scratch("mini-policy");
    std::fs::write(dir.join("2026-01-01.care"), MINI).unwrap();
    engine_of(&dir)
}

fn mini_dossier(city: &str, zip: Option<&str>, items: &[(&str, &str)]) -> Vec<u8> {
    let items: Vec<Json> = items
        .iter()
        .map(|(n, a)| serde_json::json!({"name": n, "amount": a}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "submitted_on": "2026-02-01",
        "contact": {"name": "Mme \"A\", B", "address": {"city": city, "zip": zip}},
        "items": items,
    }))
    .unwrap()
}

#[test]
fn csv_flattens_nested_outputs_into_dotted_columns() {
    let engine = mini();
    let batch = Batch::new(
        &engine,
        BatchOptions {
            format: OutputFormat::Csv,
            ..BatchOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        batch.csv_header(),
        "dossier,version,status,error,failed,eligible,total,contact.name,contact.address.city,\
         contact.address.zip,names,share\n"
    );
    let dossiers = vec![
        (
            DossierId::File("a.json".into()),
            Format::Json,
            mini_dossier("Lyon", Some("69001"), &[("x", "10.50"), ("y", "2")]),
        ),
        (
            DossierId::File("b.json".into()),
            Format::Json,
            mini_dossier("Paris, 1er", None, &[]),
        ),
        (
            DossierId::File("c.json".into()),
            Format::Json,
            b"{\"submitted_on\": 3}".to_vec(),
        ),
        (
            DossierId::File("d.json".into()),
            Format::Json,
            mini_dossier("Nice", None, &[("a", "1"), ("b", "1"), ("c", "1")]),
        ),
    ];
    let mut out = Vec::new();
    let summary = batch
        .run(MemorySource::new(dossiers), &mut out, |_| {})
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 5, "{out}");
    assert_eq!(
        rows[1],
        "a.json,2026-01-01,ok,,,true,12.50,\"Mme \"\"A\"\", B\",Lyon,69001,\"x, y\",-100"
    );
    assert_eq!(
        rows[2],
        "b.json,2026-01-01,ok,,R.ONE,false,0.00,\"Mme \"\"A\"\", B\",\"Paris, 1er\",,,-33.333333333333333333333333333"
    );
    assert!(
        rows[3].starts_with("c.json,,invalid_data,\"`submitted_on`: missing, and it decides"),
        "{}",
        rows[3]
    );
    assert!(rows[3].ends_with(",,,,,,,,"), "{}", rows[3]);
    assert!(
        rows[4].starts_with("d.json,2026-01-01,evaluation_error,"),
        "{}",
        rows[4]
    );
    assert!(rows[4].contains("division by zero"), "{}", rows[4]);
    assert_eq!(summary.counted, 4);
    assert_eq!(summary.evaluated, 2);
    assert_eq!(summary.errors_of(ErrorKind::Evaluation), 1);
    assert_eq!(summary.errors_of(ErrorKind::InvalidData), 1);
    assert_eq!(summary.true_counts, vec![("eligible".to_owned(), 1)]);
    assert_eq!(
        summary.money_sums,
        vec![(
            "total".to_owned(),
            Some(Decimal::from_str("12.50").unwrap())
        )]
    );
}

#[test]
fn french_csv_for_spreadsheets() {
    let engine = mini();
    let batch = Batch::new(
        &engine,
        BatchOptions {
            format: OutputFormat::Csv,
            csv: care_eval::batch::CsvDialect::French,
            ..BatchOptions::default()
        },
    )
    .unwrap();
    let dossiers = vec![(
        DossierId::File("a.json".into()),
        Format::Json,
        mini_dossier("Lyon; 1er", Some("69001"), &[("x", "10.50"), ("y", "2")]),
    )];
    let mut out = Vec::new();
    batch
        .run(MemorySource::new(dossiers), &mut out, |_| {})
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    // A byte order mark, so that a spreadsheet reads UTF-8; `;` between fields; decimal commas
    // in money, decimal and share columns only; booleans `oui` / `non`, as the French reports
    // write them; `;` inside a field quoted.
    assert!(
        out.starts_with("\u{FEFF}dossier;version;status;error;failed;eligible;total;"),
        "{out}"
    );
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[1],
        "a.json;2026-01-01;ok;;;oui;12,50;Mme \"\"A\"\", B;\"Lyon; 1er\";69001;x, y;-100"
            .replace("Mme \"\"A\"\", B", "\"Mme \"\"A\"\", B\"")
    );
}

#[test]
fn explanations_in_csv_are_refused_and_unknown_versions_too() {
    let engine = essms();
    let csv_explain = Batch::new(
        &engine,
        BatchOptions {
            format: OutputFormat::Csv,
            explain: true,
            ..BatchOptions::default()
        },
    );
    assert!(csv_explain.is_err());
    let unknown = Batch::new(
        &engine,
        BatchOptions {
            version: Some("2020-01-01".into()),
            ..BatchOptions::default()
        },
    );
    let message = unknown.err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        message,
        "no version `2020-01-01`; versions: `2026-03-31`, `2026-04-15`"
    );
}

/// The four examples of the data contract and a bad dossier, in a folder.
fn contract_folder() -> PathBuf {
    let examples = root().join("tests/fixtures/dossiers/essms-poc");
    let dir = scratch("contract");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("zz-bad.json"),
        "{\"id\": \"bad\", \"submitted_at\": 12}",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not a dossier").unwrap();
    dir
}

#[test]
fn summary_of_the_contract_examples_and_a_bad_dossier() {
    let dir = contract_folder();
    let engine = essms();
    let batch = Batch::new(&engine, BatchOptions::default()).unwrap();
    let source = FolderSource::new(&dir).unwrap();
    assert_eq!(source.len(), 5);
    let mut out = Vec::new();
    let summary = batch.run(source, &mut out, |_| {}).unwrap();
    let lines = lines(std::str::from_utf8(&out).unwrap());
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["dossier"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "late-submission.json",
            "p1-single-site.json",
            "p3-backup-split.json",
            "p3-group-seven-sites.json",
            "zz-bad.json"
        ]
    );
    // Each example gives its expected outputs and failed rules.
    for line in &lines[..4] {
        let name = line["dossier"].as_str().unwrap();
        let expected: Json = serde_json::from_str(
            &std::fs::read_to_string(dir.join(name.replace(".json", ".expected.json"))).unwrap(),
        )
        .unwrap();
        for (key, want) in expected.as_object().unwrap() {
            if key == "failed" {
                assert_eq!(&line["failed"], want, "{name}");
            } else {
                assert_eq!(&line["outputs"][key], want, "{name}: {key}");
            }
        }
    }
    assert_eq!(
        lines[4],
        // The dossier's own `id` is read even though its data is refused.
        serde_json::json!({"id": "bad", "dossier": "zz-bad.json", "error": {"kind": "invalid_data", "messages": [
            "`submitted_at`: missing, and it decides which version of the policy applies"
        ]}})
    );
    assert_eq!(summary.counted, 5);
    assert_eq!(summary.evaluated, 4);
    assert_eq!(summary.errors_total(), 1);
    assert_eq!(summary.errors_of(ErrorKind::InvalidData), 1);
    assert_eq!(summary.true_counts, vec![("eligible".to_owned(), 2)]);
    let sum = |name: &str| {
        summary
            .money_sums
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, s)| *s)
            .map(care_eval::render::money_string)
    };
    // Eligible: p1-single-site (9 400) and p3-group-seven-sites (98 600).
    assert_eq!(sum("grant").as_deref(), Some("108000.00"));
    assert_eq!(sum("flat_amount").as_deref(), Some("176000.00"));
    assert_eq!(
        summary.to_string(),
        "counted: 5 dossiers (4 evaluated, 1 with errors)\n\
         eligible: 2\n\
         grant (sum): 108000.00\n\
         flat_amount (sum): 176000.00\n\
         errors: invalid_data 1\n"
    );
}

#[test]
fn batch_lines_match_the_single_dossier_report() {
    let engine = essms();
    let dir = root().join("policies/essms-poc/tests");
    let batch = Batch::new(
        &engine,
        BatchOptions {
            explain: true,
            ..BatchOptions::default()
        },
    )
    .unwrap();
    let mut out = Vec::new();
    batch
        .run(FolderSource::new(&dir).unwrap(), &mut out, |_| {})
        .unwrap();
    let lines = lines(std::str::from_utf8(&out).unwrap());
    assert!(lines.len() > 30);
    for line in lines {
        let name = line["dossier"].as_str().unwrap();
        let path = dir.join(name);
        let bytes = std::fs::read(&path).unwrap();
        match engine.run(&bytes, Format::detect(&path, &bytes), None, true) {
            Ok(outcome) => {
                let report = serde_json::to_value(Report::new(&outcome)).unwrap();
                assert_eq!(line["outputs"], report["outputs"], "{name}");
                assert_eq!(line["failed"], report["failed"], "{name}");
                assert_eq!(line["explanation"], report["explanation"], "{name}");
                assert_eq!(line.get("checklist"), report.get("checklist"), "{name}");
                assert_eq!(line["policy"]["version"], report["policy"]["version"]);
            }
            Err(failure) => {
                assert_eq!(
                    line["error"]["messages"],
                    serde_json::json!(failure.lines()),
                    "{name}"
                );
            }
        }
    }
}

/// The data paths of explanations are kept from one dossier to the next (and dropped past a
/// bound, here in the middle of a dossier of 9,000 sites): each line of an explained batch still
/// names the data as the dossier's own report does, whatever came before it.
#[test]
fn paths_kept_across_dossiers_are_each_dossiers_own() {
    let engine = essms();
    let base: Json = serde_json::from_slice(
        &std::fs::read(root().join("policies/essms-poc/tests/aucun-site-compte.json")).unwrap(),
    )
    .unwrap();
    let dossiers: Vec<Vec<u8>> = [1500, 3, 9000, 2, 40]
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let mut d = base.clone();
            d["legal_entities"][0]["sites"] = (0..n)
                .map(|i| {
                    serde_json::json!({
                        "finess": format!("46{:07}", 100_000 + i + k),
                        "name": format!("Site {i}"),
                        "activity": if (i + k) % 3 == 0 { "sanitaire" } else { "medico_social" },
                    })
                })
                .collect();
            serde_json::to_vec(&d).unwrap()
        })
        .collect();
    let jsonl = dossiers.join(&b'\n');
    let explained = BatchOptions {
        explain: true,
        ..BatchOptions::default()
    };
    let (out, _) = run_jsonl(&engine, explained, &jsonl);
    let lines = lines(&out);
    assert_eq!(lines.len(), dossiers.len());
    for (line, bytes) in lines.iter().zip(&dossiers) {
        let outcome = engine.run(bytes, Format::Json, None, true).unwrap();
        let report = serde_json::to_value(Report::new(&outcome)).unwrap();
        assert_eq!(
            line["explanation"], report["explanation"],
            "line {}",
            line["dossier"]
        );
        // And each site's datum is that site's: the path names the value shown.
        let dossier: Json = serde_json::from_slice(bytes).unwrap();
        let mut seen = 0;
        for entry in line["explanation"].as_array().unwrap() {
            for datum in entry["data"].as_array().into_iter().flatten() {
                let path = datum["path"].as_str().unwrap();
                let Some(rest) = path.strip_prefix("legal_entities[0].sites[") else {
                    continue;
                };
                let (i, field) = rest.split_once("].").unwrap();
                let site = &dossier["legal_entities"][0]["sites"][i.parse::<usize>().unwrap()];
                assert_eq!(datum["value"], site[field], "{path}");
                seen += 1;
            }
        }
        assert!(seen > 0, "line {}: no site's data", line["dossier"]);
    }
}

/// Without explanations the evaluator takes shortcuts (borrowed reads, calls kept across
/// dossiers); with them it records every read. Both give the same decisions, dossier after
/// dossier on reused machines.
#[test]
fn shortcuts_decide_as_the_explained_evaluation() {
    let engine = essms();
    let decoders: Vec<care_eval::Decoder> = engine
        .versions()
        .iter()
        .map(|p| care_eval::Decoder::new(&p.schema).unwrap())
        .collect();
    let mut fast: Vec<_> = (0..decoders.len())
        .map(|v| engine.machine(v).unwrap())
        .collect();
    let mut explained: Vec<_> = (0..decoders.len())
        .map(|v| engine.machine(v).unwrap())
        .collect();
    let input = essms_jsonl(21, 1500);
    let mut lines = care_eval::jsonl_records(&input[..]);
    let mut n = 0;
    while let Some(line) = lines.next_line() {
        let line = line.unwrap();
        let v = engine.select(line.bytes, Format::Json, None).unwrap();
        let value = decoders[v].decode_json(line.bytes).unwrap().value;
        let program = engine.program(v).unwrap();
        let a = program
            .evaluate_with(&mut fast[v], value.clone(), false)
            .unwrap();
        let b = program
            .evaluate_with(&mut explained[v], value, true)
            .unwrap();
        assert_eq!(a.rules, b.rules, "line {}", line.number);
        assert_eq!(a.outputs.len(), b.outputs.len());
        for (x, y) in a.outputs.iter().zip(&b.outputs) {
            assert_eq!(format!("{x:?}"), format!("{y:?}"), "line {}", line.number);
        }
        n += 1;
    }
    assert_eq!(n, 1500);
}

/// A policy with a field spelt `id` and an output spelt `eligible`, naming neither: nothing is
/// taken by its spelling.
const NAMES: &str = r#"policy noms "Noms" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depose_le
  HEADER
}

document CDC "Cahier"

record Dossier "Dossier" {
  id: text "Identifiant technique"
  numero: text "Numéro du dossier"
  depose_le: date "Date"
  sites: int "Sites"
}

input dossier: Dossier

output eligible: bool "Éligible" {
  source CDC §1
  dossier.sites >= 1
}

output retenu: bool "Retenu" {
  source CDC §1
  dossier.sites >= 2
}
"#;

fn names_engine(header: &str) -> Engine {
    let dir = scratch(&format!("names-{}", header.len()));
    std::fs::write(dir.join("v.care"), NAMES.replace("HEADER", header)).unwrap();
    engine_of(&dir)
}

#[test]
fn the_header_names_the_identifier_and_the_decision() {
    let input = b"{\"id\":\"t-1\",\"numero\":\"N-1\",\"depose_le\":\"2026-02-01\",\"sites\":1}\n\
{\"id\":\"t-2\",\"numero\":\"N-2\",\"depose_le\":\"2026-02-01\",\"sites\":2}\n\
{\"id\":\"t-3\",\"numero\":\"N-3\",\"depose_le\":\"2026-02-01\",\"sites\":\"x\"}\n";
    // Named: lines lead with the identifier field (a refused dossier too); the summary counts the
    // decision only.
    let named = names_engine("identifier dossier.numero\n  decision retenu");
    let (out, summary) = run_jsonl(&named, BatchOptions::default(), input);
    let l = lines(&out);
    assert_eq!(l[0]["numero"], "N-1");
    assert_eq!(l[2]["numero"], "N-3");
    assert_eq!(l[2]["error"]["kind"], "invalid_data");
    assert!(l[0].get("id").is_none(), "{out}");
    assert_eq!(summary.true_counts, vec![("retenu".to_string(), 1)]);
    assert!(
        out.starts_with("{\"numero\":\"N-1\",\"dossier\":1,"),
        "{out}"
    );
    let batch = Batch::new(
        &named,
        BatchOptions {
            format: OutputFormat::Csv,
            ..BatchOptions::default()
        },
    )
    .unwrap();
    assert!(batch.csv_header().starts_with("numero,dossier,"));
    // Not named: no field is the dossier's name, every bool output is counted.
    let plain = names_engine("");
    let (out, summary) = run_jsonl(&plain, BatchOptions::default(), input);
    assert!(out.starts_with("{\"dossier\":1,"), "{out}");
    assert_eq!(
        summary.true_counts,
        vec![("eligible".to_string(), 2), ("retenu".to_string(), 1)]
    );
}

/// A line's name is the identifier's text, whether it is taken from the decoded data (a dossier
/// judged by a version that names the same identifier) or read from the bytes (a refused
/// dossier, or one judged by an older version naming another field): escapes read alike, and
/// an older version's own identifier not taken for the latest's.
#[test]
fn a_lines_name_is_the_identifiers_text_however_it_is_found() {
    let dir = scratch("names-versions");
    let older = NAMES
        .replace("HEADER", "identifier dossier.id")
        .replace("version 2026-01-01", "version 2025-01-01");
    std::fs::write(dir.join("a.care"), older).unwrap();
    std::fs::write(
        dir.join("b.care"),
        NAMES.replace("HEADER", "identifier dossier.numero"),
    )
    .unwrap();
    let engine = engine_of(&dir);
    assert_eq!(engine.versions().len(), 2);
    let input = concat!(
        r#"{"id":"t-1","numero":"N-\u00e9\"1","depose_le":"2026-02-01","sites":1}"#,
        "\n",
        r#"{"id":"t-2","numero":"N-\u00e9\"2","depose_le":"2026-02-01","sites":"x"}"#,
        "\n",
        r#"{"id":"t-3","numero":"N-3","depose_le":"2025-06-01","sites":1}"#,
        "\n",
        r#"{"numero":"N-4","id":"t-4","depose_le":"2026-02-01","sites":2}"#,
        "\n",
    );
    let (out, _) = run_jsonl(&engine, BatchOptions::default(), input.as_bytes());
    let l = lines(&out);
    assert_eq!(l[0]["numero"], "N-é\"1", "{out}");
    assert_eq!(l[0]["policy"]["version"], "2026-01-01");
    assert_eq!(l[1]["numero"], "N-é\"2", "{out}");
    assert_eq!(l[1]["error"]["kind"], "invalid_data");
    assert_eq!(l[2]["numero"], "N-3", "{out}");
    assert_eq!(l[2]["policy"]["version"], "2025-01-01");
    assert_eq!(l[3]["numero"], "N-4", "{out}");
}
