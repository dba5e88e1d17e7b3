//! Decoding speed of a ~2 KB ESSMS dossier: `cargo bench -p care-eval --bench decode`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

#[path = "alloc/mod.rs"]
mod allocator;

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use care_eval::{jsonl_records, peek_root_field, Decoder, Format};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::de::IgnoredAny;

fn bench(c: &mut Criterion) {
    let dec = Decoder::new(&common::essms_schema()).unwrap();
    let doc = common::ESSMS_DOSSIER.as_bytes();
    assert!(dec.decode_json(doc).is_ok());

    let mut g = c.benchmark_group("essms");
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("decode_json", |b| {
        b.iter(|| dec.decode_json(black_box(doc)).unwrap())
    });
    g.bench_function("decode_yaml", |b| {
        b.iter(|| dec.decode_yaml(black_box(doc)).unwrap())
    });
    g.bench_function("peek_submitted_at", |b| {
        b.iter(|| peek_root_field(black_box(doc), Format::Json, "submitted_at").unwrap())
    });
    // Baselines: serde_json parsing alone, and into its own tree.
    g.bench_function("baseline_serde_ignored", |b| {
        b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(doc)).unwrap())
    });
    g.bench_function("baseline_serde_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(doc)).unwrap())
    });
    g.finish();

    // JSON Lines end to end: split the stream and decode every line.
    let line = common::ESSMS_DOSSIER.replace('\n', " ");
    let stream = format!("{line}\n").repeat(1000);
    let mut g = c.benchmark_group("essms_jsonl");
    g.throughput(Throughput::Bytes(stream.len() as u64));
    g.bench_function("1000_lines", |b| {
        b.iter(|| {
            let mut lines = jsonl_records(black_box(stream.as_bytes()));
            let mut n = 0;
            while let Some(line) = lines.next_line() {
                let line = line.unwrap();
                dec.decode_json(line.bytes).unwrap();
                n += 1;
            }
            assert_eq!(n, 1000);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
