//! A seeded generator of valid, varied ESSMS dossiers (the data contract's shape, every field
//! given), weighted so that the cases where a decision turns occur often: every parcours and
//! grouping, EJ left out of the perimeter, sites around the rank boundaries of the rate table,
//! de minimis totals a cent either side of the ceiling, aid granted on the days that open and
//! close the three years, submissions a second either side of the deadline and of the change of
//! version, in several UTC offsets, and each way a choice of objectives can be wrong.
//!
//! Dossiers are written as JSON (the reference) or YAML (block style, scalars left plain where
//! the schema types them: FINESS numbers, money, dates).

use super::essms::{
    a_la_carte, decide, mandatory, Activity, Aid, Cents, Dossier, Dui, LegalEntity, Site, BACKUP,
    GROUPINGS, MINIMIS_CEILING,
};
use super::shared::{instant_text, money, paris_instant, Rng};
use jiff::civil::{date, Date};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::{json, Value as Json};

/// The submission instant: mostly inside the call, often at a boundary.
fn submitted_at(rng: &mut Rng) -> Timestamp {
    let deadline = paris_instant(date(2026, 6, 4), 16, 0, 0);
    let near = |at: Timestamp, rng: &mut Rng| {
        let secs = *rng.pick(&[-3600, -60, -1, 0, 1, 59, 3600]);
        at.checked_add(SignedDuration::from_secs(secs)).unwrap()
    };
    match rng.range(0, 99) {
        0..=14 => near(deadline, rng),
        15..=21 => near(paris_instant(date(2026, 4, 15), 0, 0, 0), rng),
        22..=25 => near(paris_instant(date(2026, 3, 31), 0, 0, 0), rng),
        26..=28 => {
            // After the deadline by days.
            let day = date(2026, 6, 5)
                .checked_add(rng.range(0, 40).days())
                .unwrap();
            paris_instant(day, rng.range(0, 23) as i8, rng.range(0, 59) as i8, 0)
        }
        _ => {
            let day = date(2026, 3, 31)
                .checked_add(rng.range(0, 64).days())
                .unwrap();
            paris_instant(
                day,
                rng.range(0, 23) as i8,
                rng.range(0, 59) as i8,
                rng.range(0, 59) as i8,
            )
        }
    }
}

/// What the generator did on purpose, to measure the mix.
#[derive(Default, Debug)]
pub struct Traits {
    pub near_ceiling: Option<i64>,
    pub aid_on_window_edge: bool,
    pub yaml: bool,
    pub extra_field: bool,
}

fn finess(dept: i64, n: i64) -> String {
    format!("{dept:02}{n:07}")
}

fn entity(rng: &mut Rng, dept: i64, index: i64, carrier: bool) -> LegalEntity {
    let finess = finess(dept, index * 1000 + 1);
    // The carrier is rarely outside the perimeter; the other EJ more often.
    let casf = rng.chance(if carrier { 97 } else { 90 });
    let activity = match rng.range(0, 99) {
        0..=67 => Activity::MedicoSocial,
        68..=89 => Activity::Hybrid,
        90..=96 if carrier => Activity::MedicoSocial,
        _ => Activity::Sanitaire,
    };
    // Site counts around the rank boundaries (4/5, 7/8, 12/13) happen through sums of EJ.
    let n_sites = match rng.range(0, 99) {
        0..=4 => 0,
        5..=49 => rng.range(1, 2),
        50..=84 => rng.range(3, 5),
        _ => rng.range(6, 13),
    };
    let sites = (0..n_sites)
        .map(|s| Site {
            finess: finess.clone()[..2].to_string() + &format!("{:07}", index * 1000 + 100 + s),
            name: format!("Site {index}-{s}"),
            activity: if rng.chance(85) {
                Activity::MedicoSocial
            } else {
                Activity::Sanitaire
            },
        })
        .collect();
    LegalEntity {
        name: format!("Entité {finess}"),
        finess,
        casf_l312_1: casf,
        activity,
        dui: Dui {
            software: (*rng.pick(&["DUI Exemple", "Logiciel \"Ségur\"", "Dossier\tusager"]))
                .to_string(),
            version: format!("{}.{}", rng.range(1, 9), rng.range(0, 9)),
            segur_referenced: rng.chance(99),
            wave: if rng.chance(99) { 1 } else { 2 },
            shared: rng.chance(30),
        },
        opssims_done: rng.chance(99),
        opssims_version: if rng.chance(99) {
            date(2026, 1, 26)
        } else {
            *rng.pick(&[date(2025, 1, 26), date(2026, 1, 27), date(2026, 1, 25)])
        },
        de_minimis: Vec::new(),
        sites,
    }
}

