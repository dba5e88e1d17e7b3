//! What the profiling examples evaluate: a policy's versions (ESSMS unless `POLICY=…`, another
//! policy's folder, to compare variants of it) and 2,000 dossiers as `care sample` writes them,
//! for each version in turn, decoded with the version in force at their date.

use care_eval::engine::Engine;
use care_eval::{jsonl_records, Decoder, Format, Value};

/// The engine of the policy's versions, if the policy checks.
pub fn engine() -> Option<Engine> {
    let dir = std::env::var_os("POLICY").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc"),
        std::path::PathBuf::from,
    );
    let report = care_check::check_paths(&[dir]).ok()?;
    Engine::new(report.policies.clone()).ok()
}

/// The sampled dossiers, decoded, each with the index of its version.
pub fn dossiers(engine: &Engine) -> Vec<(usize, Value)> {
    let decoders: Vec<Decoder> = engine
        .versions()
        .iter()
        .filter_map(|p| Decoder::new(&p.schema).ok())
        .collect();
    let mut samplers: Vec<care_eval::sample::Sampler<'_>> = engine
        .versions()
        .iter()
        .map(|p| care_eval::sample::Sampler::new(p, 7))
        .collect();
    let mut jsonl = String::new();
    for i in 0..2000 {
        let k = i % samplers.len().max(1);
        if let Some(s) = samplers.get_mut(k) {
            s.write_json(&mut jsonl);
            jsonl.push('\n');
        }
    }
    let jsonl = jsonl.into_bytes();
    let mut dossiers = Vec::new();
    let mut lines = jsonl_records(&jsonl[..]);
    while let Some(Ok(line)) = lines.next_line() {
        let Ok(v) = engine.select(line.bytes, Format::Json, None) else {
            continue;
        };
        if let Some(d) = decoders.get(v).and_then(|d| d.decode_json(line.bytes).ok()) {
            dossiers.push((v, d.value));
        }
    }
    dossiers
}
