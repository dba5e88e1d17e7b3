//! Protocol tests: the real `care lsp` binary over stdio, on a copy of the ESSMS policy.

#![allow(clippy::unwrap_used)]

mod common;

use common::lsp::{position_of, uri, Lsp};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn workspace(name: &str, with_fixtures: bool) -> (PathBuf, PathBuf) {
    let root = common::scratch(name);
    let policy = common::copy_policy(&root);
    if with_fixtures {
        for entry in std::fs::read_dir(common::essms().join("tests")).unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, policy.join("tests").join(p.file_name().unwrap())).unwrap();
        }
    }
    (root, policy)
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn at(uri: &str, pos: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos })
}

#[test]
fn diagnostics_appear_and_clear_as_the_author_types() {
    let (root, policy) = workspace("lsp-diags", false);
    let mut lsp = Lsp::start(&root, json!({}));
    let v1 = policy.join("2026-03-31.care");
    let u = lsp.open(&v1);
    assert_eq!(
        lsp.settled_diagnostics(&u),
        Vec::<Value>::new(),
        "a clean policy has none"
    );

    // A garbage line in the middle of the file: one error, on that line.
    let original = text(&v1);
    let lines: Vec<&str> = original.lines().collect();
    let at_line = 20;
    let mut broken: Vec<&str> = lines.clone();
    broken.insert(at_line, "§§ garbage ¤¤");
    lsp.change(&u, 2, &(broken.join("\n") + "\n"));
    let diags = lsp.settled_diagnostics(&u);
    assert!(!diags.is_empty());
    let first = &diags[0];
    assert_eq!(first["range"]["start"]["line"], at_line, "{first}");
    assert_eq!(first["severity"], 1);
    assert_eq!(first["code"], "E0001");
    assert_eq!(first["source"], "care");
    assert!(first["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/diagnostics.md#e0001--syntax-error"));

    // Removing it clears the diagnostics.
    lsp.change(&u, 3, &original);
    assert_eq!(lsp.settled_diagnostics(&u), Vec::<Value>::new());

    // An edit of the module re-publishes the versions that include it: a field renamed in
    // `donnees.care` breaks its uses in the version, and restoring it clears them.
    let module = policy.join("donnees.care");
    let mu = lsp.open(&module);
    assert_eq!(lsp.settled_diagnostics(&mu), Vec::<Value>::new());
    let module_text = text(&module);
    let bad = module_text.replacen("  legal_entities:", "  entites:", 1);
    lsp.change(&mu, 2, &bad);
    let diags = lsp.settled_diagnostics(&u);
    assert!(diags.iter().any(|d| d["code"] == "E0107"), "{diags:?}");
    lsp.change(&mu, 3, &module_text);
    assert_eq!(lsp.settled_diagnostics(&u), Vec::<Value>::new());
    assert_eq!(lsp.stop(), 0);
}

/// The diagnostics speak the client's language: French for a French `locale`, English for an
/// English one whatever the server's environment says.
#[test]
fn diagnostics_in_the_language_of_the_client() {
    let (root, policy) = workspace("lsp-locale", false);
    let v1 = policy.join("2026-03-31.care");
    let module = policy.join("donnees.care");
    let module_broken = text(&module).replacen("  legal_entities:", "  entites:", 1);
    let first_message = |locale: &str| {
        let mut lsp = Lsp::start_in(&root, json!({}), Some(locale));
        let u = lsp.open(&v1);
        assert_eq!(lsp.settled_diagnostics(&u), Vec::<Value>::new());
        let mu = lsp.open(&module);
        lsp.change(&mu, 2, &module_broken);
        let diags = lsp.settled_diagnostics(&u);
        assert_eq!(lsp.stop(), 0);
        diags
            .iter()
            .find(|d| d["code"] == "E0107")
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("{diags:?}"))
    };
    let french = first_message("fr");
    assert!(french.contains("n'a pas de champ"), "{french}");
    let english = first_message("en-US");
    assert!(english.contains("has no field"), "{english}");
}

