//! Parse + check speed: the editor re-checks on every keystroke.
//! Targets: all of `policies/` under 5 ms, a 10,000-line policy under 50 ms.

use care_check::loader::{care_files, check_workspace};
use care_check::workspace::Workspace;
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};

fn check_texts(texts: &[(PathBuf, String)]) -> usize {
    let mut ws = Workspace::new();
    let ids: Vec<_> = texts
        .iter()
        .map(|(p, t)| ws.add_text(p, t.clone()))
        .collect();
    let (diags, policies) = check_workspace(&mut ws, &ids);
    diags.len() + policies.len()
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let files = care_files(&[root]).unwrap_or_default();
    let policies: Vec<(PathBuf, String)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap_or_default()))
        .collect();
    let lines: usize = policies.iter().map(|(_, t)| t.lines().count()).sum();
    c.bench_function(
        &format!(
            "parse+check policies/ ({} files, {lines} lines)",
            policies.len()
        ),
        |b| b.iter(|| check_texts(&policies)),
    );

    let big = care_check::generate::policy(10_000);
    let big_lines = big.lines().count();
    let generated = vec![(PathBuf::from("/generated/gen.care"), big)];
    c.bench_function(&format!("parse+check generated ({big_lines} lines)"), |b| {
        b.iter(|| check_texts(&generated))
    });
    c.bench_function(&format!("parse only generated ({big_lines} lines)"), |b| {
        b.iter(|| {
            care_syntax::parse(&generated[0].1, care_syntax::FileId(0))
                .file
                .items
                .len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
