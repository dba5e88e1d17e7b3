//! The ESSMS call (exploratory phase) decided in plain Rust, straight from the domain rules
//! (`rules.md` §1, copied as the comments below) and the data contract, written without reading
//! the policy's `.care` files, so that a disagreement with the interpreter points at a mistake
//! in one of the two. Money is in integer cents: no decimal library, no floating point.

use jiff::civil::{date, Date};
use jiff::{Timestamp, ToSpan};
use std::collections::BTreeSet;

use super::shared::paris;

pub type Cents = i64;

/// §1.1 the accepted groupings (informational: no rule reads it).
pub const GROUPINGS: [&str; 6] = ["og", "grappe", "gcsms", "gtsms", "convention", "mono_ej"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    MedicoSocial,
    Hybrid,
    Sanitaire,
}

impl Activity {
    pub fn as_str(self) -> &'static str {
        match self {
            Activity::MedicoSocial => "medico_social",
            Activity::Hybrid => "hybrid",
            Activity::Sanitaire => "sanitaire",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Aid {
    pub granted_on: Date,
    pub amount: Cents,
    pub authority: String,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub finess: String,
    pub name: String,
    /// `medico_social` or `sanitaire` (a site is never `hybrid`).
    pub activity: Activity,
}

#[derive(Clone, Debug)]
pub struct Dui {
    pub software: String,
    pub version: String,
    pub segur_referenced: bool,
    pub wave: i64,
    pub shared: bool,
}

#[derive(Clone, Debug)]
pub struct LegalEntity {
    pub finess: String,
    pub name: String,
    pub casf_l312_1: bool,
    pub activity: Activity,
    pub dui: Dui,
    pub opssims_done: bool,
    pub opssims_version: Date,
    pub de_minimis: Vec<Aid>,
    pub sites: Vec<Site>,
}

#[derive(Clone, Debug)]
pub struct Dossier {
    pub id: String,
    pub submitted_at: Timestamp,
    pub parcours: i64,
    pub grouping: &'static str,
    pub porteur: String,
    pub legal_entities: Vec<LegalEntity>,
    pub commitment_signed: bool,
    pub commitment_by_legal_representative: bool,
    pub commitment_covers: Vec<String>,
    pub orientation_parcours: i64,
    pub orientation_validated_on: Date,
    pub a_la_carte: Vec<String>,
    pub already_achieved: Vec<String>,
}

/// What the policy must decide for a dossier (the outputs the contract names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The version in force at the submission instant, `None` before the first one.
    pub version: Option<&'static str>,
    pub eligible: bool,
    pub grant: Cents,
    pub counted_sites: i64,
    pub flat_amount: Cents,
    /// FINESS of the EJ left out of the perimeter, in the dossier's order.
    pub excluded_entities: Vec<String>,
    pub failed: BTreeSet<&'static str>,
    /// For each EJ of the perimeter (index in `legal_entities`): its de minimis total over the
    /// three years, its share of the flat amount, and whether the two stay under the ceiling.
    pub de_minimis: Vec<Minimis>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Minimis {
    pub entity: usize,
    pub aid: Cents,
    pub share: Cents,
    pub within: bool,
}

fn paris_midnight(d: Date) -> Timestamp {
    d.to_zoned(paris()).expect("a Paris date").timestamp()
}

/// The two versions: in force from their date, 00:00 Paris time, until the next one.
pub fn version_in_force(at: Timestamp) -> Option<&'static str> {
    if at >= paris_midnight(date(2026, 4, 15)) {
        Some("2026-04-15")
    } else if at >= paris_midnight(date(2026, 3, 31)) {
        Some("2026-03-31")
    } else {
        None
    }
}

/// §1.3 complete before 4 June 2026 16:00, Paris time.
pub fn deadline() -> Timestamp {
    "2026-06-04T16:00:00+02:00".parse().expect("the deadline")
}

/// §1.4 the à-la-carte objectives of each parcours, and how many must be chosen.
pub fn a_la_carte(parcours: i64) -> (&'static [&'static str], usize) {
    match parcours {
        1 => (
            &[
                "POC.P1.O4.A",
                "POC.P1.O4.B",
                "POC.P1.O4.C",
                "POC.P1.O4.D",
                "POC.P1.O4.E",
            ],
            2,
        ),
        2 => (
            &[
                "POC.P2.O4.A",
                "POC.P2.O4.B",
                "POC.P2.O4.C",
                "POC.P2.O4.D",
                "POC.P2.O4.E",
                "POC.P2.O4.F",
                "POC.P2.O4.G",
            ],
            3,
        ),
        _ => (
            &[
                "POC.P3.O4.A",
                "POC.P3.O4.B",
                "POC.P3.O4.C",
                "POC.P3.O4.D",
                "POC.P3.O4.E",
                "POC.P3.O4.F",
                "POC.P3.O4.G",
                "POC.P3.O4.H",
            ],
            3,
        ),
    }
}

