//! The peers' grant rule (`benches/grant/grant.care`, written the natural way: lookups inside the
//! sum, list literals in the conditions) on the 100,000 dossiers of `gen_grant.py` (seed 42),
//! decoded before the clock starts, one core, explanations off:
//! `cargo bench -p care-eval --bench grant`.
//!
//! The peers, same rule and dossiers: datalogic-rs ≈ 506 k evaluations/s, hand-written
//! Rust on `serde_json::Value` 604 k/s. Target: ≥ 2.5× datalogic-rs (≈ 1.3 M/s). Both measured
//! beside care, in the same runs: docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

#[path = "alloc/mod.rs"]
mod allocator;

#[path = "grant/mod.rs"]
mod grant;

use care_eval::eval::Machine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rust_decimal::Decimal;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let program = grant::program();
    let n = 100_000;
    let dossiers = grant::decoded(&program, n);
    // The totals of the peers' runs: the same dossiers, the same decisions.
    assert_eq!(
        grant::totals(&program, &dossiers),
        (47_392, Decimal::from(3_566_482_280u64))
    );
    let mut machine = Machine::new(&program);
    let mut g = c.benchmark_group("grant");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("evaluate_with", |b| {
        b.iter(|| {
            for d in &dossiers {
                let e = program
                    .evaluate_with(&mut machine, d.clone(), false)
                    .unwrap();
                black_box(&e);
                machine.recycle(e);
            }
        })
    });
    // The first 2,000 dossiers, evaluated again and again: they stay in the caches, so this
    // measures the evaluation without the memory traffic of 100,000 decoded dossiers.
    let few = &dossiers[..2_000];
    g.throughput(Throughput::Elements(few.len() as u64));
    g.bench_function("evaluate_with_cached_2000", |b| {
        b.iter(|| {
            for d in few {
                let e = program
                    .evaluate_with(&mut machine, d.clone(), false)
                    .unwrap();
                black_box(&e);
                machine.recycle(e);
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
