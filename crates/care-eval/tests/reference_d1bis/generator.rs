//! A seeded generator of valid, varied D1 bis declarations (the data contract's shape), weighted
//! so that the cases where a decision turns occur often: GHT and private candidates with one or
//! several establishments, audits a day either side of the 60-day mean, the 100-day gap, the
//! 60 days before the submission and the bounds of the operational phase, the antepenultimate
//! audit replacing the penultimate one, CVSS scores a hundredth either side of 9.0, shares of the
//! combined activity at 66 % and 90 % exactly, a cybersurveillance audit two years old to the
//! day, SILENE on its 100th and 101st day, expenses on the days that open and close the period,
//! submissions a second either side of the version's start, in several UTC offsets.
//!
//! Declarations are written as JSON or YAML (block style, scalars left plain where the schema
//! types them: FINESS numbers, money, shares, dates).

use super::d1bis::{
    AdAudit, Budget, Candidate, Cents, D1Application, Dossier, Establishment, Expense,
    ExposureAudit, Ght, Prerequisites, Share, CATEGORIES, SHARE_ONE,
};
use super::shared::{instant_text, money, paris, paris_instant, Rng};
use jiff::civil::{date, Date};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::{json, Value as Json};

/// Field names whose values the schema types, so that YAML may leave them plain.
pub const PLAIN: [&str; 14] = [
    "finess",
    "combined_activity_share",
    "digital_share",
    "ssi_fte",
    "max_cvss",
    "amount",
    "cap",
    "previous_d1_amount",
    "date",
    "submitted_at",
    "operational_phase_start",
    "crisis_exercise_on",
    "cybersurveillance_audit_on",
    "silene_subscribed_on",
];

/// What the generator did on purpose, to measure the mix.
#[derive(Default, Debug)]
pub struct Traits {
    pub yaml: bool,
    pub extra_field: bool,
    pub near_version_start: bool,
    pub replaced_by_antepenultimate: bool,
    pub audit_two_years_old: bool,
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).expect("a date in range")
}

/// The submission instant: mostly months into the phase, sometimes a second either side of the
/// version's start.
fn submitted_at(rng: &mut Rng, traits: &mut Traits) -> Timestamp {
    if rng.chance(4) {
        traits.near_version_start = true;
        let secs = *rng.pick(&[-3600, -1, 0, 1, 7200]);
        return paris_instant(date(2026, 1, 27), 0, 0, 0)
            .checked_add(SignedDuration::from_secs(secs))
            .unwrap();
    }
    let day = add_days(date(2026, 3, 1), rng.range(0, 560));
    paris_instant(
        day,
        rng.range(0, 23) as i8,
        rng.range(0, 59) as i8,
        rng.range(0, 59) as i8,
    )
}

/// A share split of the combined activity over `n` establishments, in ten-thousandths; often
/// one with exactly 66 %, 90 % or 10 % of it, so that sums land on the thresholds.
fn shares(rng: &mut Rng, n: usize) -> Vec<Share> {
    if n == 1 {
        return vec![if rng.chance(90) {
            SHARE_ONE
        } else {
            rng.range(0, SHARE_ONE)
        }];
    }
    let mut out = Vec::with_capacity(n);
    let mut left = SHARE_ONE;
    for i in 0..n {
        let s = if i == n - 1 {
            left
        } else if rng.chance(30) {
            (*rng.pick(&[6600, 9000, 1000, 3400, 2400, 6599, 8999])).min(left)
        } else {
            rng.range(0, left)
        };
        out.push(s);
        left -= s;
    }
    out
}

