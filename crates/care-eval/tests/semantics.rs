#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! The meaning of expressions, checked end to end on small policies: each output's JSON value.

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use care_eval::eval::{Machine, Program};
use care_eval::report::json_of;
use care_eval::Decoder;
use serde_json::{json, Value as Json};
use std::path::Path;
use std::sync::Arc;

const HEADER: &str = r#"
policy s "Sémantique" {
  version 2026-01-01
  timezone "Europe/Paris"
  reference dossier.depot
}

document CDC "Cahier"

record Audit {
  date: date
  score: int
}

record Dossier {
  depot: instant
  montant: money
  part: share
  audits: list of Audit
  vide: list of int
  groupes: list of Audit
  textes: list of text
}

input dossier: Dossier
"#;

const DOSSIER: &str = r#"{
  "depot": "2026-03-29T01:30:00+01:00",
  "montant": "1000.00",
  "part": "0.25",
  "audits": [
    {"date": "2026-01-10", "score": 2},
    {"date": "2026-03-01", "score": 1},
    {"date": "2026-02-01", "score": 3}
  ],
  "vide": [],
  "groupes": [],
  "textes": ["B", "A", "un texte de plus de seize octets", "B", "Z"]
}"#;

/// Checks a policy text (it must check clean) and decodes the test dossier against it.
fn checked(text: String) -> (Arc<care_check::ir::Policy>, care_eval::Value) {
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("/s/s.care"), text);
    let (diags, policies) = check_workspace(&mut ws, &[id]);
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| care_syntax::diagnostic::render_short(d, &ws.sources))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let policy: Arc<care_check::ir::Policy> = policies[0].clone();
    let value = Decoder::new(&policy.schema)
        .unwrap()
        .decode_json(DOSSIER.as_bytes())
        .unwrap()
        .value;
    (policy, value)
}

/// Checks a policy text and evaluates the test dossier in both forms, which must fail with the
/// same error (message, place, catalog entry): the compiled form's.
fn failure(text: String) -> care_eval::eval::EvalError {
    let (policy, value) = checked(text);
    let program = Program::new(policy);
    let compiled = program.evaluate(value.clone(), false).unwrap_err();
    let walked = program
        .evaluate_with(&mut Machine::reference(&program), value, false)
        .unwrap_err();
    assert_eq!(format!("{compiled:?}"), format!("{walked:?}"));
    compiled
}

/// Checks a policy text and evaluates the test dossier: each output's name and JSON value.
fn run(text: String) -> serde_json::Map<String, Json> {
    let (policy, value) = checked(text);
    let program = Program::new(policy.clone());
    let eval = program.evaluate(value.clone(), false).unwrap();
    // The compiled form (decisions) and the tree walk (explanations) agree, scale included.
    let walked = program
        .evaluate_with(&mut Machine::reference(&program), value, false)
        .unwrap();
    assert_eq!(
        format!("{:?} {:?}", eval.outputs, eval.rules),
        format!("{:?} {:?}", walked.outputs, walked.rules),
        "the compiled form and the tree walk disagree"
    );
    policy
        .outputs
        .iter()
        .zip(&eval.outputs)
        .map(|(o, v)| (o.name.clone(), json_of(v, &o.ty, &policy)))
        .collect()
}

/// The test policy with `outputs` (name, type, expression).
fn with_outputs(outputs: &[(&str, &str, &str)]) -> String {
    let mut text = HEADER.to_string();
    for (name, ty, e) in outputs {
        text.push_str(&format!(
            "\noutput {name}: {ty} {{\n  source CDC §1\n  {e}\n}}\n"
        ));
    }
    text
}

/// Evaluates `outputs` (name, type, expression) and returns their JSON values.
fn eval(outputs: &[(&str, &str, &str)]) -> serde_json::Map<String, Json> {
    run(with_outputs(outputs))
}

#[test]
fn integers_in_decimal_results_are_decimals() {
    let out = eval(&[
        ("a", "decimal", "min(dossier.part, 5)"),
        (
            "b",
            "decimal",
            "if dossier.part > 0.5 then dossier.part else 0",
        ),
        ("c", "decimal", "sum(x in dossier.vide: x * 0.5)"),
        ("d", "list of decimal", "[1, 2.5]"),
    ]);
    assert_eq!(out["a"], json!("0.25"));
    assert_eq!(out["b"], json!("0"));
    assert_eq!(out["c"], json!("0"));
    assert_eq!(out["d"], json!(["1", "2.5"]));
}

/// Two dates read and ordered (`a.date < b.date`), which the compiled form compares in place:
/// each of the four orders gives what the tree walk gives.
#[test]
fn dates_ordered_in_place() {
    let out = eval(&[
        ("avant", "int", "count(a in dossier.audits where count(b in dossier.audits where b.date < a.date) >= 1)"),
        ("au_plus", "int", "sum(a in dossier.audits: count(b in dossier.audits where b.date <= a.date))"),
        ("apres", "int", "sum(a in dossier.audits: count(b in dossier.audits where b.date > a.date))"),
        ("au_moins", "int", "sum(a in dossier.audits: count(b in dossier.audits where b.date >= a.date))"),
    ]);
    assert_eq!(out["avant"], json!(2));
    assert_eq!(out["au_plus"], json!(6));
    assert_eq!(out["apres"], json!(3));
    assert_eq!(out["au_moins"], json!(6));
}

/// A small function returning a `bool`, called as a condition: compiled in place as a
/// condition (`compiled/inline.rs`), in a filter, under `not`, inside `and` and `or`, and as a
/// value, giving what the tree walk gives.
#[test]
fn small_functions_as_conditions() {
    let mut text = HEADER.to_string();
    text.push_str(
        "\nfunction haut(a: Audit): bool \"Audit au score élevé\" {\n  source CDC §1\n  a.score > 1 and a.date >= 2026-01-15\n}\n",
    );
    text.push_str(
        &with_outputs(&[
            (
                "hauts",
                "list of int",
                "list(a in dossier.audits where haut(a): a.score)",
            ),
            ("bas", "int", "count(a in dossier.audits where not haut(a))"),
            (
                "tous",
                "bool",
                "all(a in dossier.audits: haut(a) or a.score == 1)",
            ),
            (
                "aucun",
                "bool",
                "none(a in dossier.audits: haut(a) and a.score > 5)",
            ),
            (
                "valeurs",
                "list of bool",
                "list(a in dossier.audits: haut(a))",
            ),
        ])[HEADER.len()..],
    );
    let out = run(text);
    assert_eq!(out["hauts"], json!([3]));
    assert_eq!(out["bas"], json!(2));
    assert_eq!(out["tous"], json!(false));
    assert_eq!(out["aucun"], json!(true));
    assert_eq!(out["valeurs"], json!([false, false, true]));
}