/// §1.4 the mandatory objectives (never chosen à la carte).
pub fn mandatory(parcours: i64) -> &'static [&'static str] {
    match parcours {
        1 => &[
            "POC.P1.O1.1",
            "POC.P1.O1.2",
            "POC.P1.O2.1",
            "POC.P1.O2.2",
            "POC.P1.O2.3",
            "POC.P1.O3.1",
            "POC.P1.O3.2",
        ],
        2 => &[
            "POC.P2.O1.1",
            "POC.P2.O2.1",
            "POC.P2.O2.2",
            "POC.P2.O2.3",
            "POC.P2.O2.4",
            "POC.P2.O3.1",
            "POC.P2.O3.2",
        ],
        _ => &[
            "POC.P3.O1.1",
            "POC.P3.O2.1",
            "POC.P3.O2.2",
            "POC.P3.O2.3",
            "POC.P3.O3.1",
            "POC.P3.O3.2",
        ],
    }
}

/// §1.4 the backup objectives of parcours 3, indissociable.
pub const BACKUP: [&str; 3] = ["POC.P3.O4.E", "POC.P3.O4.F", "POC.P3.O4.G"];

/// §1.6 unit amount per EG and cap per grouping, in cents.
pub fn amounts(parcours: i64) -> (Cents, Cents) {
    match parcours {
        1 => (9_400_00, 63_920_00),
        _ => (17_000_00, 115_600_00),
    }
}

/// §1.6 the rate of the EG of rank `rank` (from 1), in percent.
pub fn rate(rank: i64) -> i64 {
    match rank {
        1..=4 => 100,
        5 => 80,
        6 => 60,
        7 => 40,
        8..=12 => 20,
        _ => 0,
    }
}

/// §1.6 grant(n) = Σ_{i=1..n} unit × rate(i), then min(…, cap).
pub fn flat_amount(parcours: i64, sites: i64) -> Cents {
    let (unit, cap) = amounts(parcours);
    let sum: Cents = (1..=sites).map(|i| unit * rate(i) / 100).sum();
    sum.min(cap)
}

/// §1.7 the ceiling of de minimis aid per undertaking over three rolling years.
pub const MINIMIS_CEILING: Cents = 300_000_00;

/// `a × b / c` rounded to the nearest integer, half away from zero (all non-negative here).
fn mul_div_round(a: Cents, b: i64, c: i64) -> Cents {
    let (a, b, c) = (i128::from(a), i128::from(b), i128::from(c));
    let q = (2 * a * b + c) / (2 * c);
    Cents::try_from(q).expect("a share fits")
}

/// §1.1 an EJ is in the perimeter when it is an ESSMS under L.312-1 and not strictly sanitaire.
pub fn in_perimeter(ej: &LegalEntity) -> bool {
    ej.casf_l312_1 && ej.activity != Activity::Sanitaire
}

/// §1.1, §1.6 the EG an EJ of the perimeter counts: its medico-social sites.
pub fn counted_sites_of(ej: &LegalEntity) -> i64 {
    if !in_perimeter(ej) {
        return 0;
    }
    ej.sites
        .iter()
        .filter(|s| s.activity == Activity::MedicoSocial)
        .count() as i64
}

/// The submission date, in Paris time.
pub fn submission_date(d: &Dossier) -> Date {
    d.submitted_at.to_zoned(paris()).date()
}

/// §1.7, contract: an aid counts when granted after the submission date minus three years and
/// not after the submission date.
pub fn aid_counts(aid: &Aid, submitted: Date) -> bool {
    let from = submitted.checked_sub(3.years()).expect("three years back");
    aid.granted_on > from && aid.granted_on <= submitted
}

