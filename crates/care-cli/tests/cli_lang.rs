//! Diagnostics in French for French-speaking authors: `LANG=fr_FR.UTF-8 care check` on a broken
//! policy answers in French (reviewed snapshot); `--lang` wins over the locale; English stays as
//! it always was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;

const MISTAKES: &str = "tests/fixtures/check/e0305_french_mistakes";
const SYNTAX: &str = "tests/fixtures/check/e0001_several_errors.care";

fn check(args: &[&str], env: &[(&str, &str)]) -> Run {
    care_env(std::iter::once("check").chain(args.iter().copied()), env)
}

#[test]
fn a_french_locale_gets_french_diagnostics() {
    let r = check(&[MISTAKES, SYNTAX], &[("LANG", "fr_FR.UTF-8")]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("check_in_french", r.stderr);
}

#[test]
fn the_option_wins_over_the_locale_and_english_is_unchanged() {
    let english = check(&[MISTAKES], &[]);
    assert!(
        english
            .stderr
            .contains("error[E0305]: rule `PA.O1` does not exist"),
        "{}",
        english.stderr
    );
    assert_eq!(
        check(
            &[MISTAKES],
            &[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "en_US.UTF-8")]
        )
        .stderr,
        english.stderr
    );
    assert_eq!(
        check(&["--lang", "en", MISTAKES], &[("LANG", "fr_FR.UTF-8")]).stderr,
        english.stderr
    );
    let french = check(&["--lang", "fr", MISTAKES], &[]);
    assert!(
        french
            .stderr
            .contains("erreur[E0305] : la règle `PA.O1` n'existe pas"),
        "{}",
        french.stderr
    );
    assert!(
        french
            .stderr
            .ends_with("2 fichiers vérifiés : 3 erreurs, 0 avertissement\n"),
        "{}",
        french.stderr
    );
    // Machines read English: JSON is the contract.
    let json = check(&["--lang", "fr", "--format", "json", MISTAKES], &[]);
    assert!(
        json.stdout
            .contains("\"message\": \"rule `PA.O1` does not exist in the amended version\""),
        "{}",
        json.stdout
    );
    // GitHub annotations are read by people: in their language.
    let gh = check(&["--lang", "fr", "--format", "github", MISTAKES], &[]);
    assert!(
        gh.stdout
            .contains("::la règle `PA.O1` n'existe pas dans la version amendée%0Aaide")
            || gh
                .stdout
                .contains("::la règle `PA.O1` n'existe pas dans la version amendée%0Ahelp"),
        "{}",
        gh.stdout
    );
}

/// `care` with these arguments and a French locale.
fn french(args: &[&str]) -> Run {
    care_env(args, &[("LANG", "fr_FR.UTF-8")])
}

#[test]
fn the_command_s_own_lines_are_french_too() {
    let missing = french(&["check", "nonexistent.care"]);
    assert_eq!(missing.code, 6);
    assert_eq!(missing.stderr, "erreur : `nonexistent.care` n'existe pas\n");
    let english = care(["check", "nonexistent.care"]);
    assert_eq!(english.stderr, "error: `nonexistent.care` does not exist\n");

    let fmt = french(&["fmt", "--check", "policies/essms-poc/2026-04-15.care"]);
    assert_eq!(fmt.code, 0, "{}", fmt.stderr);
    assert_eq!(fmt.stderr, "0 fichier sur 1 serait reformaté\n");

    let test = french(&["test", "--policy", "policies/essms-poc"]);
    assert_eq!(test.code, 0, "{}", test.stderr);
    assert!(
        test.stdout.ends_with(" réussis, 0 échoué\n"),
        "{}",
        test.stdout
    );

    let usage = french(&[
        "eval",
        "--policy",
        "policies/essms-poc",
        "--dossiers",
        "x",
        "--audience",
        "candidat",
    ]);
    assert_eq!(usage.code, 2);
    assert!(
        usage
            .stderr
            .starts_with("erreur : `--audience` choisit le lecteur"),
        "{}",
        usage.stderr
    );
}

#[test]
fn a_french_batch_summary_names_the_outputs_by_their_labels_in_french_amounts() {
    let examples = contract_essms();
    let args = [
        "eval",
        "--policy",
        "policies/essms-poc",
        "--dossiers",
        examples.to_str().unwrap(),
        "--format",
        "csv",
    ];
    let run = french(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "4 dossiers lus (4 évalués, 0 en erreur)\n\
         Candidature éligible : 2\n\
         Subvention forfaitaire (total) : 108\u{202f}000,00\u{a0}€\n\
         Montant forfaitaire calculé (avant décision d'éligibilité) (total) : 176\u{202f}000,00\u{a0}€\n\
         erreurs : aucune\n"
    );
    // The results themselves do not change with the language: they are for machines.
    assert_eq!(run.stdout, care(args).stdout);
}

#[test]
fn why_no_version_applies_is_said_in_french_with_a_french_date() {
    let dir = scratch("lang-early");
    let mut dossier = read_json(&contract_essms().join("late-submission.json"));
    dossier["submitted_at"] = serde_json::json!("2025-05-20T10:15:00+02:00");
    let path = dir.join("early.json");
    std::fs::write(&path, dossier.to_string()).unwrap();
    let path = path.display().to_string();
    let args = ["eval", "--policy", "policies/essms-poc", "--dossier", &path];
    let run = french(&args);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "erreur : impossible de choisir une version pour `{path}`\n  \
             aucune version de la politique n'est en vigueur le 20 mai 2025 \
             (la première l'est à partir du 31 mars 2026)\n"
        )
    );
    let english = care(args);
    assert_eq!(
        english.stderr,
        format!(
            "error: cannot choose a version in `{path}`\n  \
             no version of the policy is in force on 2025-05-20 (the first is in force from 2026-03-31)\n"
        )
    );
}