/// `all_distinct` of texts, whose compiled form packs texts of up to 16 bytes into integers
/// (`compiled/member.rs`): equal texts, texts differing only inside, empty texts, texts past 16
/// bytes and lists past 16 items (left to the builtin) give what the tree walk gives.
#[test]
fn distinct_texts() {
    let many: Vec<String> = (0..17).map(|i| format!("\"POC.P{i}\"")).collect();
    let many = many.join(", ");
    let out = eval(&[
        (
            "doublon",
            "bool",
            r#"all_distinct(["POC.P1.O4.A", "POC.P1.O4.B", "POC.P1.O4.A"])"#,
        ),
        (
            "distincts",
            "bool",
            r#"all_distinct(["POC.P1.O4.A", "POC.P1.O4.B"])"#,
        ),
        (
            "milieu",
            "bool",
            r#"all_distinct(["abcdefXhijkl", "abcdefYhijkl"])"#,
        ),
        (
            "courts",
            "bool",
            r#"all_distinct(["a", "ab", "abc", "abcd", "abcde", "b"])"#,
        ),
        ("vides", "bool", r#"all_distinct(["", "x", ""])"#),
        (
            "longs",
            "bool",
            r#"all_distinct(["une entité géographique longue", "une entité géographique longue"])"#,
        ),
        (
            "longs_distincts",
            "bool",
            r#"all_distinct(["une entité géographique longue", "une entité géographique longues"])"#,
        ),
        ("dix_sept", "bool", &format!("all_distinct([{many}])")),
        (
            "dix_sept_doublon",
            "bool",
            &format!("all_distinct([{many}, \"POC.P3\"])"),
        ),
        (
            "aucun",
            "bool",
            "all_distinct(list(a in dossier.audits where a.score > 9: \"x\"))",
        ),
    ]);
    for (name, expected) in [
        ("doublon", false),
        ("distincts", true),
        ("milieu", true),
        ("courts", true),
        ("vides", false),
        ("longs", false),
        ("longs_distincts", true),
        ("dix_sept", true),
        ("dix_sept_doublon", false),
        ("aucun", true),
    ] {
        assert_eq!(out[name], json!(expected), "{name}");
    }
}

/// `list(…)` inside `list(…)`, in its filter and in its body: each list is built on the
/// machine's stack above the one it is inside (`compiled/loops.rs`), so an inner list must take
/// only its own items and leave the outer one's where they were.
#[test]
fn lists_inside_lists() {
    let out = eval(&[
        (
            "au_moins",
            "list of list of int",
            "list(a in dossier.audits: list(b in dossier.audits where b.score >= a.score: b.score))",
        ),
        (
            "rangs",
            "list of int",
            "list(a in dossier.audits: count(list(b in dossier.audits where b.score <= a.score: b)))",
        ),
        (
            "devances",
            "list of int",
            "list(a in dossier.audits where count(list(b in dossier.audits where b.score < a.score: b)) > 0: a.score)",
        ),
        ("vide", "list of int", "list(x in dossier.vide: x)"),
        (
            "vides",
            "list of list of int",
            "list(a in dossier.audits: list(x in dossier.vide: x + a.score))",
        ),
    ]);
    assert_eq!(out["au_moins"], json!([[2, 3], [2, 1, 3], [3]]));
    assert_eq!(out["rangs"], json!([2, 1, 3]));
    assert_eq!(out["devances"], json!([2, 3]));
    assert_eq!(out["vide"], json!([]));
    assert_eq!(out["vides"], json!([[], [], []]));
}

#[test]
fn list_operations() {
    let out = eval(&[
        (
            "tries",
            "list of date",
            "list(a in sort(a in dossier.audits by a.date): a.date)",
        ),
        (
            "ecarts",
            "list of int",
            "gaps(list(a in sort(a in dossier.audits by a.date): a.date))",
        ),
        ("paires", "int", "count(pairs(dossier.audits))"),
        (
            "avant_dernier",
            "int",
            "item(list(a in dossier.audits: a.score), -2) otherwise 0",
        ),
        (
            "premier",
            "int",
            "item(list(a in dossier.audits: a.score), 1) otherwise 0",
        ),
        (
            "hors",
            "int",
            "item(list(a in dossier.audits: a.score), 4) otherwise -1",
        ),
        (
            "derniers",
            "list of int",
            "last(list(a in dossier.audits: a.score), 2)",
        ),
        (
            "moyenne_vide",
            "decimal",
            "mean(x in dossier.vide: x) otherwise -1",
        ),
        (
            "moyenne",
            "decimal",
            "mean(a in dossier.audits: a.score) otherwise -1",
        ),
        (
            "plus_haut",
            "int",
            "max(a in dossier.audits: a.score) otherwise 0",
        ),
        (
            "aplati",
            "int",
            "count(flatten([dossier.vide, [1, 2], [3]]))",
        ),
        ("uniques", "list of int", "distinct([3, 1, 3, 2, 1])"),
        ("tous_differents", "bool", "all_distinct([1, 2, 1])"),
        ("tout_ou_rien", "bool", "all_or_none([1, 2, 3], [2, 9])"),
    ]);
    assert_eq!(
        out["tries"],
        json!(["2026-01-10", "2026-02-01", "2026-03-01"])
    );
    assert_eq!(out["ecarts"], json!([22, 28]));
    assert_eq!(out["paires"], json!(2));
    assert_eq!(out["avant_dernier"], json!(1));
    assert_eq!(out["premier"], json!(2));
    assert_eq!(out["hors"], json!(-1));
    assert_eq!(out["derniers"], json!([1, 3]));
    assert_eq!(out["moyenne_vide"], json!("-1"));
    assert_eq!(out["moyenne"], json!("2"));
    assert_eq!(out["plus_haut"], json!(3));
    assert_eq!(out["aplati"], json!(3));
    assert_eq!(out["uniques"], json!([3, 1, 2]));
    assert_eq!(out["tous_differents"], json!(false));
    assert_eq!(out["tout_ou_rien"], json!(false));
}

#[test]
fn dates_instants_and_time_zones() {
    // 2026-03-29 01:30+01:00 is 00:30 UTC; Paris switches to summer time at 02:00 that night.
    let out = eval(&[
        ("jour", "date", "date(dossier.depot)"),
        ("trois_ans_avant", "date", "date(dossier.depot) - 3 years"),
        ("jours", "int", "days_between(2024-02-28, 2024-03-01)"),
        ("lendemain", "instant", "dossier.depot + 1 day"),
        (
            "avant_la_limite",
            "bool",
            "dossier.depot < 2026-03-29T03:00[Europe/Paris]",
        ),
        ("fin_fevrier", "date", "2024-02-29 + 1 year"),
    ]);
    assert_eq!(out["jour"], json!("2026-03-29"));
    assert_eq!(out["trois_ans_avant"], json!("2023-03-29"));
    assert_eq!(out["jours"], json!(2));
    // A calendar day later in Paris, across the change to summer time: 23 hours.
    assert_eq!(out["lendemain"], json!("2026-03-30T01:30:00+02:00"));
    assert_eq!(out["avant_la_limite"], json!(true));
    assert_eq!(out["fin_fevrier"], json!("2025-02-28"));
}

#[test]
fn money_and_rounding() {
    let out = eval(&[
        (
            "part",
            "money",
            "round(dossier.montant * dossier.part / 3, 2)",
        ),
        ("demi", "decimal", "round(2.5, 0)"),
        ("demi_pair", "decimal", "round_half_even(2.5, 0)"),
        ("bas", "decimal", "round_down(-2.57, 1)"),
        ("haut", "decimal", "round_up(2.51, 1)"),
        ("pourcent", "money", "dossier.montant * 80 %"),
        ("ratio", "decimal", "dossier.montant / 4000 €"),
    ]);
    assert_eq!(out["part"], json!("83.33"));
    assert_eq!(out["demi"], json!("3"));
    assert_eq!(out["demi_pair"], json!("2"));
    assert_eq!(out["bas"], json!("-2.5"));
    assert_eq!(out["haut"], json!("2.6"));
    assert_eq!(out["pourcent"], json!("800.00"));
    assert_eq!(out["ratio"], json!("0.25"));
}

/// `round` in the compiled form rounds as the tree walk does: every mode, halves of both signs,
/// quotients exact at the digits (rust_decimal's scale kept), digits computed or below zero, and
/// an integer left as it is; both forms give the same values, scale included (`run`).
#[test]
fn rounded_quotients() {
    let out = eval(&[
        ("tiers", "money", "round(dossier.montant / 3, 2)"),
        ("bas", "money", "round_down(dossier.montant * 2 / 3, 2)"),
        ("haut", "money", "round_up(dossier.montant * 2 / 3, 2)"),
        ("exact", "money", "round(dossier.montant / 800, 2)"),
        ("exact_long", "decimal", "round(dossier.montant / 800 €, 4)"),
        ("demi", "decimal", "round(dossier.montant / 16000 €, 3)"),
        (
            "demi_pair",
            "decimal",
            "round_half_even(dossier.montant / 16000 €, 3)",
        ),
        (
            "demi_negatif",
            "decimal",
            "round((0 € - dossier.montant) / 16000 €, 3)",
        ),
        (
            "demi_pair_negatif",
            "decimal",
            "round_half_even((0 € - dossier.montant) / 16000 €, 3)",
        ),
        (
            "bas_negatif",
            "money",
            "round_down((0 € - dossier.montant) / 3, 2)",
        ),
        ("part", "decimal", "round(dossier.part / 3, 4)"),
        ("rapport", "decimal", "round(dossier.montant / 7 €, 3)"),
        (
            "chiffres_calcules",
            "money",
            "round(dossier.montant / 3, count(dossier.audits) - 1)",
        ),
        (
            "chiffres_negatifs",
            "money",
            "round(dossier.montant / 3, 0 - 2)",
        ),
        ("entier", "int", "round(7, 2)"),
    ]);
    assert_eq!(out["tiers"], json!("333.33"));
    assert_eq!(out["bas"], json!("666.66"));
    assert_eq!(out["haut"], json!("666.67"));
    assert_eq!(out["exact"], json!("1.25"));
    assert_eq!(out["exact_long"], json!("1.25"));
    assert_eq!(out["demi"], json!("0.063"));
    assert_eq!(out["demi_pair"], json!("0.062"));
    assert_eq!(out["demi_negatif"], json!("-0.063"));
    assert_eq!(out["demi_pair_negatif"], json!("-0.062"));
    assert_eq!(out["bas_negatif"], json!("-333.33"));
    assert_eq!(out["part"], json!("0.0833"));
    assert_eq!(out["rapport"], json!("142.857"));
    assert_eq!(out["chiffres_calcules"], json!("333.33"));
    assert_eq!(out["chiffres_negatifs"], json!("333.00"));
    assert_eq!(out["entier"], json!(7));
}

/// A division by zero inside `round` is the division's error in both forms.
#[test]
fn a_rounded_division_by_zero_is_an_error() {
    let compiled = failure(with_outputs(&[(
        "part",
        "money",
        "round(dossier.montant / count(dossier.vide), 2)",
    )]));
    assert_eq!(compiled.message, "division by zero");
}

#[test]
fn codes_computed_at_evaluation_and_table_keys() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
objective D1.O1.A "Audits réguliers" {
  source CDC §1
  achieved when count(dossier.audits) >= 3
}

objective D1.O3 "Exercice de crise" {
  source CDC §1
  achieved when count(dossier.vide) > 0
}

table decote "Décote par objectif non atteint" {
  source CDC §2
  | objectif | taux  |
  | D1.O1.A  | 10 %  |
  | D1.O3    | 2.5 % |
}

output decote_totale: decimal "Décote cumulée" {
  source CDC §2
  min(1, sum(o in keys(decote) where not achieved(o): decote(o)))
}

output codes: list of code "Objectifs" {
  source CDC §2
  keys(decote)
}
"#,
    );
    let out: Vec<Json> = run(text).into_iter().map(|(_, v)| v).collect();
    assert_eq!(out[0], json!("0.025"));
    assert_eq!(out[1], json!(["D1.O1.A", "D1.O3"]));
}