pub fn decide(d: &Dossier) -> Decision {
    let version = version_in_force(d.submitted_at);
    let perimeter: Vec<(usize, &LegalEntity)> = d
        .legal_entities
        .iter()
        .enumerate()
        .filter(|(_, ej)| in_perimeter(ej))
        .collect();
    let excluded_entities: Vec<String> = d
        .legal_entities
        .iter()
        .filter(|ej| !in_perimeter(ej))
        .map(|ej| ej.finess.clone())
        .collect();
    let counted_sites: i64 = d.legal_entities.iter().map(counted_sites_of).sum();
    let flat = flat_amount(d.parcours, counted_sites);
    let mut failed = BTreeSet::new();

    // §1.1 the carrier is one of the application's EJ …
    let carrier = d.legal_entities.iter().find(|ej| ej.finess == d.porteur);
    match carrier {
        None => {
            failed.insert("POC.ELIG.PORTEUR");
        }
        // … and in the perimeter (an ESSMS of L.312-1 I., not strictly sanitaire).
        Some(ej) if !in_perimeter(ej) => {
            failed.insert("POC.ELIG.PORTEUR_ESSMS");
        }
        Some(_) => {}
    }
    // §1.1 at least one medico-social EG is counted.
    if counted_sites < 1 {
        failed.insert("POC.ELIG.SITES");
    }
    // §1.2 POC.P1: every EJ of the perimeter has a DUI referenced Ségur wave 1.
    if !perimeter
        .iter()
        .all(|(_, ej)| ej.dui.segur_referenced && ej.dui.wave == 1)
    {
        failed.insert("POC.P1");
    }
    // POC.P2: signed by the legal representative, naming every EJ of the perimeter.
    let covered = perimeter
        .iter()
        .all(|(_, ej)| d.commitment_covers.contains(&ej.finess));
    if !(d.commitment_signed && d.commitment_by_legal_representative && covered) {
        failed.insert("POC.P2");
    }
    // POC.P3: an OPSSIMS diagnostic, version of 26 January 2026, for every EJ of the perimeter.
    if !perimeter
        .iter()
        .all(|(_, ej)| ej.opssims_done && ej.opssims_version == date(2026, 1, 26))
    {
        failed.insert("POC.P3");
    }
    // §1.2 Interpretation: the parcours is the one the region's orientation names.
    if d.parcours != d.orientation_parcours {
        failed.insert("POC.ORIENTATION");
    }
    // §1.3 before the deadline.
    if d.submitted_at >= deadline() {
        failed.insert("POC.DEPOT");
    }
    // §1.4 Interpretation: at least 2 / 3 distinct codes of the parcours' à-la-carte list.
    let (list, at_least) = a_la_carte(d.parcours);
    if !d.a_la_carte.iter().all(|c| list.contains(&c.as_str())) {
        failed.insert("POC.CHOIX.LISTE");
    }
    let distinct: BTreeSet<&str> = d.a_la_carte.iter().map(String::as_str).collect();
    if distinct.len() != d.a_la_carte.len() {
        failed.insert("POC.CHOIX.DOUBLONS");
    }
    let valid_distinct = distinct.iter().filter(|c| list.contains(c)).count();
    if valid_distinct < at_least {
        failed.insert("POC.CHOIX.NOMBRE");
    }
    // §1.4 backup rule (P3): with none of E, F, G already achieved, choosing one is choosing all.
    if d.parcours == 3 {
        let achieved = BACKUP
            .iter()
            .any(|b| d.already_achieved.iter().any(|a| a == b));
        let chosen = BACKUP.iter().filter(|b| distinct.contains(*b)).count();
        if !achieved && chosen > 0 && chosen < BACKUP.len() {
            failed.insert("POC.CHOIX.SAUVEGARDE");
        }
    }
    // §1.7 for each EJ of the perimeter: its aid of the three years plus its share of the flat
    // amount, at most 300 000 €.
    let submitted = submission_date(d);
    let de_minimis: Vec<Minimis> = perimeter
        .iter()
        .map(|(i, ej)| {
            let aid: Cents = ej
                .de_minimis
                .iter()
                .filter(|a| aid_counts(a, submitted))
                .map(|a| a.amount)
                .sum();
            let share = if counted_sites == 0 {
                0
            } else {
                mul_div_round(flat, counted_sites_of(ej), counted_sites)
            };
            Minimis {
                entity: *i,
                aid,
                share,
                within: aid + share <= MINIMIS_CEILING,
            }
        })
        .collect();
    if de_minimis.iter().any(|m| !m.within) {
        failed.insert("POC.MINIMIS");
    }
    let eligible = failed.is_empty();
    Decision {
        version,
        eligible,
        grant: if eligible { flat } else { 0 },
        counted_sites,
        flat_amount: flat,
        excluded_entities,
        failed,
        de_minimis,
    }
}