/// Hovers, quick fixes and completion details speak the client's language too; what the policy
/// says (labels, citations) stays as written, and English has no French word of care's own.
#[test]
fn hovers_quick_fixes_and_completions_in_the_language_of_the_client() {
    let (root, policy) = workspace("lsp-locale-words", false);
    let v1 = policy.join("2026-03-31.care");
    let t1 = text(&v1);
    let answers = |locale: &str| {
        let mut lsp = Lsp::start_in(&root, json!({}), Some(locale));
        let u = lsp.open(&v1);
        let hover = lsp.request(
            "textDocument/hover",
            at(&u, position_of(&t1, "POC.P3.O4.E", 1, 3)),
        );
        let hover = hover["contents"]["value"].as_str().unwrap().to_string();
        let broken = t1.replacen("nombre_eg == 0", "nombre_egg == 0", 1);
        lsp.change(&u, 2, &broken);
        let diags = lsp.settled_diagnostics(&u);
        let d = diags.iter().find(|d| d["code"] == "E0101").unwrap().clone();
        let actions = lsp.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": u }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let titles: Vec<String> = actions
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect();
        lsp.change(&u, 3, &t1);
        let anchor = "output eligible: bool \"Candidature éligible\" {\n";
        let edited = t1.replacen(anchor, &format!("{anchor}  let x = cou\n"), 1);
        lsp.change(&u, 4, &edited);
        let pos = position_of(&edited, "let x = cou", 0, "let x = cou".len());
        let items = lsp.request("textDocument/completion", at(&u, pos));
        let count = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "count")
            .unwrap_or_else(|| panic!("{items}"))
            .clone();
        let doc = count["documentation"]["value"]
            .as_str()
            .or_else(|| count["documentation"].as_str())
            .unwrap_or_default()
            .to_string();
        assert_eq!(lsp.stop(), 0);
        (hover, titles, doc)
    };
    let (hover, titles, doc) = answers("fr-FR");
    assert!(hover.contains("**objectif `POC.P3.O4.E`**"), "{hover}");
    assert!(hover.contains("- parcours `P3`"), "{hover}");
    assert!(hover.contains("Sources :"), "{hover}");
    assert!(hover.contains("Guide des objectifs"), "{hover}");
    assert!(
        titles.contains(&"remplacer par `nombre_eg`".to_string()),
        "{titles:?}"
    );
    assert!(doc.contains("Exemple : "), "{doc}");

    let (hover, titles, doc) = answers("en-US");
    assert!(hover.contains("**objective `POC.P3.O4.E`**"), "{hover}");
    assert!(hover.contains("- track `P3`"), "{hover}");
    assert!(hover.contains("Sources:"), "{hover}");
    // The policy's words stay; care's own are English.
    assert!(hover.contains("Guide des objectifs"), "{hover}");
    for french in [
        "parcours `",
        "thème :",
        "périmètre :",
        "preuve :",
        "Sources :",
    ] {
        assert!(!hover.contains(french), "`{french}` in {hover}");
    }
    assert!(
        titles.contains(&"replace with `nombre_eg`".to_string()),
        "{titles:?}"
    );
    assert!(
        doc.contains("Example: ") && !doc.contains("Exemple"),
        "{doc}"
    );
}

