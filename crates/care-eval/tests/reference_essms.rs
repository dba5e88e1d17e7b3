//! Differential test of the ESSMS policy: the interpreter running `policies/essms-poc` and an
//! independent reference written in plain Rust from the domain rules (`reference_essms/essms.rs`)
//! decide thousands of generated dossiers (`reference_essms/generator.rs`), and every output the
//! data contract names must agree: the version in force, `eligible`, `grant`, `counted_sites`,
//! the flat amount, the EJ left out of the perimeter, the codes of the failed rules, and for each
//! EJ whether its de minimis total and share stay under the ceiling (a cent either side of it is
//! generated often, which pins the share to the cent).
//!
//! `cargo test` runs a few thousand dossiers; `cargo test --release -p care-eval --test
//! reference_essms -- --ignored` runs a million (`CARE_REFERENCE_DOSSIERS` to change it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code
// Money in cents written `9_400_00`: euros grouped by thousands, then the cents.
#![allow(clippy::inconsistent_digit_grouping)]

#[path = "reference_essms/essms.rs"]
mod essms;
#[path = "reference_essms/generator.rs"]
mod generator;
#[path = "reference_common/mod.rs"]
mod shared;

use care_eval::engine::{Engine, Failure, Outcome};
use care_eval::report::Report;
use care_eval::Format;
use essms::{decide, Decision};
use generator::{dossier, to_json, Traits, PLAIN};
use serde_json::Value as Json;
use shared::{
    assert_seeded, decided_fixtures, engine, long_run_count, money, to_yaml, Disagreements, Rng,
};
use std::collections::{BTreeMap, BTreeSet};

/// The policy folder under test.
const POLICY: &str = "essms-poc";

