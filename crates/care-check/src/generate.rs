//! A generator of large valid policies, for benchmarks and scale tests.

use std::fmt::Write;

/// A valid single-file policy of about `lines` lines: tracks with themes and objectives, rules,
/// tables, functions and outputs, in the shape of the real policies.
pub fn policy(lines: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "policy gen \"Politique générée\" {{\n  version 2026-01-01\n  timezone \"Europe/Paris\"\n  reference dossier.submitted_at\n}}\n\ndocument CDC \"Cahier des charges\"\n"
    );
    let _ = writeln!(
        s,
        "enum Activite {{\n  medico_social \"médico-social\"\n  sanitaire\n}}\n\nrecord Site {{\n  finess: text\n  activity: Activite\n}}\n\nrecord Entite {{\n  finess: text\n  casf: bool\n  sites: list of Site\n  aides: list of Aide\n}}\n\nrecord Aide {{\n  granted_on: date\n  amount: money\n}}\n\nrecord Candidature {{\n  submitted_at: instant\n  parcours: track\n  entites: list of Entite\n  choix: list of code\n}}\n\ninput dossier: Candidature\n"
    );
    let _ = writeln!(
        s,
        "table taux \"Taux\" {{\n  source CDC §5.2\n  | rang  | taux  |\n  | 1..4  | 100 % |\n  | 5     | 80 %  |\n  | 6..12 | 20 %  |\n  | 13..  | 0 %   |\n}}\n"
    );
    let mut track = 0;
    while s.lines().count() < lines {
        track += 1;
        let _ = writeln!(s, "track T{track} \"Parcours {track}\" {{\n  key {track}\n  source CDC §2.1\n  mandatory {{");
        for theme in 1..=3 {
            let _ = writeln!(s, "    theme \"Thème {theme}\" {{");
            for o in 1..=4 {
                let _ = writeln!(
                    s,
                    "      objective G.T{track}.O{theme}.{o} \"Objectif {o} du thème {theme}\" {{\n        scope each e in perimetre\n        evidence \"Preuve\"\n        evidence any_of {{ \"A\", \"B\" }}\n        achieved when count(x in e.sites where x.activity == medico_social) >= {o}\n      }}"
                );
            }
            let _ = writeln!(s, "    }}");
        }
        let _ = writeln!(s, "  }}\n  a_la_carte {{\n    choose at_least 2");
        for o in ['A', 'B', 'C', 'D'] {
            let _ = writeln!(
                s,
                "    objective G.T{track}.O4.{o} \"Objectif à la carte {o}\""
            );
        }
        let _ = writeln!(s, "  }}\n}}\n");
        let _ = writeln!(
            s,
            "rule R.T{track}.CHOIX \"Choix du parcours {track}\" {{\n  source CDC §2.1\n  when dossier.parcours == T{track}\n  require count(distinct(dossier.choix)) >= T{track}.at_least and subset(dossier.choix, T{track}.a_la_carte)\n  fix \"Choisir des objectifs du parcours.\"\n}}\n"
        );
        let _ = writeln!(
            s,
            "rule R.T{track}.AIDES \"Aides du parcours {track}\" {{\n  source CDC §5.1\n  for each e in perimetre\n  let debut = date(dossier.submitted_at) - 3 years\n  let aides = sum(a in e.aides where a.granted_on > debut: a.amount)\n  require aides + forfait{track}(count(e.sites)) <= 300000 €\n}}\n"
        );
        let _ = writeln!(
            s,
            "function forfait{track}(n: int): money \"Forfait {track}\" {{\n  source CDC §5.2\n  let brut = sum(i in 1..n: 1000 € * taux(i))\n  min(brut, 5000 €)\n}}\n"
        );
    }
    let _ = writeln!(
        s,
        "value perimetre: list of Entite \"Périmètre\" {{\n  list(e in dossier.entites where e.casf)\n}}\n\noutput eligible: bool \"Éligible\" {{\n  source CDC §2\n  all_rules_passed()\n}}\n\noutput sites: int \"Sites\" {{\n  source CDC §5.2\n  sum(e in perimetre: count(e.sites))\n}}"
    );
    s
}