/// Aid granted on a random day from 2022 to after the submission, or on the days that open and
/// close the three years.
fn aid(rng: &mut Rng, submitted: Date, traits: &mut Traits) -> Aid {
    let back = submitted.checked_sub(3.years()).unwrap();
    let granted_on = match rng.range(0, 9) {
        0 => {
            traits.aid_on_window_edge = true;
            *rng.pick(&[
                back,
                back.tomorrow().unwrap(),
                submitted,
                submitted.tomorrow().unwrap(),
                back.yesterday().unwrap(),
            ])
        }
        _ => date(2022, 1, 1)
            .checked_add(rng.range(0, 4 * 365 + 200).days())
            .unwrap(),
    };
    Aid {
        granted_on,
        // Mostly modest aid (whole euros or with cents), sometimes a large one.
        amount: if rng.chance(10) {
            rng.range(100_000, 280_000) * 100
        } else {
            rng.range(0, 40_000) * 100
        } + rng.range(0, 99) * i64::from(rng.chance(50)),
        authority: (*rng.pick(&["Conseil régional", "État", "ARS"])).to_string(),
    }
}

/// The à-la-carte choice: mostly right, sometimes wrong in one way.
fn choice(rng: &mut Rng, parcours: i64) -> (Vec<String>, Vec<String>) {
    let (list, at_least) = a_la_carte(parcours);
    let mut codes: Vec<&str> = list.to_vec();
    // Shuffle.
    for i in (1..codes.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        codes.swap(i, j);
    }
    let k = (at_least + rng.range(0, 2) as usize).min(codes.len());
    let mut chosen: Vec<String> = codes[..k].iter().map(|c| c.to_string()).collect();
    let mut achieved: Vec<String> = Vec::new();
    if parcours == 3 {
        let has_backup = chosen.iter().any(|c| BACKUP.contains(&c.as_str()));
        match rng.range(0, 9) {
            // The backup rule kept: all three or none.
            0..=5 if has_backup => {
                for b in BACKUP {
                    if !chosen.iter().any(|c| c == b) {
                        chosen.push(b.to_string());
                    }
                }
            }
            // One already achieved lifts the rule.
            6 | 7 => achieved.push(rng.pick(&BACKUP).to_string()),
            _ => {}
        }
    }
    match rng.range(0, 99) {
        0..=4 => {
            let again = rng.pick(&chosen).clone();
            chosen.push(again);
        }
        5..=7 => {
            let other = rng.range(1, 3);
            let (other_list, _) = a_la_carte(other);
            chosen.push(rng.pick(other_list).to_string());
        }
        8..=9 => chosen.push(rng.pick(mandatory(parcours)).to_string()),
        10..=14 => {
            chosen.truncate(at_least - 1);
        }
        15 => chosen.clear(),
        16..=17 => chosen.push("POC.P9.O9.Z".to_string()),
        _ => {}
    }
    if rng.chance(8) {
        // Codes achieved before the call that change nothing.
        achieved.push(rng.pick(mandatory(parcours)).to_string());
    }
    (chosen, achieved)
}

