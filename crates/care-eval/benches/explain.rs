//! Explanations of one large dossier, one core: the trace and the report as `care eval --explain`
//! writes it (JSON), the dossier decoded before the clock starts:
//! `cargo bench -p care-eval --bench explain`.
//!
//! The group `report_html_essms_sites` adds the page an instructor reads (`care eval --format
//! html`: the view, its words and its chart) to the same explanations.
//!
//! Target: linear in the size of the dossier (before: an ESSMS legal entity with 500 sites took
//! 0.01 s, 5,000 0.13 s, 20,000 1.4 s; a D1 bis dossier with 10,000 audits 15 s).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

#[path = "alloc/mod.rs"]
mod allocator;

use care_eval::engine::{Engine, Outcome};
use care_eval::report::Report;
use care_eval::view::{Audience, View};
use care_eval::Format;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::{json, Value as Json};
use std::hint::black_box;
use std::path::Path;

fn policy(name: &str) -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(name);
    let report = care_check::check_paths(&[dir]).unwrap();
    assert!(report.diagnostics.iter().all(|d| !d.is_error()));
    Engine::new(report.policies.clone()).unwrap()
}

fn fixture(policy: &str, name: &str) -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(policy)
        .join("tests")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// An ESSMS dossier whose one legal entity has `n` sites.
pub fn essms_sites(n: usize) -> Vec<u8> {
    let mut d = fixture("essms-poc", "aucun-site-compte.json");
    let sites: Vec<Json> = (0..n)
        .map(|i| {
            json!({
                "finess": format!("46{:07}", 100_000 + i),
                "name": format!("Site {i}"),
                "activity": if i % 3 == 0 { "sanitaire" } else { "medico_social" },
            })
        })
        .collect();
    d["legal_entities"][0]["sites"] = Json::Array(sites);
    serde_json::to_vec(&d).unwrap()
}

/// A D1 bis dossier with `n` audits of its Active Directory (and as many of its exposure).
pub fn d1bis_audits(n: usize) -> Vec<u8> {
    let mut d = fixture("care-d1bis", "irregular-ad-audits.json");
    let start = jiff::civil::date(2026, 2, 20);
    let day = |i: usize| {
        start
            .checked_add(jiff::Span::new().days((i % 200) as i64))
            .unwrap()
    };
    d["ad_audits"] = (0..n)
        .map(|i| json!({"directory": "ad.local", "date": day(i).to_string(), "score": 2 + i % 3}))
        .collect();
    d["exposure_audits"] = (0..n)
        .map(|i| {
            json!({"date": day(i).to_string(), "max_cvss": "5", "critical_risks": 0,
                   "establishments": ["750000011"]})
        })
        .collect();
    serde_json::to_vec(&d).unwrap()
}

/// Evaluates with explanations and writes the report; the size of the report.
fn explain(engine: &Engine, bytes: &[u8]) -> usize {
    let outcome: Outcome<'_> = engine.run(bytes, Format::Json, None, true).unwrap();
    let report = Report::new(&outcome);
    serde_json::to_vec(&report).unwrap().len()
}

fn bench(c: &mut Criterion) {
    let essms = policy("essms-poc");
    let mut g = c.benchmark_group("explain_essms_sites");
    g.sample_size(10);
    for n in [500, 5_000, 20_000] {
        let bytes = essms_sites(n);
        assert!(explain(&essms, &bytes) > 0);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| black_box(explain(&essms, bytes)))
        });
    }
    g.finish();
    let d1bis = policy("care-d1bis");
    let mut g = c.benchmark_group("explain_d1bis_audits");
    g.sample_size(10);
    for n in [1_000, 10_000, 40_000] {
        let bytes = d1bis_audits(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| black_box(explain(&d1bis, bytes)))
        });
    }
    g.finish();
}

/// Evaluates with explanations and renders the instructor's HTML page; its size.
fn html(engine: &Engine, bytes: &[u8]) -> usize {
    let outcome: Outcome<'_> = engine.run(bytes, Format::Json, None, true).unwrap();
    View::new(&outcome, Audience::Instructor).html().len()
}

/// Before the lookups of a sum were counted in one pass, 8,000 sites took 18 s.
fn bench_html(c: &mut Criterion) {
    let essms = policy("essms-poc");
    let mut g = c.benchmark_group("report_html_essms_sites");
    g.sample_size(10);
    for n in [500, 2_000, 8_000] {
        let bytes = essms_sites(n);
        assert!(html(&essms, &bytes) > 0);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &bytes, |b, bytes| {
            b.iter(|| black_box(html(&essms, bytes)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_html);
criterion_main!(benches);
