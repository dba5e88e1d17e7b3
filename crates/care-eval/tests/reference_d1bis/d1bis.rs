//! The CaRE Domaine 1 bis achievement declaration decided in plain Rust, straight from the domain
//! rules (`rules.md` §2, quoted in the comments below) and the data contract's interpretations,
//! written without reading the policy's `.care` files, so that a disagreement with the
//! interpreter points at a mistake in one of the two. Money is in integer cents, shares in
//! ten-thousandths, rates in thousandths: no decimal library, no floating point.

use jiff::civil::{date, Date};
use jiff::{Timestamp, ToSpan};
use std::collections::{BTreeMap, BTreeSet};

use super::shared::paris;

pub type Cents = i64;
/// A share of the combined activity in ten-thousandths: `6600` is 0.66.
pub type Share = i64;
/// A rate in thousandths: `25` is 2.5 %.
pub type PerMille = i64;

pub const SHARE_ONE: Share = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Candidate {
    EsPrive,
    Ght,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum D1Application {
    None,
    AllActivitiesAchieved,
    Without146,
}

/// The expense categories of the contract, and whether each is an eligible cost (§2.4).
pub const CATEGORIES: [(&str, bool); 10] = [
    ("external_services", true),
    ("remediation", true),
    ("software", true),
    ("internal_staff", true),
    ("travel", false),
    ("general_training", false),
    ("events", false),
    ("common_hardware", false),
    ("recurring", false),
    ("ad_convergence", false),
];

#[derive(Clone, Debug)]
pub struct Prerequisites {
    pub sun_es_validated: bool,
    pub pssi: bool,
    pub incident_procedure: bool,
    pub org_chart_with_rssi: bool,
    pub rssi_direction_meetings_per_year: i64,
    pub cybersurveillance_audit_on: Option<Date>,
}

#[derive(Clone, Debug)]
pub struct Budget {
    pub digital_share: Option<Share>,
    /// Kept as written: only its presence is judged.
    pub ssi_fte: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Establishment {
    pub finess: String,
    pub support: bool,
    pub combined_activity_share: Share,
    pub directories: Vec<String>,
    pub crisis_exercise_on: Option<Date>,
    pub budget_share_filled: bool,
    pub priority_measures_completed: i64,
    pub budget: Option<Budget>,
}

#[derive(Clone, Debug)]
pub struct AdAudit {
    pub directory: String,
    pub date: Date,
    pub score: i64,
}

#[derive(Clone, Debug)]
pub struct ExposureAudit {
    pub date: Date,
    /// The highest CVSS score in hundredths: `900` is 9.0.
    pub max_cvss: i64,
    pub critical_risks: i64,
    pub establishments: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Ght {
    pub steering_referent: bool,
    pub ad_convergence_strategy_validated: bool,
}

#[derive(Clone, Debug)]
pub struct Expense {
    pub category: &'static str,
    pub amount: Cents,
    pub date: Date,
    pub pre_existing: bool,
}

#[derive(Clone, Debug)]
pub struct Dossier {
    pub id: String,
    pub candidate_type: Candidate,
    pub ght_iles_du_nord: bool,
    pub finess_category_146: bool,
    pub d1_application: D1Application,
    pub submitted_at: Timestamp,
    pub operational_phase_start: Date,
    pub prerequisites: Prerequisites,
    pub establishments: Vec<Establishment>,
    pub ad_audits: Vec<AdAudit>,
    pub exposure_audits: Vec<ExposureAudit>,
    pub silene_subscribed_on: Option<Date>,
    pub ght: Option<Ght>,
    pub expenses: Vec<Expense>,
    pub cap: Cents,
    pub previous_d1_amount: Cents,
}

/// What the policy must decide for a declaration (the outputs the contract names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The version in force at the submission instant, `None` before the first one.
    pub version: Option<&'static str>,
    pub eligible: bool,
    /// Each objective's code and whether it is achieved; `D1.O6` for a GHT only.
    pub objectives: BTreeMap<&'static str, bool>,
    pub o2b_share: Share,
    pub discount: PerMille,
    pub eligible_costs: Cents,
    pub payable: Cents,
    /// The eligibility rules and prerequisites that fail.
    pub failed: BTreeSet<&'static str>,
}

/// The one version, in force from the publication of the order, 2026-01-27 00:00 Paris time.
pub fn version_in_force(at: Timestamp) -> Option<&'static str> {
    let from = date(2026, 1, 27)
        .to_zoned(paris())
        .expect("a Paris date")
        .timestamp();
    (at >= from).then_some("2026-02-02")
}

/// The day of the submission, Paris time: the operational phase ends on it.
pub fn submission_day(d: &Dossier) -> Date {
    d.submitted_at.to_zoned(paris()).date()
}

fn days(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

/// "Audits count only inside the operational phase: from `operational_phase_start` to the date
/// of `submitted_at` (Paris time), bounds included."
fn in_phase(d: &Dossier, day: Date) -> bool {
    d.operational_phase_start <= day && day <= submission_day(d)
}

/// "On average every 60 days, at most 100 days between two consecutive audits": with the audits
/// sorted by date, at least two, every gap ≤ 100 days and the mean gap ≤ 60 days. The gaps add
/// up to the days from the first audit to the last, so the mean is that over the gap count.
fn regular(sorted: &[Date]) -> bool {
    let n = sorted.len() as i64;
    n >= 2
        && sorted.windows(2).all(|w| days(w[0], w[1]) <= 100)
        && days(sorted[0], sorted[sorted.len() - 1]) <= 60 * (n - 1)
}

/// "Score ≥ 2 on the last two consecutive audits […] The last audit at most 60 days before
/// submission. If the penultimate audit misses the target, the antepenultimate one may replace
/// it if it was done within 60 days before the last one." `audits` are sorted by date, each with
/// whether it is at target.
fn last_two_at_target(d: &Dossier, audits: &[(Date, bool)]) -> bool {
    let n = audits.len();
    if n < 2 {
        return false;
    }
    let (last, last_ok) = audits[n - 1];
    let penultimate_ok = audits[n - 2].1;
    let replaced = n >= 3 && audits[n - 3].1 && days(audits[n - 3].0, last) <= 60;
    days(last, submission_day(d)) <= 60 && last_ok && (penultimate_ok || replaced)
}

/// Sorted by date, audits of the same day kept in the order of the export (a stable sort).
fn by_date<T: Clone>(items: impl Iterator<Item = T>, day: impl Fn(&T) -> Date) -> Vec<T> {
    let mut v: Vec<T> = items.collect();
    v.sort_by_key(|x| day(x));
    v
}

fn directory_audits(d: &Dossier, directory: &str) -> Vec<AdAudit> {
    by_date(
        d.ad_audits
            .iter()
            .filter(|a| a.directory == directory && in_phase(d, a.date))
            .cloned(),
        |a| a.date,
    )
}

/// D1.O1.B for one directory: ADS score ≥ 2.
fn directory_at_target(d: &Dossier, directory: &str) -> bool {
    let audits: Vec<(Date, bool)> = directory_audits(d, directory)
        .iter()
        .map(|a| (a.date, a.score >= 2))
        .collect();
    last_two_at_target(d, &audits)
}

/// An establishment meets D1.O1.B when all its directories do (none: it meets it).
fn establishment_ad_at_target(d: &Dossier, e: &Establishment) -> bool {
    e.directories.iter().all(|dir| directory_at_target(d, dir))
}

/// "At least 2 […] representing ≥ 66 % of the combined activity."
fn two_at_target_for_66(d: &Dossier) -> bool {
    let at_target: Vec<&Establishment> = d
        .establishments
        .iter()
        .filter(|e| establishment_ad_at_target(d, e))
        .collect();
    let share: Share = at_target.iter().map(|e| e.combined_activity_share).sum();
    at_target.len() >= 2 && share * 100 >= 66 * SHARE_ONE
}

fn o1b(d: &Dossier) -> bool {
    match d.candidate_type {
        // "Private EJ: all directories of the EJ; if the EJ has several EG: all directories of
        // at least 2 EG representing ≥ 66 % of the EJ's combined activity."
        Candidate::EsPrive => {
            if d.establishments.len() == 1 {
                establishment_ad_at_target(d, &d.establishments[0])
            } else {
                two_at_target_for_66(d)
            }
        }
        // "GHT: all directories of the support establishment, and if the GHT has several EJ,
        // all directories of at least 2 EJ representing ≥ 66 %."
        Candidate::Ght => {
            let supports: Vec<&Establishment> =
                d.establishments.iter().filter(|e| e.support).collect();
            !supports.is_empty()
                && supports.iter().all(|e| establishment_ad_at_target(d, e))
                && (d.establishments.len() == 1 || two_at_target_for_66(d))
        }
    }
}

/// D1.O1.A: every directory of every establishment audited regularly; none at all fails it.
fn o1a(d: &Dossier) -> bool {
    let directories: BTreeSet<&str> = d
        .establishments
        .iter()
        .flat_map(|e| e.directories.iter().map(String::as_str))
        .collect();
    !directories.is_empty()
        && directories.iter().all(|dir| {
            let dates: Vec<Date> = directory_audits(d, dir).iter().map(|a| a.date).collect();
            regular(&dates)
        })
}

/// D1.O2.A: all exposure audits of the phase together are regular, and a SILENE subscription,
/// if any, is within the first 100 days of the phase.
fn o2a(d: &Dossier) -> bool {
    let dates = by_date(
        d.exposure_audits
            .iter()
            .map(|a| a.date)
            .filter(|&day| in_phase(d, day)),
        |&day| day,
    );
    let silene_ok = d
        .silene_subscribed_on
        .is_none_or(|s| days(d.operational_phase_start, s) <= 100);
    regular(&dates) && silene_ok
}

/// D1.O2.B for one establishment, on the exposure audits that list it: "no critical
/// vulnerability (CVSS > 9.0) nor critical risk".
fn establishment_exposure_at_target(d: &Dossier, e: &Establishment) -> bool {
    let audits: Vec<(Date, bool)> = by_date(
        d.exposure_audits
            .iter()
            .filter(|a| a.establishments.contains(&e.finess) && in_phase(d, a.date)),
        |a| a.date,
    )
    .iter()
    .map(|a| (a.date, a.max_cvss <= 900 && a.critical_risks == 0))
    .collect();
    last_two_at_target(d, &audits)
}

/// "D1.O3 a cyber crisis exercise between 2025-01-01 and the declaration, by 100 % of EJ / EG."
fn o3(d: &Dossier) -> bool {
    let last = submission_day(d);
    d.establishments.iter().all(|e| {
        e.crisis_exercise_on
            .is_some_and(|x| date(2025, 1, 1) <= x && x <= last)
    })
}

/// "D1.O4 oSIS filled by 100 % of establishments: digital budget share, and ≥ 90 % of the 43
/// priority measures" (38.7: at least 39).
fn o4(d: &Dossier) -> bool {
    d.establishments
        .iter()
        .all(|e| e.budget_share_filled && e.priority_measures_completed * 100 >= 90 * 43)
}

/// "D1.O5 digital share of the budget and SSI FTE reported" by every establishment.
fn o5(d: &Dossier) -> bool {
    d.establishments.iter().all(|e| {
        e.budget
            .as_ref()
            .is_some_and(|b| b.digital_share.is_some() && b.ssi_fte.is_some())
    })
}

/// "D1.O6.A / D1.O6.B GHT only: central steering; AD convergence strategy validated."
fn o6(d: &Dossier) -> bool {
    d.ght
        .as_ref()
        .is_some_and(|g| g.steering_referent && g.ad_convergence_strategy_validated)
}

/// §2.2: validated under SUN-ES, or every proof, with a cybersurveillance audit "less than 2
/// years old" on the submission day (the seed's words; rules.md says "at most 2 years": the text
/// decides, and an audit of exactly two years before is too old). Two years before a 29 February
/// is the 28th, as the calendar counts years.
fn ps2_1(d: &Dossier) -> bool {
    let p = &d.prerequisites;
    p.sun_es_validated
        || (p.pssi
            && p.incident_procedure
            && p.org_chart_with_rssi
            && p.rssi_direction_meetings_per_year >= 2)
}

fn ps2_2(d: &Dossier) -> bool {
    let p = &d.prerequisites;
    let day = submission_day(d);
    let two_years_before = day.checked_sub(2.years()).expect("a date two years before");
    p.sun_es_validated
        || p.cybersurveillance_audit_on
            .is_some_and(|a| two_years_before < a && a <= day)
}

/// Eligible costs: an eligible category, dated from 2026-01-27 to the submission day, and no
/// pre-existing software investment.
fn eligible_costs(d: &Dossier) -> Cents {
    let last = submission_day(d);
    d.expenses
        .iter()
        .filter(|x| {
            let eligible_category = CATEGORIES
                .iter()
                .any(|&(c, eligible)| c == x.category && eligible);
            eligible_category
                && date(2026, 1, 27) <= x.date
                && x.date <= last
                && !(x.category == "software" && x.pre_existing)
        })
        .map(|x| x.amount)
        .sum()
}

/// `a × b / c` rounded to the nearest integer, halves away from zero (c > 0).
fn mul_div_round(a: i64, b: i64, c: i64) -> i64 {
    let n = i128::from(a) * i128::from(b);
    let c = i128::from(c);
    let q = (2 * n.abs() + c) / (2 * c);
    (if n < 0 { -q } else { q }) as i64
}

pub fn decide(d: &Dossier) -> Decision {
    let version = version_in_force(d.submitted_at);
    let ght = d.candidate_type == Candidate::Ght;

    let o2b_share: Share = d
        .establishments
        .iter()
        .filter(|e| establishment_exposure_at_target(d, e))
        .map(|e| e.combined_activity_share)
        .sum();
    let mut objectives = BTreeMap::from([
        ("D1.O1.A", o1a(d)),
        ("D1.O1.B", o1b(d)),
        ("D1.O2.A", o2a(d)),
        ("D1.O2.B", o2b_share * 100 >= 90 * SHARE_ONE),
        ("D1.O3", o3(d)),
        ("D1.O4", o4(d)),
        ("D1.O5", o5(d)),
    ]);
    if ght {
        objectives.insert("D1.O6", o6(d));
    }

    // The discount table, cumulative, at most 100 %; D1.O2.B by the share at target.
    let rate = |code: &str| -> PerMille {
        match code {
            "D1.O1.A" | "D1.O2.A" | "D1.O3" => 100,
            "D1.O1.B" => 1000,
            "D1.O4" | "D1.O5" => 25,
            "D1.O6" => 50,
            _ => 0,
        }
    };
    let table: PerMille = objectives
        .iter()
        .filter(|&(_, &achieved)| !achieved)
        .map(|(code, _)| rate(code))
        .sum();
    let o2b_rate = if o2b_share * 100 < 66 * SHARE_ONE {
        1000
    } else if o2b_share * 100 < 90 * SHARE_ONE {
        150
    } else {
        0
    };
    let discount = (table + o2b_rate).min(1000);

    let mut failed = BTreeSet::new();
    if !(d.finess_category_146 || d.ght_iles_du_nord) {
        failed.insert("D1.ELIG.STRUCTURE");
    }
    if d.d1_application == D1Application::AllActivitiesAchieved {
        failed.insert("D1.ELIG.D1");
    }
    if !ps2_1(d) {
        failed.insert("PS2.1");
    }
    if !ps2_2(d) {
        failed.insert("PS2.2");
    }
    let eligible = failed.is_empty();

    let costs = eligible_costs(d);
    let capped = mul_div_round(d.cap - d.previous_d1_amount, 1000 - discount, 1000);
    let payable = if eligible {
        costs.min(capped).max(0)
    } else {
        0
    };
    Decision {
        version,
        eligible,
        objectives,
        o2b_share,
        discount,
        eligible_costs: costs,
        payable,
        failed,
    }
}

/// A decimal written `units.fraction` read as an integer count of `1 / 10^scale`; `None` when
/// it has more significant decimals than that or is not a decimal.
pub fn fixed(text: &str, scale: u32) -> Option<i64> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let (units, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > scale as usize
        || units.is_empty()
        || !units
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let padded = format!("{fraction:0<width$}", width = scale as usize);
    let value = units.parse::<i64>().ok()? * 10_i64.pow(scale) + padded.parse::<i64>().unwrap_or(0);
    Some(sign * value)
}

/// Reads a declaration of the data contract, for the fixtures; `None` when a field is missing
/// or malformed (the fixtures of invalid data).
pub fn from_json(v: &serde_json::Value) -> Option<Dossier> {
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let day = |v: &serde_json::Value| v.as_str()?.parse::<Date>().ok();
    let opt_day = |v: &serde_json::Value| -> Option<Option<Date>> {
        if v.is_null() {
            Some(None)
        } else {
            day(v).map(Some)
        }
    };
    let cents = |v: &serde_json::Value| fixed(v.as_str()?, 2).filter(|c| *c >= 0);
    let share =
        |v: &serde_json::Value| fixed(v.as_str()?, 4).filter(|s| (0..=SHARE_ONE).contains(s));
    let flag = |v: &serde_json::Value| v.as_bool();
    let int = |v: &serde_json::Value| v.as_i64();
    let texts =
        |v: &serde_json::Value| -> Option<Vec<String>> { v.as_array()?.iter().map(text).collect() };
    let p = &v["prerequisites"];
    let establishments = v["establishments"]
        .as_array()?
        .iter()
        .map(|e| {
            let budget = match &e["budget"] {
                serde_json::Value::Null => None,
                b => Some(Budget {
                    digital_share: if b["digital_share"].is_null() {
                        None
                    } else {
                        Some(share(&b["digital_share"])?)
                    },
                    ssi_fte: if b["ssi_fte"].is_null() {
                        None
                    } else {
                        Some(text(&b["ssi_fte"])?)
                    },
                }),
            };
            Some(Establishment {
                finess: text(&e["finess"])?,
                support: e["support"].as_bool().unwrap_or(false),
                combined_activity_share: share(&e["combined_activity_share"])?,
                directories: texts(&e["directories"])?,
                crisis_exercise_on: opt_day(&e["crisis_exercise_on"])?,
                budget_share_filled: flag(&e["osis"]["budget_share_filled"])?,
                priority_measures_completed: int(&e["osis"]["priority_measures_completed"])?,
                budget,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let ad_audits = v["ad_audits"]
        .as_array()?
        .iter()
        .map(|a| {
            Some(AdAudit {
                directory: text(&a["directory"])?,
                date: day(&a["date"])?,
                score: int(&a["score"])?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let exposure_audits = v["exposure_audits"]
        .as_array()?
        .iter()
        .map(|a| {
            Some(ExposureAudit {
                date: day(&a["date"])?,
                max_cvss: fixed(a["max_cvss"].as_str()?, 2).filter(|c| (0..=1000).contains(c))?,
                critical_risks: int(&a["critical_risks"])?,
                establishments: texts(&a["establishments"])?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let expenses = v["expenses"]
        .as_array()?
        .iter()
        .map(|x| {
            let name = x["category"].as_str()?;
            let &(category, _) = CATEGORIES.iter().find(|(c, _)| *c == name)?;
            Some(Expense {
                category,
                amount: cents(&x["amount"])?,
                date: day(&x["date"])?,
                pre_existing: flag(&x["pre_existing"])?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let ght = match &v["ght"] {
        serde_json::Value::Null => None,
        g => Some(Ght {
            steering_referent: flag(&g["steering_referent"])?,
            ad_convergence_strategy_validated: flag(&g["ad_convergence_strategy_validated"])?,
        }),
    };
    Some(Dossier {
        id: text(&v["id"])?,
        candidate_type: match v["candidate_type"].as_str()? {
            "es_prive" => Candidate::EsPrive,
            "ght" => Candidate::Ght,
            _ => return None,
        },
        ght_iles_du_nord: flag(&v["ght_iles_du_nord"])?,
        finess_category_146: flag(&v["finess_category_146"])?,
        d1_application: match v["d1_application"].as_str()? {
            "none" => D1Application::None,
            "all_activities_achieved" => D1Application::AllActivitiesAchieved,
            "without_146" => D1Application::Without146,
            _ => return None,
        },
        submitted_at: v["submitted_at"].as_str()?.parse().ok()?,
        operational_phase_start: day(&v["operational_phase_start"])?,
        prerequisites: Prerequisites {
            sun_es_validated: flag(&p["sun_es_validated"])?,
            pssi: flag(&p["pssi"])?,
            incident_procedure: flag(&p["incident_procedure"])?,
            org_chart_with_rssi: flag(&p["org_chart_with_rssi"])?,
            rssi_direction_meetings_per_year: int(&p["rssi_direction_meetings_per_year"])?,
            cybersurveillance_audit_on: opt_day(&p["cybersurveillance_audit_on"])?,
        },
        establishments,
        ad_audits,
        exposure_audits,
        silene_subscribed_on: opt_day(&v["silene_subscribed_on"])?,
        ght,
        expenses,
        cap: cents(&v["cap"])?,
        previous_d1_amount: cents(&v["previous_d1_amount"])?,
    })
}

#[cfg(test)]
mod worked_values {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_version_starts_at_paris_midnight() {
        assert_eq!(version_in_force(at("2026-01-26T22:59:59Z")), None);
        assert_eq!(
            version_in_force(at("2026-01-26T23:00:00Z")),
            Some("2026-02-02")
        );
    }

    #[test]
    fn regular_means_mean_gap_60_and_no_gap_over_100() {
        let d = |m, day| date(2026, m, day);
        assert!(!regular(&[d(3, 1)]), "one audit is not regular");
        assert!(regular(&[d(3, 1), d(4, 30)]), "60 days");
        assert!(!regular(&[d(3, 1), d(5, 1)]), "61 days");
        // 100 then 20 days: no gap over 100, mean 60.
        assert!(regular(&[d(3, 1), d(6, 9), d(6, 29)]));
        // 101 then 19 days: mean 60 but one gap over 100.
        assert!(!regular(&[d(3, 1), d(6, 10), d(6, 29)]));
    }

    #[test]
    fn decimals_read_at_a_scale() {
        assert_eq!(fixed("0.66", 4), Some(6600));
        assert_eq!(fixed("1", 4), Some(10_000));
        assert_eq!(fixed("0.12500", 3), Some(125));
        assert_eq!(fixed("0.1255", 3), None);
        assert_eq!(fixed("9750.20", 2), Some(975_020));
        assert_eq!(fixed("x", 2), None);
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(mul_div_round(1, 500, 1000), 1);
        assert_eq!(mul_div_round(-1, 500, 1000), -1);
        assert_eq!(mul_div_round(3, 333, 1000), 1);
    }
}