pub fn dossier(rng: &mut Rng, n: u64) -> (Dossier, Traits) {
    let mut traits = Traits::default();
    let parcours = rng.range(1, 3);
    let grouping = *rng.pick(&GROUPINGS);
    let dept = rng.range(1, 95);
    let n_ej = if grouping == "mono_ej" {
        if rng.chance(90) {
            1
        } else {
            2
        }
    } else {
        match rng.range(0, 9) {
            0..=5 => rng.range(1, 3),
            6..=8 => rng.range(4, 6),
            _ => rng.range(7, 10),
        }
    };
    let mut entities: Vec<LegalEntity> = (0..n_ej)
        .map(|i| entity(rng, dept, i + 1, i == 0))
        .collect();
    let at = submitted_at(rng);
    let mut d = Dossier {
        id: format!("REF-{n:06}"),
        submitted_at: at,
        parcours,
        grouping,
        porteur: String::new(),
        legal_entities: Vec::new(),
        commitment_signed: rng.chance(96),
        commitment_by_legal_representative: rng.chance(96),
        commitment_covers: Vec::new(),
        orientation_parcours: if rng.chance(94) {
            parcours
        } else {
            rng.range(1, 3)
        },
        orientation_validated_on: date(2026, 4, 1)
            .checked_add(rng.range(0, 60).days())
            .unwrap(),
        a_la_carte: Vec::new(),
        already_achieved: Vec::new(),
    };
    let submitted = super::essms::submission_date(&d);
    for ej in &mut entities {
        let n_aid = match rng.range(0, 9) {
            0..=4 => 0,
            5..=7 => 1,
            _ => rng.range(2, 4),
        };
        ej.de_minimis = (0..n_aid)
            .map(|_| aid(rng, submitted, &mut traits))
            .collect();
    }
    // The carrier: mostly the first EJ, sometimes another one, or a FINESS of none.
    d.porteur = match rng.range(0, 99) {
        0..=3 => finess(dept, 999_999),
        4..=9 => rng.pick(&entities).finess.clone(),
        _ => entities[0].finess.clone(),
    };
    // The commitment names every EJ, or forgets one.
    d.commitment_covers = entities.iter().map(|e| e.finess.clone()).collect();
    if rng.chance(6) && !d.commitment_covers.is_empty() {
        let i = (rng.next() % d.commitment_covers.len() as u64) as usize;
        d.commitment_covers.remove(i);
    }
    if rng.chance(20) {
        // The carrier not first.
        entities.rotate_left(1);
    }
    d.legal_entities = entities;
    let (chosen, achieved) = choice(rng, parcours);
    d.a_la_carte = chosen;
    d.already_achieved = achieved;

    // De minimis a cent either side of the ceiling, for one EJ of the perimeter.
    if rng.chance(15) {
        let decision = decide(&d);
        if !decision.de_minimis.is_empty() {
            let m = &decision.de_minimis[(rng.next() % decision.de_minimis.len() as u64) as usize];
            let delta: Cents = *rng.pick(&[-1, 0, 1]);
            let amount = MINIMIS_CEILING - m.share - m.aid + delta;
            if amount >= 0 {
                let when = submitted.checked_sub(rng.range(0, 700).days()).unwrap();
                d.legal_entities[m.entity].de_minimis.push(Aid {
                    granted_on: when,
                    amount,
                    authority: "Conseil régional".to_string(),
                });
                traits.near_ceiling = Some(delta);
            }
        }
    }
    traits.yaml = rng.chance(15);
    traits.extra_field = rng.chance(4);
    (d, traits)
}

fn activity(a: Activity) -> Json {
    Json::from(a.as_str())
}

/// The dossier as the platform exports it (JSON), instants written in `offsets`' style.
pub fn to_json(d: &Dossier, rng: &mut Rng, extra_field: bool) -> Json {
    let entities: Vec<Json> = d
        .legal_entities
        .iter()
        .map(|ej| {
            json!({
                "finess": ej.finess,
                "name": ej.name,
                "casf_l312_1": ej.casf_l312_1,
                "activity": activity(ej.activity),
                "dui": {
                    "software": ej.dui.software,
                    "version": ej.dui.version,
                    "segur_referenced": ej.dui.segur_referenced,
                    "wave": ej.dui.wave,
                    "shared": ej.dui.shared,
                },
                "opssims": { "done": ej.opssims_done, "version": ej.opssims_version.to_string() },
                "de_minimis": ej.de_minimis.iter().map(|a| json!({
                    "granted_on": a.granted_on.to_string(),
                    "amount": money(a.amount),
                    "authority": a.authority,
                })).collect::<Vec<_>>(),
                "sites": ej.sites.iter().map(|s| json!({
                    "finess": s.finess,
                    "name": s.name,
                    "activity": activity(s.activity),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut root = json!({
        "id": d.id,
        "submitted_at": instant_text(d.submitted_at, rng),
        "parcours": d.parcours,
        "grouping": d.grouping,
        "porteur": d.porteur,
        "legal_entities": entities,
        "direction_commitment": {
            "signed": d.commitment_signed,
            "by_legal_representative": d.commitment_by_legal_representative,
            "covers": d.commitment_covers,
        },
        "region_orientation": {
            "parcours": d.orientation_parcours,
            "validated_on": d.orientation_validated_on.to_string(),
        },
        "a_la_carte": d.a_la_carte,
        "already_achieved": d.already_achieved,
    });
    if extra_field {
        root["exported_by"] = json!({ "platform": "Convergence", "build": 42 });
    }
    root
}

/// Field names whose values the schema types, so that YAML may leave them plain: FINESS
/// numbers, money, dates, instants (`010000001` is the text "010000001" there).
pub const PLAIN: [&str; 8] = [
    "finess",
    "porteur",
    "amount",
    "granted_on",
    "validated_on",
    "version",
    "submitted_at",
    "covers",
];