#[test]
fn hover_definition_references_and_highlights() {
    let (root, policy) = workspace("lsp-nav", false);
    let mut lsp = Lsp::start(&root, json!({}));
    let v1 = policy.join("2026-03-31.care");
    let v2 = policy.join("2026-04-15.care");
    let t1 = text(&v1);
    let t2 = text(&v2);
    let u1 = lsp.open(&v1);
    let u2 = lsp.open(&v2);

    // Hover on an objective code: its label and its source.
    let hover = lsp.request(
        "textDocument/hover",
        at(&u1, position_of(&t1, "POC.P3.O4.E", 1, 3)),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("objective `POC.P3.O4.E`"), "{md}");
    assert!(
        md.contains("Mettre en place un système de sauvegarde intègre et immuable"),
        "{md}"
    );
    assert!(md.contains("Sources"), "{md}");
    assert!(md.contains("Guide des objectifs"), "{md}");

    // Hover on the flat amount: its values for 1 to 13 sites, per track.
    let hover = lsp.request(
        "textDocument/hover",
        at(&u1, position_of(&t1, "forfait(", 1, 2)),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("| `n` | P1 | P2 | P3 |") && md.contains("| 13 |"),
        "{md}"
    );

    // Definition from the amendment lands on the declaration in the amended version.
    let def = lsp.request(
        "textDocument/definition",
        at(&u2, position_of(&t2, "amend objective POC.P3.O4.C", 0, 18)),
    );
    let defs = def.as_array().unwrap();
    assert_eq!(defs.len(), 1, "{def}");
    assert_eq!(defs[0]["uri"], u1.as_str());
    let decl = position_of(&t1, "objective POC.P3.O4.C", 0, 10);
    assert_eq!(defs[0]["range"]["start"], decl);

    // References reach both files.
    let refs = lsp.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": u1 }, "position": decl, "context": { "includeDeclaration": true } }),
    );
    let files: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&u1.as_str()) && files.contains(&u2.as_str()),
        "{refs}"
    );

    // Highlights in one file.
    let hl = lsp.request("textDocument/documentHighlight", at(&u1, decl.clone()));
    assert!(!hl.as_array().unwrap().is_empty());

    // A field of the dossier, defined in the module.
    let def = lsp.request(
        "textDocument/definition",
        at(&u1, position_of(&t1, "dossier.legal_entities", 0, 10)),
    );
    assert_eq!(
        def[0]["uri"],
        uri(&policy.join("donnees.care")).as_str(),
        "{def}"
    );
    assert_eq!(lsp.stop(), 0);
}

#[test]
fn completion_after_a_dot_on_a_half_written_line() {
    let (root, policy) = workspace("lsp-completion", false);
    let mut lsp = Lsp::start(&root, json!({}));
    let v1 = policy.join("2026-03-31.care");
    let original = text(&v1);
    let u = lsp.open(&v1);
    let anchor = "output eligible: bool \"Candidature éligible\" {\n";
    let edited = original.replacen(anchor, &format!("{anchor}  let x = dossier.\n"), 1);
    lsp.change(&u, 2, &edited);
    let pos = position_of(&edited, "let x = dossier.", 0, "let x = dossier.".len());
    let items = lsp.request("textDocument/completion", at(&u, pos));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for field in ["legal_entities", "submitted_at", "parcours", "a_la_carte"] {
        assert!(labels.contains(&field), "{field} missing from {labels:?}");
    }
    assert!(!labels.contains(&"require"), "{labels:?}");

    // After `ej.` inside a comprehension being typed: the fields of a legal entity.
    let edited = original.replacen(
        anchor,
        &format!("{anchor}  let x = all(ej in dossier.legal_entities: ej.\n"),
        1,
    );
    lsp.change(&u, 3, &edited);
    let pos = position_of(&edited, ": ej.", 0, ": ej.".len());
    let items = lsp.request("textDocument/completion", at(&u, pos));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"finess") && labels.contains(&"sites"),
        "{labels:?}"
    );
    assert_eq!(lsp.stop(), 0);
}