/// Audit dates from the phase's start towards the submission day. A `regular` series (most of
/// them) keeps to the rules but for its edges (a gap or a last audit on the threshold); the
/// others draw gaps around the thresholds and often break one; either may have an audit before
/// the phase or after the submission, which do not count.
fn audit_dates(rng: &mut Rng, start: Date, last_day: Date, regular: bool) -> Vec<Date> {
    let count = if regular {
        rng.range(2, 6)
    } else {
        *rng.pick(&[0, 1, 2, 2, 3, 3, 4, 4, 5, 6])
    };
    if count == 0 {
        return Vec::new();
    }
    // The last audit a number of days before the submission, often 60 or 61.
    let to_submission = if regular {
        *rng.pick(&[0, 1, 10, 30, 45, 59, 60])
    } else {
        *rng.pick(&[0, 1, 10, 30, 59, 60, 60, 61, 61, 90])
    };
    let mut dates = vec![add_days(last_day, -to_submission)];
    for _ in 1..count {
        let gap = match (regular, rng.range(0, 9)) {
            (true, 0) => 60,
            (true, _) => rng.range(15, 58),
            (false, 0..=3) => rng.range(20, 60),
            (false, 4) => 60,
            (false, 5) => 61,
            (false, 6) => 100,
            (false, 7) => 101,
            (false, _) => rng.range(1, 120),
        };
        let previous = *dates.last().unwrap();
        dates.push(add_days(previous, -gap));
    }
    dates.reverse();
    match rng.range(0, 19) {
        0 => dates[0] = add_days(start, -1),
        1 => dates[0] = start,
        2 => dates.push(add_days(last_day, 1)),
        _ => {}
    }
    dates
}

/// Whether each audit is at target: all of a good series (but for its penultimate audit, at
/// times, which the antepenultimate then replaces), four in five of the others.
fn at_target_pattern(rng: &mut Rng, n: usize, good: bool, traits: &mut Traits) -> Vec<bool> {
    let mut ok: Vec<bool> = (0..n).map(|_| good || rng.chance(80)).collect();
    if n >= 3 && rng.chance(20) {
        ok[n - 2] = false;
        ok[n - 3] = true;
        ok[n - 1] = true;
        traits.replaced_by_antepenultimate = true;
    }
    ok
}

/// The export is in no particular order: sometimes two audits change places.
fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    if items.len() >= 2 && rng.chance(30) {
        let last = items.len() as i64 - 1;
        let (i, j) = (rng.range(0, last), rng.range(0, last));
        items.swap(i as usize, j as usize);
    }
}

fn cvss(rng: &mut Rng, at_target: bool) -> i64 {
    if at_target {
        *rng.pick(&[0, 500, 750, 899, 900, 900])
    } else {
        *rng.pick(&[901, 950, 980, 1000])
    }
}

fn establishment(
    rng: &mut Rng,
    i: usize,
    share: Share,
    last_day: Date,
    dirs: &[String],
) -> Establishment {
    let finess = format!("97{:07}", 1000 + i * 11);
    let directories: Vec<String> = match rng.range(0, 9) {
        0 => Vec::new(),
        1..=6 => vec![format!("ad{i}.local")],
        7 => vec![format!("ad{i}.local"), format!("ad{i}-b.local")],
        // A directory shared with another establishment.
        _ => vec![rng.pick(dirs).clone()],
    };
    let crisis_exercise_on = match rng.range(0, 9) {
        0 => None,
        1 => Some(date(2024, 12, 31)),
        2 => Some(date(2025, 1, 1)),
        3 => Some(last_day),
        4 => Some(add_days(last_day, 1)),
        _ => Some(add_days(date(2025, 1, 1), rng.range(0, 400))),
    };
    let budget = match rng.range(0, 9) {
        0 => None,
        1 => Some(Budget {
            digital_share: None,
            ssi_fte: Some("0.5".into()),
        }),
        2 => Some(Budget {
            digital_share: Some(190),
            ssi_fte: None,
        }),
        _ => Some(Budget {
            digital_share: Some(rng.range(0, 800)),
            ssi_fte: Some(rng.pick(&["0", "0.8", "1.5", "3"]).to_string()),
        }),
    };
    Establishment {
        finess,
        support: false,
        combined_activity_share: share,
        directories,
        crisis_exercise_on,
        budget_share_filled: rng.chance(92),
        priority_measures_completed: *rng.pick(&[43, 43, 40, 39, 39, 38, 20, 0]),
        budget,
    }
}

