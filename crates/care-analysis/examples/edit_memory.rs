//! Memory over 1,000 successive edits through the host, as the server drives it (an edit of the
//! ESSMS version file, then its diagnostics): peak and current RSS after 10 edits and after
//! 1,000. Run: `cargo run --release -p care-analysis --example edit_memory`.

use care_analysis::AnalysisHost;
use std::path::{Path, PathBuf};

/// `VmHWM` (peak) and `VmRSS` (current) in KiB, from /proc (Linux).
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
    let mut host = AnalysisHost::new();
    let files: Vec<(PathBuf, String)> = ["2026-03-31.care", "2026-04-15.care", "donnees.care"]
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).unwrap_or_default();
            (PathBuf::from("/ws/essms-poc").join(n), text)
        })
        .collect();
    for (p, t) in &files {
        host.set_file(p, t.clone());
    }
    let (path, text) = &files[0];
    let at = text.find("note \"").map_or(0, |i| i + 6);
    let mut diagnostics = 0;
    for i in 1..=1000 {
        // Type a character, then delete it, and a broken line every 7th edit.
        let edited = match i % 7 {
            0 => format!("{}\n§§ cassé\n{}", &text[..at], &text[at..]),
            k if k % 2 == 1 => format!("{}{}{}", &text[..at], "x".repeat(k), &text[at..]),
            _ => text.clone(),
        };
        host.set_file(path, edited);
        diagnostics += host.analysis().diagnostics(path).len();
        if i == 10 || i == 1000 {
            let (peak, now) = rss();
            println!("after {i:>4} edits: peak RSS {peak} KiB, current RSS {now} KiB");
        }
    }
    println!("({diagnostics} diagnostics published in all)");
}