/// Reads a dossier of the data contract (every field given), for the fixtures.
pub fn from_json(v: &serde_json::Value) -> Option<Dossier> {
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let day = |v: &serde_json::Value| v.as_str()?.parse::<Date>().ok();
    let cents = |v: &serde_json::Value| -> Option<Cents> {
        let (units, frac) = v.as_str()?.split_once('.')?;
        Some(units.parse::<Cents>().ok()? * 100 + frac.parse::<Cents>().ok()?)
    };
    let activity = |v: &serde_json::Value| match v.as_str()? {
        "medico_social" => Some(Activity::MedicoSocial),
        "hybrid" => Some(Activity::Hybrid),
        "sanitaire" => Some(Activity::Sanitaire),
        _ => None,
    };
    let texts =
        |v: &serde_json::Value| -> Option<Vec<String>> { v.as_array()?.iter().map(text).collect() };
    let entities = v["legal_entities"]
        .as_array()?
        .iter()
        .map(|e| {
            Some(LegalEntity {
                finess: text(&e["finess"])?,
                name: text(&e["name"])?,
                casf_l312_1: e["casf_l312_1"].as_bool()?,
                activity: activity(&e["activity"])?,
                dui: Dui {
                    software: text(&e["dui"]["software"])?,
                    version: text(&e["dui"]["version"])?,
                    segur_referenced: e["dui"]["segur_referenced"].as_bool()?,
                    wave: e["dui"]["wave"].as_i64()?,
                    shared: e["dui"]["shared"].as_bool()?,
                },
                opssims_done: e["opssims"]["done"].as_bool()?,
                opssims_version: day(&e["opssims"]["version"])?,
                de_minimis: e["de_minimis"]
                    .as_array()?
                    .iter()
                    .map(|a| {
                        Some(Aid {
                            granted_on: day(&a["granted_on"])?,
                            amount: cents(&a["amount"])?,
                            authority: text(&a["authority"])?,
                        })
                    })
                    .collect::<Option<_>>()?,
                sites: e["sites"]
                    .as_array()?
                    .iter()
                    .map(|s| {
                        Some(Site {
                            finess: text(&s["finess"])?,
                            name: text(&s["name"])?,
                            activity: activity(&s["activity"])?,
                        })
                    })
                    .collect::<Option<_>>()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let grouping = GROUPINGS
        .iter()
        .find(|g| v["grouping"].as_str() == Some(**g))?;
    Some(Dossier {
        id: text(&v["id"])?,
        submitted_at: v["submitted_at"].as_str()?.parse().ok()?,
        parcours: v["parcours"].as_i64()?,
        grouping,
        porteur: text(&v["porteur"])?,
        legal_entities: entities,
        commitment_signed: v["direction_commitment"]["signed"].as_bool()?,
        commitment_by_legal_representative: v["direction_commitment"]["by_legal_representative"]
            .as_bool()?,
        commitment_covers: texts(&v["direction_commitment"]["covers"])?,
        orientation_parcours: v["region_orientation"]["parcours"].as_i64()?,
        orientation_validated_on: day(&v["region_orientation"]["validated_on"])?,
        a_la_carte: texts(&v["a_la_carte"])?,
        already_achieved: texts(&v["already_achieved"])?,
    })
}

#[cfg(test)]
mod worked_values {
    use super::*;

    /// §1.6 worked values, and the cap equal to grant(12).
    #[test]
    fn flat_amounts_of_rules_md() {
        assert_eq!(flat_amount(1, 7), 54_520_00);
        assert_eq!(flat_amount(1, 12), 63_920_00);
        assert_eq!(flat_amount(2, 5), 81_600_00);
        assert_eq!(flat_amount(3, 7), 98_600_00);
        for p in 1..=3 {
            assert_eq!(flat_amount(p, 12), amounts(p).1);
            assert_eq!(flat_amount(p, 40), amounts(p).1);
            assert_eq!(flat_amount(p, 0), 0);
        }
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(mul_div_round(10_00, 1, 3), 3_33);
        assert_eq!(mul_div_round(20_00, 1, 3), 6_67);
        assert_eq!(mul_div_round(1, 1, 2), 1);
        assert_eq!(mul_div_round(98_600_00, 4, 7), 56_342_86);
    }

    #[test]
    fn versions_change_at_paris_midnight() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(version_in_force(at("2026-03-30T21:59:59Z")), None);
        assert_eq!(
            version_in_force(at("2026-03-30T22:00:00Z")),
            Some("2026-03-31")
        );
        assert_eq!(
            version_in_force(at("2026-04-14T21:59:59Z")),
            Some("2026-03-31")
        );
        assert_eq!(
            version_in_force(at("2026-04-14T22:00:00Z")),
            Some("2026-04-15")
        );
    }
}