#[test]
fn an_absent_key_is_left_out_of_a_record() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
output objectifs "Objectifs" {
  source CDC §1
  { A: true, B: if dossier.montant > 5000 € then true else absent, C: 3 }
}

output liste: list of int? "Liste" {
  source CDC §1
  [1, absent]
}

output choisi: int "Choisi" {
  source CDC §1
  (if dossier.montant > 5000 € then 1 else absent) otherwise 7
}
"#,
    );
    let out = run(text);
    assert_eq!(out["objectifs"], json!({"A": true, "C": 3}));
    assert_eq!(out["liste"], json!([1, null]));
    assert_eq!(out["choisi"], json!(7));
}

#[test]
fn a_value_tested_present_needs_no_placeholder() {
    let out = eval(&[
        (
            "troisieme",
            "int",
            "let t = item(list(a in dossier.audits: a.date), -3)\n  if present(t) then days_between(t, 2026-03-01) else -1",
        ),
        (
            "quatrieme",
            "int",
            "let q = item(list(a in dossier.audits: a.date), -4)\n  if present(q) then days_between(q, 2026-03-01) else -1",
        ),
        (
            "premier_score",
            "int",
            "let p = first(dossier.audits)\n  if not present(p) then -1 else p.score",
        ),
        (
            "vide_ou_grand",
            "bool",
            "let m = max(x in dossier.vide: x)\n  not present(m) or m > 2",
        ),
    ]);
    assert_eq!(out["troisieme"], json!(50));
    assert_eq!(out["quatrieme"], json!(-1));
    assert_eq!(out["premier_score"], json!(2));
    assert_eq!(out["vide_ou_grand"], json!(true));
}