fn prerequisites(rng: &mut Rng, last_day: Date, traits: &mut Traits) -> Prerequisites {
    let two_years_before = last_day.checked_sub(2.years()).unwrap();
    let audit = match rng.range(0, 11) {
        0 => None,
        1 => Some(two_years_before),
        2 => Some(add_days(two_years_before, 1)),
        3 => Some(add_days(two_years_before, -1)),
        4 => Some(last_day),
        5 => Some(add_days(last_day, 1)),
        _ => Some(add_days(last_day, -rng.range(0, 700))),
    };
    traits.audit_two_years_old = audit == Some(two_years_before);
    Prerequisites {
        sun_es_validated: rng.chance(45),
        pssi: rng.chance(95),
        incident_procedure: rng.chance(95),
        org_chart_with_rssi: rng.chance(95),
        rssi_direction_meetings_per_year: *rng.pick(&[0, 1, 2, 2, 3, 4, 12]),
        cybersurveillance_audit_on: audit,
    }
}

fn expenses(rng: &mut Rng, last_day: Date) -> Vec<Expense> {
    (0..rng.range(0, 7))
        .map(|_| {
            let (category, _) = *rng.pick(&CATEGORIES);
            let date = match rng.range(0, 9) {
                0 => date(2026, 1, 26),
                1 => date(2026, 1, 27),
                2 => last_day,
                3 => add_days(last_day, 1),
                _ => add_days(date(2026, 1, 27), rng.range(0, 400)),
            };
            let amount: Cents = match rng.range(0, 9) {
                0 => 0,
                1 => rng.range(1, 99),
                _ => rng.range(100_00, 80_000_00),
            };
            Expense {
                category,
                amount,
                date,
                pre_existing: rng.chance(25),
            }
        })
        .collect()
}

