//! What the reference differential tests share: a seeded random source, instants written the
//! ways a platform writes them, and a block-style YAML writer for the dossiers they generate.

use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use serde_json::Value as Json;

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