#[test]
fn sorting_by_several_keys_is_stable() {
    let out = eval(&[
        (
            "cible_puis_date",
            "list of date",
            "list(a in sort(a in dossier.audits by (if a.score >= 2 then 1 else 0), a.date): a.date)",
        ),
        (
            "egaux",
            "list of date",
            "list(a in sort(a in dossier.audits by 0, 0): a.date)",
        ),
        (
            "score_puis_date",
            "list of int",
            "list(a in sort(a in dossier.audits by a.score, a.date): a.score)",
        ),
    ]);
    assert_eq!(
        out["cible_puis_date"],
        json!(["2026-03-01", "2026-01-10", "2026-02-01"])
    );
    // Equal keys keep the order of the list.
    assert_eq!(
        out["egaux"],
        json!(["2026-01-10", "2026-03-01", "2026-02-01"])
    );
    assert_eq!(out["score_puis_date"], json!([1, 2, 3]));
}

#[test]
fn a_line_starting_with_a_parenthesis_is_the_result_not_a_call() {
    let out = eval(&[(
        "double",
        "money",
        "let a = dossier.montant\n  (a + 1 €) * 2",
    )]);
    assert_eq!(out["double"], json!("2002.00"));
}

#[test]
fn a_record_literal_is_the_declared_record_of_its_shape() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
value ajoutes: list of Audit "Audits ajoutés" {
  source CDC §1
  [{ score: 4, date: 2026-04-01 }, { date: 2026-05-01, score: 5 }]
}

function score_de(a: Audit): int "Score" {
  source CDC §1
  a.score
}

output scores: list of int "Scores" {
  source CDC §1
  list(a in sort(a in flatten([dossier.audits, ajoutes]) by a.date): score_de(a))
}

output dernier: Audit "Dernier" {
  source CDC §1
  { score: score_de({ date: 2026-06-01, score: 7 }), date: 2026-06-01 }
}
"#,
    );
    let out = run(text);
    assert_eq!(out["scores"], json!([2, 3, 1, 4, 5]));
    assert_eq!(out["dernier"], json!({"date": "2026-06-01", "score": 7}));
}

#[test]
fn a_record_type_written_by_its_fields_takes_record_literals_in_any_order() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
function derniers(audits: list of { date: date, a_la_cible: bool }): list of date "Dates des audits à la cible" {
  source CDC §1
  list(a in audits where a.a_la_cible: a.date)
}

output a_la_cible: list of date "Audits d'au moins 2, par date" {
  source CDC §1
  derniers(list(a in sort(a in dossier.audits by a.date): { a_la_cible: a.score >= 2, date: a.date }))
}

value paires: list of { rang: int, part: decimal } "Paires déclarées" {
  source CDC §1
  list(i in 1..3: { part: i * 0.5, rang: i })
}

output parts: list of decimal "Parts des paires" {
  source CDC §1
  list(p in paires: p.part)
}
"#,
    );
    let out = run(text);
    assert_eq!(out["a_la_cible"], json!(["2026-01-10", "2026-02-01"]));
    assert_eq!(out["parts"], json!(["0.5", "1", "1.5"]));
}

#[test]
fn tables_keyed_by_decimal_ranges_and_by_two_keys() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
table decote "Décote selon la part" {
  source CDC §1
  | part                | taux  |
  | part < 66 %         | 100 % |
  | 66 % <= part < 90 % | 15 %  |
  | part >= 90 %        | 0 %   |
}

table taux "Taux selon le score et le rang" {
  source CDC §1
  | score | rang      || taux  |
  | 1     | 1..       || 10 %  |
  | 2     | rang <= 3 || 100 % |
  | 2     | 4..6      || 50 %  |
  | 2     | rang > 6  || 0 %   |
}