/// What the interpreter decided, in the reference's terms.
fn observed(outcome: &Outcome<'_>, explained: bool) -> Decision {
    let report = Report::new(outcome);
    let o = &report.outputs;
    let cents = |name: &str| -> i64 {
        let s = o[name]
            .as_str()
            .unwrap_or_else(|| panic!("`{name}` is not money"));
        let (units, frac) = s.split_once('.').unwrap();
        assert_eq!(frac.len(), 2, "`{name}` = {s}: not two decimals");
        units.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
    };
    let mut de_minimis = Vec::new();
    if explained {
        let json = serde_json::to_value(&report).unwrap();
        let rule = json["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == "POC.MINIMIS")
            .expect("an explanation of POC.MINIMIS");
        for item in rule["items"].as_array().into_iter().flatten() {
            let name = item["item"].as_str().unwrap();
            let entity = name
                .strip_prefix("legal_entities[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|i| i.parse().ok())
                .unwrap_or_else(|| panic!("an item `{name}`"));
            de_minimis.push(essms::Minimis {
                entity,
                aid: 0,
                share: 0,
                within: item["passed"].as_bool().unwrap(),
            });
        }
    }
    let failed: BTreeSet<&'static str> = report
        .failed
        .iter()
        .map(|c| &*Box::leak(c.clone().into_boxed_str()))
        .collect();
    assert_eq!(failed.len(), report.failed.len(), "a failed code twice");
    Decision {
        version: Some(match outcome.policy.version.to_string().as_str() {
            "2026-03-31" => "2026-03-31",
            "2026-04-15" => "2026-04-15",
            other => panic!("an unknown version {other}"),
        }),
        eligible: o["eligible"].as_bool().unwrap(),
        grant: cents("grant"),
        counted_sites: o["counted_sites"].as_i64().unwrap(),
        flat_amount: cents("flat_amount"),
        excluded_entities: o["excluded_entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect(),
        failed,
        de_minimis,
    }
}

/// The differences between the reference's decision and the interpreter's, one line each.
fn differences(
    want: &Decision,
    got: &Result<Outcome<'_>, Failure>,
    explained: bool,
) -> Vec<String> {
    let got = match got {
        Err(f) if want.version.is_none() && f.kind() == "no_version" => return Vec::new(),
        Err(f) => return vec![format!("not evaluated ({}): {:?}", f.kind(), f.lines())],
        Ok(_) if want.version.is_none() => {
            return vec!["evaluated, but no version is in force".into()]
        }
        Ok(o) => observed(o, explained),
    };
    let mut out = Vec::new();
    let mut diff = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{what}: reference {a}, interpreter {b}"));
        }
    };
    diff(
        "version",
        format!("{:?}", want.version),
        format!("{:?}", got.version),
    );
    diff(
        "eligible",
        want.eligible.to_string(),
        got.eligible.to_string(),
    );
    diff("grant", money(want.grant), money(got.grant));
    diff(
        "counted_sites",
        want.counted_sites.to_string(),
        got.counted_sites.to_string(),
    );
    diff(
        "flat_amount",
        money(want.flat_amount),
        money(got.flat_amount),
    );
    diff(
        "excluded_entities",
        format!("{:?}", want.excluded_entities),
        format!("{:?}", got.excluded_entities),
    );
    diff(
        "failed",
        format!("{:?}", want.failed),
        format!("{:?}", got.failed),
    );
    if explained {
        let verdicts = |d: &Decision| -> Vec<(usize, bool)> {
            d.de_minimis.iter().map(|m| (m.entity, m.within)).collect()
        };
        diff(
            "de minimis (EJ, within the ceiling)",
            format!("{:?}", verdicts(want)),
            format!("{:?}", verdicts(&got)),
        );
    }
    out
}

/// How often each case occurred, to show the generator reaches them.
#[derive(Default, Debug)]
struct Mix {
    dossiers: u64,
    eligible: u64,
    no_version: u64,
    versions: BTreeMap<&'static str, u64>,
    parcours: BTreeMap<i64, u64>,
    groupings: BTreeMap<&'static str, u64>,
    failed: BTreeMap<&'static str, u64>,
    with_excluded: u64,
    near_ceiling: BTreeMap<i64, u64>,
    near_ceiling_failed: u64,
    near_ceiling_passed: u64,
    late_by_a_second_or_less: u64,
    on_time_by_a_second_or_less: u64,
    aid_on_window_edge: u64,
    yaml: u64,
    explained: u64,
    capped: u64,
    counted_sites: BTreeMap<i64, u64>,
}

impl Mix {
    fn add(&mut self, d: &essms::Dossier, want: &Decision, traits: &Traits, explained: bool) {
        self.dossiers += 1;
        self.eligible += u64::from(want.eligible);
        match want.version {
            Some(v) => *self.versions.entry(v).or_default() += 1,
            None => self.no_version += 1,
        }
        *self.parcours.entry(d.parcours).or_default() += 1;
        *self.groupings.entry(d.grouping).or_default() += 1;
        for f in &want.failed {
            *self.failed.entry(f).or_default() += 1;
        }
        self.with_excluded += u64::from(!want.excluded_entities.is_empty());
        if let Some(delta) = traits.near_ceiling {
            *self.near_ceiling.entry(delta).or_default() += 1;
            if want.de_minimis.iter().any(|m| !m.within) {
                self.near_ceiling_failed += 1;
            } else {
                self.near_ceiling_passed += 1;
            }
        }
        let to_deadline = d.submitted_at.as_second() - essms::deadline().as_second();
        self.late_by_a_second_or_less += u64::from((0..=1).contains(&to_deadline));
        self.on_time_by_a_second_or_less += u64::from(to_deadline == -1);
        self.aid_on_window_edge += u64::from(traits.aid_on_window_edge);
        self.yaml += u64::from(traits.yaml);
        self.explained += u64::from(explained);
        self.capped +=
            u64::from(want.counted_sites >= 12 && want.flat_amount == essms::amounts(d.parcours).1);
        *self
            .counted_sites
            .entry(want.counted_sites.min(14))
            .or_default() += 1;
    }

    /// Every case the generator aims at occurred, in sensible proportions.
    fn assert_varied(&self) {
        let n = self.dossiers;
        let share = |k: u64| k as f64 / n as f64;
        assert!(
            (0.25..0.75).contains(&share(self.eligible)),
            "eligible: {} of {n}",
            self.eligible
        );
        assert!(self.no_version > 0, "no dossier before the first version");
        assert_eq!(self.versions.len(), 2, "versions: {:?}", self.versions);
        assert_eq!(self.parcours.len(), 3, "parcours: {:?}", self.parcours);
        assert_eq!(self.groupings.len(), 6, "groupings: {:?}", self.groupings);
        for code in [
            "POC.ELIG.PORTEUR",
            "POC.ELIG.PORTEUR_ESSMS",
            "POC.ELIG.SITES",
            "POC.P1",
            "POC.P2",
            "POC.P3",
            "POC.ORIENTATION",
            "POC.DEPOT",
            "POC.CHOIX.LISTE",
            "POC.CHOIX.DOUBLONS",
            "POC.CHOIX.NOMBRE",
            "POC.CHOIX.SAUVEGARDE",
            "POC.MINIMIS",
        ] {
            let k = self.failed.get(code).copied().unwrap_or(0);
            assert!(k * 200 >= n, "{code} fails in {k} of {n} dossiers only");
        }
        assert!(
            self.with_excluded * 20 >= n,
            "EJ left out: {}",
            self.with_excluded
        );
        assert_eq!(
            self.near_ceiling.len(),
            3,
            "near the ceiling: {:?}",
            self.near_ceiling
        );
        assert!(self.near_ceiling_failed > 0 && self.near_ceiling_passed > 0);
        assert!(self.late_by_a_second_or_less > 0 && self.on_time_by_a_second_or_less > 0);
        assert!(self.aid_on_window_edge * 50 >= n);
        assert!(self.yaml * 20 >= n && self.explained * 20 >= n);
        assert!(self.capped > 0, "no capped grant");
        for sites in [0, 1, 4, 5, 7, 8, 12, 13] {
            assert!(
                self.counted_sites.get(&sites).copied().unwrap_or(0) > 0,
                "no dossier counts {sites} sites: {:?}",
                self.counted_sites
            );
        }
    }
}

/// Generates and compares `n` dossiers from `seed`; explains one in `explain_every`.
fn run(engine: &Engine, seed: u64, n: u64, explain_every: u64) -> Mix {
    let mut rng = Rng::new(seed);
    let mut mix = Mix::default();
    let mut disagreements = Disagreements::default();
    for i in 0..n {
        let (d, traits) = dossier(&mut rng, i);
        let want = decide(&d);
        let json = to_json(&d, &mut rng, traits.extra_field);
        let (bytes, format) = if traits.yaml {
            (to_yaml(&json, &PLAIN).into_bytes(), Format::Yaml)
        } else {
            (serde_json::to_vec(&json).unwrap(), Format::Json)
        };
        let explained = i % explain_every == 0 || traits.near_ceiling.is_some();
        let got = engine.run(&bytes, format, None, explained);
        let diffs = differences(&want, &got, explained);
        disagreements.add(&diffs, || format!("dossier {i} ({format:?})"), &bytes);
        mix.add(&d, &want, &traits, explained);
    }
    disagreements.assert_none(n, "dossiers");
    mix
}

#[test]
fn the_interpreter_decides_as_the_reference() {
    let engine = engine(POLICY);
    let mix = run(&engine, 2026, 4000, 16);
    eprintln!("{mix:#?}");
    mix.assert_varied();
}

/// A million dossiers (`CARE_REFERENCE_DOSSIERS`), in release mode.
#[test]
#[ignore = "long: run with --release -- --ignored"]
fn a_million_dossiers_decide_as_the_reference() {
    let n = long_run_count();
    let engine = engine(POLICY);
    let started = std::time::Instant::now();
    let mix = run(&engine, 31, n, 64);
    eprintln!("{n} dossiers in {:.1?}\n{mix:#?}", started.elapsed());
    mix.assert_varied();
}

/// The generator is seeded: the same seed gives the same dossiers.
#[test]
fn the_generator_is_deterministic() {
    let texts = |seed| {
        let mut rng = Rng::new(seed);
        (0..50)
            .map(|i| {
                let (d, t) = dossier(&mut rng, i);
                to_json(&d, &mut rng, t.extra_field).to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_seeded(texts);
}

/// The reference decides the policy's fixture dossiers as their expected files say (the
/// fixtures the policy authors reviewed): a check of the reference itself.
#[test]
fn the_reference_decides_the_fixtures_as_expected() {
    let mut checked = 0;
    for (name, input, expected) in decided_fixtures(POLICY) {
        let d = essms::from_json(&input).unwrap_or_else(|| panic!("{name}: not a dossier"));
        let got = decide(&d);
        assert_eq!(
            Json::Bool(got.eligible),
            expected["eligible"],
            "{name}: eligible"
        );
        assert_eq!(money(got.grant), expected["grant"], "{name}: grant");
        assert_eq!(
            Json::from(got.counted_sites),
            expected["counted_sites"],
            "{name}: counted_sites"
        );
        if let Some(failed) = expected.get("failed").and_then(Json::as_array) {
            let want: BTreeSet<&str> = failed.iter().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(got.failed, want, "{name}: failed");
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} fixtures decided");
}
