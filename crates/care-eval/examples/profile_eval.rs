//! Evaluates sampled ESSMS dossiers (`care sample`) already decoded, for profilers:
//! `valgrind --tool=callgrind --toggle-collect='*evaluate_with*' target/release/examples/profile_eval`.

#[path = "../benches/alloc/mod.rs"]
mod allocator;
mod sampled;

use care_eval::eval::Machine;

fn main() {
    let Some(engine) = sampled::engine() else {
        return;
    };
    let dossiers = sampled::dossiers(&engine);
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
                    machines[*v].recycle(e);
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
