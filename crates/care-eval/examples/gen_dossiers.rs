//! Writes generated ESSMS dossiers (`care_eval::gen`) as JSON Lines on stdout:
//! `cargo run --release -p care-eval --example gen_dossiers -- COUNT [SEED] > dossiers.jsonl`

use std::io::Write;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let count: u64 = match args.next().map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: gen_dossiers COUNT [SEED]");
            return std::process::ExitCode::from(2);
        }
    };
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let mut g = care_eval::gen::EssmsGenerator::new(seed);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut line = String::with_capacity(4096);
    for _ in 0..count {
        line.clear();
        g.write_next(&mut line);
        line.push('\n');
        if let Err(e) = out.write_all(line.as_bytes()) {
            eprintln!("error: cannot write the dossiers: {e}");
            return std::process::ExitCode::from(6);
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("error: cannot write the dossiers: {e}");
        return std::process::ExitCode::from(6);
    }
    std::process::ExitCode::SUCCESS
}
