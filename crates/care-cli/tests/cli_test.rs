//! `care test` from the outside: the ESSMS fixtures pass, a wrong expected value fails with a
//! diff, the JUnit report is well-formed XML, expected files are checked for typos.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::*;
use serde_json::{json, Value as Json};
use std::path::Path;

/// `N passed, M failed` alone on its line: the numbers.
fn summary(out: &str) -> (usize, usize) {
    let line = out
        .lines()
        .find(|l| l.ends_with(" failed") && l.contains(" passed, "))
        .unwrap_or_else(|| panic!("no summary line in:\n{out}"));
    let words: Vec<&str> = line.split(' ').collect();
    assert_eq!(words.len(), 4, "{line}");
    assert_eq!((words[1], words[3]), ("passed,", "failed"), "{line}");
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

fn test_in(policy: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "test".to_string(),
        "--policy".into(),
        policy.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    care(args)
}

/// A copy of the policy with a few of its fixtures; its folder.
fn policy_with(name: &str, fixtures: &[&str]) -> std::path::PathBuf {
    let dir = scratch(name);
    let policy = copy_policy(&dir);
    for f in fixtures {
        copy_fixture(f, &policy.join("tests"));
    }
    policy
}

fn edit_expected(policy: &Path, name: &str, edit: impl FnOnce(&mut Json)) {
    let path = policy.join("tests").join(format!("{name}.expected.json"));
    let mut v = read_json(&path);
    edit(&mut v);
    write_json(&path, &v);
}

#[test]
fn all_essms_fixtures_pass() {
    let run = care(["test", "--policy", "policies/essms-poc"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let expected_files = std::fs::read_dir(essms().join("tests"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".expected.json")
        })
        .count();
    assert_eq!(summary(&run.stdout), (expected_files, 0), "{}", run.stdout);
    // Nothing but the summary when everything passes.
    assert_eq!(run.stdout.trim_end().lines().count(), 1, "{}", run.stdout);
}

#[test]
fn folders_given_replace_the_default_tests_folder() {
    let mut args = vec![
        "test".to_string(),
        "--policy".into(),
        "policies/essms-poc".into(),
    ];
    args.extend(donnees_dossiers());
    args.push(contract_essms().display().to_string());
    let run = care(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let (passed, failed) = summary(&run.stdout);
    assert_eq!(failed, 0);
    assert!(passed >= 8, "{}", run.stdout);
}

#[test]
fn data_error_fixtures_assert_the_error_and_its_paths() {
    let mut args = vec![
        "test".to_string(),
        "--policy".into(),
        "policies/essms-poc".into(),
    ];
    args.extend(donnees_dossiers());
    let run = care(args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (donnees_dossiers().len(), 0));
    assert!(donnees_dossiers().len() >= 9);

    // The same dossiers with the wrong assertions fail, saying what happened.
    let dir = scratch("test-error-assertions");
    let policy = copy_policy(&dir);
    let tests = policy.join("tests");
    for name in [
        "donnees-activite-inconnue",
        "donnees-avant-premiere-version",
    ] {
        for f in [format!("{name}.json"), format!("{name}.expected.json")] {
            std::fs::copy(donnees().join(&f), tests.join(&f)).unwrap();
        }
    }
    edit_expected(&policy, "donnees-activite-inconnue", |v| {
        v["paths"] = json!(["legal_entities[0].sites[0].activity"]);
    });
    edit_expected(&policy, "donnees-avant-premiere-version", |v| {
        v["error"] = json!("invalid_data");
    });
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (0, 2));
    assert!(
        run.stdout.contains(
            "paths: expected an error at `legal_entities[0].sites[0].activity`, got none"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`legal_entities[0].activity`"),
        "the actual errors are listed: {}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("error: expected `invalid_data`, got `no_version`"),
        "{}",
        run.stdout
    );
}

#[test]
fn wrong_expected_value_fails_with_a_diff() {
    let policy = policy_with(
        "test-wrong-value",
        &["p1-single-site", "late-submission", "plusieurs-manquements"],
    );
    edit_expected(&policy, "p1-single-site", |v| v["grant"] = json!("9400.01"));
    edit_expected(&policy, "plusieurs-manquements", |v| {
        v["failed"] = json!(["POC.P1", "POC.DEPOT", "POC.ELIG.PORTEUR"]);
    });
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (1, 2), "{}", run.stdout);
    let out = &run.stdout;
    assert!(
        out.contains("grant: expected \"9400.01\", got \"9400.00\""),
        "{out}"
    );
    assert!(
        out.contains("failed rules: missing `POC.ELIG.PORTEUR`"),
        "{out}"
    );
    assert!(
        out.contains("failed rules: unexpected `POC.CHOIX.DOUBLONS`"),
        "{out}"
    );
    // The failing cases are named, in file-name order; the passing one is not listed.
    let fails: Vec<&str> = out.lines().filter(|l| l.starts_with("FAIL ")).collect();
    assert_eq!(fails.len(), 2, "{out}");
    assert!(fails[0].contains("p1-single-site.json"), "{out}");
    assert!(fails[1].contains("plusieurs-manquements.json"), "{out}");
    assert!(!out.contains("late-submission"), "{out}");
    // Decimals compare by value, but money must be written with its two decimals.
    edit_expected(&policy, "p1-single-site", |v| v["grant"] = json!("9400"));
    let run = test_in(&policy, &[]);
    assert!(
        run.stdout
            .contains("(money is written with exactly two decimals)"),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_output_in_an_expected_file_fails() {
    let policy = policy_with("test-unknown-output", &["p1-single-site"]);
    edit_expected(&policy, "p1-single-site", |v| {
        let m = v.as_object_mut().unwrap();
        let n = m.remove("counted_sites").unwrap();
        m.insert("counted_site".into(), n);
    });
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (0, 1));
    assert!(
        run.stdout.contains(
            "counted_site: no such output in version 2026-04-15 (did you mean `counted_sites`?"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn dossier_without_expected_file_and_stray_expected_files_are_errors() {
    let policy = policy_with("test-missing-expected", &["p1-single-site"]);
    let tests = policy.join("tests");
    std::fs::copy(
        essms().join("tests/late-submission.json"),
        tests.join("late-submission.json"),
    )
    .unwrap();
    std::fs::write(tests.join("orphan.expected.json"), "{}").unwrap();
    std::fs::write(tests.join("notes.md"), "not a fixture").unwrap();
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (1, 2), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("no expected file `late-submission.expected.json` beside the dossier"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`orphan.expected.json` has no dossier beside it"),
        "{}",
        run.stdout
    );
}

#[test]
fn malformed_expected_files_are_errors() {
    let policy = policy_with("test-malformed", &["p1-single-site", "late-submission"]);
    let tests = policy.join("tests");
    std::fs::write(tests.join("p1-single-site.expected.json"), "{\"grant\": ").unwrap();
    std::fs::write(
        tests.join("late-submission.expected.json"),
        r#"{"error": "wrong_kind", "grant": "0.00"}"#,
    )
    .unwrap();
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (0, 2));
    assert!(run.stdout.contains("is not valid JSON"), "{}", run.stdout);
    assert!(
        run.stdout.contains("`error` must be one of"),
        "{}",
        run.stdout
    );
}

#[test]
fn expected_error_on_a_valid_dossier_fails() {
    let policy = policy_with("test-error-on-valid", &["p1-single-site"]);
    write_json(
        &policy.join("tests/p1-single-site.expected.json"),
        &json!({ "error": "invalid_data" }),
    );
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error: expected `invalid_data`, but the dossier was evaluated"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_format_lists_every_case() {
    let policy = policy_with("test-json", &["p1-single-site", "late-submission"]);
    edit_expected(&policy, "late-submission", |v| v["eligible"] = json!(true));
    let run = test_in(&policy, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Json = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(doc["passed"], 1);
    assert_eq!(doc["failed"], 1);
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0]["status"], "failed");
    assert_eq!(cases[0]["version"], "2026-04-15");
    assert_eq!(
        cases[0]["problems"][0],
        "eligible: expected true, got false"
    );
    assert_eq!(cases[1]["status"], "passed");
    assert_eq!(summary(&run.stderr), (1, 1));
}

#[test]
fn broken_policy_is_exit_3_and_missing_fixtures_exit_6() {
    let policy = policy_with("test-broken", &["p1-single-site"]);
    let version = policy.join("2026-04-15.care");
    let mut text = std::fs::read_to_string(&version).unwrap();
    text.push_str("\noutput oops \"Sortie cassée\": money = inconnu + 1\n");
    std::fs::write(&version, text).unwrap();
    let run = test_in(&policy, &[]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);

    let run = care([
        "test",
        "--policy",
        "policies/essms-poc",
        "policies/essms-poc/no-such-folder",
    ]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);

    let empty = scratch("test-empty");
    let run = care([
        "test",
        "--policy",
        "policies/essms-poc",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no fixture dossier"), "{}", run.stderr);
}

#[test]
fn one_dossier_can_be_named() {
    let run = care([
        "test",
        "--policy",
        "policies/essms-poc",
        "policies/essms-poc/tests/p1-single-site.json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (1, 0));
}

#[test]
fn junit_report_is_well_formed_xml() {
    let policy = policy_with(
        "test-junit",
        &["p1-single-site", "late-submission", "porteur-inconnu"],
    );
    // A diff full of characters XML must escape.
    edit_expected(&policy, "p1-single-site", |v| {
        v["grant"] = json!("<9400 & \"more\">");
    });
    std::fs::write(policy.join("tests/orphan.expected.json"), "{}").unwrap();
    let xml_path = policy.join("junit.xml");
    let run = test_in(&policy, &["--junit", xml_path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    let root = xml::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));

    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attr("tests"), Some("4"));
    assert_eq!(root.attr("failures"), Some("1"));
    assert_eq!(root.attr("errors"), Some("1"));
    assert_eq!(root.children.len(), 1, "one suite per policy folder");
    let suite = &root.children[0];
    assert_eq!(suite.name, "testsuite");
    assert_eq!(suite.attr("name"), Some(policy.to_str().unwrap()));
    let names: Vec<&str> = suite
        .children
        .iter()
        .map(|c| {
            assert_eq!(c.name, "testcase");
            c.attr("name").unwrap()
        })
        .collect();
    assert_eq!(
        names,
        [
            "late-submission.json",
            "orphan.expected.json",
            "p1-single-site.json",
            "porteur-inconnu.json"
        ]
    );
    assert!(suite.children[0].children.is_empty(), "passed");
    assert_eq!(suite.children[1].children[0].name, "error");
    let failure = &suite.children[2].children[0];
    assert_eq!(failure.name, "failure");
    assert_eq!(
        failure.attr("message"),
        Some("grant: expected \"<9400 & \\\"more\\\">\", got \"9400.00\"")
    );
    assert!(
        failure.text.contains("version 2026-04-15"),
        "{}",
        failure.text
    );
    assert!(failure.text.contains("got \"9400.00\""), "{}", failure.text);

    // Every case, the suite and the whole have their time in seconds.
    for e in [&root, suite].into_iter().chain(&suite.children) {
        let t = e
            .attr("time")
            .unwrap_or_else(|| panic!("no time on {}", e.name));
        assert!(t.parse::<f64>().unwrap() >= 0.0, "{t}");
        assert_eq!(t.split_once('.').unwrap().1.len(), 3, "{t}");
    }

    // The same results give the same file, but for the times.
    let again = policy.join("junit-again.xml");
    test_in(&policy, &["--junit", again.to_str().unwrap()]);
    let untimed = |x: &str| {
        x.split(" time=\"")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('"').unwrap().1
                }
            })
            .collect::<String>()
    };
    assert_eq!(
        untimed(&std::fs::read_to_string(&again).unwrap()),
        untimed(&xml)
    );
}

#[test]
fn junit_report_of_a_policy_that_does_not_check() {
    let policy = policy_with("test-junit-broken", &["p1-single-site"]);
    let version = policy.join("2026-03-31.care");
    let text = std::fs::read_to_string(&version).unwrap();
    std::fs::write(
        &version,
        text.replacen("dossier.porteur", "dossier.porteurr", 1),
    )
    .unwrap();
    let xml_path = policy.join("junit.xml");
    let run = test_in(&policy, &["--junit", xml_path.to_str().unwrap()]);
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    let root = xml::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(root.attr("failures"), Some("1"));
    let case = &root.children[0].children[0];
    assert_eq!(case.attr("name"), Some("care check"));
    let failure = &case.children[0];
    assert_eq!(failure.name, "failure");
    assert!(
        failure
            .attr("message")
            .unwrap()
            .starts_with("the policy does not check: "),
        "{xml}"
    );
    assert!(
        failure.text.contains("2026-03-31.care:") && failure.text.contains("error[E0107]"),
        "{}",
        failure.text
    );
}

#[test]
fn filter_picks_fixtures_by_name() {
    let policy = policy_with(
        "test-filter",
        &["p1-single-site", "p1-groupe-hybride", "late-submission"],
    );
    let run = test_in(&policy, &["--filter", "p1-*", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Json = serde_json::from_str(&run.stdout).unwrap();
    let files: Vec<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(files, ["p1-groupe-hybride.json", "p1-single-site.json"]);
    assert_eq!(
        summary(&test_in(&policy, &["--filter", "late"]).stdout),
        (1, 0)
    );
    let run = test_in(&policy, &["--filter", "nothing-*"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no fixture dossier matches `nothing-*`"),
        "{}",
        run.stderr
    );
}

#[test]
fn update_rewrites_only_what_the_expected_file_asserts() {
    let policy = policy_with(
        "test-update",
        &["p1-single-site", "late-submission", "porteur-inconnu"],
    );
    let original =
        std::fs::read_to_string(policy.join("tests/p1-single-site.expected.json")).unwrap();
    edit_expected(&policy, "p1-single-site", |v| v["grant"] = json!("1.00"));
    edit_expected(&policy, "late-submission", |v| {
        v["failed"] = json!(["POC.DEPOT", "POC.MINIMIS"])
    });
    // An output the version does not have: refused, left as it is.
    edit_expected(&policy, "porteur-inconnu", |v| v["grnat"] = json!("0.00"));
    let before =
        std::fs::read_to_string(policy.join("tests/porteur-inconnu.expected.json")).unwrap();
    let run = test_in(&policy, &["--update"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(summary(&run.stdout), (2, 1), "{}", run.stdout);
    assert!(
        run.stderr.contains("updated ") && run.stderr.contains("2 expected files rewritten"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`grnat` is not an output of version"),
        "{}",
        run.stderr
    );
    let now = |name: &str| read_json(&policy.join(format!("tests/{name}.expected.json")));
    assert_eq!(
        now("p1-single-site"),
        serde_json::from_str::<Json>(&original).unwrap()
    );
    let late = now("late-submission");
    assert_eq!(late["failed"], json!(["POC.DEPOT"]));
    assert_eq!(
        std::fs::read_to_string(policy.join("tests/porteur-inconnu.expected.json")).unwrap(),
        before
    );
    // Nothing more to do: all that can pass passes.
    let run = test_in(&policy, &["--update", "--filter", "p1-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 expected files rewritten"),
        "{}",
        run.stderr
    );
}

/// A small XML reader, enough to check that the JUnit report is well-formed: one root element,
/// tags that nest and match, quoted attributes, no stray `<` or `&`, known entities only.
mod xml {
    #[derive(Debug)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<Element>,
        pub text: String,
    }

    impl Element {
        pub fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }
    }

    struct Reader<'a> {
        s: &'a str,
        pos: usize,
    }

    pub fn parse(s: &str) -> Result<Element, String> {
        let mut r = Reader { s, pos: 0 };
        if r.rest().starts_with("<?xml") {
            let end = r.rest().find("?>").ok_or("unclosed declaration")?;
            r.pos += end + 2;
        }
        r.skip_ws();
        let root = r.element()?;
        r.skip_ws();
        if r.pos != s.len() {
            return Err(format!("content after the root element at {}", r.pos));
        }
        Ok(root)
    }

    fn is_name_char(c: char) -> bool {
        c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
    }

    impl Reader<'_> {
        fn rest(&self) -> &str {
            &self.s[self.pos..]
        }

        fn skip_ws(&mut self) {
            let trimmed = self.rest().trim_start();
            self.pos = self.s.len() - trimmed.len();
        }

        fn eat(&mut self, token: &str) -> Result<(), String> {
            if self.rest().starts_with(token) {
                self.pos += token.len();
                Ok(())
            } else {
                Err(format!("expected `{token}` at {}", self.pos))
            }
        }

        fn name(&mut self) -> Result<String, String> {
            let len = self
                .rest()
                .find(|c: char| !is_name_char(c))
                .unwrap_or(self.rest().len());
            if len == 0 {
                return Err(format!("expected a name at {}", self.pos));
            }
            let n = self.rest()[..len].to_string();
            self.pos += len;
            Ok(n)
        }

        /// Character data up to `stop`, entities decoded.
        fn chars_until(&mut self, stop: char) -> Result<String, String> {
            let mut out = String::new();
            loop {
                let c = self
                    .rest()
                    .chars()
                    .next()
                    .ok_or("unexpected end of document")?;
                if c == stop {
                    return Ok(out);
                }
                match c {
                    '<' => return Err(format!("stray `<` at {}", self.pos)),
                    '&' => {
                        let end = self.rest().find(';').ok_or("unterminated entity")?;
                        let entity = &self.rest()[1..end];
                        out.push(match entity {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            e if e.starts_with('#') => e[1..]
                                .parse::<u32>()
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or(format!("bad character reference `{e}`"))?,
                            e => return Err(format!("unknown entity `{e}`")),
                        });
                        self.pos += end + 1;
                    }
                    c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {
                        return Err(format!("control character at {}", self.pos))
                    }
                    c => {
                        out.push(c);
                        self.pos += c.len_utf8();
                    }
                }
            }
        }

        fn element(&mut self) -> Result<Element, String> {
            self.eat("<")?;
            let name = self.name()?;
            let mut attrs = Vec::new();
            loop {
                self.skip_ws();
                if self.rest().starts_with("/>") {
                    self.pos += 2;
                    return Ok(Element {
                        name,
                        attrs,
                        children: Vec::new(),
                        text: String::new(),
                    });
                }
                if self.rest().starts_with('>') {
                    self.pos += 1;
                    break;
                }
                let attr = self.name()?;
                self.eat("=\"")?;
                let value = self.chars_until('"')?;
                self.pos += 1;
                if attrs.iter().any(|(n, _)| *n == attr) {
                    return Err(format!("attribute `{attr}` twice"));
                }
                attrs.push((attr, value));
            }
            let mut children = Vec::new();
            let mut text = String::new();
            loop {
                text.push_str(&self.chars_until('<')?);
                if self.rest().starts_with("</") {
                    self.pos += 2;
                    let end = self.name()?;
                    if end != name {
                        return Err(format!("`</{end}>` closes `<{name}>`"));
                    }
                    self.skip_ws();
                    self.eat(">")?;
                    let text = if children.is_empty() {
                        text
                    } else {
                        text.trim().to_string()
                    };
                    return Ok(Element {
                        name,
                        attrs,
                        children,
                        text,
                    });
                }
                children.push(self.element()?);
            }
        }
    }

    #[test]
    fn rejects_malformed_documents() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a x=\"1\" x=\"2\"/>").is_err());
        assert!(parse("<a>&nope;</a>").is_err());
        assert!(parse("<a>1 < 2</a>").is_err());
        assert!(parse("<a/><b/>").is_err());
        let ok =
            parse("<?xml version=\"1.0\"?>\n<a k=\"&quot;&#10;\"><b>x &amp; y</b></a>\n").unwrap();
        assert_eq!(ok.attr("k"), Some("\"\n"));
        assert_eq!(ok.children[0].text, "x & y");
    }
}