output decotes: list of decimal "Décotes aux bornes" {
  source CDC §1
  list(p in [0, 0.6599, 0.66, 0.8999, 0.9, 1, dossier.part]: decote(p))
}

output taux_score_2: list of decimal "Taux du score 2 selon le rang" {
  source CDC §1
  list(i in 1..8: taux(2, i))
}

output taux_score_1: decimal "Taux du score 1 au rang 40" {
  source CDC §1
  taux(1, 40)
}
"#,
    );
    let out = run(text);
    assert_eq!(
        out["decotes"],
        json!(["1", "1", "0.15", "0.15", "0", "0", "1"])
    );
    assert_eq!(
        out["taux_score_2"],
        json!(["1", "1", "1", "0.5", "0.5", "0.5", "0", "0"])
    );
    assert_eq!(out["taux_score_1"], json!("0.1"));
}

#[test]
fn a_key_no_row_of_a_two_key_table_covers_is_an_evaluation_error() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
table taux "Taux selon le score et le rang" {
  source CDC §1
  | score | rang      || taux  |
  | 2     | rang <= 3 || 100 % |
}

output t: decimal "Score 3" {
  source CDC §1
  taux(3, 1)
}
"#,
    );
    let (policy, value) = checked(text);
    let err = Program::new(policy).evaluate(value, false).unwrap_err();
    assert!(
        format!("{err:?}").contains("no row of table `taux`"),
        "{err:?}"
    );
}

/// A lookup whose key reads no local is kept for the rest of a loop's run (the compiled form's
/// hoisting; the table's ranges span more integers than a column laid out by key holds, which
/// would be read instead); these cases are where keeping it could go wrong: a key that depends
/// on the outer binder of nested loops, and a lookup that fails, which must fail only where an
/// item reaches it.
#[test]
fn lookups_inside_loops_whatever_their_key_depends_on() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
table bonus "Bonus par score" {
  source CDC §1
  | score   | bonus |
  | 1       | 10 €  |
  | 2       | 20 €  |
  | 3       | 30 €  |
  | 4..5000 | 0 €   |
}

output fixe: money "Le même bonus pour chaque audit" {
  source CDC §1
  sum(a in dossier.audits: bonus(count(dossier.audits)))
}

output imbriques: list of money "Par audit, les bonus des scores jusqu'au sien" {
  source CDC §1
  list(a in dossier.audits: sum(i in 1..a.score: bonus(i) + bonus(a.score)))
}

output par_audit: list of money "Deux fois le bonus de chaque audit" {
  source CDC §1
  list(a in dossier.audits: sum(i in 1..2: bonus(a.score)))
}

output vide_sans_erreur: money "Aucun audit dans la liste vide : la clé 0 n'est pas lue" {
  source CDC §1
  sum(x in dossier.vide: bonus(count(dossier.audits) - 3))
}
"#,
    );
    let (policy, _) = checked(text.clone());
    assert!(Program::new(policy).invariant_lookups() > 0);
    let out = run(text.clone());
    assert_eq!(out["fixe"], json!("90.00"));
    assert_eq!(out["imbriques"], json!(["70.00", "20.00", "150.00"]));
    assert_eq!(out["par_audit"], json!(["40.00", "20.00", "60.00"]));
    assert_eq!(out["vide_sans_erreur"], json!("0.00"));

    // Over a non-empty list, the missing row is an error in both forms.
    text.push_str(
        r#"
output erreur: money "La clé 0 lue pour chaque audit" {
  source CDC §1
  sum(a in dossier.audits: bonus(count(dossier.audits) - 3))
}
"#,
    );
    let compiled = failure(text);
    assert!(format!("{compiled:?}").contains("no row of table `bonus`"));
}

/// Numbers looked up by a small key — ranks through the dense index of integer ranges, exact
/// integers — are read from the table's column laid out by key in the compiled form: every key
/// the array holds, keys past it (an open range), a column of several, and a key without a row,
/// which fails in both forms with the same error.
#[test]
fn numbers_read_from_laid_out_columns_are_those_of_the_table() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
table taux "Taux par rang" {
  source CDC §1
  | rang  | taux  |
  | 1..4  | 100 % |
  | 5     | 80 %  |
  | 6..12 | 20 %  |
  | 13..  | 5 %   |
}

table plafonds "Plafonds par score" {
  source CDC §1
  | score | plafond | part |
  | 1     | 100 €   | 10 % |
  | 2     | 200 €   | 20 % |
  | 3     | 300 €   | 30 % |
}

output par_audit: money "Le taux de chaque audit" {
  source CDC §1
  sum(a in dossier.audits: dossier.montant * taux(a.score))
}

output tous_les_rangs: money "Les rangs jusqu'au vingtième" {
  source CDC §1
  sum(i in 1..20: dossier.montant * taux(i))
}

output colonnes: money "Deux colonnes d'une même ligne" {
  source CDC §1
  sum(a in dossier.audits: plafonds(a.score).plafond * plafonds(a.score).part)
}

enum Niveau "Niveau" {
  bas "Bas"
  haut "Haut"
}

table coefficients "Coefficient par niveau" {
  source CDC §1
  | niveau | coefficient |
  | bas    | 1           |
  | haut   | 3           |
}

output par_niveau: int "Le coefficient du niveau de chaque audit" {
  source CDC §1
  sum(a in dossier.audits: coefficients(if a.score >= 2 then Niveau.haut else Niveau.bas))
}
"#,
    );
    let (policy, _) = checked(text.clone());
    assert!(Program::new(policy).laid_out_lookups() >= 5);
    let out = run(text.clone());
    // 1,000 € at 100 % for each of the three audits (scores 2, 1, 3).
    assert_eq!(out["par_audit"], json!("3000.00"));
    // Ranks 1–4, 5, 6–12 and 13–20 (past the dense index): 4 + 0.8 + 1.4 + 0.4 times 1,000 €.
    assert_eq!(out["tous_les_rangs"], json!("6600.00"));
    // 200 × 20 % + 100 × 10 % + 300 × 30 %.
    assert_eq!(out["colonnes"], json!("140.00"));
    // Scores 2, 1, 3: high, low, high (an enum key, by the direct index).
    assert_eq!(out["par_niveau"], json!(7));

    // Rank 0 has no row: the same error in both forms.
    text.push_str(
        r#"
output sans_ligne: money "Le rang 0" {
  source CDC §1
  sum(a in dossier.audits: dossier.montant * taux(count(dossier.audits) - 3))
}
"#,
    );
    let compiled = failure(text);
    assert!(format!("{compiled:?}").contains("no row of table `taux` for the key `0`"));
}

