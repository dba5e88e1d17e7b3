//! The simplified grant rule the issue's reference figures were measured on (tranches, cap, DUI
//! check, choose 3, all-or-none), written in `.care` and evaluated on pre-decoded dossiers, one
//! core, explanations off: `cargo bench -p care-eval --bench simplified`. Comparable to the
//! issue's figures (datalogic-rs ≈ 400 k/s, hand-written Rust on `serde_json::Value` 0.6 M/s).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

#[path = "alloc/mod.rs"]
mod allocator;

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_eval::eval::{Machine, Program};
use care_eval::{Decoder, Value};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;

const POLICY: &str = r#"
policy simple "Règle simplifiée" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.submitted_at
}

document CDC "Cahier des charges"

record EJ {
  dui_segur: bool
  dui_wave: int
  sites: int
}

record Dossier {
  submitted_at: instant
  parcours: track
  ejs: list of EJ
  choix: list of code
}

input dossier: Dossier

track P1 "Parcours 1" {
  key 1
  source CDC §2
  a_la_carte {
    choose at_least 3
    objective X.A "A"
    objective X.B "B"
    objective X.E "E"
    objective X.F "F"
    objective X.G "G"
  }
}

track P2 "Parcours 2" {
  key 2
  source CDC §2
}

table taux "Taux par rang" {
  source CDC §5
  | rang  | taux  |
  | 1..4  | 100 % |
  | 5     | 80 %  |
  | 6     | 60 %  |
  | 7     | 40 %  |
  | 8..12 | 20 %  |
  | 13..  | 0 %   |
}

table montants "Montants" {
  source CDC §5
  | parcours | unitaire | plafond  |
  | P1       | 9400 €   | 60000 €  |
  | P2       | 17000 €  | 115600 € |
}

function forfait(n: int, p: track): money "Forfait" {
  source CDC §5
  min(sum(i in 1..n: montants(p).unitaire * taux(i)), montants(p).plafond)
}

rule DUI "DUI Ségur vague 1" {
  source CDC §2
  for each e in dossier.ejs
  require e.dui_segur and e.dui_wave == 1
}

rule CHOIX "Trois objectifs distincts" {
  source CDC §2
  require count(distinct(dossier.choix)) >= 3
}

rule SAUVEGARDE "Sauvegarde indissociable" {
  source CDC §2
  require all_or_none([X.E, X.F, X.G], dossier.choix)
}

output eligible: bool "Éligible" {
  source CDC §2
  all_rules_passed()
}

output grant: money "Subvention" {
  source CDC §5
  if eligible then forfait(sum(e in dossier.ejs: e.sites), dossier.parcours) else 0 €
}
"#;

fn dossier(i: usize) -> String {
    let ejs: Vec<String> = (0..1 + i % 3)
        .map(|k| {
            format!(
                r#"{{"dui_segur": {}, "dui_wave": {}, "sites": {}}}"#,
                !(i + k).is_multiple_of(7),
                1 + usize::from((i + k).is_multiple_of(11)),
                1 + (i + k) % 5
            )
        })
        .collect();
    let choix = match i % 4 {
        0 => r#"["X.A", "X.B", "X.E"]"#,
        1 => r#"["X.E", "X.F", "X.G"]"#,
        2 => r#"["X.A", "X.A", "X.B"]"#,
        _ => r#"["X.A", "X.B", "X.G", "X.F", "X.E"]"#,
    };
    format!(
        r#"{{"submitted_at": "2026-05-20T10:15:00+02:00", "parcours": {}, "ejs": [{}], "choix": {choix}}}"#,
        1 + i % 2,
        ejs.join(", ")
    )
}

fn bench(c: &mut Criterion) {
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("/bench/simple.care"), POLICY.to_string());
    let (diags, policies) = check_workspace(&mut ws, &[id]);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let policy = policies[0].clone();
    let decoder = Decoder::new(&policy.schema).unwrap();
    let n = 10_000;
    let dossiers: Vec<Value> = (0..n)
        .map(|i| decoder.decode_json(dossier(i).as_bytes()).unwrap().value)
        .collect();
    let program = Program::new(policy);
    let mut machine = Machine::new(&program);
    // The figures mean something only if the decisions vary.
    let eligible = dossiers
        .iter()
        .filter(|d| {
            program
                .evaluate_with(&mut machine, (*d).clone(), false)
                .unwrap()
                .outputs[0]
                .as_bool()
                == Some(true)
        })
        .count();
    assert!(eligible > n / 10 && eligible < n * 9 / 10, "{eligible}");

    let mut g = c.benchmark_group("simplified_rule");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("predecoded", |b| {
        b.iter(|| {
            for d in &dossiers {
                black_box(
                    program
                        .evaluate_with(&mut machine, d.clone(), false)
                        .unwrap(),
                );
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
