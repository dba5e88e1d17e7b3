//! Evaluation speed on generated ESSMS dossiers (`care_eval::sample`, what `care sample` writes), one core:
//! `cargo bench -p care-eval --bench eval`.
//!
//! Targets (explanations off unless said, issue 9): ≥ 500,000 dossiers/s already decoded
//! (`eval_predecoded`), ≥ 250 MB/s end to end from JSON Lines (`eval_jsonl`), ≥ 50,000
//! dossiers/s with full explanations (`eval_explain`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

#[path = "alloc/mod.rs"]
mod allocator;

use std::hint::black_box;
use std::path::Path;

use care_eval::batch::{Batch, BatchOptions, JsonlSource, OutputFormat, Workspace};
use care_eval::engine::{Engine, Outcome};
use care_eval::eval::Machine;
use care_eval::report::Report;
use care_eval::{jsonl_records, Decoder, Format, Value};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const SEED: u64 = 2026;

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

fn engine() -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    let report = care_check::check_paths(&[dir]).unwrap();
    assert!(report.diagnostics.iter().all(|d| !d.is_error()));
    Engine::new(report.policies.clone()).unwrap()
}

/// The dossiers of a JSON Lines stream, each decoded with the version in force at its date.
fn decode_all(engine: &Engine, decoders: &[Decoder], jsonl: &[u8]) -> Vec<(usize, Value)> {
    let mut out = Vec::new();
    let mut lines = jsonl_records(jsonl);
    while let Some(line) = lines.next_line() {
        let line = line.unwrap();
        let v = engine.select(line.bytes, Format::Json, None).unwrap();
        out.push((v, decoders[v].decode_json(line.bytes).unwrap().value));
    }
    out
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let decoders: Vec<Decoder> = engine
        .versions()
        .iter()
        .map(|p| Decoder::new(&p.schema).unwrap())
        .collect();
    let n = 10_000;
    let jsonl = essms_jsonl(SEED, n);
    let dossiers = decode_all(&engine, &decoders, &jsonl);
    assert_eq!(dossiers.len(), n);
    let versions = engine.versions().len();
    let programs: Vec<_> = (0..versions).map(|v| engine.program(v).unwrap()).collect();
    let mut machines: Vec<Machine<'_>> =
        (0..versions).map(|v| engine.machine(v).unwrap()).collect();

    // (1) Already decoded: the evaluator alone, a machine reused per version.
    let mut g = c.benchmark_group("eval_predecoded");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("evaluate_with", |b| {
        b.iter(|| {
            let mut eligible = 0usize;
            for (v, input) in &dossiers {
                let e = programs[*v]
                    .evaluate_with(&mut machines[*v], input.clone(), false)
                    .unwrap();
                eligible += usize::from(e.outputs[0] == Value::Bool(true));
                // Its lists serve the next dossier, as in a batch.
                machines[*v].recycle(e);
            }
            black_box(eligible)
        })
    });
    g.bench_function("evaluate_new_machine", |b| {
        b.iter(|| {
            for (v, input) in &dossiers {
                black_box(programs[*v].evaluate(input.clone(), false).unwrap());
            }
        })
    });
    g.finish();

    // (2) End to end from JSON Lines bytes.
    let mut g = c.benchmark_group("eval_jsonl");
    g.throughput(Throughput::Bytes(jsonl.len() as u64));
    g.bench_function("decode_only", |b| {
        b.iter(|| {
            let mut lines = jsonl_records(black_box(&jsonl[..]));
            while let Some(line) = lines.next_line() {
                let line = line.unwrap();
                let v = engine.select(line.bytes, Format::Json, None).unwrap();
                black_box(decoders[v].decode_json(line.bytes).unwrap());
            }
        })
    });
    g.bench_function("decode_evaluate", |b| {
        b.iter(|| {
            let mut lines = jsonl_records(black_box(&jsonl[..]));
            while let Some(line) = lines.next_line() {
                let line = line.unwrap();
                let v = engine.select(line.bytes, Format::Json, None).unwrap();
                let d = decoders[v].decode_json(line.bytes).unwrap();
                let e = programs[v]
                    .evaluate_with(&mut machines[v], d.value, false)
                    .unwrap();
                black_box(&e);
                machines[v].recycle(e);
            }
        })
    });
    for (name, format) in [
        ("batch_item_jsonl", OutputFormat::Jsonl),
        ("batch_item_csv", OutputFormat::Csv),
    ] {
        let batch = Batch::new(
            &engine,
            BatchOptions {
                format,
                ..BatchOptions::default()
            },
        )
        .unwrap();
        let mut ws = Workspace::new(&batch);
        let mut out = String::with_capacity(1 << 20);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut lines = jsonl_records(black_box(&jsonl[..]));
                while let Some(line) = lines.next_line() {
                    let line = line.unwrap();
                    out.clear();
                    batch.evaluate_line(&mut ws, line.number, line.bytes, &mut out);
                }
                black_box(out.len())
            })
        });
    }
    // The whole batch on one worker thread, then on two (the target: two at 1.8× one), written
    // to a sink.
    for (name, threads) in [("batch_run_1_thread", 1), ("batch_run_2_threads", 2)] {
        let batch = Batch::new(
            &engine,
            BatchOptions {
                threads: Some(threads),
                ..BatchOptions::default()
            },
        )
        .unwrap();
        g.bench_function(name, |b| {
            b.iter(|| {
                let summary = batch
                    .run(
                        JsonlSource::new(black_box(&jsonl[..])),
                        std::io::sink(),
                        |_| {},
                    )
                    .unwrap();
                assert_eq!(summary.counted, n as u64);
            })
        });
    }
    g.finish();

    // (3) With explanations: the trace, then the report as the batch writes it.
    let few = &dossiers[..2_000];
    let mut g = c.benchmark_group("eval_explain");
    g.throughput(Throughput::Elements(few.len() as u64));
    g.bench_function("evaluate_with_trace", |b| {
        b.iter(|| {
            for (v, input) in few {
                black_box(
                    programs[*v]
                        .evaluate_with(&mut machines[*v], input.clone(), true)
                        .unwrap(),
                );
            }
        })
    });
    g.bench_function("trace_and_report_json", |b| {
        let mut buf = Vec::with_capacity(1 << 16);
        b.iter(|| {
            for (v, input) in few {
                let evaluation = programs[*v]
                    .evaluate_with(&mut machines[*v], input.clone(), true)
                    .unwrap();
                let outcome = Outcome {
                    version: *v,
                    policy: &engine.versions()[*v],
                    program: programs[*v],
                    input: input.clone(),
                    evaluation,
                    warnings: Vec::new(),
                };
                let report = Report::new(&outcome);
                buf.clear();
                serde_json::to_writer(&mut buf, &report).unwrap();
                black_box(buf.len());
            }
        })
    });
    let explain = Batch::new(
        &engine,
        BatchOptions {
            explain: true,
            ..BatchOptions::default()
        },
    )
    .unwrap();
    let few_jsonl = essms_jsonl(SEED, few.len());
    g.bench_function("batch_item_jsonl_explain", |b| {
        let mut ws = Workspace::new(&explain);
        let mut out = String::with_capacity(1 << 20);
        b.iter_batched_ref(
            || (),
            |()| {
                let mut lines = jsonl_records(&few_jsonl[..]);
                while let Some(line) = lines.next_line() {
                    let line = line.unwrap();
                    out.clear();
                    explain.evaluate_line(&mut ws, line.number, line.bytes, &mut out);
                }
                black_box(out.len())
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