/// The evaluation errors a dossier can meet are said by the catalog: the English entry is the
/// message word for word (and its help), the French one says it in French.
#[test]
fn evaluation_errors_are_said_in_both_languages() {
    use care_i18n::{Catalog, Lang};
    let (en, fr) = (Catalog::new(Lang::En), Catalog::new(Lang::Fr));
    let cases = [
        (
            "eval-division-by-zero",
            "dossier.montant / (dossier.montant - dossier.montant)",
        ),
        ("eval-no-row", "bareme(count(dossier.audits) + 7)"),
        (
            "eval-range-too-long",
            "count(i in 1..(count(dossier.audits) * 100000000000) where i > 0)",
        ),
        (
            "eval-overflow",
            "dossier.part * 9000000000000000000.0 * 9000000000000000000.0",
        ),
    ];
    for (key, expr) in cases {
        let mut text = HEADER.to_string();
        text.push_str(&format!(
            r#"
table bareme "Barème" {{
  source CDC §1
  | score | taux  |
  | 1..3  | 100 % |
}}

output o: decimal "Sortie" {{
  source CDC §1
  {expr}
}}
"#
        ));
        let (policy, value) = checked(text);
        let err = Program::new(policy.clone())
            .evaluate(value, false)
            .unwrap_err();
        assert_eq!(err.key, Some(key), "{err:?}");
        let args: Vec<(&str, &str)> = err.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            en.message(key, &args).as_deref(),
            Some(err.message.as_str())
        );
        assert_eq!(en.attribute(key, "help", &args), err.help);
        assert_eq!(err.render_in(&policy, &en), err.render(&policy));
        let french = err.render_in(&policy, &fr);
        assert!(french.contains("erreur d'évaluation : "), "{french}");
        assert_ne!(french, err.render(&policy));
    }
}

#[test]
fn numbers_in_machine_form_compute_as_values_do() {
    // Each output runs on the compiled form's machine numbers (`compiled/num.rs`); `run` also
    // checks that the tree walk gives the same values, with the same scale.
    let out = eval(&[
        ("rate_first", "money", "80 % * dossier.montant"),
        ("halves", "decimal", "7 / 2"),
        ("ints", "int", "sum(a in dossier.audits: a.score * 2 - 1)"),
        (
            "kept",
            "money",
            "sum(a in dossier.audits where a.score > 1: dossier.montant * dossier.part)",
        ),
        (
            "capped",
            "money",
            "min(sum(a in dossier.audits: dossier.montant), 2500 €)",
        ),
        ("first_of_equal", "money", "max(1000 €, dossier.montant)"),
        ("largest", "int", "max(count(dossier.audits), 2, 3)"),
        (
            "none_money",
            "money",
            "sum(a in dossier.vide: dossier.montant)",
        ),
        ("none_int", "int", "sum(x in dossier.vide: x)"),
        ("items", "int", "sum(i in 1..4: i) + 6"),
        ("share_of", "decimal", "dossier.part * 3 - 1"),
        (
            "ratio",
            "decimal",
            "(dossier.montant - 250 €) / dossier.montant",
        ),
    ]);
    assert_eq!(out["rate_first"], json!("800.00"));
    assert_eq!(out["halves"], json!("3.5"));
    assert_eq!(out["ints"], json!(9));
    assert_eq!(out["kept"], json!("500.00"));
    assert_eq!(out["capped"], json!("2500.00"));
    assert_eq!(out["first_of_equal"], json!("1000.00"));
    assert_eq!(out["largest"], json!(3));
    assert_eq!(out["none_money"], json!("0.00"));
    assert_eq!(out["none_int"], json!(0));
    assert_eq!(out["items"], json!(16));
    assert_eq!(out["share_of"], json!("-0.25"));
    assert_eq!(out["ratio"], json!("0.75"));
}

#[test]
fn machine_numbers_fail_as_values_do() {
    // Overflow and division by zero inside sums and minimums: the same error, at the same
    // place, from the compiled form and from the tree walk.
    for expr in [
        "sum(i in 1..3: 9223372036854775807)",
        "min(count(dossier.audits) * 4611686018427387904, 1)",
        "sum(a in dossier.audits: dossier.montant / (a.score - a.score))",
        "min(dossier.montant, dossier.montant / 0)",
    ] {
        let ty = if expr.contains("montant") {
            "money"
        } else {
            "int"
        };
        let fast = failure(with_outputs(&[("o", ty, expr)]));
        assert!(fast.key.is_some(), "{expr}: {fast:?}");
    }
}

#[test]
fn small_functions_compiled_in_place_compute_as_calls_do() {
    // `haut` and `bonus` qualify for inlining (no `let`, no binder, arguments read of the
    // parameters' types); `compte` binds a local and is called. `run` checks both forms agree.
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
function haut(a: Audit): bool "Score haut" {
  source CDC §1
  a.score >= 2 and a.date > 2026-01-31
}

function bonus(a: Audit, m: money): money "Bonus" {
  source CDC §1
  if haut(a) then m * a.score else m - m
}

function compte(l: list of Audit): int "Compte" {
  source CDC §1
  count(x in l where haut(x))
}

output hauts: int "Hauts" {
  source CDC §1
  count(a in dossier.audits where haut(a))
}

output bonus_total: money "Bonus total" {
  source CDC §1
  sum(a in dossier.audits: bonus(a, dossier.montant))
}

output comptes: int "Comptes" {
  source CDC §1
  compte(dossier.audits) + compte(dossier.groupes)
}
"#,
    );
    let out = run(text);
    assert_eq!(out["hauts"], json!(1));
    assert_eq!(out["bonus_total"], json!("3000.00"));
    assert_eq!(out["comptes"], json!(1));
}