#[test]
fn rename_quick_fix_symbols_and_formatting() {
    let (root, policy) = workspace("lsp-edit", false);
    let mut lsp = Lsp::start(&root, json!({}));
    let v1 = policy.join("2026-03-31.care");
    let v2 = policy.join("2026-04-15.care");
    let t1 = text(&v1);
    let t2 = text(&v2);
    let u1 = lsp.open(&v1);
    let u2 = lsp.open(&v2);

    // Rename an objective code from its amendment: every file changes.
    let pos = position_of(&t2, "amend objective POC.P3.O4.C", 0, 18);
    let prep = lsp.request("textDocument/prepareRename", at(&u2, pos.clone()));
    assert_eq!(prep["placeholder"], "POC.P3.O4.C");
    let edit = lsp.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": u2 }, "position": pos, "newName": "POC.P3.O4.CC" }),
    );
    let changes = edit["changes"].as_object().unwrap();
    assert!(
        changes.contains_key(&u1) && changes.contains_key(&u2),
        "{edit}"
    );
    // Every edit replaces the code itself (never a mention inside a note's text).
    for e in changes[&u1].as_array().unwrap() {
        let start = &e["range"]["start"];
        let line = t1
            .lines()
            .nth(start["line"].as_u64().unwrap() as usize)
            .unwrap();
        let col: usize = start["character"].as_u64().unwrap() as usize;
        let rest: String = line.chars().skip(col).collect();
        assert!(rest.starts_with("POC.P3.O4.C"), "{line}");
        assert!(
            !line[..line.find("POC.P3.O4.C").unwrap()].contains('"'),
            "inside a text: {line}"
        );
    }

    // Prepare-rename refuses a keyword and a built-in.
    let refused = lsp.request_raw(
        "textDocument/prepareRename",
        at(&u1, position_of(&t1, "timezone", 0, 2)),
    );
    assert!(refused.get("error").is_some(), "{refused}");
    let refused = lsp.request_raw(
        "textDocument/prepareRename",
        at(&u1, position_of(&t1, "intersection(", 0, 3)),
    );
    assert!(refused.get("error").is_some(), "{refused}");

    // A quick fix for a misspelt name.
    let broken = t1.replacen("nombre_eg == 0", "nombre_egg == 0", 1);
    lsp.change(&u1, 2, &broken);
    let diags = lsp.settled_diagnostics(&u1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "E0101")
        .expect("an E0101")
        .clone();
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": u1 }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "replace with `nombre_eg`")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["edit"]["changes"][&u1][0]["newText"], "nombre_eg");
    lsp.change(&u1, 3, &t1);

    // The outline: policy → tracks → themes → objectives.
    let syms = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": u1 } }),
    );
    let policy_sym = &syms[0];
    assert_eq!(policy_sym["name"], "essms-poc");
    let tracks: Vec<&Value> = policy_sym["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == 2)
        .collect();
    assert_eq!(
        tracks
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["P1", "P2", "P3"]
    );
    let theme = &tracks[2]["children"][0];
    assert_eq!(theme["kind"], 3, "{theme}");
    assert!(theme["children"][0]["name"]
        .as_str()
        .unwrap()
        .starts_with("POC.P3."));
    let ws = lsp.request("workspace/symbol", json!({ "query": "POC.P3.O4" }));
    assert!(ws.as_array().unwrap().len() >= 7, "{ws}");

    // Formatting: the text of `care fmt`; nothing for a file with syntax errors.
    let messy = t1.replacen("  version 2026-03-31", "      version    2026-03-31", 1);
    lsp.change(&u1, 4, &messy);
    let edits = lsp.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u1 }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits[0]["newText"].as_str().unwrap(), t1);
    lsp.change(&u1, 5, &format!("{t1}\n§§ broken\n"));
    let edits = lsp.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": u1 }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, json!([]));
    assert_eq!(lsp.stop(), 0);
}

