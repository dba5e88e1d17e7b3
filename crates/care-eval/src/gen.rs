//! A deterministic generator of dossiers for the ESSMS call (`policies/essms-poc/`), for
//! benchmarks, load tests and the batch memory check.
//!
//! Every dossier is valid data for both versions of the policy (right fields, right types) and is
//! submitted while one of them is in force; about a third are ineligible for a realistic reason
//! (late submission, a prerequisite not met, too few objectives chosen, a region that oriented the
//! candidate elsewhere, a de minimis cap exceeded, …). Sizes go from about 0.7 KB (one legal entity,
//! no site) to about 3 KB (five legal entities, fifteen sites), compact JSON on one line.
//!
//! The same seed gives the same dossiers on every platform (SplitMix64, no floating point).
//!
//! This is test data, not policy: it knows the call's data format (`donnees.care`), not its rules.

use std::fmt::Write as _;

/// The objectives « à la carte » of each track (keys 1, 2, 3), as the policy lists them.
const A_LA_CARTE: [&[&str]; 3] = [
    &[
        "POC.P1.O4.A",
        "POC.P1.O4.B",
        "POC.P1.O4.C",
        "POC.P1.O4.D",
        "POC.P1.O4.E",
    ],
    &[
        "POC.P2.O4.A",
        "POC.P2.O4.B",
        "POC.P2.O4.C",
        "POC.P2.O4.D",
        "POC.P2.O4.E",
        "POC.P2.O4.F",
        "POC.P2.O4.G",
    ],
    &[
        "POC.P3.O4.A",
        "POC.P3.O4.B",
        "POC.P3.O4.C",
        "POC.P3.O4.D",
        "POC.P3.O4.H",
    ],
];

/// The backup objectives of track 3, chosen together.
const P3_BACKUP: [&str; 3] = ["POC.P3.O4.E", "POC.P3.O4.F", "POC.P3.O4.G"];

const GROUPINGS: [&str; 5] = ["og", "grappe", "gcsms", "gtsms", "convention"];

const SOFTWARE: [&str; 6] = [
    "Easy Suite",
    "Osiris",
    "Ogirys",
    "Millésime",
    "Titan",
    "Netsoins",
];

const PLACES: [&str; 12] = [
    "Les Tilleuls",
    "Les Glycines",
    "Le Parc",
    "La Roseraie",
    "Les Charmilles",
    "Saint-Joseph",
    "Le Clos Fleuri",
    "Les Peupliers",
    "La Source",
    "Les Oliviers",
    "Le Moulin",
    "Bellevue",
];

const KINDS: [&str; 6] = ["EHPAD", "IME", "ESAT", "SSIAD", "MAS", "FAM"];

const AUTHORITIES: [&str; 4] = [
    "Région Auvergne-Rhône-Alpes",
    "Département du Rhône",
    "ARS Île-de-France",
    "Bpifrance",
];

/// Days in force of each version, from 2026-03-31: the deadline is 2026-06-04 at 16:00 Paris.
const DAYS_TO_DEADLINE: u64 = 65;

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let n = u64::try_from(items.len()).unwrap_or(0);
        items
            .get(usize::try_from(self.below(n)).unwrap_or(0))
            .copied()
            .unwrap_or("")
    }
}

/// Generates ESSMS dossiers, one after the other, from a seed.
#[derive(Clone, Debug)]
pub struct EssmsGenerator {
    rng: Rng,
    count: u64,
}

struct Entity {
    finess: u64,
    in_perimeter: bool,
}

impl EssmsGenerator {
    pub fn new(seed: u64) -> EssmsGenerator {
        EssmsGenerator {
            rng: Rng(seed),
            count: 0,
        }
    }

    /// How many dossiers were generated.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The next dossier as compact JSON (one line, no line ending).
    pub fn next_dossier(&mut self) -> String {
        let mut out = String::with_capacity(2048);
        self.write_next(&mut out);
        out
    }