/// `count` of `distinct` and of `intersection` with known codes counts without making the
/// list (the compiled form); both forms must count what the lists hold, duplicates and long
/// lists (hashed past 24 items) included.
#[test]
fn counts_of_distinct_and_intersection() {
    let out = eval(&[
        ("litteral", "int", "count(distinct([3, 1, 3, 2, 1]))"),
        (
            "calcule",
            "int",
            "count(distinct(list(a in dossier.audits: a.score > 1)))",
        ),
        (
            "long",
            "int",
            "count(distinct(list(i in 1..40: if i > 20 then 1 else i)))",
        ),
        (
            "commun",
            "int",
            r#"count(intersection(["A", "B", "A", "C"], ["A", "C", "D"]))"#,
        ),
        (
            "commun_distinct",
            "int",
            r#"count(distinct(intersection(["A", "B", "A", "C"], ["C", "A"])))"#,
        ),
        (
            "commun_long",
            "int",
            r#"count(intersection(list(i in 1..30: if i > 15 then "A" else "B"), ["A", "C"]))"#,
        ),
        (
            "union_distinct",
            "int",
            "count(distinct(union([1, 2], [2, 3])))",
        ),
        ("vide", "int", "count(distinct(dossier.vide))"),
    ]);
    assert_eq!(out["litteral"], json!(3));
    assert_eq!(out["calcule"], json!(2));
    assert_eq!(out["long"], json!(20));
    assert_eq!(out["commun"], json!(2));
    assert_eq!(out["commun_distinct"], json!(2));
    assert_eq!(out["commun_long"], json!(1));
    assert_eq!(out["union_distinct"], json!(3));
    assert_eq!(out["vide"], json!(0));
}

/// `intersection`, `all_or_none` and `in` with a list known before the dossier first — written
/// out, or a value whose body is one: the known items found in the dossier's list, in the
/// known list's order, each once (the compiled form marks them as it reads the dossier's list
/// once; the test fails when it keeps the dossier's order or its duplicates).
#[test]
fn known_lists_first() {
    let mut text = with_outputs(&[
        (
            "inter",
            "list of text",
            "intersection(connus, dossier.textes)",
        ),
        (
            "inter_ecrit",
            "list of text",
            r#"intersection(["Z", "A", "Z", "C"], dossier.textes)"#,
        ),
        (
            "aucun",
            "list of text",
            r#"intersection(["X", "Y"], dossier.textes)"#,
        ),
        (
            "tous",
            "list of text",
            r#"intersection(["Z", "B"], dossier.textes)"#,
        ),
        (
            "longs",
            "list of text",
            "intersection(avec_long, dossier.textes)",
        ),
        (
            "compte",
            "int",
            "count(intersection(connus, dossier.textes))",
        ),
        (
            "tout_ou_rien",
            "bool",
            "all_or_none(connus, dossier.textes)",
        ),
        (
            "tout_ou_rien_tous",
            "bool",
            "all_or_none(trouves, dossier.textes)",
        ),
        (
            "dedans",
            "int",
            "count(t in dossier.textes where t in connus)",
        ),
    ]);
    text.push_str(
        r#"
value connus: list of text "Connus" {
  source CDC §1
  ["A", "C", "B", "A"]
}

value trouves: list of text "Trouvés" {
  source CDC §1
  ["Z", "B"]
}

value avec_long: list of text "Avec un texte long" {
  source CDC §1
  ["un texte de plus de seize octets", "Q", "A"]
}
"#,
    );
    let out = run(text);
    assert_eq!(out["inter"], json!(["A", "B"]));
    assert_eq!(out["inter_ecrit"], json!(["Z", "A"]));
    assert_eq!(out["aucun"], json!([]));
    assert_eq!(out["tous"], json!(["Z", "B"]));
    assert_eq!(
        out["longs"],
        json!(["un texte de plus de seize octets", "A"])
    );
    assert_eq!(out["compte"], json!(2));
    assert_eq!(out["tout_ou_rien"], json!(false));
    assert_eq!(out["tout_ou_rien_tous"], json!(true));
    assert_eq!(out["dedans"], json!(3));
}

/// An expression written more than once (reading no local from outside it) is computed once
/// per dossier, as a value and as a condition, and not where it reads a binder from around it.
#[test]
fn expressions_written_twice_are_computed_once() {
    let outputs = [
        ("n", "int", "count(a in dossier.audits where a.score > 1)"),
        (
            "n_plus",
            "int",
            "count(a in dossier.audits where a.score > 1) + 1",
        ),
        ("vu", "bool", "any(a in dossier.audits: a.score > 2)"),
        (
            "vu_si",
            "int",
            "if any(a in dossier.audits: a.score > 2) then 1 else 0",
        ),
        (
            "premier",
            "int",
            "if present(first(list(a in dossier.audits where a.score > 5: a.score))) then 1 else 0",
        ),
        (
            "premier_dit",
            "text",
            r#"if first(list(a in dossier.audits where a.score > 5: a.score)) == 6 then "oui" else "non""#,
        ),
        (
            "par_audit",
            "int",
            "sum(a in dossier.audits: count(b in dossier.audits where b.score < a.score))",
        ),
        (
            "par_audit_encore",
            "int",
            "sum(a in dossier.audits: count(b in dossier.audits where b.score < a.score))",
        ),
    ];
    let text = with_outputs(&outputs);
    let (policy, _) = checked(text.clone());
    // `n`'s and `vu`'s comprehensions, `first(…)` and its list, and `par_audit` (its inner
    // count reads `a` and is not shared).
    assert_eq!(Program::new(policy).shared_expressions(), 5);
    let out = run(text);
    assert_eq!(out["n"], json!(2));
    assert_eq!(out["n_plus"], json!(3));
    assert_eq!(out["vu"], json!(true));
    assert_eq!(out["vu_si"], json!(1));
    assert_eq!(out["premier"], json!(0));
    assert_eq!(out["premier_dit"], json!("non"));
    assert_eq!(out["par_audit"], json!(3));
    assert_eq!(out["par_audit_encore"], json!(3));
}

