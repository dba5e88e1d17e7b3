//! What `care test --coverage` and `care test --mutate` cost on the ESSMS policy and its fixtures,
//! one core: `cargo bench -p care-eval --bench evidence`.
//!
//! A mutation run is, per mutant, one check of the changed files (`mutant_check`) and the
//! fixtures against the changed policy (`mutant_fixtures`, at most: it stops at the first fixture
//! that catches the mutant), spread over the cores. Target: the whole ESSMS run (72 mutants)
//! under 10 s of CPU, so that CI can run it on every change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

#[path = "alloc/mod.rs"]
mod allocator;

use care_eval::coverage;
use care_eval::engine::Engine;
use care_eval::fixtures::{discover, run_case, Status};
use care_eval::mutation;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    let report = care_check::check_paths(std::slice::from_ref(&dir)).unwrap();
    let engine = Engine::new(report.policies.clone()).unwrap();
    let fixtures = discover(&dir.join("tests")).ok().unwrap();
    let files: mutation::Files = report
        .sources
        .iter()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect();
    let mutants = mutation::mutants(&report.policies);
    // The last one: `not` dropped in an output, caught late in the fixtures' order.
    let mutant = mutants.last().unwrap().clone();

    let mut g = c.benchmark_group("evidence");
    g.sample_size(20);
    g.bench_function("coverage_essms", |b| {
        b.iter(|| black_box(coverage::measure(&engine, &fixtures)))
    });
    g.bench_function("mutant_check", |b| {
        b.iter(|| black_box(mutation::check_mutated(&files, &mutant).unwrap()))
    });
    g.bench_function("mutant_fixtures", |b| {
        b.iter(|| {
            let n = fixtures
                .iter()
                .filter(|f| run_case(&engine, f).status == Status::Passed)
                .count();
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
