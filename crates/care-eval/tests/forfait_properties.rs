#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! Properties of the ESSMS flat amount (rules.md §1.6), checked on the policy's own `forfait`
//! function for every track of every version, against an oracle written from the text:
//! it never decreases when a site is added, never exceeds the cap, and equals the published
//! table for 1 to 20 sites.

use care_eval::eval::Program;
use care_eval::Value;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

fn programs() -> &'static Vec<Program> {
    static P: OnceLock<Vec<Program>> = OnceLock::new();
    P.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/essms-poc");
        let report = care_check::check_paths(&[dir]).unwrap();
        assert_eq!(report.policies.len(), 2);
        report.policies.iter().cloned().map(Program::new).collect()
    })
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The text's rule: ranks 1-4 at 100 %, 5 at 80 %, 6 at 60 %, 7 at 40 %, 8-12 at 20 %, then 0 %.
fn oracle(n: i64, track_key: i64) -> Decimal {
    let (unit, cap) = match track_key {
        1 => (dec("9400"), dec("63920")),
        _ => (dec("17000"), dec("115600")),
    };
    let rate = |rank: i64| match rank {
        1..=4 => dec("1"),
        5 => dec("0.8"),
        6 => dec("0.6"),
        7 => dec("0.4"),
        8..=12 => dec("0.2"),
        _ => dec("0"),
    };
    let total: Decimal = (1..=n).map(|r| unit * rate(r)).sum();
    total.min(cap)
}

fn forfait(p: &Program, n: i64, track: u32) -> Decimal {
    match p
        .call("forfait", vec![Value::Int(n), Value::Track(track)])
        .unwrap()
    {
        Value::Money(d) => d,
        other => panic!("forfait gave {other:?}"),
    }
}

#[test]
fn equals_the_published_table_for_1_to_20_sites() {
    for p in programs() {
        for (t, track) in p.policy.tracks.iter().enumerate() {
            for n in 1..=20 {
                assert_eq!(
                    forfait(p, n, t as u32),
                    oracle(n, track.key),
                    "version {}, {} with {n} sites",
                    p.policy.version,
                    track.name
                );
            }
        }
        // The worked values of the text.
        assert_eq!(forfait(p, 7, 0), dec("54520"));
        assert_eq!(forfait(p, 12, 0), dec("63920"));
        assert_eq!(forfait(p, 5, 1), dec("81600"));
    }
}

proptest! {
    #[test]
    fn never_decreases_and_never_exceeds_the_cap(n in 0i64..200, version in 0usize..2) {
        let p = &programs()[version];
        for (t, track) in p.policy.tracks.iter().enumerate() {
            let a = forfait(p, n, t as u32);
            let b = forfait(p, n + 1, t as u32);
            prop_assert!(a <= b, "{} : {n} sites {a} > {} sites {b}", track.name, n + 1);
            let cap = oracle(1000, track.key);
            prop_assert!(b <= cap);
            prop_assert!(a >= Decimal::ZERO);
        }
    }
}