/// A kept expression counts the steps its computation took: where they are no longer left, the
/// dossier stops at the step the tree walk stops at (`failure` compares the two errors).
#[test]
fn an_expression_computed_once_still_counts_its_steps() {
    let loop_ = "sum(i in 1..(6000000 + count(dossier.vide)): 1)";
    let text = with_outputs(&[("une_fois", "int", loop_), ("deux_fois", "int", loop_)]);
    let err = failure(text);
    assert!(err.message.contains("evaluation stopped after"), "{err:?}");
}

/// A pure function called on a record is kept for the dossier by the record's identity: the
/// same record gives the kept result, another record (even one made at the same address after
/// the first was freed, past the machine's 32 entries too) is computed.
#[test]
fn calls_on_a_record_are_kept_by_identity() {
    let mut text = HEADER.to_string();
    text.push_str(
        r#"
function fois(a: Audit): int "Score compté un à un" {
  source CDC §1
  count(i in 1..a.score where i > 0)
}

output deux_fois: int "Deux fois les scores" {
  source CDC §1
  sum(a in dossier.audits: fois(a)) + sum(a in dossier.audits: fois(a))
}

output litteraux: int "Scores de records faits dans la boucle" {
  source CDC §1
  sum(i in 1..40: fois({ date: 2026-01-01, score: i }))
}
"#,
    );
    let out = run(text);
    assert_eq!(out["deux_fois"], json!(12));
    assert_eq!(out["litteraux"], json!(820));
}

/// An evaluation given back to its machine (`Machine::recycle`) lends its lists to the next
/// dossier's: that dossier's results are its own, as a fresh machine gives them, with no output
/// or status of the one before (the test fails when a list given back is not emptied).
#[test]
fn an_evaluation_given_back_leaves_nothing_to_the_next() {
    let mut text = with_outputs(&[
        ("n", "int", "count(dossier.audits)"),
        (
            "premier",
            "int",
            "item(list(a in dossier.audits: a.score), 1) otherwise 0",
        ),
    ]);
    text.push_str(
        r#"
rule R.AUDITS "Au moins un audit" {
  source CDC §1
  require count(dossier.audits) > 0
}
"#,
    );
    let (policy, first) = checked(text);
    let second = Decoder::new(&policy.schema)
        .unwrap()
        .decode_json(DOSSIER.replace(r#""score": 2"#, r#""score": 7"#).as_bytes())
        .unwrap()
        .value;
    let empty = Decoder::new(&policy.schema)
        .unwrap()
        .decode_json(
            DOSSIER
                .replace(r#""audits": ["#, r#""audits": [], "x": ["#)
                .as_bytes(),
        )
        .unwrap()
        .value;
    let program = Program::new(policy);
    let mut machine = Machine::new(&program);
    for explain in [false, true] {
        for input in [&first, &second, &empty, &first] {
            let fresh = program.evaluate(input.clone(), explain).unwrap();
            let reused = program
                .evaluate_with(&mut machine, input.clone(), explain)
                .unwrap();
            assert_eq!(
                format!("{:?} {:?}", reused.outputs, reused.rules),
                format!("{:?} {:?}", fresh.outputs, fresh.rules)
            );
            assert_eq!(reused.trace.is_some(), explain);
            machine.recycle(reused);
        }
    }
}

/// A small function compiled in place as a condition still counts its call's step, an `and`
/// or an `or` body as any other: a loop of 6 million items calling it passes the budget of 10
/// million steps at the same step in both forms (without the calls' steps it would not).
#[test]
fn conditions_compiled_in_place_count_their_calls() {
    // On the dossier (a record: kept for the dossier by the walk, not computed 5 million
    // times), true, so that the loop goes on.
    for body in [
        "count(d.audits) > 0 and count(d.vide) == 0",
        "count(d.audits) == 0 or count(d.vide) == 0",
    ] {
        let mut text = with_outputs(&[(
            "n",
            "int",
            "count(i in 1..(6000000 + count(dossier.vide)) where teste(dossier))",
        )]);
        text.push_str(&format!(
            "\nfunction teste(d: Dossier): bool \"Un test\" {{\n  source CDC §1\n  {body}\n}}\n"
        ));
        let err = failure(text);
        assert!(err.message.contains("evaluation stopped after"), "{err:?}");
    }
}

/// `all_rules_passed()` reads the rules' statuses once every rule has one (an evaluation's
/// outputs), and evaluates the rules it still lacks when asked first (an output evaluated
/// alone): both give the same answer, a rule not applicable counting as not failed.
#[test]
fn all_rules_passed_with_and_without_the_rules_evaluated() {
    let mut text = with_outputs(&[("ok", "bool", "all_rules_passed()")]);
    text.push_str(
        r#"
rule R.AUDITS "Au moins un audit" {
  source CDC §1
  require count(dossier.audits) > 0
}

rule R.VIDE "Sans objet quand la liste est vide" {
  source CDC §1
  when count(dossier.vide) > 0
  require false
}

rule R.SCORE "Un audit noté 3" {
  source CDC §1
  require any(a in dossier.audits: a.score == 3)
}
"#,
    );
    let (policy, passing) = checked(text);
    let decode = |json: String| {
        Decoder::new(&policy.schema)
            .unwrap()
            .decode_json(json.as_bytes())
            .unwrap()
            .value
    };
    let failing = decode(DOSSIER.replace(r#""score": 3"#, r#""score": 4"#));
    let program = Program::new(policy.clone());
    for (input, expected) in [(&passing, true), (&failing, false)] {
        let evaluation = program.evaluate(input.clone(), false).unwrap();
        assert_eq!(evaluation.outputs, vec![care_eval::Value::Bool(expected)]);
        for mut machine in [Machine::new(&program), Machine::reference(&program)] {
            machine.reset(input.clone(), false);
            assert_eq!(machine.output(0).unwrap(), care_eval::Value::Bool(expected));
        }
    }
}
