//! Evaluates sampled ESSMS dossiers (`care sample`) already decoded, for profilers:
//! `valgrind --tool=callgrind --toggle-collect='*evaluate_with*' target/release/examples/profile_eval`.

#[path = "../benches/alloc/mod.rs"]
mod allocator;

use care_eval::eval::Machine;
use care_eval::{jsonl_records, Decoder, Format};

fn main() {
    // Another policy's folder (`POLICY=…`) to compare variants of it.
    let dir = std::env::var_os("POLICY").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc"),
        std::path::PathBuf::from,
    );
    let Ok(report) = care_check::check_paths(&[dir]) else {
        return;
    };
    let Ok(engine) = care_eval::engine::Engine::new(report.policies.clone()) else {
        return;
    };
    let decoders: Vec<Decoder> = engine
        .versions()
        .iter()
        .filter_map(|p| Decoder::new(&p.schema).ok())
        .collect();
    // Dossiers as `care sample` writes them, for each version in turn.
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
        if let Ok(d) = decoders[v].decode_json(line.bytes) {
            dossiers.push((v, d.value));
        }
    }
    let mut machines: Vec<Machine<'_>> = (0..engine.versions().len())
        .filter_map(|v| engine.machine(v))
        .collect();
    let (mut eligible, mut errors) = (0, 0);
    for _ in 0..5 {
        for (v, d) in &dossiers {
            let Some(p) = engine.program(*v) else {
                continue;
            };
            match p.evaluate_with(
                &mut machines[*v],
                d.clone(),
                std::env::var_os("EXPLAIN").is_some(),
            ) {
                Ok(e) => {
                    eligible +=
                        usize::from(e.outputs.first().and_then(|o| o.as_bool()) == Some(true));
                }
                Err(_) => errors += 1,
            }
        }
    }
    println!(
        "{} dossiers, {eligible} eligible evaluations, {errors} errors",
        dossiers.len()
    );
}