/// Declaration number `n`.
pub fn dossier(rng: &mut Rng, n: u64) -> (Dossier, Traits) {
    let mut traits = Traits {
        yaml: rng.chance(15),
        extra_field: rng.chance(10),
        ..Traits::default()
    };
    let submitted = submitted_at(rng, &mut traits);
    let last_day = submitted.to_zoned(paris()).date();
    let candidate_type = if rng.chance(40) {
        Candidate::Ght
    } else {
        Candidate::EsPrive
    };
    // The phase starts on or after the order's publication, before the submission.
    let start = if last_day <= date(2026, 1, 27) {
        date(2026, 1, 27)
    } else {
        let room = (last_day - date(2026, 1, 27)).get_days() as i64;
        add_days(date(2026, 1, 27), rng.range(0, room.min(120)))
    };

    let count = *rng.pick(&[1, 1, 1, 2, 2, 3, 4, 5]);
    let count = if rng.chance(2) { 0 } else { count };
    let split = shares(rng, count);
    let pool: Vec<String> = (0..count.max(1)).map(|i| format!("ad{i}.local")).collect();
    let mut establishments: Vec<Establishment> = split
        .iter()
        .enumerate()
        .map(|(i, &s)| establishment(rng, i, s, last_day, &pool))
        .collect();
    if candidate_type == Candidate::Ght && !establishments.is_empty() && rng.chance(92) {
        let i = rng.range(0, establishments.len() as i64 - 1) as usize;
        establishments[i].support = true;
        if rng.chance(5) {
            let j = rng.range(0, establishments.len() as i64 - 1) as usize;
            establishments[j].support = true;
        }
    }

    // AD audits: for each directory, a series whose scores follow an at-target pattern.
    let mut directories: Vec<String> = Vec::new();
    for dir in establishments.iter().flat_map(|e| &e.directories) {
        if !directories.contains(dir) {
            directories.push(dir.clone());
        }
    }
    let mut ad_audits = Vec::new();
    for dir in &directories {
        let good = rng.chance(85);
        let dates = audit_dates(rng, start, last_day, good);
        let ok = at_target_pattern(rng, dates.len(), good, &mut traits);
        for (day, ok) in dates.into_iter().zip(ok) {
            let score = if ok {
                *rng.pick(&[2, 2, 3, 4, 5])
            } else {
                *rng.pick(&[0, 1, 1])
            };
            ad_audits.push(AdAudit {
                directory: dir.clone(),
                date: day,
                score,
            });
        }
    }
    shuffle(rng, &mut ad_audits);
    if rng.chance(10) {
        ad_audits.push(AdAudit {
            directory: "inconnu.local".into(),
            date: last_day,
            score: 3,
        });
    }

    // Exposure audits: one series, each audit covering most establishments.
    let good = rng.chance(75);
    let dates = audit_dates(rng, start, last_day, good);
    let ok = at_target_pattern(rng, dates.len(), good, &mut traits);
    let mut exposure_audits: Vec<ExposureAudit> = dates
        .into_iter()
        .zip(ok)
        .map(|(day, ok)| {
            // Missed by the CVSS score, by a critical risk, or by both.
            let (max_cvss, critical_risks) = match (ok, rng.range(0, 2)) {
                (true, _) => (cvss(rng, true), 0),
                (false, 0) => (cvss(rng, false), 0),
                (false, 1) => (cvss(rng, true), rng.range(1, 3)),
                (false, _) => (cvss(rng, false), rng.range(1, 3)),
            };
            ExposureAudit {
                date: day,
                max_cvss,
                critical_risks,
                establishments: covered(rng, &establishments),
            }
        })
        .collect();
    // One establishment's own last audit misses the target: the share at target falls by its
    // share, often into the 66 %–90 % band.
    if establishments.len() >= 2 && rng.chance(35) {
        let e = rng.pick(&establishments);
        exposure_audits.push(ExposureAudit {
            date: add_days(last_day, -rng.range(0, 20)),
            max_cvss: cvss(rng, false),
            critical_risks: 0,
            establishments: vec![e.finess.clone()],
        });
    }
    shuffle(rng, &mut exposure_audits);

    let silene_subscribed_on = match rng.range(0, 9) {
        0..=4 => None,
        5 => Some(add_days(start, 100)),
        6 => Some(add_days(start, 101)),
        7 => Some(add_days(start, -5)),
        _ => Some(add_days(start, rng.range(0, 200))),
    };
    let ght = match candidate_type {
        Candidate::Ght if rng.chance(95) => Some(Ght {
            steering_referent: rng.chance(85),
            ad_convergence_strategy_validated: rng.chance(85),
        }),
        Candidate::EsPrive if rng.chance(5) => Some(Ght {
            steering_referent: false,
            ad_convergence_strategy_validated: false,
        }),
        _ => None,
    };
    let cap: Cents = rng.range(20_000_00, 400_000_00);
    let previous_d1_amount = match rng.range(0, 9) {
        0..=5 => 0,
        6 => cap,
        7 => cap + rng.range(1, 10_000_00),
        _ => rng.range(0, cap),
    };
    let prerequisites = prerequisites(rng, last_day, &mut traits);
    let d = Dossier {
        id: format!("D1BIS-{n:06}"),
        candidate_type,
        ght_iles_du_nord: rng.chance(12),
        finess_category_146: rng.chance(88),
        d1_application: *rng.pick(&[
            D1Application::None,
            D1Application::None,
            D1Application::Without146,
            D1Application::AllActivitiesAchieved,
        ]),
        submitted_at: submitted,
        operational_phase_start: start,
        prerequisites,
        establishments,
        ad_audits,
        exposure_audits,
        silene_subscribed_on,
        ght,
        expenses: expenses(rng, last_day),
        cap,
        previous_d1_amount,
    };
    (d, traits)
}

/// The establishments an exposure audit covers: usually all, sometimes all but one.
fn covered(rng: &mut Rng, establishments: &[Establishment]) -> Vec<String> {
    let skip = if rng.chance(8) && !establishments.is_empty() {
        Some(rng.range(0, establishments.len() as i64 - 1) as usize)
    } else {
        None
    };
    establishments
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != skip)
        .map(|(_, e)| e.finess.clone())
        .collect()
}

