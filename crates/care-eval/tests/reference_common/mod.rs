//! What the reference differential tests share: a seeded random source, Paris time, instants
//! and money written the ways a platform writes them, a block-style YAML writer for the dossiers they generate, and
//! the tally of the dossiers on which the reference and the interpreter disagree.

use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use serde_json::Value as Json;
use std::path::Path;

/// SplitMix64: small, seeded, the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// In `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    /// True with probability `percent` %.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

pub fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").expect("the Paris zone")
}

/// The instant of a Paris wall-clock time.
pub fn paris_instant(d: jiff::civil::Date, h: i8, m: i8, s: i8) -> Timestamp {
    d.at(h, m, s, 0).to_zoned(paris()).unwrap().timestamp()
}

/// Cents as the data contracts write money: `"54520.00"`.
pub fn money(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

/// Offsets a platform may write an instant in, in seconds.
const OFFSETS: [i32; 7] = [0, 7200, 3600, -14400, 19800, 50400, -34200];

/// The instant, in one of several offsets (`Z` for UTC, sometimes).
pub fn instant_text(at: Timestamp, rng: &mut Rng) -> String {
    let seconds = *rng.pick(&OFFSETS);
    if rng.chance(30) {
        // Paris time, as the platform usually writes it.
        return at
            .to_zoned(paris())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string();
    }
    let zone = TimeZone::fixed(Offset::from_seconds(seconds).unwrap());
    let z = at.to_zoned(zone);
    if seconds == 0 && rng.chance(50) {
        z.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

fn yaml_scalar(v: &Json, plain: bool) -> String {
    match v {
        Json::String(s) if plain && !s.contains([':', '#', '"', '\t']) => s.clone(),
        Json::String(s) => serde_json::to_string(s).unwrap(),
        other => other.to_string(),
    }
}

fn yaml_into(v: &Json, key: Option<&str>, plain_keys: &[&str], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let plain = key.is_some_and(|k| plain_keys.contains(&k));
    match v {
        Json::Object(map) => {
            for (k, item) in map {
                match item {
                    Json::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        yaml_into(item, Some(k), plain_keys, indent + 2, out);
                    }
                    Json::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        yaml_into(item, Some(k), plain_keys, indent, out);
                    }
                    Json::Array(_) => out.push_str(&format!("{pad}{k}: []\n")),
                    _ => out.push_str(&format!(
                        "{pad}{k}: {}\n",
                        yaml_scalar(item, plain_keys.contains(&k.as_str()))
                    )),
                }
            }
        }
        Json::Array(items) => {
            for item in items {
                if let Json::Object(_) = item {
                    let mut inner = String::new();
                    yaml_into(item, key, plain_keys, indent + 2, &mut inner);
                    out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                } else {
                    out.push_str(&format!("{pad}- {}\n", yaml_scalar(item, plain)));
                }
            }
        }
        scalar => out.push_str(&format!("{pad}{}\n", yaml_scalar(scalar, plain))),
    }
}

/// The same dossier in YAML, block style; the values of `plain_keys` are left unquoted where
/// YAML allows (fields the schema types, so that `010000001` stays the text "010000001").
pub fn to_yaml(v: &Json, plain_keys: &[&str]) -> String {
    let mut out = String::from("# dossier exporté\n");
    yaml_into(v, None, plain_keys, 0, &mut out);
    out
}

/// The dossiers decided differently: the first few in full, the others counted.
#[derive(Default)]
pub struct Disagreements {
    shown: Vec<String>,
    count: u64,
}

impl Disagreements {
    /// Records a dossier's differences (none: it agreed), with its heading and text when among
    /// the first.
    pub fn add(&mut self, diffs: &[String], heading: impl FnOnce() -> String, text: &[u8]) {
        if diffs.is_empty() {
            return;
        }
        self.count += 1;
        if self.shown.len() < 5 {
            self.shown.push(format!(
                "{}:\n  {}\n{}",
                heading(),
                diffs.join("\n  "),
                String::from_utf8_lossy(text)
            ));
        }
    }

    /// Fails with the first disagreements, if there is any, of `n` dossiers.
    pub fn assert_none(&self, n: u64, what: &str) {
        assert!(
            self.count == 0,
            "{} of {n} {what} decided differently; the first ones:\n{}",
            self.count,
            self.shown.join("\n\n")
        );
    }
}

/// How many dossiers the long run decides: `CARE_REFERENCE_DOSSIERS`, else a million.
pub fn long_run_count() -> u64 {
    std::env::var("CARE_REFERENCE_DOSSIERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// A seeded generator: `texts(seed)` are the same for the same seed, and differ for another.
pub fn assert_seeded(texts: impl Fn(u64) -> Vec<String>) {
    assert_eq!(texts(7), texts(7));
    assert_ne!(texts(7), texts(8));
}

/// The fixtures of policy folder `policy` that are decided (their expected file gives
/// `eligible`; invalid data and dossiers before the first version are not): each file's name,
/// its dossier and its expected outputs.
pub fn decided_fixtures(policy: &str) -> Vec<(String, Json, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(policy)
        .join("tests");
    let read = |path: &Path| -> Json {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let expected = read(&path.with_extension("expected.json"));
        if expected.get("eligible").is_some() {
            out.push((name, read(&path), expected));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The engine of policy folder `policy`, which must check clean.
pub fn engine(policy: &str) -> care_eval::engine::Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../policies")
        .join(policy);
    let report = care_check::check_paths(&[dir]).unwrap();
    assert!(report.is_clean(), "{policy} does not check clean");
    care_eval::engine::Engine::new(report.policies).unwrap()
}