    /// Appends the next dossier to `out`, as compact JSON (one line, no line ending).
    pub fn write_next(&mut self, out: &mut String) {
        self.count += 1;
        let n = self.count;
        let r = &mut self.rng;
        let track = r.below(3) + 1;
        let entities = match r.below(10) {
            0..=3 => 1,
            4..=6 => 2,
            7 => 3,
            8 => 4,
            _ => 5,
        };
        let mono = entities == 1;
        let sites_total = if r.chance(30) { 0 } else { r.below(15) + 1 };
        // Departments 01..95, a different one per dossier (FINESS numbers look real).
        let dept = 10 + r.below(85);
        let base = dept * 10_000_000 + (n % 9_000) * 100;

        let _ = write!(out, "{{\"id\":\"ESSMS-POC-{n:07}\",\"submitted_at\":\"");
        submitted_at(r, out);
        let _ = write!(out, "\",\"parcours\":{track},\"grouping\":\"");
        out.push_str(if mono { "mono_ej" } else { r.pick(&GROUPINGS) });
        out.push('"');

        let mut ents = Vec::with_capacity(entities);
        for i in 0..entities {
            // The carrier (the first entity) is almost always in the perimeter.
            let out_of_perimeter = if i == 0 { r.chance(10) } else { r.chance(60) };
            ents.push(Entity {
                finess: base + u64::try_from(i).unwrap_or(0) + 1,
                in_perimeter: !out_of_perimeter,
            });
        }
        let porteur = if r.chance(10) {
            base + 99
        } else {
            ents.first().map_or(0, |e| e.finess)
        };
        let _ = write!(out, ",\"porteur\":\"{porteur:09}\",\"legal_entities\":[");
        // Sites spread over the entities, the first one taking the remainder.
        let per = sites_total / u64::try_from(entities).unwrap_or(1).max(1);
        let extra = sites_total - per * u64::try_from(entities).unwrap_or(1);
        let shared_dui = !mono && r.chance(300);
        let software = r.pick(&SOFTWARE);
        for (i, e) in ents.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let sites = per + if i == 0 { extra } else { 0 };
            entity(r, out, e, sites, shared_dui, software);
        }
        out.push_str("],\"direction_commitment\":{");
        let signed = !r.chance(15);
        let by_rep = !r.chance(15);
        let _ = write!(
            out,
            "\"signed\":{signed},\"by_legal_representative\":{by_rep},\"covers\":["
        );
        let forget = if r.chance(25) {
            Some(r.below(u64::try_from(entities).unwrap_or(1)))
        } else {
            None
        };
        let mut first = true;
        for (i, e) in ents.iter().enumerate() {
            if forget == Some(u64::try_from(i).unwrap_or(0)) {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, "\"{:09}\"", e.finess);
        }
        out.push_str("]},\"region_orientation\":{\"parcours\":");
        let oriented = if r.chance(30) { (track % 3) + 1 } else { track };
        let _ = write!(
            out,
            "{oriented},\"validated_on\":\"2026-{:02}-{:02}\"}}",
            3 + r.below(2),
            1 + r.below(28)
        );
        out.push_str(",\"a_la_carte\":[");
        a_la_carte(r, out, track);
        out.push_str("],\"already_achieved\":[");
        if track == 3 && r.chance(100) {
            out.push('"');
            out.push_str(r.pick(&P3_BACKUP));
            out.push('"');
        }
        out.push_str("]}");
    }
}

fn submitted_at(r: &mut Rng, out: &mut String) {
    // About 4 % are late: on the last day after 16:00, or in the days after.
    let late = r.chance(40);
    let (day, hour) = if late {
        if r.chance(500) {
            (DAYS_TO_DEADLINE - 1, 16 + r.below(7))
        } else {
            (DAYS_TO_DEADLINE + r.below(6), 8 + r.below(10))
        }
    } else {
        let day = r.below(DAYS_TO_DEADLINE);
        let hour = if day + 1 == DAYS_TO_DEADLINE {
            8 + r.below(8)
        } else {
            8 + r.below(10)
        };
        (day, hour)
    };
    let start = jiff::civil::date(2026, 3, 31);
    let date = i64::try_from(day)
        .ok()
        .and_then(|d| start.checked_add(jiff::Span::new().days(d)).ok())
        .unwrap_or(start);
    let _ = write!(
        out,
        "{date}T{hour:02}:{:02}:{:02}+02:00",
        r.below(60),
        r.below(60)
    );
}