/// A share or a CVSS score as the platform writes it, with or without trailing zeros.
fn decimal(value: i64, scale: u32, rng: &mut Rng) -> String {
    let unit = 10_i64.pow(scale);
    let text = format!(
        "{}.{:0width$}",
        value / unit,
        value % unit,
        width = scale as usize
    );
    if rng.chance(50) {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        trimmed.to_string()
    } else {
        text
    }
}

fn day(d: Option<Date>) -> Json {
    d.map_or(Json::Null, |d| Json::String(d.to_string()))
}

/// The declaration as the platform exports it.
pub fn to_json(d: &Dossier, rng: &mut Rng, extra_field: bool) -> Json {
    let establishments: Vec<Json> = d
        .establishments
        .iter()
        .map(|e| {
            let mut o = json!({
                "finess": e.finess,
                "combined_activity_share": decimal(e.combined_activity_share, 4, rng),
                "directories": e.directories,
                "crisis_exercise_on": day(e.crisis_exercise_on),
                "osis": {
                    "budget_share_filled": e.budget_share_filled,
                    "priority_measures_completed": e.priority_measures_completed,
                },
                "budget": e.budget.as_ref().map_or(Json::Null, |b| json!({
                    "digital_share": b.digital_share.map_or(Json::Null, |s| Json::String(decimal(s, 4, rng))),
                    "ssi_fte": b.ssi_fte.as_ref().map_or(Json::Null, |f| Json::String(f.clone())),
                })),
            });
            // `support` defaults to false: often left out when false.
            if e.support || rng.chance(50) {
                o["support"] = Json::Bool(e.support);
            }
            o
        })
        .collect();
    let p = &d.prerequisites;
    let mut root = json!({
        "id": d.id,
        "candidate_type": match d.candidate_type { Candidate::EsPrive => "es_prive", Candidate::Ght => "ght" },
        "ght_iles_du_nord": d.ght_iles_du_nord,
        "finess_category_146": d.finess_category_146,
        "d1_application": match d.d1_application {
            D1Application::None => "none",
            D1Application::AllActivitiesAchieved => "all_activities_achieved",
            D1Application::Without146 => "without_146",
        },
        "submitted_at": instant_text(d.submitted_at, rng),
        "operational_phase_start": d.operational_phase_start.to_string(),
        "prerequisites": {
            "sun_es_validated": p.sun_es_validated,
            "pssi": p.pssi,
            "incident_procedure": p.incident_procedure,
            "org_chart_with_rssi": p.org_chart_with_rssi,
            "rssi_direction_meetings_per_year": p.rssi_direction_meetings_per_year,
            "cybersurveillance_audit_on": day(p.cybersurveillance_audit_on),
        },
        "establishments": establishments,
        "ad_audits": d.ad_audits.iter().map(|a| json!({
            "directory": a.directory, "date": a.date.to_string(), "score": a.score,
        })).collect::<Vec<_>>(),
        "exposure_audits": d.exposure_audits.iter().map(|a| json!({
            "date": a.date.to_string(),
            "max_cvss": decimal(a.max_cvss, 2, rng),
            "critical_risks": a.critical_risks,
            "establishments": a.establishments,
        })).collect::<Vec<_>>(),
        "silene_subscribed_on": day(d.silene_subscribed_on),
        "ght": d.ght.as_ref().map_or(Json::Null, |g| json!({
            "steering_referent": g.steering_referent,
            "ad_convergence_strategy_validated": g.ad_convergence_strategy_validated,
        })),
        "expenses": d.expenses.iter().map(|x| json!({
            "category": x.category,
            "amount": money(x.amount),
            "date": x.date.to_string(),
            "pre_existing": x.pre_existing,
        })).collect::<Vec<_>>(),
        "cap": money(d.cap),
        "previous_d1_amount": money(d.previous_d1_amount),
    });
    if extra_field {
        root["exported_by"] = json!({ "platform": "eCaRE", "build": 7 });
    }
    root
}