#[test]
fn commands_code_lens_and_file_info() {
    let (root, policy) = workspace("lsp-commands", true);
    let mut lsp = Lsp::start(&root, json!({ "showSilenced": true }));
    let v1 = policy.join("2026-03-31.care");
    let u1 = lsp.open(&v1);
    let _ = lsp.settled_diagnostics(&u1);

    // care.evaluate: the report of `care eval --format markdown`.
    let dossier = policy.join("tests/p1-groupe-hybride.json");
    let result = lsp.request(
        "workspace/executeCommand",
        json!({ "command": "care.evaluate", "arguments": [{ "dossier": uri(&dossier) }] }),
    );
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["exit"], 0);
    let cli = common::care([
        "eval",
        "--policy",
        policy.to_str().unwrap(),
        "--dossier",
        dossier.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert_eq!(result["markdown"].as_str().unwrap(), cli.stdout);
    assert!(result["title"].as_str().unwrap().starts_with("Rapport — "));
    assert!(result["report"]["outputs"].is_object());

    // A dossier outside the workspace folders is never read.
    let outside = lsp.request(
        "workspace/executeCommand",
        json!({ "command": "care.evaluate", "arguments": [{ "dossier": "file:///etc/passwd", "policy": uri(&policy) }] }),
    );
    assert_eq!(outside["ok"], false);
    assert_eq!(outside["exit"], 6);

    // care.runFixtures: every fixture, as `care test` runs them.
    let run = lsp.request(
        "workspace/executeCommand",
        json!({ "command": "care.runFixtures", "arguments": [{ "policy": uri(&policy) }] }),
    );
    let fixtures = run["fixtures"].as_array().unwrap();
    let cli = common::care(["test", "--policy", policy.to_str().unwrap()]);
    let passed = fixtures.iter().filter(|f| f["status"] == "passed").count();
    assert!(
        cli.stdout.contains(&format!("{passed} passed, 0 failed")),
        "{}",
        cli.stdout
    );
    assert_eq!(fixtures.len(), passed);
    let filtered = lsp.request(
        "workspace/executeCommand",
        json!({ "command": "care.runFixtures", "arguments": [{ "policy": uri(&v1), "filter": "p1-groupe" }] }),
    );
    assert!(filtered["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["name"].as_str().unwrap().contains("p1-groupe")));

    // Code lens: above rules and outputs, the fixtures that pass and fail.
    let lenses = lsp.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": u1 } }),
    );
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert!(!titles.is_empty());
    assert!(
        titles
            .iter()
            .all(|t| t.starts_with("✓ ") && t.ends_with(" · ✗ 0")),
        "{titles:?}"
    );
    assert_eq!(lenses[0]["command"]["command"], "care.showFixtures");

    // care/fileInfo: a version and a module.
    let info = lsp.request("care/fileInfo", json!({ "uri": u1 }));
    assert_eq!(
        info,
        json!({ "policy": "essms-poc", "title": "Cybersécurité des ESSMS — phase exploratoire (POC)", "version": "2026-03-31", "kind": "version" })
    );
    let info = lsp.request(
        "care/fileInfo",
        json!({ "uri": uri(&policy.join("donnees.care")) }),
    );
    assert_eq!(info["kind"], "module");
    assert_eq!(info["version"], "2026-03-31, 2026-04-15");

    // Semantic tokens, folding ranges and inlay hints answer.
    let tokens = lsp.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": u1 } }),
    );
    assert!(tokens["data"].as_array().unwrap().len() > 500);
    let folds = lsp.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": u1 } }),
    );
    assert!(folds.as_array().unwrap().len() > 20);
    let hints = lsp.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": u1 }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 10000, "character": 0 } } }),
    );
    assert!(
        hints
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["label"] == ": money"),
        "{hints}"
    );
    assert_eq!(lsp.stop(), 0);
}

#[test]
fn bad_input_never_stops_the_server() {
    let (root, policy) = workspace("lsp-robust", false);
    let mut lsp = Lsp::start(&root, json!({}));
    let v1 = policy.join("2026-03-31.care");
    let u = lsp.open(&v1);
    // Positions past the end, unknown files, strange texts.
    let far = json!({ "line": 99999, "character": 99999 });
    assert_eq!(
        lsp.request("textDocument/hover", at(&u, far.clone())),
        Value::Null
    );
    let _ = lsp.request("textDocument/completion", at(&u, far));
    let nowhere = "file:///nowhere/x.care";
    assert_eq!(
        lsp.request(
            "textDocument/hover",
            at(nowhere, json!({ "line": 0, "character": 0 }))
        ),
        Value::Null
    );
    for (i, t) in [
        "",
        "{{{{",
        "policy",
        "\u{0}\u{feff}é\r\n\r",
        "rule X.Y \"a\" { require dossier.",
        "}}}}",
    ]
    .iter()
    .enumerate()
    {
        lsp.change(&u, 10 + i as i64, t);
        let _ = lsp.request(
            "textDocument/completion",
            at(&u, json!({ "line": 0, "character": 3 })),
        );
        let _ = lsp.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": u } }),
        );
    }
    let _ = lsp.settled_diagnostics(&u);
    let unknown = lsp.request_raw(
        "workspace/executeCommand",
        json!({ "command": "care.nothing", "arguments": [] }),
    );
    assert!(unknown.get("error").is_some());
    assert_eq!(lsp.stop(), 0);
}
