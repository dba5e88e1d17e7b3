//! `care check --format sarif`: the diagnostics as a SARIF 2.1.0 log (OASIS), which code-scanning
//! services (GitHub's among them) show on the lines of a change.
//!
//! One run; its tool's rules are every documented code (id, the title of its section in
//! `docs/diagnostics.md` and a link to it, the default level); one result per diagnostic with its
//! region in characters (`columnKind: unicodeCodePoints`, as `file:line:col` counts everywhere
//! else), its other labels as related locations, a silenced warning as an in-source suppression.

use care_syntax::diagnostic::Label;
use care_syntax::doc_links::DocLinks;
use care_syntax::{Diagnostic, Severity, Sources};
use serde_json::{json, Value as Json};

pub fn log(diagnostics: &[&Diagnostic], sources: &Sources) -> Json {
    let links = DocLinks::new();
    let mut codes: Vec<String> = links.codes().map(str::to_string).collect();
    for d in diagnostics {
        if !codes.iter().any(|c| c == d.code) {
            codes.push(d.code.to_string());
        }
    }
    let rules: Vec<Json> = codes.iter().map(|c| rule(c, &links)).collect();
    let results: Vec<Json> = diagnostics
        .iter()
        .map(|d| result(d, sources, &codes))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "care",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn rule(code: &str, links: &DocLinks) -> Json {
    let title = links.title(code).unwrap_or(code);
    let level = if code.starts_with('W') {
        "warning"
    } else {
        "error"
    };
    let mut r = json!({
        "id": code,
        "shortDescription": { "text": title },
        "defaultConfiguration": { "level": level },
    });
    if let Some(href) = links.href(code) {
        r["helpUri"] = json!(href);
        r["help"] = json!({
            "text": format!("{code} — {title}: {href}"),
            "markdown": format!("[{code} — {title}]({href})"),
        });
    }
    r
}

fn result(d: &Diagnostic, sources: &Sources, codes: &[String]) -> Json {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut r = json!({
        "ruleId": d.code,
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": { "text": text },
    });
    if let Some(i) = codes.iter().position(|c| c == d.code) {
        r["ruleIndex"] = json!(i);
    }
    if let Some(primary) = d.primary().and_then(|l| location(l, sources)) {
        r["locations"] = json!([primary]);
    }
    let related: Vec<Json> = d
        .labels
        .iter()
        .skip(1)
        .filter_map(|l| location(l, sources))
        .enumerate()
        .map(|(i, mut loc)| {
            loc["id"] = json!(i);
            loc
        })
        .collect();
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    if let Some(reason) = &d.silenced {
        r["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    r
}

fn location(l: &Label, sources: &Sources) -> Option<Json> {
    let f = sources.get(l.file)?;
    let (line, column) = f.line_col(l.span.start);
    let (end_line, end_column) = f.line_col(l.span.end);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&f.path) },
            "region": {
                "startLine": line,
                "startColumn": column,
                "endLine": end_line,
                "endColumn": end_column,
            }
        }
    });
    if !l.message.is_empty() {
        loc["message"] = json!({ "text": l.message });
    }
    Some(loc)
}

/// A path as a URI reference: relative paths stay relative (to the folder `care` ran in, the
/// repository's root in CI), with `/` separators and the characters a URI cannot hold encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("policies/a b/é.care"), "policies/a%20b/%C3%A9.care");
        assert_eq!(uri("/tmp/x.care"), "file:///tmp/x.care");
        assert_eq!(uri("a\\b.care"), "a/b.care");
    }
}
