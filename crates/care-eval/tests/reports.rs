#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! The report people read, on the shared examples (`policies/essms-poc/tests/`, the data
//! contract's examples): Markdown for the instructor and the terminal form for the
//! candidate as reviewed snapshots; the HTML page's structure; an amended rule's location.

use care_eval::engine::{Engine, Outcome};
use care_eval::view::text::Style;
use care_eval::view::{Audience, View};
use care_eval::Format;
use std::path::{Path, PathBuf};

const EXAMPLES: [&str; 4] = [
    "late-submission",
    "p1-single-site",
    "p3-backup-split",
    "p3-group-seven-sites",
];

/// The policy folder as a relative path, so that locations in snapshots do not depend on where
/// the repository is.
fn policy() -> PathBuf {
    PathBuf::from("../../policies/essms-poc")
}

fn engine(dir: &Path) -> Engine {
    let report = care_check::check_paths(&[dir.to_path_buf()]).unwrap();
    assert!(report.diagnostics.iter().all(|d| !d.is_error()));
    Engine::new(report.policies.clone()).unwrap()
}

fn with_outcome<T>(engine: &Engine, bytes: &[u8], f: impl FnOnce(&Outcome<'_>) -> T) -> T {
    let outcome = engine.run(bytes, Format::Json, None, true).unwrap();
    f(&outcome)
}

fn example(name: &str) -> Vec<u8> {
    std::fs::read(policy().join("tests").join(format!("{name}.json"))).unwrap()
}

#[test]
fn markdown_for_the_instructor() {
    let engine = engine(&policy());
    for name in EXAMPLES {
        let md = with_outcome(&engine, &example(name), |o| {
            View::new(o, Audience::Instructor).text(Style::Markdown)
        });
        insta::assert_snapshot!(format!("markdown_instructeur__{name}"), md);
    }
}

#[test]
fn terminal_for_the_candidate() {
    let engine = engine(&policy());
    for name in EXAMPLES {
        let text = with_outcome(&engine, &example(name), |o| {
            View::new(o, Audience::Candidate).text(Style::Terminal { color: false })
        });
        // Nothing of where the policy is written reaches the candidate.
        assert!(!text.contains(".care"), "{text}");
        assert!(!text.contains("écrite en"), "{text}");
        insta::assert_snapshot!(format!("terminal_candidat__{name}"), text);
    }
}

#[test]
fn the_late_dossier_shows_the_deadline_it_missed() {
    let engine = engine(&policy());
    let md = with_outcome(&engine, &example("late-submission"), |o| {
        View::new(o, Audience::Candidate).text(Style::Markdown)
    });
    let missing = md.split("## Ce qui manque").nth(1).unwrap();
    let missing = missing.split("\n## ").next().unwrap();
    assert!(missing.contains("4 juin 2026 à 17 h 05"), "{missing}");
    assert!(
        missing.contains("exigé : avant le 4 juin 2026 à 16 h 00"),
        "{missing}"
    );
}

/// A dossier edited from a shared example.
fn variant(name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&example(name)).unwrap();
    edit(&mut v);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn too_few_choices_show_the_number_required() {
    let engine = engine(&policy());
    let bytes = variant("p3-group-seven-sites", |v| {
        v["a_la_carte"] = serde_json::json!(["POC.P3.O4.A", "POC.P3.O4.B"]);
    });
    let md = with_outcome(&engine, &bytes, |o| {
        View::new(o, Audience::Candidate).text(Style::Markdown)
    });
    assert!(
        md.contains("(nombre, sans doublon) : 2 — exigé : au moins 3"),
        "{md}"
    );
}

#[test]
fn the_de_minimis_ceiling_shows_the_total_the_share_and_the_ceiling() {
    let engine = engine(&policy());
    let bytes = variant("p1-single-site", |v| {
        v["legal_entities"][0]["de_minimis"] = serde_json::json!([
            { "granted_on": "2025-01-15", "amount": "295000.00", "authority": "Région" },
            { "granted_on": "2020-01-15", "amount": "50000.00", "authority": "État" }
        ]);
    });
    let md = with_outcome(&engine, &bytes, |o| {
        View::new(o, Audience::Candidate).text(Style::Markdown)
    });
    let missing = md.split("## Ce qui manque").nth(1).unwrap();
    let missing = missing.split("\n## ").next().unwrap();
    insta::assert_snapshot!("minimis_depasse", missing);
}

#[test]
fn html_is_one_self_contained_page() {
    let engine = engine(&policy());
    for name in EXAMPLES {
        let html = with_outcome(&engine, &example(name), |o| {
            View::new(o, Audience::Candidate).html()
        });
        // Nothing to fetch: no URL, no script, no external stylesheet or image.
        for banned in [
            "http:", "https:", "ftp:", "<script", "<link", "<img", "<iframe", "@import", "url(",
            "src=", "href=",
        ] {
            assert!(!html.contains(banned), "{name}: `{banned}` in the page");
        }
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
        assert!(html.contains("<style>") && html.contains("@media print"));
        // The decision first, then what is missing, then the rest.
        let order = [
            "id=\"decision\"",
            "id=\"manque\"",
            "id=\"resultats\"",
            "id=\"calcul\"",
            "id=\"pieces\"",
            "id=\"regles\"",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|s| html.find(s).unwrap_or_else(|| panic!("{name}: no {s}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{name}: {at:?}");
        assert!(html.contains("<svg viewBox="), "{name}: no chart");
        assert!(
            html.contains("Plafond : 115\u{202f}600,00\u{a0}€")
                || html.contains("Plafond : 63\u{202f}920,00\u{a0}€"),
            "{name}: no cap on the chart"
        );
        assert!(
            !html.contains(".care:"),
            "{name}: a policy location in the candidate's page"
        );
        assert_eq!(
            html.matches("<section").count(),
            html.matches("</section>").count()
        );
        assert_eq!(
            html.matches("<ul").count(),
            html.matches("</ul>").count(),
            "{name}"
        );
        let li = html.matches("<li>").count() + html.matches("<li ").count();
        assert_eq!(li, html.matches("</li>").count(), "{name}");
    }
}

#[test]
fn html_banner_and_chart_of_the_seven_sites() {
    let engine = engine(&policy());
    let html = with_outcome(&engine, &example("p3-group-seven-sites"), |o| {
        View::new(o, Audience::Instructor).html()
    });
    assert!(html.contains("<header class=\"banner ok\" id=\"decision\">"));
    assert!(html.contains("<h1>Candidature éligible : oui</h1>"));
    // One bar per counted site, then the total.
    assert_eq!(html.matches("<rect ").count(), 8);
    for rate in ["100\u{202f}%", "80\u{202f}%", "60\u{202f}%", "40\u{202f}%"] {
        assert!(html.contains(&format!(">{rate}</text>")), "{rate}");
    }
    assert!(html.contains("98\u{202f}600\u{a0}€</text>"));
    assert!(html.contains("policies/essms-poc/2026-03-31.care:"));
}

#[test]
fn dossier_strings_cannot_act_on_the_display_nor_inject_html() {
    let engine = engine(&policy());
    let bytes = variant("p1-single-site", |v| {
        v["id"] = serde_json::json!("X\u{1b}[2J<script>alert(1)</script>");
        v["legal_entities"][0]["name"] = serde_json::json!("Les <b>Tilleuls</b>\nfaux : oui");
    });
    let (text, html) = with_outcome(&engine, &bytes, |o| {
        let v = View::new(o, Audience::Instructor);
        (v.text(Style::Terminal { color: false }), v.html())
    });
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("X\\u{1b}[2J"));
    assert!(!html.contains("<script>") && !html.contains("<b>Tilleuls"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn an_amended_rule_points_at_the_version_that_wrote_it() {
    let dir = std::env::temp_dir().join(format!("care-reports-amend-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["2026-03-31.care", "2026-04-15.care", "donnees.care"] {
        std::fs::copy(policy().join(f), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("2026-05-01.care"),
        r#"policy essms-poc "Cybersécurité des ESSMS — phase exploratoire (POC)" {
  version 2026-05-01
  amends 2026-04-15
  in_force from 2026-05-01
  timezone "Europe/Paris"
  reference dossier.submitted_at
  source CDC §4.1
}

amend rule POC.DEPOT {
  require dossier.submitted_at < 2026-06-04T17:00[Europe/Paris]
}
"#,
    )
    .unwrap();
    let engine = engine(&dir);
    let md = with_outcome(&engine, &example("late-submission"), |o| {
        View::new(o, Audience::Instructor).text(Style::Markdown)
    });
    let line = md
        .lines()
        .find(|l| l.contains("écrite en") && l.contains("2026-05-01.care"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("modifiée par la version du 1er mai 2026"),
        "{line}"
    );
    assert!(line.contains("2026-03-31.care:123"), "{line}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A version of the ESSMS policy with `extra` appended to an amending version, and the
/// late dossier's Markdown report for the candidate.
fn amended_report(name: &str, extra: &str) -> String {
    let dir = std::env::temp_dir().join(format!("care-reports-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["2026-03-31.care", "2026-04-15.care", "donnees.care"] {
        std::fs::copy(policy().join(f), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("2026-05-01.care"),
        format!(
            r#"policy essms-poc "Cybersécurité des ESSMS — phase exploratoire (POC)" {{
  version 2026-05-01
  amends 2026-04-15
  in_force from 2026-05-01
  timezone "Europe/Paris"
  reference dossier.submitted_at
  source CDC §4.1
}}
{extra}"#
        ),
    )
    .unwrap();
    let engine = engine(&dir);
    let md = with_outcome(&engine, &example("late-submission"), |o| {
        View::new(o, Audience::Candidate).text(Style::Markdown)
    });
    let _ = std::fs::remove_dir_all(&dir);
    md
}

/// A comparison under `not` is said as what was required (its opposite), not as the comparison
/// written, which held.
#[test]
fn a_comparison_under_not_shows_what_was_required() {
    let md = amended_report(
        "not",
        "amend rule POC.DEPOT {\n  require not (dossier.submitted_at >= 2026-06-04T16:00[Europe/Paris])\n}\n",
    );
    let line = md
        .lines()
        .find(|l| l.contains("exigé") && l.contains("4 juin 2026 à 16 h 00"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("exigé : avant le 4 juin 2026 à 16 h 00"),
        "{line}"
    );
    assert!(line.contains("4 juin 2026 à 17 h"), "{line}");
}

/// A comparison the policy gives no words for still says its figures: the value found and what
/// was required, not "condition non remplie".
#[test]
fn a_comparison_without_words_says_its_figures() {
    let md = amended_report(
        "nowords",
        "rule POC.ESSAI \"Essai\" {\n  source CDC §4.1\n  require days_between(2026-06-01, date(dossier.submitted_at)) >= 10\n}\n",
    );
    assert!(!md.contains("condition non remplie"), "{md}");
    let line = md
        .lines()
        .find(|l| l.contains("valeur trouvée"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("valeur trouvée : 3 — exigé : au moins 10"),
        "{line}"
    );
}

/// A sum over records of the dossier (D1 bis: the eligible expenses) is drawn with one bar per
/// record, named by the record, without the wording of ranks; the amount a cap limits is drawn
/// rather than the costs it is computed from.
#[test]
fn html_chart_of_a_sum_over_records_names_them() {
    let engine = engine(Path::new("../../policies/care-d1bis"));
    let bytes = std::fs::read("../../policies/care-d1bis/tests/all-achieved.json").unwrap();
    let html = with_outcome(&engine, &bytes, |o| {
        View::new(o, Audience::Candidate).html()
    });
    assert!(html.contains("aria-label=\"Montant à verser : 2 contributions, total 48\u{202f}000,00\u{a0}€, plafond 60\u{202f}000,00\u{a0}€\""), "{html}");
    for name in ["Dépense déclarée n° 1", "Dépense déclarée n° 2"] {
        assert!(html.contains(&format!(">{name}</text>")), "{name}");
    }
    assert!(
        !html.contains(">EG "),
        "ranks' wording on a chart of records"
    );
    assert!(html.contains("Chaque élément du dossier compté dans la somme apporte son montant"));
}
