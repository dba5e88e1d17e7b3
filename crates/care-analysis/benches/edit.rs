//! The editor's costs through the analysis host, as the server drives it.
//! Targets (issue 6): edit → diagnostics ≤ 5 ms median on the ESSMS policy and ≤ 20 ms on a
//! generated 10,000-line policy; hover, definition and completion ≤ 2 ms.

use care_analysis::AnalysisHost;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::path::{Path, PathBuf};

fn essms() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    ["2026-03-31.care", "2026-04-15.care", "donnees.care"]
        .iter()
        .map(|n| {
            (
                PathBuf::from("/ws/essms-poc").join(n),
                std::fs::read_to_string(dir.join(n)).unwrap_or_default(),
            )
        })
        .collect()
}

/// A host with the files loaded and analysed once, as after opening them.
fn warm(files: &[(PathBuf, String)]) -> AnalysisHost {
    let mut host = AnalysisHost::new();
    for (p, t) in files {
        host.set_file(p, t.clone());
    }
    let _ = host.analysis().diagnostics(&files[0].0);
    host
}

/// One keystroke: a character typed into a note of `file` (toggled, so each edit changes the
/// text), then the diagnostics the server publishes.
fn keystroke(c: &mut Criterion, name: &str, files: Vec<(PathBuf, String)>, needle: &str) {
    let mut host = warm(&files);
    let (path, text) = files[0].clone();
    let at = text.find(needle).map_or(0, |i| i + needle.len());
    let variants = [text.clone(), format!("{}x{}", &text[..at], &text[at..])];
    let mut i = 0;
    c.bench_function(name, |b| {
        b.iter(|| {
            i += 1;
            host.set_file(&path, variants[i % 2].clone());
            host.analysis().diagnostics(&path).len()
        })
    });
}

fn queries(c: &mut Criterion) {
    let files = essms();
    let mut host = warm(&files);
    let (path, text) = files[0].clone();
    let analysis = host.analysis();
    let code = text.rfind("POC.P3.O4.E").unwrap_or(0) + 3;
    let field = text.find("dossier.legal_entities").unwrap_or(0) + 10;
    c.bench_function("hover objective code (ESSMS)", |b| {
        b.iter(|| analysis.hover(&path, code).map(|h| h.markdown.len()))
    });
    c.bench_function("definition of a field (ESSMS)", |b| {
        b.iter(|| analysis.definition(&path, field).len())
    });
    c.bench_function("references of an objective code (ESSMS)", |b| {
        b.iter(|| analysis.references(&path, code, true).len())
    });
    // Completion after `dossier.` on a line being typed: the analysis of that text is done
    // (the server has published its diagnostics), the query alone is measured.
    let anchor = "output eligible: bool \"Candidature éligible\" {\n";
    let typed = text.replacen(anchor, &format!("{anchor}  let x = dossier.\n"), 1);
    let at = typed.find("let x = dossier.").unwrap_or(0) + "let x = dossier.".len();
    host.set_file(&path, typed);
    let typed_analysis = host.analysis();
    let _ = typed_analysis.diagnostics(&path);
    c.bench_function("completion after `dossier.` (ESSMS)", |b| {
        b.iter(|| typed_analysis.completions(&path, at).len())
    });
    c.bench_function("completion at a line start in a rule (ESSMS)", |b| {
        b.iter_batched(
            || typed_analysis.clone(),
            |a| a.completions(&path, at - "let x = dossier.".len()).len(),
            BatchSize::SmallInput,
        )
    });
}

fn bench(c: &mut Criterion) {
    keystroke(
        c,
        "edit → diagnostics, ESSMS version file",
        essms(),
        "note \"",
    );
    let mut module_first = essms();
    module_first.rotate_left(2);
    keystroke(
        c,
        "edit → diagnostics, ESSMS module (both versions)",
        module_first,
        "legal_entities: list of EntiteJuridique \"",
    );
    let big = care_check::generate::policy(10_000);
    let lines = big.lines().count();
    keystroke(
        c,
        &format!("edit → diagnostics, generated policy ({lines} lines)"),
        vec![(PathBuf::from("/ws/gen/gen.care"), big)],
        "\"Objectif 1",
    );
    queries(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