fn entity(r: &mut Rng, out: &mut String, e: &Entity, sites: u64, shared_dui: bool, sw: &str) {
    let kind = r.pick(&KINDS);
    let place = r.pick(&PLACES);
    let (casf, activity) = if e.in_perimeter {
        (
            true,
            if r.chance(100) {
                "hybrid"
            } else {
                "medico_social"
            },
        )
    } else if r.chance(500) {
        (false, "medico_social")
    } else {
        (true, "sanitaire")
    };
    let _ = write!(
        out,
        "{{\"finess\":\"{:09}\",\"name\":\"{kind} {place}\",\"casf_l312_1\":{casf},\"activity\":\"{activity}\",",
        e.finess
    );
    let software = if shared_dui { sw } else { r.pick(&SOFTWARE) };
    let referenced = !r.chance(15);
    let wave = if r.chance(20) { 2 } else { 1 };
    let _ = write!(
        out,
        "\"dui\":{{\"software\":\"{software}\",\"version\":\"{}.{}\",\"segur_referenced\":{referenced},\"wave\":{wave},\"shared\":{shared_dui}}},",
        1 + r.below(9),
        r.below(10)
    );
    let done = !r.chance(15);
    let version = if r.chance(15) {
        "2025-06-30"
    } else {
        "2026-01-26"
    };
    let _ = write!(
        out,
        "\"opssims\":{{\"done\":{done},\"version\":\"{version}\"}},\"de_minimis\":["
    );
    let aids = match r.below(10) {
        0..=6 => 0,
        7 | 8 => 1,
        _ => 2 + r.below(2),
    };
    for a in 0..aids {
        if a > 0 {
            out.push(',');
        }
        // Mostly small aids; now and then one large enough to break the 300 000 € cap.
        let amount = if r.chance(40) {
            250_000 + r.below(50_000)
        } else {
            1_000 + r.below(60_000)
        };
        let _ = write!(
            out,
            "{{\"granted_on\":\"{}-{:02}-{:02}\",\"amount\":\"{amount}.{:02}\",\"authority\":\"{}\"}}",
            2022 + r.below(5),
            1 + r.below(12),
            1 + r.below(28),
            r.below(100),
            r.pick(&AUTHORITIES)
        );
    }
    out.push_str("],\"sites\":[");
    for s in 0..sites {
        if s > 0 {
            out.push(',');
        }
        let activity = if r.chance(60) {
            "sanitaire"
        } else {
            "medico_social"
        };
        let _ = write!(
            out,
            "{{\"finess\":\"{:09}\",\"name\":\"{} {}\",\"activity\":\"{activity}\"}}",
            e.finess * 100 % 1_000_000_000 + s + 1,
            r.pick(&KINDS),
            r.pick(&PLACES)
        );
    }
    out.push_str("]}");
}

fn a_la_carte(r: &mut Rng, out: &mut String, track: u64) {
    let idx = usize::try_from(track.saturating_sub(1)).unwrap_or(0).min(2);
    let list = A_LA_CARTE.get(idx).copied().unwrap_or(&[]);
    let at_least: u64 = if track == 1 { 2 } else { 3 };
    let mut chosen: Vec<&str> = Vec::with_capacity(8);
    // Track 3: the three backup objectives together, sometimes.
    if track == 3 && r.chance(250) {
        chosen.extend(P3_BACKUP);
        if r.chance(80) {
            // One of them missing: the backup rule fails (unless one is already achieved).
            chosen.pop();
        }
    }
    let mut want = at_least + r.below(3);
    if r.chance(30) {
        want = want.saturating_sub(1 + r.below(2));
    }
    let n = u64::try_from(list.len()).unwrap_or(0);
    let mut tries = 0;
    while u64::try_from(chosen.len()).unwrap_or(0) < want && tries < 50 {
        tries += 1;
        let code = list
            .get(usize::try_from(r.below(n)).unwrap_or(0))
            .copied()
            .unwrap_or("");
        if !chosen.contains(&code) {
            chosen.push(code);
        }
    }
    if r.chance(15) {
        // A code given twice.
        if let Some(first) = chosen.first().copied() {
            chosen.push(first);
        }
    }
    if r.chance(15) {
        // A code of another track.
        let other = A_LA_CARTE.get((idx + 1) % 3).copied().unwrap_or(&[]);
        chosen.push(r.pick(other));
    }
    for (i, c) in chosen.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(c);
        out.push('"');
    }
}

/// `n` dossiers from `seed` as JSON Lines (each line ends with `\n`).
pub fn essms_jsonl(seed: u64, n: usize) -> Vec<u8> {
    let mut g = EssmsGenerator::new(seed);
    let mut out = String::with_capacity(n * 1800);
    for _ in 0..n {
        g.write_next(&mut out);
        out.push('\n');
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_dossiers() {
        assert_eq!(essms_jsonl(7, 50), essms_jsonl(7, 50));
        assert_ne!(essms_jsonl(7, 50), essms_jsonl(8, 50));
    }

    #[test]
    fn dossiers_are_json_of_the_announced_size() {
        let mut g = EssmsGenerator::new(1);
        let mut sizes = Vec::new();
        for _ in 0..2000 {
            let d = g.next_dossier();
            let v: serde_json::Value = serde_json::from_str(&d).unwrap_or_default();
            assert!(v.is_object(), "{d}");
            sizes.push(d.len());
        }
        let min = sizes.iter().min().copied().unwrap_or(0);
        let max = sizes.iter().max().copied().unwrap_or(0);
        assert!((500..=900).contains(&min), "min {min}");
        assert!((2500..=4000).contains(&max), "max {max}");
    }
}
