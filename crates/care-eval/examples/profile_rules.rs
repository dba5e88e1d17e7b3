//! The cost of each rule and output of a policy (ESSMS unless `POLICY=…`) on sampled dossiers
//! already decoded, for callgrind: each rule and output is asked for in the order
//! `evaluate_with` asks, through a function of its own (`rule_3`, `output_1`), so that a
//! profile gives each one's instructions, the values it is first to need included:
//! `valgrind --tool=callgrind --toggle-collect='profile_rules::rule_*' --toggle-collect='profile_rules::output_*' target/release/examples/profile_rules`,
//! then `callgrind_annotate --inclusive=yes` (divide by the dossiers evaluated, printed).

#[path = "../benches/alloc/mod.rs"]
mod allocator;
mod sampled;

use care_eval::eval::Machine;

fn main() {
    let Some(engine) = sampled::engine() else {
        return;
    };
    let dossiers = sampled::dossiers(&engine);
    let Some(first) = engine.program(0) else {
        return;
    };
    let (rules, outputs) = (first.policy.rules.len(), first.policy.outputs.len());
    for (i, r) in first.policy.rules.iter().enumerate() {
        println!("rule_{i}: {}", r.code);
    }
    for (i, o) in first.policy.outputs.iter().enumerate() {
        println!("output_{i}: {}", o.name);
    }
    let mut machines: Vec<Machine<'_>> = (0..engine.versions().len())
        .filter_map(|v| engine.machine(v))
        .collect();
    let mut evaluated = 0;
    for _ in 0..5 {
        for (v, d) in &dossiers {
            let Some(m) = machines.get_mut(*v) else {
                continue;
            };
            m.reset(d.clone(), false);
            for probe in RULES.iter().take(rules) {
                probe(m);
            }
            for probe in OUTPUTS.iter().take(outputs) {
                probe(m);
            }
            evaluated += 1;
        }
    }
    println!("{evaluated} dossiers evaluated");
    if rules > RULES.len() || outputs > OUTPUTS.len() {
        println!(
            "(only the first {} rules and {} outputs)",
            RULES.len(),
            OUTPUTS.len()
        );
    }
}

type Probe = fn(&mut Machine<'_>);

/// One function per rule and per output, its index written in it (functions that differed only
/// by an argument would be folded into one), each a name of its own in a profile.
macro_rules! probes {
    ($table:ident, $method:ident: $($name:ident $i:literal)*) => {
        $(
            #[inline(never)]
            fn $name(m: &mut Machine<'_>) {
                let _ = std::hint::black_box(m.$method($i));
            }
        )*
        const $table: &[Probe] = &[$($name),*];
    };
}

probes!(RULES, rule: rule_0 0 rule_1 1 rule_2 2 rule_3 3 rule_4 4 rule_5 5 rule_6 6 rule_7 7 rule_8 8 rule_9 9 rule_10 10 rule_11 11 rule_12 12 rule_13 13 rule_14 14 rule_15 15 rule_16 16 rule_17 17 rule_18 18 rule_19 19 rule_20 20 rule_21 21 rule_22 22 rule_23 23 rule_24 24 rule_25 25 rule_26 26 rule_27 27 rule_28 28 rule_29 29 rule_30 30 rule_31 31);
probes!(OUTPUTS, output: output_0 0 output_1 1 output_2 2 output_3 3 output_4 4 output_5 5 output_6 6 output_7 7 output_8 8 output_9 9 output_10 10 output_11 11 output_12 12 output_13 13 output_14 14 output_15 15);
